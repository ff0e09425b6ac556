# source: davidADSP/GDL_code models/RNNAttention.py with 07_02_lstm_compose_train.ipynb and 07_03_lstm_compose_predict.ipynb (D. Foster, "Generative Deep Learning", 1st edition, O'Reilly 2019, chapter 7 "Compose": a two-input LSTM with a hand-built attention mechanism (Dense tanh scores, softmax, RepeatVector / Permute / Multiply, a Lambda summing over time) predicting the next note and duration of Bach cello suites, trained with checkpoints and early stopping, then used to compose note by note with a second Model on the attention weights; the module's functions, then the two notebooks' code cells in order)
# commit: 2a7b8c92ea07ddd796d7a895b171dbc5fcc2c7cd
# keras: tf_keras
# exercises: standalone Keras 2 imports (`from keras.layers import LSTM, Input, Dropout, Dense, Activation, Embedding, Concatenate, Reshape`, Flatten, RepeatVector, Permute, TimeDistributed, Multiply, Lambda, Softmax, `import keras.backend as K`, `from keras.models import Model`, `from keras.optimizers import RMSprop`, `from keras.utils import np_utils`, `from keras.callbacks import ModelCheckpoint, EarlyStopping`); two Input(shape=(None,)) of note and duration ids, two Embedding layers, Concatenate, LSTM(return_sequences=True) twice, Dense(1, activation='tanh') scores, Reshape([-1]), Activation('softmax') over time, RepeatVector(rnn_units) + Permute([2, 1]), Multiply, Lambda(lambda xin: K.sum(xin, axis=1), output_shape=(rnn_units,)); two named softmax heads 'pitch' / 'duration'; Model([notes_in, durations_in], [notes_out, durations_out]) and a second Model([notes_in, durations_in], alpha) sharing its layers (never compiled); RMSprop, compile(loss=['categorical_crossentropy', 'categorical_crossentropy']); np_utils.to_categorical(num_classes=...) targets, windows built in a Python loop; notes / durations / lookups pickled; ModelCheckpoint("weights-improvement-{epoch:02d}-{loss:.4f}-bigger.h5", monitor='loss', save_best_only=True, mode='min') and a second to weights.h5, EarlyStopping(monitor='loss', restore_best_weights=True, patience), model.save_weights before fit, fit(list of inputs, list of targets, batch_size=32, validation_split=0.2); then the predict notebook: the pickles read back, the network built again by create_network (compiled there) and load_weights("weights.h5"), summary(), and a generation loop calling model.predict and att_model.predict on growing (1, t) id sequences (the attention weights written into a matrix), sample_with_temp (np.log / temperature, np.random.choice), a sliding window capped at max_seq_len
# reduced: the cello-suite MIDI files parsed by music21 (get_music_list, parser.parse(file).chordify(), score.transpose, note.Note / chord.Chord names and quarterLength durations) replaced by three made-up pieces written as the names and durations parsing gives ('G2', 'D3', 'B-3', 'E3.G3.C4', 0.25, 0.5, 1.0, ...; numpy RandomState(3)), with the notebook's own START padding and list building kept; the music21 imports and get_music_list dropped, and in the predict loop the piano-roll bookkeeping (note.Note(...).pitch.midi into overall_preds, which needs music21) dropped; models/RNNAttention.py's functions inlined above the notebooks' cells (the harness runs one file); the run/ folders made with os.makedirs; seq_len (and max_seq_len) 32 -> 8, embed_size 100 -> 8, rnn_units 256 -> 8; epochs 2000000 -> 3 with EarlyStopping patience 10 -> 2; shuffle=True -> False (tf-keras shuffles with TensorFlow's generator); RMSprop(lr = 0.001) -> RMSprop(learning_rate = 0.001) (tf-keras 2.21 no longer takes lr); max_extra_notes 50 -> 6; np.random.seed(0) before the generation loop (sample_with_temp draws from numpy's global generator); plot_model and the matplotlib cells dropped; the notebooks' display-only cells printed
import os
import pickle
import numpy as np

from keras.layers import LSTM, Input, Dropout, Dense, Activation, Embedding, Concatenate, Reshape
from keras.layers import Flatten, RepeatVector, Permute, TimeDistributed
from keras.layers import Multiply, Lambda, Softmax
import keras.backend as K
from keras.models import Model
from keras.optimizers import RMSprop

from keras.utils import np_utils

def create_network(n_notes, n_durations, embed_size = 100, rnn_units = 256, use_attention = False):
    """ create the structure of the neural network """

    notes_in = Input(shape = (None,))
    durations_in = Input(shape = (None,))

    x1 = Embedding(n_notes, embed_size)(notes_in)
    x2 = Embedding(n_durations, embed_size)(durations_in)

    x = Concatenate()([x1,x2])

    x = LSTM(rnn_units, return_sequences=True)(x)
    # x = Dropout(0.2)(x)

    if use_attention:

        x = LSTM(rnn_units, return_sequences=True)(x)
        # x = Dropout(0.2)(x)

        e = Dense(1, activation='tanh')(x)
        e = Reshape([-1])(e)
        alpha = Activation('softmax')(e)

        alpha_repeated = Permute([2, 1])(RepeatVector(rnn_units)(alpha))

        c = Multiply()([x, alpha_repeated])
        c = Lambda(lambda xin: K.sum(xin, axis=1), output_shape=(rnn_units,))(c)

    else:
        c = LSTM(rnn_units)(x)
        # c = Dropout(0.2)(c)

    notes_out = Dense(n_notes, activation = 'softmax', name = 'pitch')(c)
    durations_out = Dense(n_durations, activation = 'softmax', name = 'duration')(c)

    model = Model([notes_in, durations_in], [notes_out, durations_out])


    if use_attention:
        att_model = Model([notes_in, durations_in], alpha)
    else:
        att_model = None


    opti = RMSprop(learning_rate = 0.001)
    model.compile(loss=['categorical_crossentropy', 'categorical_crossentropy'], optimizer=opti)

    return model, att_model


def get_distinct(elements):
    # Get all pitch names
    element_names = sorted(set(elements))
    n_elements = len(element_names)
    return (element_names, n_elements)

def create_lookups(element_names):
    # create dictionary to map notes and durations to integers
    element_to_int = dict((element, number) for number, element in enumerate(element_names))
    int_to_element = dict((number, element) for number, element in enumerate(element_names))

    return (element_to_int, int_to_element)


def prepare_sequences(notes, durations, lookups, distincts, seq_len =32):
    """ Prepare the sequences used to train the Neural Network """

    note_to_int, int_to_note, duration_to_int, int_to_duration = lookups
    note_names, n_notes, duration_names, n_durations = distincts

    notes_network_input = []
    notes_network_output = []
    durations_network_input = []
    durations_network_output = []

    # create input sequences and the corresponding outputs
    for i in range(len(notes) - seq_len):
        notes_sequence_in = notes[i:i + seq_len]
        notes_sequence_out = notes[i + seq_len]
        notes_network_input.append([note_to_int[char] for char in notes_sequence_in])
        notes_network_output.append(note_to_int[notes_sequence_out])

        durations_sequence_in = durations[i:i + seq_len]
        durations_sequence_out = durations[i + seq_len]
        durations_network_input.append([duration_to_int[char] for char in durations_sequence_in])
        durations_network_output.append(duration_to_int[durations_sequence_out])

    n_patterns = len(notes_network_input)

    # reshape the input into a format compatible with LSTM layers
    notes_network_input = np.reshape(notes_network_input, (n_patterns, seq_len))
    durations_network_input = np.reshape(durations_network_input, (n_patterns, seq_len))
    network_input = [notes_network_input, durations_network_input]

    notes_network_output = np_utils.to_categorical(notes_network_output, num_classes=n_notes)
    durations_network_output = np_utils.to_categorical(durations_network_output, num_classes=n_durations)
    network_output = [notes_network_output, durations_network_output]

    return (network_input, network_output)


def sample_with_temp(preds, temperature):

    if temperature == 0:
        return np.argmax(preds)
    else:
        preds = np.log(preds) / temperature
        exp_preds = np.exp(preds)
        preds = exp_preds / np.sum(exp_preds)
        return np.random.choice(len(preds), p=preds)

# ---- 07_02_lstm_compose_train.ipynb
from keras.callbacks import ModelCheckpoint, EarlyStopping

# run params
section = 'compose'
run_id = '0006'
music_name = 'cello'

run_folder = 'run/{}/'.format(section)
run_folder += '_'.join([run_id, music_name])


store_folder = os.path.join(run_folder, 'store')

if not os.path.exists(run_folder):
    os.makedirs(run_folder)
    os.mkdir(os.path.join(run_folder, 'store'))
    os.mkdir(os.path.join(run_folder, 'output'))
    os.mkdir(os.path.join(run_folder, 'weights'))
    os.mkdir(os.path.join(run_folder, 'viz'))

mode = 'build' # 'load' #

# data params
intervals = range(1)
seq_len = 8

# model params
embed_size = 8
rnn_units = 8
use_attention = True

_rng = np.random.RandomState(3)
_names = ['G2', 'D3', 'B3', 'A3', 'F#3', 'E3', 'C3', 'B-3', 'E3.G3.C4', 'D3.F#3.A3', 'G2.B2.D3']
_lengths = [0.25, 0.5, 0.5, 1.0, 0.25, 0.75, 2.0]
music_list = ['cs1-1pre.mid', 'cs1-2all.mid', 'cs1-3cou.mid']
print(len(music_list), 'files in total')

notes = []
durations = []

for i, file in enumerate(music_list):
    print(i+1, "Parsing %s" % file)
    for interval in intervals:
        notes.extend(['START'] * seq_len)
        durations.extend([0]* seq_len)
        for k in range(_rng.randint(18, 26)):
            notes.append(_names[_rng.randint(len(_names))])
            durations.append(_lengths[_rng.randint(len(_lengths))])

with open(os.path.join(store_folder, 'notes'), 'wb') as f:
    pickle.dump(notes, f) #['G2', 'D3', 'B3', 'A3', 'B3', 'D3', 'B3', 'D3', 'G2',...]
with open(os.path.join(store_folder, 'durations'), 'wb') as f:
    pickle.dump(durations, f)

# get the distinct sets of notes and durations
note_names, n_notes = get_distinct(notes)
duration_names, n_durations = get_distinct(durations)
distincts = [note_names, n_notes, duration_names, n_durations]

with open(os.path.join(store_folder, 'distincts'), 'wb') as f:
    pickle.dump(distincts, f)

# make the lookup dictionaries for notes and dictionaries and save
note_to_int, int_to_note = create_lookups(note_names)
duration_to_int, int_to_duration = create_lookups(duration_names)
lookups = [note_to_int, int_to_note, duration_to_int, int_to_duration]

with open(os.path.join(store_folder, 'lookups'), 'wb') as f:
    pickle.dump(lookups, f)

print('\nnote_to_int')
print(note_to_int)
print('\nduration_to_int')
print(duration_to_int)

network_input, network_output = prepare_sequences(notes, durations, lookups, distincts, seq_len)

print('pitch input')
print(network_input[0][0])
print('duration input')
print(network_input[1][0])
print('pitch output')
print(network_output[0][0])
print('duration output')
print(network_output[1][0])

model, att_model = create_network(n_notes, n_durations, embed_size, rnn_units, use_attention)
model.summary()

weights_folder = os.path.join(run_folder, 'weights')

checkpoint1 = ModelCheckpoint(
    os.path.join(weights_folder, "weights-improvement-{epoch:02d}-{loss:.4f}-bigger.h5"),
    monitor='loss',
    verbose=0,
    save_best_only=True,
    mode='min'
)

checkpoint2 = ModelCheckpoint(
    os.path.join(weights_folder, "weights.h5"),
    monitor='loss',
    verbose=0,
    save_best_only=True,
    mode='min'
)

early_stopping = EarlyStopping(
    monitor='loss'
    , restore_best_weights=True
    , patience = 2
)


callbacks_list = [
    checkpoint1
    , checkpoint2
    , early_stopping
 ]

model.save_weights(os.path.join(weights_folder, "weights.h5"))
model.fit(network_input, network_output
          , epochs=3, batch_size=32
          , validation_split = 0.2
          , callbacks=callbacks_list
          , shuffle=False
         )

# ---- 07_03_lstm_compose_predict.ipynb
import pickle as pkl

with open(os.path.join(store_folder, 'distincts'), 'rb') as filepath:
    distincts = pkl.load(filepath)
    note_names, n_notes, duration_names, n_durations = distincts

with open(os.path.join(store_folder, 'lookups'), 'rb') as filepath:
    lookups = pkl.load(filepath)
    note_to_int, int_to_note, duration_to_int, int_to_duration = lookups

weights_folder = os.path.join(run_folder, 'weights')
weights_file = 'weights.h5'

model, att_model = create_network(n_notes, n_durations, embed_size, rnn_units, use_attention)

# Load the weights to each node
weight_source = os.path.join(weights_folder,weights_file)
model.load_weights(weight_source)
model.summary()

# prediction params
notes_temp=0.5
duration_temp = 0.5
max_extra_notes = 6
max_seq_len = 8
seq_len = 8

notes = ['START']
durations = [0]

if seq_len is not None:
    notes = ['START'] * (seq_len - len(notes)) + notes
    durations = [0] * (seq_len - len(durations)) + durations


sequence_length = len(notes)

prediction_output = []
notes_input_sequence = []
durations_input_sequence = []

for n, d in zip(notes,durations):
    note_int = note_to_int[n]
    duration_int = duration_to_int[d]

    notes_input_sequence.append(note_int)
    durations_input_sequence.append(duration_int)

    prediction_output.append([n, d])

np.random.seed(0)
att_matrix = np.zeros(shape = (max_extra_notes+sequence_length, max_extra_notes))

for note_index in range(max_extra_notes):

    prediction_input = [
        np.array([notes_input_sequence])
        , np.array([durations_input_sequence])
       ]

    notes_prediction, durations_prediction = model.predict(prediction_input, verbose=0)
    if use_attention:
        att_prediction = att_model.predict(prediction_input, verbose=0)[0]
        att_matrix[(note_index-len(att_prediction)+sequence_length):(note_index+sequence_length), note_index] = att_prediction

    i1 = sample_with_temp(notes_prediction[0], notes_temp)
    i2 = sample_with_temp(durations_prediction[0], duration_temp)


    note_result = int_to_note[i1]
    duration_result = int_to_duration[i2]

    prediction_output.append([note_result, duration_result])

    notes_input_sequence.append(i1)
    durations_input_sequence.append(i2)

    if len(notes_input_sequence) > max_seq_len:
        notes_input_sequence = notes_input_sequence[1:]
        durations_input_sequence = durations_input_sequence[1:]

    if note_result == 'START':
        break

print('Generated sequence of {} notes'.format(len(prediction_output)))
print(prediction_output[sequence_length:])
print(np.round(att_matrix, 4))
