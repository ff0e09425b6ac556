# source: tensorflow/docs site/en/tutorials/keras/regression.ipynb (the TensorFlow tutorial "Basic regression: Predict fuel efficiency" on the Auto MPG data, its tf.keras version before the Keras 3 changes; its code cells in order)
# commit: edd62426f6e52fcbbd3266e065f5efd139943372
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow import keras`, `from tensorflow.keras import layers`; tf.keras.layers.Normalization(axis=-1) adapted on a 9-column float array, its .mean read with .numpy(), called on one row; layers.Normalization(input_shape=[1,], axis=None) adapted on a 1-D array; a Sequential of that normalizer + Dense(units=1), summary(), predict before compile; compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.1), loss='mean_absolute_error'), fit(epochs, verbose=0, validation_split=0.2) on a 1-D feature array, evaluate(verbose=0), predict on a linspace; the 9-feature normalizer shared by a linear model (its layers[1].kernel read) and a DNN built by build_and_compile_model(norm) (Dense(64, relu) x2 + Dense(1), keras.Sequential, compile inside the function with Adam(0.001)); the 1-feature normalizer shared likewise by a DNN; dnn_model.save('dnn_model.keras')
# reduced: the Auto MPG download (pd.read_csv of the UCI URL) replaced by 50 made-up cars (numpy RandomState(0)): the eight columns, 'Origin' 1/2/3; pandas (not installed) replaced by numpy: dropna (no missing values made), the Origin map + get_dummies -> three float one-hot columns Europe, Japan, USA appended last (get_dummies' order), dataset.sample(frac=0.8, random_state=0) / drop -> a seeded permutation, 40 training and 10 test rows (validation_split=0.2 leaves 32 rows to train on: one batch per epoch, so fit's shuffling cannot change the result); pop('MPG') -> column slicing; train_features['Horsepower'] -> the column as a 1-D float array; DataFrame/describe displays, seaborn pairplot, matplotlib plots (plot_loss, plot_horsepower, the scatter and histogram) and the results table left out (the test_results printed instead); tf.linspace(0.0, 250, 251) -> np.linspace(0.0, 250, 251, dtype='float32') (TensorFlow's op; statefulrnn stands in for tf.keras, not TensorFlow); horsepower_model and linear_model compiled (with the tutorial's own compile arguments) before their first predict, which the tutorial makes before compiling (the harness meets the two runs' initial weights at the first compile); epochs 100 -> 3; the `!pip install` and `%%time` lines dropped; the last cell's tf.keras.models.load_model('dnn_model.keras') and the reloaded model's evaluate left out: tf-keras 2.21 itself fails to load it (Sequential.from_config builds the first Normalization(axis=-1), saved without an input shape, on [None, None]: "All `axis` values to be kept must have known shape")
import numpy as np

# Make NumPy printouts easier to read.
np.set_printoptions(precision=3, suppress=True)

import tensorflow as tf

from tensorflow import keras
from tensorflow.keras import layers

print(tf.__version__)

column_names = ['MPG', 'Cylinders', 'Displacement', 'Horsepower', 'Weight',
                'Acceleration', 'Model Year', 'Origin']

# Made-up cars instead of the UCI download.
rng = np.random.RandomState(0)
n = 50
cylinders = rng.choice([4, 6, 8], size=n).astype('float64')
displacement = cylinders * 40 + rng.uniform(-20, 20, size=n)
horsepower = displacement * 0.5 + rng.uniform(20, 60, size=n)
weight = displacement * 8 + rng.uniform(1200, 1800, size=n)
acceleration = rng.uniform(8, 24, size=n)
model_year = rng.randint(70, 83, size=n).astype('float64')
origin = rng.randint(1, 4, size=n)
mpg = 50 - 0.1 * horsepower - 0.002 * weight + 0.5 * (model_year - 70) + rng.normal(0, 2, size=n)

# dataset['Origin'].map({1: 'USA', 2: 'Europe', 3: 'Japan'}) and get_dummies:
# one-hot columns Europe, Japan, USA (sorted) appended at the end.
europe = (origin == 2).astype('float64')
japan = (origin == 3).astype('float64')
usa = (origin == 1).astype('float64')
dataset = np.stack([mpg, cylinders, displacement, horsepower, weight,
                    acceleration, model_year, europe, japan, usa], axis=1)
columns = ['MPG', 'Cylinders', 'Displacement', 'Horsepower', 'Weight',
           'Acceleration', 'Model Year', 'Europe', 'Japan', 'USA']

order = np.random.RandomState(0).permutation(n)
train_dataset = dataset[order[:40]]
test_dataset = dataset[order[40:]]

train_features = train_dataset[:, 1:]
test_features = test_dataset[:, 1:]

train_labels = train_dataset[:, 0]
test_labels = test_dataset[:, 0]

HP = columns.index('Horsepower') - 1

normalizer = tf.keras.layers.Normalization(axis=-1)

normalizer.adapt(np.array(train_features))

print(normalizer.mean.numpy())

first = np.array(train_features[:1])

with np.printoptions(precision=2, suppress=True):
  print('First example:', first)
  print()
  print('Normalized:', normalizer(first).numpy())

horsepower = np.array(train_features[:, HP])

horsepower_normalizer = layers.Normalization(input_shape=[1,], axis=None)
horsepower_normalizer.adapt(horsepower)

horsepower_model = tf.keras.Sequential([
    horsepower_normalizer,
    layers.Dense(units=1)
])

horsepower_model.summary()

horsepower_model.compile(  # added: the harness meets both runs' weights at the first compile
    optimizer=tf.keras.optimizers.Adam(learning_rate=0.1),
    loss='mean_absolute_error')
horsepower_model.predict(horsepower[:10])

horsepower_model.compile(
    optimizer=tf.keras.optimizers.Adam(learning_rate=0.1),
    loss='mean_absolute_error')

history = horsepower_model.fit(
    train_features[:, HP],
    train_labels,
    epochs=3,
    # Suppress logging.
    verbose=0,
    # Calculate validation results on 20% of the training data.
    validation_split = 0.2)

print(history.history)

test_results = {}

test_results['horsepower_model'] = horsepower_model.evaluate(
    test_features[:, HP],
    test_labels, verbose=0)

x = np.linspace(0.0, 250, 251, dtype='float32')
y = horsepower_model.predict(x)

linear_model = tf.keras.Sequential([
    normalizer,
    layers.Dense(units=1)
])

linear_model.compile(  # added: the harness meets both runs' weights at the first compile
    optimizer=tf.keras.optimizers.Adam(learning_rate=0.1),
    loss='mean_absolute_error')
linear_model.predict(train_features[:10])

linear_model.layers[1].kernel

linear_model.compile(
    optimizer=tf.keras.optimizers.Adam(learning_rate=0.1),
    loss='mean_absolute_error')

history = linear_model.fit(
    train_features,
    train_labels,
    epochs=3,
    # Suppress logging.
    verbose=0,
    # Calculate validation results on 20% of the training data.
    validation_split = 0.2)

test_results['linear_model'] = linear_model.evaluate(
    test_features, test_labels, verbose=0)

def build_and_compile_model(norm):
  model = keras.Sequential([
      norm,
      layers.Dense(64, activation='relu'),
      layers.Dense(64, activation='relu'),
      layers.Dense(1)
  ])

  model.compile(loss='mean_absolute_error',
                optimizer=tf.keras.optimizers.Adam(0.001))
  return model

dnn_horsepower_model = build_and_compile_model(horsepower_normalizer)

dnn_horsepower_model.summary()

history = dnn_horsepower_model.fit(
    train_features[:, HP],
    train_labels,
    validation_split=0.2,
    verbose=0, epochs=3)

x = np.linspace(0.0, 250, 251, dtype='float32')
y = dnn_horsepower_model.predict(x)

test_results['dnn_horsepower_model'] = dnn_horsepower_model.evaluate(
    test_features[:, HP], test_labels,
    verbose=0)

dnn_model = build_and_compile_model(normalizer)
dnn_model.summary()

history = dnn_model.fit(
    train_features,
    train_labels,
    validation_split=0.2,
    verbose=0, epochs=3)

test_results['dnn_model'] = dnn_model.evaluate(test_features, test_labels, verbose=0)

test_predictions = dnn_model.predict(test_features).flatten()

error = test_predictions - test_labels

dnn_model.save('dnn_model.keras')

print(test_results)
