# source: QuantLet/DeepLearning "RNNvsGRUvsLSTM/20250504 HouseholdElecricityConsumption.ipynb" (a Quantlet teaching notebook, 2025: hourly household power from the UCI "Individual household electric power consumption" data, one create_model(model_type) factory, SimpleRNN, GRU and LSTM regressors trained in a loop on the same 48-hour windows, their loss histories and test losses kept in dicts, then each trained model's test forecasts scored after inverse scaling)
# commit: fb5f2b3589ebe88356bacb8b18e836d298971567
# keras: keras
# exercises: `from keras.models import Sequential`, `from keras.layers import SimpleRNN, GRU, LSTM, Dense, Dropout`, `from keras.callbacks import EarlyStopping`; a factory building Sequential with SimpleRNN / GRU / LSTM(units, input_shape=(time_step, 1)) by a model_type string, Dropout, Dense(1), compile(loss='mean_squared_error', optimizer='adam'); a loop over the three types: fit(X_train, y_train, epochs, batch_size=32, validation_split=0.2, verbose=1) (the last batch partial), history.history['loss'] kept per type, evaluate(X_test, y_test, verbose=0) returning one float, the trained models kept in a dict; an EarlyStopping(monitor='val_loss', patience=10, restore_best_weights=True) built each time but never passed to fit; predict(X_test) per kept model, inverse-scaled
# reduced: the zip download (requests) and the pandas steps (read_csv with parse_dates, to_numeric, resample('H').mean().ffill()) replaced by 220 made-up hourly readings of Global_active_power (numpy RandomState(4): daily and weekly cycles plus noise, in kW); the EDA / plotting cells (matplotlib, seaborn heatmap, rolling / ewm smoothing) dropped; sklearn's MinMaxScaler and metrics (sklearn is installed on neither side) written out with numpy, train_test_split(test_size=0.2, random_state=42) -> the same split computed as sklearn does (RandomState(42).permutation, the first ceil(0.2 n) rows for test); time_step 48 -> 12, units 50 -> 6, dropout_rate 0.2 -> 0.0 (random masks cannot match), epochs 50 -> 2; shuffle=False added to fit (Keras shuffles with its own generator); `X_train.shape` printed; the figures dropped
import math
import numpy as np
from keras.models import Sequential
from keras.layers import SimpleRNN, GRU, LSTM, Dense, Dropout
from keras.callbacks import EarlyStopping


class MinMaxScaler:  # sklearn.preprocessing.MinMaxScaler
    def fit_transform(self, x):
        x = np.asarray(x, dtype=float)
        self.data_min_, self.data_max_ = x.min(axis=0), x.max(axis=0)
        self.scale_ = 1.0 / (self.data_max_ - self.data_min_)
        self.min_ = -self.data_min_ * self.scale_
        return x * self.scale_ + self.min_

    def inverse_transform(self, x):
        return (x - self.min_) / self.scale_


def train_test_split(X, y, test_size, random_state):  # sklearn's, shuffled
    n = len(X)
    n_test = math.ceil(test_size * n)
    permutation = np.random.RandomState(random_state).permutation(n)
    test, train = permutation[:n_test], permutation[n_test:]
    return X[train], X[test], y[train], y[test]


def mean_absolute_error(a, b):
    return float(np.mean(np.abs(a - b)))


def mean_squared_error(a, b):
    return float(np.mean((a - b) ** 2))


def r2_score(a, b):
    return float(1 - np.sum((a - b) ** 2) / np.sum((a - np.mean(a)) ** 2))


# stand-in for the household_power_consumption.txt cells: hourly means of Global_active_power
rng = np.random.RandomState(4)
hours = np.arange(220)
power = 1.1 + 0.6 * np.sin(2 * np.pi * (hours - 7) / 24) ** 2 + 0.2 * np.sin(2 * np.pi * hours / 168) + rng.gamma(2.0, 0.1, size=220)
df = {'Global_active_power': power}

# Normalize the dataset
scaler = MinMaxScaler()
scaled_data = scaler.fit_transform(np.asarray(df['Global_active_power']).reshape(-1, 1))

# Step 4: Prepare the data for modeling
def create_dataset(data, time_step=1):
    X, y = [], []
    for i in range(len(data) - time_step):
        X.append(data[i:(i + time_step), 0])
        y.append(data[i + time_step, 0])
    return np.array(X), np.array(y)

# Hyperparameter: number of time steps
time_step = 12  # Specify the past # of hours to predict the next hour
X, y = create_dataset(scaled_data, time_step)

# Reshape input for RNN: [samples, time steps, features]
X = X.reshape(X.shape[0], X.shape[1], 1)

# Divide the dataset into training and testing datasets
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
print(X_train.shape)

# Step 5: Function to create models
def create_model(model_type='RNN', units=50, dropout_rate=0.2):
    model = Sequential()
    if model_type == 'RNN':
        model.add(SimpleRNN(units, input_shape=(X_train.shape[1], 1)))
    elif model_type == 'GRU':
        model.add(GRU(units, input_shape=(X_train.shape[1], 1)))
    elif model_type == 'LSTM':
        model.add(LSTM(units, input_shape=(X_train.shape[1], 1)))

    model.add(Dropout(dropout_rate))
    model.add(Dense(1))  # Output layer for regression
    model.compile(loss='mean_squared_error', optimizer='adam')
    return model

# Hyperparameters to tune
units = 6  # Number of units in the RNN layers
dropout_rate = 0.0  # Dropout rate

# Model types to compare
model_types = ['RNN', 'GRU', 'LSTM']
results = {}
loss_histories = {}
trained_models = {}  # Add this

# Step 6: Train and evaluate each model
for model_type in model_types:
    print(f"----------------------- Started {model_type} model training -----------------------")
    model = create_model(model_type=model_type, units=units, dropout_rate=dropout_rate)

    early_stopping = EarlyStopping(monitor='val_loss', patience=10, restore_best_weights=True)

    history = model.fit(X_train, y_train, epochs=2, batch_size=32, validation_split=0.2, verbose=1, shuffle=False)

    loss_histories[model_type] = history.history['loss']
    test_loss = model.evaluate(X_test, y_test, verbose=0)
    results[model_type] = test_loss

    trained_models[model_type] = model  # ✅ Save the trained model

print(results)
print(loss_histories)

performance = {}

def inverse_transform(y_scaled):
    return scaler.inverse_transform(y_scaled.reshape(-1, 1)).flatten()

for model_type in model_types:
    print(f"\n{model_type} - Forecast vs Actual")

    model = trained_models[model_type]
    y_pred = model.predict(X_test)

    y_pred_inv = inverse_transform(y_pred)
    y_test_inv = inverse_transform(y_test)

    # Metrics
    mae = mean_absolute_error(y_test_inv, y_pred_inv)
    rmse = math.sqrt(mean_squared_error(y_test_inv, y_pred_inv))
    r2 = r2_score(y_test_inv, y_pred_inv)
    performance[model_type] = {'MAE': mae, 'RMSE': rmse, 'R2': r2}

# Print metrics
print("\nPerformance Summary:")
for model_type, metrics in performance.items():
    print(f"{model_type}: MAE={metrics['MAE']:.4f}, RMSE={metrics['RMSE']:.4f}, R²={metrics['R2']:.4f}")
