# source: abdulfatir/twitter-sentiment-analysis code/lstm.py with code/utils.py (a much-starred Twitter sentiment project, NUS CS5228 report: a Sequential Embedding initialised from GloVe Twitter vectors + LSTM classifier, trained with ModelCheckpoint and ReduceLROnPlateau, then a saved checkpoint reloaded with load_model to predict the test tweets)
# commit: 77e1888cd2216228b978c3d1eaef8da47f14719e
# keras: tf_keras
# exercises: `from keras.models import Sequential, load_model`; Embedding(vocab_size + 1, dim, weights=[embedding_matrix], input_length=) (trainable); Dropout; LSTM(units); Dense, Activation('relu'), Dense(1), Activation('sigmoid') as separate layers; compile('binary_crossentropy', 'adam', ['accuracy']); print(model.summary()) (None); ModelCheckpoint with a formatted filepath "./models/lstm-{epoch:02d}-{loss:0.3f}-{accuracy:0.3f}-{val_loss:0.3f}-{val_accuracy:0.3f}.hdf5", monitor="loss", verbose=1, save_best_only=True, mode='min'; ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=2, min_lr=1e-6); fit(batch_size, epochs, validation_split=0.1, callbacks=[...]); pad_sequences(maxlen, padding='post'); load_model of the last .hdf5 checkpoint (Keras's legacy HDF5 file, with optimizer), summary, predict(batch_size=128, verbose=1), np.round(predictions[:, 0])
# reduced: Python 2 prints -> print(); the program's inputs (train-processed-freqdist.pkl, a nltk FreqDist; train-processed.csv; test-processed.csv; dataset/glove-seeds.txt) written into the scratch folder first by a seeded make-up step (a collections.Counter pickled stands in for nltk's FreqDist: both have most_common), with the same relative paths under a made-up run/code/ folder (os.chdir('run/code')); utils.py's write_status, top_n_words and save_results_to_csv inlined (`utils.` kept via a small namespace); the __main__ block's body made a function main(argv) run twice, once with no argument (train) and once with the last checkpoint written (the source's `python lstm.py <model>`); vocab_size 90000 -> 30, dim 200 -> 8, max_length 40 -> 8, LSTM 128 -> 8, Dense 64 -> 6, batch_size 128 -> 16, epochs 5 -> 3; Dropout 0.4/0.5 -> 0.0 and shuffle=True -> False (random masks and batch order cannot match); ModelCheckpoint's {acc}/{val_acc} keys -> {accuracy}/{val_accuracy} (tf.keras 2 logs accuracy under that name: the original filepath raises KeyError there); os.makedirs('./models') added; fit verbose=0
import os
import pickle
import collections
import numpy as np
import sys
from keras.models import Sequential, load_model
from keras.layers import Dense, Dropout, Activation
from keras.layers import Embedding
from keras.callbacks import ModelCheckpoint, ReduceLROnPlateau
from keras.layers import LSTM
from keras.preprocessing.sequence import pad_sequences

# ---- the data the program reads, made up and written where it looks (stand-ins)
_rng = np.random.RandomState(7)
_POS = ['love', 'great', 'happy', 'good', 'awesome', 'fun', 'best', 'nice']
_NEG = ['hate', 'bad', 'sad', 'awful', 'worst', 'boring', 'angry', 'ugly']
_NEU = ['the', 'day', 'movie', 'today', 'work', 'phone', 'game', 'food', 'music', 'is', 'so', 'this',
        'my', 'weekend', 'coffee', 'USER_MENTION', 'URL', 'EMO_POS']
os.makedirs('run/code/dataset', exist_ok=True)


def _tweet(sentiment):
    words = list(_rng.choice(_POS if sentiment else _NEG, 2)) + list(_rng.choice(_NEU, _rng.randint(2, 8)))
    _rng.shuffle(words)
    return ' '.join(words)


_train = [(i, i % 2, _tweet(i % 2)) for i in range(40)]
_test = [(i, _tweet(i % 3 == 0)) for i in range(12)]
with open('run/train-processed.csv', 'w') as f:
    f.write(''.join('%d,%d,%s\n' % row for row in _train))
with open('run/test-processed.csv', 'w') as f:
    f.write(''.join('%d,%s\n' % row for row in _test))
with open('run/train-processed-freqdist.pkl', 'wb') as f:
    pickle.dump(collections.Counter(w for _, _, t in _train for w in t.split()), f)
with open('run/code/dataset/glove-seeds.txt', 'w') as f:
    for w in sorted(set(_POS + _NEG + _NEU))[::2]:
        f.write(w + ' ' + ' '.join('%.5f' % v for v in _rng.uniform(-1, 1, 8)) + '\n')
os.chdir('run/code')  # the source's paths: ../train-processed.csv and ./dataset/glove-seeds.txt


# ---- utils.py
class utils:
    @staticmethod
    def write_status(i, total):
        ''' Writes status of a process to console '''
        sys.stdout.write('\r')
        sys.stdout.write('Processing %d/%d' % (i, total))
        sys.stdout.flush()

    @staticmethod
    def save_results_to_csv(results, csv_file):
        ''' Save list of type [(tweet_id, positive)] to csv in Kaggle format '''
        with open(csv_file, 'w') as csv:
            csv.write('id,prediction\n')
            for tweet_id, pred in results:
                csv.write(tweet_id)
                csv.write(',')
                csv.write(str(pred))
                csv.write('\n')

    @staticmethod
    def top_n_words(pkl_file_name, N, shift=0):
        with open(pkl_file_name, 'rb') as pkl_file:
            freq_dist = pickle.load(pkl_file)
        most_common = freq_dist.most_common(N)
        words = {p[0]: i + shift for i, p in enumerate(most_common)}
        return words


# ---- lstm.py
# Performs classification using LSTM network.

FREQ_DIST_FILE = '../train-processed-freqdist.pkl'
BI_FREQ_DIST_FILE = '../train-processed-freqdist-bi.pkl'
TRAIN_PROCESSED_FILE = '../train-processed.csv'
TEST_PROCESSED_FILE = '../test-processed.csv'
GLOVE_FILE = './dataset/glove-seeds.txt'
dim = 8


def get_glove_vectors(vocab):
    print('Looking for GLOVE vectors')
    glove_vectors = {}
    found = 0
    with open(GLOVE_FILE, 'r') as glove_file:
        for i, line in enumerate(glove_file):
            utils.write_status(i + 1, 0)
            tokens = line.split()
            word = tokens[0]
            if vocab.get(word):
                vector = [float(e) for e in tokens[1:]]
                glove_vectors[word] = np.array(vector)
                found += 1
    print('\n')
    print('Found %d words in GLOVE' % found)
    return glove_vectors


def get_feature_vector(tweet):
    words = tweet.split()
    feature_vector = []
    for i in range(len(words) - 1):
        word = words[i]
        if vocab.get(word) is not None:
            feature_vector.append(vocab.get(word))
    if len(words) >= 1:
        if vocab.get(words[-1]) is not None:
            feature_vector.append(vocab.get(words[-1]))
    return feature_vector


def process_tweets(csv_file, test_file=True):
    tweets = []
    labels = []
    print('Generating feature vectors')
    with open(csv_file, 'r') as csv:
        lines = csv.readlines()
        total = len(lines)
        for i, line in enumerate(lines):
            if test_file:
                tweet_id, tweet = line.split(',')
            else:
                tweet_id, sentiment, tweet = line.split(',')
            feature_vector = get_feature_vector(tweet)
            if test_file:
                tweets.append(feature_vector)
            else:
                tweets.append(feature_vector)
                labels.append(int(sentiment))
            utils.write_status(i + 1, total)
    print('\n')
    return tweets, np.array(labels)


def main(argv):
    global vocab
    train = len(argv) == 1
    np.random.seed(1337)
    vocab_size = 30
    batch_size = 500
    max_length = 8
    filters = 600
    kernel_size = 3
    vocab = utils.top_n_words(FREQ_DIST_FILE, vocab_size, shift=1)
    glove_vectors = get_glove_vectors(vocab)
    tweets, labels = process_tweets(TRAIN_PROCESSED_FILE, test_file=False)
    embedding_matrix = np.random.randn(vocab_size + 1, dim) * 0.01
    for word, i in vocab.items():
        glove_vector = glove_vectors.get(word)
        if glove_vector is not None:
            embedding_matrix[i] = glove_vector
    tweets = pad_sequences(tweets, maxlen=max_length, padding='post')
    shuffled_indices = np.random.permutation(tweets.shape[0])
    tweets = tweets[shuffled_indices]
    labels = labels[shuffled_indices]
    if train:
        model = Sequential()
        model.add(Embedding(vocab_size + 1, dim, weights=[embedding_matrix], input_length=max_length))
        model.add(Dropout(0.0))
        model.add(LSTM(8))
        model.add(Dense(6))
        model.add(Dropout(0.0))
        model.add(Activation('relu'))
        model.add(Dense(1))
        model.add(Activation('sigmoid'))
        model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
        os.makedirs('./models', exist_ok=True)
        filepath = "./models/lstm-{epoch:02d}-{loss:0.3f}-{accuracy:0.3f}-{val_loss:0.3f}-{val_accuracy:0.3f}.hdf5"
        checkpoint = ModelCheckpoint(filepath, monitor="loss", verbose=1, save_best_only=True, mode='min')
        reduce_lr = ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=2, min_lr=0.000001)
        print(model.summary())
        model.fit(tweets, labels, batch_size=16, epochs=3, validation_split=0.1, shuffle=False, callbacks=[checkpoint, reduce_lr], verbose=0)
    else:
        model = load_model(argv[1])
        print(model.summary())
        test_tweets, _ = process_tweets(TEST_PROCESSED_FILE, test_file=True)
        test_tweets = pad_sequences(test_tweets, maxlen=max_length, padding='post')
        predictions = model.predict(test_tweets, batch_size=128, verbose=1)
        results = zip(map(str, range(len(test_tweets))), np.round(predictions[:, 0]).astype(int))
        utils.save_results_to_csv(results, 'lstm.csv')


if __name__ == '__main__':
    main(['lstm.py'])
    main(['lstm.py', os.path.join('./models', sorted(os.listdir('./models'))[-1])])
