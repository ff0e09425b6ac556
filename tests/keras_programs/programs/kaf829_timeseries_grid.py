# source: kaf829/Data_Baisc_Analyze DeepLearning_project/make_function.py (TimeSeriesModelTrainer: a hand-written grid search without Keras Tuner over model type (LSTM, GRU, CNN, DENSE), look_back, units, batch size, epochs, dropout, optimizer name and 1-3 layers on the UCI household power consumption series; every model built in nested for-loops after clear_session(), trained with EarlyStopping(val_loss, restore_best_weights) and ranked by test MAE; the run logged in test.py / 타모델.txt)
# commit: d40119c3efff80a60fc6370fdf5849ab6b1209a3
# keras: tf_keras
# exercises: `from keras.models import Sequential`, `from keras.layers import LSTM, GRU, Conv1D, MaxPooling1D, Flatten, Dense, Dropout`, `from keras.optimizers import Adam, RMSprop` (imported, unused), `from keras.callbacks import EarlyStopping`, `from keras.backend import clear_session`; clear_session() before each of the grid's models; Sequential().add of LSTM(units, input_shape=(look_back, 1)), stacked LSTM(units, return_sequences=True) -> LSTM(units // 2), three stacked LSTMs, the same with GRU, Conv1D(units, 3, relu) + MaxPooling1D(2) (+ a second pair, + a third Conv1D) + Flatten, Flatten(input_shape) + Dense(units, relu) x layers; the optional Dropout(dropout) (not added with dropout 0.0) then Dense(1); compile(optimizer='adam' | 'rmsprop' (strings), loss='mse'); EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True) in fit(..., epochs, batch_size, validation_data=(X_val, y_val), callbacks=[early_stop], verbose=0); predict(X_test); the results ranked by MAE
# reduced: the household power CSV (df.resample(freq).mean().dropna() of Global_active_power) -> a seeded numpy series of 160 values (a sinusoid plus noise); sklearn's MinMaxScaler -> a small numpy min-max scaler with fit_transform / inverse_transform, mean_absolute_error -> np.mean(np.abs(...)); pandas' results DataFrame sorted by MAE -> a list sorted by MAE; the driver (not in the repository; the logged run of test.py: look_back 1, units 32, batch 32, epochs 10, dropout 0.0 / 0.25, opt adam / rmsprop, layers 1 / 2 / 3) written as one call: look_backs [20] (CNN's three Conv1D(3) + pooling stages need 20 steps), units_list [8], batch_sizes [16], epochs_list [2], dropouts [0.0] (0.25 dropped: random masks cannot match; with 0 the `if dropout > 0.0` adds no Dropout layer), optimizers ['adam', 'rmsprop'], layer_options [1, 2, 3], model_types ['LSTM', 'GRU', 'CNN', 'DENSE'] (24 models); the top five results printed; shuffle=False added to fit
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, GRU, Conv1D, MaxPooling1D, Flatten, Dense, Dropout
from keras.optimizers import Adam, RMSprop
from keras.callbacks import EarlyStopping
from keras.backend import clear_session


class MinMaxScaler:
    def fit_transform(self, x):
        self.min_ = x.min(axis=0)
        self.scale_ = x.max(axis=0) - self.min_
        return (x - self.min_) / self.scale_

    def inverse_transform(self, x):
        return x * self.scale_ + self.min_


def mean_absolute_error(a, b):
    return float(np.mean(np.abs(a - b)))


class TimeSeriesModelTrainer:
    def __init__(self, series, target_column='Global_active_power', freq='min'):
        self.series = series
        self.target_column = target_column
        self.freq = freq
        self.scaler = MinMaxScaler()
        self.results = []

    def preprocess(self):
        series = self.series.reshape(-1, 1)
        self.scaled_series = self.scaler.fit_transform(series)

        total_len = len(self.scaled_series)
        train_size = int(total_len * 0.6)
        val_size = int(total_len * 0.2)

        self.train_data = self.scaled_series[:train_size]
        self.val_data = self.scaled_series[train_size:train_size + val_size]
        self.test_data = self.scaled_series[train_size + val_size:]

    def create_dataset(self, data, look_back):
        X, y = [], []
        for i in range(len(data) - look_back):
            X.append(data[i:i + look_back])
            y.append(data[i + look_back])
        return np.array(X), np.array(y)

    def train(self, look_backs, units_list, batch_sizes, epochs_list, dropouts, optimizers, layer_options, model_types):
        i = 1
        for model_type in model_types:
            for look_back in look_backs:
                X_train, y_train = self.create_dataset(self.train_data, look_back)
                X_val, y_val = self.create_dataset(self.val_data, look_back)
                X_test, y_test = self.create_dataset(self.test_data, look_back)

                X_train = X_train.reshape(-1, look_back, 1)
                X_val = X_val.reshape(-1, look_back, 1)
                X_test = X_test.reshape(-1, look_back, 1)

                for units in units_list:
                    for batch_size in batch_sizes:
                        for epochs in epochs_list:
                            for dropout in dropouts:
                                for opt in optimizers:
                                    for layers in layer_options:
                                        clear_session()
                                        print(f"{i} Training {model_type}: look_back={look_back}, units={units}, "
                                              f"batch={batch_size}, epochs={epochs}, dropout={dropout}, "
                                              f"opt={opt}, layers={layers}")
                                        i += 1
                                        model = Sequential()

                                        if model_type == 'LSTM':
                                            self._add_lstm_layers(model, look_back, units, layers)
                                        elif model_type == 'GRU':
                                            self._add_gru_layers(model, look_back, units, layers)
                                        elif model_type == 'CNN':
                                            self._add_cnn_layers(model, look_back, units, layers)
                                        elif model_type == 'DENSE':
                                            self._add_dense_layers(model, look_back, units, layers)

                                        if dropout > 0.0:
                                            model.add(Dropout(dropout))
                                        model.add(Dense(1))

                                        model.compile(optimizer=opt, loss='mse')
                                        early_stop = EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True)

                                        model.fit(X_train, y_train,
                                                  epochs=epochs,
                                                  batch_size=batch_size,
                                                  validation_data=(X_val, y_val),
                                                  callbacks=[early_stop],
                                                  verbose=0, shuffle=False)

                                        pred = model.predict(X_test)
                                        pred_inv = self.scaler.inverse_transform(pred)
                                        y_test_inv = self.scaler.inverse_transform(y_test.reshape(-1, 1))
                                        mae = mean_absolute_error(y_test_inv, pred_inv)
                                        print(f"Done -> MAE: {mae:.4f}")

                                        self.results.append({
                                            'model': model_type,
                                            'look_back': look_back,
                                            'units': units,
                                            'batch_size': batch_size,
                                            'epochs': epochs,
                                            'dropout': dropout,
                                            'optimizer': opt,
                                            'layers': layers,
                                            'MAE': mae
                                        })

        return sorted(self.results, key=lambda r: r['MAE'])

    def _add_lstm_layers(self, model, look_back, units, layers):
        if layers == 1:
            model.add(LSTM(units, input_shape=(look_back, 1)))
        elif layers == 2:
            model.add(LSTM(units, return_sequences=True, input_shape=(look_back, 1)))
            model.add(LSTM(units // 2))
        elif layers == 3:
            model.add(LSTM(units, return_sequences=True, input_shape=(look_back, 1)))
            model.add(LSTM(units, return_sequences=True))
            model.add(LSTM(units // 2))

    def _add_gru_layers(self, model, look_back, units, layers):
        if layers == 1:
            model.add(GRU(units, input_shape=(look_back, 1)))
        elif layers == 2:
            model.add(GRU(units, return_sequences=True, input_shape=(look_back, 1)))
            model.add(GRU(units // 2))
        elif layers == 3:
            model.add(GRU(units, return_sequences=True, input_shape=(look_back, 1)))
            model.add(GRU(units, return_sequences=True))
            model.add(GRU(units // 2))

    def _add_cnn_layers(self, model, look_back, units, layers):
        model.add(Conv1D(filters=units, kernel_size=3, activation='relu', input_shape=(look_back, 1)))
        model.add(MaxPooling1D(pool_size=2))
        if layers >= 2:
            model.add(Conv1D(filters=units // 2, kernel_size=3, activation='relu'))
            model.add(MaxPooling1D(pool_size=2))
        if layers == 3:
            model.add(Conv1D(filters=units // 4, kernel_size=3, activation='relu'))
        model.add(Flatten())

    def _add_dense_layers(self, model, look_back, units, layers):
        model.add(Flatten(input_shape=(look_back, 1)))
        for _ in range(layers):
            model.add(Dense(units, activation='relu'))


np.random.seed(0)
t = np.arange(160)
series = 1.0 + 0.5 * np.sin(t / 6.0) + 0.1 * np.random.randn(160)

trainer = TimeSeriesModelTrainer(series)
trainer.preprocess()
results = trainer.train(look_backs=[20], units_list=[8], batch_sizes=[16], epochs_list=[2],
                        dropouts=[0.0], optimizers=['adam', 'rmsprop'], layer_options=[1, 2, 3],
                        model_types=['LSTM', 'GRU', 'CNN', 'DENSE'])
for r in results[:5]:
    print(r)
