# source: ManuelRios18/RNN-Attention seq2seq_with_attention.ipynb and utils.py (a copy of J. Brownlee's "How to Develop an Encoder-Decoder Model with Attention in Keras", Machine Learning Mastery: echo the first two of five random integers, one-hot encoded)
# commit: 5302b1d656ccd54573cb15ba94423d3a39dfebd9
# keras: tf_keras
# exercises: utils.py's get_pair (random.randint sequences, one-hot encoded by hand as numpy int arrays, reshaped to (1, 5, n_features)) and one_hot_decode (argmax per step); the encoder-decoder without attention: Sequential of LSTM(units, input_shape=(n_timesteps_in, n_features)), RepeatVector(n_timesteps_in), LSTM(units, return_sequences=True), TimeDistributed(Dense(n_features, activation='softmax')); compile(loss='categorical_crossentropy', optimizer='adam', metrics=['acc']); a Python loop of fit(X, y, epochs=1, verbose=2) on one freshly drawn pair each (one batch of one sample); then predict(X, verbose=0) on fresh pairs and array_equal of the decoded sequences
# reduced: the notebook's code cells and utils.py are one script (utils.py's functions first, its `from random import randint` and numpy imports kept, `from utils import ...` dropped); the attention half (cells 6-8: AttentionDecoder from attention_decoder.py, a subclass of Keras 2.0's keras.layers.recurrent.Recurrent with keras.engine.InputSpec, neither in tf-keras nor in Keras 3) dropped, and with it `from attention_decoder import AttentionDecoder`; n_features 50 -> 10, LSTM(150) -> LSTM(16), the training loop 5000 -> 20 pairs, the evaluation 100 -> 10 pairs; the prints of the whole X and y arrays kept
from random import randint
from numpy import array, argmax, array_equal


def generate_sequence(length, n_unique):
	return [randint(0, n_unique-1) for _ in range(length)]

# one hot encode sequence
def one_hot_encode(sequence, n_unique):
	encoding = list()
	for value in sequence:
		vector = [0 for _ in range(n_unique)]
		vector[value] = 1
		encoding.append(vector)
	return array(encoding)

# decode a one hot encoded string
def one_hot_decode(encoded_seq):
	return [argmax(vector) for vector in encoded_seq]

# prepare data for the LSTM
def get_pair(n_in, n_out, cardinality):
	# generate random sequence
	sequence_in = generate_sequence(n_in, cardinality)
	sequence_out = sequence_in[:n_out] + [0 for _ in range(n_in-n_out)]
	# one hot encode
	X = one_hot_encode(sequence_in, cardinality)
	y = one_hot_encode(sequence_out, cardinality)
	# reshape as 3D
	X = X.reshape((1, X.shape[0], X.shape[1]))
	y = y.reshape((1, y.shape[0], y.shape[1]))
	return X,y

from numpy import array_equal
from keras.models import Sequential
from keras.layers import LSTM, Dense, TimeDistributed, RepeatVector

n_features = 10
n_timesteps_in = 5
n_timesteps_out = 2

X, y = get_pair(5, 2, 10)
print("'X' and 'y' shapes: \n")
print(X.shape, y.shape)
print('\nX=%s, y=%s' % (one_hot_decode(X[0]), one_hot_decode(y[0])))
print("\nX:")
print(X)
print("\ny:")
print(y)

model = Sequential()
model.add(LSTM(16, input_shape=(n_timesteps_in, n_features)))
model.add(RepeatVector(n_timesteps_in))
model.add(LSTM(16, return_sequences=True))
model.add(TimeDistributed(Dense(n_features, activation='softmax')))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['acc'])

for epoch in range(20):
    X,y = get_pair(n_timesteps_in, n_timesteps_out, n_features)
    model.fit(X, y, epochs=1, verbose=2)

total, correct = 10, 0
for _ in range(total):
    X,y = get_pair(n_timesteps_in, n_timesteps_out, n_features)
    yhat = model.predict(X, verbose=0)
    if array_equal(one_hot_decode(y[0]), one_hot_decode(yhat[0])):
        correct += 1
print('Accuracy: %.2f%%' % (float(correct)/float(total)*100.0))
