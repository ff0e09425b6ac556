# source: enriqueav/lstm_lyrics lstm_train_embedding.py (E. Avalos's word-level LSTM lyrics generator, "Update: automatic song lyrics creator with word embeddings" on Medium, after Keras's lstm_text_generation.py: a word Embedding under a Bidirectional LSTM, trained by fit_generator, sampling with temperature after every epoch)
# commit: 22702cd330d1dccb77de439881fa88dca7828590
# keras: tf_keras
# exercises: a corpus read with io.open, lower-cased, newlines kept as words, word frequencies counted and rare words dropped (sequences holding one skipped), sorted word_indices / indices_word; shuffle_and_split_training_set with np.random.permutation; a Sequential of Embedding(input_dim=len(words), output_dim=...), Bidirectional(LSTM), Dense(len(words)), Activation('softmax') built in get_model; compile(loss='sparse_categorical_crossentropy', optimizer="adam", metrics=[...]); ModelCheckpoint whose file name, with no extension, is formatted from epoch, loss, acc, val_loss and val_acc, monitor='val_acc', save_best_only=True; LambdaCallback(on_epoch_end=...) that reads the global model and writes generated text to a file; EarlyStopping(monitor='val_acc', patience); Keras 2's fit_generator over an endless generator of int32 (batch, SEQUENCE_LEN) ids and int32 (batch,) targets with steps_per_epoch, an endless validation generator with validation_steps; each epoch, a seed window from np.random.randint and, for five temperatures, one predict(x_pred, verbose=0) per word on a float (1, SEQUENCE_LEN) window that slides, the next word drawn by sample (log / temperature, exp, normalise in float64, np.random.multinomial) and written to examples.txt (those predict calls run inside fit; the harness records them too, so the generated words are compared)
# reduced: the command line (`python3 lstm_train_embedding.py corpora/corpus_reggeaton.txt examples_reggeaton.txt`, as the README runs it) given by setting sys.argv before the argument check, and the reggaeton corpus by make_corpus(), which writes corpus.txt: 56 lines of 4 to 8 words drawn by a seeded RandomState of its own from 20 common made-up words and two rare ones (so rare-word skipping acts), MIN_WORD_FREQUENCY 10 -> 3; the line count chosen so that the 2% test split is 8 sequences of 369, a divisor of BATCH_SIZE, so every batch of the validation generator holds the same 32 rows: tf-keras reads a generator given as validation_data through a prefetching tf.data iterator that it drops after each epoch's validation_steps, losing a number of batches that depends on thread timing (0 to 3 between epochs over repeated runs of one script, measured in this session), which no replay can match, where statefulrnn takes exactly validation_steps batches per epoch; Embedding output_dim 1024 -> 8 and given input_length=SEQUENCE_LEN (tf-keras's Embedding declares input_shape=(None,) by default and builds the Sequential as it is made; statefulrnn, as Keras 3, builds it at fit, after compile, where the harness hands both runs Keras's starting weights: see README, where Keras 2 and Keras 3 disagree; keras_example_imdb_lstm does the same), LSTM units 128 -> 8; get_model's dropout default 0.2 -> 0 (random masks cannot match; with 0 its `if dropout > 0` adds no Dropout layer); metrics=['accuracy'] -> ['acc']: Keras 2.2, which the script was written for, named the metric 'acc' for either spelling, and tf-keras 2.21 names it as given, so the file name's {acc:.4f} and {val_acc:.4f} and the two monitor='val_acc' callbacks find it; epochs 100 -> 2, 50 generated words per temperature -> 10; `from __future__ import print_function` dropped
"""
Example script to generate text from a corpus of text
--By word--

It is recommended to run this script on GPU, as recurrent
networks are quite computationally intensive.

Based on
https://github.com/keras-team/keras/blob/master/examples/lstm_text_generation.py

20 epochs should be enough to get decent results.
Uses data generator to avoid loading all the test set into memory.
Saves the weights and model every epoch.
"""

from keras.callbacks import LambdaCallback, ModelCheckpoint, EarlyStopping
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation, LSTM, Bidirectional, Embedding
import numpy as np
import sys
import io
import os

def make_corpus(filename):
    # Stands in for corpora/corpus_reggeaton.txt: made-up lyrics, 56 lines of common words and two rare ones.
    rng = np.random.RandomState(7)
    common = ('baila conmigo esta noche mami dale que la vida es una fiesta ven aqui '
              'mi amor tu y yo siempre').split()
    lines = []
    for i in range(56):
        line = list(rng.choice(common, size=rng.randint(4, 9)))
        if i in (5, 23):
            line[1] = ('perreo', 'gasolina')[i == 23]
        lines.append(' '.join(line))
    with io.open(filename, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


sys.argv = ['lstm_train_embedding.py', 'corpus.txt', 'examples.txt']
make_corpus('corpus.txt')

# Parameters: change to experiment different configurations
SEQUENCE_LEN = 10
MIN_WORD_FREQUENCY = 3
STEP = 1
BATCH_SIZE = 32


def shuffle_and_split_training_set(sentences_original, next_original, percentage_test=2):
    # shuffle at unison
    print('Shuffling sentences')

    tmp_sentences = []
    tmp_next_word = []
    for i in np.random.permutation(len(sentences_original)):
        tmp_sentences.append(sentences_original[i])
        tmp_next_word.append(next_original[i])

    cut_index = int(len(sentences_original) * (1.-(percentage_test/100.)))
    x_train, x_test = tmp_sentences[:cut_index], tmp_sentences[cut_index:]
    y_train, y_test = tmp_next_word[:cut_index], tmp_next_word[cut_index:]

    print("Size of training set = %d" % len(x_train))
    print("Size of test set = %d" % len(y_test))
    return (x_train, y_train), (x_test, y_test)


# Data generator for fit and evaluate
def generator(sentence_list, next_word_list, batch_size):
    index = 0
    while True:
        x = np.zeros((batch_size, SEQUENCE_LEN), dtype=np.int32)
        y = np.zeros((batch_size), dtype=np.int32)
        for i in range(batch_size):
            for t, w in enumerate(sentence_list[index % len(sentence_list)]):
                x[i, t] = word_indices[w]
            y[i] = word_indices[next_word_list[index % len(sentence_list)]]
            index = index + 1
        yield x, y


def get_model(dropout=0):
    print('Build model...')
    model = Sequential()
    model.add(Embedding(input_dim=len(words), output_dim=8, input_length=SEQUENCE_LEN))
    model.add(Bidirectional(LSTM(8)))
    if dropout > 0:
        model.add(Dropout(dropout))
    model.add(Dense(len(words)))
    model.add(Activation('softmax'))
    return model


# Functions from keras-team/keras/blob/master/examples/lstm_text_generation.py
def sample(preds, temperature=1.0):
    # helper function to sample an index from a probability array
    preds = np.asarray(preds).astype('float64')
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds)
    preds = exp_preds / np.sum(exp_preds)
    probas = np.random.multinomial(1, preds, 1)
    return np.argmax(probas)


def on_epoch_end(epoch, logs):
    # Function invoked at end of each epoch. Prints generated text.
    examples_file.write('\n----- Generating text after Epoch: %d\n' % epoch)

    # Randomly pick a seed sequence
    seed_index = np.random.randint(len(sentences+sentences_test))
    seed = (sentences+sentences_test)[seed_index]

    for diversity in [0.3, 0.4, 0.5, 0.6, 0.7]:
        sentence = seed
        examples_file.write('----- Diversity:' + str(diversity) + '\n')
        examples_file.write('----- Generating with seed:\n"' + ' '.join(sentence) + '"\n')
        examples_file.write(' '.join(sentence))

        for i in range(10):
            x_pred = np.zeros((1, SEQUENCE_LEN))
            for t, word in enumerate(sentence):
                x_pred[0, t] = word_indices[word]

            preds = model.predict(x_pred, verbose=0)[0]
            next_index = sample(preds, diversity)
            next_word = indices_word[next_index]

            sentence = sentence[1:]
            sentence.append(next_word)

            examples_file.write(" "+next_word)
        examples_file.write('\n')
    examples_file.write('='*80 + '\n')
    examples_file.flush()


if __name__ == "__main__":
    # Argument check
    if len(sys.argv) != 3:
        print('\033[91m' + 'Argument Error!\nUsage: python3 lstm_train.py '
                           '<path_to_corpus> <examples_txt>' + '\033[0m')
        exit(1)
    if not os.path.isfile(sys.argv[1]):
        print('\033[91mERROR: ' + sys.argv[1] + ' is not a file!' + '\033[0m')
        exit(1)

    corpus = sys.argv[1]
    examples = sys.argv[2]

    if not os.path.isdir('./checkpoints/'):
        os.makedirs('./checkpoints/')

    with io.open(corpus, encoding='utf-8') as f:
        text = f.read().lower().replace('\n', ' \n ')
    print('Corpus length in characters:', len(text))

    text_in_words = [w for w in text.split(' ') if w.strip() != '' or w == '\n']
    print('Corpus length in words:', len(text_in_words))

    # Calculate word frequency
    word_freq = {}
    for word in text_in_words:
        word_freq[word] = word_freq.get(word, 0) + 1

    ignored_words = set()
    for k, v in word_freq.items():
        if word_freq[k] < MIN_WORD_FREQUENCY:
            ignored_words.add(k)

    words = set(text_in_words)
    print('Unique words before ignoring:', len(words))
    print('Ignoring words with frequency <', MIN_WORD_FREQUENCY)
    words = sorted(set(words) - ignored_words)
    print('Unique words after ignoring:', len(words))

    word_indices = dict((c, i) for i, c in enumerate(words))
    indices_word = dict((i, c) for i, c in enumerate(words))

    # cut the text in semi-redundant sequences of SEQUENCE_LEN words
    sentences = []
    next_words = []
    ignored = 0
    for i in range(0, len(text_in_words) - SEQUENCE_LEN, STEP):
        # Only add the sequences where no word is in ignored_words
        if len(set(text_in_words[i: i+SEQUENCE_LEN+1]).intersection(ignored_words)) == 0:
            sentences.append(text_in_words[i: i + SEQUENCE_LEN])
            next_words.append(text_in_words[i + SEQUENCE_LEN])
        else:
            ignored = ignored + 1
    print('Ignored sequences:', ignored)
    print('Remaining sequences:', len(sentences))

    # x, y, x_test, y_test
    (sentences, next_words), (sentences_test, next_words_test) = shuffle_and_split_training_set(
        sentences, next_words
    )

    model = get_model()
    model.compile(loss='sparse_categorical_crossentropy', optimizer="adam", metrics=['acc'])

    file_path = "./checkpoints/LSTM_LYRICS-epoch{epoch:03d}-words%d-sequence%d-minfreq%d-" \
                "loss{loss:.4f}-acc{acc:.4f}-val_loss{val_loss:.4f}-val_acc{val_acc:.4f}" % \
                (len(words), SEQUENCE_LEN, MIN_WORD_FREQUENCY)

    checkpoint = ModelCheckpoint(file_path, monitor='val_acc', save_best_only=True)
    print_callback = LambdaCallback(on_epoch_end=on_epoch_end)
    early_stopping = EarlyStopping(monitor='val_acc', patience=20)
    callbacks_list = [checkpoint, print_callback, early_stopping]

    examples_file = open(examples, "w")
    model.fit_generator(generator(sentences, next_words, BATCH_SIZE),
                        steps_per_epoch=int(len(sentences)/BATCH_SIZE) + 1,
                        epochs=2,
                        callbacks=callbacks_list,
                        validation_data=generator(sentences_test, next_words_test, BATCH_SIZE),
                        validation_steps=int(len(sentences_test)/BATCH_SIZE) + 1)
