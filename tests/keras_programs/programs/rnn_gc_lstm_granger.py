# source: intziral/RNN-GC models/custom_lstm.py, models/rnn_gc_2.py, util/util.py (batch_sequence), options/base_options.py and rnn_gc_demo_2.py (a fork of RNN-GC, Wang et al. 2018, "Estimating Brain Connectivity With Varying-Length Time Lags Using a Recurrent Neural Network": Granger causality from LSTM prediction errors, one small LSTM regressor trained per candidate input set in a greedy search)
# commit: 063f10caba548ebb276141c0d0f327668e7a3844 (custom_lstm.py, util.py); 0205bb177752b186c7bfa76530cf678c394ecea6 (rnn_gc_2.py, rnn_gc_demo_2.py); aa4705969e99f3453b961f18c900aafe2352dc9f (base_options.py)
# keras: keras
# exercises: `from keras.models import Sequential`, `from keras.optimizers import RMSprop`, `from keras.layers import Dense, LSTM`, `from keras.regularizers import l1`, `from keras.callbacks import EarlyStopping`; a wrapper class building a Sequential of LSTM(units, input_shape=(None, num_channel) (any length), kernel_regularizer=l1(wd), recurrent_regularizer=l1(wd)) and Dense(1), summary(), RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-6), compile(loss='mean_squared_error'); fit(validation_split=0.2, verbose=1, callbacks=[EarlyStopping(monitor='val_loss', patience=..., restore_best_weights=True)]) (Keras 3 restores the best epoch's weights at the end of every fit, stopped or not) and predict; many models made in a loop, each trained on another slice of input channels x[:, :, tmp_set], the search branching on the prediction errors (np.mean of squared errors, np.var), a final model per target with the default weight_decay=0.0, predictions on inputs with a channel zeroed
# reduced: the Lorenz96 simulation (models/lorenz.py) replaced by a seeded coupled nonlinear autoregressive process of p=3 variables (numpy RandomState(42): x1 drives x2, x2 drives x3), standardized per variable as the demo does; sklearn's StandardScaler().fit/transform and MinMaxScaler().fit_transform in load_data -> the same arithmetic in numpy; T 500 -> 80, num_sim 5 -> 1, p 5 -> 3; BaseOptions' defaults: sequence_length 20 -> 6, batch_size 64 -> 16, num_epoch 100 -> 4, and parse() -> parse_args([]) (the harness's argv is not the program's); EarlyStopping patience 5 -> 1 (so it can act within 4 epochs); HIDDEN_LAYER_NUM 10 -> 4; fit given shuffle=False (Keras shuffles with its backend's generator, which PyTorch cannot replay); the scratch CSV files are written under ./datasets as the demo does; matplotlib's matshow / show dropped; `[0]` added after the three `np.var(..., axis=0)` stored into a matrix element (a shape-(1,) array, which numpy 2 refuses to put in a scalar slot: ValueError on Keras's side too); the datetime timing print kept
from __future__ import print_function, division
import argparse
import datetime
import os

import numpy as np

# Keras modules for building the LSTM model
from keras.models import Sequential
from keras.optimizers import RMSprop
from keras.layers import Dense, LSTM
from keras.regularizers import l1
from keras.callbacks import EarlyStopping


# ---- options/base_options.py
class BaseOptions():
    def __init__(self):
        self.parser = argparse.ArgumentParser()
        self.initialized = False

    def initialize(self):
        self.parser.add_argument('--sequence_length', type=int, default=6, help='sequence length')
        self.parser.add_argument('--batch_size', type=int, default=16, help='batch size')
        self.parser.add_argument('--num_shift', type=int, default=1, help='the step size of the sequence')
        self.parser.add_argument('--num_hidden', type=int, default=30, help='the number of hidden units')
        self.parser.add_argument('--num_epoch', type=int, default=4, help='the number of epoch')
        self.parser.add_argument('--theta', type=float, default=0.09, help='the first minimum error')
        self.parser.add_argument('--data_length', type=int, default=4096, help='length of data')
        self.parser.add_argument('--weight_decay', type=float, default=1e-7, help='regulization for the network ')

        self.initialized = True

    def parse(self):
        if not self.initialized:
            self.initialize()
        self.opt = self.parser.parse_args([])

        args = vars(self.opt)

        print('------------ Options -------------')
        for k, v in sorted(args.items()):
            print('%s: %s' % (str(k), str(v)))
        print('-------------- End ----------------')

        return self.opt


# ---- util/util.py
def batch_sequence(x, sequence_length=20, num_shift=1):
    num_points = x.shape[0]
    inputs = []
    targets = []
    # for p in np.arange(0, num_points, max(num_shift, sequence_length // 5)):
    for p in np.arange(0, num_points, num_shift):
        # prepare inputs (we're sweeping from left to right in steps sequence_length long)
        if p + sequence_length + num_shift >= num_points:
            break

        inputs.append(x[p: p + sequence_length, :])
        targets.append(x[p + sequence_length, :])
    inputs = np.array(inputs)
    targets = np.array(targets)
    idx = np.random.permutation(np.arange(inputs.shape[0]))
    inputs = inputs[idx]
    targets = targets[idx]

    return inputs, targets


# ---- models/custom_lstm.py
class CustomLSTM:
    def __init__(self, num_hidden, num_channel, weight_decay=0.0):

        self.model = Sequential()
        self.model.add(
            LSTM(units=num_hidden,
                input_shape=(None, num_channel),
                kernel_regularizer=l1(weight_decay),    # L1 regularization on input weights
                recurrent_regularizer=l1(weight_decay)  # L1 regularization on recurrent weights
            ))
        self.model.add(Dense(1))
        self.model.summary()
        rms_prop = RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-6)
        self.model.compile(loss='mean_squared_error', optimizer=rms_prop)

    def fit(self, x, y, batch_size=10, epochs=100):

        # Stop training early if validation loss doesn't improve for 5 consecutive epochs
        early_stopping = EarlyStopping(monitor='val_loss', patience=1, restore_best_weights=True)

        # Train the model with validation split and early stopping
        hist = self.model.fit(
            x, y,
            batch_size=batch_size,
            epochs=epochs,
            verbose=1,                  # Print training output per epoch
            validation_split=0.2,       # Use 20% of training data as validation
            callbacks=[early_stopping],  # Stop early if overfitting
            shuffle=False,
        )
        return hist

    def predict(self, x):
        return self.model.predict(x)


# ---- models/rnn_gc_2.py
class RNN_GC:
    def __init__(self, opt, num_hidden):
        self.sequence_length = opt.sequence_length
        self.batch_size = opt.batch_size
        self.num_shift = opt.num_shift
        self.num_hidden = num_hidden
        self.num_epoch = opt.num_epoch
        self.theta = opt.theta
        self.data_length = opt.data_length
        self.weight_decay = opt.weight_decay

    def load_data(self, simulation_data):
        """Loads and preprocesses data from .csv file."""
        # simulation_data = pd.read_csv(data_path)

        # Normalize
        simulation_data = np.array(simulation_data)
        self.num_channel = simulation_data.shape[1]

        # Standardize and scale to [0, 1]
        scaled_data = (simulation_data - simulation_data.mean(axis=0)) / simulation_data.std(axis=0)
        data = (scaled_data - scaled_data.min(axis=0)) / (scaled_data.max(axis=0) - scaled_data.min(axis=0))

        x, y = batch_sequence(data, num_shift=self.num_shift, sequence_length=self.sequence_length)
        return x, y

    def nue(self, x, y):
        """Computes Granger causality using RNN-based (LSTM) prediction errors.
        Returns:
            granger_matrix: A matrix where entry (j, k) indicates the causal influence of variable j on variable k."""

        # Initialize the Granger causality matrix
        granger_matrix = np.zeros((self.num_channel, self.num_channel))

        # Denominator for later normalization (variance of prediction errors)
        var_denominator = np.zeros((1, self.num_channel))

        # Tracking structures
        all_candidate = []   # Stores selected input channels for each target
        error_model = []     # Stores error improvements per target
        error_all = []       # Stores all trial errors
        hist_result = []     # Stores training history

        # Start measuring execution time
        start_time = datetime.datetime.now()

        # Loop over each channel as target (i.e., trying to predict y[:, k])
        for k in range(self.num_channel):
            tmp_y = y[:, k].reshape(-1, 1)  # Reshape target to 2D (samples x 1)

            channel_set = list(range(self.num_channel))  # All possible inputs
            input_set = []
            last_error = 0  # Initialize prediction error tracker

            # Step-by-step input channel selection
            for i in range(self.num_channel):
                min_error = float("inf")
                min_idx = None

                # Try adding each remaining channel to the input set
                for x_idx in channel_set:
                    tmp_set = input_set + [x_idx]
                    tmp_x = x[:, :, tmp_set]  # Select current input set

                    # Train LSTM model
                    lstm = CustomLSTM(num_hidden=self.num_hidden,
                                    num_channel=len(tmp_set),
                                    weight_decay=self.weight_decay)
                    lstm.fit(tmp_x, tmp_y, batch_size=self.batch_size, epochs=self.num_epoch)

                    # Compute prediction error
                    tmp_error = np.mean((lstm.predict(tmp_x) - tmp_y) ** 2)

                    # Keep the channel that gives lowest error
                    if tmp_error < min_error:
                        min_error = tmp_error
                        min_idx = x_idx

                    # Log the error for this trial
                    error_all.append([k, i, x_idx, tmp_error])

                # Store improvement between last and current error
                error_model.append([k, last_error, min_error])

                # Stop adding inputs if improvement is too small
                if i > 0 and (abs(last_error - min_error) / last_error < self.theta or last_error < min_error):
                    break

                # Update input set with the selected channel
                input_set.append(min_idx)
                channel_set.remove(min_idx)
                last_error = min_error

            # Store final input set for this output
            all_candidate.append(input_set)

            # Retrain LSTM with final input set to compute variance of residuals
            lstm = CustomLSTM(num_hidden=self.num_hidden, num_channel=len(input_set))
            hist_res = lstm.fit(x[:, :, input_set], tmp_y, batch_size=self.batch_size, epochs=self.num_epoch)
            hist_result.append(hist_res)

            # Compute residual variance for normalization
            var_denominator[0, k] = np.var(lstm.predict(x[:, :, input_set]) - tmp_y, axis=0)[0]

            # Evaluate effect of removing each input channel j
            for j in range(self.num_channel):
                if j not in input_set:
                    # If j not in the model, its influence is same as baseline
                    granger_matrix[j, k] = var_denominator[0, k]
                elif len(input_set) == 1:
                    # If only one input, remove it completely
                    tmp_x = x[:, :, k][:, :, np.newaxis]
                    granger_matrix[j, k] = np.var(lstm.predict(tmp_x) - tmp_y, axis=0)[0]
                else:
                    # Otherwise, zero-out channel j in the input
                    tmp_x = x[:, :, input_set].copy()
                    tmp_x[:, :, input_set.index(j)] = 0
                    granger_matrix[j, k] = np.var(lstm.predict(tmp_x) - tmp_y, axis=0)[0]

            print(f'Training model for output {k + 1} complete.')

        # Normalize Granger matrix by residual
        granger_matrix /= var_denominator

        # Set diagonal to 1 (self-causality)
        np.fill_diagonal(granger_matrix, 1)

        # Ensure all values are at least 1 for log stability
        granger_matrix[granger_matrix < 1] = 1

        # Take logarithm (log ratio of variances)
        granger_matrix = np.log(granger_matrix)

        print(f'Training completed in {(datetime.datetime.now() - start_time).seconds} seconds.')
        return granger_matrix


# ---- rnn_gc_demo_2.py
HIDDEN_LAYER_NUM = 4

# Data parameters
p = 3          # number of variables
T = 80         # time series length
num_sim = 1     # number of simulations
seed = 42


def simulate(p, T, seed):
    rng = np.random.RandomState(seed)
    data = np.zeros((T, p))
    for t in range(1, T):
        data[t, 0] = 0.6 * data[t - 1, 0] + rng.normal()
        data[t, 1] = 0.4 * data[t - 1, 1] + np.tanh(1.5 * data[t - 1, 0]) + 0.3 * rng.normal()
        data[t, 2] = 0.4 * data[t - 1, 2] + 0.8 * data[t - 1, 1] ** 2 / 4 + 0.3 * rng.normal()
    structure = np.zeros((p, p))
    structure[0, 1] = structure[1, 2] = 1
    return data, structure


if __name__ == "__main__":

    opt = BaseOptions().parse()
    np.random.seed(0)

    datasets = []
    structures = []

    print(f"Running {num_sim} simulations...")
    print(f"p = {p}, T = {T}")

    for i in range(num_sim):
        data, a_true = simulate(p, T, seed + i)

        # Standardize each variable
        for j in range(p):
            data[:, j] = (data[:, j] - np.mean(data[:, j])) / np.std(data[:, j])

        datasets.append(data)
        structures.append(a_true)

    save_dir = f"./datasets/experiment_data/simulated"
    os.makedirs(save_dir, exist_ok=True)

    for i in range(num_sim):
        np.savetxt(
            fname=f"{save_dir}/data_r_{i}.csv",
            X=datasets[i]
        )
        np.savetxt(
            fname=f"{save_dir}/struct_r_{i}.csv",
            X=structures[i]
        )

    print("Simulated data saved.")

    # Run tests and accumulate results
    for i in range(len(datasets)):
        rnn_gc = RNN_GC(opt, HIDDEN_LAYER_NUM)
        x, y = rnn_gc.load_data(datasets[i])
        matrix = rnn_gc.nue(x, y)

        print(matrix)
