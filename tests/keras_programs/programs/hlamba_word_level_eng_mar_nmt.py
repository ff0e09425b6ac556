# source: hlamba28/Word-Level-Eng-Mar-NMT WordLevelEngMarNMT.ipynb (Harshall Lamba's widely read "Word Level English to Marathi Neural Machine Translation using Encoder-Decoder Model", Towards Data Science 2019: a word-level LSTM seq2seq with mask_zero Embeddings trained by fit_generator, weights saved and reloaded, inference encoder/decoder models from the trained layers and greedy decoding; its code cells in order)
# commit: bb5278e77eee64a37e205e5b78df8f12f1db15e2
# keras: tf_keras
# exercises: Keras 2 standalone imports (keras.layers Input / LSTM / Embedding / Dense, keras.models Model); Input(shape=(None,)) for float32 id arrays; Embedding(mask_zero=True) on encoder and decoder; LSTM(return_state=True) encoder whose [state_h, state_c] start the decoder LSTM(return_sequences=True, return_state=True) through initial_state; Dense softmax on the masked decoder sequence (the mask reaches categorical_crossentropy and 'acc'); compile(optimizer='rmsprop', metrics=['acc']); an endless generator of fixed-size batches whose last batch of each pass is partly zero rows (fully masked samples with all-zero targets), fed to fit_generator(generator=, steps_per_epoch, epochs, validation_data=<generator>, validation_steps) so that the second epoch starts mid-pass on that partial batch; save_weights / load_weights of an .h5; an encoder Model(encoder_inputs, encoder_states) and a decoder Model([decoder_inputs] + state Inputs, [outputs] + states) reusing the trained Embedding, LSTM and Dense; greedy decoding with predict on a (1, 1) float target_seq and the previous [h, c]; batch-size-1 generators drawn with next() for the examples
# reduced: mar.txt (a download) and pandas (not installed on either side) replaced by make_lines(), 170 made-up English / pseudo-Marathi (romanised) sentence pairs drawn with random.Random(11), held in a small stand-in frame (_Frame / _Column: attribute columns with apply, iteration, len, [k:k+1].values, to_pickle; shape / sample / head for the display cells); sklearn's shuffle and train_test_split (not installed) replaced by stand-ins over np.random.RandomState(0) / np.random.RandomState(1) permutations (test share ceil(0.1 n) = 17, as sklearn); `%matplotlib inline`, the IPython Image display cells and the Weights_Mar folder's missing mkdir (os.makedirs added) adapted for a script; `num_encoder_tokens += 1` added beside the notebook's `num_decoder_tokens += 1  # For zero padding`: the encoder ids run 1..len(vocabulary) (cell 16) and the Embedding's input_dim len(vocabulary) leaves the last word out of range, which TensorFlow's CPU gather refuses (InvalidArgumentError), where the notebook's GPU run read zeros; latent_dim 50 -> 8, batch_size 128 -> 16 (153 training pairs: 9 steps, 17 test pairs: 1 validation step), epochs 50 -> 2; of the notebook's 51 identical train-example cells (43-93) and 50 test-example cells (98-147) three and two are kept
import random
import os
import pickle


class _Column:
    # Stands in for a pandas Series of strings
    def __init__(self, values):
        self.values = list(values)

    def apply(self, f):
        return _Column(f(x) for x in self.values)

    def __iter__(self):
        return iter(self.values)

    def __len__(self):
        return len(self.values)

    def __getitem__(self, key):
        return _Column(self.values[key])

    @property
    def shape(self):
        return (len(self.values),)

    def to_pickle(self, path):
        with open(path, 'wb') as f:
            pickle.dump(self.values, f)


class _Frame:
    # Stands in for the pandas DataFrame of the notebook (columns eng, mar)
    def __init__(self, eng, mar):
        self.eng, self.mar = _Column(eng), _Column(mar)

    @property
    def shape(self):
        return (len(self.eng), 2)

    def sample(self, n):
        return self

    def head(self, n):
        return self


def make_lines():
    # Stands in for pd.read_table('mar.txt', names=['eng', 'mar'])
    rng = random.Random(11)
    pairs = [('i', 'mi'), ('you', 'tu'), ('he', 'to'), ('she', 'ti'), ('we', 'aamhi'), ('eat', 'khato'),
             ('go', 'jato'), ('see', 'baghto'), ('run', 'dhavto'), ('read', 'vachto'), ('home', 'ghari'),
             ('school', 'shalet'), ('water', 'paani'), ('book', 'pustak'), ('today', 'aaj'), ('now', 'aata'),
             ('fast', 'jorat'), ('slowly', 'halu'), ('mango', 'aamba'), ('tea', 'chaha')]
    eng, mar = [], []
    for _ in range(170):
        n = rng.randint(2, 5)
        chosen = [rng.choice(pairs) for _ in range(n)]
        punct = rng.choice(['.', '!', '?', ''])
        eng.append(("'" if rng.random() < 0.1 else '') + ' '.join(e for e, _ in chosen).capitalize() + punct)
        mar.append(' '.join(m for _, m in reversed(chosen)).capitalize() + ('१' if rng.random() < 0.1 else '') + punct)
    return _Frame(eng, mar)


def shuffle(frame):
    # Stands in for sklearn.utils.shuffle
    order = np.random.RandomState(0).permutation(len(frame.eng))
    return _Frame([frame.eng.values[i] for i in order], [frame.mar.values[i] for i in order])


def train_test_split(X, y, test_size):
    # Stands in for sklearn.model_selection.train_test_split
    n_test = int(np.ceil(test_size * len(X)))
    order = np.random.RandomState(1).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return (_Column(X.values[i] for i in train), _Column(X.values[i] for i in test),
            _Column(y.values[i] for i in train), _Column(y.values[i] for i in test))


# ---- cell 1
import numpy as np
import string
from string import digits
import re
from keras.layers import Input, LSTM, Embedding, Dense
from keras.models import Model
# ---- cell 2
lines= make_lines()
# ---- cell 3
lines.shape
# ---- cell 4
# Lowercase all characters
lines.eng=lines.eng.apply(lambda x: x.lower())
lines.mar=lines.mar.apply(lambda x: x.lower())
# ---- cell 5
# Remove quotes
lines.eng=lines.eng.apply(lambda x: re.sub("'", '', x))
lines.mar=lines.mar.apply(lambda x: re.sub("'", '', x))
# ---- cell 6
exclude = set(string.punctuation) # Set of all special characters
# Remove all the special characters
lines.eng=lines.eng.apply(lambda x: ''.join(ch for ch in x if ch not in exclude))
lines.mar=lines.mar.apply(lambda x: ''.join(ch for ch in x if ch not in exclude))
# ---- cell 7
# Remove all numbers from text
remove_digits = str.maketrans('', '', digits)
lines.eng=lines.eng.apply(lambda x: x.translate(remove_digits))
lines.mar = lines.mar.apply(lambda x: re.sub("[२३०८१५७९४६]", "", x))
# ---- cell 8
# Remove extra spaces
lines.eng=lines.eng.apply(lambda x: x.strip())
lines.mar=lines.mar.apply(lambda x: x.strip())
lines.eng=lines.eng.apply(lambda x: re.sub(" +", " ", x))
lines.mar=lines.mar.apply(lambda x: re.sub(" +", " ", x))
# ---- cell 9
# Add start and end tokens to target sequences
lines.mar = lines.mar.apply(lambda x : 'START_ '+ x + ' _END')
# ---- cell 10
lines.sample(10)
# ---- cell 11
# Vocabulary of English
all_eng_words=set()
for eng in lines.eng:
    for word in eng.split():
        if word not in all_eng_words:
            all_eng_words.add(word)

# Vocabulary of French 
all_marathi_words=set()
for mar in lines.mar:
    for word in mar.split():
        if word not in all_marathi_words:
            all_marathi_words.add(word)
# ---- cell 12
# Max Length of source sequence
lenght_list=[]
for l in lines.eng:
    lenght_list.append(len(l.split(' ')))
max_length_src = np.max(lenght_list)
max_length_src
# ---- cell 13
# Max Length of target sequence
lenght_list=[]
for l in lines.mar:
    lenght_list.append(len(l.split(' ')))
max_length_tar = np.max(lenght_list)
max_length_tar
# ---- cell 14
input_words = sorted(list(all_eng_words))
target_words = sorted(list(all_marathi_words))
num_encoder_tokens = len(all_eng_words)
num_decoder_tokens = len(all_marathi_words)
num_encoder_tokens, num_decoder_tokens
# ---- cell 15
num_decoder_tokens += 1 # For zero padding
num_decoder_tokens
num_encoder_tokens += 1
# ---- cell 16
input_token_index = dict([(word, i+1) for i, word in enumerate(input_words)])
target_token_index = dict([(word, i+1) for i, word in enumerate(target_words)])
# ---- cell 17
reverse_input_char_index = dict((i, word) for word, i in input_token_index.items())
reverse_target_char_index = dict((i, word) for word, i in target_token_index.items())
# ---- cell 18
lines = shuffle(lines)
lines.head(10)
# ---- cell 19
# Train - Test Split
X, y = lines.eng, lines.mar
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size = 0.1)
X_train.shape, X_test.shape
# ---- cell 21
os.makedirs('Weights_Mar', exist_ok=True)
X_train.to_pickle('Weights_Mar/X_train.pkl')
X_test.to_pickle('Weights_Mar/X_test.pkl')
# ---- cell 22
def generate_batch(X = X_train, y = y_train, batch_size = 128):
    ''' Generate a batch of data '''
    while True:
        for j in range(0, len(X), batch_size):
            encoder_input_data = np.zeros((batch_size, max_length_src),dtype='float32')
            decoder_input_data = np.zeros((batch_size, max_length_tar),dtype='float32')
            decoder_target_data = np.zeros((batch_size, max_length_tar, num_decoder_tokens),dtype='float32')
            for i, (input_text, target_text) in enumerate(zip(X[j:j+batch_size], y[j:j+batch_size])):
                for t, word in enumerate(input_text.split()):
                    encoder_input_data[i, t] = input_token_index[word] # encoder input seq
                for t, word in enumerate(target_text.split()):
                    if t<len(target_text.split())-1:
                        decoder_input_data[i, t] = target_token_index[word] # decoder input seq
                    if t>0:
                        # decoder target sequence (one hot encoded)
                        # does not include the START_ token
                        # Offset by one timestep
                        decoder_target_data[i, t - 1, target_token_index[word]] = 1.
            yield([encoder_input_data, decoder_input_data], decoder_target_data)
# ---- cell 24
latent_dim = 8
# ---- cell 25
# Encoder
encoder_inputs = Input(shape=(None,))
enc_emb =  Embedding(num_encoder_tokens, latent_dim, mask_zero = True)(encoder_inputs)
encoder_lstm = LSTM(latent_dim, return_state=True)
encoder_outputs, state_h, state_c = encoder_lstm(enc_emb)
# We discard `encoder_outputs` and only keep the states.
encoder_states = [state_h, state_c]
# ---- cell 26
# Set up the decoder, using `encoder_states` as initial state.
decoder_inputs = Input(shape=(None,))
dec_emb_layer = Embedding(num_decoder_tokens, latent_dim, mask_zero = True)
dec_emb = dec_emb_layer(decoder_inputs)
# We set up our decoder to return full output sequences,
# and to return internal states as well. We don't use the
# return states in the training model, but we will use them in inference.
decoder_lstm = LSTM(latent_dim, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(dec_emb,
                                     initial_state=encoder_states)
decoder_dense = Dense(num_decoder_tokens, activation='softmax')
decoder_outputs = decoder_dense(decoder_outputs)

# Define the model that will turn
# `encoder_input_data` & `decoder_input_data` into `decoder_target_data`
model = Model([encoder_inputs, decoder_inputs], decoder_outputs)
# ---- cell 27
model.compile(optimizer='rmsprop', loss='categorical_crossentropy', metrics=['acc'])
# ---- cell 29
train_samples = len(X_train)
val_samples = len(X_test)
batch_size = 16
epochs = 2
# ---- cell 30
model.fit_generator(generator = generate_batch(X_train, y_train, batch_size = batch_size),
                    steps_per_epoch = train_samples//batch_size,
                    epochs=epochs,
                    validation_data = generate_batch(X_test, y_test, batch_size = batch_size),
                    validation_steps = val_samples//batch_size)
# ---- cell 32
model.save_weights('nmt_weights.h5')
# ---- cell 34
model.load_weights('nmt_weights.h5')
# ---- cell 36
# Encode the input sequence to get the "thought vectors"
encoder_model = Model(encoder_inputs, encoder_states)

# Decoder setup
# Below tensors will hold the states of the previous time step
decoder_state_input_h = Input(shape=(latent_dim,))
decoder_state_input_c = Input(shape=(latent_dim,))
decoder_states_inputs = [decoder_state_input_h, decoder_state_input_c]

dec_emb2= dec_emb_layer(decoder_inputs) # Get the embeddings of the decoder sequence

# To predict the next word in the sequence, set the initial states to the states from the previous time step
decoder_outputs2, state_h2, state_c2 = decoder_lstm(dec_emb2, initial_state=decoder_states_inputs)
decoder_states2 = [state_h2, state_c2]
decoder_outputs2 = decoder_dense(decoder_outputs2) # A dense softmax layer to generate prob dist. over the target vocabulary

# Final decoder model
decoder_model = Model(
    [decoder_inputs] + decoder_states_inputs,
    [decoder_outputs2] + decoder_states2)
# ---- cell 40
def decode_sequence(input_seq):
    # Encode the input as state vectors.
    states_value = encoder_model.predict(input_seq)
    # Generate empty target sequence of length 1.
    target_seq = np.zeros((1,1))
    # Populate the first character of target sequence with the start character.
    target_seq[0, 0] = target_token_index['START_']

    # Sampling loop for a batch of sequences
    # (to simplify, here we assume a batch of size 1).
    stop_condition = False
    decoded_sentence = ''
    while not stop_condition:
        output_tokens, h, c = decoder_model.predict([target_seq] + states_value)

        # Sample a token
        sampled_token_index = np.argmax(output_tokens[0, -1, :])
        sampled_char = reverse_target_char_index[sampled_token_index]
        decoded_sentence += ' '+sampled_char

        # Exit condition: either hit max length
        # or find stop character.
        if (sampled_char == '_END' or
           len(decoded_sentence) > 50):
            stop_condition = True

        # Update the target sequence (of length 1).
        target_seq = np.zeros((1,1))
        target_seq[0, 0] = sampled_token_index

        # Update states
        states_value = [h, c]

    return decoded_sentence
# ---- cell 42
train_gen = generate_batch(X_train, y_train, batch_size = 1)
k=-1
# ---- cell 43
k+=1
(input_seq, actual_output), _ = next(train_gen)
decoded_sentence = decode_sequence(input_seq)
print('Input English sentence:', X_train[k:k+1].values[0])
print('Actual Marathi Translation:', y_train[k:k+1].values[0][6:-4])
print('Predicted Marathi Translation:', decoded_sentence[:-4])
# ---- cell 44
k+=1
(input_seq, actual_output), _ = next(train_gen)
decoded_sentence = decode_sequence(input_seq)
print('Input English sentence:', X_train[k:k+1].values[0])
print('Actual Marathi Translation:', y_train[k:k+1].values[0][6:-4])
print('Predicted Marathi Translation:', decoded_sentence[:-4])
# ---- cell 45
k+=1
(input_seq, actual_output), _ = next(train_gen)
decoded_sentence = decode_sequence(input_seq)
print('Input English sentence:', X_train[k:k+1].values[0])
print('Actual Marathi Translation:', y_train[k:k+1].values[0][6:-4])
print('Predicted Marathi Translation:', decoded_sentence[:-4])
# ---- cell 97
val_gen = generate_batch(X_test, y_test, batch_size = 1)
k=-1
# ---- cell 98
k+=1
(input_seq, actual_output), _ = next(val_gen)
decoded_sentence = decode_sequence(input_seq)
print('Input English sentence:', X_test[k:k+1].values[0])
print('Actual Marathi Translation:', y_test[k:k+1].values[0][6:-4])
print('Predicted Marathi Translation:', decoded_sentence[:-4])
# ---- cell 99
k+=1
(input_seq, actual_output), _ = next(val_gen)
decoded_sentence = decode_sequence(input_seq)
print('Input English sentence:', X_test[k:k+1].values[0])
print('Actual Marathi Translation:', y_test[k:k+1].values[0][6:-4])
print('Predicted Marathi Translation:', decoded_sentence[:-4])
