# source: keras-team/keras-io examples/audio/speaker_recognition_using_cnn.py ("Speaker Recognition", Fadi Badine, 2020: classify speakers from the FFT of 1-second clips with a residual 1-D convnet; the tf.keras version, `from tensorflow import keras`, keras.layers.* / keras.models.Model / keras.callbacks.*)
# commit: 3a8622d94d7685d84435388a20316a1544d0af5c
# keras: tf_keras
# exercises: a functional keras.models.Model built by a residual_block helper (a 1x1 Conv1D shortcut, conv_num - 1 Conv1D(3, padding="same") + Activation("relu"), a last Conv1D, keras.layers.Add()([x, s]), Activation, MaxPool1D(pool_size=2, strides=2)), five blocks, AveragePooling1D(pool_size=3, strides=3), Flatten, Dense relu, Dense relu, a named softmax Dense "output" on a named Input "input"; model.summary(); compile(optimizer="Adam" (the capitalised string), sparse_categorical_crossentropy, accuracy); fit with validation_data and callbacks EarlyStopping(patience=10, restore_best_weights=True) and ModelCheckpoint("model.h5", monitor="val_accuracy", save_best_only=True); print(model.evaluate(...)); predict on noisy FFTs and np.argmax of it
# reduced: the Kaggle speaker-recognition WAV folders (5 speakers, 1500 clips each, plus background-noise files resampled with ffmpeg) replaced by made-up clips: 5 "speakers" each a sum of two sines at its own frequencies with seeded numpy noise (RandomState(SHUFFLE_SEED)), 40 clips each, and 6 made-up noise clips; the folder moving, ffmpeg resampling and tf.audio.decode_wav file loading left out; SAMPLING_RATE 16000 -> 256 (FFT half 128, so the five MaxPool1D halvings and the AveragePooling1D(3) leave length 1); the tf.data pipeline (from_tensor_slices, map, shuffle(seed), batch, prefetch) -> numpy arrays fed to fit / evaluate / predict with batch_size=BATCH_SIZE and shuffle=False (a shuffle cannot match); add_noise (tf.random.uniform / tf.gather / tf.math.reduce_max) and audio_to_fft (tf.signal.fft) rewritten line for line in numpy, same formulas; BATCH_SIZE 128 -> 32; EPOCHS 100 -> 3; Conv1D filters 16, 32, 64, 128, 128 -> 4, 4, 8, 8, 8; Dense 256, 128 -> 16, 8; IPython display / Audio left out (the labels printed)
import os
import numpy as np

from tensorflow import keras

SHUFFLE_SEED = 43
VALID_SPLIT = 0.1
SAMPLING_RATE = 256
SCALE = 0.5
BATCH_SIZE = 32
EPOCHS = 3

"""
## Made-up data (replaces the WAV folders and the noise files)
"""
_rng = np.random.RandomState(SHUFFLE_SEED)
_t = np.arange(SAMPLING_RATE) / SAMPLING_RATE
class_names = ["Benjamin_Netanyau", "Jens_Stoltenberg", "Julia_Gillard", "Magaret_Tarcher", "Nelson_Mandela"]
_clips = {}
for _k, _name in enumerate(class_names):
    _f1, _f2 = 8 + 9 * _k, 20 + 13 * _k
    _clips[_name] = [
        (0.6 * np.sin(2 * np.pi * _f1 * _t + _rng.uniform(0, 6)) + 0.3 * np.sin(2 * np.pi * _f2 * _t)
         + 0.1 * _rng.randn(SAMPLING_RATE)).astype("float32").reshape(-1, 1)
        for _ in range(40)
    ]
noises = np.stack([(0.2 * _rng.randn(SAMPLING_RATE)).astype("float32").reshape(-1, 1) for _ in range(6)])

print(
    "{} noise files were split into {} noise samples where each is {} sec. long".format(
        6, noises.shape[0], noises.shape[1] // SAMPLING_RATE
    )
)


def add_noise(audio, noises=None, scale=0.5):
    if noises is not None:
        # Create a random tensor of the same size as audio ranging from
        # 0 to the number of noise stream samples that we have.
        tf_rnd = _rng.randint(0, noises.shape[0], size=(audio.shape[0],))
        noise = noises[tf_rnd]

        # Get the amplitude proportion between the audio and the noise
        prop = np.max(audio, axis=1) / np.max(noise, axis=1)
        prop = np.repeat(np.expand_dims(prop, axis=1), audio.shape[1], axis=1)

        # Adding the rescaled noise to audio
        audio = audio + noise * prop * scale

    return audio


def audio_to_fft(audio):
    # Since tf.signal.fft applies FFT on the innermost dimension,
    # we need to squeeze the dimensions and then expand them again
    # after FFT
    audio = np.squeeze(audio, axis=-1)
    fft = np.fft.fft(audio.astype("complex64")).astype("complex64")
    fft = np.expand_dims(fft, axis=-1)

    # Return the absolute value of the first half of the FFT
    # which represents the positive frequencies
    return np.abs(fft[:, : (audio.shape[1] // 2), :]).astype("float32")


print("Our class names: {}".format(class_names,))

audio_paths = []
labels = []
for label, name in enumerate(class_names):
    print("Processing speaker {}".format(name,))
    speaker_sample_paths = list(range(len(audio_paths), len(audio_paths) + len(_clips[name])))
    audio_paths += speaker_sample_paths
    labels += [label] * len(speaker_sample_paths)
_all_audio = np.stack([_clips[n][i] for n in class_names for i in range(40)])

print(
    "Found {} files belonging to {} classes.".format(len(audio_paths), len(class_names))
)

# Shuffle
rng = np.random.RandomState(SHUFFLE_SEED)
rng.shuffle(audio_paths)
rng = np.random.RandomState(SHUFFLE_SEED)
rng.shuffle(labels)

# Split into training and validation
num_val_samples = int(VALID_SPLIT * len(audio_paths))
print("Using {} files for training.".format(len(audio_paths) - num_val_samples))
train_audio_paths = audio_paths[:-num_val_samples]
train_labels = labels[:-num_val_samples]

print("Using {} files for validation.".format(num_val_samples))
valid_audio_paths = audio_paths[-num_val_samples:]
valid_labels = labels[-num_val_samples:]

train_x = audio_to_fft(add_noise(_all_audio[train_audio_paths], noises, scale=SCALE))
train_y = np.array(train_labels)
valid_x = audio_to_fft(_all_audio[valid_audio_paths])
valid_y = np.array(valid_labels)

"""
## Model Definition
"""


def residual_block(x, filters, conv_num=3, activation="relu"):
    # Shortcut
    s = keras.layers.Conv1D(filters, 1, padding="same")(x)
    for i in range(conv_num - 1):
        x = keras.layers.Conv1D(filters, 3, padding="same")(x)
        x = keras.layers.Activation(activation)(x)
    x = keras.layers.Conv1D(filters, 3, padding="same")(x)
    x = keras.layers.Add()([x, s])
    x = keras.layers.Activation(activation)(x)
    return keras.layers.MaxPool1D(pool_size=2, strides=2)(x)


def build_model(input_shape, num_classes):
    inputs = keras.layers.Input(shape=input_shape, name="input")

    x = residual_block(inputs, 4, 2)
    x = residual_block(x, 4, 2)
    x = residual_block(x, 8, 3)
    x = residual_block(x, 8, 3)
    x = residual_block(x, 8, 3)

    x = keras.layers.AveragePooling1D(pool_size=3, strides=3)(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(16, activation="relu")(x)
    x = keras.layers.Dense(8, activation="relu")(x)

    outputs = keras.layers.Dense(num_classes, activation="softmax", name="output")(x)

    return keras.models.Model(inputs=inputs, outputs=outputs)


model = build_model((SAMPLING_RATE // 2, 1), len(class_names))

model.summary()

# Compile the model using Adam's default learning rate
model.compile(
    optimizer="Adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
)

# Add callbacks:
# 'EarlyStopping' to stop training when the model is not enhancing anymore
# 'ModelCheckPoint' to always keep the model that has the best val_accuracy
model_save_filename = "model.h5"

earlystopping_cb = keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)
mdlcheckpoint_cb = keras.callbacks.ModelCheckpoint(
    model_save_filename, monitor="val_accuracy", save_best_only=True
)

"""
## Training
"""

history = model.fit(
    train_x,
    train_y,
    batch_size=BATCH_SIZE,
    shuffle=False,
    epochs=EPOCHS,
    validation_data=(valid_x, valid_y),
    callbacks=[earlystopping_cb, mdlcheckpoint_cb],
)

"""
## Evaluation
"""

print(model.evaluate(valid_x, valid_y, batch_size=32))

"""
## Demonstration
"""

SAMPLES_TO_DISPLAY = 10

audios = add_noise(_all_audio[valid_audio_paths], noises, scale=SCALE)
labels = np.array(valid_labels)
# Get the signal FFT
ffts = audio_to_fft(audios)
# Predict
y_pred = model.predict(ffts)
# Take random samples
rnd = np.random.RandomState(0).randint(0, len(labels), SAMPLES_TO_DISPLAY)
labels = labels[rnd]
y_pred = np.argmax(y_pred, axis=-1)[rnd]

for index in range(SAMPLES_TO_DISPLAY):
    print(
        "Speaker: {}\tPredicted: {}".format(
            class_names[labels[index]], class_names[y_pred[index]],
        )
    )
