# source: keras-team/keras-io examples/nlp/pretrained_word_embeddings.py (keras.io example "Using pre-trained word embeddings": Newsgroup20 texts, TextVectorization, a Conv1D classifier on a frozen GloVe Embedding, then an end-to-end model on raw strings; its code in order)
# commit: 1909c6710cd3f5af6401f1176dcee9e26781b4f3
# keras: keras
# exercises: os.listdir over class folders, files read with encoding="latin-1" and their first 10 lines dropped; RandomState(1337).shuffle of samples and labels; layers.TextVectorization(max_tokens, output_sequence_length=200) adapt()ed on the training texts; get_vocabulary()[:5]; the vectorizer called on a nested list [["the cat sat on the mat"]] and .numpy()[0, :6]; a word index from the vocabulary; a GloVe-format text file parsed with line.split(maxsplit=1) and np.fromstring; an embedding matrix of len(voc) + 2 rows; Embedding(num_tokens, embedding_dim, trainable=False), .build((1,)) and .set_weights([matrix]); keras.Input(shape=(None,), dtype="int32") -> the Embedding -> Conv1D(relu) / MaxPooling1D(5) x2 -> Conv1D -> GlobalMaxPooling1D -> Dense(relu) -> Dropout -> Dense(softmax); summary(); the vectorizer on np.array([[s] for s in samples]) (a unicode array of shape (N, 1)) and .numpy(); compile(loss="sparse_categorical_crossentropy", optimizer="rmsprop", metrics=["acc"]); fit(batch_size=128, validation_data); the end-to-end model keras.Input(shape=(1,), dtype="string") -> the vectorizer -> the model, called on keras.ops.convert_to_tensor([[a raw string]]) and np.argmax of its first row
# reduced: the news20.tar.gz download (keras.utils.get_file) replaced by a made-up 20_newsgroup folder written by the program (numpy RandomState(0)): 4 groups (alt.atheism, comp.graphics, rec.autos, sci.space) of 12 messages each, 10 header lines then a body of group words, comp.graphics holding a file named 38987 that the example prints, the common words including cat, sat, on and mat so that [word_index[w] for w in test] finds them; data_path is the path get_file would return; `import tensorflow.data as tf_data` and tf_data.Dataset.from_tensor_slices(train_samples).batch(128) -> np.array(train_samples) given to adapt (the same vocabulary; statefulrnn is not TensorFlow); the GloVe download replaced by a made-up glove.6B.100d.txt (numpy RandomState(1): 8-dimensional vectors for 60 of the texts' words and 20 others), so embedding_dim 100 -> 8; max_tokens 20000 -> 200; Conv1D filters 128 -> 8, Dense 128 -> 8 (a small reference); epochs 20 -> 3; Dropout 0.5 -> 0.0 (random masks cannot match); 38 training rows < batch_size 128: one batch, so fit's shuffling cannot change the result; end_to_end_model(keras.ops.convert_to_tensor([[...]])) -> end_to_end_model.predict(keras.ops.convert_to_tensor([[...]])) (the call's output takes gradients on statefulrnn, so np.argmax of it raises, a documented PyTorch difference; predict gives numbers, and is recorded; Keras 3 on TensorFlow's predict refuses numpy arrays of strings, unicode or object, and lists: only a string tensor passes); displayed expressions at a cell's end printed
import os

import numpy as np

_rng = np.random.RandomState(0)
_groups = {
    "alt.atheism": "god belief religion atheist faith bible church moral argument evidence".split(),
    "comp.graphics": "graphics image 3d modeling render polygon texture pixel computer software".split(),
    "rec.autos": "car engine dealer drive wheel brake mileage ford toyota highway".split(),
    "sci.space": "space nasa orbit shuttle launch moon satellite mission rocket planet".split(),
}
_common = ("the a of to and in is it that for on this with as was be are have not but "
           "i you we they my your what about from or one all would there their so if "
           "just like can more any some me do know think people time only cat sat mat").split()
_base = os.path.join("datasets", "news20")
for _group, _words in _groups.items():
    os.makedirs(os.path.join(_base, "20_newsgroup", _group))
    for _k in range(12):
        _name = "38987" if (_group == "comp.graphics" and _k == 0) else str(37000 + 13 * _k + len(_group))
        _header = ["Newsgroups: " + _group, "Path: cantaloupe.srv.cs.cmu.edu!news", "From: user%d@site.edu" % _k,
                   "Subject: Re: question %d" % _k, "Message-ID: <%d@site.edu>" % _k, "Date: 5 Apr 93 10:00:00 GMT",
                   "Organization: Some University", "Lines: 5", "References: <x@y>", ""]
        _body = []
        for _line in range(_rng.randint(2, 5)):
            _ws = list(_rng.choice(_common, _rng.randint(4, 10))) + list(_rng.choice(_words, _rng.randint(1, 4)))
            _rng.shuffle(_ws)
            _body.append(" ".join(_ws).capitalize() + _rng.choice([".", "?", "!"]))
        with open(os.path.join(_base, "20_newsgroup", _group, _name), "w", encoding="latin-1") as _f:
            _f.write("\n".join(_header + _body) + "\n")
_vocab_words = sorted(set(_common + sum(_groups.values(), [])))
_glove_rng = np.random.RandomState(1)
with open("glove.6B.100d.txt", "w") as _f:
    for _w in _vocab_words[:60] + ["zulu%d" % k for k in range(20)]:
        _f.write(_w + " " + " ".join("%.5f" % v for v in _glove_rng.normal(scale=0.5, size=8)) + "\n")

import os

# Only the TensorFlow backend supports string inputs.
os.environ["KERAS_BACKEND"] = "tensorflow"

import pathlib
import numpy as np
import keras
from keras import layers

data_path = os.path.join(_base, "news20.tar.gz")

data_dir = pathlib.Path(data_path).parent / "20_newsgroup"
dirnames = os.listdir(data_dir)
print("Number of directories:", len(dirnames))
print("Directory names:", dirnames)

fnames = os.listdir(data_dir / "comp.graphics")
print("Number of files in comp.graphics:", len(fnames))
print("Some example filenames:", fnames[:5])

print(open(data_dir / "comp.graphics" / "38987").read())

samples = []
labels = []
class_names = []
class_index = 0
for dirname in sorted(os.listdir(data_dir)):
    class_names.append(dirname)
    dirpath = data_dir / dirname
    fnames = os.listdir(dirpath)
    print("Processing %s, %d files found" % (dirname, len(fnames)))
    for fname in fnames:
        fpath = dirpath / fname
        f = open(fpath, encoding="latin-1")
        content = f.read()
        lines = content.split("\n")
        lines = lines[10:]
        content = "\n".join(lines)
        samples.append(content)
        labels.append(class_index)
    class_index += 1

print("Classes:", class_names)
print("Number of samples:", len(samples))

# Shuffle the data
seed = 1337
rng = np.random.RandomState(seed)
rng.shuffle(samples)
rng = np.random.RandomState(seed)
rng.shuffle(labels)

# Extract a training & validation split
validation_split = 0.2
num_validation_samples = int(validation_split * len(samples))
train_samples = samples[:-num_validation_samples]
val_samples = samples[-num_validation_samples:]
train_labels = labels[:-num_validation_samples]
val_labels = labels[-num_validation_samples:]

vectorizer = layers.TextVectorization(max_tokens=200, output_sequence_length=200)
text_ds = np.array(train_samples)
vectorizer.adapt(text_ds)

print(vectorizer.get_vocabulary()[:5])

output = vectorizer([["the cat sat on the mat"]])
print(output.numpy()[0, :6])

voc = vectorizer.get_vocabulary()
word_index = dict(zip(voc, range(len(voc))))

test = ["the", "cat", "sat", "on", "the", "mat"]
print([word_index[w] for w in test])

path_to_glove_file = "glove.6B.100d.txt"

embeddings_index = {}
with open(path_to_glove_file) as f:
    for line in f:
        word, coefs = line.split(maxsplit=1)
        coefs = np.fromstring(coefs, "f", sep=" ")
        embeddings_index[word] = coefs

print("Found %s word vectors." % len(embeddings_index))

num_tokens = len(voc) + 2
embedding_dim = 8
hits = 0
misses = 0

# Prepare embedding matrix
embedding_matrix = np.zeros((num_tokens, embedding_dim))
for word, i in word_index.items():
    embedding_vector = embeddings_index.get(word)
    if embedding_vector is not None:
        # Words not found in embedding index will be all-zeros.
        # This includes the representation for "padding" and "OOV"
        embedding_matrix[i] = embedding_vector
        hits += 1
    else:
        misses += 1
print("Converted %d words (%d misses)" % (hits, misses))

from keras.layers import Embedding

embedding_layer = Embedding(
    num_tokens,
    embedding_dim,
    trainable=False,
)
embedding_layer.build((1,))
embedding_layer.set_weights([embedding_matrix])

int_sequences_input = keras.Input(shape=(None,), dtype="int32")
embedded_sequences = embedding_layer(int_sequences_input)
x = layers.Conv1D(8, 5, activation="relu")(embedded_sequences)
x = layers.MaxPooling1D(5)(x)
x = layers.Conv1D(8, 5, activation="relu")(x)
x = layers.MaxPooling1D(5)(x)
x = layers.Conv1D(8, 5, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(8, activation="relu")(x)
x = layers.Dropout(0.0)(x)
preds = layers.Dense(len(class_names), activation="softmax")(x)
model = keras.Model(int_sequences_input, preds)
model.summary()

x_train = vectorizer(np.array([[s] for s in train_samples])).numpy()
x_val = vectorizer(np.array([[s] for s in val_samples])).numpy()

y_train = np.array(train_labels)
y_val = np.array(val_labels)

model.compile(
    loss="sparse_categorical_crossentropy", optimizer="rmsprop", metrics=["acc"]
)
model.fit(x_train, y_train, batch_size=128, epochs=3, validation_data=(x_val, y_val))

string_input = keras.Input(shape=(1,), dtype="string")
x = vectorizer(string_input)
preds = model(x)
end_to_end_model = keras.Model(string_input, preds)

probabilities = end_to_end_model.predict(
    keras.ops.convert_to_tensor(
        [["this message is about computer graphics and 3D modeling"]]
    )
)

print(class_names[np.argmax(probabilities[0])])
