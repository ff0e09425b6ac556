# source: aneesh-joshi/LSTM_POS_Tagger extract_data.py, make_glove_pickle.py, make_model.py and model_evaluation.py (A. Joshi's widely forked Keras POS tagger on the Brown corpus: word ids, a GloVe-initialised trainable Embedding, a Bidirectional LSTM and a TimeDistributed softmax over one-hot tags, trained with fit_generator, saved, reloaded and used to tag a sentence)
# commit: 502b2637964be3ae872a8f2f012bb21306cc8057
# keras: tf_keras
# exercises: Keras 2 standalone imports (keras.preprocessing.sequence.pad_sequences, keras.utils.np_utils.to_categorical, keras.layers, keras.models Model / load_model); pad_sequences of ragged object arrays of word and tag ids (default 'pre' padding and truncation); to_categorical(num_classes=) of a 2-d tag batch into 3-d one-hot targets inside an endless generator that yields (X, y) in a new order each time (sklearn.utils.shuffle); Embedding(input_dim, dim, weights=[embedding_matrix], input_length=, trainable=True) on an int32 Input; Bidirectional(LSTM(return_sequences=True)); TimeDistributed(Dense(softmax)); Model(input, output) positionally; compile(categorical_crossentropy, 'rmsprop', metrics=['acc']); model.summary(); fit_generator(train_generator, steps_per_epoch, validation_data=<generator>, validation_steps, epochs=2, verbose=1, workers=1); model.save to Models/model.h5; evaluate on one-hot test targets, read as test_results[0], [1]; load_model in a second script and predict on one padded sentence, np.argmax per step
# reduced: the Brown corpus files (brown/, 500 files) replaced by one made-up file brown/ca01 of 50 tagged lines ("word/tag" pairs, 3 to 9 a line, np.random.RandomState(5) over a 34-word lexicon that holds every word of the evaluation sentence) written by make_corpus(); glove.6B.100d.txt replaced by a made-up GloVe file of 8-d vectors for 25 of the words (RandomState(6)); `words = set(words)` / `tags = set(tags)` enumerated -> `sorted(set(...))` (a set of strings iterates in an order that Python's hash randomisation changes from process to process, so the ids would differ between the two runs); `np.asarray(X_train_numberised)` / `np.asarray(Y_train_numberised)` -> `np.asarray(..., dtype=object)` (numpy >= 1.24 refuses ragged lists without it); sklearn (not installed) replaced by stand-ins: shuffle(X, y) permutes both with np.random.permutation and train_test_split(X, y, test_size, random_state) splits a np.random.RandomState(random_state) permutation as sklearn does (ceil of the test share first); MAX_SEQUENCE_LENGTH 100 -> 12, EMBEDDING_DIM 100 -> 8, LSTM units 64 -> 8, BATCH_SIZE 32 -> 8 (32 training, 8 validation and 10 test sentences); `workers=4` -> `workers=1` (tf-keras runs a plain generator with workers > 1 on a thread pool that calls next() on it from several threads at once, which a Python generator does not allow: it can stop with "Your generator is NOT thread-safe"); model_evaluation.py's `open('data.pkl')` -> `open('PickledData/data.pkl')` (where extract_data.py writes it at this commit); the four scripts run in order in one program
import numpy as np
import os


def make_corpus():
    # Stands in for the Brown corpus files under brown/ and glove.6B.100d.txt
    rng = np.random.RandomState(5)
    lexicon = [('i', 'ppss'), ('want', 'vb'), ('to', 'to'), ('dance', 'vb'), ('with', 'in'), ('a', 'at'),
               ('dog', 'nn'), ('the', 'at'), ('man', 'nn'), ('ran', 'vbd'), ('home', 'nr'), ('she', 'pps'),
               ('saw', 'vbd'), ('tree', 'nn'), ('in', 'in'), ('city', 'nn'), ('is', 'bez'), ('was', 'bedz'),
               ('big', 'jj'), ('old', 'jj'), ('we', 'ppss'), ('like', 'vb'), ('photos', 'nns'), ('of', 'in'),
               ('that', 'dt'), ('john', 'np'), ('expected', 'vbn'), ('race', 'vb'), ('tomorrow', 'nr'),
               ('very', 'ql'), ('quickly', 'rb'), ('and', 'cc'), ('dogs', 'nns'), ('.', '.')]
    os.makedirs('brown', exist_ok=True)
    with open('brown/ca01', 'w') as f:
        for _ in range(50):
            n = rng.randint(3, 10)
            f.write('\n\t' + ' '.join('%s/%s' % lexicon[i] for i in rng.randint(len(lexicon), size=n)) + '\n')
    rng = np.random.RandomState(6)
    with open('glove.6B.100d.txt', 'w', encoding='utf8') as f:
        for w, _ in lexicon[:25]:
            f.write(w + ' ' + ' '.join('%.5f' % v for v in rng.uniform(-1, 1, 8)) + '\n')


def shuffle(*arrays):
    # Stands in for sklearn.utils.shuffle
    order = np.random.permutation(len(arrays[0]))
    return [a[order] for a in arrays]


def train_test_split(X, y, test_size, random_state):
    # Stands in for sklearn.model_selection.train_test_split
    n_test = int(np.ceil(test_size * len(X)))
    order = np.random.RandomState(random_state).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


make_corpus()

# ======================================================== extract_data.py
import pickle
import numpy as np
import os

files = os.listdir('brown/')

# In case your system can't handle all 500 samples
# set the number of samples to a reasonable number like 20
n_sample_files = 500

print('TOTAL NO. OF FILES ', len(files), '\n')
print('RUNNING ON ', n_sample_files, ' FILES\n')

raw_corpus = ''

for file in files[0:n_sample_files]:
    with open('brown/' + file) as f:
        raw_corpus = raw_corpus + '\n' + f.read()

corpus = raw_corpus.split('\n')

print('CORPUS SIZE', len(corpus), '\n')

X_train = []
Y_train = []

words = []
tags = []

with_slash = False
n_omitted = 0

for line in corpus:
    if(len(line)>0):
        tempX = []
        tempY = []
        for word in line.split():
            try:            
                w, tag = word.split('/')
            except:
                # with_slash = True
                n_omitted = n_omitted + 1
                break

            w = w.lower()
            words.append(w)
            tags.append(tag)

            tempX.append(w)
            tempY.append(tag)
        
        X_train.append(tempX)
        Y_train.append(tempY)


print('OMITTED sentences: ', n_omitted, '\n')
print('TOTAL NO OF SAMPLES: ', len(X_train), '\n')


print('sample X_train: ', X_train[42], '\n')
print('sample Y_train: ', Y_train[42], '\n')

words = sorted(set(words))
tags = sorted(set(tags))

print('VOCAB SIZE: ', len(words))
print('TOTAL TAGS: ', len(tags))

assert len(X_train) == len(Y_train)


word2int = {}
int2word = {}

for i, word in enumerate(words):
    word2int[word] = i+1
    int2word[i+1] = word

tag2int = {}
int2tag = {}

for i, tag in enumerate(tags):
    tag2int[tag] = i+1
    int2tag[i+1] = tag

X_train_numberised = []
Y_train_numberised = []

for sentence in X_train:
    tempX = []
    for word in sentence:
        tempX.append(word2int[word])
    X_train_numberised.append(tempX)

for tags in Y_train:
    tempY = []
    for tag in tags:
        tempY.append(tag2int[tag])
    Y_train_numberised.append(tempY)

print('sample X_train_numberised: ', X_train_numberised[42], '\n')
print('sample Y_train_numberised: ', Y_train_numberised[42], '\n')

X_train_numberised = np.asarray(X_train_numberised, dtype=object)
Y_train_numberised = np.asarray(Y_train_numberised, dtype=object)

pickle_files = [X_train_numberised, Y_train_numberised, word2int, int2word, tag2int, int2tag]

if not os.path.exists('PickledData/'):
    print('MAKING DIRECTORY PickledData/ to save pickled glove file')
    os.makedirs('PickledData/')

with open('PickledData/data.pkl', 'wb') as f:
    pickle.dump(pickle_files, f)

print('Saved as pickle file')

# ======================================================== make_glove_pickle.py
import os
import pickle
import numpy as np

'''
This script converts the specified Glove file into a pickled dict
'''

embeddings_index = {}

with open('glove.6B.100d.txt', encoding="utf8") as glove_file:
    for line in glove_file:
        values = line.split()
        word = values[0]
        coefs = np.asarray(values[1:], dtype='float32')
        embeddings_index[word] = coefs

if not os.path.exists('PickledData/'):
    print('MAKING DIRECTORY PickledData/ to save pickled glove file')
    os.makedirs('PickledData/')

with open('PickledData/Glove.pkl', 'wb') as f:
    pickle.dump(embeddings_index, f)

print('SUCESSFULLY SAVED Glove data as a pickle file in PickledData/')

# ======================================================== make_model.py
import numpy as np
import pickle, sys, os

from keras.preprocessing.sequence import pad_sequences
from keras.utils.np_utils import to_categorical

from keras.layers import Embedding
from keras.layers import Dense, Input
from keras.layers import TimeDistributed
from keras.layers import LSTM, Bidirectional
from keras.models import Model

# PARAMETERS ================
MAX_SEQUENCE_LENGTH = 12
EMBEDDING_DIM = 8
TEST_SPLIT = 0.2
VALIDATION_SPLIT = 0.2
BATCH_SIZE = 8


with open('PickledData/data.pkl', 'rb') as f:
    X, y, word2int, int2word, tag2int, int2tag = pickle.load(f)


def generator(all_X, all_y, n_classes, batch_size=BATCH_SIZE):
    num_samples = len(all_X)

    while True:

        for offset in range(0, num_samples, batch_size):
            
            X = all_X[offset:offset+batch_size]
            y = all_y[offset:offset+batch_size]

            y = to_categorical(y, num_classes=n_classes)


            yield shuffle(X, y)


n_tags = len(tag2int)

X = pad_sequences(X, maxlen=MAX_SEQUENCE_LENGTH)
y = pad_sequences(y, maxlen=MAX_SEQUENCE_LENGTH)

# y = to_categorical(y, num_classes=len(tag2int) + 1)

print('TOTAL TAGS', len(tag2int))
print('TOTAL WORDS', len(word2int))

# shuffle the data
X, y = shuffle(X, y)

# split data into train and test
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SPLIT,random_state=42)

# split training data into train and validation
X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=VALIDATION_SPLIT, random_state=1)

n_train_samples = X_train.shape[0]
n_val_samples = X_val.shape[0]
n_test_samples = X_test.shape[0]

print('We have %d TRAINING samples' % n_train_samples)
print('We have %d VALIDATION samples' % n_val_samples)
print('We have %d TEST samples' % n_test_samples)

# make generators for training and validation
train_generator = generator(all_X=X_train, all_y=y_train, n_classes=n_tags + 1)
validation_generator = generator(all_X=X_val, all_y=y_val, n_classes=n_tags + 1)



with open('PickledData/Glove.pkl', 'rb') as f:
	embeddings_index = pickle.load(f)

print('Total %s word vectors.' % len(embeddings_index))

# + 1 to include the unkown word
embedding_matrix = np.random.random((len(word2int) + 1, EMBEDDING_DIM))

for word, i in word2int.items():
    embedding_vector = embeddings_index.get(word)
    if embedding_vector is not None:
        # words not found in embeddings_index will remain unchanged and thus will be random.
        embedding_matrix[i] = embedding_vector

print('Embedding matrix shape', embedding_matrix.shape)
print('X_train shape', X_train.shape)

embedding_layer = Embedding(len(word2int) + 1,
                            EMBEDDING_DIM,
                            weights=[embedding_matrix],
                            input_length=MAX_SEQUENCE_LENGTH,
                            trainable=True)
sequence_input = Input(shape=(MAX_SEQUENCE_LENGTH,), dtype='int32')
embedded_sequences = embedding_layer(sequence_input)

l_lstm = Bidirectional(LSTM(8, return_sequences=True))(embedded_sequences)
preds = TimeDistributed(Dense(n_tags + 1, activation='softmax'))(l_lstm)
model = Model(sequence_input, preds)


model.compile(loss='categorical_crossentropy',
              optimizer='rmsprop',
              metrics=['acc'])

print("model fitting - Bidirectional LSTM")
model.summary()

model.fit_generator(train_generator, 
                     steps_per_epoch=n_train_samples//BATCH_SIZE,
                     validation_data=validation_generator,
                     validation_steps=n_val_samples//BATCH_SIZE,
                     epochs=2,
                     verbose=1,
                     workers=1)

if not os.path.exists('Models/'):
    print('MAKING DIRECTORY Models/ to save model file')
    os.makedirs('Models/')

train = True

if train:
    model.save('Models/model.h5')
    print('MODEL SAVED in Models/ as model.h5')
else:
    from keras.models import load_model
    model = load_model('Models/model.h5')

y_test = to_categorical(y_test, num_classes=n_tags+1)
test_results = model.evaluate(X_test, y_test, verbose=0)
print('TEST LOSS %f \nTEST ACCURACY: %f' % (test_results[0], test_results[1]))

# ======================================================== model_evaluation.py
from keras.models import load_model
import pickle
import numpy as np
from keras.preprocessing.sequence import pad_sequences
from keras.utils.np_utils import to_categorical

with open('PickledData/data.pkl', 'rb') as f:
	X_train, Y_train, word2int, int2word, tag2int, int2tag = pickle.load(f)

	del X_train
	del Y_train

# sentence = 'john is expected to race tomorrow'.split()
# np bez vbn in nn nn

# sentence = 'send me some photos of that tree'.split()
# vb
# ppo
# dti
# nns
# in
# pp$
# nn

sentence = 'i want to dance with a dog'.split()
# ppss
# vb
# in
# nn
# in
# at
# nn

tokenized_sentence = []

for word in sentence:
	tokenized_sentence.append(word2int[word])

tokenized_sentence = np.asarray([tokenized_sentence])
padded_tokenized_sentence = pad_sequences(tokenized_sentence, maxlen=12)

print('The sentence is ', sentence)
print('The tokenized sentence is ',tokenized_sentence)
print('The padded tokenized sentence is ', padded_tokenized_sentence)

model = load_model('Models/model.h5')

prediction = model.predict(padded_tokenized_sentence)

print(prediction.shape)

for i, pred in enumerate(prediction[0]):
	try:
		print(sentence[i], ' : ', int2tag[np.argmax(pred)])
	except:
		pass
		# print('NA')
