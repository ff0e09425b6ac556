# source: aqilfiqran/photo-caption-with-deeplearning clean.py, tokenizer.py, feature.py, model.py, create_feature.py, train.py, generate.py, evaluate.py and test.py (a copy of J. Brownlee's widely copied "How to Develop a Deep Learning Photo Caption Generator from Scratch", Machine Learning Mastery: the "merge" captioning model on VGG16 features of Flickr8k photos, trained with progressive loading, one photo's captions per batch)
# commit: d442d9e1adc9c5fe3d6ff5e2ff7459ce645cefec
# keras: tf_keras
# exercises: the Flickr8k text pipeline on files (load_doc, load_descriptions, clean_descriptions with str.maketrans punctuation removal, save_descriptions, load_set, load_clean_descriptions wrapping 'startseq ... endseq', load_photo_features from a pickle); Tokenizer().fit_on_texts, texts_to_sequences, word_index; the tokenizer pickled and loaded back; create_sequences splitting each caption into prefixes padded by pad_sequences([in_seq], maxlen=...) (pre-padding) and to_categorical([out_seq], num_classes=vocab_size)[0]; Keras 2's `from keras.layers.merge import add`; a functional two-input Model: photo Input(shape=(features,)) -> Dropout -> Dense(relu), caption Input(shape=(max_length,)) -> Embedding(mask_zero=True) -> Dropout -> LSTM, add([fe2, se3]) (a masked LSTM's output added to an unmasked one), Dense(relu), Dense(softmax); compile(loss='categorical_crossentropy', optimizer='adam') without metrics; model.summary(); Keras 2's fit_generator over an endless generator yielding [[in_img, in_seq], out_word] lists, one photo (a batch of its own size) per step, epochs=1 steps_per_epoch=len(descriptions) in a Python loop that makes a new generator per epoch and model.save('model/model_' + str(i) + '.h5') after each; load_model of the last .h5; greedy generate_desc calling predict([photo, sequence], verbose=0) once per word, argmax, word_for_id over word_index, stopping at 'endseq' or max_length, over the test photos (evaluate_model) and one more photo
# reduced: Flickr8k (Flicker8k_text/Flickr8k.token.txt, Flickr_8k.trainImages.txt, Flickr_8k.testImages.txt and the photos of Flicker8k_Dataset) replaced by make_flickr_text(), which writes those three text files in the scratch folder with 18 made-up captions (3 each, in the Flickr8k token format with '#n' suffixes, punctuation, capitals, 'a' and a number for clean_descriptions to remove) of 6 made-up training and 2 test photo ids; VGG16 feature extraction (feature.py's extract_features, a download of ImageNet weights and the photos) replaced by make_features(), seeded made-up relu-like feature rows of shape (1, 16) for every photo id (4096 -> 16 wide), and the test's extract_features('example.jpg') by one more such row; the modules inlined in the order a run uses them (clean.py, tokenizer.py, feature.py's loaders, model.py, create_feature.py, train.py, generate.py, evaluate.py, test.py), their cross-imports dropped; the folder model/ that README asks one to make made by os.makedirs; Dense, Embedding and LSTM widths 256 -> 8; Dropout 0.5 -> 0 (random masks cannot match); epochs 20 -> 2; plot_model (needs pydot and graphviz) dropped; in test.py the stray line `from feature import` (a syntax error) dropped, `load_model(filename=filename)` (no such argument) written load_model(filename), 'model/model_19.h5' -> 'model/model_1.h5' (the last of 2 epochs) and the pre-defined max_length = 34 (Flickr8k's) -> 10 (these captions' longest, which the model was built for); evaluate.py's BLEU scores (nltk's corpus_bleu, not installed) dropped from evaluate_model, which prints each generated caption instead
import os
import string
from pickle import dump, load

import numpy as np
from numpy import array, argmax
from keras.preprocessing.text import Tokenizer
from keras.preprocessing.sequence import pad_sequences
from keras.utils import to_categorical
from keras.models import Model, load_model
from keras.layers import Dropout, Embedding, LSTM, Input, Dense
from keras.layers.merge import add

FEATURES = 16

CAPTIONS = {
    'p01': ['A black dog runs across the green grass .', 'The dog is running on grass .', 'A dog runs outside .'],
    'p02': ['A child plays in the water at the beach .', 'A young child is playing in water .', 'Child at the beach in 2 shoes .'],
    'p03': ['Two men ride bikes down the road .', 'Men are riding bikes on a road .', 'Two bikes on the road .'],
    'p04': ['A brown dog jumps into the water .', "The dog's jump into water .", 'A dog is swimming in the water .'],
    'p05': ['A girl in a red shirt runs on the grass .', 'The girl is running outside .', 'Girl runs across grass .'],
    'p06': ['A man is climbing a big rock .', 'The man climbs the rock .', 'A climber on a rock wall .'],
    'p07': ['A black dog plays on the beach .', 'The dog is running in water .', 'A dog at the beach .'],
    'p08': ['Two children ride bikes on grass .', 'Children are riding down the road .', 'A child on a bike .'],
}


def make_flickr_text():
    # Stands in for Flickr8k's text archive: the token file and the train/test photo lists.
    os.makedirs('Flicker8k_text', exist_ok=True)
    lines = ['%s.jpg#%d\t%s' % (key, n, c) for key, caps in CAPTIONS.items() for n, c in enumerate(caps)]
    with open('Flicker8k_text/Flickr8k.token.txt', 'w') as f:
        f.write('\n'.join(lines) + '\n')
    with open('Flicker8k_text/Flickr_8k.trainImages.txt', 'w') as f:
        f.write('\n'.join('%s.jpg' % k for k in list(CAPTIONS)[:6]) + '\n')
    with open('Flicker8k_text/Flickr_8k.testImages.txt', 'w') as f:
        f.write('\n'.join('%s.jpg' % k for k in list(CAPTIONS)[6:]) + '\n')


def make_features(directory=None, filename=None):
    # Stands in for extract_features (VGG16's fc2 outputs): a seeded made-up row per photo.
    rng = np.random.RandomState(3)
    if filename:
        return rng.rand(1, FEATURES).astype('float32')
    return {key: rng.rand(1, FEATURES).astype('float32') for key in CAPTIONS}


make_flickr_text()


# ---- clean.py

# load doc into memory
def load_doc(filename):
    # open the file as read only
    file = open(filename, 'r')
    # read all text
    text = file.read()
    # close the file
    file.close()
    return text


# extract descriptions for images
def load_descriptions(doc):
    mapping = dict()
    # process lines
    for line in doc.split('\n'):
        # split line by white space
        tokens = line.split()
        if len(line) < 2:
            continue
        # take the first token as the image id, the rest as the description
        image_id, image_desc = tokens[0], tokens[1:]
        # remove filename from image id
        image_id = image_id.split('.')[0]
        # convert description tokens back to string
        image_desc = ' '.join(image_desc)
        # create the list if needed
        if image_id not in mapping:
            mapping[image_id] = list()
        # store description
        mapping[image_id].append(image_desc)
    return mapping


def clean_descriptions(descriptions):
    # prepare translation table for removing punctuation
    table = str.maketrans('', '', string.punctuation)
    for key, desc_list in descriptions.items():
        for i in range(len(desc_list)):
            desc = desc_list[i]
            # tokenize
            desc = desc.split()
            # convert to lower case
            desc = [word.lower() for word in desc]
            # remove punctuation from each token
            desc = [w.translate(table) for w in desc]
            # remove hanging 's' and 'a'
            desc = [word for word in desc if len(word) > 1]
            # remove tokens with numbers in them
            desc = [word for word in desc if word.isalpha()]
            # store as string
            desc_list[i] = ' '.join(desc)


# convert the loaded descriptions into a vocabulary of words
def to_vocabulary(descriptions):
    # build a list of all description strings
    all_desc = set()
    for key in descriptions.keys():
        [all_desc.update(d.split()) for d in descriptions[key]]
    return all_desc


# save descriptions to file, one per line
def save_descriptions(descriptions, filename):
    lines = list()
    for key, desc_list in descriptions.items():
        for desc in desc_list:
            lines.append(key + ' ' + desc)
    data = '\n'.join(lines)
    file = open(filename, 'w')
    file.write(data)
    file.close()


# ---- tokenizer.py

# covert a dictionary of clean descriptions to a list of descriptions
def to_lines(descriptions):
    all_desc = list()
    for key in descriptions.keys():
        [all_desc.append(d) for d in descriptions[key]]
    return all_desc


# fit a tokenizer given caption descriptions
def create_tokenizer(descriptions):
    lines = to_lines(descriptions)
    tokenizer = Tokenizer()
    tokenizer.fit_on_texts(lines)
    return tokenizer


# ---- feature.py (extract_features replaced by make_features above)

# load a pre-defined list of photo identifiers
def load_set(filename):
    doc = load_doc(filename)
    dataset = list()
    # process line by line
    for line in doc.split('\n'):
        # skip empty lines
        if len(line) < 1:
            continue
        # get the image identifier
        identifier = line.split('.')[0]
        dataset.append(identifier)
    return set(dataset)


# load clean descriptions into memory
def load_clean_descriptions(filename, dataset):
    # load document
    doc = load_doc(filename)
    descriptions = dict()
    for line in doc.split('\n'):
        # split line by white space
        tokens = line.split()
        # split id from description
        image_id, image_desc = tokens[0], tokens[1:]
        # skip images not in the set
        if image_id in dataset:
            # create list
            if image_id not in descriptions:
                descriptions[image_id] = list()
            # wrap description in tokens
            desc = 'startseq ' + ' '.join(image_desc) + ' endseq'
            # store
            descriptions[image_id].append(desc)
    return descriptions


# load photo features
def load_photo_features(filename, dataset):
    # load all features
    all_features = load(open(filename, 'rb'))
    # filter features
    features = {k: all_features[k] for k in dataset}
    return features


# ---- model.py

# calculate the length of the description with the most words
def max_length(descriptions):
    lines = to_lines(descriptions)
    return max(len(d.split()) for d in lines)


# create sequences of images, input sequences and output words for an image
def create_sequences(tokenizer, max_length, desc_list, photo, vocab_size):
    X1, X2, y = list(), list(), list()
    # walk through each description for the image
    for desc in desc_list:
        # encode the sequence
        seq = tokenizer.texts_to_sequences([desc])[0]
        # split one sequence into multiple X,y pairs
        for i in range(1, len(seq)):
            # split into input and output pair
            in_seq, out_seq = seq[:i], seq[i]
            # pad input sequence
            in_seq = pad_sequences([in_seq], maxlen=max_length)[0]
            # encode output sequence
            out_seq = to_categorical([out_seq], num_classes=vocab_size)[0]
            # store
            X1.append(photo)
            X2.append(in_seq)
            y.append(out_seq)
    return array(X1), array(X2), array(y)


# define the captioning model
def define_model(vocab_size, max_length):
    # feature extractor model
    inputs1 = Input(shape=(FEATURES,))
    fe1 = Dropout(0)(inputs1)
    fe2 = Dense(8, activation='relu')(fe1)
    # sequence model
    inputs2 = Input(shape=(max_length,))
    se1 = Embedding(vocab_size, 8, mask_zero=True)(inputs2)
    se2 = Dropout(0)(se1)
    se3 = LSTM(8)(se2)
    # decoder model
    decoder1 = add([fe2, se3])
    decoder2 = Dense(8, activation='relu')(decoder1)
    outputs = Dense(vocab_size, activation='softmax')(decoder2)
    # tie it together [image, seq] [word]
    model = Model(inputs=[inputs1, inputs2], outputs=outputs)
    # compile model
    model.compile(loss='categorical_crossentropy', optimizer='adam')
    # summarize model
    model.summary()
    return model


# data generator, intended to be used in a call to model.fit_generator()
def data_generator(descriptions, photos, tokenizer, max_length, vocab_size):
    # loop for ever over images
    while 1:
        for key, desc_list in descriptions.items():
            # retrieve the photo feature
            photo = photos[key][0]
            in_img, in_seq, out_word = create_sequences(
                tokenizer, max_length, desc_list, photo, vocab_size)
            yield [[in_img, in_seq], out_word]


# ---- create_feature.py
# extract features from all images
directory = 'Flicker8k_Dataset'
features = make_features(directory=directory)
print('Extracted Features: %d' % len(features))
# save to file
dump(features, open('features.pkl', 'wb'))


filename = 'Flicker8k_text/Flickr8k.token.txt'
# load descriptions
doc = load_doc(filename)
# parse descriptions
descriptions = load_descriptions(doc)
print('Loaded: %d ' % len(descriptions))
# clean descriptions
clean_descriptions(descriptions)
# summarize vocabulary
vocabulary = to_vocabulary(descriptions)
print('Vocabulary Size: %d' % len(vocabulary))
# save to file
save_descriptions(descriptions, 'descriptions.txt')


# load training dataset (6K)
filename = 'Flicker8k_text/Flickr_8k.trainImages.txt'
train = load_set(filename)
print('Dataset: %d' % len(train))
# descriptions
train_descriptions = load_clean_descriptions('descriptions.txt', train)
print('Descriptions: train=%d' % len(train_descriptions))
# prepare tokenizer
tokenizer = create_tokenizer(train_descriptions)
# save the tokenizer
dump(tokenizer, open('tokenizer.pkl', 'wb'))


# ---- train.py
os.makedirs('model', exist_ok=True)
# load training dataset (6K)
filename = 'Flicker8k_text/Flickr_8k.trainImages.txt'
train = load_set(filename)
print('Dataset: %d' % len(train))
# descriptions
train_descriptions = load_clean_descriptions('descriptions.txt', train)
print('Descriptions: train=%d' % len(train_descriptions))
# photo features
train_features = load_photo_features('features.pkl', train)
print('Photos: train=%d' % len(train_features))
# prepare tokenizer
tokenizer = load(open('tokenizer.pkl', 'rb'))
vocab_size = len(tokenizer.word_index) + 1
print('Vocabulary Size: %d' % vocab_size)
# determine the maximum sequence length
max_length = max_length(train_descriptions)
print('Description Length: %d' % max_length)

# define the model
model = define_model(vocab_size, max_length)
# train the model, run epochs manually and save after each epoch
epochs = 2
steps = len(train_descriptions)
for i in range(epochs):
    # create the data generator
    generator = data_generator(
        train_descriptions, train_features, tokenizer, max_length, vocab_size)
    # fit for one epoch
    model.fit_generator(generator, epochs=1, steps_per_epoch=steps, verbose=1)
    # save model
    model.save('model/model_' + str(i) + '.h5')


# ---- generate.py

# map an integer to a word
def word_for_id(integer, tokenizer):
    for word, index in tokenizer.word_index.items():
        if index == integer:
            return word
    return None


# generate a description for an image
def generate_desc(model, tokenizer, photo, max_length):
    # seed the generation process
    in_text = 'startseq'
    # iterate over the whole length of the sequence
    for i in range(max_length):
        # integer encode input sequence
        sequence = tokenizer.texts_to_sequences([in_text])[0]
        # pad input
        sequence = pad_sequences([sequence], maxlen=max_length)
        # predict next word
        yhat = model.predict([photo, sequence], verbose=0)
        # convert probability to integer
        yhat = argmax(yhat)
        # map integer to word
        word = word_for_id(yhat, tokenizer)
        # stop if we cannot map the word
        if word is None:
            break
        # append as input for generating the next word
        in_text += ' ' + word
        # stop if we predict the end of the sequence
        if word == 'endseq':
            break
    return in_text


# ---- evaluate.py

# evaluate the skill of the model
def evaluate_model(model, descriptions, photos, tokenizer, max_length):
    actual, predicted = list(), list()
    # step over the whole set
    for key, desc_list in descriptions.items():
        # generate description
        yhat = generate_desc(model, tokenizer, photos[key], max_length)
        # store actual and predicted
        references = [d.split() for d in desc_list]
        actual.append(references)
        predicted.append(yhat.split())
        print(key, yhat)


# ---- test.py
# load the tokenizer
tokenizer = load(open('tokenizer.pkl', 'rb'))
# pre-define the max sequence length (from training)
max_length = 10
# load test set
filename = 'Flicker8k_text/Flickr_8k.testImages.txt'
test = load_set(filename)
print('Dataset: %d' % len(test))
# descriptions
test_descriptions = load_clean_descriptions('descriptions.txt', test)
print('Descriptions: test=%d' % len(test_descriptions))
# photo features
test_features = load_photo_features('features.pkl', test)
print('Photos: test=%d' % len(test_features))

# load the model
filename = 'model/model_1.h5'
model = load_model(filename)
# evaluate model
evaluate_model(model, test_descriptions, test_features, tokenizer, max_length)

# load and prepare the photograph
photo = make_features(filename='example.jpg')
# generate description
description = generate_desc(model, tokenizer, photo, max_length)
print(description)
