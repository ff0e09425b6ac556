# source: karsti11/Speech-commands-recognition SR-LSTM.py (a student's three-word keyword spotter on Google Speech Commands, "marvin" / "yes" / "no": per-clip zero-crossing rate, 20 MFCCs, spectral centroid and roll-off stacked into a (23, 40) feature matrix, read by two stacked LSTMs)
# commit: 2a6270c6878ec67f17d8296977a1c1b2b5208299
# keras: tf_keras
# exercises: `from tensorflow.keras import layers` / `tensorflow.keras.callbacks.ModelCheckpoint` / `tensorflow.keras.models.Sequential`; Sequential in a build function: layers.LSTM(64, input_shape=(train_data.shape[1:]), return_sequences=True), Dropout, layers.LSTM(128), Dropout, Dense relu, Dropout, Dense(3, softmax), compile(sparse_categorical_crossentropy, 'adam', metrics=['accuracy']) inside the build function; summary(); ModelCheckpoint(filepath .hdf5, monitor='val_loss', verbose=1, save_best_only=True, mode='min'); fit on float64 features with int label arrays for the targets and validation_data; history.history keys ('accuracy', 'val_accuracy', 'loss', 'val_loss'); load_weights of the best checkpoint; predict and argmax
# reduced: the Speech Commands wav files and the pandas label CSVs (pd.read_csv, [:5489], .sample(frac=1), ['Filename'].tolist()) replaced by made-up file names and labels in plain lists (48 training and 12 validation clips, drawn with np.random.RandomState(0)); load_and_process's wavfile.read / scipy resample / librosa zero-crossing, MFCC, centroid and roll-off features replaced by a (23, 40) matrix of float64 noise whose mean depends on the file's label (the same shape the stacked librosa features have); tqdm dropped from the feature loops; LSTM units 64/128 -> 6/8, Dense(32) -> Dense(8); Dropout(0.4)/(0.2) -> Dropout(0.0) (random masks differ between frameworks); epochs 70 -> 3; shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator); the label lists given to fit wrapped in np.asarray (tf-keras 2.21's select_data_adapter rejects an ndarray x with a list-of-int y: 'Failed to find data adapter'); the checkpoint path 'D:/../../SR/weights-best.hdf5' and load_weights('path/weights-best.hdf5') both -> 'weights-best.hdf5'; matplotlib plots dropped; sklearn's confusion_matrix and classification_report (not installed) replaced by a numpy confusion matrix and per-class recall printed; plot_confusion_matrix (matplotlib only) dropped
import os
import json
import numpy as np
import random
from tensorflow.keras import layers
from tensorflow.keras.callbacks import ModelCheckpoint
from tensorflow.keras.models import Sequential
import itertools

rng = np.random.RandomState(0)
words = ['marvin', 'yes', 'no']
train_labels = [int(v) for v in rng.randint(0, 3, size=48)]
validation_labels = [int(v) for v in rng.randint(0, 3, size=12)]
train_list = ['{}/{:04d}.wav'.format(words[l], i) for i, l in enumerate(train_labels)]
validation_list = ['{}/{:04d}.wav'.format(words[l], 100 + i) for i, l in enumerate(validation_labels)]

print(len(train_list))
print(len(validation_list))
print(len(train_labels))
print(len(validation_labels))

sample_rate = 16000
# Load speech signal and extract features from it (stand-in: noise around a per-word mean)
def load_and_process(audio_path):
	word = audio_path.split('/')[0]
	features_mat = rng.normal(loc=0.5 * words.index(word), scale=1.0, size=(23, 40))
	return features_mat

path = ''
# Feature matrix of all samples
train_data = np.zeros((len(train_list), 23, 40))
validation_data = np.zeros((len(validation_list), 23, 40))

for i in range(0,len(train_list)):
	train_data[i,:,:] = load_and_process(path + train_list[i])

for i in range(0,len(validation_list)):
	validation_data[i,:,:] = load_and_process(path + validation_list[i])

# Model design
def build_model():
	model = Sequential()
	model.add(layers.LSTM(6,input_shape=(train_data.shape[1:]), return_sequences=True))
	model.add(layers.Dropout(0.0))
	model.add(layers.LSTM(8))
	model.add(layers.Dropout(0.0))
	model.add(layers.Dense(8, activation='relu'))
	model.add(layers.Dropout(0.0))
	model.add(layers.Dense(3, activation='softmax'))
	#model.add(layers.Dropout(0.2))

	model.compile(
        loss='sparse_categorical_crossentropy',
        optimizer='adam',
        metrics=['accuracy']
    )
    
	return model

model = build_model()
model.summary()

# Path for saving best weights
checkpoint_path = "weights-best.hdf5"
cp_callback = ModelCheckpoint(checkpoint_path,
				monitor ='val_loss',
				verbose = 1,
                                save_best_only=True,                               
                                #error
                                mode = 'min')

callbacks_list = [cp_callback]

# 
history = model.fit(train_data, np.asarray(train_labels),
					validation_data=(validation_data, np.asarray(validation_labels)),
 					epochs=3,					
 					callbacks = callbacks_list,
 					shuffle=False,
 					)

print(train_data.shape)
print(validation_data.shape)

history_dict = history.history
print(history_dict.keys())
print(history_dict['accuracy'], history_dict['val_accuracy'])
print(history_dict['loss'], history_dict['val_loss'])

#Load weights and apply to validation_data for prediction
model.load_weights('weights-best.hdf5')
val_predict = model.predict(validation_data)

validation_labels = np.asarray(validation_labels)
val_predict = val_predict.argmax(axis=1)
print(val_predict)
cm = np.zeros((3, 3), dtype=int)
for t, p in zip(validation_labels, val_predict):
    cm[t, p] += 1
print(cm)
target_names = ['marvin','yes','no']
print(dict(zip(target_names, np.diag(cm) / np.maximum(cm.sum(axis=1), 1))))
