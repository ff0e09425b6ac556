# source: ritika26/test-repo 1_prepare_text.py, 2_train_model.py and 3_generate.py (a copy of J. Brownlee's widely copied "How to Develop a Word-Level Neural Language Model and Use it to Generate Text", Machine Learning Mastery: Plato's Republic)
# commit: 70ab7f9bc07b5a5203846d4fa43eccac7d4d2577
# keras: tf_keras
# exercises: text cleaning (str.replace('--'), regex punctuation removal, isalpha, lower) into sequences of length+1 words saved one per line and loaded back; Tokenizer().fit_on_texts over the lines, texts_to_sequences, word_index; numpy array split X, y = sequences[:,:-1], sequences[:,-1]; to_categorical(y, num_classes=vocab_size); Sequential of Embedding(vocab_size, 50, input_length=seq_length), LSTM(100, return_sequences=True), LSTM(100), Dense(100, relu), Dense(vocab_size, softmax); compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy']); model.summary(); fit(batch_size=128, epochs); model.save('model.h5'); pickle.dump of the Tokenizer; load_model('model.h5') and pickle.load of the Tokenizer; generate_seq: texts_to_sequences of the growing text, pad_sequences([encoded], maxlen=seq_length, truncating='pre'), per-word predict and argmax, index == yhat over word_index
# reduced: Plato's Republic (republic_clean.txt) replaced by make_republic(), which writes a seeded made-up text of 90 words (capitals, punctuation, '--', a number for clean_doc to drop) to republic_clean.txt in the scratch folder; the three scripts inlined in order (1_prepare_text.py, 2_train_model.py, 3_generate.py); sequence length 50 + 1 -> 12 + 1 words (76 sequences: one batch of batch_size 128, so fit's shuffling cannot change the result); Embedding 50 -> 8, LSTM and Dense widths 100 -> 8; epochs 100 -> 3; 50 generated words -> 8; `model.predict_classes(encoded, verbose=0)` (removed from tf.keras in TF 2.6, so it fails on Keras itself) replaced by `numpy.argmax(model.predict(encoded, verbose=0), axis=-1)` (with `import numpy` at the top, which make_republic uses too), the replacement TensorFlow's deprecation message gave; plot_model and its import (keras.utils.vis_utils, needs pydot and graphviz) dropped
import numpy
import string
import re

WORDS = ['the', 'city', 'just', 'man', 'soul', 'good', 'Socrates', 'said', 'is', 'and', 'of', 'justice',
         'state', 'guardians', 'truth', 'Glaucon', 'he', 'we', 'must', 'not', 'a', 'life', 'virtue', 'rulers']
PUNCTUATION = ['', '', '', ',', '.', '?', ';', '--']

def make_republic(filename):
	rng = numpy.random.RandomState(7)
	words = []
	for i in range(90):
		word = WORDS[rng.randint(len(WORDS))] + PUNCTUATION[rng.randint(len(PUNCTUATION))]
		words.append(word)
	words[20] = '42'
	with open(filename, 'w') as file:
		file.write(' '.join(words[:45]) + '\n\n' + ' '.join(words[45:]) + '\n')

make_republic('republic_clean.txt')

# load doc into memory
def load_doc(filename):
	# open the file as read only
	file = open(filename, 'r')
	# read all text
	text = file.read()
	# close the file
	file.close()
	return text

# turn a doc into clean tokens
def clean_doc(doc):
	# replace '--' with a space ' '
	doc = doc.replace('--', ' ')
	# split into tokens by white space
	tokens = doc.split()
	# prepare regex for char filtering
	re_punc = re.compile('[%s]' % re.escape(string.punctuation))
	# remove punctuation from each word
	tokens = [re_punc.sub('', w) for w in tokens]
	# remove remaining tokens that are not alphabetic
	tokens = [word for word in tokens if word.isalpha()]
	# make lower case
	tokens = [word.lower() for word in tokens]
	return tokens

# save tokens to file, one dialog per line
def save_doc(lines, filename):
	data = '\n'.join(lines)
	file = open(filename, 'w')
	file.write(data)
	file.close()

# load document
in_filename = 'republic_clean.txt'
doc = load_doc(in_filename)
print(doc[:200])
# clean document
tokens = clean_doc(doc)
print(tokens[:200])
print('Total Tokens: %d' % len(tokens))
print('Unique Tokens: %d' % len(set(tokens)))
# organize into sequences of tokens
length = 12 + 1
sequences = list()
for i in range(length, len(tokens)):
	# select sequence of tokens
	seq = tokens[i-length:i]
	# convert into a line
	line = ' '.join(seq)
	# store
	sequences.append(line)
print('Total Sequences: %d' % len(sequences))
# save sequences to file
out_filename = 'republic_sequences.txt'
save_doc(sequences, out_filename)

from numpy import array
from pickle import dump
from keras.preprocessing.text import Tokenizer
from keras.utils import to_categorical
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from keras.layers import Embedding

# load doc into memory
def load_doc(filename):
	# open the file as read only
	file = open(filename, 'r')
	# read all text
	text = file.read()
	# close the file
	file.close()
	return text

# define the model
def define_model(vocab_size, seq_length):
	model = Sequential()
	model.add(Embedding(vocab_size, 8, input_length=seq_length))
	model.add(LSTM(8, return_sequences=True))
	model.add(LSTM(8))
	model.add(Dense(8, activation='relu'))
	model.add(Dense(vocab_size, activation='softmax'))
	# compile network
	model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
	# summarize defined model
	model.summary()
	return model

# load
in_filename = 'republic_sequences.txt'
doc = load_doc(in_filename)
lines = doc.split('\n')
# integer encode sequences of words
tokenizer = Tokenizer()
tokenizer.fit_on_texts(lines)
sequences = tokenizer.texts_to_sequences(lines)
# vocabulary size
vocab_size = len(tokenizer.word_index) + 1
# separate into input and output
sequences = array(sequences)
X, y = sequences[:,:-1], sequences[:,-1]
y = to_categorical(y, num_classes=vocab_size)
seq_length = X.shape[1]
# define model
model = define_model(vocab_size, seq_length)
# fit model
model.fit(X, y, batch_size=128, epochs=3)
# save the model to file
model.save('model.h5')
# save the tokenizer
dump(tokenizer, open('tokenizer.pkl', 'wb'))

from random import randint
from pickle import load
from keras.models import load_model
from keras.preprocessing.sequence import pad_sequences

# load doc into memory
def load_doc(filename):
	# open the file as read only
	file = open(filename, 'r')
	# read all text
	text = file.read()
	# close the file
	file.close()
	return text

# generate a sequence from a language model
def generate_seq(model, tokenizer, seq_length, seed_text, n_words):
	result = list()
	in_text = seed_text
	# generate a fixed number of words
	for _ in range(n_words):
		# encode the text as integer
		encoded = tokenizer.texts_to_sequences([in_text])[0]
		# truncate sequences to a fixed length
		encoded = pad_sequences([encoded], maxlen=seq_length, truncating='pre')
		# predict probabilities for each word
		yhat = numpy.argmax(model.predict(encoded, verbose=0), axis=-1)
		# map predicted word index to word
		out_word = ''
		for word, index in tokenizer.word_index.items():
			if index == yhat:
				out_word = word
				break
		# append to input
		in_text += ' ' + out_word
		result.append(out_word)
	return ' '.join(result)

# load cleaned text sequences
in_filename = 'republic_sequences.txt'
doc = load_doc(in_filename)
lines = doc.split('\n')
seq_length = len(lines[0].split()) - 1
# load the model
model = load_model('model.h5')
# load the tokenizer
tokenizer = load(open('tokenizer.pkl', 'rb'))
# select a seed text
seed_text = lines[randint(0,len(lines))]
print(seed_text + '\n')
# generate new text
generated = generate_seq(model, tokenizer, seq_length, seed_text, 8)
print(generated)
