# source: Azure/lstms_for_predictive_maintenance "Deep Learning Basics for Predictive Maintenance.ipynb" (Microsoft's widely forked Azure AI Gallery template notebook: NASA-style simulated aircraft engine run-to-failure data, windows of 50 cycles of 3 settings, the normalised cycle and 21 sensors, two stacked LSTMs classifying whether the engine fails within w1 = 30 cycles; its code cells in order)
# commit: 424300657ba52e9be10f22aec48a084fee537f57
# keras: tf_keras
# exercises: `import keras`, `from keras.models import Sequential`, `from keras.layers import Dense, Dropout, LSTM, Activation`; Sequential with add of LSTM(input_shape=..., units=100, return_sequences=True) (keyword-only units), Dropout, LSTM(units=50, return_sequences=False), Dropout, Dense(units=nb_out, activation='sigmoid'); compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy']); print(model.summary()); fit(epochs=10, batch_size=200, validation_split=0.05, verbose=1, callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=0, patience=0, verbose=0, mode='auto')]) (patience 0: training stops at the first epoch whose val_loss does not improve); evaluate(verbose=1, batch_size=200) read as scores[1]; predictions thresholded into classes, confusion matrix / precision / recall / F1 in numpy; the last 50-cycle window of each test engine long enough, evaluate(verbose=2)
# reduced: the PM_train / PM_test / PM_truth files (wget, pandas read_csv, groupby/merge labelling, sklearn MinMaxScaler) replaced by numpy: 5 training engines of 30, 26, 34, 28 and 32 cycles and 4 test engines of 20, 14, 24 and 18 cycles (one shorter than the window, so the notebook's y_mask drops it), each cycle 25 columns in [0, 1) that drift with engine age (the 3 settings, cycle_norm and 21 sensors), labels from RUL <= w1 / w0 as in the notebook; gen_sequence/gen_labels take an engine's numpy array instead of a DataFrame slice (same slicing); w1 30 -> 8, w0 15 -> 4, sequence_length 50 -> 15; LSTM units 100, 50 -> 16, 8; Dropout 0.2 -> 0.0 (random masks cannot match); epochs 10 -> 4; `model.predict_classes(...)` (removed from tf.keras in TF 2.6, so it fails on Keras itself) -> `(model.predict(...) > 0.5).astype("int32")`, the replacement TensorFlow's deprecation message gave for a sigmoid output; sklearn's confusion_matrix / precision_score / recall_score and the results DataFrame -> numpy counts; the sensor plots left out. The 75 training windows (71 once validation_split keeps 4) make one batch of 200, so fit's shuffling cannot change the result; val_loss falls in all 4 epochs, so the patience-0 EarlyStopping does not stop it
import keras
import numpy as np

# Setting seed for reproducability
np.random.seed(1234)  
PYTHONHASHSEED = 0
from keras.models import Sequential
from keras.layers import Dense, Dropout, LSTM, Activation

# stand-in for PM_train / PM_test / PM_truth: per engine an array of 25 normalised columns and its RUL
def make_engine(n_cycles, more=0):
    age = np.linspace(0.0, 1.0, n_cycles + more)[:n_cycles, None]
    features = 0.7 * age * np.random.rand(1, 25) + 0.3 * np.random.rand(n_cycles, 25)
    rul = (n_cycles + more - 1 - np.arange(n_cycles)).astype(float)
    return features, rul

train_engines = [make_engine(n) for n in (30, 26, 34, 28, 32)]
test_engines = [make_engine(n, more) for n, more in ((20, 3), (14, 6), (24, 2), (18, 9))]

# generate label columns for training data
w1 = 8
w0 = 4
def labels_of(rul):
    label1 = np.where(rul <= w1, 1, 0)
    label2 = label1.copy()
    label2[rul <= w0] = 2
    return np.column_stack([label1, label2])

train_labels = [labels_of(rul) for features, rul in train_engines]
test_labels = [labels_of(rul) for features, rul in test_engines]

# pick a large window size of 50 cycles
sequence_length = 15

# function to reshape features into (samples, time steps, features) 
def gen_sequence(id_df, seq_length):
    """ Only sequences that meet the window-length are considered, no padding is used. This means for testing
    we need to drop those which are below the window-length. An alternative would be to pad sequences so that
    we can use shorter ones """
    data_array = id_df
    num_elements = data_array.shape[0]
    for start, stop in zip(range(0, num_elements-seq_length), range(seq_length, num_elements)):
        yield data_array[start:stop, :]

# generator for the sequences
seq_gen = (list(gen_sequence(features, sequence_length)) 
           for features, rul in train_engines)

# generate sequences and convert to numpy array
seq_array = np.concatenate(list(seq_gen)).astype(np.float32)
print(seq_array.shape)

# function to generate labels
def gen_labels(id_df, seq_length):
    data_array = id_df
    num_elements = data_array.shape[0]
    return data_array[seq_length:num_elements, :]

# generate labels
label_gen = [gen_labels(labels[:, :1], sequence_length) 
             for labels in train_labels]
label_array = np.concatenate(label_gen).astype(np.float32)
print(label_array.shape)

# build the network
nb_features = seq_array.shape[2]
nb_out = label_array.shape[1]

model = Sequential()

model.add(LSTM(
         input_shape=(sequence_length, nb_features),
         units=16,
         return_sequences=True))
model.add(Dropout(0.0))

model.add(LSTM(
          units=8,
          return_sequences=False))
model.add(Dropout(0.0))

model.add(Dense(units=nb_out, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])

print(model.summary())

# fit the network
model.fit(seq_array, label_array, epochs=4, batch_size=200, validation_split=0.05, verbose=1,
          callbacks = [keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=0, patience=0, verbose=0, mode='auto')])

# training metrics
scores = model.evaluate(seq_array, label_array, verbose=1, batch_size=200)
print('Accurracy: {}'.format(scores[1]))

def confusion(y_true, y_pred):
    y_true, y_pred = y_true.ravel().astype(int), y_pred.ravel().astype(int)
    return np.array([[np.sum((y_true == a) & (y_pred == b)) for b in (0, 1)] for a in (0, 1)])

# make predictions and compute confusion matrix
y_pred = (model.predict(seq_array,verbose=1, batch_size=200) > 0.5).astype("int32")
y_true = label_array
print('Confusion matrix\n- x-axis is true labels.\n- y-axis is predicted labels')
cm = confusion(y_true, y_pred)
print(cm)

# compute precision and recall
precision = cm[1, 1] / max(cm[:, 1].sum(), 1)
recall = cm[1, 1] / max(cm[1, :].sum(), 1)
print( 'precision = ', precision, '\n', 'recall = ', recall)

seq_array_test_last = [features[-sequence_length:] 
                       for features, rul in test_engines if len(features) >= sequence_length]

seq_array_test_last = np.asarray(seq_array_test_last).astype(np.float32)
print(seq_array_test_last.shape)

y_mask = [len(features) >= sequence_length for features, rul in test_engines]

label_array_test_last = np.array([labels[-1, 0] for labels in test_labels])[y_mask]
label_array_test_last = label_array_test_last.reshape(label_array_test_last.shape[0],1).astype(np.float32)
print(label_array_test_last.shape)

print(seq_array_test_last.shape)
print(label_array_test_last.shape)

# test metrics
scores_test = model.evaluate(seq_array_test_last, label_array_test_last, verbose=2)
print('Accurracy: {}'.format(scores_test[1]))

# make predictions and compute confusion matrix
y_pred_test = (model.predict(seq_array_test_last) > 0.5).astype("int32")
y_true_test = label_array_test_last
print('Confusion matrix\n- x-axis is true labels.\n- y-axis is predicted labels')
cm = confusion(y_true_test, y_pred_test)
print(cm)

# compute precision and recall
precision_test = cm[1, 1] / max(cm[:, 1].sum(), 1)
recall_test = cm[1, 1] / max(cm[1, :].sum(), 1)
f1_test = 2 * (precision_test * recall_test) / max(precision_test + recall_test, 1e-12)
print( 'Precision: ', precision_test, '\n', 'Recall: ', recall_test,'\n', 'F1-score:', f1_test )
