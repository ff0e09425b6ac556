# source: davidADSP/GDL_code 06_01_lstm_text_train.ipynb (D. Foster, "Generative Deep Learning", 1st edition, O'Reilly 2019, chapter 6 "Write": a word-level LSTM language model on Aesop's Fables, trained with a LambdaCallback that samples text at several temperatures at each epoch's end, then generating from a seed; its code cells in order)
# commit: 2a7b8c92ea07ddd796d7a895b171dbc5fcc2c7cd
# keras: tf_keras
# exercises: standalone Keras 2 imports (`from keras.layers import Dense, LSTM, Input, Embedding, Dropout`, `from keras.utils import np_utils`, `from keras.models import Model, load_model`, `from keras.optimizers import Adam, RMSprop`, `from keras.preprocessing.sequence import pad_sequences`, `from keras.preprocessing.text import Tokenizer`, `from keras.callbacks import LambdaCallback`); text clean-up with str.replace / re.sub; Tokenizer(char_level=False, filters='') fit_on_texts on one long text, word_index, texts_to_sequences, index_word; windows built in a Python loop and np_utils.to_categorical(num_classes=total_words) targets; a functional Input(shape=(None,)) -> Embedding layer object called on it -> LSTM -> Dense(softmax) Model; RMSprop, compile('categorical_crossentropy'); summary(); a LambdaCallback(on_epoch_end=...) whose function generates text with model.predict(verbose=0) on (1, seq_length) windows at temperatures 0.2 / 0.33 / 0.5 / 1.0 (np.random.multinomial sampling) during fit(batch_size=32); generate_text from a seed after training
# reduced: ./data/aesop/data.txt (the Gutenberg text the repository's download script fetches) replaced by a made-up fable text with the book's layout (title lines, five-newline story breaks, the "THE FOX AND THE GRAPES\n\n\n" start and "ILLUSTRATIONS\n\n\n[" end markers) built from a seeded word list (numpy RandomState(4)), so the notebook's own find / replace / re.sub clean-up runs on it; train_model = False -> True (the notebook as stored trains nothing: its flags were left for loading a saved model) and load_saved_model kept False; seq_length 20 -> 6 (both places, and the 20 of generate_human_led_text's call, which is dropped); n_units 256 -> 16, embedding_size 100 -> 8; epochs 1000 -> 2; shuffle=True -> False (tf-keras shuffles with TensorFlow's generator); gen_words 500 -> 5 in the callback and in the final generation; np.random.seed(1) before fit (the sampling draws from numpy's global generator); RMSprop(lr = 0.001) -> RMSprop(learning_rate = 0.001) (tf-keras 2.21 no longer takes lr); the interactive generate_human_led_text (input(), clear_output) and the IPython import dropped; cells that only display a value printed
import numpy as np
import re

from keras.layers import Dense, LSTM, Input, Embedding, Dropout
from keras.utils import np_utils
from keras.models import Model, load_model
from keras.optimizers import Adam, RMSprop
from keras.preprocessing.sequence import pad_sequences
from keras.preprocessing.text import Tokenizer
from keras.callbacks import LambdaCallback

load_saved_model = False
train_model = True

token_type = 'word'

#load in the text and perform some cleanup

seq_length = 6

_rng = np.random.RandomState(4)
_vocab = "the fox a crow wolf lamb grapes cheese said and was he she it to of in on sour high tree mouth flattered sang dropped ran away hungry".split()


def _story(title):
    sentences = []
    for _ in range(_rng.randint(3, 6)):
        words = list(_rng.choice(_vocab, _rng.randint(4, 10)))
        sentences.append(" ".join(words).capitalize() + _rng.choice([".", ",", "!", ";"]))
    return title + "\n\n\n" + "\n".join(sentences)


text = "PREFACE\n\nsome words before\n\n\n\n\n" + "\n\n\n\n\n".join(
    [_story("THE FOX AND THE GRAPES")] + [_story("THE %s AND THE %s" % tuple(_rng.choice(["WOLF", "LAMB", "CROW", "DOG"], 2))) for _ in range(3)]
) + "\n\n\n\n\nILLUSTRATIONS\n\n\n[the end]"

#removing text before and after the main stories
start = text.find("THE FOX AND THE GRAPES\n\n\n")
end = text.find("ILLUSTRATIONS\n\n\n[")
text = text[start:end]

start_story = '| ' * seq_length

text = start_story + text
text = text.lower()
text = text.replace('\n\n\n\n\n', start_story)
text = text.replace('\n', ' ')
text = re.sub('  +', '. ', text).strip()
text = text.replace('..', '.')

text = re.sub('([!"#$%&()*+,-./:;<=>?@[\]^_`{|}~])', r' \1 ', text)
text = re.sub('\s{2,}', ' ', text)

print(len(text))
print(text)

if token_type == 'word':
    tokenizer = Tokenizer(char_level = False, filters = '')
else:
    tokenizer = Tokenizer(char_level = True, filters = '', lower = False)


tokenizer.fit_on_texts([text])

total_words = len(tokenizer.word_index) + 1

token_list = tokenizer.texts_to_sequences([text])[0]

print(total_words)
print(tokenizer.word_index)
print(token_list)


def generate_sequences(token_list, step):

    X = []
    y = []

    for i in range(0, len(token_list) - seq_length, step):
        X.append(token_list[i: i + seq_length])
        y.append(token_list[i + seq_length])


    y = np_utils.to_categorical(y, num_classes = total_words)

    num_seq = len(X)
    print('Number of sequences:', num_seq, "\n")

    return X, y, num_seq

step = 1
seq_length = 6

X, y, num_seq = generate_sequences(token_list, step)

X = np.array(X)
y = np.array(y)

print(X.shape)
print(y.shape)

if load_saved_model:
    # model = load_model('./saved_models/lstm_aesop_1.h5')
    model = load_model('./saved_models/aesop_dropout_100.h5')

else:

    n_units = 16
    embedding_size = 8

    text_in = Input(shape = (None,))
    embedding = Embedding(total_words, embedding_size)
    x = embedding(text_in)
    x = LSTM(n_units)(x)
    # x = Dropout(0.2)(x)
    text_out = Dense(total_words, activation = 'softmax')(x)

    model = Model(text_in, text_out)

    opti = RMSprop(learning_rate = 0.001)
    model.compile(loss='categorical_crossentropy', optimizer=opti)

model.summary()


def sample_with_temp(preds, temperature=1.0):
    # helper function to sample an index from a probability array
    preds = np.asarray(preds).astype('float64')
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds)
    preds = exp_preds / np.sum(exp_preds)
    probas = np.random.multinomial(1, preds, 1)
    return np.argmax(probas)



def generate_text(seed_text, next_words, model, max_sequence_len, temp):
    output_text = seed_text

    seed_text = start_story + seed_text

    for _ in range(next_words):
        token_list = tokenizer.texts_to_sequences([seed_text])[0]
        token_list = token_list[-max_sequence_len:]
        token_list = np.reshape(token_list, (1, max_sequence_len))

        probs = model.predict(token_list, verbose=0)[0]
        y_class = sample_with_temp(probs, temperature = temp)

        if y_class == 0:
            output_word = ''
        else:
            output_word = tokenizer.index_word[y_class]

        if output_word == "|":
            break

        if token_type == 'word':
            output_text += output_word + ' '
            seed_text += output_word + ' '
        else:
            output_text += output_word + ' '
            seed_text += output_word + ' '


    return output_text


def on_epoch_end(epoch, logs):
    seed_text = ""
    gen_words = 5

    print('Temp 0.2')
    print (generate_text(seed_text, gen_words, model, seq_length, temp = 0.2))
    print('Temp 0.33')
    print (generate_text(seed_text, gen_words, model, seq_length, temp = 0.33))
    print('Temp 0.5')
    print (generate_text(seed_text, gen_words, model, seq_length, temp = 0.5))
    print('Temp 1.0')
    print (generate_text(seed_text, gen_words, model, seq_length, temp = 1))


np.random.seed(1)
if train_model:
    epochs = 2
    batch_size = 32
    num_batches = int(len(X) / batch_size)
    callback = LambdaCallback(on_epoch_end=on_epoch_end)
    model.fit(X, y, epochs=epochs, batch_size=batch_size, callbacks = [callback], shuffle = False)

model.summary()

seed_text = "the frog and the snake . "
gen_words = 5
temp = 0.1

print (generate_text(seed_text, gen_words, model, seq_length, temp))
