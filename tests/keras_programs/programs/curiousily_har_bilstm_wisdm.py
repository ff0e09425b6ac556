# source: curiousily/Deep-Learning-For-Hackers 13.time-series-human_activity_recognition.ipynb (Venelin Valkov's "Deep Learning for Hackers", widely read as "Human Activity Recognition using LSTMs in Keras" / "Time Series Classification for Human Activity Recognition with LSTMs in Keras": WISDM accelerometer windows classified by a Bidirectional LSTM; its code cells in order)
# commit: f872ef70530f2da45eba23e1b77781fcb6a9086b
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow import keras`, tf.random.set_seed; keras.Sequential() with model.add(keras.layers.Bidirectional(keras.layers.LSTM(units=..., input_shape=[X_train.shape[1], X_train.shape[2]]))) (the input shape given to the wrapped LSTM, not to Bidirectional, as the first layer of the Sequential), keras.layers.Dropout(rate=...), keras.layers.Dense(units, activation='relu'), Dense(n_classes, activation='softmax'); compile(loss='categorical_crossentropy', optimizer='adam', metrics=['acc']) right after building; fit(X_train, y_train, epochs, batch_size, validation_split=0.1) on float64 windows of (200, 3) with one-hot float targets; history.history['loss'] / ['val_loss'] read; evaluate and predict on the test users' windows, argmax of the softmax for the confusion matrix
# reduced: the WISDM_ar_v1.1 download (gdown, tar) and its pandas read_csv / cleaning replaced by a made-up accelerometer log: 6 activities, users 1..36, x/y/z float columns (seeded sinusoids of an activity-dependent frequency plus noise), 1600 rows for users <= 30 and 480 for the rest, kept as numpy arrays instead of DataFrames; sklearn's RobustScaler replaced by the same arithmetic in numpy (median and interquartile range of the training rows per column); create_dataset's X.iloc / y.iloc slicing -> numpy slicing and scipy.stats.mode(labels)[0][0] -> the most common label by np.unique counts (ties to the first label in sorted order, as scipy's mode); sklearn's OneHotEncoder(handle_unknown='ignore', sparse=False) fit/transform/inverse_transform and categories_ replaced by numpy over np.unique of the training labels; TIME_STEPS 200 -> 20, STEP 40 -> 20 (79 training and 23 test windows), LSTM units 128 -> 8, Dense 128 -> 8, epochs 20 -> 2, batch_size 64 -> 16; Dropout(rate=0.5) -> 0.0 (random masks cannot match); fit's shuffle=True -> shuffle=False (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay); `!nvidia-smi`, `!pip install`, seaborn / matplotlib setup, the countplot / plot_activity / loss / confusion-matrix plotting cells (and sklearn's confusion_matrix) dropped; shapes printed; model.build(input_shape=(None, TIME_STEPS, 3)) added before compile: tf-keras ignores the input_shape given to the wrapped LSTM, so the model is unbuilt at compile (built at fit), and the harness meets the two runs' initial weights at the first compile (statefulrnn's get_weights builds the model there from the LSTM's input_shape; tf-keras's raises ValueError)
import numpy as np
import tensorflow as tf
from tensorflow import keras

RANDOM_SEED = 42

np.random.seed(RANDOM_SEED)
tf.random.set_seed(RANDOM_SEED)

column_names = ['user_id', 'activity', 'timestamp', 'x_axis', 'y_axis', 'z_axis']
activities = ['Downstairs', 'Jogging', 'Sitting', 'Standing', 'Upstairs', 'Walking']


def read_wisdm(n_rows, first_user, last_user, seed):
    # stand-in for the WISDM raw file: runs of one activity per user, x/y/z readings
    rng = np.random.RandomState(seed)
    users, acts, xyz = [], [], []
    while len(users) < n_rows:
        user = rng.randint(first_user, last_user + 1)
        act = rng.randint(len(activities))
        n = rng.randint(30, 90)
        t = np.arange(n) * 0.05
        freq = 0.5 + act
        xyz.append(np.stack([np.sin(freq * t) * (1 + act),
                             np.cos(freq * t) * 3 + 9.8 * (act in (2, 3)),
                             np.sin(0.5 * freq * t)], axis=1) + rng.normal(0, 0.5, size=(n, 3)))
        users += [user] * n
        acts += [activities[act]] * n
    return np.array(users[:n_rows]), np.array(acts[:n_rows]), np.concatenate(xyz)[:n_rows]


u1, a1, v1 = read_wisdm(1600, 1, 30, 1)
u2, a2, v2 = read_wisdm(480, 31, 36, 2)
print((len(u1) + len(u2), len(column_names)))

train_mask = np.concatenate([u1, u2]) <= 30
df_xyz = np.concatenate([v1, v2])
df_activity = np.concatenate([a1, a2])
df_train_xyz, df_train_activity = df_xyz[train_mask], df_activity[train_mask]
df_test_xyz, df_test_activity = df_xyz[~train_mask], df_activity[~train_mask]

# RobustScaler: centre on the median, scale by the interquartile range of the training rows
median = np.median(df_train_xyz, axis=0)
iqr = np.percentile(df_train_xyz, 75, axis=0) - np.percentile(df_train_xyz, 25, axis=0)

df_train_xyz = (df_train_xyz - median) / iqr
df_test_xyz = (df_test_xyz - median) / iqr


def mode(labels):
    values, counts = np.unique(labels, return_counts=True)
    return values[np.argmax(counts)]


def create_dataset(X, y, time_steps=1, step=1):
    Xs, ys = [], []
    for i in range(0, len(X) - time_steps, step):
        v = X[i:(i + time_steps)]
        labels = y[i: i + time_steps]
        Xs.append(v)
        ys.append(mode(labels))
    return np.array(Xs), np.array(ys).reshape(-1, 1)

TIME_STEPS = 20
STEP = 20

X_train, y_train = create_dataset(
    df_train_xyz,
    df_train_activity,
    TIME_STEPS,
    STEP
)

X_test, y_test = create_dataset(
    df_test_xyz,
    df_test_activity,
    TIME_STEPS,
    STEP
)

print(X_train.shape, y_train.shape)

# OneHotEncoder(handle_unknown='ignore', sparse=False) fitted on the training labels
categories = np.unique(y_train)

def one_hot(y):
    return (y == categories[None, :]).astype(np.float64)

y_train = one_hot(y_train)
y_test = one_hot(y_test)

print(X_train.shape, y_train.shape)

model = keras.Sequential()
model.add(
    keras.layers.Bidirectional(
      keras.layers.LSTM(
          units=8,
          input_shape=[X_train.shape[1], X_train.shape[2]]
      )
    )
)
model.add(keras.layers.Dropout(rate=0.0))
model.add(keras.layers.Dense(units=8, activation='relu'))
model.add(keras.layers.Dense(y_train.shape[1], activation='softmax'))
model.build(input_shape=(None, X_train.shape[1], X_train.shape[2]))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['acc'])

history = model.fit(
    X_train, y_train,
    epochs=2,
    batch_size=16,
    validation_split=0.1,
    shuffle=False
)

train_loss, val_loss = history.history['loss'], history.history['val_loss']

model.evaluate(X_test, y_test)

y_pred = model.predict(X_test)

print(categories[np.argmax(y_test, axis=1)], categories[np.argmax(y_pred, axis=1)])
