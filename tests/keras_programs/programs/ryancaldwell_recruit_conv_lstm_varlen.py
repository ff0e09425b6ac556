# source: aorursy/new-nb-6 ryancaldwell_recruit-lstm-data-prep.py (a Kaggle "Recruit Restaurant Visitor Forecasting" notebook exported to .py, 2018, "Recruit LSTM data prep": each restaurant's whole visit history as one sequence of (yesterday's visitors, days before the last visit) pairs and its visitors per day as the per-step target, one restaurant per batch at its own length, through a multi-branch functional model: eight parallel Conv1D(padding="same") with kernel sizes 2-7 concatenated in two groups, two stacked LSTM(return_sequences) branches with TimeDistributed(Dropout), concatenated, TimeDistributed Dense layers down to one output per day; trained with fit_generator over an endless Python generator, scored with evaluate_generator and predict_on_batch loops and a per-restaurant RMSLE)
# commit: 9270b04b37cc46cc1e416fd04e96b5bfd55cc5d5
# keras: tf_keras
# exercises: Keras 2's old module paths `from keras.layers.convolutional import Conv1D`, `from keras.layers.recurrent import LSTM`, `from keras.layers.merge import concatenate`; Input(shape=(None, 2)) (any length); Conv1D(n, kernel_size=k, activation='relu', padding="same") x8 on one input, with even kernel sizes 2 (Keras pads one more on the right); concatenate([...]) of four; LSTM(return_sequences=True) stacked twice per branch; TimeDistributed(Dropout(...)) on sequences; a dangling LSTM (lstm21) built on merge2 but on no path to the output (the notebook's slip: its branch feeds lstm22 from do2 on merge2); concatenate of the two LSTM outputs; TimeDistributed(Dense) x3; Model(inputs=, outputs=); print(model1.summary()); compile(loss='mse', optimizer='adam'); fit_generator(a `while 1` Python generator yielding (x, y) batches of one sequence each at its own length, steps_per_epoch=, epochs=); evaluate_generator(generator, steps=); predict_on_batch in a loop over next(gen)[0] of a fresh generator; object arrays of Python lists column_stack'ed into batches
# reduced: the competition csv files (pandas: air_visit_data grouped per restaurant, shift(1), date differences) replaced by made-up restaurants (numpy RandomState(0)): 10 restaurants (829 in the data) with 6 to 14 days of history each (hundreds in the data), visitors Poisson around a small restaurant-dependent level (0.5 to 3: with the data's tens of visitors, unscaled as the notebook feeds them, some LSTM gates saturate from the first step and their float32 gradients are rounding noise, which Adam's first steps scale up to the learning rate, so no two frameworks agree on those weights) with a weekly pattern, ind = the visitors shifted by one day (0 first, as fillna(0)), time = days before the last day + 1, held as the object array of lists that df.values gives (columns ind, time, dep); the 0.7 split kept (7 training, 3 test restaurants); LSTM units 200 -> 8, Dense 100 / 200 -> 8 / 8; TimeDistributed(Dropout(0.5)) / TimeDistributed(Dropout(0.2)) -> Dropout(0.0) inside (random masks cannot match); steps_per_epoch / steps 580 and 249 -> the 7 / 3 restaurants, epochs 3 -> 2; the submission part (sample_submission.csv merges, groupby lists, a third prediction loop over the test restaurants' histories and the csv) dropped; the notebook's bare expressions (np.mean(...)) printed
import numpy as np

# ---- made-up restaurants in place of the competition data --------------------------------------
rng = np.random.RandomState(0)
rows = []
for store in range(10):
    n = rng.randint(6, 15)
    level = rng.uniform(0.5, 3)
    visitors = rng.poisson(level * (1 + 0.3 * np.sin(2 * np.pi * np.arange(n) / 7))).astype(float)
    ind = np.concatenate([[0.0], visitors[:-1]])
    time_diff = (n - np.arange(n)).astype(int)
    rows.append([list(ind), list(time_diff), list(visitors)])
df_values = np.empty((len(rows), 3), dtype=object)
for k, row in enumerate(rows):
    for c in range(3):
        df_values[k, c] = row[c]

# Prepare LSTM training, split up records into training and test data:
train_size = int(len(df_values) * 0.7)
test_size = len(df_values) - train_size
train = df_values[:train_size]
test = df_values[train_size:]
# Split into input and outputs
train_X, train_y = train[:, :-1], train[:, -1]
test_X, test_y = test[:, :-1], test[:, -1]
# LSTM requires 3D data sets: [samples, timesteps, features]
train_X = train_X.reshape((train_X.shape[0], 1, train_X.shape[1]))
test_X = test_X.reshape((test_X.shape[0], 1, test_X.shape[1]))
print(train_X.shape, train_y.shape, test_X.shape, test_y.shape)
from keras.models import Model
from keras.layers import Dense, Dropout, Input, TimeDistributed
from keras.layers.convolutional import Conv1D
from keras.layers.recurrent import LSTM
from keras.layers.merge import concatenate


def generate_arrays(X, Y, train=True):
    while 1:
        for i, j in enumerate(Y):
            ind = np.asarray([np.column_stack((a[0], a[1])) for a in X[i]])
            if train == False:
                yield (ind)
            dep = np.array([np.array(a) for a in j]).reshape(1, len(j), 1)
            yield (ind, dep)


# define input
visible = Input(shape=(None, 2))
# feature extraction
# we use padding of same so that the length of the output matches the dependent variable sequence
conv1 = Conv1D(8, kernel_size=2, activation='relu', padding="same")(visible)
conv2 = Conv1D(8, kernel_size=3, activation='relu', padding="same")(visible)
conv3 = Conv1D(8, kernel_size=5, activation='relu', padding="same")(visible)
conv4 = Conv1D(8, kernel_size=7, activation='relu', padding="same")(visible)
conv5 = Conv1D(16, kernel_size=2, activation='relu', padding="same")(visible)
conv6 = Conv1D(16, kernel_size=3, activation='relu', padding="same")(visible)
conv7 = Conv1D(16, kernel_size=5, activation='relu', padding="same")(visible)
conv8 = Conv1D(16, kernel_size=7, activation='relu', padding="same")(visible)
# merge convs
merge1 = concatenate([conv1, conv2, conv3, conv4])
merge2 = concatenate([conv5, conv6, conv7, conv8])
# LSTMs
lstm11 = LSTM(8, return_sequences=True)(merge1)
do1 = TimeDistributed(Dropout(0.0))(lstm11)
lstm12 = LSTM(8, return_sequences=True)(do1)
lstm21 = LSTM(8, return_sequences=True)(merge2)
do2 = TimeDistributed(Dropout(0.0))(merge2)
lstm22 = LSTM(8, return_sequences=True)(do2)
# concat lstm output
merge3 = concatenate([lstm12, lstm22])
do3 = TimeDistributed(Dropout(0.0))(merge3)
# Dense layer
dense1 = TimeDistributed(Dense(8))(do3)
dense2 = TimeDistributed(Dense(8))(dense1)
# output
output = TimeDistributed(Dense(1))(dense2)
model1 = Model(inputs=visible, outputs=output)
print(model1.summary())
model1.compile(loss='mse', optimizer='adam')
model1.fit_generator(generate_arrays(train_X, train_y, True), steps_per_epoch=7, epochs=2)
print(model1.evaluate_generator(generate_arrays(train_X, train_y, True), steps=7))
gen = generate_arrays(train_X, train_y, True)
steps = 7
preds = []
for i in range(steps):
    preds.append(model1.predict_on_batch(next(gen)[0]))


def rmsle(p, a):
    l = len(p)
    x = 0
    for i in range(0, len(p)):
        x = x + ((np.log(p[i] + 1) - np.log(a[i] + 1))**2)
    return(np.sqrt(x / l))


rmsle_series = []
for s in range(0, len(preds)):
    rmsle_series.append(rmsle(preds[s][0], train_y[s]))

print(np.mean(rmsle_series))
test_gen = generate_arrays(test_X, test_y, True)
steps = 3
test_preds = []
for i in range(steps):
    test_preds.append(model1.predict_on_batch(next(test_gen)[0]))
test_rmsle_series = []
for s in range(0, len(test_preds)):
    test_rmsle_series.append(rmsle(test_preds[s][0], test_y[s]))

print(np.mean(test_rmsle_series))
