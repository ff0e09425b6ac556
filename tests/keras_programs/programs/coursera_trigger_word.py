# source: amanchadha/coursera-deep-learning-specialization C5 - Sequence Models/Week 3/Trigger word detection/train.py (deeplearning.ai's "Sequence Models" course, week 3 assignment "Trigger word detection", the notebook's model and training cells as this widely forked repository's script; the notebooks themselves are not in the stored copy)
# commit: e9de0f4d1549b5a974c7f5cba013097fe162a798
# keras: tf_keras
# exercises: a functional model Input(shape=(Tx, n_freq)) -> Conv1D(filters, kernel_size=15, strides=4) -> BatchNormalization -> Activation("relu") -> Dropout -> GRU(units, return_sequences=True) -> Dropout -> BatchNormalization -> GRU(return_sequences=True) -> Dropout -> BatchNormalization -> Dropout -> TimeDistributed(Dense(1, activation="sigmoid")), summary(); Adam(lr=0.001, beta_1, beta_2, decay=0.01) (legacy); compile(loss='binary_crossentropy', metrics=["accuracy"]) on per-step (m, Ty, 1) float targets; training data concatenated from np.load'ed .npy files and its Y np.swapaxes(Y, 1, 2); fit(batch_size=20); evaluate on a dev set unpacked as loss, acc; model_from_json of the repository's stored tf.keras 2.4.0 JSON (models/model_new8.json: batch_input_shape, Conv1D, BatchNormalization axis [2], GRU reset_after and time_major, Dropout 0.8, TimeDistributed(Dense))
# reduced: the .npy files ./XY_train/X0.npy, Y0.npy, X1.npy, Y1.npy and ./XY_dev/X_dev.npy, Y_dev.npy (spectrograms of synthesized 10 s clips, made with pydub) replaced by make_data(), which writes seeded made-up spectrograms (10 + 10 training, 5 dev) and labels (a run of ones after a made-up trigger end) to the same paths in the scratch folder, Y as (m, 1, Ty) (train.py swaps it) and Y_dev as (m, Ty, 1); Tx 5511 -> 63, n_freq 101 -> 8, Ty 1375 -> 13 ((63 - 15) // 4 + 1, as 1375 for 5511), Conv1D filters 196 -> 8, GRU units 128 -> 8, Dropout(0.8) -> Dropout(0) (random masks cannot match); the Conv1D just before BatchNormalization given use_bias = False (its bias's gradient is zero but for rounding, and Adam scales that noise up to full steps, which no other implementation reproduces: with the bias, its final values, ~1e-5, differ and all else matches); 20 training clips are one batch of batch_size=20, so fit's shuffling cannot change the result; epochs 100 -> 3; `from tensorflow.keras.optimizers import Adam` -> `from tensorflow.keras.optimizers.legacy import Adam` (tf-keras 2.21's new optimizers refuse decay=, and the error names the legacy ones); './models/model_new3.json', which train.py reads but the repository does not hold, is written by make_data() with the repository's models/model_new8.json (the same model, stored); model.load_weights('./models/model_new3.h5') dropped (no such file; the repository's .h5 files are stored as pointers only); pydub, IPython and td_utils imports dropped (td_utils is audio helpers: matplotlib, scipy, pydub, none used here)
import numpy as np
import random
import sys
import io
import os
import glob

from tensorflow.keras.callbacks import ModelCheckpoint
from tensorflow.keras.models import Model, load_model, Sequential
from tensorflow.keras.layers import Dense, Activation, Dropout, Input, Masking, TimeDistributed, LSTM, Conv1D
from tensorflow.keras.layers import GRU, Bidirectional, BatchNormalization, Reshape
from tensorflow.keras.optimizers.legacy import Adam


MODEL_JSON = '{"class_name": "Functional", "config": {"name": "model", "layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5511, 101], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_1"}, "name": "input_1", "inbound_nodes": []}, {"class_name": "Conv1D", "config": {"name": "conv1d", "trainable": true, "dtype": "float32", "filters": 196, "kernel_size": [15], "strides": [4], "padding": "valid", "data_format": "channels_last", "dilation_rate": [1], "groups": 1, "activation": "linear", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "name": "conv1d", "inbound_nodes": [[["input_1", 0, 0, {}]]]}, {"class_name": "BatchNormalization", "config": {"name": "batch_normalization", "trainable": true, "dtype": "float32", "axis": [2], "momentum": 0.99, "epsilon": 0.001, "center": true, "scale": true, "beta_initializer": {"class_name": "Zeros", "config": {}}, "gamma_initializer": {"class_name": "Ones", "config": {}}, "moving_mean_initializer": {"class_name": "Zeros", "config": {}}, "moving_variance_initializer": {"class_name": "Ones", "config": {}}, "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null}, "name": "batch_normalization", "inbound_nodes": [[["conv1d", 0, 0, {}]]]}, {"class_name": "Activation", "config": {"name": "activation", "trainable": true, "dtype": "float32", "activation": "relu"}, "name": "activation", "inbound_nodes": [[["batch_normalization", 0, 0, {}]]]}, {"class_name": "Dropout", "config": {"name": "dropout", "trainable": true, "dtype": "float32", "rate": 0.8, "noise_shape": null, "seed": null}, "name": "dropout", "inbound_nodes": [[["activation", 0, 0, {}]]]}, {"class_name": "GRU", "config": {"name": "gru", "trainable": true, "dtype": "float32", "return_sequences": true, "return_state": false, "go_backwards": false, "stateful": false, "unroll": false, "time_major": false, "units": 128, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 2, "reset_after": true}, "name": "gru", "inbound_nodes": [[["dropout", 0, 0, {}]]]}, {"class_name": "Dropout", "config": {"name": "dropout_1", "trainable": true, "dtype": "float32", "rate": 0.8, "noise_shape": null, "seed": null}, "name": "dropout_1", "inbound_nodes": [[["gru", 0, 0, {}]]]}, {"class_name": "BatchNormalization", "config": {"name": "batch_normalization_1", "trainable": true, "dtype": "float32", "axis": [2], "momentum": 0.99, "epsilon": 0.001, "center": true, "scale": true, "beta_initializer": {"class_name": "Zeros", "config": {}}, "gamma_initializer": {"class_name": "Ones", "config": {}}, "moving_mean_initializer": {"class_name": "Zeros", "config": {}}, "moving_variance_initializer": {"class_name": "Ones", "config": {}}, "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null}, "name": "batch_normalization_1", "inbound_nodes": [[["dropout_1", 0, 0, {}]]]}, {"class_name": "GRU", "config": {"name": "gru_1", "trainable": true, "dtype": "float32", "return_sequences": true, "return_state": false, "go_backwards": false, "stateful": false, "unroll": false, "time_major": false, "units": 128, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 2, "reset_after": true}, "name": "gru_1", "inbound_nodes": [[["batch_normalization_1", 0, 0, {}]]]}, {"class_name": "Dropout", "config": {"name": "dropout_2", "trainable": true, "dtype": "float32", "rate": 0.8, "noise_shape": null, "seed": null}, "name": "dropout_2", "inbound_nodes": [[["gru_1", 0, 0, {}]]]}, {"class_name": "BatchNormalization", "config": {"name": "batch_normalization_2", "trainable": true, "dtype": "float32", "axis": [2], "momentum": 0.99, "epsilon": 0.001, "center": true, "scale": true, "beta_initializer": {"class_name": "Zeros", "config": {}}, "gamma_initializer": {"class_name": "Ones", "config": {}}, "moving_mean_initializer": {"class_name": "Zeros", "config": {}}, "moving_variance_initializer": {"class_name": "Ones", "config": {}}, "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null}, "name": "batch_normalization_2", "inbound_nodes": [[["dropout_2", 0, 0, {}]]]}, {"class_name": "Dropout", "config": {"name": "dropout_3", "trainable": true, "dtype": "float32", "rate": 0.8, "noise_shape": null, "seed": null}, "name": "dropout_3", "inbound_nodes": [[["batch_normalization_2", 0, 0, {}]]]}, {"class_name": "TimeDistributed", "config": {"name": "time_distributed", "trainable": true, "dtype": "float32", "layer": {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 1, "activation": "sigmoid", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}}, "name": "time_distributed", "inbound_nodes": [[["dropout_3", 0, 0, {}]]]}], "input_layers": [["input_1", 0, 0]], "output_layers": [["time_distributed", 0, 0]]}, "keras_version": "2.4.0", "backend": "tensorflow"}'


def make_data():
    # Stands in for the synthesized clips' spectrograms and labels (XY_train, XY_dev) and for the
    # model JSON train.py reads: made-up spectrograms and 0/1 labels, the repository's stored JSON.
    rng = np.random.RandomState(11)
    def clips(m):
        X = rng.uniform(0, 2, (m, 63, 8)).astype(np.float32)
        Y = np.zeros((m, 13), dtype=np.float32)
        for i in range(m):
            end = rng.randint(0, 10)
            Y[i, end + 1:end + 4] = 1
            X[i, 4 * end:4 * end + 12, 2:5] += 3
        return X, Y
    os.makedirs('XY_train', exist_ok=True)
    os.makedirs('XY_dev', exist_ok=True)
    os.makedirs('models', exist_ok=True)
    for k in range(2):
        X, Y = clips(10)
        np.save('XY_train/X%d.npy' % k, X)
        np.save('XY_train/Y%d.npy' % k, Y[:, None, :])
    X, Y = clips(5)
    np.save('XY_dev/X_dev.npy', X)
    np.save('XY_dev/Y_dev.npy', Y[:, :, None])
    with open('models/model_new3.json', 'w') as f:
        f.write(MODEL_JSON)


make_data()

Tx = 63 # The number of time steps input to the model from the spectrogram
n_freq = 8 # Number of frequencies input to the model at each time step of the spectrogram

Ty = 13 # The number of time steps in the output of our model

X = np.load("./XY_train/X0.npy")
Y = np.load("./XY_train/Y0.npy")

X = np.concatenate((X, np.load("./XY_train/X1.npy")), axis=0)
Y = np.concatenate((Y, np.load("./XY_train/Y1.npy")), axis=0)

Y = np.swapaxes(Y, 1, 2)

# Load preprocessed dev set examples
X_dev = np.load("./XY_dev/X_dev.npy")
Y_dev = np.load("./XY_dev/Y_dev.npy")

# GRADED FUNCTION: model

def modelf(input_shape):
    """
    Function creating the model's graph in Keras.
    
    Argument:
    input_shape -- shape of the model's input data (using Keras conventions)

    Returns:
    model -- Keras model instance
    """
    
    X_input = Input(shape = input_shape)
    
    ### START CODE HERE ###
    
    # Step 1: CONV layer (≈4 lines)
    X = Conv1D(8, kernel_size = 15, strides = 4, use_bias = False)(X_input)  # CONV1D
    X = BatchNormalization()(X)                              # Batch normalization
    X = Activation("relu")(X)                                # ReLu activation
    X = Dropout(0)(X)                                      # dropout (use 0.8)

    # Step 2: First GRU Layer (≈4 lines)
    X = GRU(units = 8, return_sequences = True)(X)         # GRU (use 128 units and return the sequences)
    X = Dropout(0)(X)                                      # dropout (use 0.8)
    X = BatchNormalization()(X)                              # Batch normalization
    
    # Step 3: Second GRU Layer (≈4 lines)
    X = GRU(units = 8, return_sequences = True)(X)         # GRU (use 128 units and return the sequences)
    X = Dropout(0)(X)                                      # dropout (use 0.8)
    X = BatchNormalization()(X)                              # Batch normalization
    X = Dropout(0)(X)                                      # dropout (use 0.8)
    
    # Step 4: Time-distributed dense layer (≈1 line)
    X = TimeDistributed(Dense(1, activation = "sigmoid"))(X) # time distributed  (sigmoid)

    ### END CODE HERE ###

    model = Model(inputs = X_input, outputs = X)
    
    return model  

model = modelf(input_shape = (Tx, n_freq))
model.summary()

opt = Adam(lr=0.001, beta_1=0.9, beta_2=0.999, decay=0.01)
model.compile(loss='binary_crossentropy', optimizer=opt, metrics=["accuracy"])


model.fit(X, Y, batch_size=20, epochs=3)

loss, acc = model.evaluate(X_dev, Y_dev)
print("Dev set accuracy = ", acc)

from tensorflow.keras.models import model_from_json

json_file = open('./models/model_new3.json', 'r')
loaded_model_json = json_file.read()
json_file.close()
model = model_from_json(loaded_model_json)
