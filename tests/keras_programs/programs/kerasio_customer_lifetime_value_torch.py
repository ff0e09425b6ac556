# source: keras-team/keras-io examples/structured_data/customer_lifetime_value.py ("Deep Learning for Customer Lifetime Value", Praveen Hosdrug, 2024/11/27: a hybrid model of three keras_hub TransformerEncoders over projected monthly calendar features plus a repeated country Embedding, and an LSTM over trend features, merged and repeated into an LSTM decoder that forecasts 6 monthly amounts; Keras 3 with KERAS_BACKEND="jax", `from keras import layers, Model, ops, regularizers`)
# commit: 1152d883930e8ab91a8c16366d5a21c67d771e82
# keras: keras
# backend: torch
# exercises: os.environ["KERAS_BACKEND"] = "torch" before `import keras`; `from keras import layers, Model, ops, regularizers`; keras.utils.set_random_seed(seed=42) inside the model builder and again before fit; a three-input functional Model (two (6, F) float sequences and a one-hot country vector given to an Embedding with input shape (num_countries,) and dtype int32, mask_zero=False), Flatten + RepeatVector, Dense(tanh) projection, Concatenate, three post-norm Transformer encoder blocks (MultiHeadAttention built by hand with query_shape/value_shape, LayerNormalization(epsilon=1e-5), relu feed-forward, residual adds), GlobalAveragePooling1D, Dense(1, sigmoid), an LSTM(64) encoder, RepeatVector(6), an LSTM(64, return_sequences=True, recurrent_regularizer=regularizers.L1L2(l1=1e-5, l2=1e-4)) decoder and a per-step Dense(1); compile(Adam(0.001), "mse", metrics=["mse"]); layers.StringLookup(output_mode="one_hot", num_oov_indices=1) adapted on a numpy array of strings and called on string arrays (its output fed to fit / predict); fit with a list of three inputs and validation_data, predict; ops.cast + ops.convert_to_numpy on numpy arrays followed by numpy metrics (RMSE, MAE, R^2) and the Lorenz-curve Mutual Gini in numpy
# reduced: run on Keras's torch backend, KERAS_BACKEND "jax" -> "torch" (JAX is not in the reference venv; on TensorFlow, Keras 3 gives Adam the country Embedding's gradient as IndexedSlices, and every one-hot row repeats id 0: README, "Where we differ from Keras"), and with it calculate_metrics's two ops.cast results passed through ops.convert_to_numpy (np.mean of a torch tensor calls Tensor.mean(axis=...), which fails on Keras-on-torch as on statefulrnn; a JAX array takes it: see kerasio_customer_lifetime_value.diagnosis.md); the ucimlrepo/keras_hub pip install step dropped; keras_hub.layers.TransformerEncoder (a library of its own, not in the reference venv) replaced by a stand-in written from keras_hub's source (keras_hub/src/layers/modeling/transformer_encoder.py: key_dim = hidden_dim // num_heads, MultiHeadAttention built with query_shape/value_shape, post-norm with epsilon 1e-5, relu intermediate Dense, output Dense, dropout 0 as the example uses); the UCI Online Retail download (fetch_ucirepo(id=352)) and its pandas preprocessing (prepare_time_series_data, prepare_data_for_modeling: groupby, resample("M"), shift) replaced by a stand-in prepare_data_for_modeling that returns the same dictionary (temporal_sequences (N, 6, 5): month, year, sin, cos, quarter-start; trend_sequences (N, 6, 12); static_features: country strings; output_sequences (N, 6)) made from 60 customers' seeded numpy series (np.random.seed(0)); epochs 20 -> 2 and shuffle=False added to fit (Keras shuffles with the backend's generator); the matplotlib Lorenz plot dropped (its Mutual Gini is printed), np.trapz -> np.trapezoid (numpy 2); the metrics printed
import os

os.environ["KERAS_BACKEND"] = "torch"
import keras
import numpy as np
from typing import Dict

# Keras imports
from keras import layers
from keras import Model
from keras import ops
from keras import regularizers


class TransformerEncoder(keras.layers.Layer):
    # stand-in for keras_hub.layers.TransformerEncoder (defaults: dropout 0, relu,
    # layer_norm_epsilon 1e-5, glorot_uniform / zeros, normalize_first False)
    def __init__(self, intermediate_dim, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.intermediate_dim = intermediate_dim
        self.num_heads = num_heads

    def build(self, inputs_shape):
        hidden_dim = inputs_shape[-1]
        key_dim = int(hidden_dim // self.num_heads)
        self._self_attention_layer = keras.layers.MultiHeadAttention(
            num_heads=self.num_heads, key_dim=key_dim, dropout=0, name="self_attention_layer"
        )
        self._self_attention_layer.build(query_shape=inputs_shape, value_shape=inputs_shape)
        self._self_attention_layer_norm = keras.layers.LayerNormalization(
            epsilon=1e-05, name="self_attention_layer_norm"
        )
        self._self_attention_layer_norm.build(inputs_shape)
        self._self_attention_dropout = keras.layers.Dropout(rate=0, name="self_attention_dropout")
        self._feedforward_layer_norm = keras.layers.LayerNormalization(
            epsilon=1e-05, name="feedforward_layer_norm"
        )
        self._feedforward_layer_norm.build(inputs_shape)
        self._feedforward_intermediate_dense = keras.layers.Dense(
            self.intermediate_dim, activation="relu", name="feedforward_intermediate_dense"
        )
        self._feedforward_intermediate_dense.build(inputs_shape)
        self._feedforward_output_dense = keras.layers.Dense(hidden_dim, name="feedforward_output_dense")
        intermediate_shape = list(inputs_shape)
        intermediate_shape[-1] = self.intermediate_dim
        self._feedforward_output_dense.build(tuple(intermediate_shape))
        self._feedforward_dropout = keras.layers.Dropout(rate=0, name="feedforward_dropout")
        self.built = True

    def call(self, inputs, training=None):
        x = inputs
        residual = x
        x = self._self_attention_layer(query=x, value=x, training=training)
        x = self._self_attention_dropout(x, training=training)
        x = x + residual
        x = self._self_attention_layer_norm(x)
        residual = x
        x = self._feedforward_intermediate_dense(x)
        x = self._feedforward_output_dense(x)
        x = self._feedforward_dropout(x, training=training)
        x = x + residual
        x = self._feedforward_layer_norm(x)
        return x

    def compute_output_shape(self, inputs_shape):
        return inputs_shape


"""
## Preprocessing the UK Retail dataset
"""


def prepare_data_for_modeling(
    n_customers: int = 60,
    input_sequence_length: int = 6,
    output_sequence_length: int = 6,
) -> Dict:
    # stand-in: one sequence per made-up customer, with the example's features
    np.random.seed(0)
    countries = np.array(["United Kingdom", "France", "Germany", "EIRE", "Spain"])
    temporal, trend, static, outputs = [], [], [], []
    for c in range(n_customers):
        start = np.random.randint(1, 13)
        month = (np.arange(start, start + input_sequence_length) - 1) % 12 + 1
        year = 2010 + (np.arange(start, start + input_sequence_length) - 1) // 12
        temporal.append(
            np.column_stack(
                [month, year, np.sin(2 * np.pi * month / 12), np.cos(2 * np.pi * month / 12), (month % 3 == 1).astype(int)]
            )
        )
        amount = np.random.gamma(2.0, 50.0, size=input_sequence_length + output_sequence_length)
        quantity = np.random.poisson(20, size=input_sequence_length)
        frequency = np.random.randint(0, 5, size=input_sequence_length)
        lags = []
        for i in range(1, 4):
            for v in (amount[:input_sequence_length], quantity, frequency):
                lagged = np.concatenate([np.zeros(i), v[:-i]])
                lags.append(lagged)
        trend.append(np.column_stack([amount[:input_sequence_length], quantity, frequency] + lags))
        static.append(countries[np.random.randint(0, len(countries))])
        outputs.append(amount[input_sequence_length:])
    return {
        "temporal_sequences": np.array(temporal, dtype=np.float32),
        "trend_sequences": np.array(trend, dtype=np.float32),
        "static_features": np.array(static),
        "output_sequences": np.array(outputs, dtype=np.float32),
    }


output = prepare_data_for_modeling(input_sequence_length=6, output_sequence_length=6)

"""
## Scaling and Splitting
"""


def robust_scale(data):
    """
    Min-Max scaling function since standard deviation is high.
    """
    data = np.array(data)
    data_min = np.min(data)
    data_max = np.max(data)
    scaled = (data - data_min) / (data_max - data_min)
    return scaled


def create_temporal_splits_with_scaling(
    prepared_data: Dict[str, np.ndarray],
    test_ratio: float = 0.2,
    val_ratio: float = 0.2,
):
    total_sequences = len(prepared_data["trend_sequences"])
    # Calculate split points
    test_size = int(total_sequences * test_ratio)
    val_size = int(total_sequences * val_ratio)
    train_size = total_sequences - (test_size + val_size)

    # Scale trend sequences
    trend_shape = prepared_data["trend_sequences"].shape
    scaled_trends = np.zeros_like(prepared_data["trend_sequences"])

    # Scale each feature independently
    for i in range(trend_shape[-1]):
        scaled_trends[..., i] = robust_scale(prepared_data["trend_sequences"][..., i])
    # Scale output sequences
    scaled_outputs = robust_scale(prepared_data["output_sequences"])

    # Create splits
    train_data = {
        "trend_sequences": scaled_trends[:train_size],
        "temporal_sequences": prepared_data["temporal_sequences"][:train_size],
        "static_features": prepared_data["static_features"][:train_size],
        "output_sequences": scaled_outputs[:train_size],
    }

    val_data = {
        "trend_sequences": scaled_trends[train_size : train_size + val_size],
        "temporal_sequences": prepared_data["temporal_sequences"][
            train_size : train_size + val_size
        ],
        "static_features": prepared_data["static_features"][
            train_size : train_size + val_size
        ],
        "output_sequences": scaled_outputs[train_size : train_size + val_size],
    }

    test_data = {
        "trend_sequences": scaled_trends[train_size + val_size :],
        "temporal_sequences": prepared_data["temporal_sequences"][
            train_size + val_size :
        ],
        "static_features": prepared_data["static_features"][train_size + val_size :],
        "output_sequences": scaled_outputs[train_size + val_size :],
    }

    return train_data, val_data, test_data


# Usage
train_data, val_data, test_data = create_temporal_splits_with_scaling(output)

"""
## Evaluation
"""


def calculate_metrics(y_true, y_pred):
    """
    Calculates RMSE, MAE and R²
    """
    # Convert inputs to "float32"
    y_true = ops.convert_to_numpy(ops.cast(y_true, dtype="float32"))
    y_pred = ops.convert_to_numpy(ops.cast(y_pred, dtype="float32"))

    # RMSE
    rmse = np.sqrt(np.mean(np.square(y_true - y_pred)))

    # R² (coefficient of determination)
    ss_res = np.sum(np.square(y_true - y_pred))
    ss_tot = np.sum(np.square(y_true - np.mean(y_true)))
    r2 = 1 - (ss_res / ss_tot)

    return {"mae": np.mean(np.abs(y_true - y_pred)), "rmse": rmse, "r2": r2}


def plot_lorenz_analysis(y_true, y_pred):
    """
    Plots Lorenz curves to show distribution of high and low value users
    """
    # Convert to numpy arrays and flatten
    y_true = np.array(y_true).flatten()
    y_pred = np.array(y_pred).flatten()

    # Sort values in descending order (for high-value users analysis)
    true_sorted = np.sort(-y_true)
    pred_sorted = np.sort(-y_pred)

    # Calculate cumulative sums
    true_cumsum = np.cumsum(true_sorted)
    pred_cumsum = np.cumsum(pred_sorted)

    # Normalize to percentages
    true_cumsum_pct = true_cumsum / true_cumsum[-1]
    pred_cumsum_pct = pred_cumsum / pred_cumsum[-1]

    # Generate percentiles for x-axis
    percentiles = np.linspace(0, 1, len(y_true))

    # Calculate Mutual Gini (area between curves)
    mutual_gini = np.abs(
        np.trapezoid(true_cumsum_pct, percentiles) - np.trapezoid(pred_cumsum_pct, percentiles)
    )

    print(f"\nMutual Gini: {mutual_gini:.4f} (lower is better)")

    return mutual_gini


"""
## Hybrid Transformer / LSTM model architecture
"""


def build_hybrid_model(
    input_sequence_length: int,
    output_sequence_length: int,
    num_countries: int,
    d_model: int = 8,
    num_heads: int = 4,
):

    keras.utils.set_random_seed(seed=42)

    # Inputs
    temporal_inputs = layers.Input(
        shape=(input_sequence_length, 5), name="temporal_inputs"
    )
    trend_inputs = layers.Input(shape=(input_sequence_length, 12), name="trend_inputs")
    country_inputs = layers.Input(
        shape=(num_countries,), dtype="int32", name="country_inputs"
    )

    # Process country features
    country_embedding = layers.Embedding(
        input_dim=num_countries,
        output_dim=d_model,
        mask_zero=False,
        name="country_embedding",
    )(
        country_inputs
    )  # Output shape: (batch_size, 1, d_model)

    # Flatten the embedding output
    country_embedding = layers.Flatten(name="flatten_country_embedding")(
        country_embedding
    )

    # Repeat the country embedding across timesteps
    country_embedding_repeated = layers.RepeatVector(
        input_sequence_length, name="repeat_country_embedding"
    )(country_embedding)

    # Projection of temporal inputs to match Transformer dimensions
    temporal_projection = layers.Dense(
        d_model, activation="tanh", name="temporal_projection"
    )(temporal_inputs)

    # Combine all features
    combined_features = layers.Concatenate()(
        [temporal_projection, country_embedding_repeated]
    )

    transformer_output = combined_features
    for _ in range(3):
        transformer_output = TransformerEncoder(
            intermediate_dim=16, num_heads=num_heads
        )(transformer_output)

    lstm_output = layers.LSTM(units=64, name="lstm_trend")(trend_inputs)

    transformer_flattened = layers.GlobalAveragePooling1D(name="flatten_transformer")(
        transformer_output
    )
    transformer_flattened = layers.Dense(1, activation="sigmoid")(transformer_flattened)
    # Concatenate flattened Transformer output with LSTM output
    merged_features = layers.Concatenate(name="concatenate_transformer_lstm")(
        [transformer_flattened, lstm_output]
    )
    # Repeat the merged features to match the output sequence length
    decoder_initial = layers.RepeatVector(
        output_sequence_length, name="repeat_merged_features"
    )(merged_features)

    decoder_lstm = layers.LSTM(
        units=64,
        return_sequences=True,
        recurrent_regularizer=regularizers.L1L2(l1=1e-5, l2=1e-4),
    )(decoder_initial)

    # Output Dense layer
    output = layers.Dense(units=1, activation="linear", name="output_dense")(
        decoder_lstm
    )

    model = Model(
        inputs=[temporal_inputs, trend_inputs, country_inputs], outputs=output
    )

    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.001),
        loss="mse",
        metrics=["mse"],
    )

    return model


# Create the hybrid model
model = build_hybrid_model(
    input_sequence_length=6,
    output_sequence_length=6,
    num_countries=len(np.unique(train_data["static_features"])) + 1,
    d_model=8,
    num_heads=4,
)

# Configure StringLookup
label_encoder = layers.StringLookup(output_mode="one_hot", num_oov_indices=1)

# Adapt and encode
label_encoder.adapt(train_data["static_features"])

train_static_encoded = label_encoder(train_data["static_features"])
val_static_encoded = label_encoder(val_data["static_features"])
test_static_encoded = label_encoder(test_data["static_features"])

# Convert sequences with proper type casting
x_train_seq = np.asarray(train_data["trend_sequences"]).astype(np.float32)
x_val_seq = np.asarray(val_data["trend_sequences"]).astype(np.float32)
x_train_temporal = np.asarray(train_data["temporal_sequences"]).astype(np.float32)
x_val_temporal = np.asarray(val_data["temporal_sequences"]).astype(np.float32)
train_outputs = np.asarray(train_data["output_sequences"]).astype(np.float32)
val_outputs = np.asarray(val_data["output_sequences"]).astype(np.float32)
test_output = np.asarray(test_data["output_sequences"]).astype(np.float32)
# Training setup
keras.utils.set_random_seed(seed=42)

history = model.fit(
    [x_train_temporal, x_train_seq, train_static_encoded],
    train_outputs,
    validation_data=(
        [x_val_temporal, x_val_seq, val_static_encoded],
        val_data["output_sequences"].astype(np.float32),
    ),
    epochs=2,
    batch_size=30,
    shuffle=False,
)

# Make predictions
predictions = model.predict(
    [
        test_data["temporal_sequences"].astype(np.float32),
        test_data["trend_sequences"].astype(np.float32),
        test_static_encoded,
    ]
)

# Calculate the predictions
predictions = np.squeeze(predictions)

# Calculate basic metrics
hybrid_metrics = calculate_metrics(test_data["output_sequences"], predictions)
print({k: float(v) for k, v in hybrid_metrics.items()})

# Plot Lorenz curves and get Mutual Gini
hybrid_mutual_gini = plot_lorenz_analysis(test_data["output_sequences"], predictions)
