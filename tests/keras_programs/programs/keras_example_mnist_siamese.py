# source: keras-team/keras examples/mnist_siamese.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: a shared base Model (Input, Flatten, Dense, Dropout) called on two Inputs; Lambda(euclidean_distance, output_shape=eucl_dist_output_shape) over a list of two tensors with K.sum, K.square, K.sqrt, K.maximum, K.epsilon; a custom loss (contrastive_loss with K.square, K.maximum, K.mean) and a custom metric (K.mean, K.equal, K.cast of `y_pred < 0.5` to y_true.dtype) on integer 0/1 labels of shape (n,) against a (n, 1) output; RMSprop(); fit with a list of two inputs and validation_data; predict on two inputs
# reduced: mnist.load_data() (a download) replaced by a load_data() made here: 80 training and 60 test seeded random 8x8 uint8 "images" with labels 0-9 (so the pairs come from far fewer digits: 60 training and 40 test pairs); Dense(128) -> Dense(8); Dropout(0.1) -> Dropout(0.0) (random); epochs 20 -> 2; batch_size stays 128, more than the pairs, so an epoch is one batch and fit's shuffling cannot change the result; `from __future__` imports dropped; the pair labels (np.array of Python ints, int64) cast to float32 after create_pairs, as current TensorFlow raises on `y_true * square_pred` with int64 y_true (Keras 2.x on TF 1 cast targets to the output's dtype)
import numpy as np
import random
from keras.datasets import mnist  # its load_data (a download) is replaced below
from keras.models import Model
from keras.layers import Input, Flatten, Dense, Dropout, Lambda
from keras.optimizers import RMSprop
from keras import backend as K


def load_data(num_train=80, num_test=60, side=8):
    # Stands in for keras.datasets.mnist.load_data: uint8 images and uint8 labels 0-9.
    rng = np.random.RandomState(2)
    x_train = rng.randint(0, 256, size=(num_train, side, side)).astype("uint8")
    y_train = rng.randint(0, 10, size=(num_train,)).astype("uint8")
    x_test = rng.randint(0, 256, size=(num_test, side, side)).astype("uint8")
    y_test = rng.randint(0, 10, size=(num_test,)).astype("uint8")
    return (x_train, y_train), (x_test, y_test)


num_classes = 10
epochs = 2


def euclidean_distance(vects):
    x, y = vects
    sum_square = K.sum(K.square(x - y), axis=1, keepdims=True)
    return K.sqrt(K.maximum(sum_square, K.epsilon()))


def eucl_dist_output_shape(shapes):
    shape1, shape2 = shapes
    return (shape1[0], 1)


def contrastive_loss(y_true, y_pred):
    '''Contrastive loss from Hadsell-et-al.'06
    http://yann.lecun.com/exdb/publis/pdf/hadsell-chopra-lecun-06.pdf
    '''
    margin = 1
    square_pred = K.square(y_pred)
    margin_square = K.square(K.maximum(margin - y_pred, 0))
    return K.mean(y_true * square_pred + (1 - y_true) * margin_square)


def create_pairs(x, digit_indices):
    '''Positive and negative pair creation.
    Alternates between positive and negative pairs.
    '''
    pairs = []
    labels = []
    n = min([len(digit_indices[d]) for d in range(num_classes)]) - 1
    for d in range(num_classes):
        for i in range(n):
            z1, z2 = digit_indices[d][i], digit_indices[d][i + 1]
            pairs += [[x[z1], x[z2]]]
            inc = random.randrange(1, num_classes)
            dn = (d + inc) % num_classes
            z1, z2 = digit_indices[d][i], digit_indices[dn][i]
            pairs += [[x[z1], x[z2]]]
            labels += [1, 0]
    return np.array(pairs), np.array(labels)


def create_base_network(input_shape):
    '''Base network to be shared (eq. to feature extraction).
    '''
    input = Input(shape=input_shape)
    x = Flatten()(input)
    x = Dense(8, activation='relu')(x)
    x = Dropout(0.0)(x)
    x = Dense(8, activation='relu')(x)
    x = Dropout(0.0)(x)
    x = Dense(8, activation='relu')(x)
    return Model(input, x)


def compute_accuracy(y_true, y_pred):
    '''Compute classification accuracy with a fixed threshold on distances.
    '''
    pred = y_pred.ravel() < 0.5
    return np.mean(pred == y_true)


def accuracy(y_true, y_pred):
    '''Compute classification accuracy with a fixed threshold on distances.
    '''
    return K.mean(K.equal(y_true, K.cast(y_pred < 0.5, y_true.dtype)))


# the data, split between train and test sets
(x_train, y_train), (x_test, y_test) = load_data()
x_train = x_train.astype('float32')
x_test = x_test.astype('float32')
x_train /= 255
x_test /= 255
input_shape = x_train.shape[1:]

# create training+test positive and negative pairs
digit_indices = [np.where(y_train == i)[0] for i in range(num_classes)]
tr_pairs, tr_y = create_pairs(x_train, digit_indices)

digit_indices = [np.where(y_test == i)[0] for i in range(num_classes)]
te_pairs, te_y = create_pairs(x_test, digit_indices)
tr_y, te_y = tr_y.astype('float32'), te_y.astype('float32')  # added: TensorFlow 2 will not multiply int64 labels by float32 in contrastive_loss

# network definition
base_network = create_base_network(input_shape)

input_a = Input(shape=input_shape)
input_b = Input(shape=input_shape)

# because we re-use the same instance `base_network`,
# the weights of the network
# will be shared across the two branches
processed_a = base_network(input_a)
processed_b = base_network(input_b)

distance = Lambda(euclidean_distance,
                  output_shape=eucl_dist_output_shape)([processed_a, processed_b])

model = Model([input_a, input_b], distance)

# train
rms = RMSprop()
model.compile(loss=contrastive_loss, optimizer=rms, metrics=[accuracy])
model.fit([tr_pairs[:, 0], tr_pairs[:, 1]], tr_y,
          batch_size=128,
          epochs=epochs,
          validation_data=([te_pairs[:, 0], te_pairs[:, 1]], te_y))

# compute final accuracy on training and test sets
y_pred = model.predict([tr_pairs[:, 0], tr_pairs[:, 1]])
tr_acc = compute_accuracy(tr_y, y_pred)
y_pred = model.predict([te_pairs[:, 0], te_pairs[:, 1]])
te_acc = compute_accuracy(te_y, y_pred)

print('* Accuracy on training set: %0.2f%%' % (100 * tr_acc))
print('* Accuracy on test set: %0.2f%%' % (100 * te_acc))
