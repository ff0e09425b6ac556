# source: tensorflow/docs site/en/guide/keras/functional.ipynb (the TensorFlow guide "The Keras functional API in TensorFlow" of the tf.keras era, its code cells in order)
# commit: 8d20932cbd40915f3514e8f00d4e8a67709e6e0d
# keras: tf_keras
# exercises: `from tensorflow import keras` and `from tensorflow.keras import layers`; tf.keras.backend.clear_session(); keras.Input(shape=(784,)), .shape and .dtype; Dense layers called on symbolic tensors; keras.Model(inputs=, outputs=, name='mnist_model'), summary(); compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer=keras.optimizers.RMSprop(), metrics=['accuracy']), fit(batch_size=64, validation_split=0.2), evaluate(verbose=2) indexed [0] and [1]; model.save('path_to_my_model') (tf-keras's SavedModel folder, no extension), del model and keras.models.load_model('path_to_my_model'); a Conv2D / MaxPooling2D / GlobalMaxPooling2D encoder and a Reshape / Conv2DTranspose / UpSampling2D decoder as one autoencoder Model and as encoder and decoder Models nested in a third, summary(); an ensemble of three get_model() models called on one Input and merged with layers.average; a three-input two-output model: Input(shape=(None,), name='title'), Input(shape=(None,), name='body'), Input(shape=(num_tags,), name='tags'), two Embeddings, LSTM(128) and LSTM(32), layers.concatenate, Dense(1, name='priority') and Dense(num_departments, name='department'); compile with a list of losses [BinaryCrossentropy(from_logits=True), CategoricalCrossentropy(from_logits=True)] and loss_weights=[1., 0.2], then with a dict of losses keyed by output name and the list of loss_weights; fit on dicts of inputs and targets keyed by the names; a toy ResNet (Conv2D, MaxPooling2D, padding='same' Conv2D pairs joined with layers.add, GlobalAveragePooling2D, Dense, Dropout) compiled with CategoricalCrossentropy(from_logits=True) and metrics=['acc'] on keras.utils.to_categorical targets, fit(validation_split=0.2); a shared Embedding called on two Input(shape=(None,), dtype='int32'); a custom Dense layer (add_weight in build, tf.matmul in call) in a functional model, and its get_config and keras.Model.from_config(config, custom_objects={'CustomDense': CustomDense}); a Layer subclass (CustomRNN) holding Dense layers and a functional model, looping over time steps in call, called eagerly on zeros; the same with a Dense classifier inside a functional model built on keras.Input(batch_shape=(batch_size, timesteps, input_dim)) and a Conv1D
# reduced: keras.datasets.mnist and keras.datasets.cifar10 (downloads) replaced by seeded random uint8 "images" and labels (numpy RandomState(0)): 80 MNIST training and 32 test images (reshape(60000, 784) / reshape(10000, 784) -> reshape(80, 784) / reshape(32, 784)) and 80 CIFAR images with (80, 1) labels, so that validation_split=0.2 leaves 64 training rows, one batch of 64, and fit's shuffling cannot change the result; the MNIST fit's epochs 5 -> 2; the multi-input model's data 1280 -> 32 rows (one batch of 32), body length 100 -> 20, num_words 10000 -> 100, Embedding widths 64 -> 8, LSTM(128) -> LSTM(8), LSTM(32) -> LSTM(4); the toy ResNet's Conv2D filters 32 / 64 -> 4 / 8 and Dense(256) -> Dense(16), its Dropout(0.5) -> Dropout(0.0) (random masks cannot match); keras.utils.plot_model cells dropped (pydot and graphviz); the tf.keras.applications.VGG19 feature-extraction cells dropped (a pretrained-weights download; statefulrnn has no keras.applications); TensorFlow's own ops (statefulrnn stands in for tf.keras, not TensorFlow): tf.matmul -> tf.keras.backend.dot in CustomDense, tf.zeros -> np.zeros (with dtype='float32') for the CustomRNN states and the zero inputs, tf.stack -> tf.keras.backend.stack; displayed expressions at a cell's end (inputs.shape, inputs.dtype) printed; the license cell dropped
import numpy as np

import tensorflow as tf

from tensorflow import keras
from tensorflow.keras import layers

tf.keras.backend.clear_session()  # For easy reset of notebook state.

inputs = keras.Input(shape=(784,))

# Just for demonstration purposes.
img_inputs = keras.Input(shape=(32, 32, 3))

print(inputs.shape)

print(inputs.dtype)

dense = layers.Dense(64, activation='relu')
x = dense(inputs)

x = layers.Dense(64, activation='relu')(x)
outputs = layers.Dense(10)(x)

model = keras.Model(inputs=inputs, outputs=outputs, name='mnist_model')

model.summary()


def _load_data(count, test_count, shape, label_shape):
  # Stands in for keras.datasets.mnist / cifar10 .load_data (downloads).
  rng = np.random.RandomState(0)
  return ((rng.randint(0, 256, size=(count,) + shape).astype('uint8'), rng.randint(0, 10, size=(count,) + label_shape).astype('uint8')),
          (rng.randint(0, 256, size=(test_count,) + shape).astype('uint8'), rng.randint(0, 10, size=(test_count,) + label_shape).astype('uint8')))


(x_train, y_train), (x_test, y_test) = _load_data(80, 32, (28, 28), ())

x_train = x_train.reshape(80, 784).astype('float32') / 255
x_test = x_test.reshape(32, 784).astype('float32') / 255

model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              optimizer=keras.optimizers.RMSprop(),
              metrics=['accuracy'])

history = model.fit(x_train, y_train,
                    batch_size=64,
                    epochs=2,
                    validation_split=0.2)

test_scores = model.evaluate(x_test, y_test, verbose=2)
print('Test loss:', test_scores[0])
print('Test accuracy:', test_scores[1])

model.save('path_to_my_model')
del model
# Recreate the exact same model purely from the file:
model = keras.models.load_model('path_to_my_model')

encoder_input = keras.Input(shape=(28, 28, 1), name='img')
x = layers.Conv2D(16, 3, activation='relu')(encoder_input)
x = layers.Conv2D(32, 3, activation='relu')(x)
x = layers.MaxPooling2D(3)(x)
x = layers.Conv2D(32, 3, activation='relu')(x)
x = layers.Conv2D(16, 3, activation='relu')(x)
encoder_output = layers.GlobalMaxPooling2D()(x)

encoder = keras.Model(encoder_input, encoder_output, name='encoder')
encoder.summary()

x = layers.Reshape((4, 4, 1))(encoder_output)
x = layers.Conv2DTranspose(16, 3, activation='relu')(x)
x = layers.Conv2DTranspose(32, 3, activation='relu')(x)
x = layers.UpSampling2D(3)(x)
x = layers.Conv2DTranspose(16, 3, activation='relu')(x)
decoder_output = layers.Conv2DTranspose(1, 3, activation='relu')(x)

autoencoder = keras.Model(encoder_input, decoder_output, name='autoencoder')
autoencoder.summary()

encoder_input = keras.Input(shape=(28, 28, 1), name='original_img')
x = layers.Conv2D(16, 3, activation='relu')(encoder_input)
x = layers.Conv2D(32, 3, activation='relu')(x)
x = layers.MaxPooling2D(3)(x)
x = layers.Conv2D(32, 3, activation='relu')(x)
x = layers.Conv2D(16, 3, activation='relu')(x)
encoder_output = layers.GlobalMaxPooling2D()(x)

encoder = keras.Model(encoder_input, encoder_output, name='encoder')
encoder.summary()

decoder_input = keras.Input(shape=(16,), name='encoded_img')
x = layers.Reshape((4, 4, 1))(decoder_input)
x = layers.Conv2DTranspose(16, 3, activation='relu')(x)
x = layers.Conv2DTranspose(32, 3, activation='relu')(x)
x = layers.UpSampling2D(3)(x)
x = layers.Conv2DTranspose(16, 3, activation='relu')(x)
decoder_output = layers.Conv2DTranspose(1, 3, activation='relu')(x)

decoder = keras.Model(decoder_input, decoder_output, name='decoder')
decoder.summary()

autoencoder_input = keras.Input(shape=(28, 28, 1), name='img')
encoded_img = encoder(autoencoder_input)
decoded_img = decoder(encoded_img)
autoencoder = keras.Model(autoencoder_input, decoded_img, name='autoencoder')
autoencoder.summary()

def get_model():
  inputs = keras.Input(shape=(128,))
  outputs = layers.Dense(1)(inputs)
  return keras.Model(inputs, outputs)

model1 = get_model()
model2 = get_model()
model3 = get_model()

inputs = keras.Input(shape=(128,))
y1 = model1(inputs)
y2 = model2(inputs)
y3 = model3(inputs)
outputs = layers.average([y1, y2, y3])
ensemble_model = keras.Model(inputs=inputs, outputs=outputs)

num_tags = 12  # Number of unique issue tags
num_words = 100  # Size of vocabulary obtained when preprocessing text data
num_departments = 4  # Number of departments for predictions

title_input = keras.Input(shape=(None,), name='title')  # Variable-length sequence of ints
body_input = keras.Input(shape=(None,), name='body')  # Variable-length sequence of ints
tags_input = keras.Input(shape=(num_tags,), name='tags')  # Binary vectors of size `num_tags`

# Embed each word in the title into a 64-dimensional vector
title_features = layers.Embedding(num_words, 8)(title_input)
# Embed each word in the text into a 64-dimensional vector
body_features = layers.Embedding(num_words, 8)(body_input)

# Reduce sequence of embedded words in the title into a single 128-dimensional vector
title_features = layers.LSTM(8)(title_features)
# Reduce sequence of embedded words in the body into a single 32-dimensional vector
body_features = layers.LSTM(4)(body_features)

# Merge all available features into a single large vector via concatenation
x = layers.concatenate([title_features, body_features, tags_input])

# Stick a logistic regression for priority prediction on top of the features
priority_pred = layers.Dense(1, name='priority')(x)
# Stick a department classifier on top of the features
department_pred = layers.Dense(num_departments, name='department')(x)

# Instantiate an end-to-end model predicting both priority and department
model = keras.Model(inputs=[title_input, body_input, tags_input],
                    outputs=[priority_pred, department_pred])

model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
              loss=[keras.losses.BinaryCrossentropy(from_logits=True),
                    keras.losses.CategoricalCrossentropy(from_logits=True)],
              loss_weights=[1., 0.2])

model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
              loss={'priority':keras.losses.BinaryCrossentropy(from_logits=True),
                    'department': keras.losses.CategoricalCrossentropy(from_logits=True)},
              loss_weights=[1., 0.2])

# Dummy input data
title_data = np.random.randint(num_words, size=(32, 10))
body_data = np.random.randint(num_words, size=(32, 20))
tags_data = np.random.randint(2, size=(32, num_tags)).astype('float32')

# Dummy target data
priority_targets = np.random.random(size=(32, 1))
dept_targets = np.random.randint(2, size=(32, num_departments))

model.fit({'title': title_data, 'body': body_data, 'tags': tags_data},
          {'priority': priority_targets, 'department': dept_targets},
          epochs=2,
          batch_size=32)

inputs = keras.Input(shape=(32, 32, 3), name='img')
x = layers.Conv2D(4, 3, activation='relu')(inputs)
x = layers.Conv2D(8, 3, activation='relu')(x)
block_1_output = layers.MaxPooling2D(3)(x)

x = layers.Conv2D(8, 3, activation='relu', padding='same')(block_1_output)
x = layers.Conv2D(8, 3, activation='relu', padding='same')(x)
block_2_output = layers.add([x, block_1_output])

x = layers.Conv2D(8, 3, activation='relu', padding='same')(block_2_output)
x = layers.Conv2D(8, 3, activation='relu', padding='same')(x)
block_3_output = layers.add([x, block_2_output])

x = layers.Conv2D(8, 3, activation='relu')(block_3_output)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(16, activation='relu')(x)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(10)(x)

model = keras.Model(inputs, outputs, name='toy_resnet')
model.summary()

(x_train, y_train), (x_test, y_test) = _load_data(80, 16, (32, 32, 3), (1,))

x_train = x_train.astype('float32') / 255.
x_test = x_test.astype('float32') / 255.
y_train = keras.utils.to_categorical(y_train, 10)
y_test = keras.utils.to_categorical(y_test, 10)

model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
              loss=keras.losses.CategoricalCrossentropy(from_logits=True),
              metrics=['acc'])

model.fit(x_train, y_train,
          batch_size=64,
          epochs=1,
          validation_split=0.2)

# Embedding for 1000 unique words mapped to 128-dimensional vectors
shared_embedding = layers.Embedding(1000, 128)

# Variable-length sequence of integers
text_input_a = keras.Input(shape=(None,), dtype='int32')

# Variable-length sequence of integers
text_input_b = keras.Input(shape=(None,), dtype='int32')

# Reuse the same layer to encode both inputs
encoded_input_a = shared_embedding(text_input_a)
encoded_input_b = shared_embedding(text_input_b)

class CustomDense(layers.Layer):
  def __init__(self, units=32):
    super(CustomDense, self).__init__()
    self.units = units

  def build(self, input_shape):
    self.w = self.add_weight(shape=(input_shape[-1], self.units),
                             initializer='random_normal',
                             trainable=True)
    self.b = self.add_weight(shape=(self.units,),
                             initializer='random_normal',
                             trainable=True)

  def call(self, inputs):
    return tf.keras.backend.dot(inputs, self.w) + self.b


inputs = keras.Input((4,))
outputs = CustomDense(10)(inputs)

model = keras.Model(inputs, outputs)

class CustomDense(layers.Layer):

  def __init__(self, units=32):
    super(CustomDense, self).__init__()
    self.units = units

  def build(self, input_shape):
    self.w = self.add_weight(shape=(input_shape[-1], self.units),
                             initializer='random_normal',
                             trainable=True)
    self.b = self.add_weight(shape=(self.units,),
                             initializer='random_normal',
                             trainable=True)

  def call(self, inputs):
    return tf.keras.backend.dot(inputs, self.w) + self.b

  def get_config(self):
    return {'units': self.units}


inputs = keras.Input((4,))
outputs = CustomDense(10)(inputs)

model = keras.Model(inputs, outputs)
config = model.get_config()

new_model = keras.Model.from_config(
    config, custom_objects={'CustomDense': CustomDense})

units = 32
timesteps = 10
input_dim = 5

# Define a Functional model
inputs = keras.Input((None, units))
x = layers.GlobalAveragePooling1D()(inputs)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)


class CustomRNN(layers.Layer):
  def __init__(self):
    super(CustomRNN, self).__init__()
    self.units = units
    self.projection_1 = layers.Dense(units=units, activation='tanh')
    self.projection_2 = layers.Dense(units=units, activation='tanh')
    # Our previously-defined Functional model
    self.classifier = model

  def call(self, inputs):
    outputs = []
    state = np.zeros(shape=(inputs.shape[0], self.units), dtype='float32')
    for t in range(inputs.shape[1]):
      x = inputs[:, t, :]
      h = self.projection_1(x)
      y = h + self.projection_2(state)
      state = y
      outputs.append(y)
    features = tf.keras.backend.stack(outputs, axis=1)
    print(features.shape)
    return self.classifier(features)


rnn_model = CustomRNN()
_ = rnn_model(np.zeros((1, timesteps, input_dim), dtype='float32'))

units = 32
timesteps = 10
input_dim = 5
batch_size = 16


class CustomRNN(layers.Layer):
  def __init__(self):
    super(CustomRNN, self).__init__()
    self.units = units
    self.projection_1 = layers.Dense(units=units, activation='tanh')
    self.projection_2 = layers.Dense(units=units, activation='tanh')
    self.classifier = layers.Dense(1)

  def call(self, inputs):
    outputs = []
    state = np.zeros(shape=(inputs.shape[0], self.units), dtype='float32')
    for t in range(inputs.shape[1]):
      x = inputs[:, t, :]
      h = self.projection_1(x)
      y = h + self.projection_2(state)
      state = y
      outputs.append(y)
    features = tf.keras.backend.stack(outputs, axis=1)
    return self.classifier(features)


# Note that you specify a static batch size for the inputs with the `batch_shape`
# arg, because the inner computation of `CustomRNN` requires a static batch size
# (when you create the `state` zeros tensor).
inputs = keras.Input(batch_shape=(batch_size, timesteps, input_dim))
x = layers.Conv1D(32, 3)(inputs)
outputs = CustomRNN()(x)

model = keras.Model(inputs, outputs)

rnn_model = CustomRNN()
_ = rnn_model(np.zeros((1, 10, 5), dtype='float32'))
