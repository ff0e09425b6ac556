# source: lmoroney/dlaicourse "TensorFlow In Practice/Course 3 - NLP/NLP_Week4_Exercise_Shakespeare_Answer.ipynb" (Laurence Moroney's deeplearning.ai "TensorFlow in Practice" course 3, week 4 exercise answer: a word-level sonnet generator, its code cells in order)
# commit: f9bb5f236da306d9f8a7c978ed37292105fd7254
# keras: tf_keras
# exercises: `from tensorflow.keras.preprocessing.sequence import pad_sequences`, `...preprocessing.text import Tokenizer`, `from tensorflow.keras import regularizers`, `import tensorflow.keras.utils as ku` (ku.to_categorical(label, num_classes=)); n-gram prefixes of every line padded 'pre'; Sequential().add of Embedding(total_words, 100, input_length=max_sequence_len-1), Bidirectional(LSTM(150, return_sequences=True)), Dropout, LSTM(100), Dense(total_words/2, activation='relu', kernel_regularizer=regularizers.l2(0.01)) (a float unit count, an odd total_words here so it is x.5: tf-keras takes int(units)), Dense(total_words, activation='softmax'); compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy']); print(model.summary()); fit(predictors, label, epochs=, verbose=1); history.history['accuracy'] / ['loss'] read; a generation loop: texts_to_sequences of the seed, pad_sequences, predicted class, the word found by scanning tokenizer.word_index.items()
# reduced: the wget of sonnets.txt replaced by 14 made-up lines (random.Random(11) over a 30-word list, 4-8 words each, so total_words is odd) written to sonnets.txt in the scratch folder (the program's /tmp/ path moved there); Embedding width 100 -> 8, Bidirectional LSTM units 150 -> 10, LSTM 100 -> 6, epochs 100 -> 3, next_words 100 -> 5; Dropout(0.2) -> Dropout(0.0) (random masks cannot match); shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay); model.predict_classes(token_list, verbose=0) (removed from Keras in TensorFlow 2.6; it fails on tf-keras 2.21) -> np.argmax(model.predict(token_list, verbose=0), axis=-1), what predict_classes did for a softmax output; the matplotlib plotting cell keeps its history reads, plots dropped
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras.layers import Embedding, LSTM, Dense, Dropout, Bidirectional
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import Adam
from tensorflow.keras import regularizers
import tensorflow.keras.utils as ku 
import numpy as np 
import random


def write_made_up_sonnets(path, n=14):
    # Stands in for the wget of sonnets.txt.
    r = random.Random(11)
    words = ("from fairest creatures we desire increase that thereby beautys rose might never die "
             "but as the riper should by time decease his tender heir bear memory thou contracted").split()
    with open(path, 'w') as f:
        f.write("\n".join(" ".join(r.choice(words) for _ in range(r.randint(4, 8))) for _ in range(n)))


write_made_up_sonnets('sonnets.txt')

tokenizer = Tokenizer()
data = open('sonnets.txt').read()

corpus = data.lower().split("\n")


tokenizer.fit_on_texts(corpus)
total_words = len(tokenizer.word_index) + 1

# create input sequences using list of tokens
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
predictors, label = input_sequences[:,:-1],input_sequences[:,-1]

label = ku.to_categorical(label, num_classes=total_words)
print(total_words, total_words/2, predictors.shape)

model = Sequential()
model.add(Embedding(total_words, 8, input_length=max_sequence_len-1))
model.add(Bidirectional(LSTM(10, return_sequences = True)))
model.add(Dropout(0.0))
model.add(LSTM(6))
model.add(Dense(total_words/2, activation='relu', kernel_regularizer=regularizers.l2(0.01)))
model.add(Dense(total_words, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
print(model.summary())

history = model.fit(predictors, label, epochs=3, verbose=1, shuffle=False)

acc = history.history['accuracy']
loss = history.history['loss']

epochs = range(len(acc))
print(list(epochs), acc, loss)

seed_text = "Help me Obi Wan Kenobi, you're my only hope"
next_words = 5
  
for _ in range(next_words):
	token_list = tokenizer.texts_to_sequences([seed_text])[0]
	token_list = pad_sequences([token_list], maxlen=max_sequence_len-1, padding='pre')
	predicted = np.argmax(model.predict(token_list, verbose=0), axis=-1)
	output_word = ""
	for word, index in tokenizer.word_index.items():
		if index == predicted:
			output_word = word
			break
	seed_text += " " + output_word
print(seed_text)
