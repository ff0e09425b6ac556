# source: NikolasMarkou/dl_techniques src/dl_techniques/layers/time_series/temporal_convolutional_network.py (Keras 3 TemporalBlock / TemporalConvNet: residual blocks of two dilated causal Conv1D, a 1x1 projection made in build() when the channel counts differ, dilations 2**i; the encoder NBEATSx uses)
# commit: 04ac617d47d792d0f190826729324fa28dad4bc2
# keras: keras
# backend: torch
# exercises: Layer subclasses holding sublayers made in __init__ (Conv1D(padding='causal', dilation_rate=, activation=, kernel_initializer='he_normal'), Dropout, Activation) and one made conditionally in build() (Conv1D(kernel_size=1, padding='same')), every sublayer built by hand in build() with threaded shapes (including Dropout.build and Activation.build), compute_output_shape declared (so Keras 3's symbolic call uses it, not call), call(inputs, training=None) passing training to Dropout and to nested blocks, a Python list of blocks as an attribute, block.compute_output_shape called from the outer build; get_config; functional models TemporalConvNet -> Lambda(last step) -> Dense and a lone TemporalBlock with matching channels (no projection) -> GlobalAveragePooling1D -> Dense; compile(Adam, "mse", ["mae"]) / fit(validation_data=) / evaluate / predict
# reduced: both classes kept (docstrings shortened); the package's register_dl_technique decorators and its serialize_activation / deserialize_activation helpers left out (self.activation keeps the activation string, which is what get_config would write); dropout_rate left at its default 0.0; a driver added: 64 training and 16 validation seeded numpy windows of 32 steps x 3 features (noisy sines, target the next value of the first), TemporalConvNet(filters=8, kernel_size=3, num_levels=3) and TemporalBlock(filters=3, kernel_size=2, dilation_rate=2) models, 2 epochs each, batch_size 16, shuffle=False
import keras
from keras import layers
import numpy as np

# ---------------------------------------------------------------------

class TemporalBlock(layers.Layer):
    """One residual block of a Temporal Convolutional Network."""

    def __init__(
            self,
            filters: int,
            kernel_size: int,
            dilation_rate: int,
            dropout_rate: float = 0.0,
            activation: str = 'relu',
            kernel_initializer: str = 'he_normal',
            **kwargs
    ):
        super().__init__(**kwargs)
        if filters <= 0:
            raise ValueError(f"filters must be positive, got {filters}")
        if kernel_size <= 0:
            raise ValueError(f"kernel_size must be positive, got {kernel_size}")
        if dilation_rate <= 0:
            raise ValueError(f"dilation_rate must be positive, got {dilation_rate}")
        if not (0.0 <= dropout_rate <= 1.0):
            raise ValueError(
                f"dropout_rate must be in [0, 1], got {dropout_rate}"
            )

        self.filters = filters
        self.kernel_size = kernel_size
        self.dilation_rate = dilation_rate
        self.dropout_rate = dropout_rate
        self.activation = activation
        self.kernel_initializer = kernel_initializer

        # Padding 'causal' in Keras handles the Chomp1d logic automatically
        self.conv1 = layers.Conv1D(
            filters=filters,
            kernel_size=kernel_size,
            dilation_rate=dilation_rate,
            padding='causal',
            activation=activation,
            kernel_initializer=kernel_initializer
        )
        self.dropout1 = layers.Dropout(dropout_rate)

        self.conv2 = layers.Conv1D(
            filters=filters,
            kernel_size=kernel_size,
            dilation_rate=dilation_rate,
            padding='causal',
            activation=activation,
            kernel_initializer=kernel_initializer
        )
        self.dropout2 = layers.Dropout(dropout_rate)

        # Reused activation applied to the residual sum (created once, not per call)
        self.act = layers.Activation(activation)

        # 1x1 conv for residual connection if dimensions mismatch
        self.downsample = None

    def build(self, input_shape):
        self.conv1.build(input_shape)
        shape_f = (input_shape[0], input_shape[1], self.filters)
        self.dropout1.build(shape_f)
        self.conv2.build(shape_f)
        self.dropout2.build(shape_f)
        self.act.build(shape_f)

        if input_shape[-1] != self.filters:
            self.downsample = layers.Conv1D(
                self.filters, kernel_size=1, padding='same'
            )
            self.downsample.build(input_shape)

        super().build(input_shape)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[1], self.filters)

    def call(self, inputs, training=None):
        x = self.conv1(inputs)
        x = self.dropout1(x, training=training)
        x = self.conv2(x)
        x = self.dropout2(x, training=training)

        res = inputs if self.downsample is None else self.downsample(inputs)
        return self.act(x + res)

    def get_config(self):
        config = super().get_config()
        config.update({
            'filters': self.filters,
            'kernel_size': self.kernel_size,
            'dilation_rate': self.dilation_rate,
            'dropout_rate': self.dropout_rate,
            'activation': self.activation,
            'kernel_initializer': self.kernel_initializer
        })
        return config

# ---------------------------------------------------------------------

class TemporalConvNet(layers.Layer):
    """Temporal Convolutional Network (TCN) encoder."""

    def __init__(
            self,
            filters: int,
            kernel_size: int = 2,
            num_levels: int = 4,
            dropout_rate: float = 0.0,
            activation: str = 'relu',
            **kwargs
    ):
        super().__init__(**kwargs)
        if filters <= 0:
            raise ValueError(f"filters must be positive, got {filters}")
        if kernel_size <= 0:
            raise ValueError(f"kernel_size must be positive, got {kernel_size}")
        if num_levels <= 0:
            raise ValueError(f"num_levels must be positive, got {num_levels}")
        if not (0.0 <= dropout_rate <= 1.0):
            raise ValueError(
                f"dropout_rate must be in [0, 1], got {dropout_rate}"
            )

        self.filters = filters
        self.kernel_size = kernel_size
        self.num_levels = num_levels
        self.dropout_rate = dropout_rate
        self.activation = activation

        self.blocks = []
        for i in range(num_levels):
            dilation_rate = 2 ** i
            self.blocks.append(
                TemporalBlock(
                    filters=filters,
                    kernel_size=kernel_size,
                    dilation_rate=dilation_rate,
                    dropout_rate=dropout_rate,
                    activation=activation
                )
            )

    def build(self, input_shape):
        current = input_shape
        for block in self.blocks:
            block.build(current)
            current = block.compute_output_shape(current)
        super().build(input_shape)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[1], self.filters)

    def call(self, inputs, training=None):
        x = inputs
        for block in self.blocks:
            x = block(x, training=training)
        return x

    def get_config(self):
        config = super().get_config()
        config.update({
            'filters': self.filters,
            'kernel_size': self.kernel_size,
            'num_levels': self.num_levels,
            'dropout_rate': self.dropout_rate,
            'activation': self.activation,
        })
        return config


# --- driver (added) ---
rng = np.random.default_rng(21)
t = np.arange(32 + 80 + 1, dtype="float32")
series = np.stack([np.sin(t / 3.0), np.cos(t / 5.0), np.sin(t / 8.0 + 1.0)], axis=-1)
series = series + 0.1 * rng.standard_normal(series.shape).astype("float32")
X = np.stack([series[i:i + 32] for i in range(80)]).astype("float32")
y = series[32:32 + 80, :1].astype("float32")
x_train, y_train, x_val, y_val = X[:64], y[:64], X[64:], y[64:]

inputs = keras.Input(shape=(32, 3))
h = TemporalConvNet(filters=8, kernel_size=3, num_levels=3)(inputs)
h = layers.Lambda(lambda s: s[:, -1, :])(h)
outputs = layers.Dense(1)(h)
tcn = keras.Model(inputs, outputs)
tcn.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse", metrics=["mae"])
tcn.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2, batch_size=16, shuffle=False)
print(tcn.evaluate(x_val, y_val, verbose=0))
print(tcn.predict(x_val[:4], verbose=0))

inputs = keras.Input(shape=(32, 3))
h = TemporalBlock(filters=3, kernel_size=2, dilation_rate=2)(inputs)
h = layers.GlobalAveragePooling1D()(h)
outputs = layers.Dense(1)(h)
single = keras.Model(inputs, outputs)
single.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse", metrics=["mae"])
single.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2, batch_size=16, shuffle=False)
print(single.evaluate(x_val, y_val, verbose=0))
print(single.predict(x_val[:4], verbose=0))
