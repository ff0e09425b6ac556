# source: PavelOstyakov/toxic fit_predict.py with toxic/train_utils.py (_train_model, train_folds), toxic/model.py (get_model), toxic/embedding_utils.py and toxic/nltk_utils.py (P. Ostyakov's widely forked Kaggle "Toxic Comment Classification Challenge" baseline, 2018: two Bidirectional CuDNNGRUs over frozen pretrained embeddings, 10 hand-rolled folds, each model trained one epoch at a time with a hand-written early stopping on the mean per-class log loss that keeps the best get_weights() and restores it with set_weights(), test predictions of the fold models combined by a geometric mean)
# commit: b7b2f0e8f89241bd0bf896a5ad30fdf8bf5fe7a1
# keras: tf_keras
# exercises: `from keras.layers import Dense, Embedding, Input, Bidirectional, Dropout`, `from keras.models import Model`, `from keras.optimizers import RMSprop`; a functional Model built afresh per fold by a lambda: Input(shape=(sequence_length,)), Embedding(n, d, weights=[embedding_matrix], trainable=False), Bidirectional(GRU(units, return_sequences=True)), Dropout, Bidirectional(GRU(units)), Dense(relu), Dense(6, sigmoid); compile(loss='binary_crossentropy', optimizer=RMSprop(clipvalue=1, clipnorm=1) (both clips given: tf-keras accepts it and applies clipnorm only), metrics=['accuracy']); a while-True loop of fit(batch_size, epochs=1) then predict(val_x, batch_size) with a per-class log loss, get_weights() of the best epoch kept and set_weights() restoring it; folds cut by hand with np.concatenate (the original's `fold_id == fold_size - 1` test kept); each fold model's predict(X_test, batch_size), np.save of model.get_weights() (an object array) and of the predictions, the fold predictions multiplied and raised to 1/n, then to 1.4
# reduced: CuDNNGRU (GPU-only, gone from tf-keras's keras.layers) -> GRU (its CPU twin: reset_after=True, sigmoid recurrent activation, tf-keras's defaults); the Kaggle train/test csv (pandas) replaced by 48 / 12 made-up comments from a 30-word vocabulary, seeded numpy (RandomState(0)), labels a function of which words occur; nltk.tokenize.word_tokenize -> str.split and tqdm -> a pass-through (neither installed); the GloVe/fastText text file -> a small seeded embedding file of the same format written to a temp dir (20 of the 30 words, so unknown words map to _UNK_); sklearn.metrics.log_loss -> a numpy log loss clipped like sklearn's (sklearn is installed on neither side); argparse defaults -> a Namespace: sentences_length 500 -> 10, recurrent_units 64 -> 6, dense_size 32 -> 8, fold_count 10 -> 3, batch_size 256 -> 16, dropout_rate 0.3 -> 0.0 (random masks cannot match); the early stopping's patience 5 -> 2 and a cap of 4 epochs added so the while loop ends quickly; fit(shuffle=False) added (tf-keras shuffles with TensorFlow's generator); the submission DataFrame/to_csv replaced by printing the combined predictions; result files go to a temp dir
import argparse
import os
import tempfile

import numpy as np

from keras.layers import Dense, Embedding, Input
from keras.layers import Bidirectional, Dropout, GRU
from keras.models import Model
from keras.optimizers import RMSprop


# ---- stand-ins for packages not installed ----
class tqdm:
    @staticmethod
    def tqdm(iterable):
        return iterable


def log_loss(y_true, y_pred, eps=1e-15):
    y_true = np.asarray(y_true, dtype=np.float64)
    p = np.clip(np.asarray(y_pred, dtype=np.float64), eps, 1 - eps)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))


# ---- toxic/nltk_utils.py ----
def tokenize_sentences(sentences, words_dict):
    tokenized_sentences = []
    for sentence in tqdm.tqdm(sentences):
        if hasattr(sentence, "decode"):
            sentence = sentence.decode("utf-8")
        tokens = sentence.split()  # nltk.tokenize.word_tokenize(sentence)
        result = []
        for word in tokens:
            word = word.lower()
            if word not in words_dict:
                words_dict[word] = len(words_dict)
            word_index = words_dict[word]
            result.append(word_index)
        tokenized_sentences.append(result)
    return tokenized_sentences, words_dict


# ---- toxic/embedding_utils.py ----
def read_embedding_list(file_path):
    embedding_word_dict = {}
    embedding_list = []
    with open(file_path) as f:
        for row in tqdm.tqdm(f.read().split("\n")[1:-1]):
            data = row.split(" ")
            word = data[0]
            embedding = np.array([float(num) for num in data[1:-1]])
            embedding_list.append(embedding)
            embedding_word_dict[word] = len(embedding_word_dict)

    embedding_list = np.array(embedding_list)
    return embedding_list, embedding_word_dict


def clear_embedding_list(embedding_list, embedding_word_dict, words_dict):
    cleared_embedding_list = []
    cleared_embedding_word_dict = {}

    for word in words_dict:
        if word not in embedding_word_dict:
            continue
        word_id = embedding_word_dict[word]
        row = embedding_list[word_id]
        cleared_embedding_list.append(row)
        cleared_embedding_word_dict[word] = len(cleared_embedding_word_dict)

    return cleared_embedding_list, cleared_embedding_word_dict


def convert_tokens_to_ids(tokenized_sentences, words_list, embedding_word_dict, sentences_length):
    words_train = []

    for sentence in tokenized_sentences:
        current_words = []
        for word_index in sentence:
            word = words_list[word_index]
            word_id = embedding_word_dict.get(word, len(embedding_word_dict) - 2)
            current_words.append(word_id)

        if len(current_words) >= sentences_length:
            current_words = current_words[:sentences_length]
        else:
            current_words += [len(embedding_word_dict) - 1] * (sentences_length - len(current_words))
        words_train.append(current_words)
    return words_train


# ---- toxic/model.py ----
def get_model(embedding_matrix, sequence_length, dropout_rate, recurrent_units, dense_size):
    input_layer = Input(shape=(sequence_length,))
    embedding_layer = Embedding(embedding_matrix.shape[0], embedding_matrix.shape[1],
                                weights=[embedding_matrix], trainable=False)(input_layer)
    x = Bidirectional(GRU(recurrent_units, return_sequences=True))(embedding_layer)
    x = Dropout(dropout_rate)(x)
    x = Bidirectional(GRU(recurrent_units, return_sequences=False))(x)
    x = Dense(dense_size, activation="relu")(x)
    output_layer = Dense(6, activation="sigmoid")(x)

    model = Model(inputs=input_layer, outputs=output_layer)
    model.compile(loss='binary_crossentropy',
                  optimizer=RMSprop(clipvalue=1, clipnorm=1),
                  metrics=['accuracy'])

    return model


# ---- toxic/train_utils.py ----
def _train_model(model, batch_size, train_x, train_y, val_x, val_y):
    best_loss = -1
    best_weights = None
    best_epoch = 0

    current_epoch = 0

    while True:
        model.fit(train_x, train_y, batch_size=batch_size, epochs=1, shuffle=False)
        y_pred = model.predict(val_x, batch_size=batch_size)

        total_loss = 0
        for j in range(6):
            loss = log_loss(val_y[:, j], y_pred[:, j])
            total_loss += loss

        total_loss /= 6.

        print("Epoch {0} loss {1} best_loss {2}".format(current_epoch, total_loss, best_loss))

        current_epoch += 1
        if total_loss < best_loss or best_loss == -1:
            best_loss = total_loss
            best_weights = model.get_weights()
            best_epoch = current_epoch
        else:
            if current_epoch - best_epoch == 2:
                break
        if current_epoch == 4:
            break

    model.set_weights(best_weights)
    return model


def train_folds(X, y, fold_count, batch_size, get_model_func):
    fold_size = len(X) // fold_count
    models = []
    for fold_id in range(0, fold_count):
        fold_start = fold_size * fold_id
        fold_end = fold_start + fold_size

        if fold_id == fold_size - 1:
            fold_end = len(X)

        train_x = np.concatenate([X[:fold_start], X[fold_end:]])
        train_y = np.concatenate([y[:fold_start], y[fold_end:]])

        val_x = X[fold_start:fold_end]
        val_y = y[fold_start:fold_end]

        model = _train_model(get_model_func(), batch_size, train_x, train_y, val_x, val_y)
        models.append(model)

    return models


# ---- fit_predict.py ----
UNKNOWN_WORD = "_UNK_"
END_WORD = "_END_"
NAN_WORD = "_NAN_"

CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]

PROBABILITIES_NORMALIZE_COEFFICIENT = 1.4

WORK = tempfile.mkdtemp()


def made_up_data():
    rng = np.random.RandomState(0)
    vocab = ["w%d" % i for i in range(30)]
    def comments(n):
        texts, labels = [], []
        for _ in range(n):
            words = list(rng.choice(vocab, size=rng.randint(4, 14)))
            texts.append(" ".join(words).upper() if rng.rand() < 0.2 else " ".join(words))
            ids = {int(w[1:]) for w in words}
            labels.append([int(any(i < 5 for i in ids)), int(0 in ids), int(any(5 <= i < 9 for i in ids)),
                           int(29 in ids), int(any(i % 7 == 3 for i in ids)), int(len(ids) > 9)])
        return np.array(texts, dtype=object), np.array(labels)
    train_text, train_labels = comments(48)
    test_text, _ = comments(12)
    embedding_path = os.path.join(WORK, "embedding.vec")
    with open(embedding_path, "w") as f:
        f.write("20 5\n")
        for word in vocab[:20]:
            f.write(word + " " + " ".join("%.4f" % v for v in rng.normal(size=5)) + " \n")
    train_data = {"comment_text": train_text}
    train_data.update({c: train_labels[:, i] for i, c in enumerate(CLASSES)})
    test_data = {"comment_text": test_text, "id": np.arange(12)}
    return train_data, test_data, embedding_path


def main():
    train_data, test_data, embedding_path = made_up_data()
    args = argparse.Namespace(result_path=os.path.join(WORK, "toxic_results"), batch_size=16,
                              sentences_length=10, recurrent_units=6, dropout_rate=0.0,
                              dense_size=8, fold_count=3, embedding_path=embedding_path)

    if args.fold_count <= 1:
        raise ValueError("fold-count should be more than 1")

    list_sentences_train = train_data["comment_text"]
    list_sentences_test = test_data["comment_text"]
    y_train = np.stack([train_data[c] for c in CLASSES], axis=1)

    print("Tokenizing sentences in train set...")
    tokenized_sentences_train, words_dict = tokenize_sentences(list_sentences_train, {})

    print("Tokenizing sentences in test set...")
    tokenized_sentences_test, words_dict = tokenize_sentences(list_sentences_test, words_dict)

    words_dict[UNKNOWN_WORD] = len(words_dict)

    print("Loading embeddings...")
    embedding_list, embedding_word_dict = read_embedding_list(args.embedding_path)
    embedding_size = len(embedding_list[0])

    print("Preparing data...")
    embedding_list, embedding_word_dict = clear_embedding_list(embedding_list, embedding_word_dict, words_dict)

    embedding_word_dict[UNKNOWN_WORD] = len(embedding_word_dict)
    embedding_list.append([0.] * embedding_size)
    embedding_word_dict[END_WORD] = len(embedding_word_dict)
    embedding_list.append([-1.] * embedding_size)

    embedding_matrix = np.array(embedding_list)

    id_to_word = dict((id, word) for word, id in words_dict.items())
    train_list_of_token_ids = convert_tokens_to_ids(
        tokenized_sentences_train,
        id_to_word,
        embedding_word_dict,
        args.sentences_length)
    test_list_of_token_ids = convert_tokens_to_ids(
        tokenized_sentences_test,
        id_to_word,
        embedding_word_dict,
        args.sentences_length)
    X_train = np.array(train_list_of_token_ids)
    X_test = np.array(test_list_of_token_ids)

    get_model_func = lambda: get_model(
        embedding_matrix,
        args.sentences_length,
        args.dropout_rate,
        args.recurrent_units,
        args.dense_size)

    print("Starting to train models...")
    models = train_folds(X_train, y_train, args.fold_count, args.batch_size, get_model_func)

    if not os.path.exists(args.result_path):
        os.mkdir(args.result_path)

    print("Predicting results...")
    test_predicts_list = []
    for fold_id, model in enumerate(models):
        model_path = os.path.join(args.result_path, "model{0}_weights.npy".format(fold_id))
        np.save(model_path, np.array(model.get_weights(), dtype=object), allow_pickle=True)

        test_predicts_path = os.path.join(args.result_path, "test_predicts{0}.npy".format(fold_id))
        test_predicts = model.predict(X_test, batch_size=args.batch_size)
        test_predicts_list.append(test_predicts)
        np.save(test_predicts_path, test_predicts)

    test_predicts = np.ones(test_predicts_list[0].shape)
    for fold_predict in test_predicts_list:
        test_predicts *= fold_predict

    test_predicts **= (1. / len(test_predicts_list))
    test_predicts **= PROBABILITIES_NORMALIZE_COEFFICIENT

    print(np.round(test_predicts, 4))

if __name__ == "__main__":
    main()
