# source: lmoroney/dlaicourse "TensorFlow In Practice/Course 3 - NLP/Course 3 - Week 4 - Lesson 2 - Notebook.ipynb" (Laurence Moroney's deeplearning.ai "TensorFlow in Practice" course 3, week 4: word-level Irish-lyrics generator, its code cells in order)
# commit: f9bb5f236da306d9f8a7c978ed37292105fd7254
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.utils.to_categorical(labels, num_classes=); `from tensorflow.keras.preprocessing.sequence import pad_sequences` (padding='pre') and `from tensorflow.keras.preprocessing.text import Tokenizer` (fit_on_texts over lines, word_index, texts_to_sequences([line])[0]); n-gram prefixes of every line as training rows, xs / labels split off the padded array's last column; Sequential().add of Embedding(total_words, 100, input_length=max_sequence_len-1), Bidirectional(LSTM(150)), Dense(total_words, activation='softmax'); Adam(learning_rate=0.01) (see reduced); compile(loss='categorical_crossentropy', metrics=['accuracy']); fit(xs, ys, epochs=, verbose=1) without batch_size (32: 73 rows in 3 batches, the last of 9); print(model); a greedy generation loop: predict on one pre-padded row, np.argmax(..., axis=-1), the word found by scanning tokenizer.word_index.items()
# reduced: the wget of irish-lyrics-eof.txt replaced by 12 made-up lyric lines (random.Random(3) over a 30-word list, 4-8 words each) written to irish-lyrics-eof.txt in the scratch folder (the program's /tmp/ path moved there); Embedding width 100 -> 8, LSTM units 150 -> 10, epochs 100 -> 3, next_words 100 -> 6; the matplotlib plotting cells (12-13) left out; the cell-6 word_index prints use words of the made-up text; Adam(lr=0.01) -> Adam(learning_rate=0.01) (tf-keras 2.21's optimizers warn and drop Keras 2's `lr`, training at 0.001, where statefulrnn takes it as the rate meant: README, "Where we differ from Keras"); shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay)
import random

import tensorflow as tf

from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras.layers import Embedding, LSTM, Dense, Bidirectional
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import Adam
import numpy as np


def write_made_up_lyrics(path, n=12):
    # Stands in for the wget of irish-lyrics-eof.txt.
    r = random.Random(3)
    words = ("in the town of athy one jeremy lanigan battered away till he hadnt a pound "
             "his father died and made him a man again left him farm ten acres ground").split()
    with open(path, 'w') as f:
        f.write("\n".join(" ".join(r.choice(words) for _ in range(r.randint(4, 8))) for _ in range(n)))


write_made_up_lyrics('irish-lyrics-eof.txt')

tokenizer = Tokenizer()

data = open('irish-lyrics-eof.txt').read()

corpus = data.lower().split("\n")

tokenizer.fit_on_texts(corpus)
total_words = len(tokenizer.word_index) + 1

print(tokenizer.word_index)
print(total_words)

input_sequences = []
for line in corpus:
	token_list = tokenizer.texts_to_sequences([line])[0]
	for i in range(1, len(token_list)):
		n_gram_sequence = token_list[:i+1]
		input_sequences.append(n_gram_sequence)

# pad sequences 
max_sequence_len = max([len(x) for x in input_sequences])
input_sequences = np.array(pad_sequences(input_sequences, maxlen=max_sequence_len, padding='pre'))

# create predictors and label
xs, labels = input_sequences[:,:-1],input_sequences[:,-1]

ys = tf.keras.utils.to_categorical(labels, num_classes=total_words)

print(tokenizer.word_index['the'])
print(tokenizer.word_index['town'])
print(xs[6])
print(ys[6])
print(xs[5])
print(ys[5])
print(tokenizer.word_index)

model = Sequential()
model.add(Embedding(total_words, 8, input_length=max_sequence_len-1))
model.add(Bidirectional(LSTM(10)))
model.add(Dense(total_words, activation='softmax'))
adam = Adam(learning_rate=0.01)
model.compile(loss='categorical_crossentropy', optimizer=adam, metrics=['accuracy'])
#earlystop = EarlyStopping(monitor='val_loss', min_delta=0, patience=5, verbose=0, mode='auto')
history = model.fit(xs, ys, epochs=3, verbose=1, shuffle=False)
#print model.summary()
print(model)

seed_text = "I've got a bad feeling about this"
next_words = 6
  
for _ in range(next_words):
	token_list = tokenizer.texts_to_sequences([seed_text])[0]
	token_list = pad_sequences([token_list], maxlen=max_sequence_len-1, padding='pre')
	predicted = np.argmax(model.predict(token_list), axis=-1)
	output_word = ""
	for word, index in tokenizer.word_index.items():
		if index == predicted:
			output_word = word
			break
	seed_text += " " + output_word
print(seed_text)
