# source: musikalkemist/generating-melodies-with-rnn-lstm "9 - Converting Generated Melodies to MIDI"/preprocess.py, train.py and melodygenerator.py (Valerio Velardo's "The Sound of AI" series "Generating melodies with RNN-LSTM": German folk songs encoded as 16th-note time series, a one-hot LSTM trained to predict the next symbol, then a MelodyGenerator that reloads the saved model and samples a melody with temperature)
# commit: b3976fe4726fbe6674ebb9f8be7ad5805dd97650
# keras: tf_keras
# exercises: `import tensorflow.keras as keras`; keras.utils.to_categorical(list of int lists, num_classes=vocabulary_size) into (sequences, SEQUENCE_LENGTH, vocabulary) inputs and integer targets from np.array; build_model: keras.layers.Input(shape=(None, output_units)) (any sequence length), keras.layers.LSTM(num_units[0]) called on it, keras.layers.Dropout, keras.layers.Dense(output_units, activation="softmax"), keras.Model(input, output) (positional), compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.Adam(learning_rate=...), metrics=["accuracy"]) inside the builder, summary(); fit(inputs, targets, epochs, batch_size); model.save("model.h5"); MelodyGenerator: keras.models.load_model("model.h5") (the compiled model reloaded from HDF5), a seed of start symbols plus a melody mapped to ints, each step keras.utils.to_categorical(seed, num_classes=len(mappings)) with seed[np.newaxis, ...] and self.model.predict(onehot_seed)[0], temperature sampling with np.log / np.exp and np.random.choice(range(n), p=...), stopping at the "/" symbol
# reduced: the Essen folk-song corpus (deutschl/erk **kern files) and everything done with music21 (load_songs_in_kern, has_acceptable_durations, transpose, encode_song; preprocess() writing each encoded song to dataset/<i>) replaced by six made-up encoded songs written to dataset/<i> as preprocess() writes them (pitches 60..74 and "r" in 16th-note steps with "_" holds, seeded numpy RandomState(21)), made so that the dataset holds exactly OUTPUT_UNITS symbols; save_melody (a music21 stream written to MIDI) left out, the melody printed instead; create_mapping's `vocabulary = list(set(songs))` -> `list(sorted(set(songs)))` (a set of strings iterates in an order that changes with each process's hash seed, so Keras's run and statefulrnn's would map symbols differently); the three modules put in one file in the order main() / train() / the generator's __main__ run them (preprocess.main, then train.train, then melodygenerator's __main__), their cross-module imports dropped; SEQUENCE_LENGTH 64 -> 8, OUTPUT_UNITS 38 -> 12, NUM_UNITS [256] -> [8], EPOCHS 90 -> 2, BATCH_SIZE 64 -> 32, the generated num_steps 500 -> 6 for each of the two seeds (the second seed, seed2, generated too); Dropout(0.2) -> Dropout(0.0) (random masks cannot match); fit given shuffle=False (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay)
import os
import json
import numpy as np
import tensorflow.keras as keras

# ---- preprocess.py ----
KERN_DATASET_PATH = "deutschl/erk"
SAVE_DIR = "dataset"
SINGLE_FILE_DATASET = "file_dataset"
MAPPING_PATH = "mapping.json"
SEQUENCE_LENGTH = 8


def preprocess(dataset_path):
    # stand-in for the music21 parsing and encoding: made-up encoded songs
    rng = np.random.RandomState(21)
    pitches = ["60", "62", "64", "65", "67", "69", "71", "72", "74", "r"]
    os.makedirs(SAVE_DIR, exist_ok=True)
    for i in range(6):
        encoded_song = []
        for _ in range(rng.randint(5, 9)):
            encoded_song.append(pitches[rng.randint(len(pitches))] if i else pitches[_ % len(pitches)])
            encoded_song += ["_"] * rng.randint(0, 4)
        if i == 0:
            encoded_song = pitches + ["_"] + encoded_song
        encoded_song = " ".join(map(str, encoded_song))

        # save songs to text file
        save_path = os.path.join(SAVE_DIR, str(i))
        with open(save_path, "w") as fp:
            fp.write(encoded_song)


def load(file_path):
    with open(file_path, "r") as fp:
        song = fp.read()
    return song


def create_single_file_dataset(dataset_path, file_dataset_path, sequence_length):
    """Generates a file collating all the encoded songs and adding new piece delimiters.

    :param dataset_path (str): Path to folder containing the encoded songs
    :param file_dataset_path (str): Path to file for saving songs in single file
    :param sequence_length (int): # of time steps to be considered for training
    :return songs (str): String containing all songs in dataset + delimiters
    """

    new_song_delimiter = "/ " * sequence_length
    songs = ""

    # load encoded songs and add delimiters
    for path, _, files in os.walk(dataset_path):
        for file in files:
            file_path = os.path.join(path, file)
            song = load(file_path)
            songs = songs + song + " " + new_song_delimiter

    # remove empty space from last character of string
    songs = songs[:-1]

    # save string that contains all the dataset
    with open(file_dataset_path, "w") as fp:
        fp.write(songs)

    return songs


def create_mapping(songs, mapping_path):
    """Creates a json file that maps the symbols in the song dataset onto integers

    :param songs (str): String with all songs
    :param mapping_path (str): Path where to save mapping
    :return:
    """
    mappings = {}

    # identify the vocabulary
    songs = songs.split()
    vocabulary = list(sorted(set(songs)))

    # create mappings
    for i, symbol in enumerate(vocabulary):
        mappings[symbol] = i

    # save voabulary to a json file
    with open(mapping_path, "w") as fp:
        json.dump(mappings, fp, indent=4)


def convert_songs_to_int(songs):
    int_songs = []

    # load mappings
    with open(MAPPING_PATH, "r") as fp:
        mappings = json.load(fp)

    # transform songs string to list
    songs = songs.split()

    # map songs to int
    for symbol in songs:
        int_songs.append(mappings[symbol])

    return int_songs


def generate_training_sequences(sequence_length):
    """Create input and output data samples for training. Each sample is a sequence.

    :param sequence_length (int): Length of each sequence. With a quantisation at 16th notes, 64 notes equates to 4 bars

    :return inputs (ndarray): Training inputs
    :return targets (ndarray): Training targets
    """

    # load songs and map them to int
    songs = load(SINGLE_FILE_DATASET)
    int_songs = convert_songs_to_int(songs)

    inputs = []
    targets = []

    # generate the training sequences
    num_sequences = len(int_songs) - sequence_length
    for i in range(num_sequences):
        inputs.append(int_songs[i:i+sequence_length])
        targets.append(int_songs[i+sequence_length])

    # one-hot encode the sequences
    vocabulary_size = len(set(int_songs))
    # inputs size: (# of sequences, sequence length, vocabulary size)
    inputs = keras.utils.to_categorical(inputs, num_classes=vocabulary_size)
    targets = np.array(targets)

    print(f"There are {len(inputs)} sequences.")

    return inputs, targets


def main():
    preprocess(KERN_DATASET_PATH)
    songs = create_single_file_dataset(SAVE_DIR, SINGLE_FILE_DATASET, SEQUENCE_LENGTH)
    create_mapping(songs, MAPPING_PATH)
    #inputs, targets = generate_training_sequences(SEQUENCE_LENGTH)


main()

# ---- train.py ----
OUTPUT_UNITS = 12
NUM_UNITS = [8]
LOSS = "sparse_categorical_crossentropy"
LEARNING_RATE = 0.001
EPOCHS = 2
BATCH_SIZE = 32
SAVE_MODEL_PATH = "model.h5"


def build_model(output_units, num_units, loss, learning_rate):
    """Builds and compiles model

    :param output_units (int): Num output units
    :param num_units (list of int): Num of units in hidden layers
    :param loss (str): Type of loss function to use
    :param learning_rate (float): Learning rate to apply

    :return model (tf model): Where the magic happens :D
    """

    # create the model architecture
    input = keras.layers.Input(shape=(None, output_units))
    x = keras.layers.LSTM(num_units[0])(input)
    x = keras.layers.Dropout(0.0)(x)

    output = keras.layers.Dense(output_units, activation="softmax")(x)

    model = keras.Model(input, output)

    # compile model
    model.compile(loss=loss,
                  optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  metrics=["accuracy"])

    model.summary()

    return model


def train(output_units=OUTPUT_UNITS, num_units=NUM_UNITS, loss=LOSS, learning_rate=LEARNING_RATE):
    """Train and save TF model.

    :param output_units (int): Num output units
    :param num_units (list of int): Num of units in hidden layers
    :param loss (str): Type of loss function to use
    :param learning_rate (float): Learning rate to apply
    """

    # generate the training sequences
    inputs, targets = generate_training_sequences(SEQUENCE_LENGTH)

    # build the network
    model = build_model(output_units, num_units, loss, learning_rate)

    # train the model
    model.fit(inputs, targets, epochs=EPOCHS, batch_size=BATCH_SIZE, shuffle=False)

    # save the model
    model.save(SAVE_MODEL_PATH)


train()

# ---- melodygenerator.py ----
class MelodyGenerator:
    """A class that wraps the LSTM model and offers utilities to generate melodies."""

    def __init__(self, model_path="model.h5"):
        """Constructor that initialises TensorFlow model"""

        self.model_path = model_path
        self.model = keras.models.load_model(model_path)

        with open(MAPPING_PATH, "r") as fp:
            self._mappings = json.load(fp)

        self._start_symbols = ["/"] * SEQUENCE_LENGTH


    def generate_melody(self, seed, num_steps, max_sequence_length, temperature):
        """Generates a melody using the DL model and returns a midi file.

        :param seed (str): Melody seed with the notation used to encode the dataset
        :param num_steps (int): Number of steps to be generated
        :param max_sequence_len (int): Max number of steps in seed to be considered for generation
        :param temperature (float): Float in interval [0, 1]. Numbers closer to 0 make the model more deterministic.
            A number closer to 1 makes the generation more unpredictable.

        :return melody (list of str): List with symbols representing a melody
        """

        # create seed with start symbols
        seed = seed.split()
        melody = seed
        seed = self._start_symbols + seed

        # map seed to int
        seed = [self._mappings[symbol] for symbol in seed]

        for _ in range(num_steps):

            # limit the seed to max_sequence_length
            seed = seed[-max_sequence_length:]

            # one-hot encode the seed
            onehot_seed = keras.utils.to_categorical(seed, num_classes=len(self._mappings))
            # (1, max_sequence_length, num of symbols in the vocabulary)
            onehot_seed = onehot_seed[np.newaxis, ...]

            # make a prediction
            probabilities = self.model.predict(onehot_seed)[0]
            # [0.1, 0.2, 0.1, 0.6] -> 1
            output_int = self._sample_with_temperature(probabilities, temperature)

            # update seed
            seed.append(output_int)

            # map int to our encoding
            output_symbol = [k for k, v in self._mappings.items() if v == output_int][0]

            # check whether we're at the end of a melody
            if output_symbol == "/":
                break

            # update melody
            melody.append(output_symbol)

        return melody


    def _sample_with_temperature(self, probabilites, temperature):
        """Samples an index from a probability array reapplying softmax using temperature

        :param predictions (nd.array): Array containing probabilities for each of the possible outputs.
        :param temperature (float): Float in interval [0, 1]. Numbers closer to 0 make the model more deterministic.
            A number closer to 1 makes the generation more unpredictable.

        :return index (int): Selected output symbol
        """
        predictions = np.log(probabilites) / temperature
        probabilites = np.exp(predictions) / np.sum(np.exp(predictions))

        choices = range(len(probabilites)) # [0, 1, 2, 3]
        index = np.random.choice(choices, p=probabilites)

        return index


mg = MelodyGenerator()
seed = "67 _ 67 _ 67 _ _ 65 64 _ 64 _ 64 _ _"
seed2 = "67 _ _ _ _ _ 65 _ 64 _ 62 _ 60 _ _ _"
melody = mg.generate_melody(seed, 6, SEQUENCE_LENGTH, 0.3)
print(melody)
melody2 = mg.generate_melody(seed2, 6, SEQUENCE_LENGTH, 0.3)
print(melody2)
