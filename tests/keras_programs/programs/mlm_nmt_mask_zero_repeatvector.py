# source: pandeykanishka/neural_machine_translation neural_machine_translation.py (a copy of J. Brownlee's widely copied "How to Develop a Neural Machine Translation System from Scratch" train_model.py, Machine Learning Mastery: German-to-English)
# commit: e3bd3595ebaf57e08b803b89bd1f2aba51371dc2
# keras: tf_keras
# exercises: Tokenizer() fit_on_texts, word_index, texts_to_sequences; pad_sequences(maxlen=..., padding='post'); to_categorical(sequence, num_classes=vocab_size) per sequence, reshaped to (N, T, vocab); Sequential of Embedding(src_vocab, n_units, input_length=..., mask_zero=True), LSTM(n_units) consuming the mask of post-padded sources, RepeatVector(tar_timesteps), LSTM(n_units, return_sequences=True), TimeDistributed(Dense(tar_vocab, activation='softmax')); compile(optimizer='adam', loss='categorical_crossentropy') without metrics; print(model.summary()); ModelCheckpoint('model.h5', monitor='val_loss', verbose=1, save_best_only=True, mode='min'); fit(epochs, batch_size=64, validation_data=..., callbacks=[checkpoint], verbose=2)
# reduced: the pickled english-german-both/train/test sets (load_clean_sentences, written here with a syntax error `def load_clean_sentences('deu.csv')`) replaced by 16 training and 6 test inline cleaned [english, german] pairs in a numpy array (batch_size=64: one batch, so fit's shuffling, TensorFlow's generator, does not matter); n_units 256 to 8, epochs 30 to 3; plot_model and its import (keras.utils.vis_utils, needs pydot and graphviz) dropped; numpy, matplotlib and pandas imports (unused) dropped
from numpy import array
from keras.preprocessing.text import Tokenizer
from keras.preprocessing.sequence import pad_sequences
from keras.utils import to_categorical
from keras.models import Sequential
from keras.layers import LSTM
from keras.layers import Dense
from keras.layers import Embedding
from keras.layers import RepeatVector
from keras.layers import TimeDistributed
from keras.callbacks import ModelCheckpoint

PAIRS = [
	['hi', 'hallo'], ['run', 'lauf'], ['help', 'hilfe'], ['stop', 'stopp'],
	['wait', 'warte'], ['i see', 'ich verstehe'], ['i try', 'ich versuche es'],
	['i won', 'ich hab gewonnen'], ['smile', 'lacheln'], ['be calm', 'bleib ruhig'],
	['be fair', 'sei fair'], ['be nice', 'sei nett'], ['beat it', 'geh weg'],
	['call me', 'ruf mich an'], ['come in', 'komm herein'], ['come on', 'komm schon'],
	['get out', 'geh raus'], ['go away', 'geh weg'], ['goodbye', 'auf wiedersehen'],
	['hang on', 'warte mal'], ['he came', 'er kam'], ['i am cold', 'mir ist kalt'],
]

# load a clean dataset
def load_clean_sentences(filename):
	both = array(PAIRS)
	return {'english-german-both.pkl': both, 'english-german-train.pkl': both[:16], 'english-german-test.pkl': both[16:]}[filename]

# fit a tokenizer
def create_tokenizer(lines):
	tokenizer = Tokenizer()
	tokenizer.fit_on_texts(lines)
	return tokenizer

# max sentence length
def max_length(lines):
	return max(len(line.split()) for line in lines)

# encode and pad sequences
def encode_sequences(tokenizer, length, lines):
	# integer encode sequences
	X = tokenizer.texts_to_sequences(lines)
	# pad sequences with 0 values
	X = pad_sequences(X, maxlen=length, padding='post')
	return X

# one hot encode target sequence
def encode_output(sequences, vocab_size):
	ylist = list()
	for sequence in sequences:
		encoded = to_categorical(sequence, num_classes=vocab_size)
		ylist.append(encoded)
	y = array(ylist)
	y = y.reshape(sequences.shape[0], sequences.shape[1], vocab_size)
	return y

# define NMT model
def define_model(src_vocab, tar_vocab, src_timesteps, tar_timesteps, n_units):
	model = Sequential()
	model.add(Embedding(src_vocab, n_units, input_length=src_timesteps, mask_zero=True))
	model.add(LSTM(n_units))
	model.add(RepeatVector(tar_timesteps))
	model.add(LSTM(n_units, return_sequences=True))
	model.add(TimeDistributed(Dense(tar_vocab, activation='softmax')))
	return model

# load datasets
dataset = load_clean_sentences('english-german-both.pkl')
train = load_clean_sentences('english-german-train.pkl')
test = load_clean_sentences('english-german-test.pkl')

# prepare english tokenizer
eng_tokenizer = create_tokenizer(dataset[:, 0])
eng_vocab_size = len(eng_tokenizer.word_index) + 1
eng_length = max_length(dataset[:, 0])
print('English Vocabulary Size: %d' % eng_vocab_size)
print('English Max Length: %d' % (eng_length))
# prepare german tokenizer
ger_tokenizer = create_tokenizer(dataset[:, 1])
ger_vocab_size = len(ger_tokenizer.word_index) + 1
ger_length = max_length(dataset[:, 1])
print('German Vocabulary Size: %d' % ger_vocab_size)
print('German Max Length: %d' % (ger_length))

# prepare training data
trainX = encode_sequences(ger_tokenizer, ger_length, train[:, 1])
trainY = encode_sequences(eng_tokenizer, eng_length, train[:, 0])
trainY = encode_output(trainY, eng_vocab_size)
# prepare validation data
testX = encode_sequences(ger_tokenizer, ger_length, test[:, 1])
testY = encode_sequences(eng_tokenizer, eng_length, test[:, 0])
testY = encode_output(testY, eng_vocab_size)

# define model
model = define_model(ger_vocab_size, eng_vocab_size, ger_length, eng_length, 8)
model.compile(optimizer='adam', loss='categorical_crossentropy')
# summarize defined model
print(model.summary())
# fit model
filename = 'model.h5'
checkpoint = ModelCheckpoint(filename, monitor='val_loss', verbose=1, save_best_only=True, mode='min')
model.fit(trainX, trainY, epochs=3, batch_size=64, validation_data=(testX, testY), callbacks=[checkpoint], verbose=2)
