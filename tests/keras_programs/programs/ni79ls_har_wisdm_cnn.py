# source: ni79ls/har-keras-cnn 20180903_Keras_HAR_WISDM_CNN_v1.0_for_medium.py (Nils Ackermann's widely read "Human Activity Recognition (HAR) Tutorial with Keras and Core ML", Towards Data Science 2018: WISDM smartphone accelerometer windows of 80 steps x 3 axes, flattened to 240 values for Core ML and reshaped back inside a 1-D CNN)
# commit: 4e44569e171418bb62e3b621090aed9e841a1c0f
# keras: tf_keras
# exercises: `import keras`, `from keras.models import Sequential`, `from keras.layers import Dense, Dropout, Flatten, Reshape, GlobalAveragePooling1D`, `from keras.layers import Conv2D, MaxPooling2D, Conv1D, MaxPooling1D`, `from keras.utils import np_utils` and np_utils.to_categorical; print('keras version ', keras.__version__); Sequential: Reshape((TIME_PERIODS, num_sensors), input_shape=(input_shape,)) (an int in parentheses, not a tuple, as input_shape), Conv1D(100, 10, activation='relu', input_shape=...) on a non-first layer, Conv1D, MaxPooling1D(3), Conv1D(160, 10) x2, GlobalAveragePooling1D, Dropout, Dense softmax; print(model_m.summary()); keras.callbacks.ModelCheckpoint(filepath='best_model.{epoch:02d}-{val_loss:.2f}.h5', monitor='val_loss', save_best_only=True) and keras.callbacks.EarlyStopping(monitor='acc', patience=1) (a metric tf-keras calls 'accuracy': it warns and never stops); compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy']); fit(batch_size=400, validation_split=0.2, verbose=1); evaluate(x_test, y_test, verbose=1) unpacked as score[0] / score[1]; predict and argmax confusion counts
# reduced: the WISDM raw file read with pandas (read_csv, the ';' clean-up, LabelEncoder, the per-user train/test split, feature_normalize of the columns, round(6)) and create_segments_and_labels (overlapping windows with scipy's stats.mode label) replaced by seeded numpy windows of the same shape built the same way (a made-up normalised x/y/z stream per activity, cut into 80-step windows every 40 steps, one activity label per window), 60 training and 24 test windows (pandas, seaborn and sklearn are not installed where the corpus runs); LABELS and the label encoding (sorted activity names -> 0..5) kept; Conv1D filters 100 / 160 -> 8 / 8 (kernel size 10 kept), EPOCHS 50 -> 3, BATCH_SIZE 400 -> 16; Dropout(0.5) -> Dropout(0.0) (random masks cannot match); shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator); the matplotlib / seaborn plots (data plots, learning curve, confusion heat map) and sklearn's classification_report left out, the history keys the learning-curve cell reads (it reads 'acc' and 'val_acc', which tf-keras names 'accuracy' and 'val_accuracy') printed as 'accuracy' / 'val_accuracy'; the confusion matrix counted with numpy
from __future__ import print_function
import numpy as np

import keras
from keras.models import Sequential
from keras.layers import Dense, Dropout, Flatten, Reshape, GlobalAveragePooling1D
from keras.layers import Conv2D, MaxPooling2D, Conv1D, MaxPooling1D
from keras.utils import np_utils


def feature_normalize(dataset):

    mu = np.mean(dataset, axis=0)
    sigma = np.std(dataset, axis=0)
    return (dataset - mu)/sigma


def confusion_counts(validations, predictions):
    matrix = np.zeros((len(LABELS), len(LABELS)), dtype=int)
    for t, p in zip(validations, predictions):
        matrix[t, p] += 1
    return matrix


# stand-in for read_data + LabelEncoder + create_segments_and_labels
def made_up_segments(n_windows, time_steps, step, seed):
    rng = np.random.RandomState(seed)
    activity = rng.permutation(np.arange(n_windows) % len(LABELS))
    length = step * (n_windows - 1) + time_steps
    t = np.arange(length)
    stream = np.zeros((length, 3))
    owner = np.minimum(t // step, n_windows - 1)
    for axis in range(3):
        stream[:, axis] = np.sin(t * 0.2 * (activity[owner] + 1) + axis) * (1 + activity[owner] * 0.3)
    stream += rng.normal(0, 0.3, stream.shape)
    stream = np.round(feature_normalize(stream), 6)
    segments, labels = [], []
    for k, i in enumerate(range(0, length - time_steps + 1, step)):
        segments.append(stream[i: i + time_steps])
        labels.append(activity[k])
    return np.asarray(segments, dtype=np.float32).reshape(-1, time_steps, 3), np.asarray(labels)


print('keras version ', keras.__version__)

LABELS = ["Downstairs",
          "Jogging",
          "Sitting",
          "Standing",
          "Upstairs",
          "Walking"]
# The number of steps within one time segment
TIME_PERIODS = 80
# The steps to take from one segment to the next; if this value is equal to
# TIME_PERIODS, then there is no overlap between the segments
STEP_DISTANCE = 40

print("\n--- Reshape the data into segments ---\n")

x_train, y_train = made_up_segments(60, TIME_PERIODS, STEP_DISTANCE, seed=28)

print("\n--- Reshape data to be accepted by Keras ---\n")

# Inspect x data
print('x_train shape: ', x_train.shape)
print(x_train.shape[0], 'training samples')

# Inspect y data
print('y_train shape: ', y_train.shape)

# Set input & output dimensions
num_time_periods, num_sensors = x_train.shape[1], x_train.shape[2]
num_classes = len(LABELS)
print(LABELS)

input_shape = (num_time_periods*num_sensors)
x_train = x_train.reshape(x_train.shape[0], input_shape)

print('x_train shape:', x_train.shape)
print('input_shape:', input_shape)

# Convert type for Keras otherwise Keras cannot process the data
x_train = x_train.astype("float32")
y_train = y_train.astype("float32")

# One-hot encoding of y_train labels (only execute once!)
y_train = np_utils.to_categorical(y_train, num_classes)
print('New y_train shape: ', y_train.shape)

print("\n--- Create neural network model ---\n")

# 1D CNN neural network
model_m = Sequential()
model_m.add(Reshape((TIME_PERIODS, num_sensors), input_shape=(input_shape,)))
model_m.add(Conv1D(8, 10, activation='relu', input_shape=(TIME_PERIODS, num_sensors)))
model_m.add(Conv1D(8, 10, activation='relu'))
model_m.add(MaxPooling1D(3))
model_m.add(Conv1D(8, 10, activation='relu'))
model_m.add(Conv1D(8, 10, activation='relu'))
model_m.add(GlobalAveragePooling1D())
model_m.add(Dropout(0.0))
model_m.add(Dense(num_classes, activation='softmax'))
print(model_m.summary())

print("\n--- Fit the model ---\n")

callbacks_list = [
    keras.callbacks.ModelCheckpoint(
        filepath='best_model.{epoch:02d}-{val_loss:.2f}.h5',
        monitor='val_loss', save_best_only=True),
    keras.callbacks.EarlyStopping(monitor='acc', patience=1)
]

model_m.compile(loss='categorical_crossentropy',
                optimizer='adam', metrics=['accuracy'])

# Hyper-parameters
BATCH_SIZE = 16
EPOCHS = 3

# Enable validation to use ModelCheckpoint and EarlyStopping callbacks.
history = model_m.fit(x_train,
                      y_train,
                      batch_size=BATCH_SIZE,
                      epochs=EPOCHS,
                      callbacks=callbacks_list,
                      validation_split=0.2,
                      verbose=1,
                      shuffle=False)

print("\n--- Learning curve of model training ---\n")
print(history.history['accuracy'], history.history['val_accuracy'], history.history['loss'], history.history['val_loss'])

print("\n--- Check against test data ---\n")

x_test, y_test = made_up_segments(24, TIME_PERIODS, STEP_DISTANCE, seed=29)

# Set input_shape / reshape for Keras
x_test = x_test.reshape(x_test.shape[0], input_shape)

x_test = x_test.astype("float32")
y_test = y_test.astype("float32")

y_test = np_utils.to_categorical(y_test, num_classes)

score = model_m.evaluate(x_test, y_test, verbose=1)

print("\nAccuracy on test data: %0.2f" % score[1])
print("\nLoss on test data: %0.2f" % score[0])

print("\n--- Confusion matrix for test data ---\n")

y_pred_test = model_m.predict(x_test)
# Take the class with the highest probability from the test predictions
max_y_pred_test = np.argmax(y_pred_test, axis=1)
max_y_test = np.argmax(y_test, axis=1)

print(confusion_counts(max_y_test, max_y_pred_test))
