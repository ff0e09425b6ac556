# source: Kaggle/learntools notebooks/deep_learning_intro/raw/tut4.ipynb + tut6.ipynb + ex6.ipynb (Kaggle Learn's "Intro to Deep Learning" course: lesson 4 "Overfitting and Underfitting" (early stopping on the red-wine data), lesson 6 "Binary Classification" (the ionosphere data) and its exercise's solution cells (hotel cancellations), the notebooks behind kaggle.com/learn, copied into countless course repositories; code cells in order)
# commit: 8a8d4450a699c864febc419fb27ec41443a5942b
# keras: tf_keras
# exercises: `from tensorflow.keras.callbacks import EarlyStopping` and `from tensorflow.keras import layers, callbacks`: EarlyStopping(min_delta=0.001, patience=..., restore_best_weights=True) made twice (the first unused), callbacks.EarlyStopping and keras.callbacks.EarlyStopping, passed in fit(callbacks=[early_stopping]) with validation_data, batch_size larger than the data (one step per epoch), verbose=0 and the default verbose; keras.Sequential of Dense(relu, input_shape=[11]) x3 + Dense(1) with loss='mae'; Dense(4, relu, input_shape=[33]) x2 + Dense(1, activation='sigmoid') compiled with loss='binary_crossentropy', metrics=['binary_accuracy'] on 0/1 float targets (history keys binary_accuracy / val_binary_accuracy); layers.BatchNormalization(input_shape=input_shape), Dense(relu), BatchNormalization, Dropout x2, Dense(1, sigmoid); min of history['val_loss'], max of history['val_binary_accuracy']
# reduced: red-wine.csv, ion.csv and hotel.csv (pd.read_csv from the Kaggle dataset) replaced by made-up tables with the same columns (numpy RandomState(0)): 120 wines (11 features, quality 3..8), 150 ionosphere rows (34 features in [-1, 1], the second always 0 as in the real file, Class 'good'/'bad'), 400 hotel bookings (the 14 numeric columns, a few NaN in 'children', and the 8 categorical ones, 'arrival_date_month' as month names); pandas and scikit-learn (not installed) replaced by numpy with the same arithmetic: df.sample(frac=0.7, random_state=0) / drop -> a seeded permutation, the min-max scaling and dropna(axis=1) (drops the constant column, 0/0) on arrays, Class.map({'good': 0, 'bad': 1}), the month-name map, ex6's make_column_transformer of SimpleImputer(strategy="constant") + StandardScaler on the numeric columns and SimpleImputer(fill_value="NA") + OneHotEncoder(handle_unknown='ignore') on the categorical ones -> numpy fit/transform functions (sorted categories, unknown -> all zeros), train_test_split(stratify=y, train_size=0.75) (unseeded in the exercise) -> a seeded stratified split (300 / 100); pd.DataFrame(history.history) and its plots -> the dict and printed lists; `display(...)` dropped; Dense 512 -> 32 and 256 -> 32; Dropout(0.3) -> Dropout(0.0) (random masks cannot match); epochs 500 / 1000 / 200 -> 60 / 60 / 12 (each still long enough for its EarlyStopping to stop the run or nearly so); patience 20 -> 5 in tut4's fit callback, so that it stops inside 60 epochs; fit gets shuffle=False (tf-keras shuffles with TensorFlow's generator); the exercise's learntools binder, q_N.check() / hint / solution lines, "YOUR CODE HERE" and wrong-answer cells dropped (the solution cells kept); matplotlib setup dropped
import numpy as np

# --- tut4: Overfitting and Underfitting
from tensorflow.keras.callbacks import EarlyStopping

early_stopping = EarlyStopping(
    min_delta=0.001, # minimium amount of change to count as an improvement
    patience=20, # how many epochs to wait before stopping
    restore_best_weights=True,
)

rng = np.random.RandomState(0)
n = 120
red_wine = np.column_stack([
    rng.uniform(4.6, 15.9, n), rng.uniform(0.12, 1.58, n), rng.uniform(0.0, 1.0, n),
    rng.uniform(0.9, 15.5, n), rng.uniform(0.012, 0.611, n), rng.uniform(1, 72, n),
    rng.uniform(6, 289, n), rng.uniform(0.990, 1.004, n), rng.uniform(2.74, 4.01, n),
    rng.uniform(0.33, 2.0, n), rng.uniform(8.4, 14.9, n)])
quality = np.clip(np.round(5.6 + 0.3 * (red_wine[:, 10] - 10.4) - 1.2 * (red_wine[:, 1] - 0.5)
                           + rng.normal(0, 0.5, n)), 3, 8)
red_wine = np.column_stack([red_wine, quality])

# Create training and validation splits
order = np.random.RandomState(0).permutation(n)
df_train = red_wine[order[:int(round(0.7 * n))]]
df_valid = red_wine[order[int(round(0.7 * n)):]]

# Scale to [0, 1]
max_ = df_train.max(axis=0)
min_ = df_train.min(axis=0)
df_train = (df_train - min_) / (max_ - min_)
df_valid = (df_valid - min_) / (max_ - min_)

# Split features and target
X_train = df_train[:, :-1]
X_valid = df_valid[:, :-1]
y_train = df_train[:, -1]
y_valid = df_valid[:, -1]

from tensorflow import keras
from tensorflow.keras import layers, callbacks

early_stopping = callbacks.EarlyStopping(
    min_delta=0.001, # minimium amount of change to count as an improvement
    patience=5, # how many epochs to wait before stopping
    restore_best_weights=True,
)

model = keras.Sequential([
    layers.Dense(32, activation='relu', input_shape=[11]),
    layers.Dense(32, activation='relu'),
    layers.Dense(32, activation='relu'),
    layers.Dense(1),
])
model.compile(
    optimizer='adam',
    loss='mae',
)

history = model.fit(
    X_train, y_train,
    validation_data=(X_valid, y_valid),
    batch_size=256,
    epochs=60,
    callbacks=[early_stopping], # put your callbacks in a list
    verbose=0,  # turn off training log
    shuffle=False,
)

history_df = history.history
print(len(history_df['loss']), "epochs")
print("Minimum validation loss: {}".format(min(history_df['val_loss'])))

# --- tut6: Binary Classification
n = 150
cls = np.where(rng.uniform(size=n) < 0.36, 'bad', 'good')
ion = rng.uniform(-1, 1, size=(n, 34))
ion[:, 0] = (rng.uniform(size=n) < 0.9).astype(float)
ion[:, 1] = 0.0
ion[cls == 'good', 2:] = 0.5 * ion[cls == 'good', 2:] + 0.4

df = ion.copy()
df = np.column_stack([df, np.where(cls == 'good', 0.0, 1.0)])  # df['Class'].map({'good': 0, 'bad': 1})

order = np.random.RandomState(0).permutation(n)
df_train = df[order[:int(round(0.7 * n))]]
df_valid = df[order[int(round(0.7 * n)):]]

max_ = df_train.max(axis=0)
min_ = df_train.min(axis=0)

with np.errstate(invalid='ignore'):
    df_train = (df_train - min_) / (max_ - min_)
    df_valid = (df_valid - min_) / (max_ - min_)
df_train = df_train[:, ~np.isnan(df_train).any(axis=0)] # drop the empty feature in column 2
df_valid = df_valid[:, ~np.isnan(df_valid).any(axis=0)]

X_train = df_train[:, :-1]
X_valid = df_valid[:, :-1]
y_train = df_train[:, -1]
y_valid = df_valid[:, -1]

model = keras.Sequential([
    layers.Dense(4, activation='relu', input_shape=[33]),
    layers.Dense(4, activation='relu'),    
    layers.Dense(1, activation='sigmoid'),
])

model.compile(
    optimizer='adam',
    loss='binary_crossentropy',
    metrics=['binary_accuracy'],
)

early_stopping = keras.callbacks.EarlyStopping(
    patience=10,
    min_delta=0.001,
    restore_best_weights=True,
)

history = model.fit(
    X_train, y_train,
    validation_data=(X_valid, y_valid),
    batch_size=512,
    epochs=60,
    callbacks=[early_stopping],
    verbose=0, # hide the output because we have so many epochs
    shuffle=False,
)

history_df = history.history
print(len(history_df['loss']), "epochs")
print(("Best Validation Loss: {:0.4f}" +\
      "\nBest Validation Accuracy: {:0.4f}")\
      .format(min(history_df['val_loss']), 
              max(history_df['val_binary_accuracy'])))

# --- ex6: hotel cancellations
n = 400
months = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
          'August', 'September', 'October', 'November', 'December']
num = {
    "lead_time": rng.randint(0, 400, n).astype(float),
    "arrival_date_week_number": rng.randint(1, 54, n).astype(float),
    "arrival_date_day_of_month": rng.randint(1, 32, n).astype(float),
    "stays_in_weekend_nights": rng.randint(0, 4, n).astype(float),
    "stays_in_week_nights": rng.randint(0, 8, n).astype(float),
    "adults": rng.randint(1, 4, n).astype(float),
    "children": np.where(rng.uniform(size=n) < 0.02, np.nan, rng.randint(0, 3, n)).astype(float),
    "babies": (rng.uniform(size=n) < 0.01).astype(float),
    "is_repeated_guest": (rng.uniform(size=n) < 0.03).astype(float),
    "previous_cancellations": (rng.uniform(size=n) < 0.05).astype(float),
    "previous_bookings_not_canceled": rng.poisson(0.1, n).astype(float),
    "required_car_parking_spaces": (rng.uniform(size=n) < 0.06).astype(float),
    "total_of_special_requests": rng.randint(0, 4, n).astype(float),
    "adr": np.round(rng.uniform(0, 250, n), 2),
}
cat = {
    "hotel": rng.choice(['City Hotel', 'Resort Hotel'], n),
    "arrival_date_month": rng.choice(months, n),
    "meal": rng.choice(['BB', 'HB', 'SC', 'FB'], n),
    "market_segment": rng.choice(['Online TA', 'Offline TA/TO', 'Groups', 'Direct', 'Corporate'], n),
    "distribution_channel": rng.choice(['TA/TO', 'Direct', 'Corporate'], n),
    "reserved_room_type": rng.choice(['A', 'D', 'E', 'F'], n),
    "deposit_type": rng.choice(['No Deposit', 'Non Refund', 'Refundable'], n, p=[0.85, 0.13, 0.02]),
    "customer_type": rng.choice(['Transient', 'Transient-Party', 'Contract', 'Group'], n),
}
logit = 0.004 * (num["lead_time"] - 100) + 2.0 * (cat["deposit_type"] == 'Non Refund') - 0.8 * num["total_of_special_requests"] + 0.3
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)

X = {**num, **cat}

month_number = {'January':1, 'February': 2, 'March':3,
                'April':4, 'May':5, 'June':6, 'July':7,
                'August':8, 'September':9, 'October':10,
                'November':11, 'December':12}
X['arrival_date_month'] = np.array([month_number[m] for m in X['arrival_date_month']])

features_num = [
    "lead_time", "arrival_date_week_number",
    "arrival_date_day_of_month", "stays_in_weekend_nights",
    "stays_in_week_nights", "adults", "children", "babies",
    "is_repeated_guest", "previous_cancellations",
    "previous_bookings_not_canceled", "required_car_parking_spaces",
    "total_of_special_requests", "adr",
]
features_cat = [
    "hotel", "arrival_date_month", "meal",
    "market_segment", "distribution_channel",
    "reserved_room_type", "deposit_type", "customer_type",
]

# make_column_transformer((SimpleImputer(strategy="constant") + StandardScaler, features_num),
#                         (SimpleImputer(fill_value="NA") + OneHotEncoder(handle_unknown='ignore'), features_cat))
def fit_preprocessor(rows):
    numeric = np.column_stack([np.nan_to_num(X[f][rows], nan=0.0) for f in features_num])
    categories = [np.unique(X[f][rows].astype(str)) for f in features_cat]
    return numeric.mean(axis=0), numeric.std(axis=0), categories

def transform(rows, params):
    mean, std, categories = params
    numeric = np.column_stack([np.nan_to_num(X[f][rows], nan=0.0) for f in features_num])
    parts = [(numeric - mean) / np.where(std == 0, 1.0, std)]
    for f, cats in zip(features_cat, categories):
        parts.append((X[f][rows].astype(str)[:, None] == cats[None, :]).astype(float))
    return np.concatenate(parts, axis=1)

# stratify - make sure classes are evenlly represented across splits
split = np.random.RandomState(0)
train_rows, valid_rows = [], []
for label in (0, 1):
    idx = split.permutation(np.flatnonzero(y == label))
    k = int(round(0.75 * len(idx)))
    train_rows += list(idx[:k]); valid_rows += list(idx[k:])
train_rows, valid_rows = np.sort(train_rows), np.sort(valid_rows)
params = fit_preprocessor(train_rows)
X_train = transform(train_rows, params)
X_valid = transform(valid_rows, params)
y_train, y_valid = y[train_rows], y[valid_rows]

input_shape = [X_train.shape[1]]
print(input_shape)

model = keras.Sequential([
    layers.BatchNormalization(input_shape=input_shape),
    layers.Dense(32, activation='relu'),
    layers.BatchNormalization(),
    layers.Dropout(0.0),
    layers.Dense(32, activation='relu'),
    layers.BatchNormalization(),
    layers.Dropout(0.0),
    layers.Dense(1, activation='sigmoid'),
])

model.compile(
    optimizer='adam',
    loss='binary_crossentropy',
    metrics=['binary_accuracy']
)

early_stopping = keras.callbacks.EarlyStopping(
    patience=5,
    min_delta=0.001,
    restore_best_weights=True,
)
history = model.fit(
    X_train, y_train,
    validation_data=(X_valid, y_valid),
    batch_size=512,
    epochs=12,
    callbacks=[early_stopping],
    shuffle=False,
)

history_df = history.history
print(history_df['loss'], history_df['val_loss'])
print(history_df['binary_accuracy'], history_df['val_binary_accuracy'])
