# source: mineshmathew/char_rnn_karpathy_keras char_rnn_of_karpathy_keras_tensorflow_backend.ipynb (Minesh Mathew's widely starred "char-rnn of Karpathy in Keras": Keras's lstm_text_generation example changed to train many-to-many, every step predicting the next character through a TimeDistributed Dense, then generating greedily from a sliding 40-character window; the TensorFlow-backend Keras 2 notebook, its code cells in order)
# commit: faed66fbab9238e2b3c4ade75c880569fad51032
# keras: tf_keras
# exercises: Sequential of LSTM(512, input_shape=(maxlen, len(chars)), return_sequences=True), a second LSTM(512, return_sequences=True), Dropout, TimeDistributed(Dense(len(chars))) and a separate Activation('softmax'); boolean one-hot X and 3-d boolean one-hot targets (the text shifted by one); compile(loss='categorical_crossentropy', optimizer='rmsprop') with no metrics; print(model.summary()); model.fit(X, y, batch_size=128, verbose=0) called once per iteration in a loop, its history.history['loss'][0] printed; greedy generation: predict on a (1, 40, n_chars) float one-hot window of the last 40 characters, argmax of the last step's distribution, appended and slid on
# reduced: ./textdatasets/tinyshakesepare.txt (a local copy of Karpathy's tiny Shakespeare) replaced by a made-up 103-character play text in the same "name:\nline" style (lower-cased as the notebook does); maxlen 40 -> 10 (the generation loop's `[-40:]` slices -> `[-10:]`), so its 94 one-step windows are one batch of 128 (fit's shuffling cannot change the result); LSTM units 512 -> 16; Dropout(0.2) -> Dropout(0.0) (random masks cannot match across frameworks); 5 iterations -> 2; fit's `nb_epoch=1` (Keras 1's name, removed in Keras 2.2 / tf.keras) -> `epochs=1`; `dtype=np.bool` (removed in NumPy 1.24) -> `dtype=bool`; 1000 generated characters -> 15, the seed "brutus: this aint right. you should be going" -> "brutus: you should go"; `from keras.utils.data_utils import get_file` dropped (used only by a commented-out line, and not a public module in tf.keras); `time.sleep(0.1)` kept; the trailing `len(seed_string)` cell printed
from __future__ import print_function
from keras.models import Sequential
from keras.layers import Dense, Activation, Dropout
from keras.layers import LSTM,TimeDistributed,SimpleRNN
import numpy as np
from time import sleep
import random
import sys

#path = get_file('nietzsche.txt', origin="https://s3.amazonaws.com/text-datasets/nietzsche.txt")
#text = open(path).read().lower()
text = ("Brutus:\nyou should go to rome.\n\nCassius:\nI should go to the senate.\n\n"
        "Brutus:\nthen go and see the tent.\n").lower()
print('corpus length:', len(text))

chars = sorted(list(set(text)))
print('total chars:', len(chars))
char_indices = dict((c, i) for i, c in enumerate(chars))
indices_char = dict((i, c) for i, c in enumerate(chars))

# split the corpus into sequences of length=maxlen
#input is a sequence of 40 chars and target is also a sequence of 40 chars shifted by one position
maxlen = 10
step = 1
sentences = []
next_chars = []
for i in range(0, len(text) - maxlen+1, step):
    sentences.append(text[i: i + maxlen])
    next_chars.append(text[i+1:i +1+ maxlen])
print('nb sequences:', len(sentences))

print('Vectorization...')
X = np.zeros((len(sentences), maxlen, len(chars)), dtype=bool)
y = np.zeros((len(sentences),maxlen, len(chars)), dtype=bool) # y is also a sequence , or  a seq of 1 hot vectors
for i, sentence in enumerate(sentences):
    for t, char in enumerate(sentence):
        X[i, t, char_indices[char]] = 1

for i, sentence in enumerate(next_chars):
    for t, char in enumerate(sentence):
        y[i, t, char_indices[char]] = 1


print ('vetorization completed')

# build the model: 2 stacked LSTM
print('Build model...')
model = Sequential()
#model.add(LSTM(512, return_sequences=True, input_shape=(maxlen, len(chars))))  # original one
model.add(LSTM(16, input_shape=(maxlen, len(chars)),return_sequences=True)) #minesh witout specifying the input_length
model.add(LSTM(16, return_sequences=True)) #- original
model.add(Dropout(0.0))
model.add(TimeDistributed(Dense(len(chars))))
model.add(Activation('softmax'))

model.compile(loss='categorical_crossentropy', optimizer='rmsprop')

print ('model is made')

print (model.summary())

for iteration in range(1, 3):
    print()
    print('-' * 50)
    print('Iteration', iteration)
    history=model.fit(X, y, batch_size=128, epochs=1,verbose=0)
    sleep(0.1) # https://github.com/fchollet/keras/issues/2110

    print ('loss is')
    print (history.history['loss'][0])
    print (history)
    print()

seed_string="brutus: you should go"
print ("seed string -->", seed_string)
print ('The generated text is')
sys.stdout.write(seed_string),
for i in range(15):
    x=np.zeros((1, len(seed_string[-10:]), len(chars)))
    for tt, char in enumerate(seed_string[-10:]):
        x[0, tt, char_indices[char]] = 1.
    preds = model.predict(x, verbose=0)[0]
    next_index=np.argmax(preds[len(seed_string[-10:])-1])
    next_char = indices_char[next_index]
    seed_string = seed_string + next_char
    sys.stdout.write(next_char)

sys.stdout.flush()

print(len(seed_string))
