# source: curiousily/Credit-Card-Fraud-Detection-using-Autoencoders-in-Keras fraud_detection.ipynb (Venelin Valkov's widely copied "Credit Card Fraud Detection using Autoencoders in Keras" on the Kaggle ULB credit-card data; its code cells in order)
# commit: 5315cfd086ef7ee14aa84525085b2996cbc9951e
# keras: tf_keras
# exercises: `from keras.models import Model, load_model`, `from keras.layers import Input, Dense`, `from keras.callbacks import ModelCheckpoint, TensorBoard`, `from keras import regularizers`; a functional autoencoder Input(shape=(29,)) -> Dense(14, tanh, activity_regularizer=regularizers.l1(10e-5)) -> Dense(7, relu) -> Dense(7, tanh) -> Dense(29, relu); compile(optimizer='adam', loss='mean_squared_error', metrics=['accuracy']) (accuracy on a 29-wide regression target: tf.keras picks categorical_accuracy); fit(X, X, batch_size=32, validation_data=(X_test, X_test), callbacks=[ModelCheckpoint(filepath="model.h5", verbose=0, save_best_only=True)]).history; load_model('model.h5') of the best epoch; predict on the test set; reconstruction MSE thresholded at 2.9
# reduced: the Kaggle creditcard.csv (pd.read_csv) replaced by 700 made-up transactions (numpy RandomState(42)): Time, V1..V28 standard normals, Amount lognormal, Class 1 for about 2% (those rows shifted on V1..V6); pandas and scikit-learn (not installed) replaced by numpy: df.drop(['Time']) -> column slicing, StandardScaler on Amount -> (x - mean) / std, train_test_split(test_size=0.2, random_state=RANDOM_SEED) -> a seeded permutation (560 / 140 rows), the Class filters and drops -> boolean masks and slicing; the DataFrame displays, value_counts, matplotlib / seaborn plots, describe() and sklearn metrics (roc_curve, precision_recall_curve, confusion_matrix) left out (the reconstruction errors and thresholded predictions printed instead); nb_epoch 100 -> 3; fit's shuffle=True -> False (its permutation cannot match); `%matplotlib inline` dropped; the TensorBoard(log_dir='./logs', ...) callback left out (its import kept): the Keras venv has no tensorboard package, so tf-keras's own run fails in tf.summary.scalar
import numpy as np
import pickle
import tensorflow as tf
from keras.models import Model, load_model
from keras.layers import Input, Dense
from keras.callbacks import ModelCheckpoint, TensorBoard
from keras import regularizers

RANDOM_SEED = 42
LABELS = ["Normal", "Fraud"]

# Made-up transactions instead of data/creditcard.csv: Time, V1..V28, Amount, Class.
rng = np.random.RandomState(RANDOM_SEED)
n = 700
time_col = np.sort(rng.uniform(0, 172792, size=n))
v = rng.normal(size=(n, 28))
amount = np.round(rng.lognormal(3.0, 1.5, size=n), 2)
cls = (rng.uniform(size=n) < 0.02).astype('float64')
v[cls == 1, :6] += rng.normal(3.0, 1.0, size=(int(cls.sum()), 6))
df = np.column_stack([time_col, v, amount, cls])
print(df.shape)
print(np.isnan(df).any())

frauds = df[df[:, -1] == 1]
normal = df[df[:, -1] == 0]
print(frauds.shape, normal.shape)

# data = df.drop(['Time'], axis=1); data['Amount'] = StandardScaler().fit_transform(...)
data = df[:, 1:].copy()
data[:, -2] = (data[:, -2] - data[:, -2].mean()) / data[:, -2].std()

# train_test_split(data, test_size=0.2, random_state=RANDOM_SEED)
order = np.random.RandomState(RANDOM_SEED).permutation(n)
n_test = int(np.ceil(0.2 * n))
X_test = data[order[:n_test]]
X_train = data[order[n_test:]]
X_train = X_train[X_train[:, -1] == 0]
X_train = X_train[:, :-1]

y_test = X_test[:, -1]
X_test = X_test[:, :-1]

print(X_train.shape)

input_dim = X_train.shape[1]
encoding_dim = 14

input_layer = Input(shape=(input_dim, ))

encoder = Dense(encoding_dim, activation="tanh", 
                activity_regularizer=regularizers.l1(10e-5))(input_layer)
encoder = Dense(int(encoding_dim / 2), activation="relu")(encoder)

decoder = Dense(int(encoding_dim / 2), activation='tanh')(encoder)
decoder = Dense(input_dim, activation='relu')(decoder)

autoencoder = Model(inputs=input_layer, outputs=decoder)

nb_epoch = 3
batch_size = 32

autoencoder.compile(optimizer='adam', 
                    loss='mean_squared_error', 
                    metrics=['accuracy'])

checkpointer = ModelCheckpoint(filepath="model.h5",
                               verbose=0,
                               save_best_only=True)

history = autoencoder.fit(X_train, X_train,
                    epochs=nb_epoch,
                    batch_size=batch_size,
                    shuffle=False,
                    validation_data=(X_test, X_test),
                    verbose=1,
                    callbacks=[checkpointer]).history

autoencoder = load_model('model.h5')

print(history['loss'], history['val_loss'])

predictions = autoencoder.predict(X_test)

mse = np.mean(np.power(X_test - predictions, 2), axis=1)
print('reconstruction_error', mse.mean(), mse.std(), mse.min(), mse.max())

threshold = 2.9

y_pred = [1 if e > threshold else 0 for e in mse]
print('predicted frauds', sum(y_pred), 'true frauds', int(y_test.sum()))
