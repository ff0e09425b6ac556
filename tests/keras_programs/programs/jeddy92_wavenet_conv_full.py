# source: JEddy92/TimeSeries_Seq2Seq notebooks/TS_Seq2Seq_Conv_Full.ipynb (Joseph Eddy's "Time Series Forecasting with Convolutional Neural Networks - a Look at WaveNet", the full WaveNet-style forecaster of Wikipedia page views: gated dilated causal convolutions with residual and skip connections, trained with teacher forcing, predicting 60 days one step at a time)
# commit: 190fe87a9ea48bc5096b6417b7cb769aaa8887cf
# keras: tf_keras
# exercises: `from keras.models/layers/optimizers import ...`; Input(shape=(None, 1)); 16 blocks of Conv1D(16, 1, padding='same', activation='relu'), two Conv1D(32, 2, padding='causal', dilation_rate=1..128) joined by Multiply()([Activation('tanh'), Activation('sigmoid')]), Conv1D(16, 1) and a residual Add, the skips summed by Add and Activation('relu'); Conv1D(128, 1), Dropout, Conv1D(1, 1); a Lambda(slice, arguments={'seq_length': 60}) of the last 60 steps (a function named `slice`, shadowing the builtin); compile(Adam(), loss='mean_absolute_error') twice (before summary and again before fit); fit(batch_size=2**11, validation_split=0.2); predict_sequence: model.predict on a history that grows by one step per call (60 calls, lengths 140 to 199), each prediction's last step appended with np.concatenate
# reduced: the Kaggle Wikipedia-traffic CSV (pandas read_csv, 145k pages x 550 days) replaced by 40 made-up page-view series of 200 days (numpy: weekly seasonality, trend, noise, a few NaNs); the pandas date arithmetic (Timestamps, timedelta, a date-to-index Series) replaced by the same intervals as day indices (get_time_block_series takes index bounds, inclusive as the pandas slice is); epochs 10 -> 2; Dropout(.2) -> Dropout(0.0) (random masks cannot match across frameworks); the forecast plotted for 2 sample pages instead of 7, its plot (matplotlib) replaced by a print; `%matplotlib inline`, seaborn, df.head / df.info and plot_random_series left out
import numpy as np

rng = np.random.RandomState(1)
n_pages, n_days = 40, 200
days = np.arange(n_days)
series_array = np.exp(rng.uniform(2, 7, size=(n_pages, 1))
                      + 0.3 * np.sin(2 * np.pi * days / 7)
                      + 0.002 * days * rng.randn(n_pages, 1)
                      + 0.2 * rng.randn(n_pages, n_days)).round()
series_array[rng.rand(n_pages, n_days) < 0.01] = np.nan

pred_steps = 60
pred_length = pred_steps

first_day = 0
last_day = n_days - 1

val_pred_start = last_day - pred_length + 1
val_pred_end = last_day

train_pred_start = val_pred_start - pred_length
train_pred_end = val_pred_start - 1

enc_length = train_pred_start - first_day

train_enc_start = first_day
train_enc_end = train_enc_start + enc_length - 1

val_enc_start = train_enc_start + pred_length
val_enc_end = val_enc_start + enc_length - 1

print('Train encoding:', train_enc_start, '-', train_enc_end)
print('Train prediction:', train_pred_start, '-', train_pred_end, '\n')
print('Val encoding:', val_enc_start, '-', val_enc_end)
print('Val prediction:', val_pred_start, '-', val_pred_end)

print('\nEncoding interval:', enc_length)
print('Prediction interval:', pred_length)


def get_time_block_series(series_array, start_date, end_date):

    inds = np.arange(start_date, end_date + 1)
    return series_array[:,inds]

def transform_series_encode(series_array):

    series_array = np.log1p(np.nan_to_num(series_array)) # filling NaN with 0
    series_mean = series_array.mean(axis=1).reshape(-1,1)
    series_array = series_array - series_mean
    series_array = series_array.reshape((series_array.shape[0],series_array.shape[1], 1))

    return series_array, series_mean

def transform_series_decode(series_array, encode_series_mean):

    series_array = np.log1p(np.nan_to_num(series_array)) # filling NaN with 0
    series_array = series_array - encode_series_mean
    series_array = series_array.reshape((series_array.shape[0],series_array.shape[1], 1))

    return series_array


from keras.models import Model
from keras.layers import Input, Conv1D, Dense, Activation, Dropout, Lambda, Multiply, Add, Concatenate
from keras.optimizers import Adam

# convolutional operation parameters
n_filters = 32 # 32
filter_width = 2
dilation_rates = [2**i for i in range(8)] * 2

# define an input history series and pass it through a stack of dilated causal convolution blocks.
history_seq = Input(shape=(None, 1))
x = history_seq

skips = []
for dilation_rate in dilation_rates:

    # preprocessing - equivalent to time-distributed dense
    x = Conv1D(16, 1, padding='same', activation='relu')(x)

    # filter convolution
    x_f = Conv1D(filters=n_filters,
                 kernel_size=filter_width,
                 padding='causal',
                 dilation_rate=dilation_rate)(x)

    # gating convolution
    x_g = Conv1D(filters=n_filters,
                 kernel_size=filter_width,
                 padding='causal',
                 dilation_rate=dilation_rate)(x)

    # multiply filter and gating branches
    z = Multiply()([Activation('tanh')(x_f),
                    Activation('sigmoid')(x_g)])

    # postprocessing - equivalent to time-distributed dense
    z = Conv1D(16, 1, padding='same', activation='relu')(z)

    # residual connection
    x = Add()([x, z])

    # collect skip connections
    skips.append(z)

# add all skip connection outputs
out = Activation('relu')(Add()(skips))

# final time-distributed dense layers
out = Conv1D(128, 1, padding='same')(out)
out = Activation('relu')(out)
out = Dropout(0.0)(out)
out = Conv1D(1, 1, padding='same')(out)

# extract the last 60 time steps as the training target
def slice(x, seq_length):
    return x[:,-seq_length:,:]

pred_seq_train = Lambda(slice, arguments={'seq_length':60})(out)

model = Model(history_seq, pred_seq_train)
model.compile(Adam(), loss='mean_absolute_error')

model.summary()

first_n_samples = 120000
batch_size = 2**11
epochs = 2

# sample of series from train_enc_start to train_enc_end
encoder_input_data = get_time_block_series(series_array, train_enc_start, train_enc_end)[:first_n_samples]
encoder_input_data, encode_series_mean = transform_series_encode(encoder_input_data)

# sample of series from train_pred_start to train_pred_end
decoder_target_data = get_time_block_series(series_array, train_pred_start, train_pred_end)[:first_n_samples]
decoder_target_data = transform_series_decode(decoder_target_data, encode_series_mean)

# we append a lagged history of the target series to the input data,
# so that we can train with teacher forcing
lagged_target_history = decoder_target_data[:,:-1,:1]
encoder_input_data = np.concatenate([encoder_input_data, lagged_target_history], axis=1)

model.compile(Adam(), loss='mean_absolute_error')
history = model.fit(encoder_input_data, decoder_target_data,
                    batch_size=batch_size,
                    epochs=epochs,
                    validation_split=0.2)


def predict_sequence(input_sequence):

    history_sequence = input_sequence.copy()
    pred_sequence = np.zeros((1,pred_steps,1)) # initialize output (pred_steps time steps)

    for i in range(pred_steps):

        # record next time step prediction (last time step of model output)
        last_step_pred = model.predict(history_sequence)[0,-1,0]
        pred_sequence[0,i,0] = last_step_pred

        # add the next time step prediction to the history sequence
        history_sequence = np.concatenate([history_sequence,
                                           last_step_pred.reshape(-1,1,1)], axis=1)

    return pred_sequence


encoder_input_data = get_time_block_series(series_array, val_enc_start, val_enc_end)
encoder_input_data, encode_series_mean = transform_series_encode(encoder_input_data)

decoder_target_data = get_time_block_series(series_array, val_pred_start, val_pred_end)
decoder_target_data = transform_series_decode(decoder_target_data, encode_series_mean)


def predict_and_plot(encoder_input_data, decoder_target_data, sample_ind, enc_tail_len=50):

    encode_series = encoder_input_data[sample_ind:sample_ind+1,:,:]
    pred_series = predict_sequence(encode_series)

    encode_series = encode_series.reshape(-1,1)
    pred_series = pred_series.reshape(-1,1)
    target_series = decoder_target_data[sample_ind,:,:1].reshape(-1,1)

    encode_series_tail = np.concatenate([encode_series[-enc_tail_len:],target_series[:1]])
    x_encode = encode_series_tail.shape[0]

    print('Encoder Series Tail of Length %d, Target Series, and Predictions' % enc_tail_len)
    print(x_encode, float(np.abs(pred_series - target_series).mean()))


predict_and_plot(encoder_input_data, decoder_target_data,
                 sample_ind=16, enc_tail_len=100)
predict_and_plot(encoder_input_data, decoder_target_data,
                 sample_ind=35, enc_tail_len=100)
