# source: quangtiencs/keras3-inside-deep-learning Chapter_04.ipynb with utils.py (CustomEvalDataset) (a 2025 port of E. Raff's "Inside Deep Learning" (Manning) from PyTorch to Keras 3, chapter 4 "Recurrent neural networks": an MLP whose hidden Dense layer is shared (the same layer twice in a Sequential), then classifying surnames by language with Embedding + SimpleRNN, a 3-layer SimpleRNN stack and a 3-layer Bidirectional SimpleRNN, all trained by fit on torch DataLoaders (batch_size=1, so each name is a batch of its own length) with a callback that evaluates on the test DataLoader after every epoch; its code cells in order)
# commit: 72d6792dfd2755e6e1cbf59c10395eca5400d45f
# keras: keras
# exercises: os.environ["KERAS_BACKEND"] = "jax" set before `import keras` (kept as written); `from keras import models, layers, losses, metrics`; a keras.callbacks.Callback subclass CustomEvalDataset (a keras.metrics.SparseCategoricalAccuracy() instance as a default argument, on_epoch_end calling self.model.evaluate(datasets, verbose=0) and unpacking (loss, metric), or predict + metric reset_state/update_state/result); torch.utils.data.Dataset subclasses yielding numpy arrays, DataLoader(batch_size=B) and DataLoader(batch_size=1) given to fit and evaluate (fit's batch_size=16 ignored for a loader); models.Sequential([layers.Input(shape=(28, 28)), Flatten, Dense tanh x3, Dense softmax]) and the same with one Dense instance appearing twice (shared weights); compile(optimizer="SGD", loss=losses.SparseCategoricalCrossentropy(), metrics=[metrics.SparseCategoricalAccuracy()]); a standalone layers.Embedding called on a numpy int64 vector; Sequential([layers.Input(shape=(12,)), Embedding, SimpleRNN, Dense softmax]) fed names of other lengths than 12 (batch of one, length varying per batch); SimpleRNN(return_sequences=True) stacks; layers.Bidirectional(layers.SimpleRNN(...)) x3 in a Sequential without an Input; summary(); history.history["sparse_categorical_accuracy"]; verbose=2
# reduced: torchvision.datasets.MNIST (a download) replaced by 64 training and 32 test made-up 28x28 float32 "digits" (numpy RandomState(0): a class-dependent blob plus noise) served by a small torch Dataset in the same (image, label) form; the names data.zip download replaced by made-up lower-case surnames of 3 "languages" (numpy RandomState(1): syllables drawn from a per-language list, 20 names each), made in a dict as the notebook's namge_language_data; torch.utils.data.random_split(dataset, (len - 300, 300)) -> torch.utils.data.Subset with fixed indices (every fifth name to the test set: 48 train, 12 test; random_split draws from torch's generator); both shuffle=True loaders -> shuffle=False (torch's generator again); MNIST batch B = 32 kept, n 256 -> 16; D 64 -> 8, hidden_nodes 256 -> 12; epochs 10 / 20 -> 2; the pandas plotting cells and the requests/zipfile download cell dropped (pandas/matplotlib are not in the Keras venv); bare expression cells printed; `rnn_bidirectional_3layer.build((None, 12))` added before its compile (the notebook builds it at its first fit, after compile, where the harness hands both runs Keras's starting weights: an unbuilt model has none to hand); the standalone Embedding's random output printed only by shape (random initial weights differ between frameworks); utils.CustomEvalDataset pasted in (utils.py of the same repository)
import os

os.environ["KERAS_BACKEND"] = "jax"

import numpy as np
import unicodedata
import string
import torch

import keras
from keras import models
from keras import layers
from keras import losses
from keras import metrics
from torch.utils.data import Dataset, DataLoader

from keras import callbacks


class CustomEvalDataset(callbacks.Callback):
    def __init__(
        self, x=None, y=None, datasets=None, metrics=metrics.SparseCategoricalAccuracy()
    ):
        super().__init__()
        self.x = x
        self.y_true = y
        self.datasets = datasets
        self.metrics = metrics
        self.list_metrics = []

    def on_epoch_end(self, epoch, logs=None):
        self.metrics.reset_state()
        if self.datasets is None:
            y_pred = self.model.predict(self.x, verbose=0)
            self.metrics.update_state(self.y_true, y_pred)
            result = float(self.metrics.result())
            self.list_metrics.append(result)
        else:
            loss, metric = self.model.evaluate(self.datasets, verbose=0)
            self.list_metrics.append(metric)


print(f"Keras: {keras.__version__[:1]}")

# made-up stand-in for torchvision.datasets.MNIST(transform=to_numpy_array)
def made_up_digits(n, rng):
    labels = rng.randint(0, 10, size=n)
    images = rng.uniform(0, 0.3, size=(n, 28, 28)).astype(np.float32)
    for k, label in enumerate(labels):
        r, c = 2 + 2 * (label // 4), 2 + 5 * (label % 4)
        images[k, r:r + 8, c:c + 8] += 0.7
    return [(images[k], int(labels[k])) for k in range(n)]

_rng = np.random.RandomState(0)
mnist_data_train = made_up_digits(64, _rng)
mnist_data_test = made_up_digits(32, _rng)
x_example, y_example = mnist_data_train[0]

B = 32
mnist_train_loader = DataLoader(mnist_data_train, batch_size=B, shuffle=False)
mnist_test_loader = DataLoader(mnist_data_test, batch_size=B)

# How many values are in the input? We use this to help determine the size of subsequent layers
D = 28 * 28  # 28 * 28 images
# Hidden layer size
n = 16
# How many channels are in the input?
C = 1
# How many classes are there?
classes = 10
x_shape = (28, 28)

# Create our regular model
model_regular = models.Sequential(
    [
        layers.Input(shape=x_shape),
        layers.Flatten(),
        layers.Dense(n, activation="tanh"),
        layers.Dense(n, activation="tanh"),
        layers.Dense(n, activation="tanh"),
        layers.Dense(classes, activation="softmax"),
    ]
)

model_regular.compile(
    optimizer="SGD",
    loss=losses.SparseCategoricalCrossentropy(),
    metrics=[metrics.SparseCategoricalAccuracy()],
)

fc_callback_predict_test = CustomEvalDataset(datasets=mnist_test_loader)
fc_results = model_regular.fit(
    mnist_train_loader, callbacks=[fc_callback_predict_test], epochs=2, verbose=2
)

# Create our regular model
h2_layer = layers.Dense(n, activation="tanh")
model_shared = models.Sequential(
    [
        layers.Input(shape=x_shape),
        layers.Flatten(),
        layers.Dense(n, activation="tanh"),
        h2_layer,
        h2_layer,
        layers.Dense(classes, activation="softmax"),
    ]
)

model_shared.compile(
    optimizer="SGD",
    loss=losses.SparseCategoricalCrossentropy(),
    metrics=[metrics.SparseCategoricalAccuracy()],
)

fc_shared_callback_predict_test = CustomEvalDataset(datasets=mnist_test_loader)
fc_shared_result = model_shared.fit(
    mnist_train_loader,
    callbacks=[fc_shared_callback_predict_test],
    epochs=2,
    verbose=2,
)
print(fc_callback_predict_test.list_metrics, fc_shared_callback_predict_test.list_metrics)

namge_language_data = {}

# We will use some code to remove UNICODE tokens to make life easy for us processing wise
# e.g., convert something like "Ślusàrski" to Slusarski
all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)
alphabet = {}
for i in range(n_letters):
    alphabet[all_letters[i]] = i


# Turn a Unicode string to plain ASCII, thanks to https://stackoverflow.com/a/518232/2809427
def unicodeToAscii(s):
    return "".join(
        c
        for c in unicodedata.normalize("NFD", s)
        if unicodedata.category(c) != "Mn" and c in all_letters
    )


# made-up stand-in for the data/names/[LANG].txt files of data.zip
_syllables = {
    "Italian": ["ro", "ssi", "bel", "li", "ni", "ca", "to", "ma"],
    "Polish": ["kow", "ski", "wicz", "sz", "cz", "ak", "no", "wa"],
    "Scottish": ["mac", "don", "ald", "camp", "bell", "son", "ross", "ay"],
}
_rng = np.random.RandomState(1)
for lang, parts in _syllables.items():
    lang_names = [
        unicodeToAscii("".join(_rng.choice(parts, size=_rng.randint(2, 5)))).lower()
        for _ in range(20)
    ]
    namge_language_data[lang] = lang_names
    print(lang, ": ", len(lang_names))  # Print out the name of each language too.


class LanguageNameDataset(Dataset):
    def __init__(self, lang_name_dict, vocabulary):
        self.label_names = [x for x in lang_name_dict.keys()]
        self.data = []
        self.labels = []
        self.vocabulary = vocabulary
        for y, language in enumerate(self.label_names):
            for sample in lang_name_dict[language]:
                self.data.append(sample)
                self.labels.append(y)

    def __len__(self):
        return len(self.data)

    def string2InputVec(self, input_string):
        """
        This method will convert any input string into a vector of long values, according to the vocabulary used by this object.
        input_string: the string to convert to a tensor
        """
        T = len(input_string)  # How many characters long is the string?

        # Create a new tensor to store the result in
        name_vec = np.zeros((T), dtype=np.int64)
        # iterate through the string and place the appropriate values into the tensor
        for pos, character in enumerate(input_string):
            name_vec[pos] = self.vocabulary[character]

        return name_vec

    def __getitem__(self, idx):
        name = self.data[idx]
        label = self.labels[idx]

        # Conver the correct class label into a tensor for PyTorch
        label_vec = np.array([label], dtype=np.int64)

        return self.string2InputVec(name), label


dataset = LanguageNameDataset(namge_language_data, alphabet)

test_indices = list(range(0, len(dataset), 5))
train_indices = [k for k in range(len(dataset)) if k % 5 != 0]
train_data = torch.utils.data.Subset(dataset, train_indices)
test_data = torch.utils.data.Subset(dataset, test_indices)

train_loader = DataLoader(train_data, batch_size=1, shuffle=False)
test_loader = DataLoader(test_data, batch_size=1, shuffle=False)

for e in train_loader:
    print(e)
    break

print(dataset[30])

input_sequence = np.array([0, 1, 1, 0, 2], dtype=np.int64)
embeding_layer = layers.Embedding(3, 2)
x_seq = embeding_layer(input_sequence)
print(input_sequence.shape, x_seq.shape)

D = 8
vocab_size = len(all_letters)
hidden_nodes = 12
classes = len(dataset.label_names)

print(input_sequence.shape)

first_rnn = models.Sequential(
    [
        layers.Input(shape=(12,)),
        layers.Embedding(vocab_size, D),
        layers.SimpleRNN(hidden_nodes),
        layers.Dense(classes, activation="softmax"),  # (B, D) -> (B, classes)
    ]
)

first_rnn.compile(
    optimizer="SGD",
    loss=losses.SparseCategoricalCrossentropy(),
    metrics=[metrics.SparseCategoricalAccuracy()],
)

print([dataset[0][0].shape, dataset[1][0].shape])
print(layers.Embedding(vocab_size, D)(dataset[0][0]).shape)

first_rnn_callback_predict_test = CustomEvalDataset(datasets=test_loader)
first_rnn_result = first_rnn.fit(
    train_loader,
    callbacks=[first_rnn_callback_predict_test],
    epochs=2,
    batch_size=16,
    verbose=2,
)

first_rnn.summary()
print(first_rnn_result.history["sparse_categorical_accuracy"], first_rnn_callback_predict_test.list_metrics)

rnn_3layer = models.Sequential(
    [
        layers.Input(shape=(12,)),
        layers.Embedding(vocab_size, D),
        layers.SimpleRNN(hidden_nodes, return_sequences=True),
        layers.SimpleRNN(hidden_nodes, return_sequences=True),
        layers.SimpleRNN(hidden_nodes),
        layers.Dense(classes, activation="softmax"),  # (B, D) -> (B, classes)
    ]
)

rnn_3layer.compile(
    optimizer="SGD",
    loss=losses.SparseCategoricalCrossentropy(),
    metrics=[metrics.SparseCategoricalAccuracy()],
)

rnn_3layer_callback_predict_test = CustomEvalDataset(datasets=test_loader)
rnn_3layer_result = rnn_3layer.fit(
    train_loader,
    callbacks=[rnn_3layer_callback_predict_test],
    epochs=2,
    batch_size=16,
    verbose=2,
)

rnn_bidirectional_3layer = models.Sequential(
    [
        layers.Embedding(vocab_size, D),
        layers.Bidirectional(layers.SimpleRNN(hidden_nodes, return_sequences=True)),
        layers.Bidirectional(layers.SimpleRNN(hidden_nodes, return_sequences=True)),
        layers.Bidirectional(layers.SimpleRNN(hidden_nodes)),
        layers.Dense(classes, activation="softmax"),  # (B, D) -> (B, classes)
    ]
)
rnn_bidirectional_3layer.build((None, 12))

rnn_bidirectional_3layer.compile(
    optimizer="SGD",
    loss=losses.SparseCategoricalCrossentropy(),
    metrics=[metrics.SparseCategoricalAccuracy()],
)

rnn_bidirectional_3layer_callback_predict_test = CustomEvalDataset(datasets=test_loader)
rnn_bidirectional_3layer_result = rnn_bidirectional_3layer.fit(
    train_loader,
    callbacks=[rnn_bidirectional_3layer_callback_predict_test],
    epochs=2,
    batch_size=16,
    verbose=2,
)
print(rnn_3layer_result.history["sparse_categorical_accuracy"], rnn_3layer_callback_predict_test.list_metrics)
print(rnn_bidirectional_3layer_result.history["sparse_categorical_accuracy"], rnn_bidirectional_3layer_callback_predict_test.list_metrics)
