# source: keras-team/keras-io examples/keras_rs/sequential_retrieval.py ("Sequential retrieval [GRU4Rec]", Abheesht Sharma and Fabien Hertschuh, 2025/04/28: a subclassed two-tower keras.Model whose query tower is a Sequential of Embedding + GRU over the last 10 watched movies and whose candidate tower is an Embedding, trained by an overridden compute_loss (in-batch softmax over query x candidate scores with ops.eye labels) and a keras_rs BruteForceRetrieval layer that reuses the candidate Embedding's variable for top-10 retrieval at inference; Keras 3, KERAS_BACKEND="jax")
# commit: 1c3f86171c2d8788ebec8a39f713ee4ca2093a29
# keras: keras
# backend: torch
# exercises: os.environ["KERAS_BACKEND"] set before `import keras`; a keras.Model subclass holding a keras.Sequential([Embedding, GRU]) made in __init__ with no input shape, an Embedding layer and a retrieval layer; build(input_shape) overridden to build the Sequential and the Embedding by hand, then hand the Embedding's `embeddings` variable to another layer as an attribute (one variable tracked by two layers) and call super().build; call(inputs, training=False) returning a dict whose "predictions" key exists only when not training; compute_loss(self, x, y, y_pred, sample_weight, training=True) overridden (no loss given to compile), calling the candidate Embedding on the integer labels, keras.ops.shape / eye(N, M) / matmul / transpose and a keras.losses.CategoricalCrossentropy(from_logits=True) instance; compile(optimizer=AdamW(learning_rate=0.05)) with no loss; fit with validation_data on integer id arrays, epochs, batch_size; predict returning a dict with integer top-k ids (ops.top_k), keras.ops.convert_to_numpy on them; Python's random.shuffle of the examples
# reduced: model.build((None, MAX_CONTEXT_LENGTH)) added before compile (the example's model is built by its first fit batch; the harness meets Keras's run at compile, where an unbuilt model has no weights to carry over; see kerasio_rs_gru4rec_sequential_retrieval.diagnosis.md for what statefulrnn holds there); run on Keras's torch backend, KERAS_BACKEND "jax" -> "torch" (JAX is not in the reference venv; on TensorFlow, Keras 3 gives AdamW the Embeddings' gradients as IndexedSlices, and the padding id 0 repeats in every batch: README, "Where we differ from Keras"); keras_rs (a library of its own, not in the reference venv) replaced by a stand-in BruteForceRetrieval written from keras_rs/src/layers/retrieval (brute_force_retrieval.py and retrieval.py: scores = matmul(query, transpose(candidates)), keras.ops.top_k, ids returned alone when return_scores=False); the MovieLens 1M download (keras.utils.get_file) and pandas read_csv replaced by a stand-in read_data returning seeded numpy data (np.random.seed(0)): 12 users rating 4 to 9 of 30 movies with ratings 2..5 and increasing timestamps, as an (N, 4) array (so `ratings_df.values` -> `ratings_df`), and movies as a dict of "MovieID" / "Title" numpy arrays; `import pandas as pd` and `import tensorflow as tf` dropped with the tf.data pipeline (from_tensor_slices(...).map(...).batch().cache().prefetch()) replaced by the same numpy arrays given to fit with batch_size=BATCH_SIZE, validation_data=(x_test, y_test), validation_batch_size=TEST_BATCH_SIZE and shuffle=False (the dataset was not shuffled), the "print one batch" loop printing the first batch's arrays, and test_ds.unbatch().take(1) / .batch(1) -> x_test[:1]; `movies_count = movies_df["MovieID"].max()` wrapped in int() (a numpy int64, as pandas' max gives too, is refused by Keras 3.15.1's Embedding: "`input_dim` must be a positive integer"); BATCH_SIZE 4096 -> 16, TEST_BATCH_SIZE 2048 -> 8, EMBEDDING_DIM 32 -> 8, NUM_EPOCHS 5 -> 2, LEARNING_RATE 0.05 -> 0.001 (at 0.05 the loss, predictions' ids and an SGD run all agree with Keras to 2e-7, but AdamW's first steps turn float32 rounding in near-zero gradients of the GRU bias and the Embedding rows into steps near half the learning rate: final weights up to 2.7e-5 apart after 6 steps, 2.7e-6 after one; AdamW itself matches Keras to 5e-8 on a Dense at 0.05)
import os

os.environ["KERAS_BACKEND"] = "torch"  # `"tensorflow"`/`"torch"`

import collections
import os
import random

import keras
import numpy as np


class BruteForceRetrieval(keras.layers.Layer):
    # stand-in for keras_rs.layers.BruteForceRetrieval (candidate_ids None)
    def __init__(self, k=10, return_scores=True, **kwargs):
        super().__init__(**kwargs)
        self.k = k
        self.return_scores = return_scores
        self.candidate_embeddings = None
        self.candidate_ids = None

    def compute_score(self, query_embedding, candidate_embedding):
        return keras.ops.matmul(query_embedding, keras.ops.transpose(candidate_embedding))

    def call(self, inputs):
        scores = self.compute_score(inputs, self.candidate_embeddings)
        top_scores, top_ids = keras.ops.top_k(scores, k=self.k)
        if self.return_scores:
            return top_scores, top_ids
        else:
            return top_ids


class keras_rs:
    class layers:
        BruteForceRetrieval = BruteForceRetrieval


"""
Let's also define all important variables/hyperparameters below.
"""

DATA_DIR = "./raw/data/"

RATINGS_FILE_NAME = "ratings.dat"
MOVIES_FILE_NAME = "movies.dat"

# Data processing args
MAX_CONTEXT_LENGTH = 10
MIN_SEQUENCE_LENGTH = 3
TRAIN_DATA_FRACTION = 0.9

RATINGS_DATA_COLUMNS = ["UserID", "MovieID", "Rating", "Timestamp"]
MOVIES_DATA_COLUMNS = ["MovieID", "Title", "Genres"]
MIN_RATING = 2

# Training/model args
BATCH_SIZE = 16
TEST_BATCH_SIZE = 8
EMBEDDING_DIM = 8
NUM_EPOCHS = 2
LEARNING_RATE = 0.001


# Read the dataset.
def read_data(data_directory, min_rating=None):
    # stand-in for the two pandas read_csv calls on ml-1m
    np.random.seed(0)
    rows = []
    for user_id in range(1, 13):
        n = np.random.randint(4, 10)
        movies = np.random.choice(np.arange(1, 31), size=n, replace=False)
        timestamps = 978300000 + np.cumsum(np.random.randint(1, 1000, size=n))
        for movie_id, timestamp in zip(movies, timestamps):
            rows.append([user_id, movie_id, np.random.randint(1, 6), timestamp])
    ratings_df = np.array(rows, dtype=np.int64)
    # Remove movies with `rating < min_rating`.
    if min_rating is not None:
        ratings_df = ratings_df[ratings_df[:, 2] >= min_rating]
    movies_df = {
        "MovieID": np.arange(1, 31),
        "Title": np.array([f"Movie {i} ({1990 + i})" for i in range(1, 31)]),
    }
    return ratings_df, movies_df


ratings_df, movies_df = read_data(data_directory=DATA_DIR, min_rating=MIN_RATING)

# Need to know #movies so as to define embedding layers.
movies_count = int(movies_df["MovieID"].max())


def get_movie_sequence_per_user(ratings_df):
    """Get movieID sequences for every user."""
    sequences = collections.defaultdict(list)

    for user_id, movie_id, rating, timestamp in ratings_df:
        sequences[user_id].append(
            {
                "movie_id": movie_id,
                "timestamp": timestamp,
                "rating": rating,
            }
        )

    # Sort movie sequences by timestamp for every user.
    for user_id, context in sequences.items():
        context.sort(key=lambda x: x["timestamp"])
        sequences[user_id] = context

    return sequences


def generate_examples_from_user_sequences(sequences):
    """Generates sequences for all users, with padding, truncation, etc."""

    def generate_examples_from_user_sequence(sequence):
        """Generates examples for a single user sequence."""

        examples = []
        for label_idx in range(1, len(sequence)):
            start_idx = max(0, label_idx - MAX_CONTEXT_LENGTH)
            context = sequence[start_idx:label_idx]

            # Padding
            while len(context) < MAX_CONTEXT_LENGTH:
                context.append(
                    {
                        "movie_id": 0,
                        "timestamp": 0,
                        "rating": 0.0,
                    }
                )

            label_movie_id = int(sequence[label_idx]["movie_id"])
            context_movie_id = [int(movie["movie_id"]) for movie in context]

            examples.append(
                {
                    "context_movie_id": context_movie_id,
                    "label_movie_id": label_movie_id,
                },
            )
        return examples

    all_examples = []
    for sequence in sequences.values():
        if len(sequence) < MIN_SEQUENCE_LENGTH:
            continue

        user_examples = generate_examples_from_user_sequence(sequence)

        all_examples.extend(user_examples)

    return all_examples


sequences = get_movie_sequence_per_user(ratings_df)
examples = generate_examples_from_user_sequences(sequences)

# Train-test split.
random.shuffle(examples)
split_index = int(TRAIN_DATA_FRACTION * len(examples))
train_examples = examples[:split_index]
test_examples = examples[split_index:]


def list_of_dicts_to_dict_of_lists(list_of_dicts):
    """Convert list of dictionaries to dictionary of lists for
    `tf.data` conversion.
    """
    dict_of_lists = collections.defaultdict(list)
    for dictionary in list_of_dicts:
        for key, value in dictionary.items():
            dict_of_lists[key].append(value)
    return dict_of_lists


train_examples = list_of_dicts_to_dict_of_lists(train_examples)
test_examples = list_of_dicts_to_dict_of_lists(test_examples)

x_train = np.array(train_examples["context_movie_id"], dtype="int32")
y_train = np.array(train_examples["label_movie_id"], dtype="int32")
x_test = np.array(test_examples["context_movie_id"], dtype="int32")
y_test = np.array(test_examples["label_movie_id"], dtype="int32")

print(x_train[:BATCH_SIZE], y_train[:BATCH_SIZE])


class SequentialRetrievalModel(keras.Model):
    """Create the sequential retrieval model.

    Args:
      movies_count: Total number of unique movies in the dataset.
      embedding_dimension: Output dimension for movie embedding tables.
    """

    def __init__(
        self,
        movies_count,
        embedding_dimension=128,
        **kwargs,
    ):
        super().__init__(**kwargs)
        # Our query tower, simply an embedding table followed by
        # a GRU unit. This encodes sequence of historical movies.
        self.query_model = keras.Sequential(
            [
                keras.layers.Embedding(movies_count + 1, embedding_dimension),
                keras.layers.GRU(embedding_dimension),
            ]
        )

        # Our candidate tower, simply an embedding table.
        self.candidate_model = keras.layers.Embedding(
            movies_count + 1, embedding_dimension
        )

        # The layer that performs the retrieval.
        self.retrieval = keras_rs.layers.BruteForceRetrieval(k=10, return_scores=False)
        self.loss_fn = keras.losses.CategoricalCrossentropy(
            from_logits=True,
        )

    def build(self, input_shape):
        self.query_model.build(input_shape)
        self.candidate_model.build(input_shape)

        # In this case, the candidates are directly the movie embeddings.
        # We take a shortcut and directly reuse the variable.
        self.retrieval.candidate_embeddings = self.candidate_model.embeddings
        self.retrieval.build(input_shape)
        super().build(input_shape)

    def call(self, inputs, training=False):
        query_embeddings = self.query_model(inputs)
        result = {
            "query_embeddings": query_embeddings,
        }

        if not training:
            # Skip the retrieval of top movies during training as the
            # predictions are not used.
            result["predictions"] = self.retrieval(query_embeddings)
        return result

    def compute_loss(self, x, y, y_pred, sample_weight, training=True):
        candidate_id = y
        query_embeddings = y_pred["query_embeddings"]
        candidate_embeddings = self.candidate_model(candidate_id)

        num_queries = keras.ops.shape(query_embeddings)[0]
        num_candidates = keras.ops.shape(candidate_embeddings)[0]

        # One-hot vectors for labels.
        labels = keras.ops.eye(num_queries, num_candidates)

        # Compute the affinity score by multiplying the two embeddings.
        scores = keras.ops.matmul(
            query_embeddings, keras.ops.transpose(candidate_embeddings)
        )

        return self.loss_fn(labels, scores, sample_weight)


model = SequentialRetrievalModel(
    movies_count=movies_count + 1, embedding_dimension=EMBEDDING_DIM
)

model.build((None, MAX_CONTEXT_LENGTH))

# Compile.
model.compile(optimizer=keras.optimizers.AdamW(learning_rate=LEARNING_RATE))

# Train.
model.fit(
    x_train,
    y_train,
    validation_data=(x_test, y_test),
    epochs=NUM_EPOCHS,
    batch_size=BATCH_SIZE,
    validation_batch_size=TEST_BATCH_SIZE,
    shuffle=False,
)

movie_id_to_movie_title = dict(zip(movies_df["MovieID"], movies_df["Title"]))
movie_id_to_movie_title[0] = ""  # Because id 0 is not in the dataset.

print("\n==> Movies the user has watched:")
movie_sequence = x_test[:1]
for element in movie_sequence:
    for movie_id in element[:-1]:
        print(movie_id_to_movie_title[movie_id], end=", ")
    print(movie_id_to_movie_title[element[-1]])

predictions = model.predict(movie_sequence)
predictions = keras.ops.convert_to_numpy(predictions["predictions"])

print("\n==> Recommended movies for the above sequence:")
for movie_id in predictions[0]:
    print(movie_id_to_movie_title.get(movie_id, movie_id))
