# source: chen0040/keras-chatbot-web-api chatbot_train/gunthercox_word_seq2seq_train.py (commit below) and chatbot_web/gunthercox_word_seq2seq_predict.py (commit 2cdfe8183e1b3c7a952c2f013ef11049b83f2120) (Xianshun Chen's seq2seq chatbot trained on the gunthercox chatterbot-corpus: a word-level encoder Embedding + LSTM(return_state) whose states start a one-hot decoder LSTM, trained by fit_generator, saved as JSON + weights with its vocabularies as .npy dicts, then rebuilt by the Flask web app's GunthercoxWordChatBot, which loads the weights, splits out encoder and decoder models and answers greedily)
# commit: 11a898adc22c19a1170d8dbb3ab7dd5959b7b1e9
# keras: tf_keras
# exercises: Keras 2's old module path keras.layers.recurrent.LSTM; Input(shape=(None,), name=), Embedding(input_dim, output_dim, input_length=, name=) on an Input of unknown length, LSTM(units=, return_state=True) encoder, LSTM(return_state=True, return_sequences=True) decoder with initial_state=encoder_states on a one-hot Input(shape=(None, tokens)), Dense softmax; two-input Model compiled with categorical_crossentropy and 'rmsprop' and no metrics; pad_sequences(seqs, maxlen) given positionally; a Python generator of ([enc, dec_in], dec_target) batches (skipping its last batch each pass) given to fit_generator(generator=, steps_per_epoch=, epochs=, verbose=1, validation_data=generator, validation_steps=); model.to_json() and save_weights to .h5; np.save of dicts read back by np.load(...).item(); in a second part the same graph rebuilt from scratch, load_weights(.h5) before compile, an encoder Model(encoder_inputs, encoder_states) and a decoder Model([decoder_inputs] + two state Inputs, [outputs] + states) reusing the trained decoder LSTM and Dense, and a greedy loop of predict calls feeding each argmax word and the states back
# reduced: the training and the web-app scripts in one file, the web app's paths '../chatbot_train/models/gunthercox/...' -> 'models/gunthercox/...' (made with os.makedirs); data/gunthercox's chatterbot-corpus .yml files replaced by one made-up .yml file of conversations in the same '- - ' / '  - ' layout; nltk.word_tokenize replaced by a regex stand-in (nltk is not installed), sklearn's train_test_split(test_size=0.2, random_state=42) by a seeded numpy permutation split; `np.load(path).item()` -> `np.load(path, allow_pickle=True).item()` (numpy 1.16.3+ refuses pickled dicts by default); HIDDEN_UNITS 256 -> 8 (both scripts), BATCH_SIZE 64 -> 2 (the generator yields num_batches - 1 batches a pass, none and forever when a split holds fewer than two batches), NUM_EPOCHS 100 -> 3; verbose=1 -> verbose=0 in fit_generator and verbose=0 added to the predict calls (no progress bars); the Flask app left out (test_run is what its __main__ runs)
from keras.models import Model
from keras.layers.recurrent import LSTM
from keras.layers import Dense, Input, Embedding
from keras.preprocessing.sequence import pad_sequences
from collections import Counter
import re
import numpy as np
import os

np.random.seed(42)


class nltk:  # stand-in
    @staticmethod
    def word_tokenize(s):
        return re.findall(r"[\w']+|[^\w\s]", s)


def train_test_split(X, Y, test_size, random_state):  # sklearn stand-in
    idx = np.random.RandomState(random_state).permutation(len(X))
    n_test = int(np.ceil(test_size * len(X)))
    return ([X[i] for i in idx[n_test:]], [X[i] for i in idx[:n_test]],
            [Y[i] for i in idx[n_test:]], [Y[i] for i in idx[:n_test]])


os.makedirs('data/gunthercox', exist_ok=True)
os.makedirs('models/gunthercox', exist_ok=True)
_convs = [["Hello", "Hi", "How are you doing?", "I am doing well.", "That is good to hear"],
          ["Have you heard the news?", "What good news?", "It is a sunny day."],
          ["What is your name?", "My name is Bot.", "Nice to meet you."],
          ["How are you?", "I am fine, thank you.", "Good to hear."],
          ["Do you like music?", "Yes, I like music.", "What music do you like?", "I like jazz."],
          ["Hi", "Hello", "What are you doing?", "I am talking to you."],
          ["Good morning", "Good morning to you.", "How was your day?", "My day was good."],
          ["Tell me a joke", "Why did the robot cross the road?", "Why?", "It was programmed to."],
          ["Are you a robot?", "Yes, I am a robot.", "Do you like it?", "I like it."],
          ["What time is it?", "I do not know the time.", "That is fine."]]
with open('data/gunthercox/conversations.yml', 'w', encoding='utf8') as f:
    f.write("categories:\n- conversations\nconversations:\n")
    for conv in _convs:
        f.write("- - " + conv[0] + "\n" + "".join("  - " + line + "\n" for line in conv[1:]))

BATCH_SIZE = 2
NUM_EPOCHS = 3
HIDDEN_UNITS = 8
MAX_INPUT_SEQ_LENGTH = 30
MAX_TARGET_SEQ_LENGTH = 30
MAX_VOCAB_SIZE = 600
DATA_DIR_PATH = 'data/gunthercox'

input_counter = Counter()
target_counter = Counter()

input_texts = []
target_texts = []

whitelist = 'abcdefghijklmnopqrstuvwxyz1234567890'


def in_white_list(_word):
    for char in _word:
        if char in whitelist:
            return True

    return False


for file in os.listdir(DATA_DIR_PATH):
    filepath = os.path.join(DATA_DIR_PATH, file)
    if os.path.isfile(filepath):
        print('processing file: ', file)
        lines = open(filepath, 'rt', encoding='utf8').read().split('\n')
        prev_words = []
        for line in lines:

            if line.startswith('- - '):
                prev_words = []

            if line.startswith('- - ') or line.startswith('  - '):
                line = line.replace('- - ', '')
                line = line.replace('  - ', '')
                next_words = [w.lower() for w in nltk.word_tokenize(line)]
                next_words = [w for w in next_words if in_white_list(w)]
                if len(next_words) > MAX_TARGET_SEQ_LENGTH:
                    next_words = next_words[0:MAX_TARGET_SEQ_LENGTH]

                if len(prev_words) > 0:
                    input_texts.append(prev_words)
                    for w in prev_words:
                        input_counter[w] += 1

                    target_words = next_words[:]
                    target_words.insert(0, 'START')
                    target_words.append('END')
                    for w in target_words:
                        target_counter[w] += 1
                    target_texts.append(target_words)

                prev_words = next_words

for idx, (input_words, target_words) in enumerate(zip(input_texts, target_texts)):
    if idx > 10:
        break
    print([input_words, target_words])

input_word2idx = dict()
target_word2idx = dict()
for idx, word in enumerate(input_counter.most_common(MAX_VOCAB_SIZE)):
    input_word2idx[word[0]] = idx + 2
for idx, word in enumerate(target_counter.most_common(MAX_VOCAB_SIZE)):
    target_word2idx[word[0]] = idx + 1

input_word2idx['PAD'] = 0
input_word2idx['UNK'] = 1
target_word2idx['UNK'] = 0

input_idx2word = dict([(idx, word) for word, idx in input_word2idx.items()])
target_idx2word = dict([(idx, word) for word, idx in target_word2idx.items()])

num_encoder_tokens = len(input_idx2word)
num_decoder_tokens = len(target_idx2word)

np.save('models/gunthercox/word-input-word2idx.npy', input_word2idx)
np.save('models/gunthercox/word-input-idx2word.npy', input_idx2word)
np.save('models/gunthercox/word-target-word2idx.npy', target_word2idx)
np.save('models/gunthercox/word-target-idx2word.npy', target_idx2word)

encoder_input_data = []

encoder_max_seq_length = 0
decoder_max_seq_length = 0

for input_words, target_words in zip(input_texts, target_texts):
    encoder_input_wids = []
    for w in input_words:
        w2idx = 1  # default [UNK]
        if w in input_word2idx:
            w2idx = input_word2idx[w]
        encoder_input_wids.append(w2idx)

    encoder_input_data.append(encoder_input_wids)
    encoder_max_seq_length = max(len(encoder_input_wids), encoder_max_seq_length)
    decoder_max_seq_length = max(len(target_words), decoder_max_seq_length)

context = dict()
context['num_encoder_tokens'] = num_encoder_tokens
context['num_decoder_tokens'] = num_decoder_tokens
context['encoder_max_seq_length'] = encoder_max_seq_length
context['decoder_max_seq_length'] = decoder_max_seq_length

print(context)
np.save('models/gunthercox/word-context.npy', context)


def generate_batch(input_data, output_text_data):
    num_batches = len(input_data) // BATCH_SIZE
    while True:
        for batchIdx in range(0, num_batches - 1):
            start = batchIdx * BATCH_SIZE
            end = (batchIdx + 1) * BATCH_SIZE
            encoder_input_data_batch = pad_sequences(input_data[start:end], encoder_max_seq_length)
            decoder_target_data_batch = np.zeros(shape=(BATCH_SIZE, decoder_max_seq_length, num_decoder_tokens))
            decoder_input_data_batch = np.zeros(shape=(BATCH_SIZE, decoder_max_seq_length, num_decoder_tokens))
            for lineIdx, target_words in enumerate(output_text_data[start:end]):
                for idx, w in enumerate(target_words):
                    w2idx = 0  # default [UNK]
                    if w in target_word2idx:
                        w2idx = target_word2idx[w]
                    decoder_input_data_batch[lineIdx, idx, w2idx] = 1
                    if idx > 0:
                        decoder_target_data_batch[lineIdx, idx - 1, w2idx] = 1
            yield [encoder_input_data_batch, decoder_input_data_batch], decoder_target_data_batch


encoder_inputs = Input(shape=(None,), name='encoder_inputs')
encoder_embedding = Embedding(input_dim=num_encoder_tokens, output_dim=HIDDEN_UNITS,
                              input_length=encoder_max_seq_length, name='encoder_embedding')
encoder_lstm = LSTM(units=HIDDEN_UNITS, return_state=True, name='encoder_lstm')
encoder_outputs, encoder_state_h, encoder_state_c = encoder_lstm(encoder_embedding(encoder_inputs))
encoder_states = [encoder_state_h, encoder_state_c]

decoder_inputs = Input(shape=(None, num_decoder_tokens), name='decoder_inputs')
decoder_lstm = LSTM(units=HIDDEN_UNITS, return_state=True, return_sequences=True, name='decoder_lstm')
decoder_outputs, decoder_state_h, decoder_state_c = decoder_lstm(decoder_inputs,
                                                                 initial_state=encoder_states)
decoder_dense = Dense(units=num_decoder_tokens, activation='softmax', name='decoder_dense')
decoder_outputs = decoder_dense(decoder_outputs)

model = Model([encoder_inputs, decoder_inputs], decoder_outputs)

model.compile(loss='categorical_crossentropy', optimizer='rmsprop')

Xtrain, Xtest, Ytrain, Ytest = train_test_split(encoder_input_data, target_texts, test_size=0.2, random_state=42)

print(len(Xtrain))
print(len(Xtest))

train_gen = generate_batch(Xtrain, Ytrain)
test_gen = generate_batch(Xtest, Ytest)

train_num_batches = len(Xtrain) // BATCH_SIZE
test_num_batches = len(Xtest) // BATCH_SIZE

model.fit_generator(generator=train_gen, steps_per_epoch=train_num_batches,
                    epochs=NUM_EPOCHS,
                    verbose=0, validation_data=test_gen, validation_steps=test_num_batches)

json = model.to_json()
open('models/gunthercox/word-architecture.json', 'w').write(json)
model.save_weights('models/gunthercox/word-weights.h5')


# ---- chatbot_web/gunthercox_word_seq2seq_predict.py
from keras.models import Model, model_from_json
from keras.layers import Input, LSTM, Dense, Embedding
from keras.preprocessing.sequence import pad_sequences

HIDDEN_UNITS = 8


class GunthercoxWordChatBot(object):
    model = None
    encoder_model = None
    decoder_model = None
    input_word2idx = None
    input_idx2word = None
    target_word2idx = None
    target_idx2word = None
    max_encoder_seq_length = None
    max_decoder_seq_length = None
    num_encoder_tokens = None
    num_decoder_tokens = None

    def __init__(self):
        self.input_word2idx = np.load('models/gunthercox/word-input-word2idx.npy', allow_pickle=True).item()
        self.input_idx2word = np.load('models/gunthercox/word-input-idx2word.npy', allow_pickle=True).item()
        self.target_word2idx = np.load('models/gunthercox/word-target-word2idx.npy', allow_pickle=True).item()
        self.target_idx2word = np.load('models/gunthercox/word-target-idx2word.npy', allow_pickle=True).item()
        context = np.load('models/gunthercox/word-context.npy', allow_pickle=True).item()
        self.max_encoder_seq_length = context['encoder_max_seq_length']
        self.max_decoder_seq_length = context['decoder_max_seq_length']
        self.num_encoder_tokens = context['num_encoder_tokens']
        self.num_decoder_tokens = context['num_decoder_tokens']

        encoder_inputs = Input(shape=(None, ), name='encoder_inputs')
        encoder_embedding = Embedding(input_dim=self.num_encoder_tokens, output_dim=HIDDEN_UNITS,
                                      input_length=self.max_encoder_seq_length, name='encoder_embedding')
        encoder_lstm = LSTM(units=HIDDEN_UNITS, return_state=True, name="encoder_lstm")
        encoder_outputs, encoder_state_h, encoder_state_c = encoder_lstm(encoder_embedding(encoder_inputs))
        encoder_states = [encoder_state_h, encoder_state_c]

        decoder_inputs = Input(shape=(None, self.num_decoder_tokens), name='decoder_inputs')
        decoder_lstm = LSTM(units=HIDDEN_UNITS, return_sequences=True, return_state=True, name='decoder_lstm')
        decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
        decoder_dense = Dense(self.num_decoder_tokens, activation='softmax', name='decoder_dense')
        decoder_outputs = decoder_dense(decoder_outputs)

        self.model = Model([encoder_inputs, decoder_inputs], decoder_outputs)

        self.model.load_weights('models/gunthercox/word-weights.h5')
        self.model.compile(optimizer='rmsprop', loss='categorical_crossentropy')

        self.encoder_model = Model(encoder_inputs, encoder_states)

        decoder_state_inputs = [Input(shape=(HIDDEN_UNITS,)), Input(shape=(HIDDEN_UNITS,))]
        decoder_outputs, state_h, state_c = decoder_lstm(decoder_inputs, initial_state=decoder_state_inputs)
        decoder_states = [state_h, state_c]
        decoder_outputs = decoder_dense(decoder_outputs)
        self.decoder_model = Model([decoder_inputs] + decoder_state_inputs, [decoder_outputs] + decoder_states)

    def reply(self, input_text):
        input_seq = []
        input_wids = []
        for word in nltk.word_tokenize(input_text.lower()):
            if not in_white_list(word):
                continue
            idx = 1  # default [UNK]
            if word in self.input_word2idx:
                idx = self.input_word2idx[word]
            input_wids.append(idx)
        input_seq.append(input_wids)
        input_seq = pad_sequences(input_seq, self.max_encoder_seq_length)
        states_value = self.encoder_model.predict(input_seq, verbose=0)
        target_seq = np.zeros((1, 1, self.num_decoder_tokens))
        target_seq[0, 0, self.target_word2idx['START']] = 1
        target_text = ''
        target_text_len = 0
        terminated = False
        while not terminated:
            output_tokens, h, c = self.decoder_model.predict([target_seq] + states_value, verbose=0)

            sample_token_idx = np.argmax(output_tokens[0, -1, :])
            sample_word = self.target_idx2word[sample_token_idx]
            target_text_len += 1

            if sample_word != 'START' and sample_word != 'END':
                target_text += ' ' + sample_word

            if sample_word == 'END' or target_text_len >= self.max_decoder_seq_length:
                terminated = True

            target_seq = np.zeros((1, 1, self.num_decoder_tokens))
            target_seq[0, 0, sample_token_idx] = 1

            states_value = [h, c]
        return target_text.strip()

    def test_run(self):
        print(self.reply('Hello'))
        print(self.reply('How are you doing?'))
        print(self.reply('Have you heard the news?'))


if __name__ == '__main__':
    model = GunthercoxWordChatBot()
    model.test_run()
