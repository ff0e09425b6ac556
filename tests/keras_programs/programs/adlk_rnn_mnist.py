# source: PacktPublishing/Advanced-Deep-Learning-with-Keras chapter1-keras-quick-tour/rnn-mnist-1.5.1.py (R. Atienza, "Advanced Deep Learning with Keras", Packt, chapter 1 "Introducing Advanced Deep Learning with Keras": MNIST digits read as 28 timesteps of 28-dim rows by a SimpleRNN(256, dropout=0.2) + Dense + Activation('softmax'), trained with plain 'sgd')
# commit: 2a968d7b6df790d003dad4048d3090ee89b98a3d
# keras: tf_keras
# exercises: `from tensorflow.keras.models import Sequential`, `from tensorflow.keras.layers import Dense, Activation, SimpleRNN`, `from tensorflow.keras.utils import to_categorical, plot_model`; to_categorical of integer labels without num_classes; np.reshape to (-1, 28, 28) and astype float32 / 255; Sequential().add(SimpleRNN(units, dropout, input_shape)) + Dense + Activation('softmax'); summary(); compile(categorical_crossentropy, optimizer='sgd', metrics=['accuracy']); fit(epochs, batch_size); evaluate(batch_size, verbose=0) unpacked as `_, acc`
# reduced: mnist.load_data() (a download) replaced by made_up_mnist(): 96 training and 32 test 28x28 uint8 "digits" (numpy RandomState(0): a per-class mean pattern plus noise, labels 0-9 each present in both splits); units 256 -> 16, dropout 0.2 -> 0.0 (random masks cannot match), epochs 20 -> 3 (batch_size 128 kept: the 96 training rows are one batch, so fit's shuffling cannot change the result); plot_model left out (it needs pydot and graphviz)
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Activation, SimpleRNN
from tensorflow.keras.utils import to_categorical, plot_model


def made_up_mnist():
    rng = np.random.RandomState(0)
    means = rng.randint(0, 256, size=(10, 28, 28))

    def split(n):
        y = np.concatenate([np.arange(10), rng.randint(0, 10, n - 10)]).astype('uint8')
        x = np.clip(means[y] + rng.normal(0, 40, (n, 28, 28)), 0, 255).astype('uint8')
        return x, y

    return split(96), split(32)


# load mnist dataset
(x_train, y_train), (x_test, y_test) = made_up_mnist()

# compute the number of labels
num_labels = len(np.unique(y_train))

# convert to one-hot vector
y_train = to_categorical(y_train)
y_test = to_categorical(y_test)

# resize and normalize
image_size = x_train.shape[1]
x_train = np.reshape(x_train,[-1, image_size, image_size])
x_test = np.reshape(x_test,[-1, image_size, image_size])
x_train = x_train.astype('float32') / 255
x_test = x_test.astype('float32') / 255

# network parameters
input_shape = (image_size, image_size)
batch_size = 128
units = 16
dropout = 0.0

# model is RNN with 256 units, input is 28-dim vector 28 timesteps
model = Sequential()
model.add(SimpleRNN(units=units,
                    dropout=dropout,
                    input_shape=input_shape))
model.add(Dense(num_labels))
model.add(Activation('softmax'))
model.summary()

# loss function for one-hot vector
# use of sgd optimizer
# accuracy is good metric for classification tasks
model.compile(loss='categorical_crossentropy',
              optimizer='sgd',
              metrics=['accuracy'])
# train the network
model.fit(x_train, y_train, epochs=3, batch_size=batch_size)

_, acc = model.evaluate(x_test,
                        y_test,
                        batch_size=batch_size,
                        verbose=0)
print("\nTest accuracy: %.1f%%" % (100.0 * acc))
