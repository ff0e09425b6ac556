# source: PacktPublishing/Deep-Learning-with-TensorFlow-2-and-Keras Chapter_08/lstm_sentiment_analysis.py (A. Gulli, A. Kapoor, S. Pal, "Deep Learning with TensorFlow 2 and Keras", 2nd ed., Packt, chapter 8 "Recurrent Neural Networks": many-to-one sentiment classification of the UCI "sentiment labelled sentences" with a subclassed tf.keras.Model (Embedding, Bidirectional LSTM, two Dense), best weights checkpointed to h5 and reloaded into a second instance)
# commit: f067033989d69d66e3b674360d499965cae24a71
# keras: tf_keras
# exercises: `import tensorflow as tf` with everything through tf.keras.*; tf.random.set_seed; tf.keras.preprocessing.text.Tokenizer() fit_on_texts / word_counts / word_index / texts_to_sequences; tf.keras.preprocessing.sequence.pad_sequences(maxlen) (pre-padding); a subclassed tf.keras.Model whose __init__(vocab_size, max_seqlen, **kwargs) uses max_seqlen as the Embedding width and the LSTM units, call(self, x) without training/mask arguments; model.build(input_shape=(batch_size, max_seqlen)) then summary() before compile; compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"]); ModelCheckpoint(".../best_model.h5", save_weights_only=True, save_best_only=True) (monitoring val_loss); fit on datasets with validation_data; a second instance built, load_weights from the h5 file, compiled and evaluated (test_loss, test_acc unpacked); predict on each test batch, thresholding at 0.5, idx2word over inputs_b[rid].numpy()
# reduced: the UCI download (tf.keras.utils.get_file(..., extract=True, cache_dir=".")) replaced by write_made_up_sentences(): 60 made-up labelled sentences (random.Random(7): 3-9 words from small positive / negative / neutral lists, label 1 when positive words win) written as amazon_cells_labelled.txt, imdb_labelled.txt and yelp_labelled.txt ("sentence\tlabel" lines) to datasets/sentiment labelled sentences/, the folder download_and_read reads (its get_file line left out, the rest of the function kept); tf.data.Dataset (from_tensor_slices, take, skip, batch) replaced by hunter 2's small _Dataset on numpy arrays (packt_tf2_gru_pos_tagger): its batched form a keras.utils.Sequence, its batches numpy arrays with .numpy(); `dataset = dataset.shuffle(10000)` left out (TensorFlow's shuffle cannot be replayed); the 60 sentences make test / val / train splits of 20 / 4 / 36, each one batch of batch_size 64 (kept), so fit's shuffling of a Sequence's batches cannot change the result; max_seqlen 64 -> 10 (also the Embedding width and LSTM units), num_epochs 10 -> 3; the TensorBoard callback constructed but left out of fit's callbacks (tensorboard is not installed in the Keras venv); sklearn's accuracy_score and confusion_matrix (sklearn not installed on either side) replaced by numpy stand-ins of the same names; os.makedirs(data_dir, exist_ok=True) added after clean_logs (the h5 checkpoint goes to ./data)
import numpy as np
import os
import random
import shutil
import tensorflow as tf
from tensorflow.keras.utils import Sequence


def accuracy_score(y_true, y_pred):
    # Stands in for sklearn.metrics.accuracy_score.
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


def confusion_matrix(y_true, y_pred):
    # Stands in for sklearn.metrics.confusion_matrix (labels 0 and 1).
    m = np.zeros((2, 2), dtype=int)
    for t, p in zip(y_true, y_pred):
        m[int(t), int(p)] += 1
    return m


class _Tensor(np.ndarray):
    # Stands in for an eager tensor of a tf.data batch: a numpy array with .numpy().
    def numpy(self):
        return np.asarray(self)


class _Batched(Sequence):
    # Stands in for a batched tf.data.Dataset: a keras.utils.Sequence of (x, y) batches.
    def __init__(self, arrays, batch_size):
        super().__init__()
        self.arrays, self.batch_size = arrays, batch_size

    def __len__(self):
        return -(-len(self.arrays[0]) // self.batch_size)

    def __getitem__(self, i):
        sl = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return tuple(a[sl].view(_Tensor) for a in self.arrays)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


class _Dataset:
    # Stands in for tf.data.Dataset.from_tensor_slices / take / skip / batch on numpy arrays.
    def __init__(self, arrays):
        self.arrays = tuple(np.asarray(a) for a in arrays)

    @staticmethod
    def from_tensor_slices(arrays):
        return _Dataset(arrays)

    def take(self, n):
        return _Dataset(a[:n] for a in self.arrays)

    def skip(self, n):
        return _Dataset(a[n:] for a in self.arrays)

    def batch(self, batch_size):
        return _Batched(self.arrays, batch_size)



def write_made_up_sentences(n=60):
    r = random.Random(7)
    good = "great good love excellent nice perfect happy recommend fantastic".split()
    bad = "bad terrible hate awful poor broken worst waste disappointed".split()
    neutral = "the phone food movie service it was is this and very really place battery".split()
    folder = os.path.join("datasets", "sentiment labelled sentences")
    os.makedirs(folder, exist_ok=True)
    files = [open(os.path.join(folder, name + "_labelled.txt"), "w") for name in ("amazon_cells", "imdb", "yelp")]
    for i in range(n):
        words, score = [], 0
        for _ in range(r.randint(3, 9)):
            kind = r.random()
            if kind < 0.25:
                words.append(r.choice(good)); score += 1
            elif kind < 0.5:
                words.append(r.choice(bad)); score -= 1
            else:
                words.append(r.choice(neutral))
        sentence = " ".join(words).capitalize() + r.choice([".", "!", ""])
        files[i % 3].write("%s\t%d\n" % (sentence, 1 if score > 0 else 0))
    for f in files:
        f.close()


write_made_up_sentences()


def clean_logs(data_dir):
    logs_dir = os.path.join(data_dir, "logs")
    shutil.rmtree(logs_dir, ignore_errors=True)
    return logs_dir


def download_and_read(url):
    local_file = url.split('/')[-1]
    local_file = local_file.replace("%20", " ")
    local_folder = os.path.join("datasets", local_file.split('.')[0])
    labeled_sentences = []
    for labeled_filename in os.listdir(local_folder):
        if labeled_filename.endswith("_labelled.txt"):
            with open(os.path.join(local_folder, labeled_filename), "r") as f:
                for line in f:
                    sentence, label = line.strip().split('\t')
                    labeled_sentences.append((sentence, label))
    return labeled_sentences


class SentimentAnalysisModel(tf.keras.Model):
    def __init__(self, vocab_size, max_seqlen, **kwargs):
        super(SentimentAnalysisModel, self).__init__(**kwargs)
        self.embedding = tf.keras.layers.Embedding(vocab_size, max_seqlen)
        self.bilstm = tf.keras.layers.Bidirectional(
            tf.keras.layers.LSTM(max_seqlen)
        )
        self.dense = tf.keras.layers.Dense(64, activation="relu")
        self.out = tf.keras.layers.Dense(1, activation="sigmoid")

    def call(self, x):
        x = self.embedding(x)
        x = self.bilstm(x)
        x = self.dense(x)
        x = self.out(x)
        return x


# set random seed
tf.random.set_seed(42)

# clean up log area
data_dir = "./data"
logs_dir = clean_logs(data_dir)
os.makedirs(data_dir, exist_ok=True)

# download and read data into data structures
labeled_sentences = download_and_read(
    "https://archive.ics.uci.edu/ml/machine-learning-databases/00331/sentiment%20labelled%20sentences.zip")
sentences = [s for (s, l) in labeled_sentences]
labels = [int(l) for (s, l) in labeled_sentences]

# tokenize sentences
tokenizer = tf.keras.preprocessing.text.Tokenizer()
tokenizer.fit_on_texts(sentences)
vocab_size = len(tokenizer.word_counts)
print("vocabulary size: {:d}".format(vocab_size))

word2idx = tokenizer.word_index
idx2word = {v:k for (k, v) in word2idx.items()}

max_seqlen = 10

# create dataset
sentences_as_ints = tokenizer.texts_to_sequences(sentences)
sentences_as_ints = tf.keras.preprocessing.sequence.pad_sequences(
    sentences_as_ints, maxlen=max_seqlen)
labels_as_ints = np.array(labels)
dataset = _Dataset.from_tensor_slices(
    (sentences_as_ints, labels_as_ints))

# split into train and test
test_size = len(sentences) // 3
val_size = (len(sentences) - test_size) // 10
test_dataset = dataset.take(test_size)
val_dataset = dataset.skip(test_size).take(val_size)
train_dataset = dataset.skip(test_size + val_size)

batch_size = 64
train_dataset = train_dataset.batch(batch_size)
val_dataset = val_dataset.batch(batch_size)
test_dataset = test_dataset.batch(batch_size)

# define model
# vocab_size + 1 to account for PAD character
model = SentimentAnalysisModel(vocab_size+1, max_seqlen)
model.build(input_shape=(batch_size, max_seqlen))
model.summary()

# compile
model.compile(
    loss="binary_crossentropy",
    optimizer="adam",
    metrics=["accuracy"]
)

# train
best_model_file = os.path.join(data_dir, "best_model.h5")
checkpoint = tf.keras.callbacks.ModelCheckpoint(best_model_file,
    save_weights_only=True,
    save_best_only=True)
tensorboard = tf.keras.callbacks.TensorBoard(log_dir=logs_dir)
num_epochs = 3
history = model.fit(train_dataset, epochs=num_epochs,
    validation_data=val_dataset,
    callbacks=[checkpoint])

# evaluate with test set
best_model = SentimentAnalysisModel(vocab_size+1, max_seqlen)
best_model.build(input_shape=(batch_size, max_seqlen))
best_model.load_weights(best_model_file)
best_model.compile(
    loss="binary_crossentropy",
    optimizer="adam",
    metrics=["accuracy"]
)

test_loss, test_acc = best_model.evaluate(test_dataset)
print("test loss: {:.3f}, test accuracy: {:.3f}".format(test_loss, test_acc))

# predict on batches
labels, predictions = [], []
idx2word[0] = "PAD"
is_first_batch = True
for test_batch in test_dataset:
    inputs_b, labels_b = test_batch
    pred_batch = best_model.predict(inputs_b)
    predictions.extend([(1 if p > 0.5 else 0) for p in pred_batch])
    labels.extend([l for l in labels_b])
    if is_first_batch:
        for rid in range(inputs_b.shape[0]):
            words = [idx2word[idx] for idx in inputs_b[rid].numpy()]
            words = [w for w in words if w != "PAD"]
            sentence = " ".join(words)
            print("{:d}\t{:d}\t{:s}".format(labels[rid], predictions[rid], sentence))
        is_first_batch = False

print("accuracy score: {:.3f}".format(accuracy_score(labels, predictions)))
print("confusion matrix")
print(confusion_matrix(labels, predictions))
