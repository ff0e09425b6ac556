# source: aorursy/KT_dataset_py akashsdas_text-summarization.py (Akash Das's Kaggle notebook "Text summarization" on the Inshorts news-summary data: tf.keras Tokenizer and pad_sequences, a two-layer LSTM encoder and an LSTM decoder started from the encoder's states, trained with teacher forcing, then inference encoder/decoder models rebuilt from the trained layers and greedy decoding)
# commit: 9b651a5bc1887c1f46c55ac95b10cb1955e955d1
# keras: tf_keras
# exercises: `import tensorflow as tf` (tf.keras.backend.clear_session, tf.keras.optimizers.RMSprop, tf.keras.callbacks); tensorflow.keras.preprocessing.text.Tokenizer (fit_on_texts, word_counts, texts_to_sequences, word_index, index_word) pickled with pickle.HIGHEST_PROTOCOL; pad_sequences(maxlen, padding='post'); Input(shape=(max_text_len,)) and Input(shape=(None,)); Embedding(trainable=True); LSTM(return_sequences=True, return_state=True) stacked, its outputs star-unpacked (`encoder_output, *encoder_final_states = ...`) and the state list passed as initial_state; TimeDistributed(Dense(softmax)); Model([enc, dec], out); model.summary(); compile(RMSprop(learning_rate=0.001), 'sparse_categorical_crossentropy') on (n, T, 1) integer targets; fit with validation_data of lists, EarlyStopping(monitor='val_loss', mode='min', patience=2) and ReduceLROnPlateau(factor=0.1, patience=1, min_lr) callbacks; `model.layers[-2].input`; inference encoder Model(outputs=[encoder_output] + states) and a decoder Model whose inputs include an Input (decoder_hidden_state_input) that no output depends on; decoder_model.layers[-3].input; greedy decoding with predict on [target_seq] + [e_out, e_h, e_c] and np.argmax(output_tokens[0, -1, :]); model.save / encoder_model.save / decoder_model.save to .h5
# reduced: the Kaggle news-summary CSVs (pd.read_csv, concatenated columns) replaced by 24 made-up (text, summary) pairs drawn with np.random.RandomState(4) from a small vocabulary; pandas (not installed on either side) replaced by plain lists where the notebook builds and filters DataFrames (df.text / df.summary columns, the histogram cell and df.head() displays dropped); spaCy's nlp.pipe (a model download) replaced by passing the cleaned strings through (`str(doc) for doc in ...` kept); sklearn's train_test_split (not installed) replaced by a stand-in splitting a np.random.RandomState(random_state) permutation (ceil of the test share first); `!pip freeze` dropped; the TPU cell (TPUClusterResolver, TPUStrategy) replaced by a stand-in `tpu_strategy` whose scope() is a null context and num_replicas_in_sync is 1 (statefulrnn stands in for Keras, not tf.distribute); dropout / recurrent_dropout 0.4 -> 0.0 (random masks cannot match across frameworks); latent_dim and embedding_dim 240 -> 8, max_text_len 80 -> 10, max_summary_len 15 -> 6, epochs 50 -> 3 (the 21 training pairs are one batch of 128, so fit's shuffling cannot change the result); the loss plot dropped; the test-on-training-data loop over range(0, 50) -> range(0, 3); predict_text (which calls spaCy) defined but not called, as in the notebook
import re
import contextlib

import math

import pickle



import numpy as np



import tensorflow as tf

from tensorflow.keras.models import Model

from tensorflow.keras.preprocessing.text import Tokenizer

from tensorflow.keras.preprocessing.sequence import pad_sequences

from tensorflow.keras.layers import LSTM, Bidirectional, Dense, Embedding, Input, TimeDistributed


def train_test_split(x, y, test_size, random_state, shuffle=True):
    # Stands in for sklearn.model_selection.train_test_split
    n_test = int(math.ceil(test_size * len(x)))
    order = np.random.RandomState(random_state).permutation(len(x))
    test, train = order[:n_test], order[n_test:]
    return x[train], x[test], y[train], y[test]


class _Strategy:
    # Stands in for tf.distribute.experimental.TPUStrategy
    num_replicas_in_sync = 1

    def scope(self):
        return contextlib.nullcontext()


def make_data():
    # Stands in for the news_summary CSVs
    rng = np.random.RandomState(4)
    vocab = ['the', 'government', 'said', 'on', 'monday', 'india', 'police', 'team', 'won', 'match',
             'minister', 'announced', 'new', 'policy', 'for', 'farmers', 'city', 'rain', 'heavy', 'floods',
             'company', 'shares', 'rose', 'after', 'results', 'court', 'ordered', 'probe', 'into', 'case']
    texts, summaries = [], []
    for _ in range(24):
        words = [vocab[i] for i in rng.randint(len(vocab), size=rng.randint(5, 11))]
        texts.append(' '.join(words) + '.')
        summaries.append(' '.join(words[i] for i in sorted(rng.choice(len(words), 2, replace=False))))
    return texts, summaries


text_raw, summary_raw = make_data()
def clean_text(column):

    for row in column:

        row = re.sub("(\\t)", ' ', str(row)).lower()

        row = re.sub("(\\r)", ' ', str(row)).lower()

        row = re.sub("(\\n)", ' ', str(row)).lower()



        row = re.sub("(__+)", ' ', str(row)).lower()

        row = re.sub("(--+)", ' ', str(row)).lower()

        row = re.sub("(~~+)", ' ', str(row)).lower()

        row = re.sub("(\+\++)", ' ', str(row)).lower()

        row = re.sub("(\.\.+)", ' ', str(row)).lower()



        row = re.sub(r"[<>()|&©ø\[\]\'\",;?~*!]", ' ', str(row)).lower()



        row = re.sub("(mailto:)", ' ', str(row)).lower()

        row = re.sub(r"(\\x9\d)", ' ', str(row)).lower()

        row = re.sub("([iI][nN][cC]\d+)", 'INC_NUM', str(row)).lower()

        row = re.sub("([cC][mM]\d+)|([cC][hH][gG]\d+)", 'CM_NUM', str(row)).lower()



        row = re.sub("(\.\s+)", ' ', str(row)).lower()

        row = re.sub("(\-\s+)", ' ', str(row)).lower()

        row = re.sub("(\:\s+)", ' ', str(row)).lower()

        row = re.sub("(\s+.\s+)", ' ', str(row)).lower()



        try:

            url = re.search(r'((https*:\/*)([^\/\s]+))(.[^\s]+)', str(row))

            repl_url = url.group(3)

            row = re.sub(r'((https*:\/*)([^\/\s]+))(.[^\s]+)', repl_url, str(row))

        except:

            pass



        row = re.sub("(\s+)", ' ', str(row)).lower()

        row = re.sub("(\s+.\s+)", ' ', str(row)).lower()



        yield row





text_cleaning = clean_text(text_raw)

summary_cleaning = clean_text(summary_raw)
text = [str(doc) for doc in text_cleaning]

summary = ['_START_ '+ str(doc) + ' _END_' for doc in summary_cleaning]
text[0]
summary[0]
def get_word_percent(column, limit):

    count = 0

    for sentence in column:

        if len(sentence.split()) <= limit:

            count += 1



    return round(count/len(column), 2)





# Check how many % of summary have 0-15 words

print(get_word_percent(summary, 15))



# Check how many % of summary have 0-80 words

print(get_word_percent(text, 80))
max_text_len = 10

max_summary_len = 6
cleaned_text = np.array(text)

cleaned_summary = np.array(summary)



# select the summary and text between their defined respective max lens

short_text = []

short_summary = []



for i in range(len(cleaned_text)):

    if len(cleaned_text[i].split()) <= max_text_len and len(cleaned_summary[i].split()) <= max_summary_len:

        short_text.append(cleaned_text[i])

        short_summary.append(cleaned_summary[i])



start_token = 'sostok'

end_token = 'eostok'



# adding start & end token in the start & end of each summary

short_summary = [f'{start_token} {x} {end_token}' for x in short_summary]
x_train, x_val, y_train, y_val = train_test_split(

    np.array(short_text), np.array(short_summary),

    test_size=0.1, random_state=1, shuffle=True

)
# rare word analysis

def get_rare_word_percent(tokenizer, threshold):

    # threshold: if the word's occurrence is less than this then it's rare word



    count = 0

    total_count = 0

    frequency = 0

    total_frequency = 0



    for key, value in tokenizer.word_counts.items():

        total_count += 1

        total_frequency += value

        if value < threshold:

            count += 1

            frequency += value



    return {

        'percent': round((count/total_count)*100, 2),

        'total_coverage': round(frequency/total_frequency*100, 2),

        'count': count,

        'total_count': total_count

    }
x_tokenizer = Tokenizer()

x_tokenizer.fit_on_texts(list(x_train))



x_tokens_data = get_rare_word_percent(x_tokenizer, 4)

print(x_tokens_data)
x_tokenizer = Tokenizer()



x_tokenizer.fit_on_texts(list(x_train))
# save tokenizer

with open('x_tokenizer', 'wb') as f:

    pickle.dump(x_tokenizer, f, protocol=pickle.HIGHEST_PROTOCOL)
# one-hot-encoding

x_train_sequence = x_tokenizer.texts_to_sequences(x_train)

x_val_sequence = x_tokenizer.texts_to_sequences(x_val)



# padding upto max_text_len

x_train_padded = pad_sequences(x_train_sequence, maxlen=max_text_len, padding='post')

x_val_padded = pad_sequences(x_val_sequence, maxlen=max_text_len, padding='post')



# if you're using num_words parameter in Tokenizer then use this

x_vocab_size = len(x_tokenizer.word_index) + 1



print(x_vocab_size)
y_tokenizer = Tokenizer()

y_tokenizer.fit_on_texts(list(y_train))



y_tokens_data = get_rare_word_percent(y_tokenizer, 6)

print(y_tokens_data)
y_tokenizer = Tokenizer()



y_tokenizer.fit_on_texts(list(y_train))
# save tokenizer

with open('y_tokenizer', 'wb') as f:

    pickle.dump(y_tokenizer, f, protocol=pickle.HIGHEST_PROTOCOL)
# one-hot-encoding

y_train_sequence = y_tokenizer.texts_to_sequences(y_train)

y_val_sequence = y_tokenizer.texts_to_sequences(y_val)



# padding upto max_summary_len

y_train_padded = pad_sequences(y_train_sequence, maxlen=max_summary_len, padding='post')

y_val_padded = pad_sequences(y_val_sequence, maxlen=max_summary_len, padding='post')



y_vocab_size = len(y_tokenizer.word_index) + 1



print(y_vocab_size)
# removing summary which only has sostok & eostok

def remove_indexes(summary_array):

    remove_indexes = []

    for i in range(len(summary_array)):

        count = 0

        for j in summary_array[i]:

            if j != 0:

                count += 1

        if count == 2:

            remove_indexes.append(i)

    return remove_indexes





remove_train_indexes = remove_indexes(y_train_padded)

remove_val_indexes = remove_indexes(y_val_padded)
y_train_padded = np.delete(y_train_padded, remove_train_indexes, axis=0)

x_train_padded = np.delete(x_train_padded, remove_train_indexes, axis=0)



y_val_padded = np.delete(y_val_padded, remove_val_indexes, axis=0)

x_val_padded = np.delete(x_val_padded, remove_val_indexes, axis=0)
latent_dim = 8

embedding_dim = 8
tf.keras.backend.clear_session()
# instantiate a distribution strategy

tpu_strategy = _Strategy()
# Model with just LSTM layers

def build_basic_seq2seq_model(embedding_dim, latent_dim, max_text_len, x_vocab_size, y_vocab_size):

    # instantiating the model in the strategy scope creates the model on the TPU

    with tpu_strategy.scope():

    

        # =====================

        # 🔥 Encoder

        # =====================

        encoder_input = Input(shape=(max_text_len,))



        # encoder embedding layer

        encoder_embedding = Embedding(x_vocab_size, embedding_dim, trainable=True)(encoder_input)



        # encoder lstm 1

        encoder_lstm1 = LSTM(latent_dim, return_sequences=True, return_state=True, dropout=0.0, recurrent_dropout=0.0)

        encoder_output1, state_h1, state_c1 = encoder_lstm1(encoder_embedding)



        # encoder lstm 2

        encoder_lstm2 = LSTM(latent_dim, return_sequences=True, return_state=True, dropout=0.0, recurrent_dropout=0.0)

        encoder_output, *encoder_final_states = encoder_lstm2(encoder_output1)



        # =====================

        # 🌈 Decoder

        # =====================



        # Set up the decoder, using `encoder_states` as initial state.



        decoder_input = Input(shape=(None,))



        # decoder embedding layer

        decoder_embedding_layer = Embedding(y_vocab_size, embedding_dim, trainable=True)

        decoder_embedding = decoder_embedding_layer(decoder_input)



        # decoder lstm 1

        decoder_lstm = LSTM(latent_dim, return_sequences=True, return_state=True, dropout=0.0, recurrent_dropout=0.0)

        decoder_output, *decoder_final_states = decoder_lstm(decoder_embedding, initial_state=encoder_final_states)



        # dense layer

        decoder_dense = TimeDistributed(Dense(y_vocab_size, activation='softmax'))

        decoder_output = decoder_dense(decoder_output)



        # =====================

        # ⚡️ Model

        # =====================

        model = Model([encoder_input, decoder_input], decoder_output)

        model.summary()





        optimizer = tf.keras.optimizers.RMSprop(learning_rate=0.001)

        model.compile(optimizer=optimizer, loss='sparse_categorical_crossentropy')



        return {

            'model': model,

            'inputs': {

                'encoder': encoder_input,

                'decoder': decoder_input

            },

            'outputs': {

                'encoder': encoder_output,

                'decoder': decoder_output

            },

            'states': {

                'encoder': encoder_final_states,

                'decoder': decoder_final_states

            },

            'layers': {

                'decoder': {

                    'embedding': decoder_embedding_layer,

                    'last_decoder_lstm': decoder_lstm,

                    'dense': decoder_dense

                }

            }

        }
# Using model with just lstms

seq2seq = build_basic_seq2seq_model(embedding_dim, latent_dim, max_text_len, x_vocab_size, y_vocab_size)

# If you want to change model then just change the function above



model = seq2seq['model']



encoder_input = seq2seq['inputs']['encoder']

decoder_input = seq2seq['inputs']['decoder']



encoder_output = seq2seq['outputs']['encoder']

decoder_output = seq2seq['outputs']['decoder']



encoder_final_states = seq2seq['states']['encoder']

decoder_final_states = seq2seq['states']['decoder']



decoder_embedding_layer = seq2seq['layers']['decoder']['embedding']

last_decoder_lstm = seq2seq['layers']['decoder']['last_decoder_lstm']

decoder_dense = seq2seq['layers']['decoder']['dense']
model.layers[-2].input
callbacks = [

    tf.keras.callbacks.EarlyStopping(

        monitor='val_loss', mode='min', verbose=1, patience=2),

    tf.keras.callbacks.ReduceLROnPlateau(

        monitor="val_loss", factor=0.1, patience=1, min_lr=0.000001, verbose=1),

]
history = model.fit(

    [x_train_padded, y_train_padded[:, :-1]],

    y_train_padded.reshape(y_train_padded.shape[0], y_train_padded.shape[1], 1)[:, 1:],

    epochs=3,

    batch_size=128*tpu_strategy.num_replicas_in_sync,

    callbacks=callbacks,

    validation_data=(

        [x_val_padded, y_val_padded[:, :-1]], 

        y_val_padded.reshape(y_val_padded.shape[0], y_val_padded.shape[1], 1)[:, 1:]

    )

)
# Next, let’s build the dictionary to convert the index to word for target and source vocabulary:



reverse_target_word_index = y_tokenizer.index_word

reverse_source_word_index = x_tokenizer.index_word

target_word_index = y_tokenizer.word_index
def build_basic_seq2seq_model_inference(

    max_text_len, latent_dim,

    encoder_input, encoder_output, encoder_final_states,

    decoder_input, decoder_output, 

    decoder_embedding_layer, decoder_dense, last_decoder_lstm

):

    # Encode the input sequence to get the feature vector

    encoder_model = Model(inputs=encoder_input, outputs=[encoder_output] + encoder_final_states)

    

    # Decoder setup

    # Below tensors will hold the states of the previous time step

    decoder_state_input_h = Input(shape=(latent_dim,))

    decoder_state_input_c = Input(shape=(latent_dim,))

    decoder_hidden_state_input = Input(shape=(max_text_len, latent_dim))

    

    # Get the embeddings of the decoder sequence

    decoder_embedding = decoder_embedding_layer(decoder_input)

    

    # To predict the next word in the sequence, set the initial

    # states to the states from the previous time step

    decoder_output, *decoder_states = last_decoder_lstm(

        decoder_embedding, initial_state=[decoder_state_input_h, decoder_state_input_c]

    )

    

    # A dense softmax layer to generate prob dist. over the target vocabulary

    decoder_output = decoder_dense(decoder_output)

    

    # Final decoder model

    decoder_model = Model(

        [decoder_input] + [decoder_hidden_state_input, decoder_state_input_h, decoder_state_input_c],

        [decoder_output] + decoder_states

    )

    

    return (encoder_model, decoder_model)
encoder_model, decoder_model = build_basic_seq2seq_model_inference(max_text_len, latent_dim, encoder_input, encoder_output, encoder_final_states, decoder_input, decoder_output, decoder_embedding_layer, decoder_dense, last_decoder_lstm)
encoder_model.summary()
decoder_model.summary()
decoder_model.layers[-3].input
def decode_sequence_for_basic_seq2seq_model(input_sequence, encoder_model, decoder_model):

    # Encode the input as state vectors.

    e_out, e_h, e_c = encoder_model.predict(input_sequence)



    # Generate empty target sequence of length 1.

    target_seq = np.zeros((1, 1))



    # Populate the first word of target sequence with the start word.

    target_seq[0, 0] = target_word_index[start_token]



    stop_condition = False

    decoded_sentence = ''



    while not stop_condition:

        output_tokens, h, c = decoder_model.predict([target_seq] + [e_out, e_h, e_c])



        # Sample a token

        sampled_token_index = np.argmax(output_tokens[0, -1, :])

        sampled_token = reverse_target_word_index[sampled_token_index]



        if sampled_token != end_token:

            decoded_sentence += ' ' + sampled_token



        # Exit condition: either hit max length or find stop word.

        if (sampled_token == end_token) or (len(decoded_sentence.split()) >= (max_summary_len-1)):

            stop_condition = True



        # Update the target sequence (of length 1).

        target_seq = np.zeros((1, 1))

        target_seq[0, 0] = sampled_token_index



        # Update internal states

        e_h, e_c = h, c



    return decoded_sentence
def seq2summary(input_sequence):

    new_string = ''

    for i in input_sequence:

        if((i != 0 and i != target_word_index[start_token]) and (i != target_word_index[end_token])):

            new_string = new_string + reverse_target_word_index[i] + ' '

    return new_string





def seq2text(input_sequence):

    new_string = ''

    for i in input_sequence:

        if i != 0:

            new_string = new_string + reverse_source_word_index[i] + ' '

    return new_string
# Testing on training data



for i in range(0, 3):

    print(f"# {i+1} News: ", seq2text(x_train_padded[i]))

    print("Original summary: ", seq2summary(y_train_padded[i]))

    print("Predicted summary: ", decode_sequence_for_basic_seq2seq_model(x_train_padded[i].reshape(1, max_text_len), encoder_model, decoder_model))

    print()
# HDF5 format

model.save('model.h5')    

encoder_model.save('encoder_model.h5')

decoder_model.save('decoder_model.h5')
