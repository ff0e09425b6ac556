# source: stefan-jansen/machine-learning-for-trading 19_recurrent_neural_nets/05_sentiment_analysis_imdb.ipynb (S. Jansen, "Machine Learning for Algorithmic Trading", 2nd ed., Packt 2020, chapter 19 "RNNs for Multivariate Time Series and Sentiment Analysis": IMDB review sentiment with an Embedding and a GRU, reviews pre-padded and pre-truncated, scored by accuracy and ROC AUC with checkpointing and early stopping on the validation AUC; its code cells in order)
# commit: f652d79ab2f137d75d554af2cc437a5512b16069 (the last commit holding the 19_recurrent_neural_nets folder; the notebook last changed in c5738be99badc05a46777bc9f8900677a160091a)
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow.keras.callbacks import ModelCheckpoint, EarlyStopping`, `from tensorflow.keras.datasets import imdb`, `from tensorflow.keras.models import Sequential`, `from tensorflow.keras.layers import Dense, GRU, Embedding`, `from tensorflow.keras.preprocessing.sequence import pad_sequences`, `import tensorflow.keras.backend as K`; pad_sequences(truncating='pre', padding='pre', maxlen) on ragged object arrays; K.clear_session(); Sequential([Embedding(input_dim, output_dim, input_length=maxlen), GRU(units), Dense(1, sigmoid)]); summary(); compile(loss='binary_crossentropy', optimizer='RMSProp', metrics=['accuracy', tf.keras.metrics.AUC(name='AUC')]); ModelCheckpoint(*.h5, verbose=1, monitor='val_AUC', mode='max', save_best_only=True); EarlyStopping(monitor='val_AUC', mode='max', patience=5, restore_best_weights=True); fit(batch_size=32, epochs, validation_data, callbacks, verbose=1) with int64 labels; history keys (accuracy, val_accuracy, AUC, val_AUC); predict on the test reviews and y_score.shape
# reduced: imdb.load_data(seed=42, skip_top=0, maxlen=None, oov_char=2, index_from=3, num_words=vocab_size) (a download) replaced by a load_data stand-in made here with the same keyword arguments: 64 training and 32 test seeded object arrays of 3 to 30 word ids in [1, num_words) and int64 0/1 labels (numpy RandomState(42)); vocab_size 20000 -> 60, maxlen 100 -> 12, embedding_size 100 -> 8, GRU units 32 -> 8; GRU dropout=0.2, recurrent_dropout=0.2 -> 0.0 (random masks cannot match); epochs 100 -> 3; fit's default shuffle=True -> shuffle=False; sklearn's roc_auc_score, seaborn / matplotlib / pandas (history DataFrame, plots) dropped, the AUC kept as the metric's history and evaluate; the GPU check dropped; bare expression cells printed
import warnings
warnings.filterwarnings('ignore')

from pathlib import Path

import numpy as np

import tensorflow as tf
from tensorflow.keras.callbacks import ModelCheckpoint, EarlyStopping
from tensorflow.keras.datasets import imdb  # its load_data (a download) is replaced below
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, GRU, Embedding
from tensorflow.keras.preprocessing.sequence import pad_sequences
import tensorflow.keras.backend as K


def load_data(seed=42, skip_top=0, maxlen=None, oov_char=2, index_from=3, num_words=None, num_train=64, num_test=32):
    # Stands in for imdb.load_data: object arrays of ragged word-id lists and int64 0/1 labels.
    rng = np.random.RandomState(seed)

    def split(count):
        xs = np.empty(count, dtype=object)
        xs[:] = [[1] + list(rng.randint(index_from + 1, num_words, size=rng.randint(3, 31))) for _ in range(count)]
        return xs, rng.randint(0, 2, size=count).astype('int64')

    return split(num_train), split(num_test)


np.random.seed(42)

results_path = Path('results', 'sentiment_imdb')
if not results_path.exists():
    results_path.mkdir(parents=True)

vocab_size = 60

(X_train, y_train), (X_test, y_test) = load_data(seed=42, 
                                                 skip_top=0,
                                                 maxlen=None, 
                                                 oov_char=2, 
                                                 index_from=3,
                                                 num_words=vocab_size)

print(sorted(len(review) for review in X_train)[:5])

maxlen = 12

X_train_padded = pad_sequences(X_train, 
                        truncating='pre', 
                        padding='pre', 
                        maxlen=maxlen)

X_test_padded = pad_sequences(X_test, 
                       truncating='pre', 
                       padding='pre', 
                       maxlen=maxlen)

print(X_train_padded.shape, X_test_padded.shape)
print(X_train_padded[:2])

K.clear_session()

embedding_size = 8

rnn = Sequential([
    Embedding(input_dim=vocab_size, 
              output_dim= embedding_size, 
              input_length=maxlen),
    GRU(units=8,  
        dropout=0.0, # comment out to use optimized GPU implementation
        recurrent_dropout=0.0),
    Dense(1, activation='sigmoid')
])
rnn.summary()

rnn.compile(loss='binary_crossentropy', 
            optimizer='RMSProp', 
            metrics=['accuracy', 
                     tf.keras.metrics.AUC(name='AUC')])

rnn_path = (results_path / 'lstm.h5').as_posix()

checkpointer = ModelCheckpoint(filepath=rnn_path,
                               verbose=1,
                               monitor='val_AUC',
                               mode='max',
                               save_best_only=True)

early_stopping = EarlyStopping(monitor='val_AUC', 
                               mode='max',
                              patience=5,
                              restore_best_weights=True)

training = rnn.fit(X_train_padded,
                   y_train,
                   batch_size=32,
                   epochs=3,
                   shuffle=False,
                   validation_data=(X_test_padded, y_test),
                   callbacks=[early_stopping, checkpointer],
                   verbose=1)

history = training.history
print(sorted(history))

y_score = rnn.predict(X_test_padded)
print(y_score.shape)

print(rnn.evaluate(X_test_padded, y_test, verbose=0))
