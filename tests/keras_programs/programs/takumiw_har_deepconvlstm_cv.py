# source: takumiw/Deep-Learning-for-Human-Activity-Recognition run_deep_conv_lstm.py with models/deep_conv_lstm.py (train_and_predict, build_model), src/keras_callback.py (PeriodicLogger, create_callback), src/utils.py (round) and configs/default.json (T. Watanabe's tf.keras implementations of Ordóñez & Roggen's DeepConvLSTM for smartphone HAR: 128-step windows of 6 inertial channels as one-channel images, four temporal Conv2D(64, (5, 1)), a Reshape to (112, 6*64), two LSTMs and a softmax, trained per stratified fold with EarlyStopping, a save-best ModelCheckpoint and a logging callback, the best checkpoint reloaded to predict and evaluate, test predictions averaged over the folds)
# commit: ef5fabfe443647daeb4bc175bac10d15bed80c40
# keras: tf_keras
# exercises: `import tensorflow as tf` (tf.random.set_seed), `from tensorflow import keras`, `from tensorflow.keras.models import Sequential, Model`, `from tensorflow.keras.layers import Dense, Activation, Dropout, Conv2D, LSTM, Reshape`, `from tensorflow.keras import optimizers`, `from tensorflow.keras import backend as K`, `from tensorflow.keras.callbacks import Callback, ModelCheckpoint, EarlyStopping`; keras.utils.to_categorical(y, 6); Sequential with add of Conv2D(64, kernel_size=(5, 1), input_shape=...), Activation("relu") x4, Reshape((T', 6 * 64)), LSTM(units, activation="tanh", return_sequences=True), Dropout(rate, seed=0), LSTM(units, activation="tanh"), Dropout(rate, seed=1), Dense, Activation("softmax"); compile(loss="categorical_crossentropy", optimizer=optimizers.Adam(lr=lr), metrics=["accuracy"]) (Keras 2's `lr` alias); a Callback subclass whose __init__ does not call super().__init__() and whose on_epoch_end(epoch, logs) reads logs['loss'], logs['accuracy'], logs['val_loss'], logs['val_accuracy']; EarlyStopping(monitor="val_loss", min_delta=0, patience=30, verbose=1, mode="min"), ModelCheckpoint(filepath=.h5, save_best_only=True); fit(batch_size, epochs, verbose=0, validation_data=..., callbacks=...); keras.models.load_model(.h5) of the best checkpoint, predict on three sets, K.clear_session() before the next fold's model; evaluate(X, y, verbose=0) unpacked as loss, acc on the reloaded model; argmax, fold-averaged test predictions
# reduced: the UCI HAPT raw signals (load_raw_data: pandas pickles and label files) replaced by seeded numpy windows: 60 training and 18 test windows of 24 steps x 6 channels (each class a sine of its own frequency on its own channels plus noise), labels 0..5 balanced; sklearn's StratifiedKFold(n_splits=5, shuffle=True, random_state=71) -> a numpy 2-fold split that keeps every class in both folds (sklearn is not installed where the corpus runs), and its precision/recall/F1/confusion-matrix scores -> accuracy with numpy; window 128 -> 24, so the model's Reshape((112, 6 * 64)) -> Reshape((8, 6 * 64)) (its 112 is 128 minus the four convolutions' 16 steps); LSTM units 128 -> 16; Dropout(0.5, seed=...) -> Dropout(0.0, seed=...) (random masks cannot match); configs/default.json's epochs 10000 -> 3 and batch_size 128 -> 16 (patience 30 kept); shuffle=False added to fit (its default shuffling cannot match); PeriodicLogger's `verbose=10` epochs -> 1; the log directory in the working folder; plot_model / plot_learning_history / plot_confusion_matrix, the pandas/shap imports and the file logging handler left out
import os
import sys
from decimal import Decimal, ROUND_HALF_UP
from logging import basicConfig, getLogger, StreamHandler, DEBUG, WARNING
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.models import Sequential, Model
from tensorflow.keras.layers import Dense, Activation, Dropout, Conv2D, LSTM, Reshape
from tensorflow.keras import optimizers
from tensorflow.keras import backend as K
from tensorflow.keras.callbacks import Callback, ModelCheckpoint, EarlyStopping

tf.random.set_seed(0)

logger = getLogger(__name__)


# ---- src/utils.py ----
def round_float(f: float, r: float = 0.000001) -> float:
    return float(Decimal(str(f)).quantize(Decimal(str(r)), rounding=ROUND_HALF_UP))


def round_list(l: List[float], r: float = 0.000001) -> List[float]:
    return [round_float(f, r) for f in l]


def round_dict(d: Dict[Any, Any], r: float = 0.000001) -> Dict[Any, Any]:
    return {key: round(d[key], r) for key in d.keys()}


def round(arg: Any, r: float = 0.000001) -> Any:
    if type(arg) == float or type(arg) == np.float64 or type(arg) == np.float32:
        return round_float(arg, r)
    elif type(arg) == list or type(arg) == np.ndarray:
        return round_list(arg, r)
    elif type(arg) == dict:
        return round_dict(arg, r)
    else:
        logger.error(f"Arg type {type(arg)} is not supported")
        return arg


# ---- src/keras_callback.py ----
class PeriodicLogger(Callback):
    """Logging history every n epochs"""

    def __init__(
        self, metric: str = "accuracy", verbose: int = 1, epochs: Optional[int] = None
    ) -> None:
        self.metric = metric
        self.verbose = verbose
        self.epochs = epochs

    def on_epoch_end(self, epoch: int, logs: Optional[Dict[str, float]] = None) -> None:
        epoch += 1
        if epoch % self.verbose == 0:
            msg = " - ".join(
                [
                    f"Epoch {epoch}/{self.epochs}",
                    f"loss: {round(logs['loss'], 0.0001)}",
                    f"{self.metric}: {round(logs[self.metric], 0.0001)}",
                    f"val_loss: {round(logs['val_loss'], 0.0001)}",
                    f"val_{self.metric}: {round(logs[f'val_{self.metric}'], 0.0001)}",
                ]
            )
            logger.debug(msg)


def create_callback(
    model: Model, path_chpt: str, patience: int = 30, metric: str = "accuracy", verbose: int = 10, epochs: Optional[int] = None
) -> List[Any]:
    """callback settinngs
    Args:
        model (Model)
        path_chpt (str): path to save checkpoint
    Returns:
        callbacks (List[Any]): List of Callback
    """
    callbacks = []
    callbacks.append(
        EarlyStopping(monitor="val_loss", min_delta=0, patience=patience, verbose=1, mode="min")
    )
    callbacks.append(ModelCheckpoint(filepath=path_chpt, save_best_only=True))
    callbacks.append(PeriodicLogger(metric=metric, verbose=verbose, epochs=epochs))
    return callbacks


# ---- models/deep_conv_lstm.py ----
def train_and_predict(
    LOG_DIR: str,
    fold_id: int,
    X_train: np.ndarray,
    X_valid: np.ndarray,
    X_test: np.ndarray,
    y_train: np.ndarray,
    y_valid: np.ndarray,
    dcl_params: Dict[str, Any],
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, Model]:
    """Train DeepConvLSTM"""
    model = build_model(
        input_shape=X_train.shape[1:], output_dim=y_train.shape[1], lr=dcl_params["lr"]
    )

    callbacks = create_callback(
        model=model,
        path_chpt=f"{LOG_DIR}/trained_model_fold{fold_id}.h5",
        verbose=1,
        epochs=dcl_params["epochs"],
    )

    fit = model.fit(
        X_train,
        y_train,
        batch_size=dcl_params["batch_size"],
        epochs=dcl_params["epochs"],
        verbose=dcl_params["verbose"],
        validation_data=(X_valid, y_valid),
        callbacks=callbacks,
        shuffle=False,
    )

    model = keras.models.load_model(f"{LOG_DIR}/trained_model_fold{fold_id}.h5")

    pred_train = model.predict(X_train)
    pred_valid = model.predict(X_valid)
    pred_test = model.predict(X_test)

    K.clear_session()
    return pred_train, pred_valid, pred_test, model


def build_model(
    input_shape: Tuple[int, int, int] = (24, 6, 1), output_dim: int = 6, lr: float = 0.001
) -> Model:
    model = Sequential()
    model.add(Conv2D(64, kernel_size=(5, 1), input_shape=input_shape))
    model.add(Activation("relu"))
    model.add(Conv2D(64, kernel_size=(5, 1)))
    model.add(Activation("relu"))
    model.add(Conv2D(64, kernel_size=(5, 1)))
    model.add(Activation("relu"))
    model.add(Conv2D(64, kernel_size=(5, 1)))
    model.add(Activation("relu"))
    model.add(Reshape((8, 6 * 64)))
    model.add(LSTM(16, activation="tanh", return_sequences=True))
    model.add(Dropout(0.0, seed=0))
    model.add(LSTM(16, activation="tanh"))
    model.add(Dropout(0.0, seed=1))
    model.add(Dense(output_dim))
    model.add(Activation("softmax"))
    model.compile(
        loss="categorical_crossentropy", optimizer=optimizers.Adam(lr=lr), metrics=["accuracy"]
    )
    return model


# ---- run_deep_conv_lstm.py ----
LOG_DIR = "logs/deep-conv-lstm"
os.makedirs(LOG_DIR, exist_ok=True)  # Create log directory

getLogger().addHandler(StreamHandler(sys.stdout))
logger.setLevel(DEBUG)


def load_raw_data():  # stand-in for the UCI HAPT windows: (N, 24, 6, 1), labels 0..5
    rng = np.random.default_rng(71)
    def windows(n):
        y = np.arange(n) % 6
        t = np.arange(24)[None, :]
        X = rng.normal(0.0, 0.5, (n, 24, 6))
        for c in range(6):
            X[y == c, :, c] += np.sin(t * (c + 1) * 0.25)
            X[y == c, :, (c + 3) % 6] += 0.5 * np.cos(t * (c + 1) * 0.25)
        return X[..., None].astype(np.float32), y[:, None]
    X_train, y_train = windows(60)
    X_test, y_test = windows(18)
    label2act = {0: "LAYING", 1: "WALKING", 2: "WALKING_UPSTAIRS", 3: "WALKING_DOWNSTAIRS", 4: "SITTING", 5: "STANDING"}
    return X_train, X_test, y_train, y_test, label2act, {v: k for k, v in label2act.items()}


X_train, X_test, y_train, y_test, label2act, act2label = load_raw_data()
logger.debug(f"{X_train.shape=} {X_test.shape=}")
logger.debug(f"{y_train.shape=} {y_test.shape=}")

# Split data by preserving the percentage of samples for each class.
n_splits = 2
folds = [(np.arange(60)[np.arange(60) % 12 >= 6], np.arange(60)[np.arange(60) % 12 < 6]),
         (np.arange(60)[np.arange(60) % 12 < 6], np.arange(60)[np.arange(60) % 12 >= 6])]
valid_preds = np.zeros((X_train.shape[0], 6))
test_preds = np.zeros((n_splits, X_test.shape[0], 6))
models = []
scores: Dict[str, Dict[str, List[Any]]] = {
    "logloss": {"train": [], "valid": [], "test": []},
    "accuracy": {"train": [], "valid": [], "test": []},
}
# Load hyper-parameters
dcl_params = {"batch_size": 16, "epochs": 3, "lr": 0.001, "verbose": 0}
logger.debug(f"{dcl_params=}")

y_test = keras.utils.to_categorical(y_test, 6)

for fold_id, (train_index, valid_index) in enumerate(folds):
    X_tr = X_train[train_index, :]
    X_val = X_train[valid_index, :]
    y_tr = y_train[train_index]
    y_val = y_train[valid_index]
    
    y_tr = keras.utils.to_categorical(y_tr, 6)
    y_val = keras.utils.to_categorical(y_val, 6)

    logger.debug(f"{X_tr.shape=} {X_val.shape=} {X_test.shape=}")
    logger.debug(f"{y_tr.shape=} {y_val.shape=} {y_test.shape=}")

    pred_tr, pred_val, pred_test, model = train_and_predict(
        LOG_DIR, fold_id, X_tr, X_val, X_test, y_tr, y_val, dcl_params
    )
    models.append(model)

    valid_preds[valid_index] = pred_val
    test_preds[fold_id] = pred_test

    for pred, X, y, mode in zip(
        [pred_tr, pred_val, pred_test], [X_tr, X_val, X_test], [y_tr, y_val, y_test], ["train", "valid", "test"]
    ):
        loss, acc = model.evaluate(X, y, verbose=0)
        pred = pred.argmax(axis=1)
        y = y.argmax(axis=1)
        scores["logloss"][mode].append(loss)
        scores["accuracy"][mode].append(acc)

# Output Cross Validation Scores
logger.debug("---Cross Validation Scores---")
for mode in ["train", "valid", "test"]:
    logger.debug(f"---{mode}---")
    for metric in ["logloss", "accuracy"]:
        logger.debug(f"{metric}={round(np.mean(scores[metric][mode]))}")

# Output Final Scores Averaged over Folds
logger.debug("---Final Test Scores Averaged over Folds---")
test_pred = np.mean(test_preds, axis=0).argmax(axis=1)  # average over folds
y_test = y_test.argmax(axis=1)
logger.debug(f"accuracy={np.mean(y_test == test_pred)}")
