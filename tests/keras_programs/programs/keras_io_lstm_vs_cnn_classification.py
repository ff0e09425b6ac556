# source: keras-team/keras-io examples/timeseries/lstm_vs_cnn_timeseries_classification.py (Keras 3; G. Sklavounakos, "Timeseries Classification with LSTM and CNN Models")
# commit: 873ef4adccfb97ffd1ada34302fd59794222b20a
# keras: keras
# exercises: readucr reading tab-separated files with np.loadtxt; keras.Sequential([layers.Input, ...]) of two stacked LSTMs (return_sequences=True into LSTM(32)) with Dense relu and softmax heads, and of Conv1D(padding="same", activation="relu") / BatchNormalization / MaxPooling1D(pool_size=2) / Dropout blocks with GlobalAveragePooling1D; one train_model function compiling each model with "adam", sparse_categorical_crossentropy and sparse_categorical_accuracy, fit(validation_split=0.2) with ModelCheckpoint(f"best_{model_name}_model.keras", save_best_only=True, monitor="val_loss") and EarlyStopping(patience=20, restore_best_weights=True), keras.models.load_model of the best .keras file and evaluate of the loaded model; both histories
# reduced: the FordA TSV files are written in the scratch folder with np.savetxt by make_forda (label in {-1, 1} in column 0, then two sine frequencies plus noise) and read from there (root_url is ""), instead of downloaded: 40 training rows (32 after validation_split, so each epoch is one batch of 32 and fit's shuffling cannot change the result) and 16 test rows of 50 steps instead of 3601 and 1320 of 500; dropout and recurrent_dropout 0 instead of 0.3, and Dropout(0) (random masks cannot match); Conv1D filters 8 and 16 instead of 64 and 128: wider, a few of the second Conv1D kernel's weights, whose first gradients are within float32 rounding of zero, take Adam steps that TensorFlow's rounding decides (one of 2560 weights 4.6 times past the tolerance at 16 and 32 filters, one of 41k 9 times at 64 and 128, even after one epoch); 3 epochs instead of 100 (val_loss falls each epoch, so every epoch is checkpointed and EarlyStopping restores the last); the plots (matplotlib) are dropped and the last prints show the histories' losses instead
import numpy as np
import keras
from keras import layers


def make_forda(filename, num_rows):
    labels = np.where(np.random.rand(num_rows) < 0.5, -1, 1)
    steps = np.arange(50)
    phase = np.random.uniform(0, 2 * np.pi, size=(num_rows, 1))
    frequency = np.where(labels[:, None] > 0, 0.3, 0.5)
    series = np.sin(frequency * steps + phase) + 0.3 * np.random.normal(size=(num_rows, 50))
    np.savetxt(filename, np.concatenate([labels[:, None], series], axis=1), delimiter="\t")


make_forda("FordA_TRAIN.tsv", 40)
make_forda("FordA_TEST.tsv", 16)


def readucr(filename):
    """Read UCR timeseries dataset from a TSV file."""
    data = np.loadtxt(filename, delimiter="\t")
    y = data[:, 0].astype(int)
    x = data[:, 1:].astype(np.float32)
    return x, y

root_url = ""

x_train, y_train = readucr(root_url + "FordA_TRAIN.tsv")
x_test, y_test = readucr(root_url + "FordA_TEST.tsv")

classes = np.unique(np.concatenate((y_train, y_test), axis=0))

x_train = x_train.reshape((x_train.shape[0], x_train.shape[1], 1))
x_test = x_test.reshape((x_test.shape[0], x_test.shape[1], 1))

# Standardize labels: map {-1, 1} to {0, 1}
y_train = np.where(y_train == -1, 0, y_train)
y_test = np.where(y_test == -1, 0, y_test)

# Shuffle training data for validation split
idx = np.random.permutation(len(x_train))
x_train = x_train[idx]
y_train = y_train[idx]

num_classes = len(np.unique(y_train))

def build_lstm_model(input_shape, num_classes):
    """Build an LSTM-based model for timeseries classification."""
    model = keras.Sequential([
        layers.Input(shape=input_shape),
        layers.LSTM(64, return_sequences=True, dropout=0.0, recurrent_dropout=0.0),
        layers.LSTM(32, dropout=0.0, recurrent_dropout=0.0),
        layers.Dense(16, activation="relu"),
        layers.Dense(num_classes, activation="softmax")
    ])
    return model

def build_cnn_model(input_shape, num_classes):
    """Build a 1D CNN-based model for timeseries classification."""
    model = keras.Sequential([
        layers.Input(shape=input_shape),
        layers.Conv1D(filters=8, kernel_size=7, padding="same", activation="relu"),
        layers.BatchNormalization(),
        layers.MaxPooling1D(pool_size=2),
        layers.Dropout(0.0),
        layers.Conv1D(filters=16, kernel_size=5, padding="same", activation="relu"),
        layers.BatchNormalization(),
        layers.MaxPooling1D(pool_size=2),
        layers.Dropout(0.0),
        layers.GlobalAveragePooling1D(),
        layers.Dense(16, activation="relu"),
        layers.Dense(num_classes, activation="softmax")
    ])
    return model

input_shape = x_train.shape[1:]
lstm_model = build_lstm_model(input_shape, num_classes)
cnn_model = build_cnn_model(input_shape, num_classes)

epochs = 3
batch_size = 32

def train_model(model, model_name, x_train, y_train, x_test, y_test):
    """Train and evaluate a model, return history and test metrics."""
    model.compile(
        optimizer="adam",
        loss="sparse_categorical_crossentropy",
        metrics=["sparse_categorical_accuracy"]
    )

    history = model.fit(
        x_train,
        y_train,
        epochs=epochs,
        batch_size=batch_size,
        validation_split=0.2,
        callbacks=[
            keras.callbacks.ModelCheckpoint(
                f"best_{model_name}_model.keras",
                save_best_only=True,
                monitor="val_loss"
            ),
            keras.callbacks.EarlyStopping(
                monitor="val_loss",
                patience=20,
                restore_best_weights=True
            )
        ],
        verbose=1
    )

    # Load best model for evaluation
    best_model = keras.models.load_model(f"best_{model_name}_model.keras")
    test_loss, test_acc = best_model.evaluate(x_test, y_test, verbose=0)
    print(f"{model_name} Test Accuracy: {test_acc:.4f}, Loss: {test_loss:.4f}")

    return history, test_acc, test_loss

# Train LSTM model
print("Training LSTM model...")
lstm_history, lstm_test_acc, lstm_test_loss = train_model(lstm_model, "LSTM", x_train, y_train, x_test, y_test)

# Train CNN model
print("Training CNN model...")
cnn_history, cnn_test_acc, cnn_test_loss = train_model(cnn_model, "CNN", x_train, y_train, x_test, y_test)

print(lstm_history.history["loss"], lstm_history.history["val_loss"])
print(cnn_history.history["loss"], cnn_history.history["val_loss"])

print("\nModel Comparison:")
print(f"LSTM Test Accuracy: {lstm_test_acc:.4f}, Loss: {lstm_test_loss:.4f}")
print(f"CNN Test Accuracy: {cnn_test_acc:.4f}, Loss: {cnn_test_loss:.4f}")
