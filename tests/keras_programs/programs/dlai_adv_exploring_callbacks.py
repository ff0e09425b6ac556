# source: lmoroney/dlaicourse "Advanced TensorFlow/Extending Keras/Week 4 - Models and Callbacks/ExploringCallbacks.ipynb" (Laurence Moroney's DeepLearning.AI "TensorFlow: Advanced Techniques" course 1 "Custom Models, Layers, and Loss Functions", week 4: Keras's built-in callbacks one by one, then custom callbacks; its code cells in order)
# commit: 0538daf66aec7fbaf6dee20266b9c35a5c0a25ca
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*; `from tensorflow.keras.callbacks import EarlyStopping, LearningRateScheduler, ModelCheckpoint, CSVLogger, ReduceLROnPlateau`; a Conv2D/MaxPooling2D/Flatten/Dense Sequential built afresh per cell with compile(optimizer='sgd', loss='sparse_categorical_crossentropy', metrics=['accuracy']); fit(validation_data=) with ModelCheckpoint('weights.{epoch:02d}-{val_loss:.2f}.h5', verbose=1) (epoch / val_loss formatted into the file name) and ModelCheckpoint('model.h5', verbose=1); EarlyStopping(patience=3, min_delta=0.05, baseline=0.8, mode='min', monitor='val_loss', restore_best_weights=True, verbose=1); CSVLogger(csv_file) and the file read back; LearningRateScheduler(step_decay, verbose=1) with math.pow / math.floor; ReduceLROnPlateau(monitor='val_loss', factor=0.2, verbose=1, patience=1, min_lr=0.001); custom tf.keras.callbacks.Callback subclasses: on_train_batch_begin / on_train_batch_end with fit(steps_per_epoch=5, verbose=0), DetectOverfittingCallback(threshold) reading logs["val_loss"] / logs["loss"] in on_epoch_end and setting self.model.stop_training, VisCallback calling self.model.predict on sampled rows in on_epoch_end and on_train_end; tf.keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: ...); model.add(Dense(..., input_dim=784)) with compile inside get_model(), RMSprop, loss='mean_squared_error', metrics=['mae']
# reduced: tfds.load('horses_or_humans') (with tf.image.resize / 255 and the shuffle / batch / prefetch pipelines) replaced by made-up 24x24x3 images (np.random.seed(0): 48 train, 16 validation, labels 0/1) handed to fit as arrays with batch_size=BATCH_SIZE and shuffle=False (tf.data's shuffle order cannot match); SIZE 150 -> 24, dense_units 256 -> 8; tf.keras.datasets.mnist.load_data() replaced by made-up rows (320 train, 64 test, 784 features in [0, 1), labels 0-9); epochs 10 -> 2 (the TensorBoard cell), 5 -> 2, 2 -> 2, 50 -> 3, 1 -> 1, 3 -> 2, 20 -> 2; the TensorBoard callbacks and %tensorboard / %load_ext magics left out (TensorBoard is TensorFlow's), as the ModelCheckpoint('saved_model') cell (TensorFlow's SavedModel format); the notebook's other imports (tensorflow_datasets, matplotlib, PIL, imageio, pandas) dropped: pd.read_csv(csv_file).head() -> the csv module's rows printed, VisCallback's display_digits plot, PNG buffer and GIF replaced by printing its predictions; RMSprop(lr=0.1) and RMSprop(lr=1e-4) -> learning_rate= (tf-keras 2.21 ignores `lr`)
import tensorflow as tf
import io
import csv

from tensorflow.keras.callbacks import EarlyStopping, LearningRateScheduler, ModelCheckpoint, CSVLogger, ReduceLROnPlateau

import os
import numpy as np
import math
import datetime

print("Version: ", tf.__version__)

np.random.seed(0)
num_classes = 2

SIZE = 24
IMAGE_SIZE = (SIZE, SIZE)

BATCH_SIZE = 32

train_images = np.random.rand(48, SIZE, SIZE, 3).astype('float32')
train_labels = np.random.randint(0, 2, size=(48,))
validation_images = np.random.rand(16, SIZE, SIZE, 3).astype('float32')
validation_labels = np.random.randint(0, 2, size=(16,))
validation_batches = (validation_images, validation_labels)

def build_model(dense_units, input_shape=IMAGE_SIZE + (3,)):
  model = tf.keras.models.Sequential([
      tf.keras.layers.Conv2D(16, (3, 3), activation='relu', input_shape=input_shape),
      tf.keras.layers.MaxPooling2D(2, 2),
      tf.keras.layers.Conv2D(32, (3, 3), activation='relu'),
      tf.keras.layers.MaxPooling2D(2, 2),
      tf.keras.layers.Conv2D(64, (3, 3), activation='relu'),
      tf.keras.layers.MaxPooling2D(2, 2),
      tf.keras.layers.Flatten(),
      tf.keras.layers.Dense(dense_units, activation='relu'),
      tf.keras.layers.Dense(2, activation='softmax')
  ])
  return model

model = build_model(dense_units=8)
model.compile(
    optimizer='sgd',
    loss='sparse_categorical_crossentropy', 
    metrics=['accuracy'])
  
model.fit(train_images, train_labels, batch_size=BATCH_SIZE, shuffle=False,
          epochs=2, 
          validation_data=validation_batches)

model = build_model(dense_units=8)
model.compile(
    optimizer='sgd',
    loss='sparse_categorical_crossentropy', 
    metrics=['accuracy'])
  
model.fit(train_images, train_labels, batch_size=BATCH_SIZE, shuffle=False,
          epochs=2, 
          validation_data=validation_batches, 
          verbose=2,
          callbacks=[ModelCheckpoint('weights.{epoch:02d}-{val_loss:.2f}.h5', verbose=1),
          ])
print(sorted(f for f in os.listdir('.') if f.startswith('weights.')))

model = build_model(dense_units=8)
model.compile(
    optimizer='sgd',
    loss='sparse_categorical_crossentropy', 
    metrics=['accuracy'])
  
model.fit(train_images, train_labels, batch_size=BATCH_SIZE, shuffle=False,
          epochs=2, 
          validation_data=validation_batches, 
          verbose=2,
          callbacks=[ModelCheckpoint('model.h5', verbose=1)
          ])

model = build_model(dense_units=8)
model.compile(
    optimizer='sgd',
    loss='sparse_categorical_crossentropy', 
    metrics=['accuracy'])
  
model.fit(train_images, train_labels, batch_size=BATCH_SIZE, shuffle=False,
          epochs=3, 
          validation_data=validation_batches, 
          verbose=2,
          callbacks=[EarlyStopping(
              patience=3,
              min_delta=0.05,
              baseline=0.8,
              mode='min',
              monitor='val_loss',
              restore_best_weights=True,
              verbose=1)
          ])

model = build_model(dense_units=8)
model.compile(
    optimizer='sgd',
    loss='sparse_categorical_crossentropy', 
    metrics=['accuracy'])
  
csv_file = 'training.csv'

model.fit(train_images, train_labels, batch_size=BATCH_SIZE, shuffle=False,
          epochs=2, 
          validation_data=validation_batches, 
          callbacks=[CSVLogger(csv_file)
          ])

with open(csv_file) as f:
  print(list(csv.reader(f))[:5])

model = build_model(dense_units=8)
model.compile(
    optimizer='sgd',
    loss='sparse_categorical_crossentropy', 
    metrics=['accuracy'])
  
def step_decay(epoch):
	initial_lr = 0.01
	drop = 0.5
	epochs_drop = 1
	lr = initial_lr * math.pow(drop, math.floor((1+epoch)/epochs_drop))
	return lr

model.fit(train_images, train_labels, batch_size=BATCH_SIZE, shuffle=False,
          epochs=2, 
          validation_data=validation_batches, 
          callbacks=[LearningRateScheduler(step_decay, verbose=1)])

model = build_model(dense_units=8)
model.compile(
    optimizer='sgd',
    loss='sparse_categorical_crossentropy', 
    metrics=['accuracy'])
  
model.fit(train_images, train_labels, batch_size=BATCH_SIZE, shuffle=False,
          epochs=3, 
          validation_data=validation_batches, 
          callbacks=[ReduceLROnPlateau(monitor='val_loss', 
                                       factor=0.2, verbose=1,
                                       patience=1, min_lr=0.001)])

# Define the Keras model to add callbacks to
def get_model():
  model = tf.keras.Sequential()
  model.add(tf.keras.layers.Dense(1, activation = 'linear', input_dim = 784))
  model.compile(optimizer=tf.keras.optimizers.RMSprop(learning_rate=0.1), loss='mean_squared_error', metrics=['mae'])
  return model

# Load example MNIST data and pre-process it
x_train = np.random.rand(320, 784).astype('float32')
y_train = np.random.randint(0, 10, size=(320,))
x_test = np.random.rand(64, 784).astype('float32')
y_test = np.random.randint(0, 10, size=(64,))

class MyCustomCallback(tf.keras.callbacks.Callback):

  def on_train_batch_begin(self, batch, logs=None):
    print('Training: batch {} begins at {}'.format(batch, datetime.datetime.now().time()))

  def on_train_batch_end(self, batch, logs=None):
    print('Training: batch {} ends at {}'.format(batch, datetime.datetime.now().time()))

model = get_model()
_ = model.fit(x_train, y_train,
          batch_size=64,
          epochs=1,
          steps_per_epoch=5,
          verbose=0,
          shuffle=False,
          callbacks=[MyCustomCallback()])

callback = tf.keras.callbacks.LambdaCallback(
    on_epoch_end=lambda epoch,logs: 
    print("Epoch: {}, Val/Train loss ratio: {:.2f}".format(epoch, logs["val_loss"] / logs["loss"]))
)

model = get_model()
_ = model.fit(x_train, y_train,
          validation_data=(x_test, y_test),
          batch_size=64,
          epochs=2,
          verbose=0,
          shuffle=False,
          callbacks=[callback])

class DetectOverfittingCallback(tf.keras.callbacks.Callback):
  def __init__(self, threshold=0.7):
    super(DetectOverfittingCallback, self).__init__()
    self.threshold = threshold

  def on_epoch_end(self, epoch, logs=None):
    ratio = logs["val_loss"] / logs["loss"]
    print("Epoch: {}, Val/Train loss ratio: {:.2f}".format(epoch, ratio))

    if ratio > self.threshold:
      print("Stopping training...")
      self.model.stop_training = True

model = get_model()
_ = model.fit(x_train, y_train,
              validation_data=(x_test, y_test),
              batch_size=64,
              epochs=2,
              verbose=0,
              shuffle=False,
              callbacks=[DetectOverfittingCallback()])

class VisCallback(tf.keras.callbacks.Callback):
  def __init__(self, inputs, ground_truth, display_freq=10, n_samples=10):
    self.inputs = inputs
    self.ground_truth = ground_truth
    self.images = []
    self.display_freq = display_freq
    self.n_samples = n_samples

  def on_epoch_end(self, epoch, logs=None):
    # Randomly sample data
    indexes = np.random.choice(len(self.inputs), size=self.n_samples)
    X_test, y_test = self.inputs[indexes], self.ground_truth[indexes]
    predictions = np.argmax(self.model.predict(X_test), axis=1)

    # Plot the digits
    print(epoch, predictions, y_test)
    self.images.append(predictions)

  def on_train_end(self, logs=None):
    print(len(self.images))

def get_model():
  model = tf.keras.Sequential()
  model.add(tf.keras.layers.Dense(32, activation='linear', input_dim=784))
  model.add(tf.keras.layers.Dense(10, activation='softmax'))
  model.compile(optimizer=tf.keras.optimizers.RMSprop(learning_rate=1e-4), loss='sparse_categorical_crossentropy', metrics=['accuracy'])
  return model

model = get_model()
model.fit(x_train, y_train,
          batch_size=64,
          epochs=2,
          verbose=0,
          shuffle=False,
          callbacks=[VisCallback(x_test, y_test)])
