# source: keras-team/keras-io examples/timeseries/timeseries_weather_forecasting.py
# commit: 0a57de48c864d63b80083820e8988368ee5c3149
# keras: tf_keras
# exercises: keras.preprocessing.timeseries_dataset_from_array(sampling_rate=step, batch_size) for training and validation windows with targets, dataset.take(1) and tensors' .numpy(), keras.layers.Input + LSTM + Dense in keras.Model, Adam(learning_rate), fit on a dataset with validation_data a dataset, EarlyStopping(monitor="val_loss", min_delta=0, patience=5), ModelCheckpoint(save_weights_only=True, save_best_only=True) to an .h5 file, predict on a batch of the validation dataset
# reduced: 1500 rows of 7 synthetic features (daily and yearly waves plus noise) made with numpy instead of the Jena climate CSV read with pandas (features.values and iloc become array slices), past 120 and future 12 steps instead of 720 and 72, LSTM(8) instead of 32, batch 64, 3 epochs, 2 prediction batches; `from tensorflow import keras` written `import keras` (the harness points it at tf_keras); no plots
import numpy as np
import keras

rows = 1500
t = np.arange(rows)
df_values = np.stack(
    [np.sin(2 * np.pi * t / (144 * (k + 1))) * (k + 1) + 0.3 * np.random.normal(size=rows) + 10 * k for k in range(7)],
    axis=1,
)

split_fraction = 0.715
train_split = int(split_fraction * int(df_values.shape[0]))
step = 6

past = 120
future = 12
learning_rate = 0.001
batch_size = 64
epochs = 3


def normalize(data, train_split):
    data_mean = data[:train_split].mean(axis=0)
    data_std = data[:train_split].std(axis=0)
    return (data - data_mean) / data_std


features = normalize(df_values, train_split)

train_data = features[0:train_split]
val_data = features[train_split:]

start = past + future
end = start + train_split

x_train = train_data[:, [i for i in range(7)]]
y_train = features[start:end][:, [1]]

sequence_length = int(past / step)

dataset_train = keras.preprocessing.timeseries_dataset_from_array(
    x_train,
    y_train,
    sequence_length=sequence_length,
    sampling_rate=step,
    batch_size=batch_size,
)

x_end = len(val_data) - past - future

label_start = train_split + past + future

x_val = val_data[:x_end][:, [i for i in range(7)]]
y_val = features[label_start:][:, [1]]

dataset_val = keras.preprocessing.timeseries_dataset_from_array(
    x_val,
    y_val,
    sequence_length=sequence_length,
    sampling_rate=step,
    batch_size=batch_size,
)


for batch in dataset_train.take(1):
    inputs, targets = batch

print("Input shape:", inputs.numpy().shape)
print("Target shape:", targets.numpy().shape)

inputs = keras.layers.Input(shape=(inputs.shape[1], inputs.shape[2]))
lstm_out = keras.layers.LSTM(8)(inputs)
outputs = keras.layers.Dense(1)(lstm_out)

model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss="mse")
model.summary()

path_checkpoint = "model_checkpoint.h5"
es_callback = keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=0, patience=5)

modelckpt_callback = keras.callbacks.ModelCheckpoint(
    monitor="val_loss",
    filepath=path_checkpoint,
    verbose=1,
    save_weights_only=True,
    save_best_only=True,
)

history = model.fit(
    dataset_train,
    epochs=epochs,
    validation_data=dataset_val,
    callbacks=[es_callback, modelckpt_callback],
)

for x, y in dataset_val.take(2):
    plot_data = [x[0][:, 1].numpy(), y[0].numpy(), model.predict(x)[0]]
