# source: tensorflow/docs site/en/guide/keras/custom_callback.ipynb (the TensorFlow guide "Writing custom Keras callbacks" of the tf.keras era, its code cells in order)
# commit: 8d20932cbd40915f3514e8f00d4e8a67709e6e0d
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*; get_model(): Sequential grown with add(Dense(1, activation='linear', input_dim=784)), compiled with tf.keras.optimizers.RMSprop(learning_rate=0.1), 'mean_squared_error' and metrics=['mae']; tf.keras.callbacks.Callback subclasses: on_train_batch_begin/end and on_test_batch_begin/end printing timestamps (fit with steps_per_epoch=5, verbose=0; evaluate with steps=5); LossAndErrorPrintingCallback reading logs['loss'] per batch and logs['loss'], logs['mae'] per epoch (fit 3 epochs, evaluate steps=20); EarlyStoppingAtMinLoss with __init__(patience=0) calling super().__init__(), on_train_begin setting np.Inf, on_epoch_end keeping self.model.get_weights() and setting self.model.stop_training = True and self.model.set_weights(best_weights), on_train_end; a LearningRateScheduler callback that checks hasattr(self.model.optimizer, 'lr') and reads / writes it with tf.keras.backend.get_value / set_value in on_epoch_begin
# reduced: tf.keras.datasets.mnist (a download) replaced by 320 training and 256 test seeded random 28x28 uint8 "images" (numpy RandomState(0)) with labels 0-9 (the reshape(60000, 784) / reshape(10000, 784) follow the sizes: 320 and 256); fit's shuffle=False added to each fit (steps_per_epoch=5 of 64 covers the 320 samples once, in fit's order, which tf.data's shuffle cannot match); evaluate's steps=20 -> 2 (256 test samples at batch_size 128); EarlyStoppingAtMinLoss's epochs=30 -> 8 and the scheduler's epochs=15 -> 8 with LR_SCHEDULE (3, 0.05), (6, 0.01), (9, 0.005), (12, 0.001) -> (2, 0.05), (4, 0.01), (5, 0.005), (6, 0.001); RMSprop(lr=0.1) -> RMSprop(learning_rate=0.1) (tf-keras 2.21 warns that `lr` is deprecated and trains at the default 0.001; statefulrnn takes lr as Keras 2 did: README, "Where we differ from Keras"); np.Inf -> np.inf (numpy 2 removed np.Inf); the license cell dropped
import tensorflow as tf

# Define the Keras model to add callbacks to
def get_model():
  model = tf.keras.Sequential()
  model.add(tf.keras.layers.Dense(1, activation = 'linear', input_dim = 784))
  model.compile(optimizer=tf.keras.optimizers.RMSprop(learning_rate=0.1), loss='mean_squared_error', metrics=['mae'])
  return model


def _load_mnist():
  # Stands in for tf.keras.datasets.mnist.load_data (a download).
  import numpy as np
  rng = np.random.RandomState(0)
  return ((rng.randint(0, 256, size=(320, 28, 28)).astype('uint8'), rng.randint(0, 10, size=(320,)).astype('uint8')),
          (rng.randint(0, 256, size=(256, 28, 28)).astype('uint8'), rng.randint(0, 10, size=(256,)).astype('uint8')))


# Load example MNIST data and pre-process it
(x_train, y_train), (x_test, y_test) = _load_mnist()
x_train = x_train.reshape(320, 784).astype('float32') / 255
x_test = x_test.reshape(256, 784).astype('float32') / 255

import datetime

class MyCustomCallback(tf.keras.callbacks.Callback):

  def on_train_batch_begin(self, batch, logs=None):
    print('Training: batch {} begins at {}'.format(batch, datetime.datetime.now().time()))

  def on_train_batch_end(self, batch, logs=None):
    print('Training: batch {} ends at {}'.format(batch, datetime.datetime.now().time()))

  def on_test_batch_begin(self, batch, logs=None):
    print('Evaluating: batch {} begins at {}'.format(batch, datetime.datetime.now().time()))

  def on_test_batch_end(self, batch, logs=None):
    print('Evaluating: batch {} ends at {}'.format(batch, datetime.datetime.now().time()))

model = get_model()
_ = model.fit(x_train, y_train,
          batch_size=64,
          epochs=1,
          steps_per_epoch=5,
          verbose=0,
          shuffle=False,
          callbacks=[MyCustomCallback()])

_ = model.evaluate(x_test, y_test, batch_size=128, verbose=0, steps=2,
          callbacks=[MyCustomCallback()])

class LossAndErrorPrintingCallback(tf.keras.callbacks.Callback):

  def on_train_batch_end(self, batch, logs=None):
    print('For batch {}, loss is {:7.2f}.'.format(batch, logs['loss']))

  def on_test_batch_end(self, batch, logs=None):
    print('For batch {}, loss is {:7.2f}.'.format(batch, logs['loss']))

  def on_epoch_end(self, epoch, logs=None):
    print('The average loss for epoch {} is {:7.2f} and mean absolute error is {:7.2f}.'.format(epoch, logs['loss'], logs['mae']))

model = get_model()
_ = model.fit(x_train, y_train,
          batch_size=64,
          steps_per_epoch=5,
          epochs=3,
          verbose=0,
          shuffle=False,
          callbacks=[LossAndErrorPrintingCallback()])

_ = model.evaluate(x_test, y_test, batch_size=128, verbose=0, steps=2,
          callbacks=[LossAndErrorPrintingCallback()])

import numpy as np

class EarlyStoppingAtMinLoss(tf.keras.callbacks.Callback):
  """Stop training when the loss is at its min, i.e. the loss stops decreasing.

  Arguments:
      patience: Number of epochs to wait after min has been hit. After this
      number of no improvement, training stops.
  """

  def __init__(self, patience=0):
    super(EarlyStoppingAtMinLoss, self).__init__()

    self.patience = patience

    # best_weights to store the weights at which the minimum loss occurs.
    self.best_weights = None

  def on_train_begin(self, logs=None):
    # The number of epoch it has waited when loss is no longer minimum.
    self.wait = 0
    # The epoch the training stops at.
    self.stopped_epoch = 0
    # Initialize the best as infinity.
    self.best = np.inf

  def on_epoch_end(self, epoch, logs=None):
    current = logs.get('loss')
    if np.less(current, self.best):
      self.best = current
      self.wait = 0
      # Record the best weights if current results is better (less).
      self.best_weights = self.model.get_weights()
    else:
      self.wait += 1
      if self.wait >= self.patience:
        self.stopped_epoch = epoch
        self.model.stop_training = True
        print('Restoring model weights from the end of the best epoch.')
        self.model.set_weights(self.best_weights)

  def on_train_end(self, logs=None):
    if self.stopped_epoch > 0:
      print('Epoch %05d: early stopping' % (self.stopped_epoch + 1))

model = get_model()
_ = model.fit(x_train, y_train,
          batch_size=64,
          steps_per_epoch=5,
          epochs=8,
          verbose=0,
          shuffle=False,
          callbacks=[LossAndErrorPrintingCallback(), EarlyStoppingAtMinLoss()])

class LearningRateScheduler(tf.keras.callbacks.Callback):
  """Learning rate scheduler which sets the learning rate according to schedule.

  Arguments:
      schedule: a function that takes an epoch index
          (integer, indexed from 0) and current learning rate
          as inputs and returns a new learning rate as output (float).
  """

  def __init__(self, schedule):
    super(LearningRateScheduler, self).__init__()
    self.schedule = schedule

  def on_epoch_begin(self, epoch, logs=None):
    if not hasattr(self.model.optimizer, 'lr'):
      raise ValueError('Optimizer must have a "lr" attribute.')
    # Get the current learning rate from model's optimizer.
    lr = float(tf.keras.backend.get_value(self.model.optimizer.lr))
    # Call schedule function to get the scheduled learning rate.
    scheduled_lr = self.schedule(epoch, lr)
    # Set the value back to the optimizer before this epoch starts
    tf.keras.backend.set_value(self.model.optimizer.lr, scheduled_lr)
    print('\nEpoch %05d: Learning rate is %6.4f.' % (epoch, scheduled_lr))

LR_SCHEDULE = [
    # (epoch to start, learning rate) tuples
    (2, 0.05), (4, 0.01), (5, 0.005), (6, 0.001)
]

def lr_schedule(epoch, lr):
  """Helper function to retrieve the scheduled learning rate based on epoch."""
  if epoch < LR_SCHEDULE[0][0] or epoch > LR_SCHEDULE[-1][0]:
    return lr
  for i in range(len(LR_SCHEDULE)):
    if epoch == LR_SCHEDULE[i][0]:
      return LR_SCHEDULE[i][1]
  return lr

model = get_model()
_ = model.fit(x_train, y_train,
          batch_size=64,
          steps_per_epoch=5,
          epochs=8,
          verbose=0,
          shuffle=False,
          callbacks=[LossAndErrorPrintingCallback(), LearningRateScheduler(lr_schedule)])
