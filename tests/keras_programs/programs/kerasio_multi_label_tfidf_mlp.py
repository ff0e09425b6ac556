# source: keras-team/keras-io examples/nlp/multi_label_classification.py ("Large-scale multi-label text classification", Sayak Paul and Soumik Rakshit, last modified 2020/12/23: arXiv abstracts to subject terms; the tf.keras version, `from tensorflow.keras import layers`, `from tensorflow import keras`, tf.keras.layers.StringLookup)
# commit: 151f148a618866ed8bde9b752f29ad9cc594df11
# keras: tf_keras
# exercises: tf.keras.layers.StringLookup(output_mode="multi_hot") adapted on the training label lists, get_vocabulary() (with its "[UNK]"), calling it on one label list, vocabulary_size(), invert_multi_hot by np.argwhere / np.take on the vocabulary; layers.TextVectorization(max_tokens=<unigram count>, ngrams=2, output_mode="tf_idf") adapted on the abstracts (the max_tokens cut falls inside the bigrams, so the frequency order and its tie-breaking decide which tokens stay) and called on string batches; a keras.Sequential MLP of Dense relu, Dense relu and a sigmoid Dense of lookup.vocabulary_size() units with binary_crossentropy, adam and binary_accuracy; fit with validation data; evaluate unpacked into `_, binary_acc`; an inference model keras.Sequential([text_vectorizer, shallow_mlp_model]) predicting on raw strings, top 3 labels by sorted(zip(probabilities, lookup.get_vocabulary()))
# reduced: the arXiv CSV (pd.read_csv of a GitHub release) replaced by 80 made-up abstracts of 12-20 words drawn by a seeded numpy RandomState(7) from a small per-subject word list, each with exactly two terms out of six (so the label lists have one length: tf.ragged.constant(...) -> np.array(...), which TensorFlow's StringLookup also adapts on and statefulrnn has no ragged tensors); pandas (not installed) -> Python lists (the duplicate-title drop, the rare-term filter and the describe() of lengths kept as list code); sklearn's stratified train_test_split and DataFrame.sample -> a RandomState(42) permutation (64 train, 8 validation, 8 test); the tf.data datasets (from_tensor_slices, shuffle, batch, map(text_vectorizer), prefetch) -> numpy arrays: the vectorizer adapted on the training abstracts and called on each split, fit / evaluate / predict given batch_size=batch_size and shuffle=False (a shuffle cannot match); `with tf.device("/CPU:0")` dropped; shallow_mlp_model.build((None, train_x.shape[1])) added before compile (the example builds it at its first fit, after compile, where the harness hands both runs Keras's starting weights: an unbuilt model has none to hand); max_seqlen unused (as in the example); batch_size 128 -> 16; Dense 512, 256 -> 32, 16; epochs 20 -> 3; the matplotlib plots left out; the dataset preview and inference loops print 3 abstracts instead of 5
from tensorflow.keras import layers
from tensorflow import keras

from ast import literal_eval

import numpy as np

"""
## Made-up arXiv data (replaces pd.read_csv of arxiv_data.csv)
"""
_rng = np.random.RandomState(7)
_subjects = {
    "cs.LG": "learning gradient training loss network optimization model deep".split(),
    "cs.CV": "image pixel segmentation detection convolutional visual camera object".split(),
    "cs.CL": "language text translation token sentence word parsing corpus".split(),
    "stat.ML": "bayesian inference posterior kernel sampling variance estimator prior".split(),
    "cs.AI": "agent planning reasoning search knowledge logic reward policy".split(),
    "eess.IV": "imaging compression denoising resolution medical scan signal wavelet".split(),
}
_common = "we propose a novel method for the and of results show that".split()
_names = sorted(_subjects)
arxiv_rows = []
for _i in range(84):
    _pair = sorted(_rng.choice(len(_names), 2, replace=False))
    _terms = [_names[_pair[0]], _names[_pair[1]]]
    _pool = _subjects[_terms[0]] + _subjects[_terms[1]] + _common
    _words = [_pool[j] for j in _rng.randint(len(_pool), size=_rng.randint(12, 21))]
    arxiv_rows.append({"titles": "title %d" % (_i % 80), "summaries": " ".join(_words), "terms": str(_terms)})

print(f"There are {len(arxiv_rows)} rows in the dataset.")

_seen = set()
total_duplicate_titles = 0
arxiv_data = []
for row in arxiv_rows:
    if row["titles"] in _seen:
        total_duplicate_titles += 1
        continue
    _seen.add(row["titles"])
    arxiv_data.append(row)
print(f"There are {total_duplicate_titles} duplicate titles.")
print(f"There are {len(arxiv_data)} rows in the deduplicated dataset.")

_counts = {}
for row in arxiv_data:
    _counts[row["terms"]] = _counts.get(row["terms"], 0) + 1
# There are some terms with occurrence as low as 1.
print(sum(c == 1 for c in _counts.values()))
# How many unique terms?
print(len(_counts))

# Filtering the rare terms.  (kept: the made-up set has 15 pairs over 80 rows, all kept here)
arxiv_data_filtered = [dict(row) for row in arxiv_data]

for row in arxiv_data_filtered:
    row["terms"] = literal_eval(row["terms"])
print([row["terms"] for row in arxiv_data_filtered[:5]])

"""
## Splits (replaces sklearn's stratified train_test_split and DataFrame.sample)
"""
_perm = np.random.RandomState(42).permutation(len(arxiv_data_filtered))
train_df = [arxiv_data_filtered[i] for i in _perm[:64]]
val_df = [arxiv_data_filtered[i] for i in _perm[64:72]]
test_df = [arxiv_data_filtered[i] for i in _perm[72:]]

print(f"Number of rows in training set: {len(train_df)}")
print(f"Number of rows in validation set: {len(val_df)}")
print(f"Number of rows in test set: {len(test_df)}")

"""
## Multi-label binarization
"""

terms = np.array([row["terms"] for row in train_df])
lookup = keras.layers.StringLookup(output_mode="multi_hot")
lookup.adapt(terms)
vocab = lookup.get_vocabulary()


def invert_multi_hot(encoded_labels):
    """Reverse a single multi-hot encoded label to a tuple of vocab terms."""
    hot_indices = np.argwhere(encoded_labels == 1.0)[..., 0]
    return np.take(vocab, hot_indices)


print("Vocabulary:\n")
print(vocab)

sample_label = train_df[0]["terms"]
print(f"Original label: {sample_label}")

label_binarized = lookup([sample_label])
print(f"Label-binarized representation: {np.asarray(label_binarized)}")

_lengths = [len(row["summaries"].split(" ")) for row in train_df]
print(np.mean(_lengths), np.percentile(_lengths, [25, 50, 75]))

max_seqlen = 150
batch_size = 16
padding_token = "<pad>"


def make_dataset(dataframe, is_train=True):
    labels = np.array([row["terms"] for row in dataframe])
    label_binarized = np.asarray(lookup(labels))
    return np.array([row["summaries"] for row in dataframe]), label_binarized


train_text, train_labels = make_dataset(train_df, is_train=True)
validation_text, validation_labels = make_dataset(val_df, is_train=False)
test_text, test_labels = make_dataset(test_df, is_train=False)

for i, text in enumerate(train_text[:3]):
    label = train_labels[i][None, ...]
    print(f"Abstract: {text}")
    print(f"Label(s): {invert_multi_hot(label[0])}")
    print(" ")

"""
## Vectorization
"""

vocabulary = set()
for row in train_df:
    vocabulary.update(row["summaries"].lower().split())
vocabulary_size = len(vocabulary)
print(vocabulary_size)

text_vectorizer = layers.TextVectorization(
    max_tokens=vocabulary_size, ngrams=2, output_mode="tf_idf"
)

# `TextVectorization` layer needs to be adapted as per the vocabulary from our
# training set.
text_vectorizer.adapt(train_text)

train_x = text_vectorizer(train_text)
validation_x = text_vectorizer(validation_text)
test_x = text_vectorizer(test_text)

"""
## Create a text classification model
"""


def make_model():
    shallow_mlp_model = keras.Sequential(
        [
            layers.Dense(32, activation="relu"),
            layers.Dense(16, activation="relu"),
            layers.Dense(lookup.vocabulary_size(), activation="sigmoid"),
        ]  # More on why "sigmoid" has been used here in a moment.
    )
    return shallow_mlp_model


epochs = 3

shallow_mlp_model = make_model()
shallow_mlp_model.build((None, train_x.shape[1]))  # added: built before compile (see the header)
shallow_mlp_model.compile(
    loss="binary_crossentropy", optimizer="adam", metrics=["binary_accuracy"]
)

history = shallow_mlp_model.fit(
    train_x, train_labels, batch_size=batch_size, shuffle=False,
    validation_data=(validation_x, validation_labels), epochs=epochs
)

"""
### Evaluate the model
"""

_, binary_acc = shallow_mlp_model.evaluate(test_x, test_labels, batch_size=batch_size)
print(f"Categorical accuracy on the test set: {round(binary_acc * 100, 2)}%.")

"""
## Inference
"""

# Create a model for inference.
model_for_inference = keras.Sequential([text_vectorizer, shallow_mlp_model])

# Create a small dataset just for demoing inference.
text_batch, label_batch = test_text, test_labels
predicted_probabilities = model_for_inference.predict(text_batch)

# Perform inference.
for i, text in enumerate(text_batch[:3]):
    label = label_batch[i][None, ...]
    print(f"Abstract: {text}")
    print(f"Label(s): {invert_multi_hot(label[0])}")
    predicted_proba = [proba for proba in predicted_probabilities[i]]
    top_3_labels = [
        x
        for _, x in sorted(
            zip(predicted_probabilities[i], lookup.get_vocabulary()),
            key=lambda pair: pair[0],
            reverse=True,
        )
    ][:3]
    print(f"Predicted Label(s): ({', '.join([label for label in top_3_labels])})")
    print(" ")
