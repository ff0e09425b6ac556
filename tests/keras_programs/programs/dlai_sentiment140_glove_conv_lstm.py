# source: lmoroney/dlaicourse "TensorFlow In Practice/Course 3 - NLP/NLP Course - Week 3 Exercise Answer.ipynb" (Laurence Moroney's deeplearning.ai "TensorFlow in Practice" course 3, week 3 exercise answer: Sentiment140 tweets over frozen GloVe vectors, Conv1D + MaxPooling1D + LSTM; its code cells in order)
# commit: f9bb5f236da306d9f8a7c978ed37292105fd7254
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.Sequential / tf.keras.layers.*; `from tensorflow.keras.preprocessing.text import Tokenizer`, `...sequence import pad_sequences` (padding and truncating 'post'), `from tensorflow.keras.utils import to_categorical` and `from tensorflow.keras import regularizers` (imported, unused); csv.reader rows, random.shuffle(corpus) (Python's generator, seeded alike on both sides); Tokenizer() fit_on_texts / word_index / texts_to_sequences; a float64 embeddings_matrix of (vocab_size+1, 100) filled row by row from a GloVe dict (rows of words missing from it stay zero); Embedding(vocab_size+1, embedding_dim, input_length=max_length, weights=[embeddings_matrix], trainable=False), Dropout, Conv1D(64, 5, activation='relu'), MaxPooling1D(pool_size=4), LSTM(64), Dense(1, activation='sigmoid'); compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy']); summary(); fit(training_padded, training_labels, epochs=, validation_data=(testing_padded, testing_labels), verbose=2) on int32 sequences and int64 labels; history.history['accuracy'/'val_accuracy'/'loss'/'val_loss'] read
# reduced: the wget of training_cleaned.csv (1.6M Sentiment140 tweets) replaced by make_tweets(): 70 made-up tweets (random.Random(5), 4-14 words from small positive / negative / neutral lists, label "0" or "4" by which words win) in the same six-column csv layout, written to training_cleaned.csv in the scratch folder (the program's /tmp/ path moved there); the wget of glove.6B.100d.txt replaced by a made-up glove.6B.100d.txt (seeded numpy vectors, RandomState(1), for every word but each fifth one of the vocabulary, so some rows stay zero) in the scratch folder; training_size 160000 -> 70, max_length 16 -> 12, embedding_dim 100 -> 10 (the made-up GloVe's width), Conv1D filters 64 -> 6, LSTM units 64 -> 5, num_epochs 50 -> 3; Dropout(0.2) -> Dropout(0.0) (random masks cannot match); shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay; 63 training rows in 2 batches); the "Expected Output" prints kept but the notebook's `print(word_index['i'])` reads a word of the made-up text; matplotlib plotting dropped (the history reads kept, printed)
import json
import tensorflow as tf
import csv
import random
import numpy as np

from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras.utils import to_categorical
from tensorflow.keras import regularizers


def make_tweets(n=70):
    # Stands in for the wget of training_cleaned.csv and glove.6B.100d.txt.
    r = random.Random(5)
    good = "love great happy awesome fun good thanks best nice".split()
    bad = "sad hate bad awful tired sick worst miss cry".split()
    neutral = "i my the today work so just day is at going home back time".split()
    with open("training_cleaned.csv", "w", newline="") as f:
        w = csv.writer(f)
        for i in range(n):
            words, score = [], 0
            for _ in range(r.randint(4, 14)):
                k = r.random()
                if k < 0.2:
                    words.append(r.choice(good)); score += 1
                elif k < 0.4:
                    words.append(r.choice(bad)); score -= 1
                else:
                    words.append(r.choice(neutral))
            w.writerow(["4" if score > 0 else "0", str(1467810000 + i), "Mon Apr 06 22:19:45 PDT 2009",
                        "NO_QUERY", "user%d" % i, " ".join(words)])
    vocabulary = sorted(set(good + bad + neutral))
    rng = np.random.RandomState(1)
    with open("glove.6B.100d.txt", "w") as f:
        for i, word in enumerate(vocabulary):
            if i % 5 != 4:
                f.write(word + " " + " ".join("%.5f" % v for v in rng.uniform(-1, 1, 10)) + "\n")


make_tweets()

embedding_dim = 10
max_length = 12
trunc_type='post'
padding_type='post'
oov_tok = "<OOV>"
training_size=70
test_portion=.1

corpus = []

num_sentences = 0

with open("training_cleaned.csv") as csvfile:
    reader = csv.reader(csvfile, delimiter=',')
    for row in reader:
        list_item=[]
        list_item.append(row[5])
        this_label=row[0]
        if this_label=='0':
            list_item.append(0)
        else:
            list_item.append(1)
        num_sentences = num_sentences + 1
        corpus.append(list_item)

print(num_sentences)
print(len(corpus))
print(corpus[1])

sentences=[]
labels=[]
random.shuffle(corpus)
for x in range(training_size):
    sentences.append(corpus[x][0])
    labels.append(corpus[x][1])


tokenizer = Tokenizer()
tokenizer.fit_on_texts(sentences)

word_index = tokenizer.word_index
vocab_size=len(word_index)

sequences = tokenizer.texts_to_sequences(sentences)
padded = pad_sequences(sequences, maxlen=max_length, padding=padding_type, truncating=trunc_type)

split = int(test_portion * training_size)

test_sequences = padded[0:split]
training_sequences = padded[split:training_size]
test_labels = labels[0:split]
training_labels = labels[split:training_size]

print(vocab_size)
print(word_index['i'])

embeddings_index = {};
with open('glove.6B.100d.txt') as f:
    for line in f:
        values = line.split();
        word = values[0];
        coefs = np.asarray(values[1:], dtype='float32');
        embeddings_index[word] = coefs;

embeddings_matrix = np.zeros((vocab_size+1, embedding_dim));
for word, i in word_index.items():
    embedding_vector = embeddings_index.get(word);
    if embedding_vector is not None:
        embeddings_matrix[i] = embedding_vector;

print(len(embeddings_matrix))

model = tf.keras.Sequential([
    tf.keras.layers.Embedding(vocab_size+1, embedding_dim, input_length=max_length, weights=[embeddings_matrix], trainable=False),
    tf.keras.layers.Dropout(0.0),
    tf.keras.layers.Conv1D(6, 5, activation='relu'),
    tf.keras.layers.MaxPooling1D(pool_size=4),
    tf.keras.layers.LSTM(5),
    tf.keras.layers.Dense(1, activation='sigmoid')
])
model.compile(loss='binary_crossentropy',optimizer='adam',metrics=['accuracy'])
model.summary()

num_epochs = 3

training_padded = np.array(training_sequences)
training_labels = np.array(training_labels)
testing_padded = np.array(test_sequences)
testing_labels = np.array(test_labels)

history = model.fit(training_padded, training_labels, epochs=num_epochs, validation_data=(testing_padded, testing_labels), verbose=2, shuffle=False)

print("Training Complete")

acc=history.history['accuracy']
val_acc=history.history['val_accuracy']
loss=history.history['loss']
val_loss=history.history['val_loss']

epochs=range(len(acc)) # Get number of epochs
print(list(epochs), acc, val_acc, loss, val_loss)
