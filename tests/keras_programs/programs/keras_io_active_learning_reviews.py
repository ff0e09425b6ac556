# source: keras-team/keras-io examples/nlp/active_learning_review_classification.py (the Keras 3 version; keras.io example "Review Classification using Active Learning": IMDB reviews, TextVectorization, an Embedding + Bidirectional LSTM classifier trained on the full set and then by ratio-based active learning; its code in order)
# commit: 1909c6710cd3f5af6401f1176dcee9e26781b4f3
# keras: keras
# exercises: layers.TextVectorization(max_tokens, standardize="lower_and_strip_punctuation", output_sequence_length) adapt()ed on the training reviews and called on arrays of byte strings; keras.models.Sequential([layers.Input(shape=(n,)), Embedding, Bidirectional(LSTM(return_sequences=True)), GlobalMaxPool1D, Dense(relu), Dropout, Dense(sigmoid)]) and summary(); compile(loss="binary_crossentropy", optimizer, metrics=[BinaryAccuracy(), FalseNegatives(), FalsePositives()]); fit on a keras.utils.PyDataset with validation_data a PyDataset and callbacks=[EarlyStopping(patience=4, verbose=1), ModelCheckpoint("....keras", verbose=1, save_best_only=True)]; history.history["binary_accuracy"] / ["val_binary_accuracy"]; keras.models.load_model of the .keras checkpoint; evaluate(verbose=0, return_dict=True); predict; ops.where(ops.greater(predictions, 0.5), 1, 0); evaluate's list unpacked into loss, accuracy, false negatives, false positives that decide how many of each class to sample next; the same ModelCheckpoint reused across fits; recompiling a trained (and a loaded) model to reset its optimizer
# reduced: tfds.load("imdb_reviews") replaced by made-up reviews (numpy RandomState(0)): 120 positive and 120 negative reviews of 8 to 30 words from small positive, negative and neutral vocabularies with some punctuation and capitals, as an object array of byte strings and int64 labels like tfds.as_numpy's; val_split, test_split, train_split 2500, 2500, 7500 -> 20, 20, 20 (so 60 of each class stay in the pools), sampling_size 5000 -> 20; `import tensorflow as tf` and tensorflow_datasets dropped: tf.concat -> np.concatenate, and tf.data.Dataset (from_tensor_slices, map, batch, concatenate, take, skip, cache, shuffle, prefetch, len) -> a small Dataset written here on numpy arrays whose batched form is a keras.utils.PyDataset (map applies the function to all rows at once; cache, prefetch and shuffle(20000) return it unchanged: a shuffle cannot match), tf.data.AUTOTUNE -> AUTOTUNE; vectorizer.adapt(train_dataset.map(lambda x, y: x, ...).batch(256)) -> vectorizer.adapt of the training reviews' array (the same texts); every training set is at most 256 rows, one batch, so fit's shuffling of batches cannot change the result; max_tokens 3000 -> 200, output_sequence_length 150 -> 20 (and Input shape (150,) -> (20,), Embedding input_dim 3000 -> 200); Embedding 128 -> 8, LSTM 32 -> 8, Dense 20 -> 8; Dropout 0.5 -> 0.0 (random masks cannot match); optimizer="rmsprop" -> keras.optimizers.SGD(learning_rate=0.5) in the three compiles (0.5 so that a few steps of one batch move the model off its all-negative start and the false positive / negative ratio decides the sampling): the reviews repeat words within a batch, and Keras 3 on TensorFlow gives RMSprop the Embedding's gradient as IndexedSlices and squares each occurrence's gradient before summing them, where statefulrnn (as Keras on JAX or PyTorch) squares their sum (README, "Where we differ from Keras"; the first epoch matched, the second differed at 3e-4 under rmsprop); no plots (plot_history's body dropped)
import os

os.environ["KERAS_BACKEND"] = "tensorflow"  # @param ["tensorflow", "jax", "torch"]
import keras
from keras import ops
from keras import layers
import numpy as np
import re
import string

_rng = np.random.RandomState(0)
_good = "great wonderful superb loved brilliant moving excellent charming fun masterpiece".split()
_bad = "awful boring terrible hated dull waste worst poor silly mess".split()
_neutral = "the movie film a plot actor story it was and of scene director music ending script cast".split()
_marks = ["", "", "", ",", ".", "!", "?"]


def _review(words):
    count = _rng.randint(8, 31)
    tokens = []
    for _ in range(count):
        pool = words if _rng.rand() < 0.35 else _neutral
        word = pool[_rng.randint(len(pool))]
        if _rng.rand() < 0.1:
            word = word.capitalize()
        tokens.append(word + _marks[_rng.randint(len(_marks))])
    return " ".join(tokens).encode()


_texts, _labels = [], []
for _ in range(120):
    _texts.append(_review(_good))
    _labels.append(1)
    _texts.append(_review(_bad))
    _labels.append(0)
reviews = np.empty(len(_texts), dtype=object)
reviews[:] = _texts
labels = np.array(_labels, dtype=np.int64)

print("Total examples:", reviews.shape[0])

AUTOTUNE = -1


class BatchedDataset(keras.utils.PyDataset):
    def __init__(self, columns, batch_size):
        super().__init__()
        self.columns, self.batch_size = columns, batch_size

    def __len__(self):
        return -(-len(self.columns[0]) // self.batch_size)

    def __getitem__(self, index):
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return tuple(column[rows] for column in self.columns)

    def map(self, function, num_parallel_calls=None):
        return BatchedDataset(_mapped(function, self.columns), self.batch_size)


def _mapped(function, columns):
    out = function(*columns)
    out = out if isinstance(out, tuple) else (out,)
    return tuple(np.asarray(ops.convert_to_numpy(column)) for column in out)


class Dataset:
    def __init__(self, columns):
        self.columns = tuple(np.asarray(column) for column in columns)

    @staticmethod
    def from_tensor_slices(columns):
        return Dataset(columns)

    def __len__(self):
        return len(self.columns[0])

    def map(self, function, num_parallel_calls=None):
        return Dataset(_mapped(function, self.columns))

    def batch(self, batch_size):
        return BatchedDataset(self.columns, batch_size)

    def concatenate(self, other):
        return Dataset(tuple(np.concatenate([a, b]) for a, b in zip(self.columns, other.columns)))

    def take(self, count):
        return Dataset(tuple(column[:count] for column in self.columns))

    def skip(self, count):
        return Dataset(tuple(column[count:] for column in self.columns))

    def cache(self):
        return self

    def shuffle(self, buffer_size):
        return self

    def prefetch(self, buffer_size):
        return self


val_split = 20
test_split = 20
train_split = 20

# Separating the negative and positive samples for manual stratification
x_positives, y_positives = reviews[labels == 1], labels[labels == 1]
x_negatives, y_negatives = reviews[labels == 0], labels[labels == 0]

# Creating training, validation and testing splits
x_val, y_val = (
    np.concatenate((x_positives[:val_split], x_negatives[:val_split]), 0),
    np.concatenate((y_positives[:val_split], y_negatives[:val_split]), 0),
)
x_test, y_test = (
    np.concatenate(
        (
            x_positives[val_split : val_split + test_split],
            x_negatives[val_split : val_split + test_split],
        ),
        0,
    ),
    np.concatenate(
        (
            y_positives[val_split : val_split + test_split],
            y_negatives[val_split : val_split + test_split],
        ),
        0,
    ),
)
x_train, y_train = (
    np.concatenate(
        (
            x_positives[val_split + test_split : val_split + test_split + train_split],
            x_negatives[val_split + test_split : val_split + test_split + train_split],
        ),
        0,
    ),
    np.concatenate(
        (
            y_positives[val_split + test_split : val_split + test_split + train_split],
            y_negatives[val_split + test_split : val_split + test_split + train_split],
        ),
        0,
    ),
)

# Remaining pool of samples are stored separately. These are only labeled as and when required
x_pool_positives, y_pool_positives = (
    x_positives[val_split + test_split + train_split :],
    y_positives[val_split + test_split + train_split :],
)
x_pool_negatives, y_pool_negatives = (
    x_negatives[val_split + test_split + train_split :],
    y_negatives[val_split + test_split + train_split :],
)

# Creating TF Datasets for faster prefetching and parallelization
train_dataset = Dataset.from_tensor_slices((x_train, y_train))
val_dataset = Dataset.from_tensor_slices((x_val, y_val))
test_dataset = Dataset.from_tensor_slices((x_test, y_test))

pool_negatives = Dataset.from_tensor_slices(
    (x_pool_negatives, y_pool_negatives)
)
pool_positives = Dataset.from_tensor_slices(
    (x_pool_positives, y_pool_positives)
)

print(f"Initial training set size: {len(train_dataset)}")
print(f"Validation set size: {len(val_dataset)}")
print(f"Testing set size: {len(test_dataset)}")
print(f"Unlabeled negative pool: {len(pool_negatives)}")
print(f"Unlabeled positive pool: {len(pool_positives)}")


vectorizer = layers.TextVectorization(
    200, standardize="lower_and_strip_punctuation", output_sequence_length=20
)
# Adapting the dataset
vectorizer.adapt(x_train)


def vectorize_text(text, label):
    text = vectorizer(text)
    return text, label


train_dataset = train_dataset.map(
    vectorize_text, num_parallel_calls=AUTOTUNE
).prefetch(AUTOTUNE)
pool_negatives = pool_negatives.map(vectorize_text, num_parallel_calls=AUTOTUNE)
pool_positives = pool_positives.map(vectorize_text, num_parallel_calls=AUTOTUNE)

val_dataset = val_dataset.batch(256).map(
    vectorize_text, num_parallel_calls=AUTOTUNE
)
test_dataset = test_dataset.batch(256).map(
    vectorize_text, num_parallel_calls=AUTOTUNE
)


# Helper function for merging new history objects with older ones
def append_history(losses, val_losses, accuracy, val_accuracy, history):
    losses = losses + history.history["loss"]
    val_losses = val_losses + history.history["val_loss"]
    accuracy = accuracy + history.history["binary_accuracy"]
    val_accuracy = val_accuracy + history.history["val_binary_accuracy"]
    return losses, val_losses, accuracy, val_accuracy


# Plotter function
def plot_history(losses, val_losses, accuracies, val_accuracies):
    pass


def create_model():
    model = keras.models.Sequential(
        [
            layers.Input(shape=(20,)),
            layers.Embedding(input_dim=200, output_dim=8),
            layers.Bidirectional(layers.LSTM(8, return_sequences=True)),
            layers.GlobalMaxPool1D(),
            layers.Dense(8, activation="relu"),
            layers.Dropout(0.0),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.summary()
    return model


def train_full_model(full_train_dataset, val_dataset, test_dataset):
    model = create_model()
    model.compile(
        loss="binary_crossentropy",
        optimizer=keras.optimizers.SGD(learning_rate=0.5),
        metrics=[
            keras.metrics.BinaryAccuracy(),
            keras.metrics.FalseNegatives(),
            keras.metrics.FalsePositives(),
        ],
    )

    # We will save the best model at every epoch and load the best one for evaluation on the test set
    history = model.fit(
        full_train_dataset.batch(256),
        epochs=20,
        validation_data=val_dataset,
        callbacks=[
            keras.callbacks.EarlyStopping(patience=4, verbose=1),
            keras.callbacks.ModelCheckpoint(
                "FullModelCheckpoint.keras", verbose=1, save_best_only=True
            ),
        ],
    )

    # Plot history
    plot_history(
        history.history["loss"],
        history.history["val_loss"],
        history.history["binary_accuracy"],
        history.history["val_binary_accuracy"],
    )

    # Loading the best checkpoint
    model = keras.models.load_model("FullModelCheckpoint.keras")

    print("-" * 100)
    print(
        "Test set evaluation: ",
        model.evaluate(test_dataset, verbose=0, return_dict=True),
    )
    print("-" * 100)
    return model


# Sampling the full train dataset to train on
full_train_dataset = (
    train_dataset.concatenate(pool_positives)
    .concatenate(pool_negatives)
    .cache()
    .shuffle(20000)
)

# Training the full model
full_dataset_model = train_full_model(full_train_dataset, val_dataset, test_dataset)


def train_active_learning_models(
    train_dataset,
    pool_negatives,
    pool_positives,
    val_dataset,
    test_dataset,
    num_iterations=3,
    sampling_size=20,
):

    # Creating lists for storing metrics
    losses, val_losses, accuracies, val_accuracies = [], [], [], []

    model = create_model()
    # We will monitor the false positives and false negatives predicted by our model
    # These will decide the subsequent sampling ratio for every Active Learning loop
    model.compile(
        loss="binary_crossentropy",
        optimizer=keras.optimizers.SGD(learning_rate=0.5),
        metrics=[
            keras.metrics.BinaryAccuracy(),
            keras.metrics.FalseNegatives(),
            keras.metrics.FalsePositives(),
        ],
    )

    # Defining checkpoints.
    # The checkpoint callback is reused throughout the training since it only saves the best overall model.
    checkpoint = keras.callbacks.ModelCheckpoint(
        "AL_Model.keras", save_best_only=True, verbose=1
    )
    # Here, patience is set to 4. This can be set higher if desired.
    early_stopping = keras.callbacks.EarlyStopping(patience=4, verbose=1)

    print(f"Starting to train with {len(train_dataset)} samples")
    # Initial fit with a small subset of the training set
    history = model.fit(
        train_dataset.cache().shuffle(20000).batch(256),
        epochs=20,
        validation_data=val_dataset,
        callbacks=[checkpoint, early_stopping],
    )

    # Appending history
    losses, val_losses, accuracies, val_accuracies = append_history(
        losses, val_losses, accuracies, val_accuracies, history
    )

    for iteration in range(num_iterations):
        # Getting predictions from previously trained model
        predictions = model.predict(test_dataset)

        # Generating labels from the output probabilities
        rounded = ops.where(ops.greater(predictions, 0.5), 1, 0)

        # Evaluating the number of zeros and ones incorrrectly classified
        _, _, false_negatives, false_positives = model.evaluate(test_dataset, verbose=0)

        print("-" * 100)
        print(
            f"Number of zeros incorrectly classified: {false_negatives}, Number of ones incorrectly classified: {false_positives}"
        )

        # This technique of Active Learning demonstrates ratio based sampling where
        # Number of ones/zeros to sample = Number of ones/zeros incorrectly classified / Total incorrectly classified
        if false_negatives != 0 and false_positives != 0:
            total = false_negatives + false_positives
            sample_ratio_ones, sample_ratio_zeros = (
                false_positives / total,
                false_negatives / total,
            )
        # In the case where all samples are correctly predicted, we can sample both classes equally
        else:
            sample_ratio_ones, sample_ratio_zeros = 0.5, 0.5

        print(
            f"Sample ratio for positives: {sample_ratio_ones}, Sample ratio for negatives:{sample_ratio_zeros}"
        )

        # Sample the required number of ones and zeros
        sampled_dataset = pool_negatives.take(
            int(sample_ratio_zeros * sampling_size)
        ).concatenate(pool_positives.take(int(sample_ratio_ones * sampling_size)))

        # Skip the sampled data points to avoid repetition of sample
        pool_negatives = pool_negatives.skip(int(sample_ratio_zeros * sampling_size))
        pool_positives = pool_positives.skip(int(sample_ratio_ones * sampling_size))

        # Concatenating the train_dataset with the sampled_dataset
        train_dataset = train_dataset.concatenate(sampled_dataset).prefetch(
            AUTOTUNE
        )

        print(f"Starting training with {len(train_dataset)} samples")
        print("-" * 100)

        # We recompile the model to reset the optimizer states and retrain the model
        model.compile(
            loss="binary_crossentropy",
            optimizer=keras.optimizers.SGD(learning_rate=0.5),
            metrics=[
                keras.metrics.BinaryAccuracy(),
                keras.metrics.FalseNegatives(),
                keras.metrics.FalsePositives(),
            ],
        )
        history = model.fit(
            train_dataset.cache().shuffle(20000).batch(256),
            validation_data=val_dataset,
            epochs=20,
            callbacks=[
                checkpoint,
                keras.callbacks.EarlyStopping(patience=4, verbose=1),
            ],
        )

        # Appending the history
        losses, val_losses, accuracies, val_accuracies = append_history(
            losses, val_losses, accuracies, val_accuracies, history
        )

        # Loading the best model from this training loop
        model = keras.models.load_model("AL_Model.keras")

    # Plotting the overall history and evaluating the final model
    plot_history(losses, val_losses, accuracies, val_accuracies)
    print("-" * 100)
    print(
        "Test set evaluation: ",
        model.evaluate(test_dataset, verbose=0, return_dict=True),
    )
    print("-" * 100)

    return model


active_learning_model = train_active_learning_models(
    train_dataset, pool_negatives, pool_positives, val_dataset, test_dataset
)
