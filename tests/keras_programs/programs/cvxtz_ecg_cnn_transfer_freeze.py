# source: CVxTz/ECG_Heartbeat_Classification code/baseline_mitbih.py and code/baseline_ptbdb_transfer_freeze.py (Y. Mansar's widely forked Keras baseline for Kachuee et al.'s "ECG Heartbeat Classification: A Deep Transferable Representation": a 1-D CNN trained on MIT-BIH heartbeats, then its weights loaded by layer name into a PTB diagnostic classifier whose convolutions are frozen)
# commit: 6f5ae536aa4756343d53981ddb8604938bd5d438
# keras: tf_keras
# exercises: Keras 2 `from keras import optimizers, losses, activations, models`, `from keras.callbacks import ModelCheckpoint, EarlyStopping, LearningRateScheduler, ReduceLROnPlateau`, `from keras.layers import Dense, Input, Dropout, Convolution1D, MaxPool1D, GlobalMaxPool1D, GlobalAveragePooling1D, concatenate`; a functional models.Model of Convolution1D(activation=activations.relu, padding="valid") pairs, MaxPool1D(pool_size=2), Dropout, GlobalMaxPool1D, named Dense layers (dense_1, dense_2, dense_3_mitbih / dense_3_ptbdb), softmax / sigmoid heads; optimizers.Adam(0.001); compile(loss=losses.sparse_categorical_crossentropy with int8 (N,) labels / losses.binary_crossentropy with int8 (N,) labels against an (N, 1) output, metrics=['acc']); model.summary(); ModelCheckpoint(file.h5, monitor='val_acc', verbose=1, save_best_only=True, mode='max') (a whole-model HDF5), EarlyStopping(monitor="val_acc", mode="max", patience, verbose=1), ReduceLROnPlateau(monitor="val_acc", mode="max", patience, verbose=2); fit(epochs, verbose=2, callbacks, validation_split=0.1); model.load_weights of the best checkpoint (a whole-model HDF5 read as weights); predict, argmax / threshold 0.5; in the second script Convolution1D(..., trainable=False) layers and model.load_weights("baseline_cnn_mitbih.h5", by_name=True) (the conv layers' default names and dense_1 / dense_2 matched by name, dense_3_ptbdb left as initialised)
# reduced: the Kaggle heartbeat CSVs (pandas read_csv of mitbih_train/test, ptbdb_normal/abnormal, 187 samples + label per row) replaced by seeded numpy rows (187 samples kept: 60 MIT-BIH training and 20 test rows with labels 0..4, 60 PTB rows with labels 0/1 split 48/12 by a numpy stand-in for the stratified train_test_split); pandas and sklearn dropped (df_train.sample(frac=1) by a numpy permutation, f1_score and accuracy_score by small numpy functions); filters 16/32/256 -> 4/4/8, Dense 64 -> 8; Dropout rates 0.1/0.2 -> 0.0 (random masks cannot match across frameworks); epochs 1000 -> 4, EarlyStopping patience 5 -> 2 and ReduceLROnPlateau patience 3 -> 1 (so they can act within 4 epochs); shuffle=False added to the fits (Keras shuffles with TensorFlow's generator, which PyTorch cannot replay); the two scripts run one after the other in one file, with keras.backend.clear_session() between them standing in for the second script's fresh process (so the conv layers get the same default names, conv1d .. conv1d_9, as in the saved file and load_weights(by_name=True) finds them), `from keras import backend` added for it
import numpy as np

from keras import optimizers, losses, activations, models
from keras import backend
from keras.callbacks import ModelCheckpoint, EarlyStopping, LearningRateScheduler, ReduceLROnPlateau
from keras.layers import Dense, Input, Dropout, Convolution1D, MaxPool1D, GlobalMaxPool1D, GlobalAveragePooling1D, \
    concatenate


def accuracy_score(y_true, y_pred):
    return float(np.mean(np.ravel(y_true) == np.ravel(y_pred)))


def f1_score(y_true, y_pred, average="binary"):
    y_true, y_pred = np.ravel(y_true), np.ravel(y_pred)
    labels = [1] if average == "binary" else sorted(set(y_true) | set(y_pred))
    scores = []
    for c in labels:
        tp = np.sum((y_pred == c) & (y_true == c))
        fp = np.sum((y_pred == c) & (y_true != c))
        fn = np.sum((y_pred != c) & (y_true == c))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    return float(np.mean(scores))


def heartbeats(n, n_classes, seed):
    rng = np.random.RandomState(seed)
    t = np.linspace(0, 1, 187)
    labels = rng.permutation(np.arange(n) % n_classes)
    rows = np.exp(-((t[None, :] - 0.2 - 0.1 * labels[:, None] / n_classes) ** 2) / 0.002)
    rows += 0.1 * rng.rand(n, 187)
    return np.concatenate([rows / rows.max(axis=1, keepdims=True), labels[:, None]], axis=1)


# ---- baseline_mitbih.py ----
df_train = heartbeats(60, 5, 1)  # stand-in for pd.read_csv("../input/mitbih_train.csv", header=None)
df_train = df_train[np.random.permutation(len(df_train))]  # df_train.sample(frac=1)
df_test = heartbeats(20, 5, 2)

Y = np.array(df_train[:, 187]).astype(np.int8)
X = np.array(df_train[:, list(range(187))])[..., np.newaxis]

Y_test = np.array(df_test[:, 187]).astype(np.int8)
X_test = np.array(df_test[:, list(range(187))])[..., np.newaxis]


def get_model():
    nclass = 5
    inp = Input(shape=(187, 1))
    img_1 = Convolution1D(4, kernel_size=5, activation=activations.relu, padding="valid")(inp)
    img_1 = Convolution1D(4, kernel_size=5, activation=activations.relu, padding="valid")(img_1)
    img_1 = MaxPool1D(pool_size=2)(img_1)
    img_1 = Dropout(rate=0.0)(img_1)
    img_1 = Convolution1D(4, kernel_size=3, activation=activations.relu, padding="valid")(img_1)
    img_1 = Convolution1D(4, kernel_size=3, activation=activations.relu, padding="valid")(img_1)
    img_1 = MaxPool1D(pool_size=2)(img_1)
    img_1 = Dropout(rate=0.0)(img_1)
    img_1 = Convolution1D(4, kernel_size=3, activation=activations.relu, padding="valid")(img_1)
    img_1 = Convolution1D(4, kernel_size=3, activation=activations.relu, padding="valid")(img_1)
    img_1 = MaxPool1D(pool_size=2)(img_1)
    img_1 = Dropout(rate=0.0)(img_1)
    img_1 = Convolution1D(8, kernel_size=3, activation=activations.relu, padding="valid")(img_1)
    img_1 = Convolution1D(8, kernel_size=3, activation=activations.relu, padding="valid")(img_1)
    img_1 = GlobalMaxPool1D()(img_1)
    img_1 = Dropout(rate=0.0)(img_1)

    dense_1 = Dense(8, activation=activations.relu, name="dense_1")(img_1)
    dense_1 = Dense(8, activation=activations.relu, name="dense_2")(dense_1)
    dense_1 = Dense(nclass, activation=activations.softmax, name="dense_3_mitbih")(dense_1)

    model = models.Model(inputs=inp, outputs=dense_1)
    opt = optimizers.Adam(0.001)

    model.compile(optimizer=opt, loss=losses.sparse_categorical_crossentropy, metrics=['acc'])
    model.summary()
    return model

model = get_model()
file_path = "baseline_cnn_mitbih.h5"
checkpoint = ModelCheckpoint(file_path, monitor='val_acc', verbose=1, save_best_only=True, mode='max')
early = EarlyStopping(monitor="val_acc", mode="max", patience=2, verbose=1)
redonplat = ReduceLROnPlateau(monitor="val_acc", mode="max", patience=1, verbose=2)
callbacks_list = [checkpoint, early, redonplat]  # early

model.fit(X, Y, epochs=4, verbose=2, callbacks=callbacks_list, validation_split=0.1, shuffle=False)
model.load_weights(file_path)

pred_test = model.predict(X_test)
pred_test = np.argmax(pred_test, axis=-1)

f1 = f1_score(Y_test, pred_test, average="macro")

print("Test f1 score : %s "% f1)

acc = accuracy_score(Y_test, pred_test)

print("Test accuracy score : %s "% acc)

# ---- baseline_ptbdb_transfer_freeze.py (its own process) ----
backend.clear_session()

df = heartbeats(60, 2, 3)  # pd.concat of ptbdb_normal.csv and ptbdb_abnormal.csv

# train_test_split(df, test_size=0.2, random_state=1337, stratify=df[187])
order = np.random.RandomState(1337).permutation(len(df))
df_train, df_test = df[order[:48]], df[order[48:]]


Y = np.array(df_train[:, 187]).astype(np.int8)
X = np.array(df_train[:, list(range(187))])[..., np.newaxis]

Y_test = np.array(df_test[:, 187]).astype(np.int8)
X_test = np.array(df_test[:, list(range(187))])[..., np.newaxis]


def get_model():
    nclass = 1
    inp = Input(shape=(187, 1))
    img_1 = Convolution1D(4, kernel_size=5, activation=activations.relu, padding="valid", trainable=False)(inp)
    img_1 = Convolution1D(4, kernel_size=5, activation=activations.relu, padding="valid", trainable=False)(img_1)
    img_1 = MaxPool1D(pool_size=2)(img_1)
    img_1 = Dropout(rate=0.0)(img_1)
    img_1 = Convolution1D(4, kernel_size=3, activation=activations.relu, padding="valid", trainable=False)(img_1)
    img_1 = Convolution1D(4, kernel_size=3, activation=activations.relu, padding="valid", trainable=False)(img_1)
    img_1 = MaxPool1D(pool_size=2)(img_1)
    img_1 = Dropout(rate=0.0)(img_1)
    img_1 = Convolution1D(4, kernel_size=3, activation=activations.relu, padding="valid", trainable=False)(img_1)
    img_1 = Convolution1D(4, kernel_size=3, activation=activations.relu, padding="valid", trainable=False)(img_1)
    img_1 = MaxPool1D(pool_size=2)(img_1)
    img_1 = Dropout(rate=0.0)(img_1)
    img_1 = Convolution1D(8, kernel_size=3, activation=activations.relu, padding="valid", trainable=False)(img_1)
    img_1 = Convolution1D(8, kernel_size=3, activation=activations.relu, padding="valid", trainable=False)(img_1)
    img_1 = GlobalMaxPool1D()(img_1)
    img_1 = Dropout(rate=0.0)(img_1)

    dense_1 = Dense(8, activation=activations.relu, name="dense_1")(img_1)
    dense_1 = Dense(8, activation=activations.relu, name="dense_2")(dense_1)
    dense_1 = Dense(nclass, activation=activations.sigmoid, name="dense_3_ptbdb")(dense_1)

    model = models.Model(inputs=inp, outputs=dense_1)
    opt = optimizers.Adam(0.001)

    model.compile(optimizer=opt, loss=losses.binary_crossentropy, metrics=['acc'])
    model.summary()
    return model

model = get_model()
file_path = "baseline_cnn_ptbdb_transfer_fullupdate.h5"
checkpoint = ModelCheckpoint(file_path, monitor='val_acc', verbose=1, save_best_only=True, mode='max')
early = EarlyStopping(monitor="val_acc", mode="max", patience=2, verbose=1)
redonplat = ReduceLROnPlateau(monitor="val_acc", mode="max", patience=1, verbose=2)
callbacks_list = [checkpoint, early, redonplat]  # early
model.load_weights("baseline_cnn_mitbih.h5", by_name=True)
model.fit(X, Y, epochs=4, verbose=2, callbacks=callbacks_list, validation_split=0.1, shuffle=False)
model.load_weights(file_path)

pred_test = model.predict(X_test)
pred_test = (pred_test>0.5).astype(np.int8)

f1 = f1_score(Y_test, pred_test)

print("Test f1 score : %s "% f1)

acc = accuracy_score(Y_test, pred_test)

print("Test accuracy score : %s "% acc)
