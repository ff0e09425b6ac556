# source: amanchadha/coursera-deep-learning-specialization C5 - Sequence Models/Week 3/Machine Translation/Neural_machine_translation_with_attention_v4a.ipynb with nmt_utils.py and test_utils.py (deeplearning.ai's "Sequence Models" course, week 3 assignment "Neural Machine Translation with Attention", human-readable dates to ISO dates, as solved in this widely forked repository; its code cells in order)
# commit: e9de0f4d1549b5a974c7f5cba013097fe162a798
# keras: tf_keras
# exercises: nmt_utils's load_dataset (character vocabularies with '<unk>' and '<pad>'), preprocess_data (string_to_int padding to Tx/Ty, to_categorical over a map of index lists), and its custom softmax(x, axis=1) written with K.ndim, K.softmax, K.exp, K.max(keepdims=True), K.sum(keepdims=True), given as Activation(softmax, name='attention_weights') and as Dense(len(machine_vocab), activation=softmax); global shared layers RepeatVector(Tx), Concatenate(axis=-1), Dense(10, activation="tanh"), Dense(1, activation="relu"), Dot(axes=1) and LSTM(n_s, return_state=True), called eagerly on float32 numpy arrays by the one_step_attention unit test (context.shape, context.numpy() of a layer's output called outside any training step) before they are reused in graphs; modelf: Input(shape=(Tx, human_vocab_size)), Input s0/c0 named 's0'/'c0', Bidirectional(LSTM(n_a, return_sequences=True)), Ty steps of one_step_attention on KerasTensors and the shared post-attention LSTM called with initial_state=[s, c] and unpacked s, _, c, a functional Model with three inputs and a list of Ty outputs; the modelf unit test with test_utils's summary (which compiles the model with 'adam'; layer.__class__.__name__, layer.output_shape, count_params(), type(layer) == Dense / LSTM / RepeatVector, layer.activation.__name__, layer.input_shape of an LSTM called with initial_state, RepeatVector.n) and comparator over a model built twice from the same shared layers; model.summary(); a legacy Adam(lr=0.005, beta_1, beta_2, decay=0.01) and its unit test (opt.lr, opt.beta_1, opt.beta_2, opt.decay, model.loss, model.optimizer is opt, model.compiled_metrics._user_metrics[0]); compile(categorical_crossentropy, metrics=['accuracy']) on a list of Ty outputs (per-output losses and accuracies in the history, named after the shared output Dense); fit([Xoh, s0, c0], list(Yoh.swapaxes(0, 1)), batch_size=100); predict on single one-hot encoded examples with initial states np.zeros((1, n_s)), np.argmax(prediction, axis=-1) over the list of outputs
# reduced: load_dataset's dates (Faker's fake.date_object() and babel's format_date(dt, format, locale='en_US') over nmt_utils's FORMATS) replaced by made_up_date() (a seeded date between 1970 and 2024 from random) and format_date(), a small stand-in that writes babel's en_US 'short', 'medium', 'long' and 'full' formats and the d/dd/M/MM/MMM/MMMM/YY/YYY/EEEE patterns of FORMATS; the rest of nmt_utils as is (its Faker.seed, faker, babel, matplotlib and plot_attention_map left out; tqdm, not installed on either side, replaced by a pass-through tqdm(iterable)); test_utils inlined with termcolor's colored (not installed on either side) a pass-through colored(text, color=None, attrs=None); m 10000 -> 32 (one batch of fit's batch_size=100, so its shuffling cannot change the result), Tx 30 -> 12, n_a 32 -> 8, n_s 64 -> 16 (in the notebook's cells and in both unit tests, whose sizes must match the global shared layers; the expected summary's shapes and parameter counts recomputed for them: 2944, 330, 11, 2112, 187), epochs 1 -> 3; `from tensorflow.keras.optimizers import Adam` -> `from tensorflow.keras.optimizers.legacy import Adam` (tf-keras 2.21's new optimizers refuse decay=, and the error names the legacy ones); the one_step_attention test's `assert type(context) == tf.python.framework.ops.EagerTensor` dropped (TensorFlow's internal tensor class: statefulrnn stands in for Keras, not TensorFlow); in the two prediction cells `inv_machine_vocab[int(i)] for i in prediction` -> `int(i[0])` (prediction is (Ty, 1) after np.argmax, and the numpy of both sides, 2.x, refuses int() of a one-element 1-d array); cells dropped: tf.config.list_physical_devices() (cell 10, TensorFlow's device list), model.load_weights('models/model.h5') (cell 46: weights of the full-size model, n_a 32 and n_s 64), plot_attention_map (cell 55, matplotlib), `%matplotlib inline` and the markdown cells
from tensorflow.keras.layers import Bidirectional, Concatenate, Permute, Dot, Input, LSTM, Multiply
from tensorflow.keras.layers import RepeatVector, Dense, Activation, Lambda
from tensorflow.keras.optimizers.legacy import Adam
from tensorflow.keras.utils import to_categorical
from tensorflow.keras.models import load_model, Model
import tensorflow.keras.backend as K
import tensorflow as tf
import numpy as np

import random
import datetime


def tqdm(iterable):
    # Stands in for tqdm's progress bar (not installed).
    return iterable


# ---- stands in for Faker's date_object and babel's format_date (en_US)

_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
           'October', 'November', 'December']
_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
_NAMED = {'short': 'M/d/yy', 'medium': 'MMM d, y', 'long': 'MMMM d, y', 'full': 'EEEE, MMMM d, y'}


def made_up_date():
    return datetime.date(1970, 1, 1) + datetime.timedelta(days=random.randrange(365 * 55))


def format_date(dt, format='medium', locale='en_US'):
    import re
    pattern = _NAMED.get(format, format)

    def field(match):
        token = match.group(0)
        letter, width = token[0], len(token)
        if letter == 'E':
            return _DAYS[dt.weekday()]
        if letter == 'M':
            if width >= 4:
                return _MONTHS[dt.month - 1]
            if width == 3:
                return _MONTHS[dt.month - 1][:3]
            return '%0*d' % (width, dt.month)
        if letter == 'd':
            return '%0*d' % (width, dt.day)
        if width == 2:
            return '%02d' % (dt.year % 100)
        return '%0*d' % (width, dt.year)

    return re.sub(r'E+|M+|d+|y+|Y+', field, pattern)


# ---- nmt_utils.py (Faker and babel replaced by the stand-ins above; plotting left out)

random.seed(12345)

# Define format of the data we would like to generate
FORMATS = ['short',
           'medium',
           'long',
           'full',
           'full',
           'full',
           'full',
           'full',
           'full',
           'full',
           'full',
           'full',
           'full',
           'd MMM YYY', 
           'd MMMM YYY',
           'dd MMM YYY',
           'd MMM, YYY',
           'd MMMM, YYY',
           'dd, MMM YYY',
           'd MM YY',
           'd MMMM YYY',
           'MMMM d YYY',
           'MMMM d, YYY',
           'dd.MM.YY']

# change this if you want it to work with another language
LOCALES = ['en_US']

def load_date():
    """
        Loads some fake dates 
        :returns: tuple containing human readable string, machine readable string, and date object
    """
    dt = made_up_date()

    try:
        human_readable = format_date(dt, format=random.choice(FORMATS),  locale='en_US') # locale=random.choice(LOCALES))
        human_readable = human_readable.lower()
        human_readable = human_readable.replace(',','')
        machine_readable = dt.isoformat()
        
    except AttributeError as e:
        return None, None, None

    return human_readable, machine_readable, dt

def load_dataset(m):
    """
        Loads a dataset with m examples and vocabularies
        :m: the number of examples to generate
    """
    
    human_vocab = set()
    machine_vocab = set()
    dataset = []
    Tx = 30
    

    for i in tqdm(range(m)):
        h, m, _ = load_date()
        if h is not None:
            dataset.append((h, m))
            human_vocab.update(tuple(h))
            machine_vocab.update(tuple(m))
    
    human = dict(zip(sorted(human_vocab) + ['<unk>', '<pad>'], 
                     list(range(len(human_vocab) + 2))))
    inv_machine = dict(enumerate(sorted(machine_vocab)))
    machine = {v:k for k,v in inv_machine.items()}
 
    return dataset, human, machine, inv_machine

def preprocess_data(dataset, human_vocab, machine_vocab, Tx, Ty):
    
    X, Y = zip(*dataset)
    
    X = np.array([string_to_int(i, Tx, human_vocab) for i in X])
    Y = [string_to_int(t, Ty, machine_vocab) for t in Y]
    
    Xoh = np.array(list(map(lambda x: to_categorical(x, num_classes=len(human_vocab)), X)))
    Yoh = np.array(list(map(lambda x: to_categorical(x, num_classes=len(machine_vocab)), Y)))



    return X, np.array(Y), Xoh, Yoh

def string_to_int(string, length, vocab):
    """
    Converts all strings in the vocabulary into a list of integers representing the positions of the
    input string's characters in the "vocab"
    
    Arguments:
    string -- input string, e.g. 'Wed 10 Jul 2007'
    length -- the number of time steps you'd like, determines if the output will be padded or cut
    vocab -- vocabulary, dictionary used to index every character of your "string"
    
    Returns:
    rep -- list of integers (or '<unk>') (size = length) representing the position of the string's character in the vocabulary
    """
    
    #make lower to standardize
    string = string.lower()
    string = string.replace(',','')
    
    if len(string) > length:
        string = string[:length]
        
    rep = list(map(lambda x: vocab.get(x, '<unk>'), string))
    
    if len(string) < length:
        rep += [vocab['<pad>']] * (length - len(string))
    
    #print (rep)
    return rep


def int_to_string(ints, inv_vocab):
    """
    Output a machine readable list of characters based on a list of indexes in the machine's vocabulary
    
    Arguments:
    ints -- list of integers representing indexes in the machine's vocabulary
    inv_vocab -- dictionary mapping machine readable indexes to machine readable characters 
    
    Returns:
    l -- list of characters corresponding to the indexes of ints thanks to the inv_vocab mapping
    """
    
    l = [inv_vocab[i] for i in ints]
    return l


EXAMPLES = ['3 May 1979', '5 Apr 09', '20th February 2016', 'Wed 10 Jul 2007']

def run_example(model, input_vocabulary, inv_output_vocabulary, text):
    encoded = string_to_int(text, TIME_STEPS, input_vocabulary)
    prediction = model.predict(np.array([encoded]))
    prediction = np.argmax(prediction[0], axis=-1)
    return int_to_string(prediction, inv_output_vocabulary)

def run_examples(model, input_vocabulary, inv_output_vocabulary, examples=EXAMPLES):
    predicted = []
    for example in examples:
        predicted.append(''.join(run_example(model, input_vocabulary, inv_output_vocabulary, example)))
        print('input:', example)
        print('output:', predicted[-1])
    return predicted


def softmax(x, axis=1):
    """Softmax activation function.
    # Arguments
        x : Tensor.
        axis: Integer, axis along which the softmax normalization is applied.
    # Returns
        Tensor, output of softmax transformation.
    # Raises
        ValueError: In case `dim(x) == 1`.
    """
    ndim = K.ndim(x)
    if ndim == 2:
        return K.softmax(x)
    elif ndim > 2:
        e = K.exp(x - K.max(x, axis=axis, keepdims=True))
        s = K.sum(e, axis=axis, keepdims=True)
        return e / s
    else:
        raise ValueError('Cannot apply softmax to a tensor that is 1D')


# ---- test_utils.py (termcolor's colored, not installed, a pass-through)

def colored(text, color=None, attrs=None):
    return text

from tensorflow.keras.layers import Input
from tensorflow.keras.layers import Conv2D
from tensorflow.keras.layers import MaxPooling2D
from tensorflow.keras.layers import Dropout 
from tensorflow.keras.layers import Conv2DTranspose
from tensorflow.keras.layers import concatenate
from tensorflow.keras.layers import ZeroPadding2D
from tensorflow.keras.layers import Dense
from tensorflow.keras.layers import LSTM
from tensorflow.keras.layers import RepeatVector




# Compare the two inputs
def comparator(learner, instructor):
    layer = 0
    for a, b in zip(learner, instructor):
        if tuple(a) != tuple(b):
            print(colored("Test failed", attrs=['bold']),
                  f"at layer: {layer}",
                  "\n Expected value \n\n", colored(f"{b}", "green"), 
                  "\n\n does not match the input value: \n\n", 
                  colored(f"{a}", "red"))
            raise AssertionError("Error in test") 
        layer += 1
    print(colored("All tests passed!", "green"))

# extracts the description of a given model
def summary(model):
    model.compile(optimizer='adam',
                  loss='categorical_crossentropy',
                  metrics=['accuracy'])
    result = []
    for layer in model.layers:
        descriptors = [layer.__class__.__name__, layer.output_shape, layer.count_params()]
        if (type(layer) == Conv2D):
            descriptors.append(layer.padding)
            descriptors.append(layer.activation.__name__)
            descriptors.append(layer.kernel_initializer.__class__.__name__)
        if (type(layer) == MaxPooling2D):
            descriptors.append(layer.pool_size)
            descriptors.append(layer.strides)
            descriptors.append(layer.padding)
        if (type(layer) == Dropout):
            descriptors.append(layer.rate)
        if (type(layer) == ZeroPadding2D):
            descriptors.append(layer.padding)
        if (type(layer) == Dense):
            descriptors.append(layer.activation.__name__)
        if (type(layer) == LSTM):
            descriptors.append(layer.input_shape)
            descriptors.append(layer.activation.__name__)
        if (type(layer) == RepeatVector):
            descriptors.append(layer.n)
        result.append(descriptors)
    return result


# ---- the notebook's code cells

m = 32
dataset, human_vocab, machine_vocab, inv_machine_vocab = load_dataset(m)

dataset[:10]

human_vocab

Tx = 12
Ty = 10
X, Y, Xoh, Yoh = preprocess_data(dataset, human_vocab, machine_vocab, Tx, Ty)

print("X.shape:", X.shape)
print("Y.shape:", Y.shape)
print("Xoh.shape:", Xoh.shape)
print("Yoh.shape:", Yoh.shape)

index = 0
print("Source date:", dataset[index][0])
print("Target date:", dataset[index][1])
print()
print("Source after preprocessing (indices):", X[index])
print("Target after preprocessing (indices):", Y[index])
print()
print("Source after preprocessing (one-hot):", Xoh[index])
print("Target after preprocessing (one-hot):", Yoh[index])

# Defined shared layers as global variables
repeator = RepeatVector(Tx)
concatenator = Concatenate(axis=-1)
densor1 = Dense(10, activation = "tanh")
densor2 = Dense(1, activation = "relu")
activator = Activation(softmax, name='attention_weights') # We are using a custom softmax(axis = 1) loaded in this notebook
dotor = Dot(axes = 1)

# UNQ_C1 (UNIQUE CELL IDENTIFIER, DO NOT EDIT)
# GRADED FUNCTION: one_step_attention

def one_step_attention(a, s_prev):
    """
    Performs one step of attention: Outputs a context vector computed as a dot product of the attention weights
    "alphas" and the hidden states "a" of the Bi-LSTM.
    
    Arguments:
    a -- hidden state output of the Bi-LSTM, numpy-array of shape (m, Tx, 2*n_a)
    s_prev -- previous hidden state of the (post-attention) LSTM, numpy-array of shape (m, n_s)
    
    Returns:
    context -- context vector, input of the next (post-attention) LSTM cell
    """
    
    ### START CODE HERE ###
    # Use repeator to repeat s_prev to be of shape (m, Tx, n_s) so that you can concatenate it with all hidden states "a" (≈ 1 line)
    s_prev = repeator(s_prev)
    # Use concatenator to concatenate a and s_prev on the last axis (≈ 1 line)
    # For grading purposes, please list 'a' first and 's_prev' second, in this order.
    concat = concatenator([a,s_prev])
    # Use densor1 to propagate concat through a small fully-connected neural network to compute the "intermediate energies" variable e. (≈1 lines)
    e = densor1(concat)
    # Use densor2 to propagate e through a small fully-connected neural network to compute the "energies" variable energies. (≈1 lines)
    energies = densor2(e)
    # Use "activator" on "energies" to compute the attention weights "alphas" (≈ 1 line)
    alphas = activator(energies)
    # Use dotor together with "alphas" and "a", in this order, to compute the context vector to be given to the next (post-attention) LSTM-cell (≈ 1 line)
    context = dotor([alphas,a])
    ### END CODE HERE ###
    
    return context

# UNIT TEST
def one_step_attention_test(target):

    m = 10
    Tx = 12
    n_a = 8
    n_s = 16
    #np.random.seed(10)
    a = np.random.uniform(1, 0, (m, Tx, 2 * n_a)).astype(np.float32)
    s_prev =np.random.uniform(1, 0, (m, n_s)).astype(np.float32) * 1
    context = target(a, s_prev)
    
    assert tuple(context.shape) == (m, 1, n_s), "Unexpected output shape"
    assert np.all(context.numpy() > 0), "All output values must be > 0 in this example"
    assert np.all(context.numpy() < 1), "All output values must be < 1 in this example"

    #assert np.allclose(context[0][0][0:5].numpy(), [0.50877404, 0.57160693, 0.45448175, 0.50074816, 0.53651875]), "Unexpected values in the result"
    print("\033[92mAll tests passed!")
    
one_step_attention_test(one_step_attention)

n_a = 8 # number of units for the pre-attention, bi-directional LSTM's hidden state 'a'
n_s = 16 # number of units for the post-attention LSTM's hidden state "s"

# Please note, this is the post attention LSTM cell.  
post_activation_LSTM_cell = LSTM(n_s, return_state = True) # Please do not modify this global variable.
output_layer = Dense(len(machine_vocab), activation=softmax)

# UNQ_C2 (UNIQUE CELL IDENTIFIER, DO NOT EDIT)
# GRADED FUNCTION: model

def modelf(Tx, Ty, n_a, n_s, human_vocab_size, machine_vocab_size):
    """
    Arguments:
    Tx -- length of the input sequence
    Ty -- length of the output sequence
    n_a -- hidden state size of the Bi-LSTM
    n_s -- hidden state size of the post-attention LSTM
    human_vocab_size -- size of the python dictionary "human_vocab"
    machine_vocab_size -- size of the python dictionary "machine_vocab"

    Returns:
    model -- Keras model instance
    """
    
    # Define the inputs of your model with a shape (Tx,)
    # Define s0 (initial hidden state) and c0 (initial cell state)
    # for the decoder LSTM with shape (n_s,)
    X = Input(shape=(Tx, human_vocab_size))
    s0 = Input(shape=(n_s,), name='s0')
    c0 = Input(shape=(n_s,), name='c0')
    s = s0
    c = c0
    
    # Initialize empty list of outputs
    outputs = []
    
    ### START CODE HERE ###
    
    # Step 1: Define your pre-attention Bi-LSTM. (≈ 1 line)
    a = Bidirectional(LSTM(n_a, return_sequences=True))(X)
    
    # Step 2: Iterate for Ty steps
    for t in range(Ty):
    
        # Step 2.A: Perform one step of the attention mechanism to get back the context vector at step t (≈ 1 line)
        context = one_step_attention(a, s)
        
        # Step 2.B: Apply the post-attention LSTM cell to the "context" vector.
        # Don't forget to pass: initial_state = [hidden state, cell state] (≈ 1 line)
        s, _, c = post_activation_LSTM_cell(context,initial_state=[s, c])
        
        # Step 2.C: Apply Dense layer to the hidden state output of the post-attention LSTM (≈ 1 line)
        out = output_layer(s)
        
        # Step 2.D: Append "out" to the "outputs" list (≈ 1 line)
        outputs.append(out)
    
    # Step 3: Create model instance taking three inputs and returning the list of outputs. (≈ 1 line)
    model = Model(inputs=[X, s0, c0],outputs=outputs)
    
    ### END CODE HERE ###
    
    return model

# UNIT TEST

def modelf_test(target):
    m = 10
    Tx = 12
    n_a = 8
    n_s = 16
    len_human_vocab = 37
    len_machine_vocab = 11
    
    
    model = target(Tx, Ty, n_a, n_s, len_human_vocab, len_machine_vocab)
    
    print(summary(model))

    
    expected_summary = [['InputLayer', [(None, 12, 37)], 0],
                         ['InputLayer', [(None, 16)], 0],
                         ['Bidirectional', (None, 12, 16), 2944],
                         ['RepeatVector', (None, 12, 16), 0, 12],
                         ['Concatenate', (None, 12, 32), 0],
                         ['Dense', (None, 12, 10), 330, 'tanh'],
                         ['Dense', (None, 12, 1), 11, 'relu'],
                         ['Activation', (None, 12, 1), 0],
                         ['Dot', (None, 1, 16), 0],
                         ['InputLayer', [(None, 16)], 0],
                         ['LSTM',[(None, 16), (None, 16), (None, 16)], 2112,[(None, 1, 16), (None, 16), (None, 16)],'tanh'],
                         ['Dense', (None, 11), 187, 'softmax']]

    comparator(summary(model), expected_summary)
    

modelf_test(modelf)

model = modelf(Tx, Ty, n_a, n_s, len(human_vocab), len(machine_vocab))

model.summary()

### START CODE HERE ### (≈2 lines)
opt = Adam(lr=0.005, beta_1=0.9, beta_2=0.999, decay=0.01)
model.compile(optimizer=opt, loss='categorical_crossentropy', metrics=['accuracy'])
### END CODE HERE ###

# UNIT TESTS
assert opt.lr == 0.005, "Set the lr parameter to 0.005"
assert opt.beta_1 == 0.9, "Set the beta_1 parameter to 0.9"
assert opt.beta_2 == 0.999, "Set the beta_2 parameter to 0.999"
assert opt.decay == 0.01, "Set the decay parameter to 0.01"
assert model.loss == "categorical_crossentropy", "Wrong loss. Use 'categorical_crossentropy'"
assert model.optimizer == opt, "Use the optimizer that you have instantiated"
assert model.compiled_metrics._user_metrics[0] == 'accuracy', "set metrics to ['accuracy']"

print("\033[92mAll tests passed!")

s0 = np.zeros((m, n_s))
c0 = np.zeros((m, n_s))
outputs = list(Yoh.swapaxes(0,1))

model.fit([Xoh, s0, c0], outputs, epochs=3, batch_size=100)

EXAMPLES = ['3 May 1979', '5 April 09', '21th of August 2016', 'Tue 10 Jul 2007', 'Saturday May 9 2018', 'March 3 2001', 'March 3rd 2001', '1 March 2001']
s00 = np.zeros((1, n_s))
c00 = np.zeros((1, n_s))
for example in EXAMPLES:
    source = string_to_int(example, Tx, human_vocab)
    #print(source)
    source = np.array(list(map(lambda x: to_categorical(x, num_classes=len(human_vocab)), source))).swapaxes(0,1)
    source = np.swapaxes(source, 0, 1)
    source = np.expand_dims(source, axis=0)
    prediction = model.predict([source, s00, c00])
    prediction = np.argmax(prediction, axis = -1)
    output = [inv_machine_vocab[int(i[0])] for i in prediction]
    print("source:", example)
    print("output:", ''.join(output),"\n")

def translate_date(sentence):
    source = string_to_int(sentence, Tx, human_vocab)
    source = np.array(list(map(lambda x: to_categorical(x, num_classes=len(human_vocab)), source))).swapaxes(0,1)
    source = np.swapaxes(source, 0, 1)
    source = np.expand_dims(source, axis=0)
    prediction = model.predict([source, s00, c00])
    prediction = np.argmax(prediction, axis = -1)
    output = [inv_machine_vocab[int(i[0])] for i in prediction]
    print("source:", sentence)
    print("output:", ''.join(output),"\n")
example = "4th of july 2001"
translate_date(example)

model.summary()
