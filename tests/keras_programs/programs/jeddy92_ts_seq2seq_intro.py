# source: JEddy92/TimeSeries_Seq2Seq notebooks/TS_Seq2Seq_Intro.ipynb (Joseph Eddy's "Time Series Forecasting with Sequence-to-Sequence (Seq2Seq) Models", the intro notebook on the Kaggle Wikipedia web-traffic data: an LSTM encoder-decoder trained with teacher forcing, then decoded step by step with the states carried by hand; its code cells in order)
# commit: 190fe87a9ea48bc5096b6417b7cb769aaa8887cf
# keras: tf_keras
# exercises: `from keras.models/layers/optimizers import ...`; an encoder LSTM(latent_dim, return_state=True) on Input(shape=(None, 1)) whose [state_h, state_c] are the initial_state of a decoder LSTM(return_sequences=True, return_state=True), a Dense(1) regression head, Model([encoder_inputs, decoder_inputs], decoder_outputs), summary(); compile(Adam(), loss='mean_absolute_error') (the optimizer passed positionally); fit on log1p-transformed, mean-centred series with teacher-forced decoder inputs (the targets lagged one step, the last encoder value first) and validation_split=0.2; an encoder Model(encoder_inputs, encoder_states) and a decoder Model([decoder_inputs] + decoder_states_inputs, [decoder_outputs] + decoder_states) reusing the trained LSTM and Dense on state Inputs; decode_sequence: encoder predict, then one decoder predict per forecast step, each output fed back as the next input and the returned h and c as the next states
# reduced: the Kaggle train_1.csv (pandas read_csv) replaced by 16 made-up pages of 100 days of views (numpy, fixed seed: a weekly rhythm times a page level, Poisson noise, a few NaN) with dates from 2015-07-01 (datetime); pandas, matplotlib and seaborn (not installed in the test environments) replaced or dropped: the page/date DataFrame is a list of page names, a list of date strings and a numpy array (series_array), pd.to_datetime is datetime.strptime, date_to_index a dict from date to column and get_time_block_series takes the columns of the dates from start_date to end_date inclusive (as pandas' label slice does), df.head()/df.info() print the shape and first rows, plot_random_series and the plots dropped (predict_and_plot computes its series and prints them instead of plotting), `%matplotlib inline` dropped; latent_dim 50 -> 8, dropout .20 -> 0 (random masks cannot match), epochs 100 -> 3 (the 12 training series fit in one batch of 2**11, so fit's shuffling cannot change the result); predict_and_plot's sample indices 100, 6007 and 33000 -> 3, 7 and 11 (16 pages)
import numpy as np
from datetime import datetime, timedelta

rng = np.random.RandomState(2)
n_pages, n_days = 16, 100
dates = [(datetime(2015, 7, 1) + timedelta(d)).strftime('%Y-%m-%d') for d in range(n_days)]
pages = ['Page_%d_en.wikipedia.org_all-access_all-agents' % i for i in range(n_pages)]
level = rng.uniform(5, 500, size=(n_pages, 1))
weekly = 1.0 + 0.3 * np.sin(2 * np.pi * np.arange(n_days) / 7.0)
views = rng.poisson(level * weekly).astype(np.float64)
views[rng.rand(n_pages, n_days) < 0.02] = np.nan

print('shape:', views.shape)
print(pages[:5], views[:5, :5])

data_start_date = dates[0]
data_end_date = dates[-1]
print('Data ranges from %s to %s' % (data_start_date, data_end_date))

from datetime import timedelta

pred_steps = 14
pred_length=timedelta(pred_steps)

first_day = datetime.strptime(data_start_date, '%Y-%m-%d')
last_day = datetime.strptime(data_end_date, '%Y-%m-%d')

val_pred_start = last_day - pred_length + timedelta(1)
val_pred_end = last_day

train_pred_start = val_pred_start - pred_length
train_pred_end = val_pred_start - timedelta(days=1) 

enc_length = train_pred_start - first_day

train_enc_start = first_day
train_enc_end = train_enc_start + enc_length - timedelta(1)

val_enc_start = train_enc_start + pred_length
val_enc_end = val_enc_start + enc_length - timedelta(1) 

print('Train encoding:', train_enc_start, '-', train_enc_end)
print('Train prediction:', train_pred_start, '-', train_pred_end, '\n')
print('Val encoding:', val_enc_start, '-', val_enc_end)
print('Val prediction:', val_pred_start, '-', val_pred_end)

print('\nEncoding interval:', enc_length.days)
print('Prediction interval:', pred_length.days)

date_to_index = {datetime.strptime(c, '%Y-%m-%d'): i for i, c in enumerate(dates)}

series_array = views

def get_time_block_series(series_array, date_to_index, start_date, end_date):
    
    inds = [i for d, i in date_to_index.items() if start_date <= d <= end_date]
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
from keras.layers import Input, LSTM, Dense
from keras.optimizers import Adam

latent_dim = 8 # LSTM hidden units
dropout = 0. 

# Define an input series and encode it with an LSTM. 
encoder_inputs = Input(shape=(None, 1)) 
encoder = LSTM(latent_dim, dropout=dropout, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)

# We discard `encoder_outputs` and only keep the final states. These represent the "context"
# vector that we use as the basis for decoding.
encoder_states = [state_h, state_c]

# Set up the decoder, using `encoder_states` as initial state.
# This is where teacher forcing inputs are fed in.
decoder_inputs = Input(shape=(None, 1)) 

# We set up our decoder using `encoder_states` as initial state.  
# We return full output sequences and return internal states as well. 
# We don't use the return states in the training model, but we will use them in inference.
decoder_lstm = LSTM(latent_dim, dropout=dropout, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs,
                                     initial_state=encoder_states)

decoder_dense = Dense(1) # 1 continuous output at each timestep
decoder_outputs = decoder_dense(decoder_outputs)

# Define the model that will turn
# `encoder_input_data` & `decoder_input_data` into `decoder_target_data`
model = Model([encoder_inputs, decoder_inputs], decoder_outputs)

model.summary()

first_n_samples = 20000
batch_size = 2**11
epochs = 3

# sample of series from train_enc_start to train_enc_end  
encoder_input_data = get_time_block_series(series_array, date_to_index, 
                                           train_enc_start, train_enc_end)[:first_n_samples]
encoder_input_data, encode_series_mean = transform_series_encode(encoder_input_data)

# sample of series from train_pred_start to train_pred_end 
decoder_target_data = get_time_block_series(series_array, date_to_index, 
                                            train_pred_start, train_pred_end)[:first_n_samples]
decoder_target_data = transform_series_decode(decoder_target_data, encode_series_mean)

# lagged target series for teacher forcing
decoder_input_data = np.zeros(decoder_target_data.shape)
decoder_input_data[:,1:,0] = decoder_target_data[:,:-1,0]
decoder_input_data[:,0,0] = encoder_input_data[:,-1,0]

model.compile(Adam(), loss='mean_absolute_error')
history = model.fit([encoder_input_data, decoder_input_data], decoder_target_data,
                     batch_size=batch_size,
                     epochs=epochs,
                     validation_split=0.2)

# from our previous model - mapping encoder sequence to state vectors
encoder_model = Model(encoder_inputs, encoder_states)

# A modified version of the decoding stage that takes in predicted target inputs
# and encoded state vectors, returning predicted target outputs and decoder state vectors.
# We need to hang onto these state vectors to run the next step of the inference loop.
decoder_state_input_h = Input(shape=(latent_dim,))
decoder_state_input_c = Input(shape=(latent_dim,))
decoder_states_inputs = [decoder_state_input_h, decoder_state_input_c]

decoder_outputs, state_h, state_c = decoder_lstm(decoder_inputs, initial_state=decoder_states_inputs)
decoder_states = [state_h, state_c]

decoder_outputs = decoder_dense(decoder_outputs)
decoder_model = Model([decoder_inputs] + decoder_states_inputs,
                      [decoder_outputs] + decoder_states)

def decode_sequence(input_seq):
    
    # Encode the input as state vectors.
    states_value = encoder_model.predict(input_seq)

    # Generate empty target sequence of length 1.
    target_seq = np.zeros((1, 1, 1))
    
    # Populate the first target sequence with end of encoding series pageviews
    target_seq[0, 0, 0] = input_seq[0, -1, 0]

    # Sampling loop for a batch of sequences - we will fill decoded_seq with predictions
    # (to simplify, here we assume a batch of size 1).

    decoded_seq = np.zeros((1,pred_steps,1))
    
    for i in range(pred_steps):
        
        output, h, c = decoder_model.predict([target_seq] + states_value)
        
        decoded_seq[0,i,0] = output[0,0,0]

        # Update the target sequence (of length 1).
        target_seq = np.zeros((1, 1, 1))
        target_seq[0, 0, 0] = output[0,0,0]

        # Update states
        states_value = [h, c]

    return decoded_seq

encoder_input_data = get_time_block_series(series_array, date_to_index, val_enc_start, val_enc_end)
encoder_input_data, encode_series_mean = transform_series_encode(encoder_input_data)

decoder_target_data = get_time_block_series(series_array, date_to_index, val_pred_start, val_pred_end)
decoder_target_data = transform_series_decode(decoder_target_data, encode_series_mean)

def predict_and_plot(encoder_input_data, decoder_target_data, sample_ind, enc_tail_len=50):

    encode_series = encoder_input_data[sample_ind:sample_ind+1,:,:] 
    pred_series = decode_sequence(encode_series)
    
    encode_series = encode_series.reshape(-1,1)
    pred_series = pred_series.reshape(-1,1)   
    target_series = decoder_target_data[sample_ind,:,:1].reshape(-1,1) 
    
    encode_series_tail = np.concatenate([encode_series[-enc_tail_len:],target_series[:1]])
    x_encode = encode_series_tail.shape[0]
    
    print('Encoder Series Tail of Length %d, Target Series, and Predictions' % enc_tail_len)
    print(encode_series_tail[-5:, 0], target_series[:, 0], pred_series[:, 0])

predict_and_plot(encoder_input_data, decoder_target_data, 3)

predict_and_plot(encoder_input_data, decoder_target_data, 7)

predict_and_plot(encoder_input_data, decoder_target_data, 11)
