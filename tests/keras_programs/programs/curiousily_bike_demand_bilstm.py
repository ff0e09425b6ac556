# source: curiousily/Deep-Learning-For-Hackers 12.time-series-demand_prediction.ipynb (Venelin Valkov's "Deep Learning for Hackers", widely read as "Demand Prediction with LSTMs using TensorFlow 2 and Keras in Python": hourly London bike-sharing demand forecast by a bidirectional LSTM from weather and calendar features)
# commit: f872ef70530f2da45eba23e1b77781fcb6a9086b
# keras: tf_keras
# exercises: `from tensorflow import keras`; tf.random.set_seed; a Sequential whose first layer is keras.layers.Bidirectional(keras.layers.LSTM(units, input_shape=(10, 13))) (the input shape given to the wrapped LSTM, not to the wrapper; an Input added before it, see reduced), Dropout, Dense(1); compile(loss='mean_squared_error', optimizer='adam'); fit(epochs, batch_size=32, validation_split=0.1, shuffle=False) with targets of shape (N,); predict on test windows; RobustScaler inverse_transform of y reshaped to (1, -1) and of the predictions
# reduced: `model.add(keras.layers.Input(shape=(X_train.shape[1], X_train.shape[2])))` added as the Sequential's first layer (tf-keras ignores the input_shape given to the LSTM inside Bidirectional, so the model is built only by fit, after compile, where the harness hands both runs Keras's starting weights; the LSTM's own input_shape kept); the London bike-sharing CSV (gdown download, pandas read_csv with a timestamp index) replaced by 400 made-up hours (numpy: cnt with daily and weekly cycles, t1, t2, hum, wind_speed, weather_code, is_holiday, is_weekend, season, and the notebook's hour / day_of_month / day_of_week / month columns from the hour index); pandas replaced by numpy (the DataFrame a 2-D array with named column indices, create_dataset's X.iloc[i:(i + time_steps)].values by X[i:(i + time_steps)]); sklearn's RobustScaler replaced by its median / interquartile-range arithmetic; units 128 -> 16; epochs 30 -> 1 (with 2 or 3, one of the 30 test predictions ends 2.9e-6 (1.7e-5 relative) from Keras: float drift, the kernel rows of the unscaled calendar columns 3e-6 apart after 3 epochs, 1.2e-6 after 1, predictions before fit equal); Dropout rate 0.2 -> 0.0 (random masks cannot match across frameworks); the pip / gdown cells, the monthly resample and all plots (matplotlib, seaborn) left out
import numpy as np
import tensorflow as tf
from tensorflow import keras

RANDOM_SEED = 42

np.random.seed(RANDOM_SEED)
tf.random.set_seed(RANDOM_SEED)

# london_bike_sharing.csv: cnt, t1, t2, hum, wind_speed, weather_code, is_holiday, is_weekend, season
hours = np.arange(400)
columns = ['cnt', 't1', 't2', 'hum', 'wind_speed', 'weather_code', 'is_holiday', 'is_weekend', 'season',
           'hour', 'day_of_month', 'day_of_week', 'month']
t1 = 12 + 5 * np.sin(2 * np.pi * (hours % 24 - 9) / 24) + np.random.randn(400)
df = np.stack([
    np.maximum(0, 1000 + 800 * np.sin(2 * np.pi * (hours % 24 - 6) / 24) - 300 * ((hours // 24) % 7 >= 5)
               + 20 * t1 + 100 * np.random.randn(400)),
    t1, t1 - 1 + 0.5 * np.random.randn(400), 70 + 10 * np.random.randn(400), 15 + 5 * np.random.rand(400),
    np.random.choice([1, 2, 3, 4, 7], size=400), np.zeros(400), ((hours // 24) % 7 >= 5).astype(float),
    np.ones(400),
    hours % 24, 1 + hours // 24, (hours // 24) % 7, np.ones(400)], axis=1)


class RobustScaler:
    def fit(self, X):
        X = np.asarray(X, dtype=np.float64)
        self.center_ = np.median(X, axis=0)
        q75, q25 = np.percentile(X, [75, 25], axis=0)
        self.scale_ = q75 - q25
        return self

    def transform(self, X):
        return (np.asarray(X, dtype=np.float64) - self.center_) / self.scale_

    def inverse_transform(self, X):
        return np.asarray(X, dtype=np.float64) * self.scale_ + self.center_


train_size = int(len(df) * 0.9)
test_size = len(df) - train_size
train, test = df[0:train_size].copy(), df[train_size:len(df)].copy()
print(len(train), len(test))

f_columns = [columns.index(c) for c in ['t1', 't2', 'hum', 'wind_speed']]
cnt = columns.index('cnt')

f_transformer = RobustScaler()
cnt_transformer = RobustScaler()

f_transformer = f_transformer.fit(train[:, f_columns])
cnt_transformer = cnt_transformer.fit(train[:, [cnt]])

train[:, f_columns] = f_transformer.transform(train[:, f_columns])
train[:, [cnt]] = cnt_transformer.transform(train[:, [cnt]])

test[:, f_columns] = f_transformer.transform(test[:, f_columns])
test[:, [cnt]] = cnt_transformer.transform(test[:, [cnt]])


def create_dataset(X, y, time_steps=1):
    Xs, ys = [], []
    for i in range(len(X) - time_steps):
        v = X[i:(i + time_steps)]
        Xs.append(v)
        ys.append(y[i + time_steps])
    return np.array(Xs), np.array(ys)


time_steps = 10

# reshape to [samples, time_steps, n_features]

X_train, y_train = create_dataset(train, train[:, cnt], time_steps)
X_test, y_test = create_dataset(test, test[:, cnt], time_steps)

print(X_train.shape, y_train.shape)

model = keras.Sequential()
model.add(keras.layers.Input(shape=(X_train.shape[1], X_train.shape[2])))
model.add(
  keras.layers.Bidirectional(
    keras.layers.LSTM(
      units=16,
      input_shape=(X_train.shape[1], X_train.shape[2])
    )
  )
)
model.add(keras.layers.Dropout(rate=0.0))
model.add(keras.layers.Dense(units=1))
model.compile(loss='mean_squared_error', optimizer='adam')

history = model.fit(
    X_train, y_train,
    epochs=1,
    batch_size=32,
    validation_split=0.1,
    shuffle=False
)

y_pred = model.predict(X_test)

y_train_inv = cnt_transformer.inverse_transform(y_train.reshape(1, -1))
y_test_inv = cnt_transformer.inverse_transform(y_test.reshape(1, -1))
y_pred_inv = cnt_transformer.inverse_transform(y_pred)
print(np.abs(y_pred_inv.flatten() - y_test_inv.flatten()).mean())
