# source: ar4596472/Product_review_analysis sentiment_analysis.py (the widely copied airline-tweets LSTM sentiment classifier: Tokenizer, pad_sequences, Embedding, SpatialDropout1D, LSTM, sigmoid)
# commit: 86cdd5cb3e4609e220040f29d164a2230f8734bb
# keras: tf_keras
# exercises: tensorflow.keras.preprocessing.text.Tokenizer(num_words=5000) fit_on_texts on raw sentences (lower-casing, punctuation filtered, split on spaces), len(tokenizer.word_index) + 1 as the vocabulary size, texts_to_sequences, tensorflow.keras.preprocessing.sequence.pad_sequences(maxlen=...) padding and truncating at the front; Sequential of Embedding(vocab_size, ..., input_length=...), SpatialDropout1D, LSTM(dropout=..., recurrent_dropout=...), Dropout, Dense(1, activation='sigmoid'); compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy']); fit on integer labels with validation_split=0.2, epochs, batch_size=32 (shuffled: the 32 training rows are one batch); predict_sentiment(text): a new sentence through the same tokenizer and padding, model.predict(...).round().item() as an index into the label names
# reduced: Tweets.csv (pandas.read_csv, the airline_sentiment column filtered to positive and negative) replaced by 40 made-up sentences in two fixed lists, 20 negative and 20 positive, shuffled by np.random.permutation, and pandas' factorize (pandas is not installed here nor in the Keras venv) by a numpy factorize giving the codes in order of first appearance and the label names; maxlen 200 to 12 (the longest sentence has 12 words: no training row is truncated, all but one are padded, and the second test sentence, 18 words, is truncated), embedding_vector_length 32 to 8 and LSTM units 50 to 8 (a small reference); SpatialDropout1D 0.25, the LSTM's dropout and recurrent_dropout 0.5 and Dropout 0.2 all set to 0 (random masks cannot match); predict_sentiment's result printed (the source returns it unused)
import numpy as np
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense, Dropout, SpatialDropout1D
from tensorflow.keras.layers import Embedding

negative = [
    "The flight was delayed for three hours and nobody told us why.",
    "Worst airline ever, my bag is lost again!",
    "Rude staff at the gate and a dirty cabin.",
    "I waited on hold for two hours, terrible service.",
    "They cancelled my flight and offered nothing.",
    "The seat was broken and the crew did not care.",
    "Never flying with them again, what a mess.",
    "Lost my luggage and the refund never came.",
    "Delayed again, missed my connection, awful.",
    "The food was cold and the wifi did not work.",
    "Customer service hung up on me twice.",
    "Overbooked flight, I was bumped without any help.",
    "Late departure, late arrival, no apology.",
    "The plane smelled bad and the toilets were dirty.",
    "Horrible experience, the agent was so rude.",
    "My flight was cancelled at midnight, stuck at the airport.",
    "Terrible legroom and a crying crew, never again.",
    "They charged me twice for one bag.",
    "Three delays in one week, this airline is awful.",
    "The app crashed and I could not check in.",
]
positive = [
    "Great flight, the crew was friendly and kind.",
    "Thank you for the smooth trip and the free upgrade!",
    "Landed early and my bag was first on the belt.",
    "Lovely staff at the gate, very helpful.",
    "Best airline, comfortable seats and good food.",
    "The pilot kept us informed, a pleasant flight.",
    "Quick boarding and a clean cabin, thank you.",
    "Amazing service, they rebooked me in minutes.",
    "The wifi worked well and the snacks were tasty.",
    "Friendly crew and an on time departure, love it.",
    "Customer service solved my problem fast.",
    "Great legroom and a quiet cabin, very happy.",
    "On time again, this airline never lets me down.",
    "The agent was so kind and helpful today.",
    "Smooth landing and a warm welcome, thanks.",
    "Excellent flight, I will fly with you again.",
    "My luggage arrived quickly, great job.",
    "Check in on the app was easy and fast.",
    "Wonderful crew who made my kids smile.",
    "Comfortable seats and a beautiful sunrise view.",
]


def factorize(values):
    # Stands in for pandas' Series.factorize: codes in order of first appearance, and the uniques.
    uniques = list(dict.fromkeys(values))
    return np.array([uniques.index(v) for v in values]), np.array(uniques)


order = np.random.permutation(len(negative) + len(positive))
texts = np.array(negative + positive)[order]
airline_sentiment = np.array(["negative"] * len(negative) + ["positive"] * len(positive))[order]

sentiment_label = factorize(airline_sentiment)
tweet = texts
tokenizer = Tokenizer(num_words=5000)
tokenizer.fit_on_texts(tweet)
vocab_size = len(tokenizer.word_index) + 1
encoded_docs = tokenizer.texts_to_sequences(tweet)
padded_sequence = pad_sequences(encoded_docs, maxlen=12)

embedding_vector_length = 8
model = Sequential()
model.add(Embedding(vocab_size, embedding_vector_length, input_length=12))
model.add(SpatialDropout1D(0))
model.add(LSTM(8, dropout=0, recurrent_dropout=0))
model.add(Dropout(0))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])

history = model.fit(padded_sequence, sentiment_label[0], validation_split=0.2, epochs=1, batch_size=32)


def predict_sentiment(text):
    tw = tokenizer.texts_to_sequences([text])
    tw = pad_sequences(tw, maxlen=12)
    prediction = int(model.predict(tw).round().item())
    return sentiment_label[1][prediction]


test_sentence1 = "I enjoyed my journey on this flight."
print(predict_sentiment(test_sentence1))

test_sentence2 = "This is the worst flight experience of my life, the crew was rude and the seat was broken!"
print(predict_sentiment(test_sentence2))
