# source: gintrona/ML_seq2seq_dates_translation s2s-dates_translator-refacto-tensorflow.ipynb (G. Introna's character-level LSTM encoder-decoder that turns human-readable dates into YYYY-MM-DD, the Coursera "Neural machine translation with attention" date task redone without attention after F. Chollet's "ten-minute introduction to sequence-to-sequence learning in Keras"; its code cells in order, with the Coursera nmt_utils it imports)
# commit: 24669d509976ceb60f75e65dbc8b6cad014e266a
# keras: tf_keras
# exercises: `from tensorflow.keras.models import Model`, `from tensorflow.keras.layers import Input, LSTM, Dense`; nmt_utils's to_categorical one-hot data; decoder input / target one-hot arrays filled element by element with <start>/<end> indices 11 and 12; three layers built once and shared by a training Model and two sampling Models built later from new Inputs (one of them again named 'encoder_inputs'): LSTM(latent_dim, return_state=True, name='lstm_encoder'), LSTM(latent_dim, return_sequences=True, return_state=True, name='lstm_decoder') called with initial_state=[state_h, state_c] (from encoder tensors, then from Input(shape=(latent_dim,)) state inputs), Dense(softmax, name="decoder_dense"); Input(shape=(None, n)) with variable time length; lstm_decoder_layer.get_config(); summary(); compile(optimizer='rmsprop', loss='categorical_crossentropy') with no metrics; fit([enc, dec], target, batch_size, epochs, validation_split=0.2); training_model.save('s2s_dates_translator.h5'); encoder_model.predict returning a list of two state arrays, passed on as `[target_seq] + states_v`; decoder_model.predict on an 11-step and on 1-step inputs returning [outputs, h, c]; greedy decode_sequence loop of 11 steps
# reduced: nmt_utils's Faker / babel date generation replaced by the stand-in that the corpus's coursera_nmt_attention.py uses (made_up_date(), a seeded date between 1970 and 2024, and an en_US format_date() for nmt_utils's FORMATS; tqdm a pass-through); m 10000 -> 40 (validation_split=0.2 leaves 32 training rows, one batch of 64, so fit's shuffling cannot change the result); latent_dim 256 -> 16; epochs 50 -> 2; `TRAINING = False` (which loads a local s2s_dates_translator.h5 that the repository does not hold) -> True, the notebook's training branch; the cell that calls decode_sequence before the cell that defines it (run out of order in the notebook, execution counts 162 and 58) moved after the definition; the pandas DataFrame loop that decodes all 10000 dates (`elem.reshape(1,30,37)`) and its value_counts dropped, the four-example loop over the training set kept; `from __future__ import print_function` (mid-file in the concatenated cells, a SyntaxError there; a no-op on Python 3) dropped; markdown and raw cells dropped
import numpy as np
from tensorflow.keras.utils import to_categorical
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



# ---- the notebook

#Load dates datasets
m = 40
dataset, human_vocab, machine_vocab, inv_machine_vocab = load_dataset(m)

#[CHECK]
Tx = 30
Ty = 10
X, Y, Xoh, Yoh = preprocess_data(dataset, human_vocab, machine_vocab, Tx, Ty)

print("X.shape:", X.shape, "-> the maximum length of a phrase is set to 30")
print("Y.shape:", Y.shape,  "-> the output date in standardized format have lenght=10")
print("Xoh.shape:", Xoh.shape, "-> the human vocab contains 37 chars")
print("Yoh.shape:", Yoh.shape,"-> the machine vocab contains 11 chars")

# Reverse-lookup token index to decode sequences back to
# something readable.
reverse_input_char_index = dict(
    (i, char) for char, i in human_vocab.items())

# Add two additional chars to the dict: a start char and an end char
reverse_target_char_index = {}
reverse_target_char_index = dict(
    (i, char) for char, i in machine_vocab.items())
reverse_target_char_index.update({11:'<start>', 12:'<end>'})

# Use Y_oh to build decoder_input_data and decoder_output_data from Y_oh
num_samples,_,_ = Yoh.shape
Tx_decoder = 11 #it's 10 (length of YYYY-MM-DD) plus addition char 
num_decoder_tokens = len(reverse_target_char_index) # return 13
decoder_input_data = np.zeros([num_samples, Tx_decoder, num_decoder_tokens])
decoder_target_data = np.zeros([num_samples, Tx_decoder, num_decoder_tokens])

#####################
# encoder input data
#####################
encoder_input_data = Xoh

####################
# decoder_input_data
####################
# timestep = O : populate with start
oh_start_char = np.zeros(num_decoder_tokens)
oh_start_char[11] = 1 # index 11 corresponds to '<start>'
#for i in range(num_samples):
decoder_input_data[:, 0] = oh_start_char # all the exemples get a <start> char character

for i in range(num_samples):
    for j in range(0,Tx_decoder-1): # j=1,...10
        for k in range(num_decoder_tokens - 2): # minus 2 because of the <start> ad <end> chars we added
            decoder_input_data[i][j+1][k] = Yoh[i][j][k]
            
#####################
# decoder_target_data
#####################

oh_end_char = np.zeros(num_decoder_tokens)
oh_end_char[12] = 1 # index 12 corresponds to '<end>'
decoder_target_data[:, Tx_decoder-1] = oh_end_char # targets get an <end> char in the last timestep

for i in range(num_samples):
    for j in range(0, Tx_decoder-1):
        for k in range(num_decoder_tokens):
            # decoder_target_data is one time step ahead of the decoder_input_data
            decoder_target_data[i][j][k] = decoder_input_data[i][j+1][k] 

def from_oh_to_chars(matrix, reverse_dictionary):
    # Take a one hot enconding two dimensional ndarray and
    # translate it back to human language (phrase)
    tx, dim = matrix.shape
    resu = str()
    for i in range(tx):
            if len(np.where(matrix[i]==1)[0])==0:
                break
            else:
                index = np.where(matrix[i]==1)[0][0]
                resu+=(reverse_dictionary[index])
    return resu

print(encoder_input_data[1],'\n', from_oh_to_chars(encoder_input_data[1], reverse_input_char_index))

def from_encode_to_chars(vector_indices, reverse_input_char_index):
    resu = ''   
    for _,index in enumerate(vector_indices):
        resu+=reverse_input_char_index[index]
    return resu

print(X[0], " \nis decoded to \n", from_encode_to_chars(X[0], reverse_input_char_index))

def encode_string(phrase, human_vocab, Tx):
    # take string and return a list with the index of each char (in the dictionary human vocab)
    # take phrase 'foo' and return [18,26,26]
    resu = np.zeros(Tx, dtype=np.int8)
    for idx,char in enumerate(phrase):
        resu[idx] = human_vocab.get(char)
        idx=idx+1
    resu[idx:] = human_vocab.get('<pad>')
    return resu

def from_encode_to_oh(encoded_phrase_indices, reverse_input_char_index):
    cols = encoded_phrase_indices
    matrix = np.zeros((len(encoded_phrase_indices) , len(reverse_input_char_index) ) )
    matrix[np.arange(len(encoded_phrase_indices)) ,cols ] = 1
    return matrix

def from_nl_to_oh(phrase,human_vocab,reverse_input_char_index, Tx):
    encoded_phrase_indices = encode_string(phrase, human_vocab, Tx)
    resu = from_encode_to_oh(encoded_phrase_indices,reverse_input_char_index)
    return resu

from_nl_to_oh('20 may 1998', human_vocab, reverse_input_char_index, Tx)

print("Example 9 may 1998")
print(from_encode_to_chars(X[0], reverse_input_char_index))
print(from_oh_to_chars(decoder_input_data[0], reverse_target_char_index)) # '<start>1998-05-09'
print(from_oh_to_chars(decoder_target_data[0], reverse_target_char_index)) # '1998-05-09<end>'

print("Example 10.09.70")
print(from_encode_to_chars(X[1], reverse_input_char_index))
print(from_oh_to_chars(decoder_input_data[1], reverse_target_char_index)) # '<start>1998-05-09'
print(from_oh_to_chars(decoder_target_data[1], reverse_target_char_index)) # '1998-05-09<end>'

print("Example: sunday may 22 1988")
print(from_encode_to_chars(X[5], reverse_input_char_index))
print(from_oh_to_chars(decoder_input_data[5], reverse_target_char_index)) # '<start>1998-05-09'
print(from_oh_to_chars(decoder_target_data[5], reverse_target_char_index)) # '1998-05-09<end>'


#from keras.models import Model
from tensorflow.keras.models import Model
from tensorflow.keras.layers import Input, LSTM, Dense
import numpy as np

# Metaparams
batch_size = 64 # 64  # Batch size for training.
epochs =  2  # Number of epochs to train for.
latent_dim = 16  # Latent dimensionality of the encoding space.
num_samples = num_samples  # Number of samples to train on.

num_encoder_tokens = len(human_vocab)
num_decoder_tokens = num_decoder_tokens

#lstm_decoder =  LSTM(latent_dim, return_sequences=True, return_state=True, name='lstm_decoder')
# Let's define here the building blocks of our models
lstm_encoder_layer = LSTM(latent_dim, return_state=True, name='lstm_encoder')
lstm_decoder_layer =  LSTM(latent_dim, return_sequences=True, return_state=True, name='lstm_decoder')
dense_layer = Dense(num_decoder_tokens, activation='softmax', name="decoder_dense")

###########################
# Define model for training
##########################

# Define an input sequence and process it.
def get_training_model(lstm_encoder_layer, lstm_decoder_layer, dense_layer):
    
    encoder_inputs = Input(shape=(None, num_encoder_tokens), name='encoder_inputs')
    
    # The input sequence is encoded; the resulting state vectors are kept; 
    # encoder_outputs, state_h, state_c are tensors
    encoder_outputs, state_h, state_c = lstm_encoder_layer(encoder_inputs)

    # We discard `encoder_outputs` and only keep the states.
    encoder_states = [state_h, state_c]

    decoder_inputs = Input(shape=(None, num_decoder_tokens))

    """
    We set our decoder up to return full output sequences,
    and to return internal states as well. We don't use the
    return states in the training model, but we will use them 
    in the inference phase.
    """
    decoder_outputs_0, _, _ = lstm_decoder_layer(decoder_inputs, initial_state=encoder_states)
    decoder_outputs_1 = dense_layer(decoder_outputs_0)

    # Define the model that will turn
    # `encoder_input_data` and `decoder_input_data` into `decoder_target_data`
    training_model = Model([encoder_inputs, decoder_inputs], decoder_outputs_1)
    return training_model

training_model = get_training_model(lstm_encoder_layer, lstm_decoder_layer, dense_layer)

lstm_decoder_layer.get_config()

training_model.summary()

##############
# Run training
##############
TRAINING = True
if TRAINING:
    training_model.compile(optimizer='rmsprop', loss='categorical_crossentropy')
    training_model.fit([encoder_input_data, decoder_input_data], decoder_target_data,
          batch_size=batch_size,
          epochs=epochs,
    validation_split=0.2)
    # Save model
    training_model.save('s2s_dates_translator.h5')
else:
    training_model.load_weights('s2s_dates_translator.h5')

# Next: inference mode (sampling).
# Voici the steps:
# 1) encode input and retain output as initial decoder state
# 2) run one step of decoder with this initial state
# and a "start of sequence" token as target.
# Output will be the next target token
# 3) Repeat with the current target token and current states

def sampling_model(latent_dim, lstm_encoder_layer, lstm_decoder_layer,decoder_dense):
    # Define sampling models
    encoder_inputs = Input(shape=(None, num_encoder_tokens), name='encoder_inputs')
    encoder_outputs, state_h, state_c = lstm_encoder_layer(encoder_inputs)
    # We discard `encoder_outputs` and keep only the states.
    encoder_states = [state_h, state_c]
    
    encoder_model = Model(encoder_inputs, encoder_states)

    decoder_state_input_h = Input(shape=(latent_dim,), name='decoder_state_input_h')
    decoder_state_input_c = Input(shape=(latent_dim,), name='decoder_state_input_c')
    decoder_states_inputs = [decoder_state_input_h, decoder_state_input_c]
    # This is the lstm we defined before 
    decoder_inputs = Input(shape=(None, num_decoder_tokens))
    decoder_outputs, state_h, state_c = lstm_decoder_layer(decoder_inputs, initial_state=decoder_states_inputs)
    decoder_states = [state_h, state_c]
    decoder_outputs = decoder_dense(decoder_outputs)
    decoder_model = Model(
        [decoder_inputs] + decoder_states_inputs, # the input is a list containing three tensors
        [decoder_outputs] + decoder_states) # the input is also a list containing tensors
    return encoder_model, decoder_model

encoder_model, decoder_model = sampling_model(latent_dim, lstm_encoder_layer, lstm_decoder_layer, dense_layer)

states_v = encoder_model.predict(encoder_input_data[2:3])
target_seq = np.zeros((1, 11, num_decoder_tokens))
target_seq[0, 0, np.where(oh_start_char==1)[0][0]] = 1.
outs = decoder_model.predict([target_seq]+states_v)

acum=[]
for t in range(0,11):
    token_at_t = np.argmax(outs[0][0][t])
    acum+=reverse_target_char_index[token_at_t]

def decode_sequence(input_seq, index_start_char,encoder_model, decoder_model):
    # Encode the input sequence as state vectors.
    states_value = encoder_model.predict(input_seq)
    
    # Generate empty target sequence of length 1.
    target_seq = np.zeros((1, 1, num_decoder_tokens))
    
    # Populate the first character of target sequence with the start character.
    target_seq[0, 0, index_start_char] = 1.

    # Sampling loop for a batch of sequences
    # (to simplify, here we assume a batch of size 1).
    decoded_sentence = ''
    for char_elem in range(11) :
        output_tokens, h, c = decoder_model.predict(
            [target_seq] + states_value)
  
        # Sample a token wih argmax
        sampled_token_index = np.argmax(output_tokens[0, -1, :])
        
        # Get char associatedwith token
        sampled_char = reverse_target_char_index[sampled_token_index]
        decoded_sentence += sampled_char

        # Update the target sequence (of length 1).
        target_seq = np.zeros((1, 1, num_decoder_tokens))
        target_seq[0, 0, sampled_token_index] = 1.

        # Update states. Here we reassign the initial decoder states.  
        states_value = [h, c]

    return decoded_sentence

print(decode_sequence(encoder_input_data[2:3], np.where(oh_start_char==1)[0][0],encoder_model, decoder_model))

print("Input date:", from_oh_to_chars(encoder_input_data[0], reverse_input_char_index))
print("Predicted date", decode_sequence(encoder_input_data[0:1], np.where(oh_start_char==1)[0][0], encoder_model, decoder_model)) # '1990-04-28<end>'
print("Expected result is", from_oh_to_chars(decoder_target_data[0], reverse_target_char_index)) # '1990-04-28<end>'

for seq_index in range(4):
    # Take one sequence (part of the training set)
    # for trying out decoding.
    input_seq = encoder_input_data[seq_index: seq_index + 1]
    decoded_sentence = decode_sequence(input_seq,np.where(oh_start_char==1)[0][0],encoder_model, decoder_model)

    print('Input sentence:', dataset[seq_index][0])
    print('Decoded sentence:', decoded_sentence , '(should be ', dataset[seq_index][1], ')')
