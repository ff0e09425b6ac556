# source: keras-team/keras-io examples/timeseries/ipynb/timeseries_classification_transformer.ipynb (the Keras 3 version, generated from examples/timeseries/timeseries_classification_transformer.py; its code cells in order)
# commit: 059903a88393491b1a20eb8e521d77cfce2df9f8
# keras: keras
# exercises: a functional transformer encoder on series, stacked in a loop: MultiHeadAttention(key_dim, num_heads, dropout) called as (inputs, inputs), LayerNormalization(epsilon=1e-6), residual `x + inputs` on symbolic tensors, a Conv1D(kernel_size=1) feed-forward sized by inputs.shape[-1], GlobalAveragePooling1D(data_format="channels_last"), a Dense mlp head; sparse_categorical_crossentropy with integer labels, Adam(learning_rate=1e-4), "sparse_categorical_accuracy", EarlyStopping(patience, restore_best_weights=True), fit with validation_split, evaluate; the readucr loader (np.loadtxt of a tab-separated file) and np.random.permutation of the training rows
# reduced: FordA's two tab-separated files written here with np.savetxt (80 and 20 series of 32 values, class 1 a noisy sine, class -1 noise, the label in column 0 as in FordA) and read from the working folder (root_url = "" instead of the GitHub URL); each series reshaped to 8 steps of 4 features instead of 500 steps of 1 (the two reshape lines): over one feature LayerNormalization's output is beta plus the rounding error of x * 1/sqrt(epsilon) = x * 1000, which TensorFlow's graph optimizer rearranges (Keras's own predict differs by 2e-5 between the model and a sub-model of it), and the attention and feed-forward weights get no gradient; over two it is saturated at +-1; head_size 8, num_heads 2, 2 blocks, mlp_units [16] instead of 256, 4, 4, [128]; dropout and mlp_dropout 0 instead of 0.25 and 0.4 (random masks cannot match); 1 epoch with patience 2 instead of 150 and 10 (the bias of each MultiHeadAttention's key projection has no gradient in exact arithmetic, as softmax ignores a shift common to all keys; Adam, epsilon 1e-7, turns the ~1e-10 float32 rounding left there into steps of ~5e-7 an epoch in Keras, different rounding in any other framework and on any other CPU, so after two epochs those biases already take 3/4 of the comparison's 1e-6 and from the third they pass it); 80 training rows so that after validation_split=0.2 the 64 left are one batch of 64 per epoch (Keras 3 shuffles arrays with tf.random.shuffle, which no other framework reproduces; within one batch the order cannot change the result)
import numpy as np
import keras
from keras import layers

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


def transformer_encoder(inputs, head_size, num_heads, ff_dim, dropout=0):
    # Attention and Normalization
    x = layers.MultiHeadAttention(key_dim=head_size, num_heads=num_heads, dropout=dropout)(inputs, inputs)
    x = layers.Dropout(dropout)(x)
    x = layers.LayerNormalization(epsilon=1e-6)(x)
    res = x + inputs

    # Feed Forward Part
    x = layers.Conv1D(filters=ff_dim, kernel_size=1, activation="relu")(res)
    x = layers.Dropout(dropout)(x)
    x = layers.Conv1D(filters=inputs.shape[-1], kernel_size=1)(x)
    x = layers.LayerNormalization(epsilon=1e-6)(x)
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

    x = layers.GlobalAveragePooling1D(data_format="channels_last")(x)
    for dim in mlp_units:
        x = layers.Dense(dim, activation="relu")(x)
        x = layers.Dropout(mlp_dropout)(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


input_shape = x_train.shape[1:]

model = build_model(
    input_shape,
    head_size=8,
    num_heads=2,
    ff_dim=4,
    num_transformer_blocks=2,
    mlp_units=[16],
    mlp_dropout=0,
    dropout=0,
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
