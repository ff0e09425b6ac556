# source: ItsMeBlah04/The-Traffic-Based-Route-Guidance gru_model.py (a traffic-flow forecaster)
# commit: 77e73195938a709eb29828a921cfbc10265ddc7e
# keras: tf_keras
# exercises: `from tensorflow.keras.models/layers/optimizers/callbacks import ...`; a Sequential built by add inside a function: GRU(return_sequences=True, input_shape=...) stacked three deep (the last returning one step) with Dropout between, Dense(1); compile(optimizer=Adam(learning_rate=0.0005), loss='mse', metrics=['mae']) inside the builder; EarlyStopping(monitor='val_loss', patience=..., restore_best_weights=True); fit(epochs, batch_size=32, validation_data=(X_val, y_val), callbacks=[early_stop], verbose=1) and the history it returns
# reduced: np.load("datasets/dataset.npz") replaced by windows of 12 steps of a noisy daily wave made with numpy (40 training and 10 test windows) whose level drops from 1 to -1 after step 45, so that the validation windows' loss grows while the training loss falls; sklearn's train_test_split (random_state=42) replaced by an unshuffled 80/20 numpy split (sklearn is not installed here), so the 32 training windows make one batch of 32 per epoch (Keras's shuffling cannot change the result); GRU(8), GRU(8), GRU(4) instead of 128, 64 and 32 units, Dropout(0.0) instead of 0.3 (TensorFlow's and PyTorch's random masks differ); epochs=12 and patience=2 instead of 100 and 10, so that the early stop (and the restoring of the best weights) happens within the run; the loss plot (matplotlib) left out
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import GRU, Dense, Dropout
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.callbacks import EarlyStopping
import numpy as np

# Load the dataset
flow = np.sin(np.arange(62) * 2 * np.pi / 24) + 0.3 * np.random.randn(62) + np.where(np.arange(62) < 45, 1.0, -1.0)
windows = np.stack([flow[i : i + 13] for i in range(50)])[:, :, None].astype("float32")
X_train, X_test = windows[:40, :12], windows[40:, :12]
y_train, y_test = windows[:40, 12], windows[40:, 12]

# Split training data into training + validation (80/20 split)
X_train, X_val, y_train, y_val = X_train[:32], X_train[32:], y_train[:32], y_train[32:]

# Define an improved GRU model
def build_gru_model(input_shape):
    model = Sequential()
    model.add(GRU(8, return_sequences=True, input_shape=input_shape))
    model.add(Dropout(0.0))
    model.add(GRU(8, return_sequences=True))
    model.add(Dropout(0.0))
    model.add(GRU(4))
    model.add(Dense(1))
    model.compile(optimizer=Adam(learning_rate=0.0005), loss='mse', metrics=['mae'])
    return model

# Build model
model = build_gru_model((X_train.shape[1], X_train.shape[2]))

# Setup early stopping
early_stop = EarlyStopping(monitor='val_loss', patience=2, restore_best_weights=True)

# Train the model
history = model.fit(
    X_train, y_train,
    epochs=12,
    batch_size=32,
    validation_data=(X_val, y_val),
    callbacks=[early_stop],
    verbose=1
)
