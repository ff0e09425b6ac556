# source: douglas125/SpeechCmdRecognition SpeechModels.py (AttRNNSpeechModel), SpeechGenerator.py (SpeechGen) and Speech_Recog_Demo.ipynb (cells 19-37, the attention-RNN training, reload and attention read-out) at the tf.keras 2.0 version of 2020-02-29 (D. C. de Andrade et al.'s widely starred "A neural attention model for speech command recognition": a Conv2D front end over mel-spectrogram frames, two Bidirectional LSTMs, a dot-product attention query from the last step, on Google Speech Commands)
# commit: 935608019bef81ef121fc675a708a3f3bf490166
# keras: tf_keras
# exercises: `from tensorflow.keras import layers as L` / `backend as K` / `models`; a keras.utils.Sequence subclass (SpeechGen: __len__, __getitem__, on_epoch_end, np.load per file) fed to fit / evaluate; functional model: L.Input with a None time axis, L.Permute((2, 1, 3)), L.Conv2D(10, (5, 1), padding='same') + L.BatchNormalization twice, L.Lambda(lambda q: K.squeeze(q, -1), name=...), two L.Bidirectional(L.LSTM(units, return_sequences=True)), L.Lambda(lambda q: q[:, -1]), L.Dense query, L.Dot(axes=[1, 2]) attention scores, L.Softmax(name='attSoftmax'), L.Dot(axes=[1, 1]) context, Dense heads, name='output'; compile(optimizer='adam', loss=['sparse_categorical_crossentropy'] (a one-element list), metrics=['sparse_categorical_accuracy']); summary(); LearningRateScheduler(step_decay) with a printing schedule, EarlyStopping(monitor='val_sparse_categorical_accuracy', restore_best_weights=True), ModelCheckpoint('model-attRNN.h5', save_best_only=True); fit(trainGen, validation_data=valGen, epochs, use_multiprocessing=False, workers=4, verbose=2, callbacks); model.save to .h5 and load_model of it (Lambda layers in HDF5); model.evaluate of Sequences and arrays, model.metrics_names; a three-output Model(inputs=model.input, outputs=[get_layer(...).output, ...]) reading the attention weights; predict
# reduced: the Google Speech Commands download (SpeechDownloader) and its 16000-sample waves replaced by made-up normalised mel-spectrograms of the shape kapre's Melspectrogram + Normalization2D produce, (n_mels, frames, 1), saved as .npy files that SpeechGen np.load-s (so Reshape((1, -1)), the kapre Melspectrogram layer and Normalization2D, TensorFlow-side STFT layers of a third-party package, are left out: the model's Input takes the spectrogram, named 'input' as the wave input was, and the attention read-out's get_layer('mel_stft') reads that input); SpeechGen's random crop/pad of longer/shorter clips not needed (every clip has its frame count); 36 categories -> 5, 84849 / 9981 / 11005 files -> 64 / 32 / 24, n_mels 80 -> 12, 125 frames -> 16; LSTM(64) -> LSTM(8) and the query Dense(128) -> Dense(16) (it must match the bidirectional width), Dense(64) / Dense(32) -> Dense(8) / Dense(8); epochs 60 -> 3; trainGen / valGen shuffle=True -> False (their np.random.shuffle in on_epoch_end runs when each framework calls it) and shuffle=False added to fit (tf-keras shuffles a Sequence's batch order with Python's random.shuffle, which statefulrnn does not replay); load_model's custom_objects for the kapre layers replaced by {'K': K} (no such layers now; the Lambda's bytecode reads K, and tf-keras's Lambda.from_config finds globals in sys.modules[<the function's module>], which is SpeechModels in the original but '__main__' of the harness, not this program's namespace, when the corpus harness execs it); plotting, librosa and sklearn's confusion_matrix left out; SpeechGenerator.py's `import tensorflow.keras` + `tensorflow.keras.utils.Sequence` written `import tensorflow.keras as keras` + `keras.utils.Sequence` (the corpus harness rewrites the import line to `import tf_keras` / `import statefulrnn`, which leaves the name `tensorflow` unbound)
import math
import numpy as np
from tensorflow.keras.models import Model, load_model

from tensorflow.keras import layers as L
from tensorflow.keras import backend as K
import tensorflow.keras as keras


# ---- SpeechGenerator.py ----
class SpeechGen(keras.utils.Sequence):
    """
    'Generates data for Keras'

    list_IDs - list of files that this generator should load
    labels - dictionary of corresponding (integer) category
    to each file in list_IDs

    Expects list_IDs and labels to be of the same length
    """
    def __init__(self, list_IDs, labels, batch_size=32,
                 dim=(12, 16, 1), shuffle=True):
        'Initialization'
        self.dim = dim
        self.batch_size = batch_size
        self.labels = labels
        self.list_IDs = list_IDs
        self.shuffle = shuffle
        self.on_epoch_end()

    def __len__(self):
        'Denotes the number of batches per epoch'
        return int(np.floor(len(self.list_IDs) / self.batch_size))

    def __getitem__(self, index):
        'Generate one batch of data'
        # Generate indexes of the batch
        indexes = self.indexes[index*self.batch_size:(index+1)*self.batch_size]

        # Find list of IDs
        list_IDs_temp = [self.list_IDs[k] for k in indexes]

        # Generate data
        X, y = self.__data_generation(list_IDs_temp)

        return X, y

    def on_epoch_end(self):
        'Updates indexes after each epoch'
        self.indexes = np.arange(len(self.list_IDs))
        if self.shuffle:
            np.random.shuffle(self.indexes)

    def __data_generation(self, list_IDs_temp):
        'Generates data containing batch_size samples'
        X = np.empty((self.batch_size, *self.dim))
        y = np.empty((self.batch_size), dtype=int)

        # Generate data
        for i, ID in enumerate(list_IDs_temp):

            # load data from file, saved as numpy array on disk
            curX = np.load(ID)
            X[i] = curX

            # Store class
            y[i] = self.labels[ID]

        return X, y


# ---- SpeechDownloader.PrepareGoogleSpeechCmd stand-in: made-up mel-spectrogram files ----
N_MELS, N_FRAMES = 12, 16

def PrepareGoogleSpeechCmd(nCategs=5):
    rng = np.random.RandomState(125)
    info = {}
    for part, n in (('train', 64), ('val', 32), ('test', 24)):
        files, labels = [], {}
        for k in range(n):
            label = int(rng.randint(nCategs))
            t = np.arange(N_FRAMES)
            spec = np.sin(np.arange(N_MELS)[:, None] * (label + 1) * 0.4 + t[None, :] * 0.3) + rng.normal(0, 0.5, (N_MELS, N_FRAMES))
            spec = (spec - spec.mean()) / spec.std()
            name = '%s_%03d.npy' % (part, k)
            np.save(name, spec[..., None].astype('float32'))
            files.append(name)
            labels[name] = label
        info[part] = {'files': files, 'labels': labels}
    return info, nCategs


# ---- SpeechModels.py ----
def AttRNNSpeechModel(nCategories, samplingrate=16000,
                      inputLength=16000, rnn_func=L.LSTM):
    # simple LSTM
    sr = samplingrate
    iLen = inputLength

    # (was: Input((inputLength,)), Reshape((1, -1)), kapre Melspectrogram(name='mel_stft'), Normalization2D)
    inputs = L.Input((N_MELS, inputLength, 1), name='input')
    x = inputs

    # note that Melspectrogram puts the sequence in shape (batch_size, melDim, timeSteps, 1)
    # we would rather have it the other way around for LSTMs

    x = L.Permute((2, 1, 3))(x)

    x = L.Conv2D(10, (5, 1), activation='relu', padding='same')(x)
    x = L.BatchNormalization()(x)
    x = L.Conv2D(1, (5, 1), activation='relu', padding='same')(x)
    x = L.BatchNormalization()(x)

    # x = Reshape((125, 80)) (x)
    # keras.backend.squeeze(x, axis)
    x = L.Lambda(lambda q: K.squeeze(q, -1), name='squeeze_last_dim')(x)

    x = L.Bidirectional(rnn_func(8, return_sequences=True)
                        )(x)  # [b_s, seq_len, vec_dim]
    x = L.Bidirectional(rnn_func(8, return_sequences=True)
                        )(x)  # [b_s, seq_len, vec_dim]

    xFirst = L.Lambda(lambda q: q[:, -1])(x)  # [b_s, vec_dim]
    query = L.Dense(16)(xFirst)

    # dot product attention
    attScores = L.Dot(axes=[1, 2])([query, x])
    attScores = L.Softmax(name='attSoftmax')(attScores)  # [b_s, seq_len]

    # rescale sequence
    attVector = L.Dot(axes=[1, 1])([attScores, x])  # [b_s, vec_dim]

    x = L.Dense(8, activation='relu')(attVector)
    x = L.Dense(8)(x)

    output = L.Dense(nCategories, activation='softmax', name='output')(x)

    model = Model(inputs=[inputs], outputs=[output])

    return model


# ---- Speech_Recog_Demo.ipynb ----
np.random.seed(0)
gscInfo, nCategs = PrepareGoogleSpeechCmd()

sr = 16000 #we know this one for google audios
iLen = 16000
trainGen = SpeechGen(gscInfo['train']['files'], gscInfo['train']['labels'], shuffle=False)
valGen   = SpeechGen(gscInfo['val']['files'], gscInfo['val']['labels'], shuffle=False)

# use batch_size = total number of files to read all test files at once
testGen  = SpeechGen(gscInfo['test']['files'], gscInfo['test']['labels'], shuffle=False, batch_size=len(gscInfo['test']['files']))

model = AttRNNSpeechModel(nCategs, samplingrate = sr, inputLength = None)#, rnn_func=L.LSTM)

model.compile(optimizer='adam', loss=['sparse_categorical_crossentropy'], metrics=['sparse_categorical_accuracy'])
model.summary()

from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint, LearningRateScheduler
def step_decay(epoch):
    initial_lrate = 0.001
    drop = 0.4
    epochs_drop = 15.0
    lrate = initial_lrate * math.pow(drop,
            math.floor((1+epoch)/epochs_drop))

    if (lrate < 4e-5):
        lrate = 4e-5

    print('Changing learning rate to {}'.format(lrate))
    return lrate
lrate = LearningRateScheduler(step_decay)

earlystopper = EarlyStopping(monitor='val_sparse_categorical_accuracy', patience=10,
                             verbose=1, restore_best_weights=True)
checkpointer = ModelCheckpoint('model-attRNN.h5', monitor='val_sparse_categorical_accuracy', verbose=1, save_best_only=True)

results = model.fit(trainGen, validation_data=valGen, epochs=3, use_multiprocessing=False, workers=4, verbose=2, shuffle=False,
                    callbacks=[earlystopper, checkpointer, lrate])

model.save('model-attRNN.h5')

print(results.history['sparse_categorical_accuracy'], results.history['val_sparse_categorical_accuracy'])
print(results.history['loss'], results.history['val_loss'])

#load best model according to cross-validation - model-attRNN
model = load_model('model-attRNN.h5', custom_objects={'K': K})

#read all test data
x_test, y_test = testGen.__getitem__(0)

valEval = model.evaluate(valGen, use_multiprocessing=False, workers=4,verbose=0)
trainEval = model.evaluate(trainGen, use_multiprocessing=False, workers=4,verbose=0)
testEval = model.evaluate(x_test, y_test, verbose=0)
print('Evaluation scores: \nMetrics: {} \nTrain: {} \nValidation: {} \nTest: {}'.format(model.metrics_names, trainEval, valEval, testEval) )

attSpeechModel = Model(inputs=model.input,
                                 outputs=[model.get_layer('output').output,
                                          model.get_layer('attSoftmax').output,
                                          model.get_layer('input').output])

audios, classes = valGen.__getitem__(0)
idAudio = 8
outs, attW, specs = attSpeechModel.predict(audios)
print(np.argmax(outs,axis=1), classes[idAudio], np.log(attW[idAudio]), specs.shape)

y_pred = model.predict(x_test, verbose=1)
print(np.argmax(y_pred, 1))
