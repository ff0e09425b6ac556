# source: fastai/courses deeplearning1/nbs/lesson6.ipynb (fast.ai "Practical Deep Learning for Coders" 2017, part 1, lesson 6: character models on Nietzsche built up from an unrolled Dense "RNN" with shared layers and merge, to SimpleRNN with identity recurrent init, a sequence-output RNN, one-hot inputs, and a stateful LSTM with BatchNormalization fed consecutive batches without resets; its Keras code cells 66-158 in order)
# commit: 9df91e3d431889078c181e12d775d441089e0a2f
# keras: tf_keras
# exercises: functional models of many Input(shape=(1,), dtype='int64', name=...) each through Embedding(input_length=1, name=...) and Flatten; one Dense(relu) and one Dense(relu, kernel_initializer='identity') shared across 8 unrolled steps joined by add([c_dense, hidden]); Model(list of 8 inputs, one softmax output) and Model([zeros input] + 8 inputs, list of 8 outputs) with one Dense named 'output' reused for each; compile(sparse_categorical_crossentropy, Adam()) on one and on 8 outputs with a list of 8 integer target arrays; predict on lists of (1,) arrays and np.argmax; Sequential Embedding(input_length=cs) + SimpleRNN(activation='relu', recurrent_initializer='identity') + Dense softmax; SimpleRNN(return_sequences=True) + TimeDistributed(Dense(softmax)) on integer and (with to_categorical) on one-hot inputs with categorical_crossentropy and np.atleast_3d targets; summary(); a stateful model: Embedding(batch_input_shape=(bs, 8)), BatchNormalization() on the 3-d embedding, LSTM(return_sequences=True, stateful=True), TimeDistributed(Dense(softmax)); fit(batch_size=bs, shuffle=False) three times without reset_states (state carried across epochs and fits); `model.optimizer.lr = 1e-4` assigned between fits
# reduced: Keras 1 -> Keras 2 names, the least that runs on tf.keras: Theano's `cuda.use`, `from utils import *` (Keras 1's star import) -> explicit tensorflow.keras imports; merge([a, b]) and merge(..., mode='sum') -> add([a, b]); nb_epoch= -> epochs=; init='identity' -> kernel_initializer='identity'; inner_init='identity' -> recurrent_initializer='identity'; xrange -> range; the Nietzsche download (get_file) replaced by a seeded made-up 1,800-character text (vocab_size computed from it, so cell 99's hard-coded vocab_size=86 -> len(chars)); n_hidden 256 -> 16, n_fac 42 -> 8, bs 64 -> 16; nb_epoch 12/8/4 -> 1 or 2; fit(..., shuffle=False) on the stateless models too (fit's shuffle draws from TensorFlow's generator); the 3-character model of cells 18-62 with its Keras 1 `model.optimizer.lr.set_value` (Theano) and the Theano-only cells 160 on left out; cell 104 np.concatenate(xs, axis=1) -> np.stack(xs, axis=1) (xs are 1-d, (75110,) in the notebook's output, so modern numpy refuses axis=1; stack gives the (n, 8) the SimpleRNN wants); bare expression cells (shapes, slices) printed
import numpy as np
from tensorflow.keras.layers import Input, Embedding, Flatten, Dense, SimpleRNN, LSTM, TimeDistributed, BatchNormalization, add
from tensorflow.keras.models import Model, Sequential
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.utils import to_categorical

rng = np.random.RandomState(0)
_words = "the of and to in is that it as be for his which not this but by with he what part queens those philosophy".split()
text = " ".join(rng.choice(_words, 450))[:1800] + ".\n"
print('corpus length:', len(text))

chars = sorted(list(set(text)))
vocab_size = len(chars)+1
print('total chars:', vocab_size)
chars.insert(0, "\0")
char_indices = dict((c, i) for i, c in enumerate(chars))
indices_char = dict((i, c) for i, c in enumerate(chars))
idx = [char_indices[c] for c in text]

cs=8
c_in_dat = [[idx[i+n] for i in range(0, len(idx)-1-cs, cs)]
            for n in range(cs)]
c_out_dat = [idx[i+cs] for i in range(0, len(idx)-1-cs, cs)]
xs = [np.stack(c[:-2]) for c in c_in_dat]
print(len(xs), xs[0].shape)
y = np.stack(c_out_dat[:-2])
print([xs[n][:cs] for n in range(cs)])
print(y[:cs])
n_fac = 8

def embedding_input(name, n_in, n_out):
    inp = Input(shape=(1,), dtype='int64', name=name+'_in')
    emb = Embedding(n_in, n_out, input_length=1, name=name+'_emb')(inp)
    return inp, Flatten()(emb)

c_ins = [embedding_input('c'+str(n), vocab_size, n_fac) for n in range(cs)]
n_hidden = 16
dense_in = Dense(n_hidden, activation='relu')
dense_hidden = Dense(n_hidden, activation='relu', kernel_initializer='identity')
dense_out = Dense(vocab_size, activation='softmax')
hidden = dense_in(c_ins[0][1])
for i in range(1,cs):
    c_dense = dense_in(c_ins[i][1])
    hidden = dense_hidden(hidden)
    hidden = add([c_dense, hidden])
c_out = dense_out(hidden)
model = Model([c[0] for c in c_ins], c_out)
model.compile(loss='sparse_categorical_crossentropy', optimizer=Adam())
model.fit(xs, y, batch_size=64, epochs=2, shuffle=False)

def get_next(inp):
    idxs = [np.array(char_indices[c])[np.newaxis] for c in inp]
    p = model.predict(idxs)
    return chars[np.argmax(p)]
print(get_next('for thos'))
print(get_next('part of '))
print(get_next('queens a'))

n_hidden, n_fac, cs, vocab_size = (16, 8, 8, len(chars))
model=Sequential([
        Embedding(vocab_size, n_fac, input_length=cs),
        SimpleRNN(n_hidden, activation='relu', recurrent_initializer='identity'),
        Dense(vocab_size, activation='softmax')
    ])
model.summary()
model.compile(loss='sparse_categorical_crossentropy', optimizer=Adam())
model.fit(np.stack(xs,axis=1), y, batch_size=64, epochs=2, shuffle=False)

def get_next_keras(inp):
    idxs = [char_indices[c] for c in inp]
    arrs = np.array(idxs)[np.newaxis,:]
    p = model.predict(arrs)[0]
    return chars[np.argmax(p)]
print(get_next_keras('this is '))
print(get_next_keras('part of '))
print(get_next_keras('queens a'))

c_out_dat = [[idx[i+n] for i in range(1, len(idx)-cs, cs)]
            for n in range(cs)]
ys = [np.stack(c[:-2]) for c in c_out_dat]
print([ys[n][:cs] for n in range(cs)])
dense_in = Dense(n_hidden, activation='relu')
dense_hidden = Dense(n_hidden, activation='relu', kernel_initializer='identity')
dense_out = Dense(vocab_size, activation='softmax', name='output')
inp1 = Input(shape=(n_fac,), name='zeros')
hidden = dense_in(inp1)
outs = []
for i in range(cs):
    c_dense = dense_in(c_ins[i][1])
    hidden = dense_hidden(hidden)
    hidden = add([c_dense, hidden])
    # every layer now has an output
    outs.append(dense_out(hidden))
model = Model([inp1] + [c[0] for c in c_ins], outs)
model.compile(loss='sparse_categorical_crossentropy', optimizer=Adam())
zeros = np.tile(np.zeros(n_fac), (len(xs[0]),1))
print(zeros.shape)
model.fit([zeros]+xs, ys, batch_size=64, epochs=2, shuffle=False)

def get_nexts(inp):
    idxs = [char_indices[c] for c in inp]
    arrs = [np.array(i)[np.newaxis] for i in idxs]
    p = model.predict([np.zeros(n_fac)[np.newaxis,:]] + arrs)
    print(list(inp))
    return [chars[np.argmax(o)] for o in p]
print(get_nexts(' this is'))
print(get_nexts(' part of'))

print(n_hidden, n_fac, cs, vocab_size)
model=Sequential([
        Embedding(vocab_size, n_fac, input_length=cs),
        SimpleRNN(n_hidden, return_sequences=True, activation='relu', recurrent_initializer='identity'),
        TimeDistributed(Dense(vocab_size, activation='softmax')),
    ])
model.summary()
model.compile(loss='sparse_categorical_crossentropy', optimizer=Adam())
print(xs[0].shape)
x_rnn=np.stack(np.squeeze(xs), axis=1)
y_rnn=np.atleast_3d(np.stack(ys, axis=1))
print(x_rnn.shape, y_rnn.shape)
model.fit(x_rnn, y_rnn, batch_size=64, epochs=2, shuffle=False)

def get_nexts_keras(inp):
    idxs = [char_indices[c] for c in inp]
    arr = np.array(idxs)[np.newaxis,:]
    p = model.predict(arr)[0]
    print(list(inp))
    return [chars[np.argmax(o)] for o in p]
print(get_nexts_keras(' this is'))

model=Sequential([
        SimpleRNN(n_hidden, return_sequences=True, input_shape=(cs, vocab_size),
                  activation='relu', recurrent_initializer='identity'),
        TimeDistributed(Dense(vocab_size, activation='softmax')),
    ])
model.compile(loss='categorical_crossentropy', optimizer=Adam())
oh_ys = [to_categorical(o, vocab_size) for o in ys]
oh_y_rnn=np.stack(oh_ys, axis=1)
oh_xs = [to_categorical(o, vocab_size) for o in xs]
oh_x_rnn=np.stack(oh_xs, axis=1)
print(oh_x_rnn.shape, oh_y_rnn.shape)
model.fit(oh_x_rnn, oh_y_rnn, batch_size=64, epochs=2, shuffle=False)

def get_nexts_oh(inp):
    idxs = np.array([char_indices[c] for c in inp])
    arr = to_categorical(idxs, vocab_size)
    p = model.predict(arr[np.newaxis,:])[0]
    print(list(inp))
    return [chars[np.argmax(o)] for o in p]
print(get_nexts_oh(' this is'))

bs=16
model=Sequential([
        Embedding(vocab_size, n_fac, input_length=cs, batch_input_shape=(bs,8)),
        BatchNormalization(),
        LSTM(n_hidden, return_sequences=True, stateful=True),
        TimeDistributed(Dense(vocab_size, activation='softmax')),
    ])
model.compile(loss='sparse_categorical_crossentropy', optimizer=Adam())
mx = len(x_rnn)//bs*bs
model.fit(x_rnn[:mx], y_rnn[:mx], batch_size=bs, epochs=2, shuffle=False)
model.optimizer.lr=1e-4
model.fit(x_rnn[:mx], y_rnn[:mx], batch_size=bs, epochs=2, shuffle=False)
model.fit(x_rnn[:mx], y_rnn[:mx], batch_size=bs, epochs=1, shuffle=False)
