# source: Chrissi2802/Google-Brain---VPP train.py (train_vpp, plot_loss_and_error) with models.py (gru_net, gru_net_big, lstm_net_big) and helpers.py (hardware_config, Program_runtime) (a student's Kaggle "Google Brain - Ventilator Pressure Prediction" solution, 2022: per-breath engineered features, 5-fold KFold with a fresh functional model per fold: stacked Bidirectional GRUs each followed by BatchNormalization(axis=-1), a Dense(relu) + BatchNormalization + Dropout head and Dense(1) at every time step, compiled with mae and a MeanAbsolutePercentageError metric, trained under a MirroredStrategy scope with ReduceLROnPlateau, EarlyStopping(restore_best_weights) and a save-best ModelCheckpoint to .hdf5, the fold models' test predictions averaged)
# commit: 06e705a1f22874637f57dd0edafc6bc162737a39
# keras: tf_keras
# exercises: `from tensorflow.keras.models import Model`, `import tensorflow.keras.layers as layer`; layer.Input(shape=(data.shape[-2:])) (a tuple slice of a numpy shape); layer.Bidirectional(layer.GRU(n, return_sequences=True)) x4 each followed by layer.BatchNormalization(axis=-1) over a 3-D sequence; Dense(relu) per time step, BatchNormalization, Dropout, Dense(1); Model(inputs=, outputs=, name="GRU_NET_BIG") and model.name in the checkpoint path; print(model.summary()); compile(optimizer="adam", loss="mae", metrics=[tf.keras.metrics.MeanAbsolutePercentageError()]) with (batch, steps) targets against a (batch, steps, 1) output; ReduceLROnPlateau(verbose=), EarlyStopping(mode="min", restore_best_weights=True), ModelCheckpoint(.hdf5, save_best_only=True, mode="auto", save_freq="epoch"); fit(verbose=2, batch_size=) and history keys mean_absolute_percentage_error / val_mean_absolute_percentage_error; predict(batch_size=).squeeze().reshape(-1, 1).squeeze() into a column of a numpy array per fold
# reduced: the Dataset/ folder's competition csv files (pandas, VPP_Datasets with its many engineered features, RobustScaler and get_dummies) replaced by made-up, already scaled breaths (numpy RandomState(0)): 24 training and 6 test breaths of 10 steps (80 in the data) with 12 features, the pressure from a simple lung model, centred near 0 (with every target above the untrained predictions, mae's gradient is the same at every step and BatchNormalization's backward pass cancels it: the layers below then learn from rounding noise, which Adam scales up); helpers.hardware_config("GPU") (tf.distribute.MirroredStrategy) replaced by a stand-in whose scope() is a null context (as the corpus does: statefulrnn stands in for Keras, not tf.distribute); TensorFlow's own tf.data (tf.data.Options, AutoShardPolicy, Dataset.from_tensor_slices(...).batch(batch_size).with_options) -> the same arrays handed to fit / predict with the same batch_size (a batched Dataset is read in order, so fit is given shuffle=False); sklearn's KFold(n_splits=5, shuffle=True) without a seed -> the same split rule with numpy RandomState(1) (shuffled indices, n // k rows per fold, the first n % k folds one larger); GRU units 1024 / 512 / 256 / 128 -> 8 / 8 / 6 / 4, Dense 128 -> 8, Dropout(0.5) -> Dropout(0.0) (random masks cannot match); batch_size 1024 -> 8; epochs 2 as in the file (its "For testing 2"); the matplotlib plot of the curves replaced by printing the history lists; path_models -> a temp folder; CVPP_Datasets.write_submissions_mean (a csv) replaced by printing the fold-mean predictions; Program_runtime's clock prints dropped
import contextlib
import os
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.keras.callbacks import ReduceLROnPlateau, EarlyStopping, ModelCheckpoint
from tensorflow.keras.models import Model
import tensorflow.keras.layers as layer


# ---- models.py --------------------------------------------------------------------------------
def gru_net(data):
    """This function creates a GRU model in TensorFlow."""
    x_input = layer.Input(shape=(data.shape[-2:]))

    x = layer.Bidirectional(layer.GRU(8, return_sequences=True))(x_input)
    x = layer.BatchNormalization(axis=-1)(x)
    x = layer.Bidirectional(layer.GRU(4, return_sequences=True))(x)
    x = layer.BatchNormalization(axis=-1)(x)

    x = layer.Dense(8, activation="relu")(x)
    x = layer.BatchNormalization(axis=-1)(x)
    x = layer.Dropout(0.0)(x)
    x_output = layer.Dense(1)(x)

    model = Model(inputs=x_input, outputs=x_output, name="GRU_NET")

    return model


def gru_net_big(data):
    """This function creates a big GRU model in TensorFlow."""
    x_input = layer.Input(shape=(data.shape[-2:]))

    x = layer.Bidirectional(layer.GRU(8, return_sequences=True))(x_input)
    x = layer.BatchNormalization(axis=-1)(x)
    x = layer.Bidirectional(layer.GRU(8, return_sequences=True))(x)
    x = layer.BatchNormalization(axis=-1)(x)

    x = layer.Bidirectional(layer.GRU(6, return_sequences=True))(x)
    x = layer.BatchNormalization(axis=-1)(x)
    x = layer.Bidirectional(layer.GRU(4, return_sequences=True))(x)
    x = layer.BatchNormalization(axis=-1)(x)

    x = layer.Dense(8, activation="relu")(x)
    x = layer.BatchNormalization(axis=-1)(x)
    x = layer.Dropout(0.0)(x)
    x_output = layer.Dense(1)(x)

    model = Model(inputs=x_input, outputs=x_output, name="GRU_NET_BIG")

    return model


# ---- helpers.py / dataset.py stand-ins --------------------------------------------------------
class _Strategy:  # stand-in for tf.distribute.MirroredStrategy(gpus)
    num_replicas_in_sync = 1

    def scope(self):
        return contextlib.nullcontext()


def hardware_config(device="GPU"):
    return _Strategy()


class VPP_Datasets():
    """Made-up breaths in the shapes VPP_Datasets.get_datasets returns (features already scaled)."""

    def __init__(self, create_new=True, many_features=True):
        rng = np.random.RandomState(0)
        steps, n_features = 10, 12

        def breaths(n):
            u_in = rng.uniform(0, 1, (n, steps))
            u_out = (np.arange(steps) >= steps // 2).astype(float)[None].repeat(n, 0)
            R = rng.choice([5, 20, 50], (n, 1)).repeat(steps, 1) / 50.0
            Cc = rng.choice([10, 20, 50], (n, 1)).repeat(steps, 1) / 50.0
            extra = rng.normal(0, 1, (n, steps, n_features - 4))
            x = np.concatenate([np.stack([u_in, u_out, R, Cc], axis=2), extra], axis=2)
            pressure = 10 * np.cumsum(u_in * (1 - u_out), axis=1) / steps / Cc + R * u_in - 1.5  # centred
            return x, pressure

        self.dataset_train, self.targets = breaths(24)
        self.dataset_test, _ = breaths(6)
        self.path = tempfile.mkdtemp() + "/Dataset/"

    def get_datasets(self):
        return self.dataset_train, self.targets, self.dataset_test

    def get_path(self):
        return self.path

    def write_submissions_mean(self, test_predictions):
        print("submission", test_predictions.mean(axis=1)[:10])


class KFold:  # sklearn's KFold(n_splits, shuffle=True) split rule, numpy-seeded
    def __init__(self, n_splits=5, shuffle=False):
        self.n_splits = n_splits

    def split(self, X, y=None):
        n = len(X)
        indices = np.arange(n)
        np.random.RandomState(1).shuffle(indices)
        sizes = np.full(self.n_splits, n // self.n_splits)
        sizes[: n % self.n_splits] += 1
        current = 0
        for size in sizes:
            test_index = indices[current:current + size]
            train_index = np.setdiff1d(indices, test_index)  # sklearn keeps them sorted too
            yield train_index, test_index
            current += size


# ---- train.py ---------------------------------------------------------------------------------
def plot_loss_and_error(train_losses, train_error, test_losses=[], test_error=[], fold=""):
    print("Fold", fold, train_losses, train_error, test_losses, test_error)


def train_vpp():
    """This function performs the training and testing for the Ventilator Pressure Prediction (VPP) dataset."""

    # Hyperparameter
    epochs = 2  # 500    # For testing 2
    batch_size = 8
    verbose = 1

    # Hardware config
    strategy = hardware_config("GPU")

    with strategy.scope():

        # Dataset
        CVPP_Datasets = VPP_Datasets(create_new=True, many_features=True)
        train, target, test = CVPP_Datasets.get_datasets()

        path = CVPP_Datasets.get_path()
        path_models = path.rstrip("Dataset/") + "/Models/"
        os.makedirs(path_models, exist_ok=True)

        # Crossvalidation
        k_fold = KFold(n_splits=5, shuffle=True)    # For testing 2

        # Numpy array for the predictions
        test_predictions = np.empty([test.shape[0] * test.shape[1], k_fold.n_splits])

        # Perform the crossvalidation
        for fold, (train_index, test_index) in enumerate(k_fold.split(train, target)):

            print("Fold:", fold)

            # Data for this fold
            x_train, x_valid = train[train_index], train[test_index]
            y_train, y_valid = target[train_index], target[test_index]

            # Model, choose one
            #model = models.gru_net(train)
            model = gru_net_big(train)
            #model = models.lstm_net_big(train)

            print(model.summary())

            model.compile(optimizer="adam", loss="mae", metrics=[tf.keras.metrics.MeanAbsolutePercentageError()])

            learning_rate = ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=10, verbose=verbose)
            early_stopping = EarlyStopping(monitor="val_loss", patience=60, verbose=verbose, mode="min",
                                           restore_best_weights=True)
            model_checkpoint = ModelCheckpoint(path_models + model.name + str(fold) + ".hdf5", monitor="val_loss", verbose=verbose, save_best_only=True,
                                               mode="auto", save_freq="epoch")

            # Training
            history = model.fit(x_train, y_train,
                                validation_data=(x_valid, y_valid),
                                epochs=epochs,
                                verbose=2,    # for debugging verbose
                                batch_size=batch_size,
                                callbacks=[learning_rate, early_stopping, model_checkpoint],
                                shuffle=False)

            # Plot training and testing curves
            plot_loss_and_error(history.history["loss"], history.history["mean_absolute_percentage_error"],
                                history.history["val_loss"], history.history["val_mean_absolute_percentage_error"], str(fold))

            # Save predictions
            test_predictions[:, fold] = model.predict(test, batch_size=batch_size).squeeze().reshape(-1, 1).squeeze()
            print()

        # Save submissions
        CVPP_Datasets.write_submissions_mean(test_predictions)
        print("Training, validation and testing completed!")


train_vpp()
