# source: keras-team/keras-io examples/structured_data/movielens_recommendations_transformers.py ("A Transformer-based recommendation system", Khalid Salama: the Behavior Sequence Transformer on Movielens; the tf.keras version: `from tensorflow import keras`, `from tensorflow.keras.layers import StringLookup`)
# commit: ef4cd453400aae442632ffdba260673ecc09500a
# keras: tf_keras
# exercises: a functional keras.Model whose inputs are a dict of seven named layers.Input (string inputs of shape (1,) and (sequence_length - 1,), a float one), four of them unused with the example's include_* flags False; StringLookup(vocabulary=..., mask_token=None, num_oov_indices=0, name=...) shared by the target movie and the movie sequence; Embedding layers named by f-strings (movie_embedding, position_embedding) and a frozen genres Embedding with embeddings_initializer=tf.keras.initializers.Constant(genre_vectors), trainable=False (built, unused with include_movie_features False); a position Embedding called on a constant range tensor and added to a symbolic tensor; expand_dims of an Input; layers.Multiply()([a + b, ratings]); the sequence split per position and re-joined with the target movie's embedding by layers.concatenate(axis=1); MultiHeadAttention(num_heads=3, key_dim=transformer_features.shape[2], dropout=...); Dropout, Add, LayerNormalization, LeakyReLU, Dense(units=x2.shape[-1]), Flatten; Dense + BatchNormalization + LeakyReLU + Dropout blocks; Dense(1); compile(optimizer=keras.optimizers.Adagrad(learning_rate=0.01), loss=MeanSquaredError(), metrics=[MeanAbsoluteError()]); fit on a dict of string and float arrays; evaluate(verbose=0) unpacked into `_, rmse`
# reduced: the ml-1m download (urlretrieve, ZipFile) and pandas (not installed) replaced by made-up users, movies and ratings (numpy RandomState(0): 10 users with sex, age_group, occupation, 16 movies with genres drawn from the example's 18, 12 timestamped ratings of 1-5 per user) and the example's DataFrame steps done on Python lists in the same order: the "user_", "group_", "occupation_", "movie_" prefixes, the per-genre 0/1 columns, ratings sorted by timestamp and grouped by user, create_sequences (kept as written) with sequence_length 4 and step_size 2, exploded to one record per sequence and joined with the user features, an 85/15 split by np.random.rand(n) <= 0.85 (the global numpy generator, seeded by the harness); the CSV files and tf.data.experimental.make_csv_dataset + process (tf.strings.split / to_number) -> the same records as a dict of numpy arrays by feature name (target_movie_id the last movie id, sequence_movie_ids the others, the last rating as the target), given to fit with batch_size=32 and shuffle=False (the dataset's shuffle cannot match) and to evaluate with batch_size=32; tf.range(start=0, limit=n, delta=1) -> keras.backend.arange(start=0, stop=n, step=1), tf.expand_dims -> keras.backend.expand_dims, tf.unstack(t, axis=1) -> [t[:, i] for i in range(t.shape[1])] and dtype=tf.float32 -> "float32" (statefulrnn stands in for Keras, not TensorFlow; `tf.string` is kept); the position_embedding layer given embeddings_initializer=keras.initializers.Constant(np.random.RandomState(1).uniform(-0.05, 0.05, (sequence_length, movie_embedding_dims))) (the range of its default uniform initializer): it is called on a constant, so its output is a constant of the model and its weights are not among the model's (on tf-keras as here), and their random start could not be handed from Keras's run to statefulrnn's (the first try, without it, differed by 2% in the first epoch's loss); hidden_units [256, 128] -> [8, 8]; dropout_rate 0.1 -> 0.0 (random masks cannot match); batch_size 265 -> 32, epochs 5 -> 2; the example's prose strings left out
import os
import math
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.layers import StringLookup

K = keras.backend
_rng = np.random.RandomState(0)

genres = [
    "Action",
    "Adventure",
    "Animation",
    "Children's",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Film-Noir",
    "Horror",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western",
]

# users.dat / movies.dat / ratings.dat, made up (as rows of the example's columns)
users = [{"user_id": u, "sex": "MF"[_rng.randint(2)], "age_group": int(_rng.choice([1, 18, 25, 35])),
          "occupation": int(_rng.randint(0, 5)), "zip_code": "00000"} for u in range(1, 11)]
movies = [{"movie_id": m, "title": f"Film {m}",
           "genres": "|".join(sorted(set(_rng.choice(genres, _rng.randint(1, 3)))))} for m in range(1, 17)]
ratings = [{"user_id": u, "movie_id": int(m), "rating": int(_rng.randint(1, 6)),
            "unix_timestamp": int(_rng.randint(10**9, 10**9 + 10**6))}
           for u in range(1, 11) for m in _rng.choice(np.arange(1, 17), 12, replace=False)]

for u in users:
    u["user_id"] = f"user_{u['user_id']}"
    u["age_group"] = f"group_{u['age_group']}"
    u["occupation"] = f"occupation_{u['occupation']}"
for m in movies:
    m["movie_id"] = f"movie_{m['movie_id']}"
for r in ratings:
    r["movie_id"] = f"movie_{r['movie_id']}"
    r["user_id"] = f"user_{r['user_id']}"
    r["rating"] = float(r["rating"])

for genre in genres:
    for m in movies:
        m[genre] = int(genre in m["genres"].split("|"))

_by_user = {}
for r in sorted(ratings, key=lambda r: r["unix_timestamp"]):
    _by_user.setdefault(r["user_id"], []).append(r)
ratings_data = [{"user_id": u, "movie_ids": [r["movie_id"] for r in rs], "ratings": [r["rating"] for r in rs]}
                for u, rs in sorted(_by_user.items())]

sequence_length = 4
step_size = 2


def create_sequences(values, window_size, step_size):
    sequences = []
    start_index = 0
    while True:
        end_index = start_index + window_size
        seq = values[start_index:end_index]
        if len(seq) < window_size:
            seq = values[-window_size:]
            if len(seq) == window_size:
                sequences.append(seq)
            break
        sequences.append(seq)
        start_index += step_size
    return sequences


_user_features = {u["user_id"]: u for u in users}
ratings_data_transformed = []
for row in ratings_data:
    for ids, rs in zip(create_sequences(row["movie_ids"], sequence_length, step_size),
                       create_sequences(row["ratings"], sequence_length, step_size)):
        user = _user_features[row["user_id"]]
        ratings_data_transformed.append({"user_id": row["user_id"], "sequence_movie_ids": ids,
                                         "sequence_ratings": rs, "sex": user["sex"],
                                         "age_group": user["age_group"], "occupation": user["occupation"]})

random_selection = np.random.rand(len(ratings_data_transformed)) <= 0.85
train_data = [r for r, s in zip(ratings_data_transformed, random_selection) if s]
test_data = [r for r, s in zip(ratings_data_transformed, random_selection) if not s]
print(len(train_data), "training sequences,", len(test_data), "test sequences")

CATEGORICAL_FEATURES_WITH_VOCABULARY = {
    "user_id": list(dict.fromkeys(u["user_id"] for u in users)),
    "movie_id": list(dict.fromkeys(m["movie_id"] for m in movies)),
    "sex": list(dict.fromkeys(u["sex"] for u in users)),
    "age_group": list(dict.fromkeys(u["age_group"] for u in users)),
    "occupation": list(dict.fromkeys(u["occupation"] for u in users)),
}

USER_FEATURES = ["sex", "age_group", "occupation"]

MOVIE_FEATURES = ["genres"]


def get_dataset_from_records(records):
    # Stands in for get_dataset_from_csv's make_csv_dataset + process: features and target.
    features = {
        "user_id": np.array([[r["user_id"]] for r in records], dtype=object),
        "sequence_movie_ids": np.array([r["sequence_movie_ids"][:-1] for r in records], dtype=object),
        "target_movie_id": np.array([[r["sequence_movie_ids"][-1]] for r in records], dtype=object),
        "sequence_ratings": np.array([r["sequence_ratings"][:-1] for r in records], dtype="float32"),
        "sex": np.array([[r["sex"]] for r in records], dtype=object),
        "age_group": np.array([[r["age_group"]] for r in records], dtype=object),
        "occupation": np.array([[r["occupation"]] for r in records], dtype=object),
    }
    target = np.array([r["sequence_ratings"][-1] for r in records], dtype="float32")
    return features, target


def create_model_inputs():
    return {
        "user_id": layers.Input(name="user_id", shape=(1,), dtype=tf.string),
        "sequence_movie_ids": layers.Input(
            name="sequence_movie_ids", shape=(sequence_length - 1,), dtype=tf.string
        ),
        "target_movie_id": layers.Input(
            name="target_movie_id", shape=(1,), dtype=tf.string
        ),
        "sequence_ratings": layers.Input(
            name="sequence_ratings", shape=(sequence_length - 1,), dtype="float32"
        ),
        "sex": layers.Input(name="sex", shape=(1,), dtype=tf.string),
        "age_group": layers.Input(name="age_group", shape=(1,), dtype=tf.string),
        "occupation": layers.Input(name="occupation", shape=(1,), dtype=tf.string),
    }


def encode_input_features(
    inputs,
    include_user_id=True,
    include_user_features=True,
    include_movie_features=True,
):

    encoded_transformer_features = []
    encoded_other_features = []

    other_feature_names = []
    if include_user_id:
        other_feature_names.append("user_id")
    if include_user_features:
        other_feature_names.extend(USER_FEATURES)

    ## Encode user features
    for feature_name in other_feature_names:
        # Convert the string input values into integer indices.
        vocabulary = CATEGORICAL_FEATURES_WITH_VOCABULARY[feature_name]
        idx = StringLookup(vocabulary=vocabulary, mask_token=None, num_oov_indices=0)(
            inputs[feature_name]
        )
        # Compute embedding dimensions
        embedding_dims = int(math.sqrt(len(vocabulary)))
        # Create an embedding layer with the specified dimensions.
        embedding_encoder = layers.Embedding(
            input_dim=len(vocabulary),
            output_dim=embedding_dims,
            name=f"{feature_name}_embedding",
        )
        # Convert the index values to embedding representations.
        encoded_other_features.append(embedding_encoder(idx))

    ## Create a single embedding vector for the user features
    if len(encoded_other_features) > 1:
        encoded_other_features = layers.concatenate(encoded_other_features)
    elif len(encoded_other_features) == 1:
        encoded_other_features = encoded_other_features[0]
    else:
        encoded_other_features = None

    ## Create a movie embedding encoder
    movie_vocabulary = CATEGORICAL_FEATURES_WITH_VOCABULARY["movie_id"]
    movie_embedding_dims = int(math.sqrt(len(movie_vocabulary)))
    # Create a lookup to convert string values to integer indices.
    movie_index_lookup = StringLookup(
        vocabulary=movie_vocabulary,
        mask_token=None,
        num_oov_indices=0,
        name="movie_index_lookup",
    )
    # Create an embedding layer with the specified dimensions.
    movie_embedding_encoder = layers.Embedding(
        input_dim=len(movie_vocabulary),
        output_dim=movie_embedding_dims,
        name=f"movie_embedding",
    )
    # Create a vector lookup for movie genres.
    genre_vectors = np.array([[m[g] for g in genres] for m in movies])
    movie_genres_lookup = layers.Embedding(
        input_dim=genre_vectors.shape[0],
        output_dim=genre_vectors.shape[1],
        embeddings_initializer=tf.keras.initializers.Constant(genre_vectors),
        trainable=False,
        name="genres_vector",
    )
    # Create a processing layer for genres.
    movie_embedding_processor = layers.Dense(
        units=movie_embedding_dims,
        activation="relu",
        name="process_movie_embedding_with_genres",
    )

    ## Define a function to encode a given movie id.
    def encode_movie(movie_id):
        # Convert the string input values into integer indices.
        movie_idx = movie_index_lookup(movie_id)
        movie_embedding = movie_embedding_encoder(movie_idx)
        encoded_movie = movie_embedding
        if include_movie_features:
            movie_genres_vector = movie_genres_lookup(movie_idx)
            encoded_movie = movie_embedding_processor(
                layers.concatenate([movie_embedding, movie_genres_vector])
            )
        return encoded_movie

    ## Encoding target_movie_id
    target_movie_id = inputs["target_movie_id"]
    encoded_target_movie = encode_movie(target_movie_id)

    ## Encoding sequence movie_ids.
    sequence_movies_ids = inputs["sequence_movie_ids"]
    encoded_sequence_movies = encode_movie(sequence_movies_ids)
    # Create positional embedding.
    position_embedding_encoder = layers.Embedding(
        input_dim=sequence_length,
        output_dim=movie_embedding_dims,
        embeddings_initializer=keras.initializers.Constant(
            np.random.RandomState(1).uniform(-0.05, 0.05, (sequence_length, movie_embedding_dims))
        ),
        name="position_embedding",
    )
    positions = K.arange(start=0, stop=sequence_length - 1, step=1)
    encodded_positions = position_embedding_encoder(positions)
    # Retrieve sequence ratings to incorporate them into the encoding of the movie.
    sequence_ratings = K.expand_dims(inputs["sequence_ratings"], -1)
    # Add the positional encoding to the movie encodings and multiply them by rating.
    encoded_sequence_movies_with_poistion_and_rating = layers.Multiply()(
        [(encoded_sequence_movies + encodded_positions), sequence_ratings]
    )

    # Construct the transformer inputs.
    for encoded_movie in [
        encoded_sequence_movies_with_poistion_and_rating[:, _i]
        for _i in range(encoded_sequence_movies_with_poistion_and_rating.shape[1])
    ]:
        encoded_transformer_features.append(K.expand_dims(encoded_movie, 1))
    encoded_transformer_features.append(encoded_target_movie)

    encoded_transformer_features = layers.concatenate(
        encoded_transformer_features, axis=1
    )

    return encoded_transformer_features, encoded_other_features


include_user_id = False
include_user_features = False
include_movie_features = False

hidden_units = [8, 8]
dropout_rate = 0.0
num_heads = 3


def create_model():
    inputs = create_model_inputs()
    transformer_features, other_features = encode_input_features(
        inputs, include_user_id, include_user_features, include_movie_features
    )

    # Create a multi-headed attention layer.
    attention_output = layers.MultiHeadAttention(
        num_heads=num_heads, key_dim=transformer_features.shape[2], dropout=dropout_rate
    )(transformer_features, transformer_features)

    # Transformer block.
    attention_output = layers.Dropout(dropout_rate)(attention_output)
    x1 = layers.Add()([transformer_features, attention_output])
    x1 = layers.LayerNormalization()(x1)
    x2 = layers.LeakyReLU()(x1)
    x2 = layers.Dense(units=x2.shape[-1])(x2)
    x2 = layers.Dropout(dropout_rate)(x2)
    transformer_features = layers.Add()([x1, x2])
    transformer_features = layers.LayerNormalization()(transformer_features)
    features = layers.Flatten()(transformer_features)

    # Included the other features.
    if other_features is not None:
        features = layers.concatenate(
            [features, layers.Reshape([other_features.shape[-1]])(other_features)]
        )

    # Fully-connected layers.
    for num_units in hidden_units:
        features = layers.Dense(num_units)(features)
        features = layers.BatchNormalization()(features)
        features = layers.LeakyReLU()(features)
        features = layers.Dropout(dropout_rate)(features)

    outputs = layers.Dense(units=1)(features)
    model = keras.Model(inputs=inputs, outputs=outputs)
    return model


model = create_model()

# Compile the model.
model.compile(
    optimizer=keras.optimizers.Adagrad(learning_rate=0.01),
    loss=keras.losses.MeanSquaredError(),
    metrics=[keras.metrics.MeanAbsoluteError()],
)

# Read the training data.
train_x, train_y = get_dataset_from_records(train_data)

# Fit the model with the training data.
model.fit(train_x, train_y, batch_size=32, shuffle=False, epochs=2)

# Read the test data.
test_x, test_y = get_dataset_from_records(test_data)

# Evaluate the model on the test data.
_, rmse = model.evaluate(test_x, test_y, batch_size=32, verbose=0)
print(f"Test MAE: {round(rmse, 3)}")
