# source: keras-team/keras-io examples/structured_data/collaborative_filtering_movielens.py ("Collaborative Filtering for Movie Recommendations", Siddhartha Banerjee; `from tensorflow import keras`)
# commit: 13dcc614a61bd9f95fcb19f1f451934226ef0db0
# keras: tf_keras
# exercises: a subclassed keras.Model (RecommenderNet, super(RecommenderNet, self).__init__(**kwargs)) holding four layers.Embedding (two with embeddings_initializer="he_normal" and embeddings_regularizer=keras.regularizers.l2(1e-6), two bias embeddings of width 1 without one), a call slicing inputs[:, 0] and inputs[:, 1] (float ids) and making a new layers.Dot(axes=1) at each call, adding the biases and applying a sigmoid; the model called on layers.Input(shape=(2,)) before compile (`outputs = model(inputs)`), keras.optimizers.Adam(lr=0.001) (the legacy `lr` keyword, which tf-keras 2.11+ warns about and drops: 0.001 is Adam's default, so both runs train at 0.001), compile with tf.keras.losses.BinaryCrossentropy(), fit(x=, y=, batch_size=128, epochs=, verbose=1, validation_data=) into history; predict on (user, movie) pairs and argsort of the ratings
# reduced: the MovieLens ratings (keras.utils.get_file of a zip, read with pandas) are replaced by 400 made-up ratings (numpy's seeded draws) of 60 movies (ids 1..60, as movieId) by 40 users (ids 1..40, as userId), on MovieLens's 0.5..5 half-star scale; the pandas steps (unique().tolist(), map, sample(frac=1, random_state=42), apply) become the same list, dict and numpy operations (np.random.RandomState(42).permutation for the shuffle), the movies.csv titles are the movie ids, `df.userId.sample(1)` becomes np.random.choice of the user ids; EMBEDDING_SIZE 8 instead of 50; 2 epochs instead of 5; fit with shuffle=False (Keras's shuffled order is its own random draw); `x = tf.nn.sigmoid(x)` -> `x = keras.activations.sigmoid(x)` (statefulrnn stands in for Keras, not TensorFlow); no plots
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

"""
## First, load the data and apply some pre-processing
"""
rng = np.random.RandomState(7)
n_ratings = 400
user_id_column = rng.randint(1, 41, size=n_ratings)
movie_id_column = rng.randint(1, 61, size=n_ratings)
rating_column = rng.randint(1, 11, size=n_ratings) / 2.0

user_ids = list(dict.fromkeys(user_id_column.tolist()))
user2user_encoded = {x: i for i, x in enumerate(user_ids)}
userencoded2user = {i: x for i, x in enumerate(user_ids)}
movie_ids = list(dict.fromkeys(movie_id_column.tolist()))
movie2movie_encoded = {x: i for i, x in enumerate(movie_ids)}
movie_encoded2movie = {i: x for i, x in enumerate(movie_ids)}
user_column = np.array([user2user_encoded[x] for x in user_id_column])
movie_column = np.array([movie2movie_encoded[x] for x in movie_id_column])

num_users = len(user2user_encoded)
num_movies = len(movie_encoded2movie)
rating_column = rating_column.astype(np.float32)
min_rating = min(rating_column)
max_rating = max(rating_column)
print(
    "Number of users: {}, Number of Movies: {}, Min rating: {}, Max rating: {}".format(
        num_users, num_movies, min_rating, max_rating
    )
)

"""
## Prepare training and validation data
"""
order = np.random.RandomState(42).permutation(n_ratings)
user_id_column, user_column, movie_column, rating_column = (
    user_id_column[order], user_column[order], movie_column[order], rating_column[order]
)
movie_id_column = movie_id_column[order]
x = np.stack([user_column, movie_column], axis=1)
# Normalize the targets between 0 and 1. Makes it easy to train.
y = np.array([(x - min_rating) / (max_rating - min_rating) for x in rating_column])
# Assuming training on 90% of the data and validating on 10%.
train_indices = int(0.9 * n_ratings)
x_train, x_test, y_train, y_test = (
    x[:train_indices],
    x[train_indices:],
    y[:train_indices],
    y[train_indices:],
)

"""
## Create the model
"""
EMBEDDING_SIZE = 8


class RecommenderNet(keras.Model):
    def __init__(
        self, num_users, num_movies, embedding_size, min_rating, max_rating, **kwargs
    ):
        super(RecommenderNet, self).__init__(**kwargs)
        self.num_users = num_users
        self.num_movies = num_movies
        self.embedding_size = embedding_size
        self.min_rating = min_rating
        self.max_rating = max_rating
        self.user_embedding = layers.Embedding(
            num_users,
            embedding_size,
            embeddings_initializer="he_normal",
            embeddings_regularizer=keras.regularizers.l2(1e-6),
        )
        self.user_bias = layers.Embedding(num_users, 1)
        self.movie_embedding = layers.Embedding(
            num_movies,
            embedding_size,
            embeddings_initializer="he_normal",
            embeddings_regularizer=keras.regularizers.l2(1e-6),
        )
        self.movie_bias = layers.Embedding(num_movies, 1)

    def call(self, inputs):
        user_vector = self.user_embedding(inputs[:, 0])
        user_bias = self.user_bias(inputs[:, 0])
        movie_vector = self.movie_embedding(inputs[:, 1])
        movie_bias = self.movie_bias(inputs[:, 1])
        dot_user_movie = layers.Dot(axes=1)([user_vector, movie_vector])
        # Add all the components (including bias)
        x = dot_user_movie + user_bias + movie_bias
        # The sigmoid activation forces the rating to between 0 and 1
        x = keras.activations.sigmoid(x)
        return x


inputs = layers.Input(shape=(2,))
model = RecommenderNet(num_users, num_movies, EMBEDDING_SIZE, min_rating, max_rating)
outputs = model(inputs)
opt = keras.optimizers.Adam(lr=0.001)
model.compile(loss=tf.keras.losses.BinaryCrossentropy(), optimizer=opt)

"""
## Train the model based on the data split
"""
history = model.fit(
    x=x_train,
    y=y_train,
    batch_size=128,
    epochs=2,
    verbose=1,
    validation_data=(x_test, y_test),
    shuffle=False,
)

"""
## Show top 10 movie recommendations to an user
"""
all_movie_ids = np.arange(1, 61)

# Let us get an user and see the top recommendations.
user_id = np.random.choice(user_id_column)
movies_watched_by_user = movie_id_column[user_id_column == user_id]
movies_not_watched = all_movie_ids[~np.isin(all_movie_ids, movies_watched_by_user)]
movies_not_watched = list(
    set(movies_not_watched.tolist()).intersection(set(movie2movie_encoded.keys()))
)
movies_not_watched = [[movie2movie_encoded.get(x)] for x in movies_not_watched]
user_encoder = user2user_encoded.get(user_id)
user_movie_array = np.hstack(
    ([[user_id]] * len(movies_not_watched), movies_not_watched)
)
ratings = model.predict(user_movie_array).flatten()
top_ratings_indices = ratings.argsort()[-10:][::-1]
recommended_movie_ids = [movie_encoded2movie.get(x) for x in top_ratings_indices]

print("Here are the top 10 movie recommendations for user: {}".format(user_id))
print("*****" * 10)
print("\n".join(str(m) for m in all_movie_ids[np.isin(all_movie_ids, recommended_movie_ids)]))
