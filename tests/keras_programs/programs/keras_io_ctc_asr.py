# source: keras-team/keras-io examples/audio/ctc_asr.py (the DeepSpeech2-like version of 2021/09/26, by Mohamed Reda Bouadjenek and Ngoc Dung Huynh: `from tensorflow import keras`)
# commit: ad4fc805f5e1a4a4c0bcdd416aa9feac6608fb6c
# keras: tf_keras
# exercises: keras.layers.StringLookup(vocabulary=characters, oov_token="") and its invert=True twin, vocabulary_size(); a CTCLoss function compiled as the loss: (batch, 1) lengths from the shapes of y_true and y_pred handed to keras.backend.ctc_batch_cost (softmax outputs, the last class the blank, the padded labels' zeros counted as labels of the OOV class); layers.Input((None, input_dim)) of variable length, Reshape((-1, input_dim, 1)), two Conv2D(kernel_size=[11, 41] / [11, 21], strides=[2, 2] / [1, 2], padding="same", use_bias=False) with BatchNormalization and ReLU, Reshape((-1, x.shape[-2] * x.shape[-1])), five Bidirectional(GRU(activation="tanh", recurrent_activation="sigmoid", reset_after=True, return_sequences=True), merge_mode="concat") in a loop with Dropout between them, Dense + ReLU + Dropout, a Dense softmax over vocabulary_size() + 1 classes; keras.optimizers.Adam(learning_rate=1e-4); summary(line_length=110); fit on padded batches of different lengths with validation_data and a Callback (super().__init__(), on_epoch_end) that predicts every validation batch and decodes it; keras.backend.ctc_decode(greedy=True) and num_to_char read back; predict on each validation batch
# reduced: the LJSpeech download (keras.utils.get_file), pandas (read_csv of metadata.csv, sample(frac=1), not installed in the Keras venv) and the wav files replaced by 24 made-up clips: file names and lower/upper-case transcriptions of 1 or 2 words from a fixed list (at most 7 characters), shuffled by np.random.permutation as sample(frac=1) shuffles, and spectrograms of 32 to 40 frames made up with numpy (|noise + a pattern per character|) in place of tf.io.read_file / tf.audio.decode_wav / tf.signal.stft, then steps 5 and 6 (tf.math.pow(., 0.5), the per-frame mean / std normalisation) written with numpy; encode_single_sample's tf.strings.lower / unicode_split -> str.lower / list; the two tf.data pipelines (map, padded_batch(batch_size), prefetch) replaced by a keras.utils.Sequence that pads each batch as padded_batch does (spectrograms with 0.0 and labels with 0 to the batch's longest), handed to fit with shuffle=False (fit shuffles a Sequence's batches, never a dataset's); fft_length 384 -> 30 (input_dim 16), batch_size 32 -> 8, rnn_units 512 -> 8 (Dense(units=rnn_units * 2) 16), Conv2D filters 32 -> 8 (a small reference); Dropout(rate=0.5) -> 0.0 (random masks cannot match); in CTCLoss, tf.cast / tf.shape -> keras.backend.cast / keras.backend.shape and tf.ones(shape=(batch_len, 1), dtype="int64") -> keras.backend.ones_like(y_true[:, :1], dtype="int64") (statefulrnn stands in for Keras, not TensorFlow: `import tensorflow as tf` becomes `import statefulrnn as tf`; keras.backend.ones cannot take the graph's batch size); tf.strings.reduce_join(num_to_char(.)).numpy().decode("utf-8") -> reduce_join(num_to_char(.)), a numpy join; jiwer's wer (not installed) -> a word-level edit distance over all the transcripts (jiwer's corpus WER); matplotlib, IPython display and the visualisation section dropped
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


"""
## Load the made-up "LJSpeech" clips
"""

words = ["the", "cat", "RAN", "to", "me", "i", "saw", "it!", "a", "dog"]
num_clips = 24
file_names = [f"LJ{i:03d}-0001" for i in range(num_clips)]
transcriptions = []
for i in range(num_clips):
    count = 1 if i % 3 else 2
    text = " ".join(np.random.choice(words, size=count))
    transcriptions.append(text[:7])
order = np.random.permutation(num_clips)  # metadata_df.sample(frac=1)
metadata_df = {
    "file_name": [file_names[i] for i in order],
    "normalized_transcription": [transcriptions[i] for i in order],
}


"""
We now split the data into training and validation set.
"""

split = int(len(metadata_df["file_name"]) * 0.90)
df_train = {key: value[:split] for key, value in metadata_df.items()}
df_val = {key: value[split:] for key, value in metadata_df.items()}

print(f"Size of the training set: {len(df_train['file_name'])}")
print(f"Size of the training set: {len(df_val['file_name'])}")


"""
## Preprocessing

We first prepare the vocabulary to be used.
"""

# The set of characters accepted in the transcription.
characters = [x for x in "abcdefghijklmnopqrstuvwxyz'?! "]
# Mapping characters to integers
char_to_num = keras.layers.StringLookup(vocabulary=characters, oov_token="")
# Mapping integers back to original characters
num_to_char = keras.layers.StringLookup(
    vocabulary=char_to_num.get_vocabulary(), oov_token="", invert=True
)

print(
    f"The vocabulary is: {char_to_num.get_vocabulary()} "
    f"(size ={char_to_num.vocabulary_size()})"
)

# An integer scalar Tensor. The window length in samples.
frame_length = 256
# An integer scalar Tensor. The number of samples to step.
frame_step = 160
# An integer scalar Tensor. The size of the FFT to apply.
# If not provided, uses the smallest power of 2 enclosing frame_length.
fft_length = 30

clip_frames = {name: 32 + (i * 7) % 9 for i, name in enumerate(file_names)}


def encode_single_sample(wav_file, label):
    ###########################################
    ##  Process the Audio
    ##########################################
    # 1-4. A made-up magnitude spectrogram: noise plus a pattern for each character
    rng = np.random.RandomState(int(wav_file[2:5]))
    frames = clip_frames[wav_file]
    spectrogram = rng.normal(size=(frames, fft_length // 2 + 1))
    for position, char in enumerate(label.lower()):
        spectrogram[position * 4 : position * 4 + 3, characters.index(char) % 16] += 3.0
    spectrogram = np.abs(spectrogram).astype("float32")
    spectrogram = np.power(spectrogram, 0.5)
    # 6. normalisation
    means = np.mean(spectrogram, 1, keepdims=True)
    stddevs = np.std(spectrogram, 1, keepdims=True)
    spectrogram = (spectrogram - means) / (stddevs + 1e-10)
    ###########################################
    ##  Process the label
    ##########################################
    # 7. Convert label to Lower case
    label = label.lower()
    # 8. Split the label
    label = np.array(list(label))
    # 9. Map the characters in label to numbers
    label = keras.backend.get_value(char_to_num(label))
    # 10. Return a dict as our model is expecting two inputs
    return spectrogram, label


class PaddedBatches(keras.utils.Sequence):
    """map(encode_single_sample).padded_batch(batch_size): each batch padded to its longest."""

    def __init__(self, file_names, transcriptions, batch_size):
        super().__init__()
        self.samples = [encode_single_sample(f, t) for f, t in zip(file_names, transcriptions)]
        self.batch_size = batch_size

    def __len__(self):
        return -(-len(self.samples) // self.batch_size)

    def __getitem__(self, index):
        batch = self.samples[index * self.batch_size : (index + 1) * self.batch_size]
        frames = max(len(s) for s, _ in batch)
        length = max(len(l) for _, l in batch)
        x = np.zeros((len(batch), frames, batch[0][0].shape[1]), "float32")
        y = np.zeros((len(batch), length), "int64")
        for row, (spectrogram, label) in enumerate(batch):
            x[row, : len(spectrogram)] = spectrogram
            y[row, : len(label)] = label
        return x, y


batch_size = 8
# Define the trainig dataset
train_dataset = PaddedBatches(
    df_train["file_name"], df_train["normalized_transcription"], batch_size
)

# Define the validation dataset
validation_dataset = PaddedBatches(
    df_val["file_name"], df_val["normalized_transcription"], batch_size
)


def reduce_join(chars):
    chars = keras.backend.get_value(chars)
    return "".join(c.decode("utf-8") if isinstance(c, bytes) else str(c) for c in chars)


def wer(targets, predictions):
    edits, total = 0, 0
    for target, prediction in zip(targets, predictions):
        t, p = target.split(), prediction.split()
        d = np.arange(len(p) + 1)
        for i in range(1, len(t) + 1):
            previous, d[0] = d[0], i
            for j in range(1, len(p) + 1):
                previous, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, previous + (t[i - 1] != p[j - 1]))
        edits, total = edits + d[len(p)], total + len(t)
    return edits / total


"""
## Model

We first define the CTC Loss function.
"""


def CTCLoss(y_true, y_pred):
    # Compute the training-time loss value
    batch_len = keras.backend.cast(keras.backend.shape(y_true)[0], dtype="int64")
    input_length = keras.backend.cast(keras.backend.shape(y_pred)[1], dtype="int64")
    label_length = keras.backend.cast(keras.backend.shape(y_true)[1], dtype="int64")

    input_length = input_length * keras.backend.ones_like(y_true[:, :1], dtype="int64")
    label_length = label_length * keras.backend.ones_like(y_true[:, :1], dtype="int64")

    loss = keras.backend.ctc_batch_cost(y_true, y_pred, input_length, label_length)
    return loss


"""
We now define our model. We will define a model similar to
[DeepSpeech2](https://nvidia.github.io/OpenSeq2Seq/html/speech-recognition/deepspeech2.html).
"""


def build_model(input_dim, output_dim, rnn_layers=5, rnn_units=128):
    """Model similar to DeepSpeech2."""
    # Model's input
    input_spectrogram = layers.Input((None, input_dim), name="input")
    # Expand the dimension to use 2D CNN.
    x = layers.Reshape((-1, input_dim, 1), name="expand_dim")(input_spectrogram)
    # Convolution layer 1
    x = layers.Conv2D(
        filters=8,
        kernel_size=[11, 41],
        strides=[2, 2],
        padding="same",
        use_bias=False,
        name="conv_1",
    )(x)
    x = layers.BatchNormalization(name="conv_1_bn")(x)
    x = layers.ReLU(name="conv_1_relu")(x)
    # Convolution layer 2
    x = layers.Conv2D(
        filters=8,
        kernel_size=[11, 21],
        strides=[1, 2],
        padding="same",
        use_bias=False,
        name="conv_2",
    )(x)
    x = layers.BatchNormalization(name="conv_2_bn")(x)
    x = layers.ReLU(name="conv_2_relu")(x)
    # Reshape the resulted volume to feed the RNNs layers
    x = layers.Reshape((-1, x.shape[-2] * x.shape[-1]))(x)
    # RNN layers
    for i in range(1, rnn_layers + 1):
        recurrent = layers.GRU(
            units=rnn_units,
            activation="tanh",
            recurrent_activation="sigmoid",
            use_bias=True,
            return_sequences=True,
            reset_after=True,
            name=f"gru_{i}",
        )
        x = layers.Bidirectional(
            recurrent, name=f"bidirectional_{i}", merge_mode="concat"
        )(x)
        if i < rnn_layers:
            x = layers.Dropout(rate=0.0)(x)
    # Dense layer
    x = layers.Dense(units=rnn_units * 2, name="dense_1")(x)
    x = layers.ReLU(name="dense_1_relu")(x)
    x = layers.Dropout(rate=0.0)(x)
    # Classification layer
    output = layers.Dense(units=output_dim + 1, activation="softmax")(x)
    # Model
    model = keras.Model(input_spectrogram, output, name="DeepSpeech_2")
    # Optimizer
    opt = keras.optimizers.Adam(learning_rate=1e-4)
    # Compile the model and return
    model.compile(optimizer=opt, loss=CTCLoss)
    return model


# Get the model
model = build_model(
    input_dim=fft_length // 2 + 1,
    output_dim=char_to_num.vocabulary_size(),
    rnn_units=8,
)
model.summary(line_length=110)

"""
## Training and Evaluating
"""

# A utility function to decode the output of the network
def decode_batch_predictions(pred):
    input_len = np.ones(pred.shape[0]) * pred.shape[1]
    # Use greedy search. For complex tasks, you can use beam search
    results = keras.backend.ctc_decode(pred, input_length=input_len, greedy=True)[0][0]
    # Iterate over the results and get back the text
    output_text = []
    for result in results:
        result = reduce_join(num_to_char(result))
        output_text.append(result)
    return output_text


# A callback class to output a few transcriptions during training
class CallbackEval(keras.callbacks.Callback):
    """Displays a batch of outputs after every epoch."""

    def __init__(self, dataset):
        super().__init__()
        self.dataset = dataset

    def on_epoch_end(self, epoch: int, logs=None):
        predictions = []
        targets = []
        for batch in self.dataset:
            X, y = batch
            batch_predictions = model.predict(X)
            batch_predictions = decode_batch_predictions(batch_predictions)
            predictions.extend(batch_predictions)
            for label in y:
                label = (
                    reduce_join(num_to_char(label))
                )
                targets.append(label)
        wer_score = wer(targets, predictions)
        print("-" * 100)
        print(f"Word Error Rate: {wer_score:.4f}")
        print("-" * 100)
        for i in np.random.randint(0, len(predictions), 2):
            print(f"Target    : {targets[i]}")
            print(f"Prediction: {predictions[i]}")
            print("-" * 100)


"""
Let's start the training process.
"""

# Define the number of epochs.
epochs = 1
# Callback function to check transcription on the val set.
validation_callback = CallbackEval(validation_dataset)
# Train the model
history = model.fit(
    train_dataset,
    validation_data=validation_dataset,
    epochs=epochs,
    callbacks=[validation_callback],
    shuffle=False,
)


"""
## Inference
"""

# Let's check results on more validation samples
predictions = []
targets = []
for batch in validation_dataset:
    X, y = batch
    batch_predictions = model.predict(X)
    batch_predictions = decode_batch_predictions(batch_predictions)
    predictions.extend(batch_predictions)
    for label in y:
        label = reduce_join(num_to_char(label))
        targets.append(label)
wer_score = wer(targets, predictions)
print("-" * 100)
print(f"Word Error Rate: {wer_score:.4f}")
print("-" * 100)
for i in np.random.randint(0, len(predictions), 5):
    print(f"Target    : {targets[i]}")
    print(f"Prediction: {predictions[i]}")
    print("-" * 100)
