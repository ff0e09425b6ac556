# source: tensorflow/docs site/en/tutorials/structured_data/imbalanced_data.ipynb (the TensorFlow tutorial "Classification on imbalanced data" on the Kaggle credit-card fraud data, its 2020 tf.keras version: output-bias initialisation, initial weights checkpointed with save_weights, class weights, oversampling; its code cells in order)
# commit: a68c452e3da63207a8648d704b9c2d4e901fd9b0
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow import keras`; METRICS list of keras.metrics.TruePositives / FalsePositives / TrueNegatives / FalseNegatives / BinaryAccuracy / Precision / Recall / AUC, each with name=; make_model(metrics, output_bias) with tf.keras.initializers.Constant(np.log([pos/neg])) as a Dense bias_initializer, keras.Sequential([Dense(16, relu, input_shape=(29,)), Dropout, Dense(1, sigmoid)]) compiled inside with keras.optimizers.Adam(lr=1e-3) (the legacy `lr` keyword) and keras.losses.BinaryCrossentropy(); summary; predict before fit; evaluate(batch_size, verbose=0) and zip(model.metrics_names, results); save_weights to an extensionless path under tempfile.mkdtemp() (tf-keras's TensorFlow-checkpoint format) and load_weights of it into four fresh models; model.layers[-1].bias.assign([0.0]); tf.keras.callbacks.EarlyStopping(monitor='val_auc', verbose=1, patience=10, mode='max', restore_best_weights=True) shared by four fits; fit with validation_data and class_weight={0: w0, 1: w1}; EarlyStopping stopping and restoring inside the 30-epoch re-train; predict(batch_size)
# reduced: VARIANT with fresh metric objects per model (METRICS list -> fresh_metrics(), called in make_model), to check that only the documented shared-metric difference remains; otherwise as tf_tutorial_imbalanced_data_numpy, a VARIANT of tf_tutorial_imbalanced_data without tf.data (statefulrnn has no tf.data.Dataset: see tf_tutorial_imbalanced_data.diagnosis.md): the two oversampled fits take the NumPy-resampled arrays directly (the re-train's 'not real epochs' of steps_per_epoch=20 -> the first 3 batches of the resampled rows as each epoch), validation_data the arrays; the creditcard.csv download (pd.read_csv of a URL) replaced by 1500 made-up transactions (numpy RandomState(0): Time, V1..V28 standard normals, Amount lognormal, Class 1 for about 4%, those rows shifted on V1..V8); pandas and scikit-learn (not installed) replaced by numpy: pop / drop of columns -> slicing, the unseeded train_test_split(test_size=0.2) twice -> seeded permutations (960 train / 240 validation / 300 test rows), StandardScaler -> mean/std of the training rows, confusion_matrix -> numpy counts, describe()/head() and the seaborn / matplotlib cells (jointplot, plot_loss, plot_metrics, plot_cm's heatmap, plot_roc with sklearn's roc_curve) left out (plot_cm's printed counts kept); BATCH_SIZE 2048 -> 256 (several steps per epoch on the small data); EPOCHS 100 -> 3, epochs=20 -> 3, the re-train's steps_per_epoch=20 -> 3 (10*EPOCHS = 30 epochs kept as written); Dropout(0.5) -> Dropout(0.0) (random masks cannot match); fit gets shuffle=False where it takes arrays; the tf.data oversampling's make_ds `.shuffle(BUFFER_SIZE)` dropped and `tf.data.experimental.sample_from_datasets([pos_ds, neg_ds], weights=[0.5, 0.5])` (random draws TensorFlow's generator makes) replaced by a dataset of the notebook's own NumPy-resampled arrays, repeated (both are "half positive, endless" streams); the NumPy oversampling's np.random.choice / np.random.shuffle kept (the harness seeds numpy alike on both sides)
import tensorflow as tf
from tensorflow import keras

import os
import tempfile

import numpy as np

file = tf.keras.utils
# Made-up transactions instead of pd.read_csv('.../creditcard.csv'): Time, V1..V28, Amount, Class.
rng = np.random.RandomState(0)
n = 1500
time_col = np.sort(rng.uniform(0, 172792, size=n))
v = rng.normal(size=(n, 28))
amount = np.round(rng.lognormal(3.0, 1.5, size=n), 2)
amount[rng.uniform(size=n) < 0.01] = 0.0
cls = (rng.uniform(size=n) < 0.04).astype(np.int64)
v[cls == 1, :8] += rng.normal(2.0, 1.0, size=(int(cls.sum()), 8))
columns = ['Time'] + ['V%d' % i for i in range(1, 29)] + ['Amount', 'Class']
raw_df = np.column_stack([time_col, v, amount, cls])

neg, pos = np.bincount(raw_df[:, -1].astype(np.int64))
total = neg + pos
print('Examples:\n    Total: {}\n    Positive: {} ({:.2f}% of total)\n'.format(
    total, pos, 100 * pos / total))

cleaned_df = raw_df.copy()

# You don't want the `Time` column.
cleaned_df = cleaned_df[:, 1:]

# The `Amount` column covers a huge range. Convert to log-space.
eps = 0.001 # 0 => 0.1¢
log_amount = np.log(cleaned_df[:, -2] + eps)
cleaned_df = np.column_stack([cleaned_df[:, :-2], cleaned_df[:, -1], log_amount])  # ..., Class, Log Ammount

# Use a utility from sklearn to split and shuffle our dataset.
def train_test_split(rows, test_size, seed):
    order = np.random.RandomState(seed).permutation(len(rows))
    n_test = int(np.ceil(test_size * len(rows)))
    return rows[order[n_test:]], rows[order[:n_test]]

train_df, test_df = train_test_split(cleaned_df, test_size=0.2, seed=1)
train_df, val_df = train_test_split(train_df, test_size=0.2, seed=2)

# Form np arrays of labels and features.
label_column = 28
train_labels = train_df[:, label_column].astype(np.int64)
bool_train_labels = train_labels != 0
val_labels = val_df[:, label_column].astype(np.int64)
test_labels = test_df[:, label_column].astype(np.int64)

train_features = np.delete(train_df, label_column, axis=1)
val_features = np.delete(val_df, label_column, axis=1)
test_features = np.delete(test_df, label_column, axis=1)

mean, std = train_features.mean(axis=0), train_features.std(axis=0)
train_features = (train_features - mean) / std

val_features = (val_features - mean) / std
test_features = (test_features - mean) / std

train_features = np.clip(train_features, -5, 5)
val_features = np.clip(val_features, -5, 5)
test_features = np.clip(test_features, -5, 5)


print('Training labels shape:', train_labels.shape)
print('Validation labels shape:', val_labels.shape)
print('Test labels shape:', test_labels.shape)

print('Training features shape:', train_features.shape)
print('Validation features shape:', val_features.shape)
print('Test features shape:', test_features.shape)

def fresh_metrics():
  return [
      keras.metrics.TruePositives(name='tp'),
      keras.metrics.FalsePositives(name='fp'),
      keras.metrics.TrueNegatives(name='tn'),
      keras.metrics.FalseNegatives(name='fn'), 
      keras.metrics.BinaryAccuracy(name='accuracy'),
      keras.metrics.Precision(name='precision'),
      keras.metrics.Recall(name='recall'),
      keras.metrics.AUC(name='auc'),
  ]

def make_model(metrics=None, output_bias=None):
  metrics = fresh_metrics() if metrics is None else metrics
  if output_bias is not None:
    output_bias = tf.keras.initializers.Constant(output_bias)
  model = keras.Sequential([
      keras.layers.Dense(
          16, activation='relu',
          input_shape=(train_features.shape[-1],)),
      keras.layers.Dropout(0.0),
      keras.layers.Dense(1, activation='sigmoid',
                         bias_initializer=output_bias),
  ])

  model.compile(
      optimizer=keras.optimizers.Adam(lr=1e-3),
      loss=keras.losses.BinaryCrossentropy(),
      metrics=metrics)

  return model

EPOCHS = 3
BATCH_SIZE = 256

early_stopping = tf.keras.callbacks.EarlyStopping(
    monitor='val_auc', 
    verbose=1,
    patience=10,
    mode='max',
    restore_best_weights=True)

model = make_model()
model.summary()

model.predict(train_features[:10])

results = model.evaluate(train_features, train_labels, batch_size=BATCH_SIZE, verbose=0)
print("Loss: {:0.4f}".format(results[0]))

initial_bias = np.log([pos/neg])
print(initial_bias)

model = make_model(output_bias=initial_bias)
print(model.predict(train_features[:10]))

results = model.evaluate(train_features, train_labels, batch_size=BATCH_SIZE, verbose=0)
print("Loss: {:0.4f}".format(results[0]))

initial_weights = os.path.join(tempfile.mkdtemp(), 'initial_weights')
model.save_weights(initial_weights)

model = make_model()
model.load_weights(initial_weights)
model.layers[-1].bias.assign([0.0])
zero_bias_history = model.fit(
    train_features,
    train_labels,
    batch_size=BATCH_SIZE,
    epochs=3,
    validation_data=(val_features, val_labels), 
    verbose=0,
    shuffle=False)

model = make_model()
model.load_weights(initial_weights)
careful_bias_history = model.fit(
    train_features,
    train_labels,
    batch_size=BATCH_SIZE,
    epochs=3,
    validation_data=(val_features, val_labels), 
    verbose=0,
    shuffle=False)

print(zero_bias_history.history['val_loss'], careful_bias_history.history['val_loss'])

model = make_model()
model.load_weights(initial_weights)
baseline_history = model.fit(
    train_features,
    train_labels,
    batch_size=BATCH_SIZE,
    epochs=EPOCHS,
    callbacks=[early_stopping],
    validation_data=(val_features, val_labels),
    shuffle=False)

train_predictions_baseline = model.predict(train_features, batch_size=BATCH_SIZE)
test_predictions_baseline = model.predict(test_features, batch_size=BATCH_SIZE)

def plot_cm(labels, predictions, p=0.5):
  predicted = (predictions > p).ravel().astype(int)
  cm = np.array([[np.sum((labels == i) & (predicted == j)) for j in (0, 1)] for i in (0, 1)])

  print('Legitimate Transactions Detected (True Negatives): ', cm[0][0])
  print('Legitimate Transactions Incorrectly Detected (False Positives): ', cm[0][1])
  print('Fraudulent Transactions Missed (False Negatives): ', cm[1][0])
  print('Fraudulent Transactions Detected (True Positives): ', cm[1][1])
  print('Total Fraudulent Transactions: ', np.sum(cm[1]))

baseline_results = model.evaluate(test_features, test_labels,
                                  batch_size=BATCH_SIZE, verbose=0)
for name, value in zip(model.metrics_names, baseline_results):
  print(name, ': ', value)
print()

plot_cm(test_labels, test_predictions_baseline)

# Scaling by total/2 helps keep the loss to a similar magnitude.
# The sum of the weights of all examples stays the same.
weight_for_0 = (1 / neg)*(total)/2.0 
weight_for_1 = (1 / pos)*(total)/2.0

class_weight = {0: weight_for_0, 1: weight_for_1}

print('Weight for class 0: {:.2f}'.format(weight_for_0))
print('Weight for class 1: {:.2f}'.format(weight_for_1))

weighted_model = make_model()
weighted_model.load_weights(initial_weights)

weighted_history = weighted_model.fit(
    train_features,
    train_labels,
    batch_size=BATCH_SIZE,
    epochs=EPOCHS,
    callbacks=[early_stopping],
    validation_data=(val_features, val_labels),
    # The class weights go here
    class_weight=class_weight,
    shuffle=False) 

train_predictions_weighted = weighted_model.predict(train_features, batch_size=BATCH_SIZE)
test_predictions_weighted = weighted_model.predict(test_features, batch_size=BATCH_SIZE)

weighted_results = weighted_model.evaluate(test_features, test_labels,
                                           batch_size=BATCH_SIZE, verbose=0)
for name, value in zip(weighted_model.metrics_names, weighted_results):
  print(name, ': ', value)
print()

plot_cm(test_labels, test_predictions_weighted)

pos_features = train_features[bool_train_labels]
neg_features = train_features[~bool_train_labels]

pos_labels = train_labels[bool_train_labels]
neg_labels = train_labels[~bool_train_labels]

ids = np.arange(len(pos_features))
choices = np.random.choice(ids, len(neg_features))

res_pos_features = pos_features[choices]
res_pos_labels = pos_labels[choices]

print(res_pos_features.shape)

resampled_features = np.concatenate([res_pos_features, neg_features], axis=0)
resampled_labels = np.concatenate([res_pos_labels, neg_labels], axis=0)

order = np.arange(len(resampled_labels))
np.random.shuffle(order)
resampled_features = resampled_features[order]
resampled_labels = resampled_labels[order]

print(resampled_features.shape)

resampled_steps_per_epoch = np.ceil(2.0*neg/BATCH_SIZE)
print(resampled_steps_per_epoch)

resampled_model = make_model()
resampled_model.load_weights(initial_weights)

# Reset the bias to zero, since this dataset is balanced.
output_layer = resampled_model.layers[-1] 
output_layer.bias.assign([0])

resampled_history = resampled_model.fit(
    resampled_features,
    resampled_labels,
    batch_size=BATCH_SIZE,
    epochs=EPOCHS,
    callbacks=[early_stopping],
    validation_data=(val_features, val_labels),
    shuffle=False)

resampled_model = make_model()
resampled_model.load_weights(initial_weights)

# Reset the bias to zero, since this dataset is balanced.
output_layer = resampled_model.layers[-1] 
output_layer.bias.assign([0])

resampled_history = resampled_model.fit(
    resampled_features[:3 * BATCH_SIZE],
    resampled_labels[:3 * BATCH_SIZE],
    batch_size=BATCH_SIZE,
    # These are not real epochs
    epochs=10*EPOCHS,
    callbacks=[early_stopping],
    validation_data=(val_features, val_labels),
    shuffle=False)

print(len(resampled_history.history['loss']), 'epochs')

train_predictions_resampled = resampled_model.predict(train_features, batch_size=BATCH_SIZE)
test_predictions_resampled = resampled_model.predict(test_features, batch_size=BATCH_SIZE)

resampled_results = resampled_model.evaluate(test_features, test_labels,
                                             batch_size=BATCH_SIZE, verbose=0)
for name, value in zip(resampled_model.metrics_names, resampled_results):
  print(name, ': ', value)
print()

plot_cm(test_labels, test_predictions_resampled)
