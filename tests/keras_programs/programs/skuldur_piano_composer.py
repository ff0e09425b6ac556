# source: Skuldur/Classical-Piano-Composer lstm.py and predict.py (S. Skúli's widely copied "How to Generate Music using a LSTM Neural Network in Keras": a note-level LSTM trained on MIDI piano pieces parsed by music21, then generating 500 notes by a sliding window of predict calls)
# commit: 15724e2600ff0a1d53afcdfb0565a095c74cf369
# keras: tf_keras
# exercises: Keras 2's `from keras.utils import np_utils` (np_utils.to_categorical of integer classes) and `from keras.layers import BatchNormalization as BatchNorm`; notes and chords as strings pickled to data/notes and read back; sorted pitch names mapped to integers, windows built in a Python loop, numpy.reshape to (patterns, steps, 1) and divided by float(n_vocab); a Sequential of LSTM(input_shape=..., recurrent_dropout=..., return_sequences=True), LSTM(return_sequences=True, recurrent_dropout=...,) (a trailing comma), LSTM, BatchNorm(), Dropout, Dense, Activation('relu'), BatchNorm(), Dropout, Dense(n_vocab), Activation('softmax'), built by add; compile(loss='categorical_crossentropy', optimizer='rmsprop') (in predict.py; lstm.py's trains with 'sgd', see reduced); fit(epochs, batch_size=128, callbacks=[ModelCheckpoint("weights-improvement-{epoch:02d}-{loss:.4f}-bigger.hdf5", monitor='loss', verbose=0, save_best_only=True, mode='min')]) (file names formatted from the epoch and the loss); a second, identical network built and compiled in predict.py and given the trained weights by load_weights('weights.hdf5') (its BatchNormalization moving statistics included); generation from a start window picked by numpy.random.randint: predict(verbose=0) on the window reshaped to (1, steps, 1) and scaled, numpy.argmax, the index appended to the window (a list) and its first element dropped, once per note
# reduced: the MIDI files of midi_songs/ parsed by music21 (converter.parse, instrument.partitionByInstrument, note.Note pitches and chord.Chord normalOrder) replaced in get_notes by four made-up pieces written as the note and chord strings that parsing gives ('E4', 'B-3', '4.7.11', ...), the rest of get_notes (printing each file, the pickle to data/notes) kept; the data/ folder the repository ships made by os.makedirs; create_midi (music21's note.Note, chord.Chord, instrument.Piano, stream.Stream and the MIDI writer) dropped: generate() prints the generated notes instead; the music21 imports dropped; sequence_length 100 -> 10 (in both files), LSTM units 512 -> 16, Dense 256 -> 8; recurrent_dropout 0.3 -> 0 and Dropout 0.3 -> 0 (random masks cannot match); epochs 200 -> 3 (the 58 windows are one batch of 128, so fit's shuffling cannot change the result); in lstm.py's create_network optimizer='rmsprop' -> 'sgd' (predict.py's compile, which trains nothing, keeps 'rmsprop'): the last LSTM feeds BatchNormalization, which takes the batch mean out, so the gradient of that LSTM's biases is a small sum of large terms, and in float32 it is rounding-sensitive (one bias's first-step gradient is 5e-4 relative off its float64 value on TensorFlow and 2.6e-3 off on statefulrnn, the median bias 1e-5 off on both); RMSprop's step lr*g/sqrt(v + 1e-7) carries that into the weight, 1.3e-6 apart after one epoch and 7e-6 after two, beyond the comparison's tolerance, where SGD's lr*g keeps it below 1e-7 (measured in this session); 500 generated notes -> 20; the repository's shipped weights.hdf5 (for 512 units, which predict.py loads "right away") replaced by a line between the two modules copying the run's last (best) checkpoint to weights.hdf5, as the README's training note says to use them; lstm.py and predict.py run one after the other in one file, each through its `if __name__ == '__main__':` (predict.py's prepare_sequences and create_network redefine lstm.py's when it is reached, as importing it would give)
import glob
import pickle
import numpy
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import LSTM
from keras.layers import Activation
from keras.layers import BatchNormalization as BatchNorm
from keras.utils import np_utils
from keras.callbacks import ModelCheckpoint
import os
import shutil

os.makedirs('data', exist_ok=True)

# Stand-ins for midi_songs/*.mid: each piece as the strings get_notes makes of its notes and chords.
MIDI_SONGS = {
    'midi_songs/waltz.mid': 'E4 G4 B4 4.7.11 E4 G4 B4 4.7 C5 B4 A4 G4 E4 F#4 G4 11.2.6 B3 D4 F#4 E4',
    'midi_songs/prelude.mid': 'C4 E4 G4 0.4.7 C5 G4 E4 C4 D4 F4 A4 2.5.9 D5 A4 F4 D4 E4 G4 B4 4.7.11',
    'midi_songs/nocturne.mid': 'B-3 D4 F4 10.2.5 B-4 F4 D4 B-3 C4 E-4 G4 0.3.7 C5 G4 E-4 C4',
    'midi_songs/etude.mid': 'E4 F#4 G4 A4 B4 C5 B4 A4 G4 F#4 E4 4.7.11 E4 G4 B4 C5',
}

""" This module prepares midi file data and feeds it to the neural
    network for training """

def train_network():
    """ Train a Neural Network to generate music """
    notes = get_notes()

    # get amount of pitch names
    n_vocab = len(set(notes))

    network_input, network_output = prepare_sequences(notes, n_vocab)

    model = create_network(network_input, n_vocab)

    train(model, network_input, network_output)

def get_notes():
    """ Get all the notes and chords from the midi files in the ./midi_songs directory """
    notes = []

    for file in MIDI_SONGS:
        print("Parsing %s" % file)

        for element in MIDI_SONGS[file].split():
            notes.append(element)

    with open('data/notes', 'wb') as filepath:
        pickle.dump(notes, filepath)

    return notes

def prepare_sequences(notes, n_vocab):
    """ Prepare the sequences used by the Neural Network """
    sequence_length = 10

    # get all pitch names
    pitchnames = sorted(set(item for item in notes))

     # create a dictionary to map pitches to integers
    note_to_int = dict((note, number) for number, note in enumerate(pitchnames))

    network_input = []
    network_output = []

    # create input sequences and the corresponding outputs
    for i in range(0, len(notes) - sequence_length, 1):
        sequence_in = notes[i:i + sequence_length]
        sequence_out = notes[i + sequence_length]
        network_input.append([note_to_int[char] for char in sequence_in])
        network_output.append(note_to_int[sequence_out])

    n_patterns = len(network_input)

    # reshape the input into a format compatible with LSTM layers
    network_input = numpy.reshape(network_input, (n_patterns, sequence_length, 1))
    # normalize input
    network_input = network_input / float(n_vocab)

    network_output = np_utils.to_categorical(network_output)

    return (network_input, network_output)

def create_network(network_input, n_vocab):
    """ create the structure of the neural network """
    model = Sequential()
    model.add(LSTM(
        16,
        input_shape=(network_input.shape[1], network_input.shape[2]),
        recurrent_dropout=0.0,
        return_sequences=True
    ))
    model.add(LSTM(16, return_sequences=True, recurrent_dropout=0.0,))
    model.add(LSTM(16))
    model.add(BatchNorm())
    model.add(Dropout(0.0))
    model.add(Dense(8))
    model.add(Activation('relu'))
    model.add(BatchNorm())
    model.add(Dropout(0.0))
    model.add(Dense(n_vocab))
    model.add(Activation('softmax'))
    model.compile(loss='categorical_crossentropy', optimizer='sgd')

    return model

def train(model, network_input, network_output):
    """ train the neural network """
    filepath = "weights-improvement-{epoch:02d}-{loss:.4f}-bigger.hdf5"
    checkpoint = ModelCheckpoint(
        filepath,
        monitor='loss',
        verbose=0,
        save_best_only=True,
        mode='min'
    )
    callbacks_list = [checkpoint]

    model.fit(network_input, network_output, epochs=3, batch_size=128, callbacks=callbacks_list)

if __name__ == '__main__':
    train_network()

# Stands in for the repository's shipped weights.hdf5: the last (best) checkpoint of this run.
shutil.copy(sorted(glob.glob('weights-improvement-*-bigger.hdf5'))[-1], 'weights.hdf5')

""" This module generates notes for a midi file using the
    trained neural network """

def generate():
    """ Generate a piano midi file """
    #load the notes used to train the model
    with open('data/notes', 'rb') as filepath:
        notes = pickle.load(filepath)

    # Get all pitch names
    pitchnames = sorted(set(item for item in notes))
    # Get all pitch names
    n_vocab = len(set(notes))

    network_input, normalized_input = prepare_sequences(notes, pitchnames, n_vocab)
    model = create_network(normalized_input, n_vocab)
    prediction_output = generate_notes(model, network_input, pitchnames, n_vocab)
    print(prediction_output)

def prepare_sequences(notes, pitchnames, n_vocab):
    """ Prepare the sequences used by the Neural Network """
    # map between notes and integers and back
    note_to_int = dict((note, number) for number, note in enumerate(pitchnames))

    sequence_length = 10
    network_input = []
    output = []
    for i in range(0, len(notes) - sequence_length, 1):
        sequence_in = notes[i:i + sequence_length]
        sequence_out = notes[i + sequence_length]
        network_input.append([note_to_int[char] for char in sequence_in])
        output.append(note_to_int[sequence_out])

    n_patterns = len(network_input)

    # reshape the input into a format compatible with LSTM layers
    normalized_input = numpy.reshape(network_input, (n_patterns, sequence_length, 1))
    # normalize input
    normalized_input = normalized_input / float(n_vocab)

    return (network_input, normalized_input)

def create_network(network_input, n_vocab):
    """ create the structure of the neural network """
    model = Sequential()
    model.add(LSTM(
        16,
        input_shape=(network_input.shape[1], network_input.shape[2]),
        recurrent_dropout=0.0,
        return_sequences=True
    ))
    model.add(LSTM(16, return_sequences=True, recurrent_dropout=0.0,))
    model.add(LSTM(16))
    model.add(BatchNorm())
    model.add(Dropout(0.0))
    model.add(Dense(8))
    model.add(Activation('relu'))
    model.add(BatchNorm())
    model.add(Dropout(0.0))
    model.add(Dense(n_vocab))
    model.add(Activation('softmax'))
    model.compile(loss='categorical_crossentropy', optimizer='rmsprop')

    # Load the weights to each node
    model.load_weights('weights.hdf5')

    return model

def generate_notes(model, network_input, pitchnames, n_vocab):
    """ Generate notes from the neural network based on a sequence of notes """
    # pick a random sequence from the input as a starting point for the prediction
    start = numpy.random.randint(0, len(network_input)-1)

    int_to_note = dict((number, note) for number, note in enumerate(pitchnames))

    pattern = network_input[start]
    prediction_output = []

    # generate 500 notes
    for note_index in range(20):
        prediction_input = numpy.reshape(pattern, (1, len(pattern), 1))
        prediction_input = prediction_input / float(n_vocab)

        prediction = model.predict(prediction_input, verbose=0)

        index = numpy.argmax(prediction)
        result = int_to_note[index]
        prediction_output.append(result)

        pattern.append(index)
        pattern = pattern[1:len(pattern)]

    return prediction_output

if __name__ == '__main__':
    generate()
