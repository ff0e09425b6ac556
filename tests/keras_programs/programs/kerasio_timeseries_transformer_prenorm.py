# source: keras-team/keras-io examples/timeseries/timeseries_transformer_classification.py ("Timeseries classification with a Transformer model", Theodoros Ntakouris, 2021/06/25: the first, tf.keras version under this file name, `from tensorflow import keras`; pre-norm encoder blocks and GlobalAveragePooling1D(data_format="channels_first"), later renamed timeseries_classification_transformer.py)
# commit: 9152ae2976d02154e3829d4e742b45cee42b0a75
# keras: tf_keras
# exercises: a functional pre-norm transformer encoder on series, stacked in a loop: LayerNormalization(epsilon=1e-6) before MultiHeadAttention(key_dim, num_heads, dropout) called as (x, x), Dropout, residual `x + inputs` on symbolic tensors (TFOpLambda in tf-keras), LayerNormalization then a Conv1D(kernel_size=1, relu) / Conv1D(filters=inputs.shape[-1], kernel_size=1) feed-forward and a second residual; GlobalAveragePooling1D(data_format="channels_first") on a (batch, steps, features) tensor (it averages over the features, leaving one value a step); Dense relu mlp head with Dropout, Dense softmax; sparse_categorical_crossentropy with integer labels, keras.optimizers.Adam(learning_rate=1e-4), "sparse_categorical_accuracy", model.summary(); EarlyStopping(patience, restore_best_weights=True); fit with validation_split=0.2, batch_size=64; evaluate(verbose=1); the readucr loader (np.loadtxt of a tab-separated file) and np.random.permutation of the training rows
# reduced: as the corpus's keras_io_timeseries_transformer (the later version of this example): FordA's two tab-separated files written here with np.savetxt (80 and 20 series of 32 values, class 1 a noisy sine, class -1 noise, the label in column 0 as in FordA) and read from the working folder (root_url = "" instead of the GitHub URL); each series reshaped to 8 steps of 4 features instead of 500 steps of 1 (the two reshape lines: LayerNormalization over one feature is degenerate); head_size 8, num_heads 2, 2 blocks, mlp_units [16] instead of 256, 4, 4, [128]; dropout and mlp_dropout 0 instead of 0.25 and 0.4 (random masks cannot match); 1 epoch with patience 2 instead of 200 and 10 (the bias of each MultiHeadAttention's key projection has no gradient in exact arithmetic; Adam turns float32 rounding there into steps that differ by framework); 80 training rows so that after validation_split=0.2 the 64 left are one batch of 64 per epoch (fit's shuffling cannot change the result)
import numpy as np

steps = 32
for name, rows in (("FordA_TRAIN.tsv", 80), ("FordA_TEST.tsv", 20)):
    labels = np.where(np.random.rand(rows) < 0.5, -1, 1)
    phase = np.random.uniform(0, 2 * np.pi, size=(rows, 1))
    wave = np.sin(np.linspace(0, 4 * np.pi, steps) + phase) * (labels[:, None] == 1)
    series = wave + 0.5 * np.random.normal(size=(rows, steps))
    np.savetxt(name, np.concatenate([labels[:, None], series], axis=1), delimiter="\t")


def readucr(filename):
    data = np.loadtxt(filename, delimiter="\t")
    y = data[:, 0]
    x = data[:, 1:]
    return x, y.astype(int)


root_url = ""

x_train, y_train = readucr(root_url + "FordA_TRAIN.tsv")
x_test, y_test = readucr(root_url + "FordA_TEST.tsv")

x_train = x_train.reshape((x_train.shape[0], x_train.shape[1] // 4, 4))
x_test = x_test.reshape((x_test.shape[0], x_test.shape[1] // 4, 4))

n_classes = len(np.unique(y_train))

idx = np.random.permutation(len(x_train))
x_train = x_train[idx]
y_train = y_train[idx]

y_train[y_train == -1] = 0
y_test[y_test == -1] = 0

"""
## Build the model
"""

from tensorflow import keras
from tensorflow.keras import layers


def transformer_encoder(inputs, head_size, num_heads, ff_dim, dropout=0):
    # Normalization and Attention
    x = layers.LayerNormalization(epsilon=1e-6)(inputs)
    x = layers.MultiHeadAttention(
        key_dim=head_size, num_heads=num_heads, dropout=dropout
    )(x, x)
    x = layers.Dropout(dropout)(x)
    res = x + inputs

    # Feed Forward Part
    x = layers.LayerNormalization(epsilon=1e-6)(res)
    x = layers.Conv1D(filters=ff_dim, kernel_size=1, activation="relu")(x)
    x = layers.Dropout(dropout)(x)
    x = layers.Conv1D(filters=inputs.shape[-1], kernel_size=1)(x)
    return x + res


def build_model(
    input_shape,
    head_size,
    num_heads,
    ff_dim,
    num_transformer_blocks,
    mlp_units,
    dropout=0,
    mlp_dropout=0,
):
    inputs = keras.Input(shape=input_shape)
    x = inputs
    for _ in range(num_transformer_blocks):
        x = transformer_encoder(x, head_size, num_heads, ff_dim, dropout)

    x = layers.GlobalAveragePooling1D(data_format="channels_first")(x)
    for dim in mlp_units:
        x = layers.Dense(dim, activation="relu")(x)
        x = layers.Dropout(mlp_dropout)(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


"""
## Train and evaluate
"""

input_shape = x_train.shape[1:]

model = build_model(
    input_shape,
    head_size=8,
    num_heads=2,
    ff_dim=4,
    num_transformer_blocks=2,
    mlp_units=[16],
    mlp_dropout=0.0,
    dropout=0.0,
)

model.compile(
    loss="sparse_categorical_crossentropy",
    optimizer=keras.optimizers.Adam(learning_rate=1e-4),
    metrics=["sparse_categorical_accuracy"],
)
model.summary()

callbacks = [keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)]

model.fit(
    x_train,
    y_train,
    validation_split=0.2,
    epochs=1,
    batch_size=64,
    callbacks=callbacks,
)

model.evaluate(x_test, y_test, verbose=1)
