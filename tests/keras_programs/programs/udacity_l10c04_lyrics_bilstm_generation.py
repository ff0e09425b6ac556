# source: tensorflow/examples courses/udacity_intro_to_tensorflow_for_deep_learning/l10c04_nlp_optimizing_the_text_generation_model.ipynb (Udacity's "Intro to TensorFlow for Deep Learning", lesson 10 "NLP: Recurrent neural networks": a word-level song-lyrics generator, n-gram prefixes of each line padded 'pre', Embedding + Bidirectional(LSTM) + softmax over the vocabulary, then greedy and sampled generation; its code cells in order)
# commit: 1880182c9302ad3be06901924f025485def6674a
# keras: tf_keras
# exercises: `from tensorflow.keras.preprocessing.text import Tokenizer` with num_words=, fit_on_texts, texts_to_sequences, word_index and tokenizer.num_words as the vocabulary size; `from tensorflow.keras.preprocessing.sequence import pad_sequences` (padding='pre', maxlen=) of ragged n-gram lists; tf.keras.utils.to_categorical(labels, num_classes=total_words); Sequential with model.add of Embedding(total_words, 64, input_length=max_sequence_len-1), Bidirectional(LSTM(20)), Dense(total_words, softmax); compile('categorical_crossentropy', 'adam', metrics=['accuracy']); fit(epochs, verbose=1); history.history['accuracy']; a greedy generation loop of model.predict on one padded row and np.argmax(..., axis=-1) looked up through word_index; np.random.choice(p=predicted_probs) sampling from predict's softmax row
# reduced: the songdata.csv download (wget) and pandas (read_csv, str.replace of punctuation, str.lower, str.cat) replaced by a seeded made-up list of 30 songs of 4 lines over a 60-word vocabulary, and create_lyrics_corpus written with Python's str methods (the same punctuation removal, lowercasing, join, split on '\n', rstrip, empty lines dropped); np.random.seed(1) added before the data (the notebook's np.random.choice draws are unseeded); num_words 2000 -> 50 (fewer than the made-up vocabulary, so Tokenizer's num_words cut applies); Embedding 64 -> 16, LSTM 20 -> 8; epochs 100 -> 3; fit(..., shuffle=False) (fit's default shuffle draws from TensorFlow's generator); next_words 100 -> 4; the matplotlib cell printing history.history['accuracy'] instead of plotting; the demo cells of tokenize_corpus defined twice kept as one definition each
import tensorflow as tf

from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences

# Other imports for processing data
import string
import numpy as np

np.random.seed(1)
_words = ["love", "baby", "night", "heart", "im", "feeling", "chills", "you", "me", "dance",
          "the", "a", "and", "my", "your", "tonight", "light", "fire", "rain", "sky",
          "oh", "yeah", "never", "always", "gonna", "time", "world", "dream", "run", "home",
          "kiss", "cold", "warm", "fly", "fall", "rise", "hold", "tight", "sweet", "blue",
          "eyes", "road", "sun", "moon", "star", "song", "sing", "cry", "smile", "way",
          "down", "up", "all", "we", "they", "say", "go", "stay", "know", "feel"]
songs = []
for _ in range(30):
    lines = []
    for _ in range(4):
        n = np.random.randint(3, 8)
        words = list(np.random.choice(_words, n))
        lines.append(" ".join(words) + np.random.choice(["", ",", "!", "."]))
    songs.append("\n".join(lines) + "\n")


def tokenize_corpus(corpus, num_words=-1):
  # Fit a Tokenizer on the corpus
  if num_words > -1:
    tokenizer = Tokenizer(num_words=num_words)
  else:
    tokenizer = Tokenizer()
  tokenizer.fit_on_texts(corpus)
  return tokenizer

def create_lyrics_corpus(dataset, field):
  # Remove all other punctuation
  dataset = [s.translate(str.maketrans('', '', string.punctuation)) for s in dataset]
  # Make it lowercase
  dataset = [s.lower() for s in dataset]
  # Make it one long string to split by line
  lyrics = "".join(dataset)
  corpus = lyrics.split('\n')
  # Remove any trailing whitespace
  for l in range(len(corpus)):
    corpus[l] = corpus[l].rstrip()
  # Remove any empty lines
  corpus = [l for l in corpus if l != '']

  return corpus

# Read the dataset from csv - this time with 250 songs
dataset = songs
# Create the corpus using the 'text' column containing lyrics
corpus = create_lyrics_corpus(dataset, 'text')
# Tokenize the corpus
tokenizer = tokenize_corpus(corpus, num_words=50)
total_words = tokenizer.num_words

# There should be a lot more words now
print(total_words)

sequences = []
for line in corpus:
	token_list = tokenizer.texts_to_sequences([line])[0]
	for i in range(1, len(token_list)):
		n_gram_sequence = token_list[:i+1]
		sequences.append(n_gram_sequence)

# Pad sequences for equal input length 
max_sequence_len = max([len(seq) for seq in sequences])
sequences = np.array(pad_sequences(sequences, maxlen=max_sequence_len, padding='pre'))

# Split sequences between the "input" sequence and "output" predicted word
input_sequences, labels = sequences[:,:-1], sequences[:,-1]
# One-hot encode the labels
one_hot_labels = tf.keras.utils.to_categorical(labels, num_classes=total_words)

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Embedding, LSTM, Dense, Bidirectional

model = Sequential()
model.add(Embedding(total_words, 16, input_length=max_sequence_len-1))
model.add(Bidirectional(LSTM(8)))
model.add(Dense(total_words, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
history = model.fit(input_sequences, one_hot_labels, epochs=3, verbose=1, shuffle=False)

print(history.history['accuracy'])

seed_text = "im feeling chills"
next_words = 4
  
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

# Test the method with just the first word after the seed text
seed_text = "im feeling chills"
next_words = 4
  
token_list = tokenizer.texts_to_sequences([seed_text])[0]
token_list = pad_sequences([token_list], maxlen=max_sequence_len-1, padding='pre')
predicted_probs = model.predict(token_list)[0]
predicted = np.random.choice([x for x in range(len(predicted_probs))], 
                             p=predicted_probs)
# Running this cell multiple times should get you some variance in output
print(predicted)

# Use this process for the full output generation
seed_text = "im feeling chills"
next_words = 4
  
for _ in range(next_words):
  token_list = tokenizer.texts_to_sequences([seed_text])[0]
  token_list = pad_sequences([token_list], maxlen=max_sequence_len-1, padding='pre')
  predicted_probs = model.predict(token_list)[0]
  predicted = np.random.choice([x for x in range(len(predicted_probs))],
                               p=predicted_probs)
  output_word = ""
  for word, index in tokenizer.word_index.items():
    if index == predicted:
      output_word = word
      break
  seed_text += " " + output_word
print(seed_text)
