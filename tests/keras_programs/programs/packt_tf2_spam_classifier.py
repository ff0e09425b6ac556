# source: PacktPublishing/Deep-Learning-with-TensorFlow-2-and-Keras Chapter_07/spam_classifier.py (A. Gulli, A. Kapoor, S. Pal, "Deep Learning with TensorFlow 2 and Keras", 2nd ed., Packt, chapter 7 "Word Embeddings": an SMS spam classifier, a subclassed tf.keras.Model of an Embedding (from scratch, or initialised from GloVe vectors, frozen or fine-tuned), SpatialDropout1D, Conv1D, GlobalMaxPooling1D and a softmax Dense, trained with class weights)
# commit: f067033989d69d66e3b674360d499965cae24a71
# keras: tf_keras
# exercises: `import tensorflow as tf` and tf.keras.X names throughout; tf.random.set_seed; argparse run modes; tf.keras.preprocessing.text.Tokenizer fit_on_texts / texts_to_sequences / word_index and tf.keras.preprocessing.sequence.pad_sequences (default pre-padding to the longest); tf.keras.utils.to_categorical(num_classes=2); an embedding matrix saved with np.save and read back with np.load; a tf.keras.Model subclass with super(SpamClassifierModel, self).__init__(**kwargs), choosing in __init__ between Embedding(vocab, dim, input_length=...), Embedding(..., weights=[E], trainable=False) and Embedding(..., weights=[E], trainable=True); SpatialDropout1D, Conv1D(filters, kernel_size, activation="relu"), GlobalMaxPooling1D, Dense(softmax); model.build(input_shape=(None, max_seqlen)) and summary(); compile("adam", "categorical_crossentropy", ["accuracy"]); fit(epochs, validation_data, class_weight={0: 1, 1: 8}); predict_on_batch per test batch with np.argmax; all three run modes (scratch, vectorizer, finetuning) run one after the other
# reduced: the UCI SMSSpamCollection download (tf.keras.utils.get_file) replaced by 240 made-up messages written by the program as datasets/SMSSpamCollection in the file's own "ham|spam<TAB>text" format (numpy RandomState(5), about one in five spam), read by download_and_read's own loop; the gensim GloVe vectors (api.load, a download) replaced by seeded numpy vectors per word (RandomState(9)) in build_embedding_matrix, its np.save / np.load cache kept; the tf.data pipeline (from_tensor_slices, shuffle(10000), take / skip, batch(BATCH_SIZE, drop_remainder=True)) written with numpy: a seeded permutation (RandomState(42)) in place of the shuffle, the same take / skip split points, each part cut to whole batches, fit(x, y, batch_size=BATCH_SIZE, validation_data=(x, y), shuffle=False) (a dataset is not reshuffled by fit), and the test loop over the same batches; argparse's parse_args() given each of the three modes in turn (the script's loop over modes added, each mode rebuilds its model; the embedding file is removed before the first so the vectors are built once); EMBEDDING_DIM 300 -> 8, conv_num_filters 256 -> 8, BATCH_SIZE 128 -> 16, NUM_EPOCHS 3 -> 2; SpatialDropout1D(0.2) -> 0.0 (random masks cannot match); sklearn's accuracy_score / confusion_matrix (sklearn is not in the Keras venv) written with numpy
import argparse
import numpy as np
import os
import shutil
import tensorflow as tf


def accuracy_score(labels, predictions):
    return float(np.mean(np.array(labels) == np.array(predictions)))


def confusion_matrix(labels, predictions):
    m = np.zeros((2, 2), dtype=int)
    for a, b in zip(labels, predictions):
        m[a, b] += 1
    return m


_words_ham = "ok see you at home later lunch tonight call me when free love mum dad going now sorry late meeting bus".split()
_words_spam = "free win cash prize claim now urgent txt reply stop offer call mobile award guaranteed".split()


def _write_collection():
    rng = np.random.RandomState(5)
    os.makedirs("datasets", exist_ok=True)
    with open(os.path.join("datasets", "SMSSpamCollection"), "w") as fout:
        for i in range(240):
            spam = rng.rand() < 0.2
            words = _words_spam if spam else _words_ham
            text = " ".join(rng.choice(words, rng.randint(3, 12)))
            fout.write("{}\t{}\n".format("spam" if spam else "ham", text))


def download_and_read(url):
    local_file = url.split('/')[-1]
    _write_collection()
    labels, texts = [], []
    local_file = os.path.join("datasets", "SMSSpamCollection")
    with open(local_file, "r") as fin:
        for line in fin:
            label, text = line.strip().split('\t')
            labels.append(1 if label == "spam" else 0)
            texts.append(text)
    return texts, labels


def build_embedding_matrix(sequences, word2idx, embedding_dim,
        embedding_file):
    if os.path.exists(embedding_file):
        E = np.load(embedding_file)
    else:
        vocab_size = len(word2idx)
        E = np.zeros((vocab_size, embedding_dim))
        _r = np.random.RandomState(9)
        word_vectors = {w: _r.normal(size=embedding_dim) for w in sorted(word2idx) if w != "PAD"}
        for word, idx in word2idx.items():
            try:
                E[idx] = word_vectors[word]
            except KeyError:   # word not in embedding
                pass
        os.makedirs(os.path.dirname(embedding_file), exist_ok=True)
        np.save(embedding_file, E)
    return E


class SpamClassifierModel(tf.keras.Model):
    def __init__(self, vocab_sz, embed_sz, input_length,
            num_filters, kernel_sz, output_sz,
            run_mode, embedding_weights,
            **kwargs):
        super(SpamClassifierModel, self).__init__(**kwargs)
        if run_mode == "scratch":
            self.embedding = tf.keras.layers.Embedding(vocab_sz,
                embed_sz,
                input_length=input_length,
                trainable=True)
        elif run_mode == "vectorizer":
            self.embedding = tf.keras.layers.Embedding(vocab_sz,
                embed_sz,
                input_length=input_length,
                weights=[embedding_weights],
                trainable=False)
        else:
            self.embedding = tf.keras.layers.Embedding(vocab_sz,
                embed_sz,
                input_length=input_length,
                weights=[embedding_weights],
                trainable=True)
        self.dropout = tf.keras.layers.SpatialDropout1D(0.0)
        self.conv = tf.keras.layers.Conv1D(filters=num_filters,
            kernel_size=kernel_sz,
            activation="relu")
        self.pool = tf.keras.layers.GlobalMaxPooling1D()
        self.dense = tf.keras.layers.Dense(output_sz,
            activation="softmax"
        )

    def call(self, x):
        x = self.embedding(x)
        x = self.dropout(x)
        x = self.conv(x)
        x = self.pool(x)
        x = self.dense(x)
        return x


DATA_DIR = "data"
EMBEDDING_NUMPY_FILE = os.path.join(DATA_DIR, "E.npy")
DATASET_URL = "https://archive.ics.uci.edu/ml/machine-learning-databases/00228/smsspamcollection.zip"
EMBEDDING_MODEL = "glove-wiki-gigaword-300"
EMBEDDING_DIM = 8
NUM_CLASSES = 2
BATCH_SIZE = 16
NUM_EPOCHS = 2

# data distribution is 4827 ham and 747 spam (total 5574), which
# works out to approx 87% ham and 13% spam, so we take reciprocals
# and this works out to being each spam (1) item as being approximately
# 8 times as important as each ham (0) message.
CLASS_WEIGHTS = { 0: 1, 1: 8 }

if os.path.exists(EMBEDDING_NUMPY_FILE):
    os.remove(EMBEDDING_NUMPY_FILE)

for _mode in ["scratch", "vectorizer", "finetuning"]:
    tf.random.set_seed(42)

    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", help="run mode",
        choices=[
            "scratch",
            "vectorizer",
            "finetuning"
        ])
    args = parser.parse_args(["--mode", _mode])
    run_mode = args.mode

    # read data
    texts, labels = download_and_read(DATASET_URL)

    # tokenize and pad text
    tokenizer = tf.keras.preprocessing.text.Tokenizer()
    tokenizer.fit_on_texts(texts)
    text_sequences = tokenizer.texts_to_sequences(texts)
    text_sequences = tf.keras.preprocessing.sequence.pad_sequences(text_sequences)
    num_records = len(text_sequences)
    max_seqlen = len(text_sequences[0])
    print("{:d} sentences, max length: {:d}".format(num_records, max_seqlen))

    # labels
    cat_labels = tf.keras.utils.to_categorical(labels, num_classes=NUM_CLASSES)

    # vocabulary
    word2idx = tokenizer.word_index
    idx2word = {v:k for k, v in word2idx.items()}
    word2idx["PAD"] = 0
    idx2word[0] = "PAD"
    vocab_size = len(word2idx)
    print("vocab size: {:d}".format(vocab_size))

    # dataset
    order = np.random.RandomState(42).permutation(num_records)
    X_all, Y_all = text_sequences[order], cat_labels[order]
    test_size = num_records // 4
    val_size = (num_records - test_size) // 10

    def _whole_batches(X, Y):
        n = len(X) // BATCH_SIZE * BATCH_SIZE
        return X[:n], Y[:n]

    Xtest_all, Ytest_all = _whole_batches(X_all[:test_size], Y_all[:test_size])
    Xval, Yval = _whole_batches(X_all[test_size:test_size + val_size], Y_all[test_size:test_size + val_size])
    Xtrain, Ytrain = _whole_batches(X_all[test_size + val_size:], Y_all[test_size + val_size:])

    # embedding
    E = build_embedding_matrix(text_sequences, word2idx, EMBEDDING_DIM,
        EMBEDDING_NUMPY_FILE)
    print("Embedding matrix:", E.shape)

    # model definition
    conv_num_filters = 8
    conv_kernel_size = 3
    model = SpamClassifierModel(
        vocab_size, EMBEDDING_DIM, max_seqlen,
        conv_num_filters, conv_kernel_size, NUM_CLASSES,
        run_mode, E)
    model.build(input_shape=(None, max_seqlen))
    model.summary()

    # compile and train
    model.compile(optimizer="adam", loss="categorical_crossentropy",
        metrics=["accuracy"])

    # train model
    model.fit(Xtrain, Ytrain, batch_size=BATCH_SIZE, epochs=NUM_EPOCHS,
        validation_data=(Xval, Yval),
        class_weight=CLASS_WEIGHTS, shuffle=False)

    # evaluate against test set
    labels, predictions = [], []
    for start in range(0, len(Xtest_all), BATCH_SIZE):
        Xtest, Ytest = Xtest_all[start:start + BATCH_SIZE], Ytest_all[start:start + BATCH_SIZE]
        Ytest_ = model.predict_on_batch(Xtest)
        ytest = np.argmax(Ytest, axis=1)
        ytest_ = np.argmax(Ytest_, axis=1)
        labels.extend(ytest.tolist())
        predictions.extend(ytest.tolist())

    print("test accuracy: {:.3f}".format(accuracy_score(labels, predictions)))
    print("confusion matrix")
    print(confusion_matrix(labels, predictions))
