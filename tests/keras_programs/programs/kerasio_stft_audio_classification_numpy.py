# source: keras-team/keras-io examples/audio/stft.py ("Audio Classification with the STFTSpectrogram layer", Mostafa M. Amin, created 2024/10/04, last modified 2025/12/08: ESC-10 environmental sounds classified from raw waves through keras.layers.STFTSpectrogram; Keras 3, `import keras`, `from keras import layers`)
# commit: 311b1919825a3ee1ec1839a9cf311a07f2b56ca5
# keras: keras
# exercises: keras.utils.set_random_seed(41); WAV files read by scipy.io.wavfile.read, scaled to [-1, 1] and resampled with scipy.signal.resample, [:, None]; layers.STFTSpectrogram called directly on a numpy batch (mode="log", frame_length, frame_step, fft_length, trainable=False; and padding="same", expand_dims=True, three window lengths concatenated as channels by np.concatenate and transposed); a keras.Sequential named "model_1d_non_trainble_stft" of layers.InputLayer((None, 1)) (a positional shape), a non-trainable STFTSpectrogram(mode="log"), Conv1D relu, Conv1D relu, LayerNormalization, MaxPooling1D(4), three Conv1D relu, LayerNormalization, Dropout, GlobalMaxPooling1D, Dense relu x2, Dropout, a softmax Dense; Adam(1e-5) with sparse_categorical_crossentropy and accuracy; fit(batch_size=BATCH_SIZE, validation_data) with EarlyStopping(monitor="val_loss", patience=EPOCHS, restore_best_weights=True); a functional model on layers.Input((None, 1)) of three trainable STFTSpectrogram(mode="log", fft_length, padding="same", expand_dims=True) branches of different frame lengths, layers.Concatenate(axis=-1), an image model with max pooling called as a layer, Dropout, Dense relu x2, softmax Dense; history.history["accuracy"] / ["val_loss"] read; evaluate unpacked into `_, test_acc` for both models
# reduced: in plot_multi_bandwidth_spectrogram each eager STFTSpectrogram output wrapped in keras.ops.convert_to_numpy(...) before np.concatenate (the layers there are trainable, and Keras 3 on PyTorch, as statefulrnn under Keras 3's rules, hands out a tensor that takes gradients, which numpy refuses; the example runs on JAX, where np.concatenate takes it: see kerasio_stft_audio_classification.diagnosis.md); the ESC-50 download (keras.utils.get_file(..., extract=True)) replaced by 60 made-up WAV files written by the program itself with scipy.io.wavfile.write (int16 at 2000 Hz, one second, numpy RandomState(0): a class-dependent tone plus noise; per fold 1-5, one file for each of the 10 ESC-10 targets and 2 non-ESC-10 ones that the esc10 filter drops) with a meta/esc50.csv of the same columns (filename, fold, target, esc10), so read_wav_file (scipy read + resample) runs unchanged; pandas (not installed) -> csv.DictReader rows with the example's esc10 filter, target remapping and fold selection written as list code; `os.environ["KERAS_BACKEND"] = "jax"` left out (the reference runs Keras 3 on TensorFlow); SAMPLE_RATE 16000 -> 1000 (so frames of 20-50 ms are 20-50 samples), fft_length 1024 / 2048 -> 64 / 64; keras.applications.MobileNet(include_top=False, pooling="max") with ImageNet weights (a pretrained download, and statefulrnn has no keras.applications) -> a small keras.Sequential stand-in of Conv2D relu, MaxPooling2D, Conv2D relu and GlobalMaxPooling2D (the same "features then max pooling" contract), named img_model as in the example; Conv1D filters / kernels (64, 64), (128, 16), (128, 8), (256, 8), (512, 4) -> (4, 8), (8, 4), (8, 3), (8, 3), (8, 2); Dense 256 -> 16; Dropout 0.5 -> 0.0 (random masks cannot match); EPOCHS 200 -> 3 (patience=EPOCHS kept); fit given shuffle=False (a shuffle cannot match); matplotlib plots left out (the spectrogram helpers print the shape and mean of what they would plot; the history plot reads the same history keys and prints them)
import os
import csv

import keras
import numpy as np
import scipy.io.wavfile
from keras import layers
from scipy.signal import resample

keras.utils.set_random_seed(41)

BASE_DATA_DIR = "./datasets/esc-50_extracted/ESC-50-master/"
BATCH_SIZE = 16
NUM_CLASSES = 10
EPOCHS = 3
SAMPLE_RATE = 1000

"""
## Made-up ESC-50 files (replaces the download)
"""
os.makedirs(os.path.join(BASE_DATA_DIR, "audio"), exist_ok=True)
os.makedirs(os.path.join(BASE_DATA_DIR, "meta"), exist_ok=True)
_rng = np.random.RandomState(0)
_esc10_targets = [0, 1, 10, 11, 12, 20, 21, 38, 40, 41]
with open(os.path.join(BASE_DATA_DIR, "meta", "esc50.csv"), "w", newline="") as _f:
    _w = csv.writer(_f)
    _w.writerow(["filename", "fold", "target", "category", "esc10", "src_file", "take"])
    for _fold in range(1, 6):
        for _k, _target in enumerate(_esc10_targets + [2, 3]):
            _name = "%d-%d-A-%d.wav" % (_fold, 100 + _k, _target)
            _t = np.arange(2000) / 2000.0
            _wave = 0.5 * np.sin(2 * np.pi * (30 + 35 * (_k % 10)) * _t) + 0.2 * _rng.randn(2000)
            scipy.io.wavfile.write(
                os.path.join(BASE_DATA_DIR, "audio", _name), 2000, (_wave * 12000).astype(np.int16)
            )
            _w.writerow([_name, _fold, _target, "c%d" % _target, str(_target in _esc10_targets), "src", "A"])

"""
### Read the CSV file
"""

with open(os.path.join(BASE_DATA_DIR, "meta", "esc50.csv")) as _f:
    pd_data = list(csv.DictReader(_f))
# filter ESC-50 to ESC-10 and reassign the targets
pd_data = [row for row in pd_data if row["esc10"] == "True"]
targets = sorted(set(int(row["target"]) for row in pd_data))
assert len(targets) == NUM_CLASSES
old_target_to_new_target = {old: new for new, old in enumerate(targets)}
for row in pd_data:
    row["target"] = old_target_to_new_target[int(row["target"])]
print(pd_data[:3])


def read_wav_file(path, target_sr=SAMPLE_RATE):
    sr, wav = scipy.io.wavfile.read(os.path.join(BASE_DATA_DIR, "audio", path))
    wav = wav.astype(np.float32) / 32768.0  # normalize to [-1, 1]
    num_samples = int(len(wav) * target_sr / sr)  # resample to 16 kHz
    wav = resample(wav, num_samples)
    return wav[:, None]  # Add a channel dimension (of size 1)


def plot_single_spectrogram(sample_wav_data):
    spectrogram = layers.STFTSpectrogram(
        mode="log",
        frame_length=SAMPLE_RATE * 20 // 1000,
        frame_step=SAMPLE_RATE * 5 // 1000,
        fft_length=64,
        trainable=False,
    )(sample_wav_data[None, ...])[0, ...]

    spectrogram = keras.ops.convert_to_numpy(spectrogram)
    print("Single Channel Spectrogram", spectrogram.T.shape, float(spectrogram.mean()))


def plot_multi_bandwidth_spectrogram(sample_wav_data):
    spectrograms = np.concatenate(
        [
            keras.ops.convert_to_numpy(layers.STFTSpectrogram(
                mode="log",
                frame_length=SAMPLE_RATE * x // 1000,
                frame_step=SAMPLE_RATE * 5 // 1000,
                fft_length=64,
                padding="same",
                expand_dims=True,
            )(sample_wav_data[None, ...])[0, ...])
            for x in [5, 10, 20]
        ],
        axis=-1,
    ).transpose([1, 0, 2])

    # normalize each color channel for better viewing
    mn = spectrograms.min(axis=(0, 1), keepdims=True)
    mx = spectrograms.max(axis=(0, 1), keepdims=True)
    spectrograms = (spectrograms - mn) / (mx - mn)

    print("Multi-bandwidth Spectrogram", spectrograms.shape, float(spectrograms.mean()))


sample_wav_data = read_wav_file([row["filename"] for row in pd_data][12])
print(sample_wav_data[:5, 0])

plot_single_spectrogram(sample_wav_data)

plot_multi_bandwidth_spectrogram(sample_wav_data)


def read_dataset(df, folds):
    msk = [int(row["fold"]) in folds for row in df]
    filenames = [row["filename"] for row, m in zip(df, msk) if m]
    targets = np.array([row["target"] for row, m in zip(df, msk) if m])
    waves = np.array([read_wav_file(fil) for fil in filenames], dtype=np.float32)
    return waves, targets


train_x, train_y = read_dataset(pd_data, [1, 2, 3])
valid_x, valid_y = read_dataset(pd_data, [4])
test_x, test_y = read_dataset(pd_data, [5])

"""
### Create the 1D model
"""

model1d = keras.Sequential(
    [
        layers.InputLayer((None, 1)),
        layers.STFTSpectrogram(
            mode="log",
            frame_length=SAMPLE_RATE * 40 // 1000,
            frame_step=SAMPLE_RATE * 15 // 1000,
            trainable=False,
        ),
        layers.Conv1D(4, 8, activation="relu"),
        layers.Conv1D(8, 4, activation="relu"),
        layers.LayerNormalization(),
        layers.MaxPooling1D(4),
        layers.Conv1D(8, 3, activation="relu"),
        layers.Conv1D(8, 3, activation="relu"),
        layers.Conv1D(8, 2, activation="relu"),
        layers.LayerNormalization(),
        layers.Dropout(0.0),
        layers.GlobalMaxPooling1D(),
        layers.Dense(16, activation="relu"),
        layers.Dense(16, activation="relu"),
        layers.Dropout(0.0),
        layers.Dense(NUM_CLASSES, activation="softmax"),
    ],
    name="model_1d_non_trainble_stft",
)
model1d.compile(
    optimizer=keras.optimizers.Adam(1e-5),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model1d.summary()

history_model1d = model1d.fit(
    train_x,
    train_y,
    batch_size=BATCH_SIZE,
    shuffle=False,
    validation_data=(valid_x, valid_y),
    epochs=EPOCHS,
    callbacks=[
        keras.callbacks.EarlyStopping(
            monitor="val_loss",
            patience=EPOCHS,
            restore_best_weights=True,
        )
    ],
)

"""
### Create the 2D model
"""

input = layers.Input((None, 1))
spectrograms = [
    layers.STFTSpectrogram(
        mode="log",
        frame_length=SAMPLE_RATE * frame_size // 1000,
        frame_step=SAMPLE_RATE * 15 // 1000,
        fft_length=64,
        padding="same",
        expand_dims=True,
        # trainable=True,  # trainable by default
    )(input)
    for frame_size in [30, 40, 50]  # frame size in milliseconds
]

multi_spectrograms = layers.Concatenate(axis=-1)(spectrograms)

img_model = keras.Sequential(  # stands in for keras.applications.MobileNet(include_top=False, pooling="max")
    [
        layers.Conv2D(4, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(8, 3, activation="relu"),
        layers.GlobalMaxPooling2D(),
    ]
)
output = img_model(multi_spectrograms)

output = layers.Dropout(0.0)(output)
output = layers.Dense(16, activation="relu")(output)
output = layers.Dense(16, activation="relu")(output)
output = layers.Dense(NUM_CLASSES, activation="softmax")(output)
model2d = keras.Model(input, output, name="model_2d_trainble_stft")

model2d.compile(
    optimizer=keras.optimizers.Adam(1e-4),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model2d.summary()

history_model2d = model2d.fit(
    train_x,
    train_y,
    batch_size=BATCH_SIZE,
    shuffle=False,
    validation_data=(valid_x, valid_y),
    epochs=EPOCHS,
    callbacks=[
        keras.callbacks.EarlyStopping(
            monitor="val_loss",
            patience=EPOCHS,
            restore_best_weights=True,
        )
    ],
)

epochs_range = range(EPOCHS)
for _key in ["accuracy", "val_accuracy", "loss", "val_loss"]:
    print(_key, list(epochs_range), history_model1d.history[_key], history_model2d.history[_key])

"""
### Evaluate on Test Data
"""

_, test_acc = model1d.evaluate(test_x, test_y)
print(f"1D model wit non-trainable STFT -> Test Accuracy: {test_acc * 100:.2f}%")

_, test_acc = model2d.evaluate(test_x, test_y)
print(f"2D model with trainable STFT -> Test Accuracy: {test_acc * 100:.2f}%")
