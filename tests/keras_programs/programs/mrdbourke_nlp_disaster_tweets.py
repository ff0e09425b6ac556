# source: mrdbourke/tensorflow-deep-learning 08_introduction_to_nlp_in_tensorflow.ipynb (Zero To Mastery TensorFlow course, notebook 08: Kaggle's disaster tweets; one adapted TextVectorization shared by five functional models, each with its own Embedding; its code cells in order)
# commit: bd065b806249f7b1155e5b1fabd130c5cfc9d184
# keras: tf_keras
# exercises: `from tensorflow.keras.layers import TextVectorization`; TextVectorization with its defaults spelled out (max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace", ngrams=None, output_mode="int", output_sequence_length=None), then re-made with max_tokens and output_sequence_length=15 and adapt()ed on a numpy array of sentences; text_vectorizer([sentence]) called directly on a list; get_vocabulary() sliced; Embedding(input_dim, output_dim, embeddings_initializer="uniform", input_length=..., name=...) called eagerly on the vectorizer's output; tf.random.set_seed; functional models layers.Input(shape=(1,), dtype="string") -> the shared text_vectorizer -> an Embedding -> GlobalAveragePooling1D / LSTM / GRU / Bidirectional(LSTM) / Conv1D(relu)+GlobalMaxPool1D -> Dense(1, sigmoid), tf.keras.Model(inputs, outputs, name=...); compile(loss="binary_crossentropy", metrics=["accuracy"]); summary(); fit(numpy string array, labels, epochs=5, validation_data=(val_sentences, val_labels)); evaluate; get_layer("embedding_1").get_weights()[0]; predict on the numpy string array, rounded and squeezed into labels, scored by calculate_results; a Conv1D and GlobalMaxPool1D called eagerly on an Embedding's output
# reduced: train.csv (pandas.read_csv; pandas and sklearn are not installed here nor in the Keras venv) replaced by 36 made-up tweets in two fixed lists (18 about disasters, target 1; 18 not), shuffled by a seeded permutation in place of DataFrame.sample(frac=1, random_state=42); sklearn's train_test_split(test_size=0.1, random_state=42) inlined as what it does (a RandomState(42) permutation, the first ceil(10%) rows to validation: 32 training rows, one batch, so fit's shuffling cannot change the result, and 4 validation rows); sklearn's accuracy_score and precision_recall_fscore_support(average="weighted") inlined in numpy; tf.squeeze(tf.round(p)) -> np.squeeze(np.round(p)) (statefulrnn is not TensorFlow); max_vocab_length 10000 -> 1000, Embedding output_dim 128 -> 8, LSTM/GRU units 64 -> 8, Conv1D filters 32 -> 8 (a small reference); Adam kept as written (on tf-keras it matches: its optimizer sums an Embedding's IndexedSlices per id before Adam squares them, unlike Keras 3 on TensorFlow); the helper_functions download and import, the data download, nvidia-smi, the TensorBoard callbacks and upload cells, the sklearn baseline model_0 (cells 51-55, 58, its comparisons 83, 85, 109, 125, 139, 153; baseline_results), the embedding-projector export (commented out in the source), TensorFlow Hub models 6 and 7 and everything after them (ensemble, saving model_6, pandas tables, plots, timing) and the markdown cells left out; displayed expressions at a cell's end printed
import datetime
print(f"Notebook last run (end-to-end): {datetime.datetime.now()}")

import numpy as np

disaster = [
    "Forest fire near La Ronge Sask. Canada",
    "Flood warning issued for the river valley, evacuate now!",
    "Earthquake of magnitude 6.1 hits the coast, buildings collapsed",
    "13,000 people receive #wildfires evacuation orders in California",
    "Just got sent this photo from Ruby #Alaska as smoke from #wildfires pours into a school",
    "Tornado touched down near the highway, several injured",
    "Train derailment spills chemicals, residents told to stay inside",
    "There's a flood in my street and the water keeps rising",
    "Hurricane winds tore the roof off the hospital last night",
    "Bridge collapse kills two, rescue teams still searching",
    "Massive explosion at the factory, fire crews on scene",
    "Heavy rain causes landslide, village cut off from the city",
    "Plane crash reported near the airport, no survivors found",
    "Volcano erupts and ash cloud forces thousands to flee",
    "Wildfire smoke makes the air toxic, stay indoors today",
    "Storm surge flooded the harbour and sank three boats",
    "Police confirm casualties after the building fire downtown",
    "Drought and famine leave millions without food this year",
]
not_disaster = [
    "What a beautiful sunny day at the beach",
    "I love fruits and my new blender",
    "This new album is fire, listen to it now",
    "My phone battery died again, what a disaster lol",
    "Going to the movies tonight with friends",
    "The pizza place downtown is amazing",
    "Just finished my morning run, feeling great",
    "Cannot wait for the weekend to start",
    "My cat knocked the plant off the table again",
    "That exam was a total train wreck haha",
    "New shoes arrived today and they fit perfectly",
    "Watching the game with a bowl of popcorn",
    "Our team blew up the scoreboard last night",
    "I am drowning in homework this week",
    "Coffee first, then the world",
    "The sunset from my window is stunning",
    "Had the best burger of my life today",
    "Learning to play guitar, my fingers hurt",
]
texts = np.array(disaster + not_disaster, dtype=object)
targets = np.array([1] * len(disaster) + [0] * len(not_disaster))

# Stands in for train_df.sample(frac=1, random_state=42)
order = np.random.RandomState(42).permutation(len(texts))
train_text_shuffled, train_target_shuffled = texts[order], targets[order]

# Shuffle training dataframe
# The test data doesn't have a target (that's what we'd try to predict)
# How many examples of each class?
print(np.bincount(train_target_shuffled))
# How many samples total?
print(f"Total training samples: {len(texts)}")

# Let's visualize some random training examples
import random
random_index = random.randint(0, len(texts)-5) # create random indexes not higher than the total number of samples
for text, target in zip(train_text_shuffled[random_index:random_index+5], train_target_shuffled[random_index:random_index+5]):
  print(f"Target: {target}", "(real disaster)" if target > 0 else "(not real disaster)")
  print(f"Text:\n{text}\n")
  print("---\n")


def train_test_split(x, y, test_size, random_state):
  # Stands in for sklearn's: a RandomState permutation, the first ceil(test_size * n) to the test set.
  n_test = int(np.ceil(test_size * len(x)))
  permutation = np.random.RandomState(random_state).permutation(len(x))
  test, train = permutation[:n_test], permutation[n_test:]
  return x[train], x[test], y[train], y[test]


# Use train_test_split to split training data into training and validation sets
train_sentences, val_sentences, train_labels, val_labels = train_test_split(train_text_shuffled,
                                                                            train_target_shuffled,
                                                                            test_size=0.1, # dedicate 10% of samples to validation set
                                                                            random_state=42) # random state for reproducibility
# Check the lengths
print(len(train_sentences), len(train_labels), len(val_sentences), len(val_labels))
# View the first 10 training sentences and their labels
print(train_sentences[:10], train_labels[:10])

import tensorflow as tf
from tensorflow.keras.layers import TextVectorization # after TensorFlow 2.6

# Use the default TextVectorization variables
text_vectorizer = TextVectorization(max_tokens=None, # how many words in the vocabulary (all of the different words in your text)
                                    standardize="lower_and_strip_punctuation", # how to process text
                                    split="whitespace", # how to split tokens
                                    ngrams=None, # create groups of n-words?
                                    output_mode="int", # how to map tokens to numbers
                                    output_sequence_length=None) # how long should the output sequence of tokens be?
                                    # pad_to_max_tokens=True) # Not valid if using max_tokens=None

# Find average number of tokens (words) in training Tweets
print(round(sum([len(i.split()) for i in train_sentences])/len(train_sentences)))

# Setup text vectorization with custom variables
max_vocab_length = 1000 # max number of words to have in our vocabulary
max_length = 15 # max length our sequences will be (e.g. how many words from a Tweet does our model see?)

text_vectorizer = TextVectorization(max_tokens=max_vocab_length,
                                    output_mode="int",
                                    output_sequence_length=max_length)

# Fit the text vectorizer to the training text
text_vectorizer.adapt(train_sentences)

# Create sample sentence and tokenize it
sample_sentence = "There's a flood in my street!"
print(text_vectorizer([sample_sentence]))

# Choose a random sentence from the training dataset and tokenize it
random_sentence = random.choice(train_sentences)
print(f"Original text:\n{random_sentence}\
      \n\nVectorized version:")
print(text_vectorizer([random_sentence]))

# Get the unique words in the vocabulary
words_in_vocab = text_vectorizer.get_vocabulary()
top_5_words = words_in_vocab[:5] # most common tokens (notice the [UNK] token for "unknown" words)
bottom_5_words = words_in_vocab[-5:] # least common tokens
print(f"Number of words in vocab: {len(words_in_vocab)}")
print(f"Top 5 most common words: {top_5_words}")
print(f"Bottom 5 least common words: {bottom_5_words}")

tf.random.set_seed(42)
from tensorflow.keras import layers

embedding = layers.Embedding(input_dim=max_vocab_length, # set input shape
                             output_dim=8, # set size of embedding vector
                             embeddings_initializer="uniform", # default, intialize randomly
                             input_length=max_length, # how long is each input
                             name="embedding_1")

print(embedding)

# Get a random sentence from training set
random_sentence = random.choice(train_sentences)
print(f"Original text:\n{random_sentence}\
      \n\nEmbedded version:")

# Embed the random sentence (turn it into numerical representation)
sample_embed = embedding(text_vectorizer([random_sentence]))
print(sample_embed.shape)

# Check out a single token's embedding
print(sample_embed[0][0].shape)


# Function to evaluate: accuracy, precision, recall, f1-score
def accuracy_score(y_true, y_pred):
  # Stands in for sklearn's.
  return np.mean(np.asarray(y_true) == np.asarray(y_pred))


def precision_recall_fscore_support(y_true, y_pred, average):
  # Stands in for sklearn's with average="weighted" (ill-defined ratios count 0, as sklearn's do).
  y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
  labels = np.union1d(y_true, y_pred)
  p, r, f, s = [], [], [], []
  for c in labels:
    tp = np.sum((y_pred == c) & (y_true == c))
    predicted, actual = np.sum(y_pred == c), np.sum(y_true == c)
    precision = tp / predicted if predicted else 0.0
    recall = tp / actual if actual else 0.0
    p.append(precision); r.append(recall); s.append(actual)
    f.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
  w = np.array(s) / np.sum(s)
  return float(np.dot(w, p)), float(np.dot(w, r)), float(np.dot(w, f)), None


def calculate_results(y_true, y_pred):
  """
  Calculates model accuracy, precision, recall and f1 score of a binary classification model.

  Args:
  -----
  y_true = true labels in the form of a 1D array
  y_pred = predicted labels in the form of a 1D array

  Returns a dictionary of accuracy, precision, recall, f1-score.
  """
  # Calculate model accuracy
  model_accuracy = accuracy_score(y_true, y_pred) * 100
  # Calculate model precision, recall and f1 score using "weighted" average
  model_precision, model_recall, model_f1, _ = precision_recall_fscore_support(y_true, y_pred, average="weighted")
  model_results = {"accuracy": model_accuracy,
                  "precision": model_precision,
                  "recall": model_recall,
                  "f1": model_f1}
  return model_results


# Build model with the Functional API
from tensorflow.keras import layers
inputs = layers.Input(shape=(1,), dtype="string") # inputs are 1-dimensional strings
x = text_vectorizer(inputs) # turn the input text into numbers
x = embedding(x) # create an embedding of the numerized numbers
x = layers.GlobalAveragePooling1D()(x) # lower the dimensionality of the embedding (try running the model without this layer and see what happens)
outputs = layers.Dense(1, activation="sigmoid")(x) # create the output layer, want binary outputs so use sigmoid activation
model_1 = tf.keras.Model(inputs, outputs, name="model_1_dense") # construct the model

# Compile model
model_1.compile(loss="binary_crossentropy",
                optimizer=tf.keras.optimizers.Adam(),
                metrics=["accuracy"])

# Get a summary of the model
model_1.summary()

# Fit the model
model_1_history = model_1.fit(train_sentences, # input sentences can be a list of strings due to text preprocessing layer built-in model
                              train_labels,
                              epochs=5,
                              validation_data=(val_sentences, val_labels))

# Check the results
print(model_1.evaluate(val_sentences, val_labels))
print([w.shape for w in embedding.weights])
embed_weights = model_1.get_layer("embedding_1").get_weights()[0]
print(embed_weights.shape)

# Make predictions (these come back in the form of probabilities)
model_1_pred_probs = model_1.predict(val_sentences)
print(model_1_pred_probs[:10]) # only print out the first 10 prediction probabilities

# Turn prediction probabilities into single-dimension tensor of floats
model_1_preds = np.squeeze(np.round(model_1_pred_probs)) # squeeze removes single dimensions
print(model_1_preds[:20])

# Calculate model_1 metrics
model_1_results = calculate_results(y_true=val_labels,
                                    y_pred=model_1_preds)
print(model_1_results)

# Get the vocabulary from the text vectorization layer
words_in_vocab = text_vectorizer.get_vocabulary()
print(len(words_in_vocab), words_in_vocab[:10])

model_1.summary()
# Get the weight matrix of embedding layer
# (these are the numerical patterns between the text in the training dataset the model has learned)
embed_weights = model_1.get_layer("embedding_1").get_weights()[0]
print(embed_weights.shape) # same size as vocab size and embedding_dim (each word is a embedding_dim size vector)

# Set random seed and create embedding layer (new embedding layer for each model)
tf.random.set_seed(42)
from tensorflow.keras import layers
model_2_embedding = layers.Embedding(input_dim=max_vocab_length,
                                     output_dim=8,
                                     embeddings_initializer="uniform",
                                     input_length=max_length,
                                     name="embedding_2")


# Create LSTM model
inputs = layers.Input(shape=(1,), dtype="string")
x = text_vectorizer(inputs)
x = model_2_embedding(x)
print(x.shape)
# x = layers.LSTM(64, return_sequences=True)(x) # return vector for each word in the Tweet (you can stack RNN cells as long as return_sequences=True)
x = layers.LSTM(8)(x) # return vector for whole sequence
print(x.shape)
# x = layers.Dense(64, activation="relu")(x) # optional dense layer on top of output of LSTM cell
outputs = layers.Dense(1, activation="sigmoid")(x)
model_2 = tf.keras.Model(inputs, outputs, name="model_2_LSTM")

# Compile model
model_2.compile(loss="binary_crossentropy",
                optimizer=tf.keras.optimizers.Adam(),
                metrics=["accuracy"])
model_2.summary()

# Fit model
model_2_history = model_2.fit(train_sentences,
                              train_labels,
                              epochs=5,
                              validation_data=(val_sentences, val_labels))

# Make predictions on the validation dataset
model_2_pred_probs = model_2.predict(val_sentences)
print(model_2_pred_probs.shape, model_2_pred_probs[:10]) # view the first 10

# Round out predictions and reduce to 1-dimensional array
model_2_preds = np.squeeze(np.round(model_2_pred_probs))
print(model_2_preds[:10])

# Calculate LSTM model results
model_2_results = calculate_results(y_true=val_labels,
                                    y_pred=model_2_preds)
print(model_2_results)

# Set random seed and create embedding layer (new embedding layer for each model)
tf.random.set_seed(42)
from tensorflow.keras import layers
model_3_embedding = layers.Embedding(input_dim=max_vocab_length,
                                     output_dim=8,
                                     embeddings_initializer="uniform",
                                     input_length=max_length,
                                     name="embedding_3")

# Build an RNN using the GRU cell
inputs = layers.Input(shape=(1,), dtype="string")
x = text_vectorizer(inputs)
x = model_3_embedding(x)
# x = layers.GRU(64, return_sequences=True) # stacking recurrent cells requires return_sequences=True
x = layers.GRU(8)(x)
# x = layers.Dense(64, activation="relu")(x) # optional dense layer after GRU cell
outputs = layers.Dense(1, activation="sigmoid")(x)
model_3 = tf.keras.Model(inputs, outputs, name="model_3_GRU")

# Compile GRU model
model_3.compile(loss="binary_crossentropy",
                optimizer=tf.keras.optimizers.Adam(),
                metrics=["accuracy"])

# Get a summary of the GRU model
model_3.summary()

# Fit model
model_3_history = model_3.fit(train_sentences,
                              train_labels,
                              epochs=5,
                              validation_data=(val_sentences, val_labels))

# Make predictions on the validation data
model_3_pred_probs = model_3.predict(val_sentences)
print(model_3_pred_probs.shape, model_3_pred_probs[:10])

# Convert prediction probabilities to prediction classes
model_3_preds = np.squeeze(np.round(model_3_pred_probs))
print(model_3_preds[:10])

# Calcuate model_3 results
model_3_results = calculate_results(y_true=val_labels,
                                    y_pred=model_3_preds)
print(model_3_results)

# Set random seed and create embedding layer (new embedding layer for each model)
tf.random.set_seed(42)
from tensorflow.keras import layers
model_4_embedding = layers.Embedding(input_dim=max_vocab_length,
                                     output_dim=8,
                                     embeddings_initializer="uniform",
                                     input_length=max_length,
                                     name="embedding_4")

# Build a Bidirectional RNN in TensorFlow
inputs = layers.Input(shape=(1,), dtype="string")
x = text_vectorizer(inputs)
x = model_4_embedding(x)
# x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x) # stacking RNN layers requires return_sequences=True
x = layers.Bidirectional(layers.LSTM(8))(x) # bidirectional goes both ways so has double the parameters of a regular LSTM layer
outputs = layers.Dense(1, activation="sigmoid")(x)
model_4 = tf.keras.Model(inputs, outputs, name="model_4_Bidirectional")

# Compile
model_4.compile(loss="binary_crossentropy",
                optimizer=tf.keras.optimizers.Adam(),
                metrics=["accuracy"])

# Get a summary of our bidirectional model
model_4.summary()

# Fit the model (takes longer because of the bidirectional layers)
model_4_history = model_4.fit(train_sentences,
                              train_labels,
                              epochs=5,
                              validation_data=(val_sentences, val_labels))

# Make predictions with bidirectional RNN on the validation data
model_4_pred_probs = model_4.predict(val_sentences)
print(model_4_pred_probs[:10])

# Convert prediction probabilities to labels
model_4_preds = np.squeeze(np.round(model_4_pred_probs))
print(model_4_preds[:10])

# Calculate bidirectional RNN model results
model_4_results = calculate_results(val_labels, model_4_preds)
print(model_4_results)

# Test out the embedding, 1D convolutional and max pooling
embedding_test = embedding(text_vectorizer(["this is a test sentence"])) # turn target sentence into embedding
conv_1d = layers.Conv1D(filters=8, kernel_size=5, activation="relu") # convolve over target sequence 5 words at a time
conv_1d_output = conv_1d(embedding_test) # pass embedding through 1D convolutional layer
max_pool = layers.GlobalMaxPool1D()
max_pool_output = max_pool(conv_1d_output) # get the most important features
print(embedding_test.shape, conv_1d_output.shape, max_pool_output.shape)

# See the outputs of each layer
print(embedding_test[:1].shape, conv_1d_output[:1].shape, max_pool_output[:1].shape)

# Set random seed and create embedding layer (new embedding layer for each model)
tf.random.set_seed(42)
from tensorflow.keras import layers
model_5_embedding = layers.Embedding(input_dim=max_vocab_length,
                                     output_dim=8,
                                     embeddings_initializer="uniform",
                                     input_length=max_length,
                                     name="embedding_5")

# Create 1-dimensional convolutional layer to model sequences
from tensorflow.keras import layers
inputs = layers.Input(shape=(1,), dtype="string")
x = text_vectorizer(inputs)
x = model_5_embedding(x)
x = layers.Conv1D(filters=8, kernel_size=5, activation="relu")(x)
x = layers.GlobalMaxPool1D()(x)
# x = layers.Dense(64, activation="relu")(x) # optional dense layer
outputs = layers.Dense(1, activation="sigmoid")(x)
model_5 = tf.keras.Model(inputs, outputs, name="model_5_Conv1D")

# Compile Conv1D model
model_5.compile(loss="binary_crossentropy",
                optimizer=tf.keras.optimizers.Adam(),
                metrics=["accuracy"])

# Get a summary of our 1D convolution model
model_5.summary()

# Fit the model
model_5_history = model_5.fit(train_sentences,
                              train_labels,
                              epochs=5,
                              validation_data=(val_sentences, val_labels))

# Make predictions with model_5
model_5_pred_probs = model_5.predict(val_sentences)
print(model_5_pred_probs[:10])

# Convert model_5 prediction probabilities to labels
model_5_preds = np.squeeze(np.round(model_5_pred_probs))
print(model_5_preds[:10])

# Calculate model_5 evaluation metrics
model_5_results = calculate_results(y_true=val_labels,
                                    y_pred=model_5_preds)
print(model_5_results)
