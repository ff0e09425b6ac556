# source: kk7nc/Text_Classification code/RCNN.py (K. Kowsari's much-starred "Text Classification Algorithms: A Survey" companion repository: its Keras Recurrent Convolutional Neural Network for 20 Newsgroups, a GloVe-initialised Embedding, four Conv1D + MaxPooling1D blocks, then four stacked LSTMs)
# commit: 3c44151816b340d5b8419290072a511e23b770fe
# keras: tf_keras
# exercises: Keras 2 standalone imports (keras.preprocessing.sequence, keras.models.Sequential, keras.layers Dense/Dropout/Activation/Embedding/LSTM/Conv1D/MaxPooling1D, keras.preprocessing.text.Tokenizer, pad_sequences); Tokenizer(num_words=) on a numpy array of strings, fit_on_texts / texts_to_sequences / word_index; pad_sequences(maxlen=); a GloVe text file read line by line with a try/except around np.asarray; np.random.random embedding matrix filled from it; Embedding(weights=[embedding_matrix], input_length=, trainable=True); Dropout; Conv1D(filters, kernel_size, activation='relu') + MaxPooling1D(pool_size) x4 shrinking 64 steps to 3; four stacked LSTM(recurrent_dropout=) with return_sequences=True on the first three; Dense(relu); Dense(nclasses) + Activation('softmax'); compile(sparse_categorical_crossentropy, adam, ['accuracy']); summary(); fit(validation_data=, epochs, batch_size, verbose=2); predict and np.argmax(axis=1)
# reduced: sklearn's fetch_20newsgroups (download; sklearn not installed) replaced by 40 training and 16 test made-up "posts" of 20 topics from a seeded generator (data lists and target arrays, as the Bunch gives); glove.6B.100d.txt replaced by a file of seeded random vectors for every second word, written under the program's own name ".\glove.6B.100d.txt" (on Linux a file name with a backslash) in the scratch folder; sklearn.metrics.classification_report replaced by a print of the accuracy (sklearn not installed); MAX_NB_WORDS stays, MAX_SEQUENCE_LENGTH 500 -> 64, EMBEDDING_DIM 100 -> 6, filters 256 -> 4, gru_node 256 -> 4, Dense 1024 -> 8, epochs 15 -> 2, batch_size 128 -> 16; Dropout(0.25) -> Dropout(0.0) and recurrent_dropout 0.2 -> 0.0 (random masks cannot match); shuffle=False added to fit (random batch order cannot match)
from keras.preprocessing import sequence
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation
from keras.layers import Embedding
from keras.layers import LSTM
from keras.layers import Conv1D, MaxPooling1D
import numpy as np
from keras.preprocessing.text import Tokenizer
from keras.preprocessing.sequence import pad_sequences

# ---- stand-ins for fetch_20newsgroups and the GloVe file
_rng = np.random.RandomState(11)
_TOPIC_WORDS = [['topic%d_%s' % (t, w) for w in 'abcdef'] for t in range(20)]
_COMMON = ['the', 'a', 'is', 'of', 'and', 'to', 'in', 'it', 'that', 'for', 'on', 'with', 'this', 'subject', 're']


class _Bunch:
    def __init__(self, n):
        self.target = _rng.randint(0, 20, n)
        self.data = [' '.join(_rng.choice(_TOPIC_WORDS[t] + _COMMON, _rng.randint(20, 90))) for t in self.target]


def fetch_20newsgroups(subset):
    return _Bunch(40 if subset == 'train' else 16)


class metrics:
    @staticmethod
    def classification_report(y_true, y_pred):
        return 'accuracy %.4f' % np.mean(np.asarray(y_true) == np.asarray(y_pred))


with open(".\\glove.6B.100d.txt", "w", encoding="utf8") as _f:
    for _w in sorted(set(w for ws in _TOPIC_WORDS for w in ws) | set(_COMMON))[::2]:
        _f.write(_w + ' ' + ' '.join('%.5f' % v for v in _rng.uniform(-1, 1, 6)) + '\n')


# ---- code/RCNN.py
def loadData_Tokenizer(X_train, X_test,MAX_NB_WORDS=75000,MAX_SEQUENCE_LENGTH=64):
    np.random.seed(7)
    text = np.concatenate((X_train, X_test), axis=0)
    text = np.array(text)
    tokenizer = Tokenizer(num_words=MAX_NB_WORDS)
    tokenizer.fit_on_texts(text)
    sequences = tokenizer.texts_to_sequences(text)
    word_index = tokenizer.word_index
    text = pad_sequences(sequences, maxlen=MAX_SEQUENCE_LENGTH)
    print('Found %s unique tokens.' % len(word_index))
    indices = np.arange(text.shape[0])
    # np.random.shuffle(indices)
    text = text[indices]
    print(text.shape)
    X_train = text[0:len(X_train), ]
    X_test = text[len(X_train):, ]
    embeddings_index = {}
    f = open(".\glove.6B.100d.txt", encoding="utf8")
    for line in f:
        values = line.split()
        word = values[0]
        try:
            coefs = np.asarray(values[1:], dtype='float32')
        except:
            pass
        embeddings_index[word] = coefs
    f.close()
    print('Total %s word vectors.' % len(embeddings_index))
    return (X_train, X_test, word_index,embeddings_index)


def Build_Model_RCNN_Text(word_index, embeddings_index, nclasses, MAX_SEQUENCE_LENGTH=64, EMBEDDING_DIM=6):

    kernel_size = 2
    filters = 4
    pool_size = 2
    gru_node = 4

    embedding_matrix = np.random.random((len(word_index) + 1, EMBEDDING_DIM))
    for word, i in word_index.items():
        embedding_vector = embeddings_index.get(word)
        if embedding_vector is not None:
            # words not found in embedding index will be all-zeros.
            if len(embedding_matrix[i]) !=len(embedding_vector):
                print("could not broadcast input array from shape",str(len(embedding_matrix[i])),
                                 "into shape",str(len(embedding_vector))," Please make sure your"
                                 " EMBEDDING_DIM is equal to embedding_vector file ,GloVe,")
                exit(1)

            embedding_matrix[i] = embedding_vector



    model = Sequential()
    model.add(Embedding(len(word_index) + 1,
                                EMBEDDING_DIM,
                                weights=[embedding_matrix],
                                input_length=MAX_SEQUENCE_LENGTH,
                                trainable=True))
    model.add(Dropout(0.0))
    model.add(Conv1D(filters, kernel_size, activation='relu'))
    model.add(MaxPooling1D(pool_size=pool_size))
    model.add(Conv1D(filters, kernel_size, activation='relu'))
    model.add(MaxPooling1D(pool_size=pool_size))
    model.add(Conv1D(filters, kernel_size, activation='relu'))
    model.add(MaxPooling1D(pool_size=pool_size))
    model.add(Conv1D(filters, kernel_size, activation='relu'))
    model.add(MaxPooling1D(pool_size=pool_size))
    model.add(LSTM(gru_node, return_sequences=True, recurrent_dropout=0.0))
    model.add(LSTM(gru_node, return_sequences=True, recurrent_dropout=0.0))
    model.add(LSTM(gru_node, return_sequences=True, recurrent_dropout=0.0))
    model.add(LSTM(gru_node, recurrent_dropout=0.0))
    model.add(Dense(8,activation='relu'))
    model.add(Dense(nclasses))
    model.add(Activation('softmax'))

    model.compile(loss='sparse_categorical_crossentropy',
                  optimizer='adam',
                  metrics=['accuracy'])

    return model

newsgroups_train = fetch_20newsgroups(subset='train')
newsgroups_test = fetch_20newsgroups(subset='test')
X_train = newsgroups_train.data
X_test = newsgroups_test.data
y_train = newsgroups_train.target
y_test = newsgroups_test.target

X_train_Glove,X_test_Glove, word_index,embeddings_index = loadData_Tokenizer(X_train,X_test)


model_RCNN = Build_Model_RCNN_Text(word_index,embeddings_index, 20)


model_RCNN.summary()

model_RCNN.fit(X_train_Glove, y_train,
                              validation_data=(X_test_Glove, y_test),
                              epochs=2,
                              batch_size=16,
                              verbose=2, shuffle=False)

predicted = model_RCNN.predict(X_test_Glove)

predicted = np.argmax(predicted, axis=1)
print(metrics.classification_report(y_test, predicted))
