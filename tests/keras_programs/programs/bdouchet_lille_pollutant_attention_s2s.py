# source: BDouchet/Forecasting-Air-Pollutant-Concentration-in-Lille trainer.py with models/As2s_lstm.py and models/As2s_gru.py (multi-step forecasting of PM10, O3 and NO2 in Lille: a single-shot LSTM and seq2seq LSTM/GRU with Luong attention)
# commit: 3e8efecf135b85b01d894549296db10288b1cc70
# keras: tf_keras
# exercises: `from tensorflow.keras import layers, models` and `import tensorflow as tf` (tf.keras.optimizers.RMSprop(0.001) positional learning rate); truncate(): windows of lookback=168 steps of 10 features and the next forecast=48 steps of the first 3 features, split train/val/test by position; trainer.py's Sequential: layers.Input(shape=(168,10)) added with model.add, LSTM(dropout=drop, return_sequences=False), Dense(48*3), Reshape(target_shape=(48,3)); As2sL: an LSTM encoder (return_state=True, return_sequences=True) whose state_h and state_c each go through BatchNormalization, RepeatVector(48) of the normalised state_h, an LSTM decoder called with initial_state=[state_h, state_c], Luong attention by layers.dot([decoder_h, encoder_h], axes=[2,2]), Activation('softmax'), layers.dot([attention, encoder_h], axes=[2,1]), BatchNormalization of the context, layers.concatenate([context, decoder_h]), TimeDistributed(Dense(channel)); As2sG: the same with GRU (two outputs unpacked from return_state, initial_state a single tensor, not a list); each compile(loss='mse', optimizer=tf.keras.optimizers.RMSprop(0.001), metrics=['mae']), fit(epochs, batch_size=128, validation_data=(x_val, y_val)), model.save(path+name+'.h5', overwrite=True); evaluate on the test windows
# reduced: the standardized Lille dataframe (not published) replaced by a seeded numpy array of 271 hours of 10 features (daily sines and noise); truncate's len_test/len_val 10000 -> 24 (8 training windows, 24 validation and 24 test windows; batch_size=128 keeps each set one batch); truncate's docstring dedented (as published it is indented less than the body, an IndentationError); the three models trained in turn in one script (trainer.py trains the single-shot LSTM; the seq2seq builders are its alternatives), each built with units 16 -> 8 and bn=True, epochs 30 -> 2; `Dense(channel)` in As2sL and `TimeDistributed(...)` in As2sG written layers.Dense / layers.TimeDistributed (NameErrors as published: the modules import only `layers, models`); trainer.py's undefined `drop` set to 0.0 (random dropout masks cannot match), its TensorBoard callback (imported as the misspelt `Tensorboard`, logdir undefined) dropped, `path='a_path'` -> '' (a file in the working folder); an evaluate on the test windows added for each model
import numpy as np
from tensorflow.keras import models,layers
import tensorflow as tf


# Time Series Preprocessing (preprocess.py)

def truncate(data,lookback=168,forecast=48,len_test=10000,len_val=10000,target='full'):
    """
    data : standardized dataframe
    lookback : number of previous time steps to consider
    forecast : number of future time steps to consider
    len_test/len_val : size of the test/validation dataste
    target : Pollutants to predict between {'full','PM10','O3','NO2'}
    """
    x_train,y_train,x_val,y_val,x_test,y_test=[],[],[],[],[],[]
    n=len(data)   
    for i in range(0,n-forecast-lookback+1):
        if i<n-len_test-len_val-lookback-forecast+1:
            x_train.append(data[i:i+lookback])
            y_train.append(data[i+lookback:i+lookback+forecast,:3])
        elif i<n-len_test-lookback-forecast+1:
            x_val.append(data[i:i+lookback])
            y_val.append(data[i+lookback:i+lookback+forecast,:3])
        else:
            x_test.append(data[i:i+lookback])
            y_test.append(data[i+lookback:i+lookback+forecast,:3])
    if target=='full':
        return np.array(x_train),np.array(y_train),np.array(x_val),np.array(y_val),np.array(x_test),np.array(y_test)
    elif target == 'PM10':
        return np.array(x_train),np.array(y_train)[:,:,0],np.array(x_val),np.array(y_val)[:,:,0],np.array(x_test),np.array(y_test)[:,:,0]
    elif target =='O3':
        return np.array(x_train),np.array(y_train)[:,:,1],np.array(x_val),np.array(y_val)[:,:,1],np.array(x_test),np.array(y_test)[:,:,1]
    elif target=='NO2':
        return np.array(x_train),np.array(y_train)[:,:,2],np.array(x_val),np.array(y_val)[:,:,2],np.array(x_test),np.array(y_test)[:,:,2]


# Seq2seq rnn with Luong Attention and lstm cells (models/As2s_lstm.py)

def As2sL(units,bn,dropout=0.0,channel=3):
    encoder_inputs = layers.Input(shape=(168,10))

    encoder = layers.LSTM(units, dropout=dropout,return_state=True,return_sequences=True)
    encoder_h, state_h, state_c = encoder(encoder_inputs)
    if bn:
        state_h=layers.BatchNormalization()(state_h)
        state_c=layers.BatchNormalization()(state_c)
    
    encoder_states = [state_h, state_c]
   
    decoder=layers.RepeatVector(48)(state_h)
    decoder_lstm = layers.LSTM(units, return_sequences=True, return_state=False)
    decoder_h = decoder_lstm(decoder, initial_state=encoder_states)
    
    attention = layers.dot([decoder_h, encoder_h],axes=[2,2])
    attention = layers.Activation('softmax')(attention)

    context = layers.dot([attention, encoder_h], axes=[2,1])
    if bn :
        context=layers.BatchNormalization()(context)

    decoder_combined_context = layers.concatenate([context, decoder_h])

    out = layers.TimeDistributed(layers.Dense(channel))(decoder_combined_context)
    return models.Model(encoder_inputs, out)


# Seq2seq rnn with Luong Attention and lstm cells (models/As2s_gru.py)

def As2sG(units,bn,dropout=0.0,channel=3):
    encoder_inputs = layers.Input(shape=(168,10))

    encoder = layers.GRU(units, dropout=dropout,return_state=True,return_sequences=True)
    stack_h, state_h = encoder(encoder_inputs)
    if bn:
        state_h=layers.BatchNormalization()(state_h)
       
    decoder=layers.RepeatVector(48)(state_h)
    decoder_lstm = layers.GRU(units, return_sequences=True, return_state=False)
    decoder_h = decoder_lstm(decoder, initial_state=state_h)
    
    attention = layers.dot([decoder_h, stack_h],axes=[2,2])
    attention = layers.Activation('softmax')(attention)

    context = layers.dot([attention, stack_h], axes=[2,1])
    if bn :
        context=layers.BatchNormalization()(context)

    decoder_combined_context = layers.concatenate([context, decoder_h])

    out = layers.TimeDistributed(layers.Dense(channel))(decoder_combined_context)
    return models.Model(encoder_inputs, out)


# stand-in for the standardized Lille dataframe (10 features, hourly)
rng = np.random.default_rng(0)
hours = np.arange(271)[:, None]
data = np.sin(2 * np.pi * hours / 24.0 + np.arange(10)[None, :]) + 0.3 * rng.normal(size=(271, 10))

x_train,y_train,x_val,y_val,x_test,y_test=truncate(data,lookback=168,forecast=48,len_test=24,len_val=24,target='full')
print(x_train.shape,y_train.shape,x_val.shape,y_val.shape,x_test.shape,y_test.shape)

drop=0.0

# Model Generation (Basic LSTM)

model=models.Sequential()
model.add(layers.Input(shape=(168,10)))
model.add(layers.LSTM(8,dropout=drop,return_sequences=False))
model.add(layers.Dense(48*3))
model.add(layers.Reshape(target_shape=(48,3)))

path=''
for name, model in [('model_demo', model), ('As2sL', As2sL(8, True)), ('As2sG', As2sG(8, True))]:
    #Training
    model.compile(loss='mse',optimizer=tf.keras.optimizers.RMSprop(0.001),metrics=['mae'])
    model.fit(x_train,
              y_train,
              epochs=2,
              batch_size=128,
              validation_data=(x_val,y_val))
    model.save(path+name+'.h5',overwrite=True)
    print(name, model.evaluate(x_test, y_test, verbose=0))
