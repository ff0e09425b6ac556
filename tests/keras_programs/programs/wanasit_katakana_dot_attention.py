# source: wanasit/katakana "notebooks/Attention-based Sequence-to-Sequence in Keras.ipynb" with katakana/encoding.py (Wanasit Tanakitrungruang's widely read "Attention-based Sequence-to-Sequence in Keras" tutorial: English names to Katakana, character-level, Luong global attention with dot scores written from Keras merge layers; its code cells in order)
# commit: 094ba494fdad3cf488ed708fb880de7520eb9dc1 (notebook), 04a654739549702ac7ddd6ca0a64d687b9c75f1f (katakana/encoding.py)
# keras: tf_keras
# exercises: `from keras.layers import Input, Embedding, LSTM, TimeDistributed, Dense, SimpleRNN, Activation, dot, concatenate` and `from keras.models import Model, load_model`; encoding.build_characters_encoding over a set of characters (START = 1, padding 0) and transform into float (n, 20) id arrays; two Input(shape=(LENGTH,)) of float ids; Embedding(input_length=, mask_zero=True) on both; LSTM(return_sequences=True, unroll=True) encoder; KerasTensor slicing encoder[:, -1, :] (the last step's output, a masked step for short names) as both initial states of the decoder LSTM(return_sequences=True, unroll=True)(decoder, initial_state=[encoder_last, encoder_last]); the functional merges dot([decoder, encoder], axes=[2, 2]), Activation('softmax', name='attention') over a 3-D score, dot([attention, encoder], axes=[2, 1]), concatenate([context, decoder]) (a masked and an unmasked input), TimeDistributed(Dense(64, activation="tanh")), TimeDistributed(Dense(softmax)); compile(optimizer='adam', loss='categorical_crossentropy') with the decoder's mask reaching the loss; one-hot targets np.eye(n)[ids.astype('int')]; fit(x=[..], y=[..], validation_data=([..], [..]), verbose=2, batch_size=64, epochs=) twice; model.save('model.h5') / os.path.isfile guard around load_model; greedy decoding: predict on a growing decoder input, .argmax(axis=2); model.layers listed with str(l) and l.name, model.layers[8] == model.get_layer('attention') (see reduced); Model(inputs=model.inputs, outputs=model.outputs + [attention_layer.output]), attention_model.output_shape, its predict giving [output, attention]
# reduced: pd.read_csv('../data/joined_titles.csv', header=None).sample(frac=1, random_state=0) (a crawled Wikipedia title list, 75,000 pairs; pandas is not installed here) replaced by make_pairs(): 80 made-up names of 2-3 syllables (random.Random(0)) with a made-up syllable-by-syllable Katakana spelling, in a seeded order; Python 2's s.decode('utf-8') dropped and the percentile slice bounds data_size*60/100 written data_size*60//100 (Python 3: a float cannot index); INPUT_LENGTH and OUTPUT_LENGTH 20 -> 8 (and the 20 hard-coded in generate and attent_and_generate -> INPUT_LENGTH); Embedding width and LSTM units 64 -> 8, the tanh Dense 64 -> 8; epochs 30 and 5 -> 2 and 1 (48 training pairs: one batch of batch_size 64, so fit's shuffling cannot change the result); `sys.path.append(...)` / `from katakana import encoding` replaced by the encoding module inlined as a namespace class; the tested names cut to 4 + 2 and the attention heat map's seaborn / matplotlib plotting dropped (attent_and_generate still run on one name, its density and katakana printed); model.layers[7] -> model.layers[8] in the assert and comment (tf-keras 2.x lists the encoder[:, -1, :] slice as a layer of its own, a SlicingOpLambda, before the attention; the notebook's Keras 2.1 did not, and the assert fails on tf-keras as written); build_characters_encoding iterates sorted(set(...)) in place of set(...) (a set of strings is ordered by Python's per-process hash seed, and the two runs are separate processes); the input encoding is built over data_input plus the six tested names (lowercased) so that their letters and the space have ids (with the made-up names transform would raise KeyError on them; the real 75,000 titles cover every letter)
from __future__ import print_function

import sys
import os
import random
import numpy as np

from keras.layers import Input, Embedding, LSTM, TimeDistributed, Dense
from keras.models import Model, load_model


class encoding:
    # ---- katakana/encoding.py, inlined
    CHAR_CODE_START = 1
    CHAR_CODE_PADDING = 0

    @staticmethod
    def build_characters_encoding(titles):
        count = 2
        encoding = {}
        decoding = {1: 'START'}
        for c in sorted(set([c for title in titles for c in title])):
            encoding[c] = count
            decoding[count] = c
            count += 1
        return encoding, decoding, count

    @staticmethod
    def transform(encoding, data, vector_size=20):
        transformed_data = np.zeros(shape=(len(data), vector_size))
        for i in range(len(data)):
            for j in range(min(len(data[i]), vector_size)):
                transformed_data[i][j] = encoding[data[i][j]]
        return transformed_data


def make_pairs(n=80):
    # Stands in for ../data/joined_titles.csv: made-up names and a syllable-wise Katakana spelling.
    syllables = {'ka': 'カ', 'ki': 'キ', 'ko': 'コ', 'ma': 'マ', 'mi': 'ミ', 'no': 'ノ', 'ra': 'ラ',
                 'ri': 'リ', 'ro': 'ロ', 'ta': 'タ', 'to': 'ト', 'sa': 'サ', 'n': 'ン', 'ja': 'ジャ',
                 'me': 'メ', 'su': 'ス', 'jo': 'ジョ', 'li': 'リ', 'da': 'ダ', 'pa': 'パ'}
    r = random.Random(0)
    keys = sorted(syllables)
    pairs = []
    for _ in range(n):
        parts = [r.choice(keys) for _ in range(r.randint(2, 3))]
        pairs.append((''.join(parts).capitalize(), ''.join(syllables[p] for p in parts)))
    return pairs


INPUT_LENGTH = 8
OUTPUT_LENGTH = 8

data = make_pairs()

data_input = [s.lower() for s, _ in data]
data_output = [t for _, t in data]
print(data_input[0], data_output[0])
print(data_input[5], data_output[5])

data_size = len(data)

# We will use the first 0-60th %-tile (60%) of data for the training
training_input  = data_input[data_size*0//100:data_size*60//100]
training_output = data_output[data_size*0//100:data_size*60//100]

# We will use the first 60-70th %-tile (10%) of data for the training
validation_input = data_input[data_size*60//100:data_size*70//100]
validation_output = data_output[data_size*60//100:data_size*70//100]

print('training size', len(training_input))
print('validation size', len(validation_input))

input_encoding, input_decoding, input_dict_size = encoding.build_characters_encoding(data_input + [n.lower() for n in ['James', 'John', 'Robert', 'Mary', 'Banana', 'Peter Parker']])
output_encoding, output_decoding, output_dict_size = encoding.build_characters_encoding(data_output)

print('English character dict size:', input_dict_size)
print('Katakana character dict size:', output_dict_size)

encoded_training_input = encoding.transform(
    input_encoding, training_input, vector_size=INPUT_LENGTH)
encoded_training_output = encoding.transform(
    output_encoding, training_output, vector_size=OUTPUT_LENGTH)

print('encoded_training_input', encoded_training_input.shape)
print('encoded_training_output', encoded_training_output.shape)

encoded_validation_input = encoding.transform(
    input_encoding, validation_input, vector_size=INPUT_LENGTH)
encoded_validation_output = encoding.transform(
    output_encoding, validation_output, vector_size=OUTPUT_LENGTH)

print('encoded_validation_input', encoded_validation_input.shape)
print('encoded_validation_output', encoded_validation_output.shape)

encoder_input = Input(shape=(INPUT_LENGTH,))
decoder_input = Input(shape=(OUTPUT_LENGTH,))

from keras.layers import SimpleRNN

encoder = Embedding(input_dict_size, 8, input_length=INPUT_LENGTH, mask_zero=True)(encoder_input)
encoder = LSTM(8, return_sequences=True, unroll=True)(encoder)
encoder_last = encoder[:,-1,:]

print('encoder', encoder)
print('encoder_last', encoder_last)

decoder = Embedding(output_dict_size, 8, input_length=OUTPUT_LENGTH, mask_zero=True)(decoder_input)
decoder = LSTM(8, return_sequences=True, unroll=True)(decoder, initial_state=[encoder_last, encoder_last])

print('decoder', decoder)

from keras.layers import Activation, dot, concatenate

# Equation (7) with 'dot' score from Section 3.1 in the paper.
# Note that we reuse Softmax-activation layer instead of writing tensor calculation
attention = dot([decoder, encoder], axes=[2, 2])
attention = Activation('softmax', name='attention')(attention)
print('attention', attention)

context = dot([attention, encoder], axes=[2,1])
print('context', context)

decoder_combined_context = concatenate([context, decoder])
print('decoder_combined_context', decoder_combined_context)

# Has another weight + tanh layer as described in equation (5) of the paper
output = TimeDistributed(Dense(8, activation="tanh"))(decoder_combined_context)
output = TimeDistributed(Dense(output_dict_size, activation="softmax"))(output)
print('output', output)

model = Model(inputs=[encoder_input, decoder_input], outputs=[output])
model.compile(optimizer='adam', loss='categorical_crossentropy')

training_encoder_input = encoded_training_input
training_decoder_input = np.zeros_like(encoded_training_output)
training_decoder_input[:, 1:] = encoded_training_output[:,:-1]
training_decoder_input[:, 0] = encoding.CHAR_CODE_START
training_decoder_output = np.eye(output_dict_size)[encoded_training_output.astype('int')]

validation_encoder_input = encoded_validation_input
validation_decoder_input = np.zeros_like(encoded_validation_output)
validation_decoder_input[:, 1:] = encoded_validation_output[:,:-1]
validation_decoder_input[:, 0] = encoding.CHAR_CODE_START
validation_decoder_output = np.eye(output_dict_size)[encoded_validation_output.astype('int')]

if os.path.isfile('model.h5'):
    model = load_model('model.h5')
else:
    model.fit(x=[training_encoder_input, training_decoder_input], y=[training_decoder_output],
          validation_data=([validation_encoder_input, validation_decoder_input], [validation_decoder_output]),
          verbose=2, batch_size=64, epochs=2)

model.fit(x=[training_encoder_input, training_decoder_input], y=[training_decoder_output],
          validation_data=([validation_encoder_input, validation_decoder_input], [validation_decoder_output]),
          verbose=2, batch_size=64, epochs=1)

model.save('model.h5')


def generate(text):
    encoder_input = encoding.transform(input_encoding, [text.lower()], INPUT_LENGTH)
    decoder_input = np.zeros(shape=(len(encoder_input), OUTPUT_LENGTH))
    decoder_input[:,0] = encoding.CHAR_CODE_START
    for i in range(1, OUTPUT_LENGTH):
        output = model.predict([encoder_input, decoder_input]).argmax(axis=2)
        decoder_input[:,i] = output[:,i]
    return decoder_input[:,1:]

def decode(decoding, sequence):
    text = ''
    for i in sequence:
        if i == 0:
            break
        text += output_decoding[i]
    return text

def to_katakana(text):
    decoder_output = generate(text)
    return decode(output_decoding, decoder_output[0])


common_american_names = ['James', 'John', 'Robert', 'Mary']
for name in common_american_names:
    print(name, to_katakana(name))

print(to_katakana('Banana'))
print(to_katakana('Peter Parker'))

layers = model.layers
for l in layers:
    print('%s\tname:%s' % (str(l), l.name))
    
assert(model.layers[8] == model.get_layer('attention'))

attention_layer = model.get_layer('attention') # or model.layers[8]
attention_model = Model(inputs=model.inputs, outputs=model.outputs + [attention_layer.output])

print(attention_model)
print(attention_model.output_shape)

def attent_and_generate(text):
    encoder_input = encoding.transform(input_encoding, [text.lower()], INPUT_LENGTH)
    decoder_input = np.zeros(shape=(len(encoder_input), OUTPUT_LENGTH))
    decoder_input[:,0] = encoding.CHAR_CODE_START
    
    for i in range(1, OUTPUT_LENGTH):
        output, attention = attention_model.predict([encoder_input, decoder_input])
        decoder_input[:,i] = output.argmax(axis=2)[:,i]
        attention_density = attention[0]
        decoded_output = decode(output_decoding, decoder_input[0][1:])
        
    return attention_density, decoded_output

attention_density, katakana = attent_and_generate('Mary')
print(np.round(attention_density, 3), katakana)
