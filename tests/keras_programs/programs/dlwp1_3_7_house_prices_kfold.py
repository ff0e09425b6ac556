# source: fchollet/deep-learning-with-python-notebooks first_edition/3.7-predicting-house-prices.ipynb (F. Chollet, "Deep Learning with Python", 1st ed., section 3.7: Boston housing regression with a small Dense network, feature-wise normalization, K-fold cross-validation with a fresh compiled model per fold, per-epoch validation MAE averaged over folds, then a final model trained on all the data; its code cells in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: tf_keras
# exercises: `import keras` (Keras 2), `from keras.datasets import boston_housing`; in-place numpy normalization with the training mean / std; `from keras import models, layers`; a build_model() function returning a compiled Sequential (Dense(64, relu, input_shape=(13,)), Dense(64, relu), Dense(1)) with compile(optimizer='rmsprop', loss='mse', metrics=['mae']); a 4-fold loop of np.concatenate'd partial training sets, fit(batch_size=1, verbose=0), evaluate(verbose=0) unpacked into val_mse, val_mae; `from keras import backend as K` and K.clear_session() between the two cross-validations; fit(validation_data=..., verbose=0) and the per-epoch history.history['val_mae'] averaged over folds and smoothed; a final model fit(batch_size=16, verbose=0) on all the training data and evaluate on the test set
# reduced: boston_housing.load_data() (a download) replaced by a stand-in of 60 training and 20 test rows of 13 seeded features (numpy RandomState(13)) with a nonlinear target in the dataset's price range; num_epochs 100 / 500 -> 3 / 4, the final model's epochs 80 -> 5; the smoothing cell's average_mae_history[10:] -> [1:] (4 epochs here); history.history['val_mean_absolute_error'] -> ['val_mae'] (Keras 2.1's name for metrics=['mae']; tf-keras 2.21 logs 'val_mae'); shuffle=False added to every fit (tf-keras shuffles with TensorFlow's generator); the matplotlib cells dropped; cells that only display a value printed
import keras
print(keras.__version__)

import numpy as np


class boston_housing:
    @staticmethod
    def load_data():
        rng = np.random.RandomState(13)
        x = rng.normal(size=(80, 13)) * rng.uniform(0.5, 30, size=13) + rng.uniform(0, 100, size=13)
        z = (x - x.mean(axis=0)) / x.std(axis=0)
        y = 22 + 4 * z[:, 5] - 3 * z[:, 12] + 2 * np.tanh(z[:, 0] * z[:, 2]) + rng.normal(scale=1.5, size=80)
        return (x[:60], y[:60]), (x[60:], y[60:])


(train_data, train_targets), (test_data, test_targets) =  boston_housing.load_data()
print(train_data.shape)
print(test_data.shape)
print(train_targets)

mean = train_data.mean(axis=0)
train_data -= mean
std = train_data.std(axis=0)
train_data /= std

test_data -= mean
test_data /= std

from keras import models
from keras import layers

def build_model():
    # Because we will need to instantiate
    # the same model multiple times,
    # we use a function to construct it.
    model = models.Sequential()
    model.add(layers.Dense(64, activation='relu',
                           input_shape=(train_data.shape[1],)))
    model.add(layers.Dense(64, activation='relu'))
    model.add(layers.Dense(1))
    model.compile(optimizer='rmsprop', loss='mse', metrics=['mae'])
    return model

import numpy as np

k = 4
num_val_samples = len(train_data) // k
num_epochs = 3
all_scores = []
for i in range(k):
    print('processing fold #', i)
    # Prepare the validation data: data from partition # k
    val_data = train_data[i * num_val_samples: (i + 1) * num_val_samples]
    val_targets = train_targets[i * num_val_samples: (i + 1) * num_val_samples]

    # Prepare the training data: data from all other partitions
    partial_train_data = np.concatenate(
        [train_data[:i * num_val_samples],
         train_data[(i + 1) * num_val_samples:]],
        axis=0)
    partial_train_targets = np.concatenate(
        [train_targets[:i * num_val_samples],
         train_targets[(i + 1) * num_val_samples:]],
        axis=0)

    # Build the Keras model (already compiled)
    model = build_model()
    # Train the model (in silent mode, verbose=0)
    model.fit(partial_train_data, partial_train_targets,
              epochs=num_epochs, batch_size=1, verbose=0, shuffle=False)
    # Evaluate the model on the validation data
    val_mse, val_mae = model.evaluate(val_data, val_targets, verbose=0)
    all_scores.append(val_mae)

print(all_scores)
print(np.mean(all_scores))

from keras import backend as K

# Some memory clean-up
K.clear_session()

num_epochs = 4
all_mae_histories = []
for i in range(k):
    print('processing fold #', i)
    # Prepare the validation data: data from partition # k
    val_data = train_data[i * num_val_samples: (i + 1) * num_val_samples]
    val_targets = train_targets[i * num_val_samples: (i + 1) * num_val_samples]

    # Prepare the training data: data from all other partitions
    partial_train_data = np.concatenate(
        [train_data[:i * num_val_samples],
         train_data[(i + 1) * num_val_samples:]],
        axis=0)
    partial_train_targets = np.concatenate(
        [train_targets[:i * num_val_samples],
         train_targets[(i + 1) * num_val_samples:]],
        axis=0)

    # Build the Keras model (already compiled)
    model = build_model()
    # Train the model (in silent mode, verbose=0)
    history = model.fit(partial_train_data, partial_train_targets,
                        validation_data=(val_data, val_targets),
                        epochs=num_epochs, batch_size=1, verbose=0, shuffle=False)
    mae_history = history.history['val_mae']
    all_mae_histories.append(mae_history)

average_mae_history = [
    np.mean([x[i] for x in all_mae_histories]) for i in range(num_epochs)]


def smooth_curve(points, factor=0.9):
  smoothed_points = []
  for point in points:
    if smoothed_points:
      previous = smoothed_points[-1]
      smoothed_points.append(previous * factor + point * (1 - factor))
    else:
      smoothed_points.append(point)
  return smoothed_points

smooth_mae_history = smooth_curve(average_mae_history[1:])
print(smooth_mae_history)

# Get a fresh, compiled model.
model = build_model()
# Train it on the entirety of the data.
model.fit(train_data, train_targets,
          epochs=5, batch_size=16, verbose=0, shuffle=False)
test_mse_score, test_mae_score = model.evaluate(test_data, test_targets)
print(test_mae_score)
