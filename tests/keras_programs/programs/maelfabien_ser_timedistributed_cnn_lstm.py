# source: maelfabien/Multimodal-Emotion-Recognition "Audio/Notebook/CNN-LSTM/02 - Train [CNN-LSTM].ipynb" (training), then Audio/Python/CNN-LSTM/SpeechEmotionRecognition.py (the class the web app predicts with) (M. Fabien et al.'s widely forked multimodal emotion recognition project, speech part: log-mel spectrogram frames through a TimeDistributed ConvNet (four Conv2D / BatchNormalization / elu / MaxPooling2D / Dropout blocks) into an LSTM, 7 RAVDESS emotions)
# commit: 9d727b9209507cf1454705b7704e1b21f7e01c1a (notebook), b75e68e95203917fe3cba1fe06d78925a7a2dd1b (SpeechEmotionRecognition.py)
# keras: tf_keras
# exercises: `from tensorflow.keras.models import Sequential, Model`, `from tensorflow.keras.layers import Input, Dense, Dropout, Activation, TimeDistributed, concatenate, Conv2D, MaxPooling2D, AveragePooling2D, BatchNormalization, LeakyReLU, Flatten, LSTM`, `from tensorflow.keras import backend as K`; pickled float arrays; to_categorical of label-encoded strings; 5-D inputs reshaped (n, frames, 16, 16, 1); K.clear_session(); a functional Input(name=) and named TimeDistributed wrappers of Conv2D(kernel_size=(3, 3), strides=(1, 1), padding='same'), BatchNormalization() (trained per frame: its moving statistics over batch x frames), Activation('elu'), MaxPooling2D(pool_size, strides, padding='same') of 2 and 4 (a 2x2 map pooled by 4 with 'same' padding), Dropout and Flatten; LSTM(return_sequences=False, dropout=, name=) and a named Dense softmax; SGD with momentum and Keras 2's decay (tf.keras.optimizers.legacy); compile(categorical_crossentropy, metrics=['accuracy']); ModelCheckpoint(.hdf5, save_best_only=True, monitor='val_accuracy', mode='max') and EarlyStopping(monitor='val_accuracy', patience=30, verbose=1, mode='max'); fit(batch_size=32, epochs, validation_data, callbacks); history.history reads; model.save(.h5) and model.save_weights(.h5); the class speechEmotionRecognition(subdir_model): build_model() (K.clear_session() again, the same network with its layer names) then load_weights(the .h5 weights); its frame() cutting float16 windows (np.float16 arrays fed to predict); predict and np.argmax(axis=1) mapped through the emotion dict; the predict_proba=True path; prediction_to_csv
# reduced: the pickled RAVDESS log-mel spectrograms (drive/My Drive/... [X_train].p etc.) replaced by make_data(): seeded numpy (RandomState(0)) spectrogram frames of shape (n, 3, 16, 16) and emotion strings pickled to the same four file names in the scratch folder (the Drive paths dropped); frames 5 -> 3 and 128x128 -> 16x16 (input (3, 16, 16, 1), also in build_model), Conv2D filters 64/64/128/128 -> 4/4/6/6, LSTM 256 -> 8, 32 training and 10 test clips (one batch of batch_size 32, so fit's shuffling cannot change the result), epochs 100 -> 3; Dropout(0.2) and LSTM dropout=0.2 -> 0.0 (random masks cannot match); `from tensorflow.keras.optimizers import Adam, SGD` -> legacy SGD (tf-keras 2.21's new SGD refuses Keras 2's decay=, and the error names the legacy one) and SGD(lr=0.01, ...) -> SGD(learning_rate=0.01, ...) (README, "Where we differ from Keras": lr); `from keras.utils import np_utils` (Keras 2.2) -> `from tensorflow.keras import utils as np_utils` (tf-keras has no np_utils module; the same to_categorical); sklearn's LabelEncoder (not installed) replaced by a numpy stand-in of fit_transform / transform (sorted classes, as sklearn's); google.colab's drive.mount, plot_model / IPython Image (pydot not installed) and the matplotlib curves dropped (history reads kept, printed); in the class, pyaudio recording (voice_recording) and librosa loading / zscore / mel_spectrogram left out: predict_emotion_from_file's librosa chunks replaced by a seeded (2, 16, 32) log-mel array, then its own frame() (win_step 64 -> 8, win_size 128 -> 16) and reshape, predict and timestamps kept
### General imports ###
import os
from glob import glob
import pickle
import numpy as np

### Time Distributed ConvNet imports ###
import tensorflow as tf
from tensorflow.keras.models import Sequential, Model
from tensorflow.keras.layers import Input, Dense, Dropout, Activation, TimeDistributed, concatenate
from tensorflow.keras.layers import Conv2D, MaxPooling2D, AveragePooling2D, BatchNormalization, LeakyReLU, Flatten
from tensorflow.keras.layers import LSTM
from tensorflow.keras.optimizers.legacy import SGD
from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau
from tensorflow.keras import backend as K
from tensorflow.keras import utils as np_utils

### Warning ###
import warnings
warnings.filterwarnings('ignore')


class LabelEncoder:
    # Stands in for sklearn.preprocessing.LabelEncoder (fit_transform / transform).
    def fit_transform(self, y):
        self.classes_ = np.unique(y)
        return self.transform(y)

    def transform(self, y):
        return np.searchsorted(self.classes_, y)


def make_data():
    # Stands in for the pickled RAVDESS log-mel spectrogram frames.
    rng = np.random.RandomState(0)
    emotions = np.array(['Angry', 'Disgust', 'Fear', 'Happy', 'Neutral', 'Sad', 'Surprise'])
    for part, n in (('train', 32), ('test', 10)):
        labels = emotions[np.arange(n) % 7]
        x = rng.uniform(-80.0, 0.0, (n, 3, 16, 16)) / 80.0
        x[:, :, :4, :] += (np.arange(n) % 7)[:, None, None, None] * 0.1
        pickle.dump(x, open('[RAVDESS][MEL_SPECT][X_%s].p' % part, 'wb'))
        pickle.dump(labels.reshape(-1, 1), open('[RAVDESS][MEL_SPECT][y_%s].p' % part, 'wb'))


make_data()

# RAVDESS mel-Spectrogram
X_train = pickle.load(open('[RAVDESS][MEL_SPECT][X_train].p', 'rb'))
y_train = pickle.load(open('[RAVDESS][MEL_SPECT][y_train].p', 'rb'))
y_test = pickle.load(open('[RAVDESS][MEL_SPECT][y_test].p', 'rb'))
X_test = pickle.load(open('[RAVDESS][MEL_SPECT][X_test].p', 'rb'))

# Encode Label from categorical to numerical
lb = LabelEncoder()
y_train = np_utils.to_categorical(lb.fit_transform(np.ravel(y_train)))
y_test = np_utils.to_categorical(lb.transform(np.ravel(y_test)))

# Reshape for convolution
X_train = X_train.reshape(X_train.shape[0], X_train.shape[1] , X_train.shape[2], X_train.shape[3], 1)
X_test = X_test.reshape(X_test.shape[0], X_test.shape[1] , X_test.shape[2], X_test.shape[3], 1)

K.clear_session()

# Define two sets of inputs: MFCC and FBANK
input_y = Input(shape=X_train.shape[1:], name='Input_MELSPECT')

## First LFLB (local feature learning block)
y = TimeDistributed(Conv2D(4, kernel_size=(3, 3), strides=(1, 1), padding='same'), name='Conv_1_MELSPECT')(input_y)
y = TimeDistributed(BatchNormalization(), name='BatchNorm_1_MELSPECT')(y)
y = TimeDistributed(Activation('elu'), name='Activ_1_MELSPECT')(y)
y = TimeDistributed(MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='same'), name='MaxPool_1_MELSPECT')(y)
y = TimeDistributed(Dropout(0.0), name='Drop_1_MELSPECT')(y)     

## Second LFLB (local feature learning block)
y = TimeDistributed(Conv2D(4, kernel_size=(3, 3), strides=(1, 1), padding='same'), name='Conv_2_MELSPECT')(y)
y = TimeDistributed(BatchNormalization(), name='BatchNorm_2_MELSPECT')(y)
y = TimeDistributed(Activation('elu'), name='Activ_2_MELSPECT')(y)
y = TimeDistributed(MaxPooling2D(pool_size=(4, 4), strides=(4, 4), padding='same'), name='MaxPool_2_MELSPECT')(y)
y = TimeDistributed(Dropout(0.0), name='Drop_2_MELSPECT')(y)

## Second LFLB (local feature learning block)
y = TimeDistributed(Conv2D(6, kernel_size=(3, 3), strides=(1, 1), padding='same'), name='Conv_3_MELSPECT')(y)
y = TimeDistributed(BatchNormalization(), name='BatchNorm_3_MELSPECT')(y)
y = TimeDistributed(Activation('elu'), name='Activ_3_MELSPECT')(y)
y = TimeDistributed(MaxPooling2D(pool_size=(4, 4), strides=(4, 4), padding='same'), name='MaxPool_3_MELSPECT')(y)
y = TimeDistributed(Dropout(0.0), name='Drop_3_MELSPECT')(y)

## Second LFLB (local feature learning block)
y = TimeDistributed(Conv2D(6, kernel_size=(3, 3), strides=(1, 1), padding='same'), name='Conv_4_MELSPECT')(y)
y = TimeDistributed(BatchNormalization(), name='BatchNorm_4_MELSPECT')(y)
y = TimeDistributed(Activation('elu'), name='Activ_4_MELSPECT')(y)
y = TimeDistributed(MaxPooling2D(pool_size=(4, 4), strides=(4, 4), padding='same'), name='MaxPool_4_MELSPECT')(y)
y = TimeDistributed(Dropout(0.0), name='Drop_4_MELSPECT')(y)  

## Flat
y = TimeDistributed(Flatten(), name='Flat_MELSPECT')(y)                      
                               
# Apply 2 LSTM layer and one FC
y = LSTM(8, return_sequences=False, dropout=0.0, name='LSTM_1')(y)
y = Dense(y_train.shape[1], activation='softmax', name='FC')(y)

# Build final model
model = Model(inputs=input_y, outputs=y)

# Compile model
model.compile(optimizer=SGD(learning_rate=0.01, decay=1e-6, momentum=0.8), loss='categorical_crossentropy', metrics=['accuracy'])

# Save best model
best_model_save = ModelCheckpoint('CNN-LSTM_Model_b.hdf5', save_best_only=True, monitor='val_accuracy', mode='max')

# Early stopping
early_stopping = EarlyStopping(monitor='val_accuracy', patience=30, verbose=1, mode='max')

# Fit model
history = model.fit(X_train, y_train, batch_size=32, epochs=3, validation_data=(X_test, y_test), callbacks=[early_stopping, best_model_save])

print(history.history['loss'], history.history['val_loss'])
print(history.history['accuracy'], history.history['val_accuracy'])

model.save('CNN-LSTM_M.h5')
model.save_weights('CNN-LSTM_W.h5')


# ---- Audio/Python/CNN-LSTM/SpeechEmotionRecognition.py (recording and librosa left out)
class speechEmotionRecognition:

    '''
    Voice recording function
    '''
    def __init__(self, subdir_model=None):

        # Load prediction model
        if subdir_model is not None:
            self._model = self.build_model()
            self._model.load_weights(subdir_model)

        # Emotion encoding
        self._emotion = {0:'Angry', 1:'Disgust', 2:'Fear', 3:'Happy', 4:'Neutral', 5:'Sad', 6:'Surprise'}

    '''
    Audio framing
    '''
    def frame(self, y, win_step=8, win_size=16):

        # Number of frames
        nb_frames = 1 + int((y.shape[2] - win_size) / win_step)

        # Framming
        frames = np.zeros((y.shape[0], nb_frames, y.shape[1], win_size)).astype(np.float16)
        for t in range(nb_frames):
            frames[:,t,:,:] = np.copy(y[:,:,(t * win_step):(t * win_step + win_size)]).astype(np.float16)

        return frames

    '''
    Time distributed Convolutional Neural Network model
    '''
    def build_model(self):

        # Clear Keras session
        K.clear_session()

        # Define input
        input_y = Input(shape=(3, 16, 16, 1), name='Input_MELSPECT')

        # First LFLB (local feature learning block)
        y = TimeDistributed(Conv2D(4, kernel_size=(3, 3), strides=(1, 1), padding='same'), name='Conv_1_MELSPECT')(input_y)
        y = TimeDistributed(BatchNormalization(), name='BatchNorm_1_MELSPECT')(y)
        y = TimeDistributed(Activation('elu'), name='Activ_1_MELSPECT')(y)
        y = TimeDistributed(MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='same'), name='MaxPool_1_MELSPECT')(y)
        y = TimeDistributed(Dropout(0.0), name='Drop_1_MELSPECT')(y)

        # Second LFLB (local feature learning block)
        y = TimeDistributed(Conv2D(4, kernel_size=(3, 3), strides=(1, 1), padding='same'), name='Conv_2_MELSPECT')(y)
        y = TimeDistributed(BatchNormalization(), name='BatchNorm_2_MELSPECT')(y)
        y = TimeDistributed(Activation('elu'), name='Activ_2_MELSPECT')(y)
        y = TimeDistributed(MaxPooling2D(pool_size=(4, 4), strides=(4, 4), padding='same'), name='MaxPool_2_MELSPECT')(y)
        y = TimeDistributed(Dropout(0.0), name='Drop_2_MELSPECT')(y)

        # Third LFLB (local feature learning block)
        y = TimeDistributed(Conv2D(6, kernel_size=(3, 3), strides=(1, 1), padding='same'), name='Conv_3_MELSPECT')(y)
        y = TimeDistributed(BatchNormalization(), name='BatchNorm_3_MELSPECT')(y)
        y = TimeDistributed(Activation('elu'), name='Activ_3_MELSPECT')(y)
        y = TimeDistributed(MaxPooling2D(pool_size=(4, 4), strides=(4, 4), padding='same'), name='MaxPool_3_MELSPECT')(y)
        y = TimeDistributed(Dropout(0.0), name='Drop_3_MELSPECT')(y)

        # Fourth LFLB (local feature learning block)
        y = TimeDistributed(Conv2D(6, kernel_size=(3, 3), strides=(1, 1), padding='same'), name='Conv_4_MELSPECT')(y)
        y = TimeDistributed(BatchNormalization(), name='BatchNorm_4_MELSPECT')(y)
        y = TimeDistributed(Activation('elu'), name='Activ_4_MELSPECT')(y)
        y = TimeDistributed(MaxPooling2D(pool_size=(4, 4), strides=(4, 4), padding='same'), name='MaxPool_4_MELSPECT')(y)
        y = TimeDistributed(Dropout(0.0), name='Drop_4_MELSPECT')(y)

        # Flat
        y = TimeDistributed(Flatten(), name='Flat_MELSPECT')(y)

        # LSTM layer
        y = LSTM(8, return_sequences=False, dropout=0.0, name='LSTM_1')(y)

        # Fully connected
        y = Dense(7, activation='softmax', name='FC')(y)

        # Build final model
        model = Model(inputs=input_y, outputs=y)

        return model

    '''
    Predict speech emotion over time from an audio file
    '''
    def predict_emotion_from_file(self, filename, chunk_step=16000, chunk_size=49100, predict_proba=False, sample_rate=16000):

        # librosa.core.load, chunking, zscore and mel_spectrogram replaced by made-up log-mel chunks
        mel_spect = np.random.RandomState(3).uniform(-80.0, 0.0, (2, 16, 32)) / 80.0

        # Time distributed Framing
        mel_spect_ts = self.frame(mel_spect)

        # Build X for time distributed CNN
        X = mel_spect_ts.reshape(mel_spect_ts.shape[0],
                                    mel_spect_ts.shape[1],
                                    mel_spect_ts.shape[2],
                                    mel_spect_ts.shape[3],
                                    1)

        # Predict emotion
        if predict_proba is True:
            predict = self._model.predict(X)
        else:
            predict = np.argmax(self._model.predict(X), axis=1)
            predict = [self._emotion.get(emotion) for emotion in predict]

        # Clear Keras session
        K.clear_session()

        # Predict timestamp
        timestamp = np.concatenate([[chunk_size], np.ones((len(predict) - 1)) * chunk_step]).cumsum()
        timestamp = np.round(timestamp / sample_rate)

        return [predict, timestamp]

    '''
    Export emotions predicted to csv format
    '''
    def prediction_to_csv(self, predictions, filename, mode='w'):

        # Write emotion in filename
        with open(filename, mode) as f:
            if mode == 'w':
                f.write("EMOTIONS"+'\n')
            for emotion in predictions:
                f.write(str(emotion)+'\n')
            f.close()


SER = speechEmotionRecognition('CNN-LSTM_W.h5')
emotions, timestamp = SER.predict_emotion_from_file('audio.wav')
print(emotions, timestamp)
SER.prediction_to_csv(emotions, 'audio_emotions.txt', mode='w')
SER = speechEmotionRecognition('CNN-LSTM_W.h5')
proba, timestamp = SER.predict_emotion_from_file('audio.wav', predict_proba=True)
print(np.round(proba, 4))
