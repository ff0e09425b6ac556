# source: tensorflow/docs site/en/guide/keras/train_and_evaluate.ipynb (the TensorFlow guide "Train and evaluate with Keras" of the tf.keras era, before the guides moved to keras.io; its code cells in order)
# commit: 8d20932cbd40915f3514e8f00d4e8a67709e6e0d
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow import keras`, `from tensorflow.keras import layers`; a functional MNIST MLP (Input(name='digits'), named Dense layers) compiled with keras.optimizers.RMSprop(), keras.losses.SparseCategoricalCrossentropy(from_logits=True) and metrics=['sparse_categorical_accuracy'], fit(batch_size, epochs, validation_data=), history.history, evaluate(batch_size=128), predict; the same model recompiled with metrics=[keras.metrics.sparse_categorical_accuracy] and optimizer='rmsprop', then with Adam() and a plain function loss basic_loss_function(y_true, y_pred) (mean absolute difference of 1-D integer labels and (N, 10) logits) and fit; a keras.losses.Loss subclass WeightedBinaryCrossEntropy(pos_weight, weight, from_logits, reduction=keras.losses.Reduction.AUTO, name=) calling tf.losses.binary_crossentropy(...)[:, None] on one-hot targets; a keras.metrics.Metric subclass CategoricalTruePositives (add_weight(name='tp', initializer='zeros'), update_state with argmax/reshape/cast/==, sample_weight, assign_add; result; a reset_states override) in compile(metrics=[...]); a Layer calling self.add_loss(sum * 0.1) in a functional model; a Layer calling self.add_metric(keras.backend.std(inputs), name='std_of_activation', aggregation='mean'); model.add_loss and model.add_metric on symbolic tensors of a functional model; fit(validation_split=0.2, epochs=1, steps_per_epoch=1); fit(steps_per_epoch=), fit(validation_data=, validation_steps=), evaluate and dict(zip(model.metrics_names, result)); fit(class_weight={0..9}) and fit(sample_weight=); a two-input (Conv2D + GlobalMaxPooling2D, Conv1D + GlobalMaxPooling1D over (None, 10)), two-output model (layers.concatenate, Dense named score_output / class_output) compiled with loss lists, metric lists of lists, loss / metric dicts by output name, loss_weights dict, loss=[None, ...] and a loss dict naming one output, fit on lists and on dicts; EarlyStopping(monitor='val_loss', min_delta=1e-2, patience=2, verbose=1) with validation_split; ModelCheckpoint(filepath='mymodel_{epoch}', save_best_only=True, monitor='val_loss', verbose=1) (tf-keras saves a SavedModel directory); keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=100000, decay_rate=0.96, staircase=True) given to RMSprop(learning_rate=); model.losses after eager calls of a model with an add_loss layer
# reduced: keras.datasets.mnist.load_data() (a download) replaced by seeded random uint8 28x28 images (numpy RandomState(0)) with labels 0-9: 96 training rows, of which the last 32 are held out for validation as written (x_train[-32:] for [-10000:]), and 32 test rows, so each training epoch is one batch of 64 and fit's shuffling cannot change the result (reshape(60000, 784) -> reshape(96, 784), reshape(10000, 784) -> reshape(32, 784)); epochs 3/4/5/20 -> 2; the dummy multi-input data 100 -> 32 samples (one batch of 32); TensorFlow's own ops (statefulrnn stands in for tf.keras, not TensorFlow) replaced by their keras.backend equivalents: tf.math.reduce_mean -> keras.backend.mean, tf.abs -> keras.backend.abs, tf.one_hot -> keras.backend.one_hot, tf.reshape / tf.argmax / tf.cast / tf.reduce_sum -> keras.backend.reshape / argmax / cast / sum, tf.multiply(a, b) -> a * b; every tf.data.Dataset (from_tensor_slices, shuffle, batch, repeat) replaced by the arrays it was made from, fit/evaluate given batch_size=64 (tf.data's shuffle order cannot match), the repeated 100-steps-per-epoch set given steps_per_epoch=1 (arrays are not repeated), the (x, y, sample_weight) dataset by fit(sample_weight=), the dict dataset by fit(dict, dict, batch_size=64); validation_steps=10 -> 1 (the 32 validation rows are one batch of 64: with 10 steps tf-keras runs out of validation data in the first epoch and logs no val_loss for the second); keras.utils.plot_model (needs pydot and graphviz) left out; the "Writing your own training & evaluation loops from scratch" cells that run a tf.GradientTape loop (TensorFlow's) left out, the model.losses cells between them kept
import tensorflow as tf

import numpy as np

from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(784,), name='digits')
x = layers.Dense(64, activation='relu', name='dense_1')(inputs)
x = layers.Dense(64, activation='relu', name='dense_2')(x)
outputs = layers.Dense(10, name='predictions')(x)

model = keras.Model(inputs=inputs, outputs=outputs)


def load_data():
  # Made-up digits instead of the MNIST download.
  rng = np.random.RandomState(0)
  x_train = rng.randint(0, 256, size=(96, 28, 28)).astype('uint8')
  y_train = rng.randint(0, 10, size=(96,)).astype('uint8')
  x_test = rng.randint(0, 256, size=(32, 28, 28)).astype('uint8')
  y_test = rng.randint(0, 10, size=(32,)).astype('uint8')
  return (x_train, y_train), (x_test, y_test)


(x_train, y_train), (x_test, y_test) = load_data()

# Preprocess the data (these are NumPy arrays)
x_train = x_train.reshape(96, 784).astype('float32') / 255
x_test = x_test.reshape(32, 784).astype('float32') / 255

y_train = y_train.astype('float32')
y_test = y_test.astype('float32')

# Reserve 10,000 samples for validation
x_val = x_train[-32:]
y_val = y_train[-32:]
x_train = x_train[:-32]
y_train = y_train[:-32]

model.compile(optimizer=keras.optimizers.RMSprop(),  # Optimizer
              # Loss function to minimize
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              # List of metrics to monitor
              metrics=['sparse_categorical_accuracy'])

print('# Fit model on training data')
history = model.fit(x_train, y_train,
                    batch_size=64,
                    epochs=2,
                    # We pass some validation for
                    # monitoring validation loss and metrics
                    # at the end of each epoch
                    validation_data=(x_val, y_val))

print('\nhistory dict:', history.history)

# Evaluate the model on the test data using `evaluate`
print('\n# Evaluate on test data')
results = model.evaluate(x_test, y_test, batch_size=128)
print('test loss, test acc:', results)

# Generate predictions (probabilities -- the output of the last layer)
# on new data using `predict`
print('\n# Generate predictions for 3 samples')
predictions = model.predict(x_test[:3])
print('predictions shape:', predictions.shape)

model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[keras.metrics.sparse_categorical_accuracy])

model.compile(optimizer='rmsprop',
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['sparse_categorical_accuracy'])

def get_uncompiled_model():
  inputs = keras.Input(shape=(784,), name='digits')
  x = layers.Dense(64, activation='relu', name='dense_1')(inputs)
  x = layers.Dense(64, activation='relu', name='dense_2')(x)
  outputs = layers.Dense(10, name='predictions')(x)
  model = keras.Model(inputs=inputs, outputs=outputs)
  return model

def get_compiled_model():
  model = get_uncompiled_model()
  model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                metrics=['sparse_categorical_accuracy'])
  return model

def basic_loss_function(y_true, y_pred):
    return keras.backend.mean(keras.backend.abs(y_true - y_pred))

model.compile(optimizer=keras.optimizers.Adam(),
              loss=basic_loss_function)

model.fit(x_train, y_train, batch_size=64, epochs=2)

class WeightedBinaryCrossEntropy(keras.losses.Loss):
    """
    Args:
      pos_weight: Scalar to affect the positive labels of the loss function.
      weight: Scalar to affect the entirety of the loss function.
      from_logits: Whether to compute loss from logits or the probability.
      reduction: Type of tf.keras.losses.Reduction to apply to loss.
      name: Name of the loss function.
    """
    def __init__(self, pos_weight, weight, from_logits=False,
                 reduction=keras.losses.Reduction.AUTO,
                 name='weighted_binary_crossentropy'):
        super().__init__(reduction=reduction, name=name)
        self.pos_weight = pos_weight
        self.weight = weight
        self.from_logits = from_logits

    def call(self, y_true, y_pred):
        ce = tf.losses.binary_crossentropy(
            y_true, y_pred, from_logits=self.from_logits)[:,None]
        ce = self.weight * (ce*(1-y_true) + self.pos_weight*ce*(y_true))
        return ce

one_hot_y_train = keras.backend.one_hot(y_train.astype(np.int32), 10)

model = get_uncompiled_model()

model.compile(
    optimizer=keras.optimizers.Adam(),
    loss=WeightedBinaryCrossEntropy(
        pos_weight=0.5, weight = 2, from_logits=True)
)

model.fit(x_train, one_hot_y_train, batch_size=64, epochs=2)

class CategoricalTruePositives(keras.metrics.Metric):

    def __init__(self, name='categorical_true_positives', **kwargs):
      super(CategoricalTruePositives, self).__init__(name=name, **kwargs)
      self.true_positives = self.add_weight(name='tp', initializer='zeros')

    def update_state(self, y_true, y_pred, sample_weight=None):
      y_pred = keras.backend.reshape(keras.backend.argmax(y_pred, axis=1), shape=(-1, 1))
      values = keras.backend.cast(y_true, 'int32') == keras.backend.cast(y_pred, 'int32')
      values = keras.backend.cast(values, 'float32')
      if sample_weight is not None:
        sample_weight = keras.backend.cast(sample_weight, 'float32')
        values = values * sample_weight
      self.true_positives.assign_add(keras.backend.sum(values))

    def result(self):
      return self.true_positives

    def reset_states(self):
      # The state of the metric will be reset at the start of each epoch.
      self.true_positives.assign(0.)

model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[CategoricalTruePositives()])
model.fit(x_train, y_train,
          batch_size=64,
          epochs=2)

class ActivityRegularizationLayer(layers.Layer):

  def call(self, inputs):
    self.add_loss(keras.backend.sum(inputs) * 0.1)
    return inputs  # Pass-through layer.

inputs = keras.Input(shape=(784,), name='digits')
x = layers.Dense(64, activation='relu', name='dense_1')(inputs)

# Insert activity regularization as a layer
x = ActivityRegularizationLayer()(x)

x = layers.Dense(64, activation='relu', name='dense_2')(x)
outputs = layers.Dense(10, name='predictions')(x)

model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

# The displayed loss will be much higher than before
# due to the regularization component.
model.fit(x_train, y_train,
          batch_size=64,
          epochs=1)

class MetricLoggingLayer(layers.Layer):

  def call(self, inputs):
    # The `aggregation` argument defines
    # how to aggregate the per-batch values
    # over each epoch:
    # in this case we simply average them.
    self.add_metric(keras.backend.std(inputs),
                    name='std_of_activation',
                    aggregation='mean')
    return inputs  # Pass-through layer.


inputs = keras.Input(shape=(784,), name='digits')
x = layers.Dense(64, activation='relu', name='dense_1')(inputs)

# Insert std logging as a layer.
x = MetricLoggingLayer()(x)

x = layers.Dense(64, activation='relu', name='dense_2')(x)
outputs = layers.Dense(10, name='predictions')(x)

model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x_train, y_train,
          batch_size=64,
          epochs=1)

inputs = keras.Input(shape=(784,), name='digits')
x1 = layers.Dense(64, activation='relu', name='dense_1')(inputs)
x2 = layers.Dense(64, activation='relu', name='dense_2')(x1)
outputs = layers.Dense(10, name='predictions')(x2)
model = keras.Model(inputs=inputs, outputs=outputs)

model.add_loss(keras.backend.sum(x1) * 0.1)

model.add_metric(keras.backend.std(x1),
                 name='std_of_activation',
                 aggregation='mean')

model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x_train, y_train,
          batch_size=64,
          epochs=1)

model = get_compiled_model()
model.fit(x_train, y_train, batch_size=64, validation_split=0.2, epochs=1, steps_per_epoch=1)

model = get_compiled_model()

# Since the dataset already takes care of batching,
# we don't pass a `batch_size` argument.
model.fit(x_train, y_train, batch_size=64, epochs=2)

print('\n# Evaluate')
result = model.evaluate(x_test, y_test, batch_size=64)
dict(zip(model.metrics_names, result))

model = get_compiled_model()

# Only use the 100 batches per epoch (that's 64 * 100 samples)
model.fit(x_train, y_train, batch_size=64, steps_per_epoch=1, epochs=2)

model = get_compiled_model()

model.fit(x_train, y_train, batch_size=64, epochs=2, validation_data=(x_val, y_val))

model = get_compiled_model()

model.fit(x_train, y_train, batch_size=64, epochs=2,
          # Only run validation using the first 10 batches of the dataset
          # using the `validation_steps` argument
          validation_data=(x_val, y_val), validation_steps=1)

import numpy as np

class_weight = {
    0: 1.,
    1: 1.,
    2: 1.,
    3: 1.,
    4: 1.,
    # Set weight "2" for class "5",
    # making this class 2x more important
    5: 2.,
    6: 1.,
    7: 1.,
    8: 1.,
    9: 1.}
print('Fit with class weight')
model.fit(x_train, y_train,
          class_weight=class_weight,
          batch_size=64,
          epochs=2)

# Here's the same example using `sample_weight` instead:
sample_weight = np.ones(shape=(len(y_train),))
sample_weight[y_train == 5] = 2.
print('\nFit with sample weight')

model = get_compiled_model()
model.fit(x_train, y_train,
          sample_weight=sample_weight,
          batch_size=64,
          epochs=2)

sample_weight = np.ones(shape=(len(y_train),))
sample_weight[y_train == 5] = 2.

model = get_compiled_model()
model.fit(x_train, y_train, sample_weight=sample_weight, batch_size=64, epochs=2)

from tensorflow import keras
from tensorflow.keras import layers

image_input = keras.Input(shape=(32, 32, 3), name='img_input')
timeseries_input = keras.Input(shape=(None, 10), name='ts_input')

x1 = layers.Conv2D(3, 3)(image_input)
x1 = layers.GlobalMaxPooling2D()(x1)

x2 = layers.Conv1D(3, 3)(timeseries_input)
x2 = layers.GlobalMaxPooling1D()(x2)

x = layers.concatenate([x1, x2])

score_output = layers.Dense(1, name='score_output')(x)
class_output = layers.Dense(5, name='class_output')(x)

model = keras.Model(inputs=[image_input, timeseries_input],
                    outputs=[score_output, class_output])

model.compile(
    optimizer=keras.optimizers.RMSprop(1e-3),
    loss=[keras.losses.MeanSquaredError(),
          keras.losses.CategoricalCrossentropy(from_logits=True)])

model.compile(
    optimizer=keras.optimizers.RMSprop(1e-3),
    loss=[keras.losses.MeanSquaredError(),
          keras.losses.CategoricalCrossentropy(from_logits=True)],
    metrics=[[keras.metrics.MeanAbsolutePercentageError(),
              keras.metrics.MeanAbsoluteError()],
             [keras.metrics.CategoricalAccuracy()]])

model.compile(
    optimizer=keras.optimizers.RMSprop(1e-3),
    loss={'score_output': keras.losses.MeanSquaredError(),
          'class_output': keras.losses.CategoricalCrossentropy(from_logits=True)},
    metrics={'score_output': [keras.metrics.MeanAbsolutePercentageError(),
                              keras.metrics.MeanAbsoluteError()],
             'class_output': [keras.metrics.CategoricalAccuracy()]})

model.compile(
    optimizer=keras.optimizers.RMSprop(1e-3),
    loss={'score_output': keras.losses.MeanSquaredError(),
          'class_output': keras.losses.CategoricalCrossentropy(from_logits=True)},
    metrics={'score_output': [keras.metrics.MeanAbsolutePercentageError(),
                              keras.metrics.MeanAbsoluteError()],
             'class_output': [keras.metrics.CategoricalAccuracy()]},
    loss_weights={'score_output': 2., 'class_output': 1.})

# List loss version
model.compile(
    optimizer=keras.optimizers.RMSprop(1e-3),
    loss=[None, keras.losses.CategoricalCrossentropy(from_logits=True)])

# Or dict loss version
model.compile(
    optimizer=keras.optimizers.RMSprop(1e-3),
    loss={'class_output':keras.losses.CategoricalCrossentropy(from_logits=True)})

model.compile(
    optimizer=keras.optimizers.RMSprop(1e-3),
    loss=[keras.losses.MeanSquaredError(),
          keras.losses.CategoricalCrossentropy(from_logits=True)])

# Generate dummy NumPy data
img_data = np.random.random_sample(size=(32, 32, 32, 3))
ts_data = np.random.random_sample(size=(32, 20, 10))
score_targets = np.random.random_sample(size=(32, 1))
class_targets = np.random.random_sample(size=(32, 5))

# Fit on lists
model.fit([img_data, ts_data], [score_targets, class_targets],
          batch_size=32,
          epochs=2)

# Alternatively, fit on dicts
model.fit({'img_input': img_data, 'ts_input': ts_data},
          {'score_output': score_targets, 'class_output': class_targets},
          batch_size=32,
          epochs=2)

model.fit({'img_input': img_data, 'ts_input': ts_data},
          {'score_output': score_targets, 'class_output': class_targets},
          batch_size=64, epochs=2)

model = get_compiled_model()

callbacks = [
    keras.callbacks.EarlyStopping(
        # Stop training when `val_loss` is no longer improving
        monitor='val_loss',
        # "no longer improving" being defined as "no better than 1e-2 less"
        min_delta=1e-2,
        # "no longer improving" being further defined as "for at least 2 epochs"
        patience=2,
        verbose=1)
]
model.fit(x_train, y_train,
          epochs=2,
          batch_size=64,
          callbacks=callbacks,
          validation_split=0.2)

model = get_compiled_model()

callbacks = [
    keras.callbacks.ModelCheckpoint(
        filepath='mymodel_{epoch}',
        # Path where to save the model
        # The two parameters below mean that we will overwrite
        # the current checkpoint if and only if
        # the `val_loss` score has improved.
        save_best_only=True,
        monitor='val_loss',
        verbose=1)
]
model.fit(x_train, y_train,
          epochs=2,
          batch_size=64,
          callbacks=callbacks,
          validation_split=0.2)

initial_learning_rate = 0.1
lr_schedule = keras.optimizers.schedules.ExponentialDecay(
    initial_learning_rate,
    decay_steps=100000,
    decay_rate=0.96,
    staircase=True)

optimizer = keras.optimizers.RMSprop(learning_rate=lr_schedule)

class ActivityRegularizationLayer(layers.Layer):

  def call(self, inputs):
    self.add_loss(1e-2 * keras.backend.sum(inputs))
    return inputs

inputs = keras.Input(shape=(784,), name='digits')
x = layers.Dense(64, activation='relu', name='dense_1')(inputs)
# Insert activity regularization as a layer
x = ActivityRegularizationLayer()(x)
x = layers.Dense(64, activation='relu', name='dense_2')(x)
outputs = layers.Dense(10, name='predictions')(x)

model = keras.Model(inputs=inputs, outputs=outputs)

logits = model(x_train[:64])
print(model.losses)

logits = model(x_train[:64])
logits = model(x_train[64: 128])
logits = model(x_train[128: 192])
print(model.losses)
