# source: udacity/AIND-VUI-Capstone train_utils.py, sample_models.py (simple_rnn_model), data_generator.py, utils.py, char_map.py and vui_notebook.ipynb (cells 12, 14, 34 and 42-44) (Udacity's Artificial Intelligence Nanodegree "Voice User Interfaces" capstone: an acoustic model for LibriSpeech trained with CTC through Keras Lambda layers)
# commit: b4e869fe4b119aa971d514d3eba1644d14fa4f81
# keras: tf_keras
# exercises: `from keras import backend as K`, `from keras.models import Model`, `from keras.layers import (Input, Lambda)` and sample_models's `from keras.layers import (BatchNormalization, Conv1D, Dense, Input, TimeDistributed, Activation, Bidirectional, SimpleRNN, GRU, LSTM)`; simple_rnn_model: Input(name='the_input', shape=(None, input_dim)) of any length, GRU(output_dim, return_sequences=True, implementation=2, name='rnn'), Activation('softmax', name='softmax'), a plain attribute model.output_length = lambda x: x set on the Model, print(model.summary()); add_ctc_loss: Input(name='the_labels', shape=(None,), dtype='float32'), two Input(shape=(1,), dtype='int64') lengths, Lambda(input_to_softmax.output_length) on the int64 lengths, Lambda(ctc_lambda_func, output_shape=(1,), name='ctc') over [input_to_softmax.output, labels, lengths, lengths] calling K.ctc_batch_cost (blank = last class 28), Model(inputs=[input_to_softmax.input, ...], outputs=loss_out) reusing the acoustic model's graph; compile(loss={'ctc': lambda y_true, y_pred: y_pred}) (a dict keyed by output name, a dummy loss returning the model's output) with SGD(momentum=0.9, nesterov=True, clipnorm=5) and Keras 2's decay as a default argument; ModelCheckpoint(filepath='results/model_0.h5', verbose=0) saving the whole CTC model (Lambda layers included) every epoch; fit_generator(generator=a Python generator yielding (dict of 4 named inputs, {'ctc': zeros}) batches of growing padded length, steps_per_epoch, epochs, validation_data=generator, validation_steps, callbacks, verbose); hist.history pickled and read back (cell 34: ['val_loss'], ['loss']); get_predictions: input_to_softmax.load_weights of the whole-model h5 (its layers with weights matched by order), predict on one (1, T, 8) clip, K.eval(K.ctc_decode(prediction, output_length)[0][0]) greedy decoding, int_sequence_to_text
# reduced: LibriSpeech (flac clips listed by create_desc_json.py in train_corpus.json / valid_corpus.json) replaced by make_corpus(): 24 training and 8 validation made-up JSON lines (key, duration, text of 2-4 made-up words) written to the two .json files the generator reads; utils.spectrogram_from_file (a wav file's FFT log-spectrogram) replaced by made_up_spectrogram(path): seeded numpy frames (seed from the clip's number; 2 frames per character of the text, 8 features); AudioGenerator's max_freq default 8000 -> 350 (calc_feat_dim(20, 350) = 8 features in place of 161, input_dim=161 -> 8 in simple_rnn_model's call); minibatch_size 20 -> 4 (6 training and 2 validation steps), epochs 20 -> 1 (the generators reshuffle with numpy's global np.random.permutation when they wrap around, and tf-keras's tf.data pipeline pulls the training generator ahead of the steps it trains on, so with more epochs, or fewer clips, the order of the two generators' draws, and with it the data, depends on how far each framework prefetches; 24 clips in steps of 4 make the one training reshuffle fall inside the epoch on both sides); data_generator's python_speech_features, librosa, scipy, matplotlib imports and its plotting / vis_train_features functions dropped with the notebook's plotting, IPython and session cells (1-10, 34's plots: its pickle reads kept); `from keras.optimizers import SGD` -> legacy SGD (tf-keras 2.21's new SGD refuses Keras 2's decay=, and the error names the legacy one) and SGD(lr=0.02, ...) -> SGD(learning_rate=0.02, ...) (README, "Where we differ from Keras": lr); only model_0 (simple_rnn_model, the one complete model; the others are student TODO stubs) trained, and get_predictions run on simple_rnn_model(input_dim=8) with results/model_0.h5 (cell 44 names final_model(), a TODO stub); get_predictions's Audio(audio_path) dropped; modules inlined in dependency order; in get_predictions the decoded ids' padding dropped (`pred_ints = [i for i in pred_ints if i > 0]` added): tf-keras 2.x's K.ctc_decode returns a dense (1, T) array padded with -1 (Keras 2.0's, which the course used, returned only the decoded length), and index_map has no key 0, so the line raises KeyError on tf-keras as written
import json
import os
import random
import numpy as np
import _pickle as pickle

from keras import backend as K
from keras.models import Model
from keras.layers import (BatchNormalization, Conv1D, Dense, Input, 
    TimeDistributed, Activation, Bidirectional, SimpleRNN, GRU, LSTM)
from keras.layers import (Input, Lambda)
from keras.optimizers.legacy import SGD
from keras.callbacks import ModelCheckpoint   


def make_corpus():
    # Stands in for LibriSpeech's train_corpus.json / valid_corpus.json (create_desc_json.py's format).
    r = random.Random(4)
    words = "the cat sat on a mat we go to see it now and then".split()
    for name, n in (('train_corpus.json', 24), ('valid_corpus.json', 8)):
        with open(name, 'w') as f:
            for i in range(n):
                text = ' '.join(r.choice(words) for _ in range(r.randint(2, 4)))
                f.write(json.dumps({'key': 'clips/%s-%d.wav' % (name[:5], i),
                                    'duration': 0.5 + 0.1 * len(text), 'text': text}) + '\n')


def made_up_spectrogram(filename, feat_dim):
    # Stands in for utils.spectrogram_from_file: seeded frames, 2 per character of the clip's text.
    number = int(filename.split('-')[-1].split('.')[0]) + (100 if 'valid' in filename else 0)
    length = [len(t) for k, t in CLIP_TEXTS if k == filename][0]
    return np.random.RandomState(number).normal(0.0, 1.0, (2 * length, feat_dim))


make_corpus()
CLIP_TEXTS = [(json.loads(l)['key'], json.loads(l)['text'])
              for name in ('train_corpus.json', 'valid_corpus.json') for l in open(name)]


# ---- char_map.py
char_map_str = """
' 0
<SPACE> 1
a 2
b 3
c 4
d 5
e 6
f 7
g 8
h 9
i 10
j 11
k 12
l 13
m 14
n 15
o 16
p 17
q 18
r 19
s 20
t 21
u 22
v 23
w 24
x 25
y 26
z 27
"""
# the "blank" character is mapped to 28

char_map = {}
index_map = {}
for line in char_map_str.strip().split('\n'):
    ch, index = line.split()
    char_map[ch] = int(index)
    index_map[int(index)+1] = ch
index_map[2] = ' '


# ---- utils.py (what the generator and get_predictions use)
def calc_feat_dim(window, max_freq):
    return int(0.001 * window * max_freq) + 1


def text_to_int_sequence(text):
    """ Convert text to an integer sequence """
    int_sequence = []
    for c in text:
        if c == ' ':
            ch = char_map['<SPACE>']
        else:
            ch = char_map[c]
        int_sequence.append(ch)
    return int_sequence

def int_sequence_to_text(int_sequence):
    """ Convert an integer sequence to text """
    text = []
    for c in int_sequence:
        ch = index_map[c]
        text.append(ch)
    return text


# ---- data_generator.py (without the audio libraries and plots)
RNG_SEED = 123

class AudioGenerator():
    def __init__(self, step=10, window=20, max_freq=350, mfcc_dim=13,
        minibatch_size=20, desc_file=None, spectrogram=True, max_duration=10.0, 
        sort_by_duration=False):
        self.feat_dim = calc_feat_dim(window, max_freq)
        self.mfcc_dim = mfcc_dim
        self.feats_mean = np.zeros((self.feat_dim,))
        self.feats_std = np.ones((self.feat_dim,))
        self.rng = random.Random(RNG_SEED)
        if desc_file is not None:
            self.load_metadata_from_desc_file(desc_file)
        self.step = step
        self.window = window
        self.max_freq = max_freq
        self.cur_train_index = 0
        self.cur_valid_index = 0
        self.cur_test_index = 0
        self.max_duration=max_duration
        self.minibatch_size = minibatch_size
        self.spectrogram = spectrogram
        self.sort_by_duration = sort_by_duration

    def get_batch(self, partition):
        """ Obtain a batch of train, validation, or test data
        """
        if partition == 'train':
            audio_paths = self.train_audio_paths
            cur_index = self.cur_train_index
            texts = self.train_texts
        elif partition == 'valid':
            audio_paths = self.valid_audio_paths
            cur_index = self.cur_valid_index
            texts = self.valid_texts
        elif partition == 'test':
            audio_paths = self.test_audio_paths
            cur_index = self.test_valid_index
            texts = self.test_texts
        else:
            raise Exception("Invalid partition. "
                "Must be train/validation")

        features = [self.normalize(self.featurize(a)) for a in 
            audio_paths[cur_index:cur_index+self.minibatch_size]]

        # calculate necessary sizes
        max_length = max([features[i].shape[0] 
            for i in range(0, self.minibatch_size)])
        max_string_length = max([len(texts[cur_index+i]) 
            for i in range(0, self.minibatch_size)])
        
        # initialize the arrays
        X_data = np.zeros([self.minibatch_size, max_length, 
            self.feat_dim*self.spectrogram + self.mfcc_dim*(not self.spectrogram)])
        labels = np.ones([self.minibatch_size, max_string_length]) * 28
        input_length = np.zeros([self.minibatch_size, 1])
        label_length = np.zeros([self.minibatch_size, 1])
        
        for i in range(0, self.minibatch_size):
            # calculate X_data & input_length
            feat = features[i]
            input_length[i] = feat.shape[0]
            X_data[i, :feat.shape[0], :] = feat

            # calculate labels & label_length
            label = np.array(text_to_int_sequence(texts[cur_index+i])) 
            labels[i, :len(label)] = label
            label_length[i] = len(label)
 
        # return the arrays
        outputs = {'ctc': np.zeros([self.minibatch_size])}
        inputs = {'the_input': X_data, 
                  'the_labels': labels, 
                  'input_length': input_length, 
                  'label_length': label_length 
                 }
        return (inputs, outputs)

    def shuffle_data_by_partition(self, partition):
        """ Shuffle the training or validation data
        """
        if partition == 'train':
            self.train_audio_paths, self.train_durations, self.train_texts = shuffle_data(
                self.train_audio_paths, self.train_durations, self.train_texts)
        elif partition == 'valid':
            self.valid_audio_paths, self.valid_durations, self.valid_texts = shuffle_data(
                self.valid_audio_paths, self.valid_durations, self.valid_texts)
        else:
            raise Exception("Invalid partition. "
                "Must be train/validation")

    def next_train(self):
        """ Obtain a batch of training data
        """
        while True:
            ret = self.get_batch('train')
            self.cur_train_index += self.minibatch_size
            if self.cur_train_index >= len(self.train_texts) - self.minibatch_size:
                self.cur_train_index = 0
                self.shuffle_data_by_partition('train')
            yield ret    

    def next_valid(self):
        """ Obtain a batch of validation data
        """
        while True:
            ret = self.get_batch('valid')
            self.cur_valid_index += self.minibatch_size
            if self.cur_valid_index >= len(self.valid_texts) - self.minibatch_size:
                self.cur_valid_index = 0
                self.shuffle_data_by_partition('valid')
            yield ret

    def load_train_data(self, desc_file='train_corpus.json'):
        self.load_metadata_from_desc_file(desc_file, 'train')
        self.fit_train()
        if self.sort_by_duration:
            self.sort_data_by_duration('train')

    def load_validation_data(self, desc_file='valid_corpus.json'):
        self.load_metadata_from_desc_file(desc_file, 'validation')
        if self.sort_by_duration:
            self.sort_data_by_duration('valid')

    def load_metadata_from_desc_file(self, desc_file, partition):
        audio_paths, durations, texts = [], [], []
        with open(desc_file) as json_line_file:
            for line_num, json_line in enumerate(json_line_file):
                try:
                    spec = json.loads(json_line)
                    if float(spec['duration']) > self.max_duration:
                        continue
                    audio_paths.append(spec['key'])
                    durations.append(float(spec['duration']))
                    texts.append(spec['text'])
                except Exception as e:
                    print('Error reading line #{}: {}'
                                .format(line_num, json_line))
        if partition == 'train':
            self.train_audio_paths = audio_paths
            self.train_durations = durations
            self.train_texts = texts
        elif partition == 'validation':
            self.valid_audio_paths = audio_paths
            self.valid_durations = durations
            self.valid_texts = texts
        elif partition == 'test':
            self.test_audio_paths = audio_paths
            self.test_durations = durations
            self.test_texts = texts
        else:
            raise Exception("Invalid partition to load metadata. "
             "Must be train/validation/test")
            
    def fit_train(self, k_samples=100):
        k_samples = min(k_samples, len(self.train_audio_paths))
        samples = self.rng.sample(self.train_audio_paths, k_samples)
        feats = [self.featurize(s) for s in samples]
        feats = np.vstack(feats)
        self.feats_mean = np.mean(feats, axis=0)
        self.feats_std = np.std(feats, axis=0)
        
    def featurize(self, audio_clip):
        return made_up_spectrogram(audio_clip, self.feat_dim)

    def normalize(self, feature, eps=1e-14):
        return (feature - self.feats_mean) / (self.feats_std + eps)

def shuffle_data(audio_paths, durations, texts):
    p = np.random.permutation(len(audio_paths))
    audio_paths = [audio_paths[i] for i in p] 
    durations = [durations[i] for i in p] 
    texts = [texts[i] for i in p]
    return audio_paths, durations, texts


# ---- sample_models.py (simple_rnn_model)
def simple_rnn_model(input_dim, output_dim=29):
    """ Build a recurrent network for speech 
    """
    # Main acoustic input
    input_data = Input(name='the_input', shape=(None, input_dim))
    # Add recurrent layer
    simp_rnn = GRU(output_dim, return_sequences=True, 
                 implementation=2, name='rnn')(input_data)
    # Add softmax activation layer
    y_pred = Activation('softmax', name='softmax')(simp_rnn)
    # Specify the model
    model = Model(inputs=input_data, outputs=y_pred)
    model.output_length = lambda x: x
    print(model.summary())
    return model


# ---- train_utils.py
def ctc_lambda_func(args):
    y_pred, labels, input_length, label_length = args
    return K.ctc_batch_cost(labels, y_pred, input_length, label_length)

def add_ctc_loss(input_to_softmax):
    the_labels = Input(name='the_labels', shape=(None,), dtype='float32')
    input_lengths = Input(name='input_length', shape=(1,), dtype='int64')
    label_lengths = Input(name='label_length', shape=(1,), dtype='int64')
    output_lengths = Lambda(input_to_softmax.output_length)(input_lengths)
    # CTC loss is implemented in a lambda layer
    loss_out = Lambda(ctc_lambda_func, output_shape=(1,), name='ctc')(
        [input_to_softmax.output, the_labels, output_lengths, label_lengths])
    model = Model(
        inputs=[input_to_softmax.input, the_labels, input_lengths, label_lengths], 
        outputs=loss_out)
    return model

def train_model(input_to_softmax, 
                pickle_path,
                save_model_path,
                train_json='train_corpus.json',
                valid_json='valid_corpus.json',
                minibatch_size=4,
                spectrogram=True,
                mfcc_dim=13,
                optimizer=SGD(learning_rate=0.02, decay=1e-6, momentum=0.9, nesterov=True, clipnorm=5),
                epochs=1,
                verbose=1,
                sort_by_duration=False,
                max_duration=10.0):
    
    # create a class instance for obtaining batches of data
    audio_gen = AudioGenerator(minibatch_size=minibatch_size, 
        spectrogram=spectrogram, mfcc_dim=mfcc_dim, max_duration=max_duration,
        sort_by_duration=sort_by_duration)
    # add the training data to the generator
    audio_gen.load_train_data(train_json)
    audio_gen.load_validation_data(valid_json)
    # calculate steps_per_epoch
    num_train_examples=len(audio_gen.train_audio_paths)
    steps_per_epoch = num_train_examples//minibatch_size
    # calculate validation_steps
    num_valid_samples = len(audio_gen.valid_audio_paths) 
    validation_steps = num_valid_samples//minibatch_size
    
    # add CTC loss to the NN specified in input_to_softmax
    model = add_ctc_loss(input_to_softmax)

    # CTC loss is implemented elsewhere, so use a dummy lambda function for the loss
    model.compile(loss={'ctc': lambda y_true, y_pred: y_pred}, optimizer=optimizer)

    # make results/ directory, if necessary
    if not os.path.exists('results'):
        os.makedirs('results')

    # add checkpointer
    checkpointer = ModelCheckpoint(filepath='results/'+save_model_path, verbose=0)

    # train the model
    hist = model.fit_generator(generator=audio_gen.next_train(), steps_per_epoch=steps_per_epoch,
        epochs=epochs, validation_data=audio_gen.next_valid(), validation_steps=validation_steps,
        callbacks=[checkpointer], verbose=verbose)

    # save model loss
    with open('results/'+pickle_path, 'wb') as f:
        pickle.dump(hist.history, f)


# ---- vui_notebook.ipynb
model_0 = simple_rnn_model(input_dim=8) # change to 13 if you would like to use MFCC features

train_model(input_to_softmax=model_0, 
            pickle_path='model_0.pickle', 
            save_model_path='model_0.h5',
            spectrogram=True) # change to False if you would like to use MFCC features

from glob import glob
all_pickles = sorted(glob("results/*.pickle"))
model_names = [item[8:-7] for item in all_pickles]
valid_loss = [pickle.load( open( i, "rb" ) )['val_loss'] for i in all_pickles]
train_loss = [pickle.load( open( i, "rb" ) )['loss'] for i in all_pickles]
num_epochs = [len(valid_loss[i]) for i in range(len(valid_loss))]
print(model_names, valid_loss, train_loss, num_epochs)


def get_predictions(index, partition, input_to_softmax, model_path):
    """ Print a model's decoded predictions
    """
    # load the train and test data
    data_gen = AudioGenerator()
    data_gen.load_train_data()
    data_gen.load_validation_data()
    
    # obtain the true transcription and the audio features 
    if partition == 'validation':
        transcr = data_gen.valid_texts[index]
        audio_path = data_gen.valid_audio_paths[index]
        data_point = data_gen.normalize(data_gen.featurize(audio_path))
    elif partition == 'train':
        transcr = data_gen.train_texts[index]
        audio_path = data_gen.train_audio_paths[index]
        data_point = data_gen.normalize(data_gen.featurize(audio_path))
    else:
        raise Exception('Invalid partition!  Must be "train" or "validation"')
        
    # obtain and decode the acoustic model's predictions
    input_to_softmax.load_weights(model_path)
    prediction = input_to_softmax.predict(np.expand_dims(data_point, axis=0))
    output_length = [input_to_softmax.output_length(data_point.shape[0])] 
    pred_ints = (K.eval(K.ctc_decode(
                prediction, output_length)[0][0])+1).flatten().tolist()
    pred_ints = [i for i in pred_ints if i > 0]  # tf-keras pads the decoding with -1 (see reduced)
    
    # play the audio file, and display the true and predicted transcriptions
    print('-'*80)
    print('True transcription:\n' + '\n' + transcr)
    print('-'*80)
    print('Predicted transcription:\n' + '\n' + ''.join(int_sequence_to_text(pred_ints)))
    print('-'*80)


get_predictions(index=0, 
                partition='train',
                input_to_softmax=simple_rnn_model(input_dim=8), 
                model_path='results/model_0.h5')

get_predictions(index=0, 
                partition='validation',
                input_to_softmax=simple_rnn_model(input_dim=8), 
                model_path='results/model_0.h5')
