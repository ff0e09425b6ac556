# source: a user-profile + behaviour-sequence model, as stored in the code index (file id 37888265946, no repository named there; model.py's generate_model(feat_dict)): per-step categorical profile features through Embedding on Input(shape=(None, 1)) and Reshape, continuous profile features, and two stacked LSTMs over the behaviour sequence, concatenated per step into Dense layers with LeakyReLU, a per-step regression trained with timestep-wise sample weights
# commit: unknown: the code index names no repository or commit for this file
# keras: tf_keras
# exercises: a loop building one Input(shape=(None, 1), name=...) per categorical feature, Embedding(m[0], min(m), name=...) on it (a (batch, steps, 1, dim) output) and Reshape((-1, min(m))), Input(shape=(None, n)) for continuous features, Concatenate(name=...) of a list, LSTM(80, recurrent_regularizer=L1L2(), dropout=..., return_sequences=True, input_shape=...) on a functional tensor and a second LSTM(32, recurrent_regularizer=L1L2(), ...), Concatenate of the profile list + [lstm2], Dense -> LeakyReLU() -> Dropout twice, Dense(1) per step; Model(list of inputs + [cont_input, lstm_input], output); print(model.summary(line_length=80)); legacy RMSprop(lr=0.0001) passed positionally to compile with metrics=['mean_squared_error', 'mean_absolute_error'] and sample_weight_mode='temporal'; fit / evaluate with a (samples, steps) sample_weight array masking padded steps, predict
# reduced: only generate_model is stored; the driver after it is made up (the training script is not in the index): feat_dict with two categorical features M = [(5, 3), (4, 6)] (embedding widths 3 and 4), 2 continuous profile features and 3 sequence features, 12 users x 7 steps of seeded numpy data (numpy RandomState(0)), a zero sample weight on each user's padded tail steps; fit(epochs=2, batch_size=6, shuffle=False), evaluate and predict with the same arrays; Dropout rates .1/.2 and the LSTMs' dropout=.1 -> 0.0 (random masks cannot match); LSTM units 80/32 -> 8/6, Dense 128*3 / 128 -> 12 / 6; `from keras.optimizers import RMSprop, Adam` -> `from keras.optimizers.legacy import RMSprop, Adam`: tf-keras >= 2.11's new RMSprop warns about `lr=` and then ignores it, training at the default 0.001 (statefulrnn takes lr= as Keras 2 meant it, as the legacy optimizer does; see codeindex_profile_lstm_temporal_weights.diagnosis.md); the unused imports Conv1D and Adam kept
from keras.layers import Concatenate, Conv1D, Dense, Dropout, Embedding, Input, LeakyReLU, LSTM, Reshape
from keras.models import Model
from keras.optimizers.legacy import RMSprop, Adam
from keras.regularizers import L1L2
import numpy as np


def generate_model(feat_dict):

    con_feats = feat_dict['con_feats']
    lstm_feats = feat_dict['lstm_feats']
    M = feat_dict['M']

    # Initialize input    
    INPUT = [[], [], []]

    # A) USER PROFILE FEATURE LAYERS
    # categorical features
    for i, m in enumerate(M):
        INPUT[0].append(Input(shape=(None, 1), name='cat_' + str(i) + '_input'))
        INPUT[1].append(Embedding(m[0], min(m), name='cat_' + str(i) + '_embedding')(INPUT[0][-1]))
        INPUT[2].append(Reshape((-1, min(m)), name='cat_' + str(i) + '_reshape')(INPUT[1][-1]))
    # continuous features
    cont_input = Input(shape=(None, len(con_feats)), name='cont_input')
    INPUT[2].append(cont_input)
    # input concatenation
    concat1 = Concatenate(name='profile_concat')(INPUT[2])

    # B) LSTM LAYERS
    lstm_input = Input(shape=(None, len(lstm_feats)), name='lstm_input')
    # lstm1 from input lstm_input
    lstm1 = LSTM(8, recurrent_regularizer=L1L2(), dropout=0.0, return_sequences=True,
                 input_shape=(None, len(lstm_feats)), name='lstm_layer_1')(lstm_input)
    # lstm2 from input lstm1
    lstm2 = LSTM(6, recurrent_regularizer=L1L2(), dropout=0.0, return_sequences=True,
                 name='lstm_layer_2')(lstm1)
    concat2 = Concatenate(name='profile_lstm_concat')(INPUT[2]+ [lstm2])

    # C) DENSE LAYERS
    # dns1 from concat2
    dns1 = Dense(4*3, name='dense_layer_1')(concat2)
    dns1 = LeakyReLU()(dns1)
    concat3 = Dropout(0.0)(dns1)
    # dns2 from dns1
    dns2 = Dense(6*1, name='dense_layer_2')(concat3)
    dns2 = LeakyReLU()(dns2)
    # drpt1 from dns2
    drpt1 = Dropout(0.0)(dns2)
    # dns3 from drpt1
    dns3 = Dense(1, name='dense_layer_3')(drpt1)

    # MODEL
    model = Model(INPUT[0] + [cont_input, lstm_input], dns3)
    print(model.summary(line_length=80))
    rms_prop = RMSprop(lr=0.0001)
    model.compile(rms_prop,
                  loss='mean_squared_error',
                  metrics=['mean_squared_error', 'mean_absolute_error'],
                  sample_weight_mode='temporal') # timestep-wise sample weighting

    return model


# Made-up driver
rng = np.random.RandomState(0)
feat_dict = {'con_feats': ['age', 'tenure'], 'lstm_feats': ['spend', 'visits', 'returns'], 'M': [(5, 3), (4, 6)]}
n_users, n_steps = 12, 7
cats = [rng.randint(0, m[0], size=(n_users, n_steps, 1)) for m in feat_dict['M']]
cont = rng.rand(n_users, n_steps, 2).astype('float32')
seq = rng.rand(n_users, n_steps, 3).astype('float32')
target = (seq.sum(axis=-1, keepdims=True) + 0.1 * rng.randn(n_users, n_steps, 1)).astype('float32')
lengths = rng.randint(3, n_steps + 1, size=n_users)
weights = (np.arange(n_steps)[None, :] < lengths[:, None]).astype('float32')

model = generate_model(feat_dict)
history = model.fit(cats + [cont, seq], target, sample_weight=weights, epochs=2, batch_size=6, shuffle=False, verbose=2)
print(history.history)
print(model.evaluate(cats + [cont, seq], target, sample_weight=weights, verbose=0))
print(model.predict(cats + [cont, seq], verbose=0)[:2, :, 0])
