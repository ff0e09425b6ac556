# source: yangwohenmai/NLP 文本生成/基于字符的神经语言模型/1.语言模型设计.py, 2.训练语言模型.py and 3.使用网络生成文本.py (a copy of J. Brownlee's widely copied "How to Develop a Character-Based Neural Language Model in Keras", Machine Learning Mastery: the "Sing a Song of Sixpence" rhyme)
# commit: 9d484fc4c14c0c159e0a35a3697307f6922847a4
# keras: tf_keras
# exercises: a text cut into overlapping length+1 character sequences saved one per line and loaded back; a sorted character mapping dict; to_categorical(x, num_classes=vocab_size) per sequence and of the targets; Sequential of LSTM(75, input_shape=(X.shape[1], X.shape[2])) on one-hot characters, Dense(vocab_size, softmax); print(model.summary()); compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy']); fit(epochs, verbose=2) with the default batch size; model.save('model.h5'); pickle dump/load of the mapping; load_model('model.h5'); generate_seq: pad_sequences([encoded], maxlen=seq_length, truncating='pre'), to_categorical of a (1, seq_length) integer array straight to (1, seq_length, vocab) (the copy's reshape line is commented out), per-character predict and argmax, `index == yhat` over the mapping (and the copy's `in_text += char`, which appends the loop's last character, kept)
# reduced: rhyme.txt (the nursery rhyme) replaced by a made-up 2-line rhyme written to rhyme.txt in the scratch folder, 42 characters once joined, holding every character of the four seed texts (32 sequences: one batch of the default batch size 32, so fit's shuffling cannot change the result); the three scripts inlined in order, their Windows paths (r'E:\MyGit\TEST\pytest/...') made the bare file names the scripts write; LSTM 75 -> 8; epochs 100 -> 5; `model.predict_classes(encoded, verbose=0)` (removed from tf.keras in TF 2.6, so it fails on Keras itself) replaced by `argmax(model.predict(encoded, verbose=0), axis=-1)` (with `from numpy import argmax`), the replacement TensorFlow's deprecation message gave
RHYME = 'Sing a song, the king\nwas bold; hear birds\n'
with open('rhyme.txt', 'w') as f:
	f.write(RHYME)

# load doc into memory
def load_doc(filename):
	# open the file as read only
	file = open(filename, 'r')
	# read all text
	text = file.read()
	# close the file
	file.close()
	return text

# save tokens to file, one dialog per line
def save_doc(lines, filename):
	data = '\n'.join(lines)
	file = open(filename, 'w')
	file.write(data)
	file.close()

# load text
raw_text = load_doc('rhyme.txt')
print(raw_text)

# clean
tokens = raw_text.split()
raw_text = ' '.join(tokens)

# organize into sequences of characters
length = 10
sequences = list()
for i in range(length, len(raw_text)):
	# select sequence of tokens
	seq = raw_text[i-length:i+1]
	# store
	sequences.append(seq)
print('Total Sequences: %d' % len(sequences))

# save sequences to file
out_filename = 'char_sequences.txt'
save_doc(sequences, out_filename)

from numpy import array
from pickle import dump
from keras.utils import to_categorical
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM

# load doc into memory
def load_doc(filename):
	# open the file as read only
	file = open(filename, 'r')
	# read all text
	text = file.read()
	# close the file
	file.close()
	return text

# load
in_filename = 'char_sequences.txt'
raw_text = load_doc(in_filename)
lines = raw_text.split('\n')

# integer encode sequences of characters
chars = sorted(list(set(raw_text)))
mapping = dict((c, i) for i, c in enumerate(chars))
sequences = list()
for line in lines:
	# integer encode line
	encoded_seq = [mapping[char] for char in line]
	# store
	sequences.append(encoded_seq)

# vocabulary size
vocab_size = len(mapping)
print('Vocabulary Size: %d' % vocab_size)

# separate into input and output
sequences = array(sequences)
X, y = sequences[:,:-1], sequences[:,-1]
sequences = [to_categorical(x, num_classes=vocab_size) for x in X]
X = array(sequences)
y = to_categorical(y, num_classes=vocab_size)

# define model
model = Sequential()
model.add(LSTM(8, input_shape=(X.shape[1], X.shape[2])))
model.add(Dense(vocab_size, activation='softmax'))
print(model.summary())
# compile model
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
# fit model
model.fit(X, y, epochs=5, verbose=2)

# save the model to file
model.save('model.h5')
# save the mapping
dump(mapping, open('mapping.pkl', 'wb'))

from pickle import load
from numpy import argmax
from keras.models import load_model
from keras.utils import to_categorical
from keras.preprocessing.sequence import pad_sequences

"""
最后训练的寄过基本是网络记住了所有的语句
对于新语句并没有生成功能
"""
# generate a sequence of characters with a language model
def generate_seq(model, mapping, seq_length, seed_text, n_chars):
	in_text = seed_text
	# generate a fixed number of characters
	for _ in range(n_chars):
		# encode the characters as integers
		encoded = [mapping[char] for char in in_text]
		# truncate sequences to a fixed length
		encoded = pad_sequences([encoded], maxlen=seq_length, truncating='pre')
		# one hot encode
		encoded = to_categorical(encoded, num_classes=len(mapping))
		#encoded = encoded.reshape(1, encoded.shape[0], encoded.shape[1])
		# predict character
		yhat = argmax(model.predict(encoded, verbose=0), axis=-1)
		# reverse map integer to character
		out_char = ''
		for char, index in mapping.items():
			if index == yhat:
				out_char = char
				break
		# append to input
		in_text += char
	return in_text

# load the model
model = load_model('model.h5')
# load the mapping
mapping = load(open('mapping.pkl', 'rb'))

# test start of rhyme
print(generate_seq(model, mapping, 10, 'Sing a son', 20))
# test mid-line
print(generate_seq(model, mapping, 10, 'king was i', 20))
# test not in original
print(generate_seq(model, mapping, 10, 'hello worl', 20))

print(generate_seq(model, mapping, 10, 'birds bega', 20))
