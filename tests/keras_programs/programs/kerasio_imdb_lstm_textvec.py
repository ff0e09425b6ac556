# source: keras-team/keras-io examples/nlp/imdb_lstm_sentiment.py ("Sentiment analysis with LSTM on the IMDB dataset", Madhur Jain, 2025/11/19, "Last Modified: 2025/11/24 (Refactored)": the Keras 3 version with keras.layers.TextVectorization inside the Sequential model)
# commit: f9dfb81105933b0b440d3193716cd208339cf090
# keras: keras
# exercises: keras.layers.TextVectorization(max_tokens=, output_mode="int", output_sequence_length=) adapt()ed on a tf.data.Dataset.from_tensor_slices(texts).batch(128) of strings; a Sequential whose first layer is that TextVectorization (an end-to-end model on raw strings), then Embedding(mask_zero=True), LSTM(128, dropout=...) consuming the padding mask, Dense(1, sigmoid); model.summary() of the model; compile("adam", "binary_crossentropy", metrics=["accuracy"]); fit on raw strings with epochs, batch_size and validation_split=0.2; evaluate on raw strings unpacked into loss, accuracy; predict on a batch of one raw string
# reduced: the aclImdb download (keras.utils.get_file, untar), the unsup folder removal and load_data_from_dir's file reading (os.listdir order is the file system's) replaced by a load_data_from_dir that returns made-up reviews (numpy RandomState(0)): 20 training reviews of 2 to 4 words in which no word appears twice (so the one training batch holds no repeated Embedding index: Keras 3 on TensorFlow gives Adam the Embedding's gradient as IndexedSlices and squares each occurrence's gradient before summing them, where statefulrnn squares their sum; README, "Where we differ from Keras") and 12 test reviews drawn freely; pandas (not installed on either side) -> a dict of numpy arrays standing in for the DataFrame (train_df["review"] etc.); the raw texts go to fit / evaluate / predict as _string_tensor(...), tf.constant on TensorFlow and np.asarray where `tf` is statefulrnn (Keras 3 refuses a numpy array of strings, "Invalid dtype: str...", and a list of strings in predict, "Unrecognized data type"; the example as written fails on Keras 3 there), tf.data.Dataset.from_tensor_slices(X_train_text.values).batch(128) for adapt -> the array X_train_text itself (statefulrnn stands in for Keras, not tf.data; adapt takes the array on both); the markdown lines `---` (a SyntaxError in Python) made comments; the model is built before compile by a call on the first review (the example builds it at its first fit, after compile, where the harness hands both runs Keras's starting weights: an unbuilt model has none to hand); max_features 5000 -> 120, sequence_length 200 -> 8, embedding_dim 128 -> 8, LSTM 128 -> 8 units, its dropout 0.2 -> 0.0 (random masks cannot match), epochs 5 -> 3, batch_size 64 kept (the 16 training rows left by validation_split=0.2 are one batch, so fit's shuffling cannot change the result); the final shutil.rmtree of the download left out

import os
import shutil # For removing the 'unsup' directory
import keras
import tensorflow as tf # Needed for tf.data.Dataset
import numpy as np
from keras import layers
from keras.models import Sequential
from keras.layers import TextVectorization # Modern Keras text preprocessing

# Set the Keras backend
os.environ["KERAS_BACKEND"] = "tensorflow"

# Keras 3 takes raw strings as a tf.Tensor (not a numpy array of strings), statefulrnn as numpy.
_string_tensor = tf.constant if tf.__name__ == "tensorflow" else np.asarray

## Load the dataset

_rng = np.random.RandomState(0)
_pos = "great wonderful brilliant superb moving beautiful loved enjoyed charming clever witty fantastic".split()
_neg = "terrible boring awful hated dull waste poor worst bad slow bland clumsy".split()
_other = ("the movie film was and a of this it acting plot story not director cast scene ending "
          "music script camera characters actor performance dialogue time minutes really very "
          "quite too so much more some one first last with but yet also even").split()


def load_data_from_dir(directory):
    """Stands in for reading aclImdb's pos/neg folders: made-up reviews and 0/1 labels."""
    reviews, sentiments = [], []
    if directory == "train":
        # no word twice in the whole training set (see the header)
        pos, neg, other = list(_rng.permutation(_pos)), list(_rng.permutation(_neg)), list(_rng.permutation(_other))
        for k in range(20):
            label = k % 2
            words = [(pos if label else neg).pop()] + [other.pop() for _ in range(_rng.randint(1, 3))]
            if k < 4:
                words.append((pos if label else neg).pop())
            _rng.shuffle(words)
            reviews.append(" ".join(words).capitalize() + _rng.choice([".", "!", "..."]))
            sentiments.append(label)
    else:
        for k in range(12):
            label = int(_rng.randint(0, 2))
            words = list(_rng.choice(_other, _rng.randint(2, 6))) + list(_rng.choice(_pos if label else _neg, 2))
            _rng.shuffle(words)
            reviews.append(" ".join(words).capitalize() + ".")
            sentiments.append(label)
    return {"review": np.array(reviews), "sentiment": np.array(sentiments, dtype="int32")}

# Load dataframes directly
train_df = load_data_from_dir("train")
test_df = load_data_from_dir("test")

# The data is already split into 25k train and 25k test reviews
# Separate the features (X) and labels (Y)
X_train_text = train_df["review"]
Y_train = train_df["sentiment"]
X_test_text = test_df["review"]
Y_test = test_df["sentiment"]

print(f"Training samples: {len(X_train_text)}, Test samples: {len(X_test_text)}")
#

# ---

## Data Processing with TextVectorization

# Hyperparameters for the TextVectorization layer
max_features = 120  # Only consider the top N words
sequence_length = 8 # Pad/truncate all sequences to a fixed length
embedding_dim = 8  # Size of the output vector for each word

# 1. Create the TextVectorization layer
vectorize_layer = TextVectorization(
    max_tokens=max_features,
    output_mode="int", # Outputs integer indices
    output_sequence_length=sequence_length,
)

# 2. Adapt the layer to the training text
# Adapt() builds the vocabulary based on the training data.
# We convert the Pandas Series to a batched TensorFlow Dataset for efficient adaptation.
text_ds = X_train_text
vectorize_layer.adapt(text_ds)

# Optional: Inspect the vocabulary
# print("Vocabulary size:", len(vectorize_layer.get_vocabulary()))
# print("Top 10 words in vocabulary:", vectorize_layer.get_vocabulary()[:10])

# The text and labels are now ready to be passed directly to model.fit

# ---

## LSTM Model (End-to-End)

# The TextVectorization layer is included directly in the Sequential model,
# making the model "end-to-end" (it accepts raw strings).

model = Sequential([
    # 1. Input: TextVectorization layer (accepts raw string, outputs integer sequences)
    vectorize_layer,
    # 2. Embedding Layer: Maps integer indices to dense vectors
    layers.Embedding(input_dim=max_features, output_dim=embedding_dim, mask_zero=True),
    # 3. LSTM Layer: Recurrent layer for sequential processing
    layers.LSTM(8, dropout=0.0),
    # 4. Dense Output Layer: Binary classification with sigmoid activation
    layers.Dense(1, activation="sigmoid")
])

model(_string_tensor(X_train_text[:1]))
model.summary()
#

# Compile the model
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# ---

## Training and Evaluation

print("\n## Training the Model")
# The model can now be trained by passing the raw text and labels.
model.fit(
    _string_tensor(X_train_text), # Raw text input
    Y_train,      # Integer labels
    epochs=3,
    batch_size=64,
    validation_split=0.2
)

print("\n## Model Evaluation")
# Note: For evaluation, use the raw text from the test set
loss, accuracy = model.evaluate(_string_tensor(X_test_text), Y_test)
print(f"Test Loss: {loss:.4f}")
print(f"Test Accuracy: {accuracy:.4f}")

# ---

## Predicting Values (Simplified Inference)

def predict_sentiment(review):
    """Predicts sentiment for a raw text review using the end-to-end model."""
    # The model accepts a list/array of raw strings directly
    prediction = model.predict(_string_tensor([review]))

    # Sigmoid output is a probability
    sentiment = "positive" if prediction[0][0] > 0.5 else "negative"
    probability = prediction[0][0]
    return sentiment, probability

# Examples
print("\n### Predicting Values")
examples = [
    "This movie was fantastic. I loved it.",
    "This movie was not that good",
    "Great movie but could have added a better action scene",
    "Mid movie"
]

for review in examples:
    sentiment, prob = predict_sentiment(review)
    print(f"Review: '{review[:30]}...' -> Sentiment: {sentiment} ({prob:.2f})")
