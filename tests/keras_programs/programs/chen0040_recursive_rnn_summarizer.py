# source: chen0040/keras-text-summarization keras_text_summarization/library/rnn.py (RecursiveRNN1), keras_text_summarization/library/applications/fake_news_loader.py, demo/recursive_rnn_v1_train.py and demo/recursive_rnn_v1_predict.py (Xianshun Chen's popular Keras headline-generation library: a two-input model, article LSTM + summary-so-far LSTM concatenated, trained one next word at a time by fit_generator and called recursively to generate a headline)
# commit: 11df7c7bf30de8ccd8aecef5a551c136c85f0092
# keras: tf_keras
# exercises: `from keras.models import Model, Sequential`, `from keras.layers import Embedding, Dense, Input, RepeatVector, TimeDistributed, concatenate, add, Dropout`, Keras 2.0's `keras.layers.recurrent.LSTM`; functional two-input model Input(shape=(max_input_seq_length,)) -> Embedding -> LSTM and Input(shape=(max_target_seq_length,)) -> Embedding -> LSTM, concatenate, Dense(softmax); compile('categorical_crossentropy', 'adam', ['accuracy']) inside a plain class's __init__; fit_text's Counter vocabularies; pad_sequences(seqs, maxlen given positionally); np.save of the config dict and np.load(...).item(); model.to_json() written to a file; ModelCheckpoint(weight_file_path) with default arguments (the whole model saved to .h5 every epoch); fit_generator(generator=, steps_per_epoch=, epochs=, verbose=1, validation_data=<generator>, validation_steps=, callbacks=) over endless generators yielding ([x1, x2], y) whose partial batch carries over between passes; save_weights(.h5); a second model built from the loaded config and load_weights (os.path.exists check); summarize's recursive greedy decoding: predict([input_seq, sum_input_seq]) per word, np.argmax, pad_sequences of the growing word list
# reduced: fake_news_loader.fit_text, RecursiveRNN1 and the two demo scripts inlined (the train and predict mains run one after the other); pandas' read_csv of fake_or_real_news.csv (pandas not installed) replaced by 20 made-up (text, title) pairs from a seeded generator held in lists; sklearn's train_test_split(test_size=0.2, random_state=42) (not installed) replaced by the first 16 / last 4; `Merge` dropped from the keras.layers import (removed in Keras 2.2, never used); plot_and_save_history (matplotlib) dropped; np.load(config) given allow_pickle=True (numpy >= 1.16.3 refuses a pickled dict without it); os.makedirs(model_dir_path) added; MAX_INPUT_SEQ_LENGTH 500 -> 12, MAX_TARGET_SEQ_LENGTH 50 -> 6, Embedding 128 -> 6 and LSTM 128 -> 8, DEFAULT_BATCH_SIZE 64 -> 5 (every headline gives 5 next-word samples, so each batch is one article and each validation pass is whole batches: tf-keras prefetches 0 to 3 validation batches past validation_steps and drops them, by thread timing, so with a carried-over partial batch its val_loss changes from run to run), epochs 20 -> 2, 20 predicted articles -> 3
from __future__ import print_function

from collections import Counter
import os
import numpy as np

# ---- keras_text_summarization/library/applications/fake_news_loader.py
MAX_INPUT_SEQ_LENGTH = 12
MAX_TARGET_SEQ_LENGTH = 6
MAX_INPUT_VOCAB_SIZE = 5000
MAX_TARGET_VOCAB_SIZE = 2000


def fit_text(X, Y, input_seq_max_length=None, target_seq_max_length=None):
    if input_seq_max_length is None:
        input_seq_max_length = MAX_INPUT_SEQ_LENGTH
    if target_seq_max_length is None:
        target_seq_max_length = MAX_TARGET_SEQ_LENGTH
    input_counter = Counter()
    target_counter = Counter()
    max_input_seq_length = 0
    max_target_seq_length = 0

    for line in X:
        text = [word.lower() for word in line.split(' ')]
        seq_length = len(text)
        if seq_length > input_seq_max_length:
            text = text[0:input_seq_max_length]
            seq_length = len(text)
        for word in text:
            input_counter[word] += 1
        max_input_seq_length = max(max_input_seq_length, seq_length)

    for line in Y:
        line2 = 'START ' + line.lower() + ' END'
        text = [word for word in line2.split(' ')]
        seq_length = len(text)
        if seq_length > target_seq_max_length:
            text = text[0:target_seq_max_length]
            seq_length = len(text)
        for word in text:
            target_counter[word] += 1
            max_target_seq_length = max(max_target_seq_length, seq_length)

    input_word2idx = dict()
    for idx, word in enumerate(input_counter.most_common(MAX_INPUT_VOCAB_SIZE)):
        input_word2idx[word[0]] = idx + 2
    input_word2idx['PAD'] = 0
    input_word2idx['UNK'] = 1
    input_idx2word = dict([(idx, word) for word, idx in input_word2idx.items()])

    target_word2idx = dict()
    for idx, word in enumerate(target_counter.most_common(MAX_TARGET_VOCAB_SIZE)):
        target_word2idx[word[0]] = idx + 1
    target_word2idx['UNK'] = 0

    target_idx2word = dict([(idx, word) for word, idx in target_word2idx.items()])

    num_input_tokens = len(input_word2idx)
    num_target_tokens = len(target_word2idx)

    config = dict()
    config['input_word2idx'] = input_word2idx
    config['input_idx2word'] = input_idx2word
    config['target_word2idx'] = target_word2idx
    config['target_idx2word'] = target_idx2word
    config['num_input_tokens'] = num_input_tokens
    config['num_target_tokens'] = num_target_tokens
    config['max_input_seq_length'] = max_input_seq_length
    config['max_target_seq_length'] = max_target_seq_length

    return config


# ---- keras_text_summarization/library/rnn.py
from keras.models import Model, Sequential
from keras.layers import Embedding, Dense, Input, RepeatVector, TimeDistributed, concatenate, add, Dropout
from keras.layers.recurrent import LSTM
from keras.preprocessing.sequence import pad_sequences
from keras.callbacks import ModelCheckpoint

HIDDEN_UNITS = 100
DEFAULT_BATCH_SIZE = 5
VERBOSE = 1
DEFAULT_EPOCHS = 10


class RecursiveRNN1(object):
    model_name = 'recursive-rnn-1'

    def __init__(self, config):
        self.num_input_tokens = config['num_input_tokens']
        self.max_input_seq_length = config['max_input_seq_length']
        self.num_target_tokens = config['num_target_tokens']
        self.max_target_seq_length = config['max_target_seq_length']
        self.input_word2idx = config['input_word2idx']
        self.input_idx2word = config['input_idx2word']
        self.target_word2idx = config['target_word2idx']
        self.target_idx2word = config['target_idx2word']
        if 'version' in config:
            self.version = config['version']
        else:
            self.version = 0
        self.config = config

        print('max_input_seq_length', self.max_input_seq_length)
        print('max_target_seq_length', self.max_target_seq_length)
        print('num_input_tokens', self.num_input_tokens)
        print('num_target_tokens', self.num_target_tokens)

        inputs1 = Input(shape=(self.max_input_seq_length,))
        am1 = Embedding(self.num_input_tokens, 6)(inputs1)
        am2 = LSTM(8)(am1)

        inputs2 = Input(shape=(self.max_target_seq_length,))
        sm1 = Embedding(self.num_target_tokens, 6)(inputs2)
        sm2 = LSTM(8)(sm1)

        decoder1 = concatenate([am2, sm2])
        outputs = Dense(self.num_target_tokens, activation='softmax')(decoder1)

        model = Model(inputs=[inputs1, inputs2], outputs=outputs)

        model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
        self.model = model

    def load_weights(self, weight_file_path):
        if os.path.exists(weight_file_path):
            self.model.load_weights(weight_file_path)

    def transform_input_text(self, texts):
        temp = []
        for line in texts:
            x = []
            for word in line.lower().split(' '):
                wid = 1
                if word in self.input_word2idx:
                    wid = self.input_word2idx[word]
                x.append(wid)
                if len(x) >= self.max_input_seq_length:
                    break
            temp.append(x)
        temp = pad_sequences(temp, maxlen=self.max_input_seq_length)

        print(temp.shape)
        return temp

    def split_target_text(self, texts):
        temp = []
        for line in texts:
            x = []
            line2 = 'START ' + line.lower() + ' END'
            for word in line2.split(' '):
                x.append(word)
                if len(x)+1 >= self.max_target_seq_length:
                    x.append('END')
                    break
            temp.append(x)
        return temp

    def generate_batch(self, x_samples, y_samples, batch_size):
        encoder_input_data_batch = []
        decoder_input_data_batch = []
        decoder_target_data_batch = []
        line_idx = 0
        while True:
            for recordIdx in range(0, len(x_samples)):
                target_words = y_samples[recordIdx]
                x = x_samples[recordIdx]
                decoder_input_line = []

                for idx in range(0, len(target_words)-1):
                    w2idx = 0  # default [UNK]
                    w = target_words[idx]
                    if w in self.target_word2idx:
                        w2idx = self.target_word2idx[w]
                    decoder_input_line = decoder_input_line + [w2idx]
                    decoder_target_label = np.zeros(self.num_target_tokens)
                    w2idx_next = 0
                    if target_words[idx+1] in self.target_word2idx:
                        w2idx_next = self.target_word2idx[target_words[idx+1]]
                    if w2idx_next != 0:
                        decoder_target_label[w2idx_next] = 1
                    decoder_input_data_batch.append(decoder_input_line)
                    encoder_input_data_batch.append(x)
                    decoder_target_data_batch.append(decoder_target_label)

                    line_idx += 1
                    if line_idx >= batch_size:
                        yield [pad_sequences(encoder_input_data_batch, self.max_input_seq_length),
                               pad_sequences(decoder_input_data_batch,
                                             self.max_target_seq_length)], np.array(decoder_target_data_batch)
                        line_idx = 0
                        encoder_input_data_batch = []
                        decoder_input_data_batch = []
                        decoder_target_data_batch = []

    @staticmethod
    def get_weight_file_path(model_dir_path):
        return model_dir_path + '/' + RecursiveRNN1.model_name + '-weights.h5'

    @staticmethod
    def get_config_file_path(model_dir_path):
        return model_dir_path + '/' + RecursiveRNN1.model_name + '-config.npy'

    @staticmethod
    def get_architecture_file_path(model_dir_path):
        return model_dir_path + '/' + RecursiveRNN1.model_name + '-architecture.json'

    def fit(self, Xtrain, Ytrain, Xtest, Ytest, epochs=None, model_dir_path=None, batch_size=None):
        if epochs is None:
            epochs = DEFAULT_EPOCHS
        if model_dir_path is None:
            model_dir_path = './models'
        if batch_size is None:
            batch_size = DEFAULT_BATCH_SIZE

        self.version += 1
        self.config['version'] = self.version

        config_file_path = RecursiveRNN1.get_config_file_path(model_dir_path)
        weight_file_path = RecursiveRNN1.get_weight_file_path(model_dir_path)
        checkpoint = ModelCheckpoint(weight_file_path)
        np.save(config_file_path, self.config)
        architecture_file_path = RecursiveRNN1.get_architecture_file_path(model_dir_path)
        open(architecture_file_path, 'w').write(self.model.to_json())

        Ytrain = self.split_target_text(Ytrain)
        Ytest = self.split_target_text(Ytest)

        Xtrain = self.transform_input_text(Xtrain)
        Xtest = self.transform_input_text(Xtest)

        train_gen = self.generate_batch(Xtrain, Ytrain, batch_size)
        test_gen = self.generate_batch(Xtest, Ytest, batch_size)

        total_training_samples = sum([len(target_text)-1 for target_text in Ytrain])
        total_testing_samples = sum([len(target_text)-1 for target_text in Ytest])
        train_num_batches = total_training_samples // batch_size
        test_num_batches = total_testing_samples // batch_size

        history = self.model.fit_generator(generator=train_gen, steps_per_epoch=train_num_batches,
                                           epochs=epochs,
                                           verbose=VERBOSE, validation_data=test_gen, validation_steps=test_num_batches,
                                           callbacks=[checkpoint])
        self.model.save_weights(weight_file_path)
        return history

    def summarize(self, input_text):
        input_seq = []
        input_wids = []
        for word in input_text.lower().split(' '):
            idx = 1  # default [UNK]
            if word in self.input_word2idx:
                idx = self.input_word2idx[word]
            input_wids.append(idx)
        input_seq.append(input_wids)
        input_seq = pad_sequences(input_seq, self.max_input_seq_length)
        start_token = self.target_word2idx['START']
        wid_list = [start_token]
        sum_input_seq = pad_sequences([wid_list], self.max_target_seq_length)
        terminated = False

        target_text = ''

        while not terminated:
            output_tokens = self.model.predict([input_seq, sum_input_seq])
            sample_token_idx = np.argmax(output_tokens[0, :])
            sample_word = self.target_idx2word[sample_token_idx]
            wid_list = wid_list + [sample_token_idx]

            if sample_word != 'START' and sample_word != 'END':
                target_text += ' ' + sample_word

            if sample_word == 'END' or len(wid_list) >= self.max_target_seq_length:
                terminated = True
            else:
                sum_input_seq = pad_sequences([wid_list], self.max_target_seq_length)
        return target_text.strip()


# ---- the data: made-up news articles and headlines (stand-in for fake_or_real_news.csv)
_rng = np.random.RandomState(5)
_WHO = ['senate', 'president', 'court', 'voters', 'police', 'governor']
_DID = ['rejects', 'approves', 'debates', 'delays', 'backs', 'blocks']
_WHAT = ['tax bill', 'health plan', 'trade deal', 'budget', 'new law', 'election rules']
_FILL = ['on', 'the', 'monday', 'after', 'a', 'long', 'debate', 'in', 'washington', 'officials', 'said', 'today']
_texts, _titles = [], []
for _ in range(20):
    who, did, what = _WHO[_rng.randint(6)], _DID[_rng.randint(6)], _WHAT[_rng.randint(6)]
    _titles.append('The %s %s %s' % (who.title(), did, what))
    _texts.append(' '.join(['the', who, did, 'the', what] + list(_rng.choice(_FILL, _rng.randint(3, 12)))))


# ---- demo/recursive_rnn_v1_train.py
LOAD_EXISTING_WEIGHTS = False


def main():
    np.random.seed(42)
    data_dir_path = './data'
    report_dir_path = './reports'
    model_dir_path = './models'
    os.makedirs(model_dir_path, exist_ok=True)

    print('loading csv file ...')

    print('extract configuration from input texts ...')
    Y = _titles
    X = _texts
    config = fit_text(X, Y)

    print('configuration extracted from input texts ...')

    summarizer = RecursiveRNN1(config)

    if LOAD_EXISTING_WEIGHTS:
        weight_file_path = RecursiveRNN1.get_weight_file_path(model_dir_path=model_dir_path)
        summarizer.load_weights(weight_file_path=weight_file_path)

    Xtrain, Xtest, Ytrain, Ytest = X[:16], X[16:], Y[:16], Y[16:]

    print('demo size: ', len(Xtrain))
    print('testing size: ', len(Xtest))

    print('start fitting ...')
    history = summarizer.fit(Xtrain, Ytrain, Xtest, Ytest, epochs=2)


main()


# ---- demo/recursive_rnn_v1_predict.py
def main():
    np.random.seed(42)
    data_dir_path = './data'
    model_dir_path = './models'

    print('loading csv file ...')
    X = _texts
    Y = _titles

    config = np.load(RecursiveRNN1.get_config_file_path(model_dir_path=model_dir_path), allow_pickle=True).item()

    summarizer = RecursiveRNN1(config)
    summarizer.load_weights(weight_file_path=RecursiveRNN1.get_weight_file_path(model_dir_path=model_dir_path))

    print('start predicting ...')
    for i in np.random.permutation(np.arange(len(X)))[0:3]:
        x = X[i]
        actual_headline = Y[i]
        headline = summarizer.summarize(x)
        # print('Article: ', x)
        print('Generated Headline: ', headline)
        print('Original Headline: ', actual_headline)


main()
