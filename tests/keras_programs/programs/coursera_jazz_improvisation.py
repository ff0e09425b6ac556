# source: amanchadha/coursera-deep-learning-specialization C5 - Sequence Models/Week 1/Jazz improvisation with LSTM/Improvise_a_Jazz_Solo_with_an_LSTM_Network_v4_Solution.ipynb with music_utils.py and data_utils.py (deeplearning.ai's "Sequence Models" course, week 1 assignment "Improvise a Jazz Solo with an LSTM Network", TF2 version, as solved in this widely forked repository; its code cells in order)
# commit: e9de0f4d1549b5a974c7f5cba013097fe162a798
# keras: tf_keras
# exercises: global shared layers Reshape((1, n_values)), LSTM(n_a, return_state=True) and Dense(n_values, activation='softmax') reused over Tx steps; djmodel: Input(shape=(Tx, n_values)) sliced per step with KerasTensor indexing X[:,t,:], the shared LSTM called on a (None, 1, n_values) step with initial_state=[a, c] from Input a0/c0 and unpacked as a, _, c, a functional Model with three inputs and a list of Tx outputs; a legacy Adam(lr=0.01, beta_1, beta_2, decay=0.01), compile(categorical_crossentropy, metrics=['accuracy']) on a list of outputs; fit([X, a0, c0], list(Y)) with bool X and a list of Tx bool (m, n_values) targets, verbose=0, history.history['loss'] read; music_inference_model reusing the trained LSTM_cell and densor over Ty steps, each step's softmax turned into the next input with argmax, one_hot and RepeatVector(1) on KerasTensors; predict on [x_initializer, a_initializer, c_initializer] giving a list of Ty outputs, np.argmax(pred, axis=-1), to_categorical(indices, num_classes=n_values)
# reduced: load_music_utils('data/original_metheny.mid') (music21's get_musical_data / get_corpus_data on a MIDI file) replaced by make_corpus(), a seeded made-up corpus of 200 values over 90 made-up value strings (every one present, so N_values is 90 as in the notebook), then music_utils's own data_processing; chords (music21 chord groups, read only by len() and generate_music) 18 empty lists; data_processing's np.bool -> bool (numpy 2 has no np.bool, on both sides); m 60 -> 32 (one batch of fit's default 32, so its shuffling cannot change the result), Tx 30 -> 10, n_a 64 -> 16 (cell 12 and data_utils's n_a), epochs 100 -> 3 (the print of history.history['loss'][99] reads [2]), Ty 50 -> 20 (cell 47 reads results[17] and indices[12:18]); `from tensorflow.keras.optimizers import Adam` -> `from tensorflow.keras.optimizers.legacy import Adam` (tf-keras 2.21's new optimizers refuse decay=, and the error names the legacy ones); in music_inference_model tf.math.argmax(out, axis=-1) -> tf.keras.backend.argmax(out, axis=-1) and tf.one_hot(x, n_values) -> tf.keras.backend.one_hot(x, n_values) (statefulrnn stands in for Keras, not TensorFlow: `import tensorflow as tf` becomes `import statefulrnn as tf`; tf-keras's backend functions are those TensorFlow ops); music21, grammar, qa, preprocess, outputs and test_utils imports dropped with the cells that use them (the unit-test cells 22 and 40 with summary/comparator, generate_music's cell 51 which renders MIDI with music21, the audio cells 5, 53, 55 and IPython), matplotlib's plt.plot dropped
import numpy as np
import tensorflow as tf

from tensorflow.keras.layers import Dense, Activation, Dropout, Input, LSTM, Reshape, Lambda, RepeatVector
from tensorflow.keras.models import Model
from tensorflow.keras.optimizers.legacy import Adam
from tensorflow.keras.utils import to_categorical


def make_corpus():
    # Stands in for get_musical_data / get_corpus_data on data/original_metheny.mid: 200 made-up
    # values over 90 distinct strings, each of them present.
    rng = np.random.RandomState(3)
    tones = ['%s,%.3f,<m%d,P-%d>' % ('CSAX'[i % 4], 0.25 * (1 + i % 5), i % 7, i % 3) for i in range(90)]
    corpus = list(tones) + [tones[i] for i in rng.randint(0, 90, 110)]
    rng.shuffle(corpus)
    tones_indices = dict((v, i) for i, v in enumerate(tones))
    indices_tones = dict((i, v) for i, v in enumerate(tones))
    return corpus, tones, tones_indices, indices_tones


# ---- music_utils.py (what the cells use)

def data_processing(corpus, values_indices, m = 60, Tx = 30):
    # cut the corpus into semi-redundant sequences of Tx values
    Tx = Tx 
    N_values = len(set(corpus))
    np.random.seed(0)
    X = np.zeros((m, Tx, N_values), dtype=bool)
    Y = np.zeros((m, Tx, N_values), dtype=bool)
    for i in range(m):
#         for t in range(1, Tx):
        random_idx = np.random.choice(len(corpus) - Tx)
        corp_data = corpus[random_idx:(random_idx + Tx)]
        for j in range(Tx):
            idx = values_indices[corp_data[j]]
            if j != 0:
                X[i, j, idx] = 1
                Y[i, j-1, idx] = 1
    
    Y = np.swapaxes(Y,0,1)
    Y = Y.tolist()
    return np.asarray(X), np.asarray(Y), N_values 


# ---- data_utils.py (what the cells use)

n_a = 16
x_initializer = np.zeros((1, 1, 90))
a_initializer = np.zeros((1, n_a))
c_initializer = np.zeros((1, n_a))

def load_music_utils(file):
    chords = [[] for _ in range(18)]  # music21's chord groups, used only to render MIDI (left out)
    corpus, tones, tones_indices, indices_tones = make_corpus()
    N_tones = len(set(corpus))
    X, Y, N_tones = data_processing(corpus, tones_indices, 32, 10)   
    return (X, Y, N_tones, indices_tones, chords)


# ---- the notebook's code cells

X, Y, n_values, indices_values, chords = load_music_utils('data/original_metheny.mid')
print('number of training examples:', X.shape[0])
print('Tx (length of sequence):', X.shape[1])
print('total # of unique values:', n_values)
print('shape of X:', X.shape)
print('Shape of Y:', Y.shape)
print('Number of chords', len(chords))

# number of dimensions for the hidden state of each LSTM cell.
n_a = 16 

n_values = 90 # number of music values
reshaper = Reshape((1, n_values))                  # Used in Step 2.B of djmodel(), below
LSTM_cell = LSTM(n_a, return_state = True)         # Used in Step 2.C
densor = Dense(n_values, activation='softmax')     # Used in Step 2.D

# UNQ_C1 (UNIQUE CELL IDENTIFIER, DO NOT EDIT)
# GRADED FUNCTION: djmodel

def djmodel(Tx, LSTM_cell, densor, reshaper):
    """
    Implement the djmodel composed of Tx LSTM cells where each cell is responsible
    for learning the following note based on the previous note and context.
    Each cell has the following schema: 
            [X_{t}, a_{t-1}, c0_{t-1}] -> RESHAPE() -> LSTM() -> DENSE()
    Arguments:
        Tx -- length of the sequences in the corpus
        LSTM_cell -- LSTM layer instance
        densor -- Dense layer instance
        reshaper -- Reshape layer instance
    
    Returns:
        model -- a keras instance model with inputs [X, a0, c0]
    """
    # Get the shape of input values
    n_values = densor.units
    
    # Get the number of the hidden state vector
    n_a = LSTM_cell.units
    
    # Define the input layer and specify the shape
    X = Input(shape=(Tx, n_values)) 
    
    # Define the initial hidden state a0 and initial cell state c0
    # using `Input`
    a0 = Input(shape=(n_a,), name='a0')
    c0 = Input(shape=(n_a,), name='c0')
    a = a0
    c = c0
    ### START CODE HERE ### 
    # Step 1: Create empty list to append the outputs while you iterate (≈1 line)
    outputs = []
    
    # Step 2: Loop from 0 to Tx
    for t in range(Tx):
        
        # Step 2.A: select the "t"th time step vector from X. 
        x = X[:,t,:]
        # Step 2.B: Use reshaper to reshape x to be (1, n_values) (≈1 line)
        x = reshaper(x)
        # Step 2.C: Perform one step of the LSTM_cell
        a, _, c = LSTM_cell(x, initial_state=[a, c])
        # Step 2.D: Apply densor to the hidden state output of LSTM_Cell
        out = densor(a)
        # Step 2.E: add the output to "outputs"
        outputs.append(out)
        
    # Step 3: Create model instance
    model = Model(inputs=[X, a0, c0], outputs=outputs)
    
    ### END CODE HERE ###
    
    return model

model = djmodel(Tx=10, LSTM_cell=LSTM_cell, densor=densor, reshaper=reshaper)

# Check your model
model.summary()

opt = Adam(lr=0.01, beta_1=0.9, beta_2=0.999, decay=0.01)

model.compile(optimizer=opt, loss='categorical_crossentropy', metrics=['accuracy'])

m = 32
a0 = np.zeros((m, n_a))
c0 = np.zeros((m, n_a))

history = model.fit([X, a0, c0], list(Y), epochs=3, verbose = 0)

print(f"loss at epoch 1: {history.history['loss'][0]}")
print(f"loss at epoch 100: {history.history['loss'][2]}")

# UNQ_C2 (UNIQUE CELL IDENTIFIER, DO NOT EDIT)
# GRADED FUNCTION: music_inference_model

def music_inference_model(LSTM_cell, densor, Ty=100):
    """
    Uses the trained "LSTM_cell" and "densor" from model() to generate a sequence of values.
    
    Arguments:
    LSTM_cell -- the trained "LSTM_cell" from model(), Keras layer object
    densor -- the trained "densor" from model(), Keras layer object
    Ty -- integer, number of time steps to generate
    
    Returns:
    inference_model -- Keras model instance
    """
    
    # Get the shape of input values
    n_values = densor.units
    # Get the number of the hidden state vector
    n_a = LSTM_cell.units
    
    # Define the input of your model with a shape 
    x0 = Input(shape=(1, n_values))
    
    
    # Define s0, initial hidden state for the decoder LSTM
    a0 = Input(shape=(n_a,), name='a0')
    c0 = Input(shape=(n_a,), name='c0')
    a = a0
    c = c0
    x = x0

    ### START CODE HERE ###
    # Step 1: Create an empty list of "outputs" to later store your predicted values (≈1 line)
    outputs = []
    
    # Step 2: Loop over Ty and generate a value at every time step
    for t in range(Ty):
        # Step 2.A: Perform one step of LSTM_cell. Use "x", not "x0" (≈1 line)
        a, _, c = LSTM_cell(x, initial_state=[a, c])
        
        # Step 2.B: Apply Dense layer to the hidden state output of the LSTM_cell (≈1 line)
        out = densor(a)
        # Step 2.C: Append the prediction "out" to "outputs". out.shape = (None, 90) (≈1 line)
        outputs.append(out)

        
        # Step 2.D: 
        # Select the next value according to "out",
        # Set "x" to be the one-hot representation of the selected value
        # See instructions above.
        x = tf.keras.backend.argmax(out, axis=-1)
        x = tf.keras.backend.one_hot(x, n_values)
        # Step 2.E: 
        # Use RepeatVector(1) to convert x into a tensor with shape=(None, 1, 90)
        x = RepeatVector(1)(x)
        
    # Step 3: Create model instance with the correct "inputs" and "outputs" (≈1 line)
    inference_model = Model(inputs=[x0, a0, c0], outputs=outputs)
    
    ### END CODE HERE ###
    
    return inference_model

inference_model = music_inference_model(LSTM_cell, densor, Ty = 20)

# Check the inference model
inference_model.summary()

x_initializer = np.zeros((1, 1, n_values))
a_initializer = np.zeros((1, n_a))
c_initializer = np.zeros((1, n_a))

# UNQ_C3 (UNIQUE CELL IDENTIFIER, DO NOT EDIT)
# GRADED FUNCTION: predict_and_sample

def predict_and_sample(inference_model, x_initializer = x_initializer, a_initializer = a_initializer, 
                       c_initializer = c_initializer):
    """
    Predicts the next value of values using the inference model.
    
    Arguments:
    inference_model -- Keras model instance for inference time
    x_initializer -- numpy array of shape (1, 1, 90), one-hot vector initializing the values generation
    a_initializer -- numpy array of shape (1, n_a), initializing the hidden state of the LSTM_cell
    c_initializer -- numpy array of shape (1, n_a), initializing the cell state of the LSTM_cel
    
    Returns:
    results -- numpy-array of shape (Ty, 90), matrix of one-hot vectors representing the values generated
    indices -- numpy-array of shape (Ty, 1), matrix of indices representing the values generated
    """
    
    n_values = x_initializer.shape[2]
    
    ### START CODE HERE ###
    # Step 1: Use your inference model to predict an output sequence given x_initializer, a_initializer and c_initializer.
    pred = inference_model.predict([x_initializer, a_initializer, c_initializer])
    # Step 2: Convert "pred" into an np.array() of indices with the maximum probabilities
    indices = np.argmax(pred, axis = -1)
    # Step 3: Convert indices to one-hot vectors, the shape of the results should be (Ty, n_values)
    results = to_categorical(indices, num_classes=n_values)
    ### END CODE HERE ###
    
    return results, indices

results, indices = predict_and_sample(inference_model, x_initializer, a_initializer, c_initializer)

print("np.argmax(results[12]) =", np.argmax(results[12]))
print("np.argmax(results[17]) =", np.argmax(results[17]))
print("list(indices[12:18]) =", list(indices[12:18]))
