# source: oswaldoludwig/Seq2seq-Chatbot-for-Keras train_bot.py (O. Ludwig's widely starred Keras chatbot: a shared GloVe-initialised Embedding feeding an LSTM over the context and an LSTM over the answer so far, their last states concatenated into a Dense softmax over the next word, trained token by token with teacher forcing, answers decoded greedily with predict; its Keras 2 layer calls as the author wrote them in conversation.py of the same commit)
# commit: 759943732082cc02931bd9b5f6462af9140a98ad
# keras: tf_keras
# exercises: Keras 2 standalone imports (keras.layers Input/Embedding/LSTM/Dense/concatenate, keras.optimizers Adam, keras.models Model/Sequential, keras.callbacks EarlyStopping, keras.preprocessing.sequence, keras.backend); GloVe vectors parsed from a text file into an embedding matrix; two int32 Inputs with names; one Embedding(output_dim=, input_dim=, weights=[embedding_matrix], input_length=) shared by both inputs; LSTM(kernel_initializer='lecun_uniform') encoder and decoder returning last states; concatenate(axis=1); Dense relu and Dense softmax; Model(inputs=[...], outputs=[out]) with a one-element output list; compile(categorical_crossentropy, Adam(learning_rate=)) without metrics; per-epoch rebuilt teacher-forcing arrays (float64 Q/A index arrays fed to the int32 Inputs, one-hot Y); fit([Q, A], Y, batch_size, epochs=1) in a loop; greedy decoding with model.predict on a (1, maxlen) window shifted left each step and np.argmax; save_weights(.h5, overwrite=True) each epoch
# reduced: the Cornell-movie data files (Padded_context, Padded_answers and vocabulary_movie, cPickle'd by get_train_data.py) and glove.6B.100d.txt replaced by make_data(), which writes them into the scratch folder: a 39-word vocabulary list of (word, count) tuples (index 2 'BOS', 3 'EOS', as the script reads them), 20 contexts pre-padded and 20 answers 'BOS ... EOS' post-padded to maxlen, drawn with np.random.RandomState(7), and a GloVe file of 8-d vectors for 30 of the words; Python 2 -> 3: `import cPickle` -> `import _pickle as cPickle`, `dictionary_size/2` -> `dictionary_size//2`, `step = np.around(...)` wrapped in int() (range needs an int); the Keras 1 calls replaced by the Keras 2 ones of the author's conversation.py: `merge([...], mode='concat', concat_axis=1)` -> `concatenate([...], axis=1)` (with `from keras.layers import concatenate`, `merge` dropped from the import: Keras 2 has no merge function), `init=` -> `kernel_initializer=`, `Model(input=, output=)` -> `Model(inputs=, outputs=)`; `Adam(lr=0.00005)` -> `Adam(learning_rate=0.00005)` (tf-keras 2.16+ warns and drops `lr`, training at 0.001); `import theano.tensor as T`, pandas, sys and matplotlib imports dropped (unused); word_embedding_size 100 -> 8, sentence_embedding_size 300 -> 12, dictionary_size 7000 -> 40, maxlen 50 -> 8, n_test 100 -> 5, Epochs 100 -> 2; qt[41:42] / q[41:42] -> qt[3:4] / q[3:4] (only 5 test and 14 training rows); every epoch's examples (under 128) make one batch of BatchSize 128, so fit's shuffling cannot change the result
import pickle
import os
import numpy as np


def make_data():
    # Stands in for get_train_data.py's outputs and the GloVe download
    rng = np.random.RandomState(7)
    words = ['.', ',', 'BOS', 'EOS', 'i', 'you', 'the', 'a', 'is', 'what', 'it', 'to', 'do', 'not',
             'me', 'that', 'are', 'know', 'no', 'we', '?', 'have', 'yes', 'my', 'he', 'this', 'was',
             'go', 'your', 'so', 'can', 'all', 'just', 'like', 'get', 'think', 'here', 'right', 'now']
    vocab = [(w, 1000 - 20 * i) for i, w in enumerate(words)]
    with open('vocabulary_movie', 'wb') as f:
        pickle.dump(vocab, f)
    os.makedirs('glove.6B', exist_ok=True)
    with open(os.path.join('glove.6B', 'glove.6B.100d.txt'), 'w') as f:
        for w in words[4:34]:
            f.write(w + ' ' + ' '.join('%.5f' % v for v in rng.uniform(-1, 1, 8)) + '\n')
    contexts = np.zeros((20, 8), dtype=int)
    answers = np.zeros((20, 8), dtype=int)
    for i in range(20):
        c = rng.randint(4, 39, rng.randint(2, 7))
        contexts[i, -len(c):] = c
        a = [2] + list(rng.randint(4, 39, rng.randint(1, 5))) + [3]
        answers[i, :len(a)] = a
    with open('Padded_context', 'wb') as f:
        pickle.dump(contexts, f)
    with open('Padded_answers', 'wb') as f:
        pickle.dump(answers, f)


make_data()

# -*- coding: utf-8 -*-

__author__ = 'Oswaldo Ludwig'
__version__ = '1.01'

from keras.layers import Input, Embedding, LSTM, Dense, RepeatVector, Bidirectional, Dropout
from keras.optimizers import Adam, SGD
from keras.models import Model
from keras.models import Sequential
from keras.layers import Activation, Dense
from keras.callbacks import EarlyStopping
from keras.preprocessing import sequence
from keras.layers import concatenate

import keras.backend as K
import numpy as np
np.random.seed(1234)  # for reproducibility
import _pickle as cPickle
import os

word_embedding_size = 8
sentence_embedding_size = 12
dictionary_size = 40
maxlen_input = 8
maxlen_output = 8
num_subsets = 1
Epochs = 2
BatchSize = 128  #  Check the capacity of your GPU
Patience = 0
dropout = .25
n_test = 5

vocabulary_file = 'vocabulary_movie'
questions_file = 'Padded_context'
answers_file = 'Padded_answers'
weights_file = 'my_model_weights20.h5'
GLOVE_DIR = './glove.6B/'

early_stopping = EarlyStopping(monitor='val_loss', patience=Patience)



def print_result(input):

    ans_partial = np.zeros((1,maxlen_input))
    ans_partial[0, -1] = 2  #  the index of the symbol BOS (begin of sentence)
    for k in range(maxlen_input - 1):
        ye = model.predict([input, ans_partial])
        mp = np.argmax(ye)
        ans_partial[0, 0:-1] = ans_partial[0, 1:]
        ans_partial[0, -1] = mp
    text = ''
    for k in ans_partial[0]:
        k = k.astype(int)
        if k < (dictionary_size-2):
            w = vocabulary[k]
            text = text + w[0] + ' '
    return(text)


# **********************************************************************
# Reading a pre-trained word embedding and addapting to our vocabulary:
# **********************************************************************

embeddings_index = {}
f = open(os.path.join(GLOVE_DIR, 'glove.6B.100d.txt'))
for line in f:
    values = line.split()
    word = values[0]
    coefs = np.asarray(values[1:], dtype='float32')
    embeddings_index[word] = coefs
f.close()

print('Found %s word vectors.' % len(embeddings_index))
embedding_matrix = np.zeros((dictionary_size, word_embedding_size))

# Loading our vocabulary:
vocabulary = cPickle.load(open(vocabulary_file, 'rb'))

# Using the Glove embedding:
i = 0
for word in vocabulary:
    embedding_vector = embeddings_index.get(word[0])
    
    if embedding_vector is not None:
        # words not found in embedding index will be all-zeros.
        embedding_matrix[i] = embedding_vector
    i += 1

# *******************************************************************
# Keras model of the chatbot: 
# *******************************************************************

ad = Adam(learning_rate=0.00005) 

input_context = Input(shape=(maxlen_input,), dtype='int32', name='input_context')
input_answer = Input(shape=(maxlen_input,), dtype='int32', name='input_answer')
LSTM_encoder = LSTM(sentence_embedding_size, kernel_initializer= 'lecun_uniform')
LSTM_decoder = LSTM(sentence_embedding_size, kernel_initializer= 'lecun_uniform')
if os.path.isfile(weights_file):
    Shared_Embedding = Embedding(output_dim=word_embedding_size, input_dim=dictionary_size, input_length=maxlen_input)
else:
    Shared_Embedding = Embedding(output_dim=word_embedding_size, input_dim=dictionary_size, weights=[embedding_matrix], input_length=maxlen_input)
word_embedding_context = Shared_Embedding(input_context)
context_embedding = LSTM_encoder(word_embedding_context)

word_embedding_answer = Shared_Embedding(input_answer)
answer_embedding = LSTM_decoder(word_embedding_answer)

merge_layer = concatenate([context_embedding, answer_embedding], axis=1)
out = Dense(dictionary_size//2, activation="relu")(merge_layer)
out = Dense(dictionary_size, activation="softmax")(out)

model = Model(inputs=[input_context, input_answer], outputs = [out])

model.compile(loss='categorical_crossentropy', optimizer=ad)

if os.path.isfile(weights_file):
    model.load_weights(weights_file)

# ************************************************************************
# Loading the data:
# ************************************************************************

q = cPickle.load(open(questions_file, 'rb'))
a = cPickle.load(open(answers_file, 'rb'))
n_exem, n_words = a.shape

qt = q[0:n_test,:]
at = a[0:n_test,:]
q = q[n_test + 1:,:]
a = a[n_test + 1:,:]

print('Number of exemples = %d'%(n_exem - n_test))
step = int(np.around((n_exem - n_test)/num_subsets))
round_exem = step * num_subsets

# *************************************************************************
# Bot training:
# *************************************************************************

x = range(0,Epochs) 
valid_loss = np.zeros(Epochs)
train_loss = np.zeros(Epochs)
for m in range(Epochs):
    
    # Loop over training batches due to memory constraints:
    for n in range(0,round_exem,step):
        
        q2 = q[n:n+step]
        s = q2.shape
        count = 0
        for i, sent in enumerate(a[n:n+step]):
            l = np.where(sent==3)  #  the position od the symbol EOS
            limit = l[0][0]
            count += limit + 1
            
        Q = np.zeros((count,maxlen_input))
        A = np.zeros((count,maxlen_input))
        Y = np.zeros((count,dictionary_size))
        
        # Loop over the training examples:
        count = 0
        for i, sent in enumerate(a[n:n+step]):
            ans_partial = np.zeros((1,maxlen_input))
            
            # Loop over the positions of the current target output (the current output sequence):
            l = np.where(sent==3)  #  the position of the symbol EOS
            limit = l[0][0]

            for k in range(1,limit+1):
                # Mapping the target output (the next output word) for one-hot codding:
                y = np.zeros((1, dictionary_size))
                y[0, sent[k]] = 1

                # preparing the partial answer to input:

                ans_partial[0,-k:] = sent[0:k]

                # training the model for one epoch using teacher forcing:
                
                Q[count, :] = q2[i:i+1] 
                A[count, :] = ans_partial 
                Y[count, :] = y
                count += 1
                
        print('Training epoch: %d, training examples: %d - %d'%(m,n, n + step))
        model.fit([Q, A], Y, batch_size=BatchSize, epochs=1)
         
        test_input = qt[3:4]
        print(print_result(test_input))
        train_input = q[3:4]
        print(print_result(train_input))        
        
    model.save_weights(weights_file, overwrite=True)
