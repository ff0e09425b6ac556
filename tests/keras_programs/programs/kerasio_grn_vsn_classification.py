# source: keras-team/keras-io examples/structured_data/classification_with_grn_and_vsn.py ("Classification with Gated Residual and Variable Selection Networks", Khalid Salama; converted to Keras 3 by Sitam Meur and made backend-agnostic by Humbulani Ndou, last modified 2025/01/08: KERAS_BACKEND "torch", `import keras`, `from keras import layers`)
# commit: 0da607c902e146eeab43f9150fa5d0663963208d
# keras: keras
# backend: torch
# exercises: Keras 3 on its torch backend as the example sets it; a dict of layers.Input(name=, shape=(), dtype="int64"/"float32") per feature; layers.StringLookup(vocabulary=, mask_token=None, num_oov_indices=0, output_mode="int") called on string arrays; Layer subclasses built of sublayers made in __init__: GatedLinearUnit (Dense * Dense(sigmoid)), GatedResidualNetwork (Dense elu, Dense, Dropout, a projection Dense used only when inputs.shape[-1] != units, residual add, LayerNormalization), VariableSelection (a dict of Embedding layers named after the features and a dict of Dense projections, a list of GRNs, keras.ops.clip on the int inputs, keras.ops.expand_dims, layers.concatenate the function, a Dense softmax, keras.ops.stack, backend dispatch on keras.backend.backend() with a nested function using torch.sum under the torch branch and `import torch` inside call, and a `def build(self): self.built = True` with no input_shape); a functional keras.Model on a dict of inputs; compile(optimizer=keras.optimizers.Adam(learning_rate=), loss=keras.losses.BinaryCrossentropy(), metrics=[keras.metrics.BinaryAccuracy(name="accuracy")]); EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True); fit with instance weights as sample weights and validation data with weights; `_, accuracy = model.evaluate(...)`
# reduced: the census-income download (keras.utils.get_file, tar extraction, pandas read_csv, to_csv files, subprocess find/rm clean-up) replaced by made-up columns in numpy: CSV_HEADER cut to the 7 numeric features, 4 of the 34 categorical ones (education, marital_stat, race, sex, with 3-5 string values each), instance_weight and income_level; 400 training and 80 test rows (standard-normal numeric values, seeded; income_level from a noisy rule over them), `data` a dict of numpy arrays instead of a DataFrame (`data[feature_name].unique()` -> np.unique(data[feature_name])); the tf.data pipeline (make_csv_dataset(...).map(process)) replaced by process() applied to whole arrays, with its `tf.cast(features[feature_name], "string")` -> `features[feature_name].astype(str)`, and fit / evaluate given (features, target, weight) arrays with batch_size=batch_size and shuffle=False (make_csv_dataset's shuffle=True draws an order Keras's run cannot share); dropout_rate 0.15 -> 0.0 (random masks cannot match); num_epochs 1 -> 2; keras.utils.plot_model (pydot) left out
import os

os.environ["KERAS_BACKEND"] = "torch"  # or jax, or tensorflow

import numpy as np
import keras
from keras import layers

np.random.seed(42)

# Column names.
CSV_HEADER = [
    "age",
    "education",
    "wage_per_hour",
    "marital_stat",
    "race",
    "sex",
    "capital_gains",
    "capital_losses",
    "dividends_from_stocks",
    "instance_weight",
    "num_persons_worked_for_employer",
    "weeks_worked_in_year",
    "income_level",
]

rng = np.random.default_rng(0)
VALUES = {
    "education": ["Bachelors degree", "High school graduate", "Masters degree", "Some college", "Children"],
    "marital_stat": ["Divorced", "Married-civilian spouse present", "Never married"],
    "race": ["Amer Indian Aleut or Eskimo", "Black", "White"],
    "sex": ["Female", "Male"],
}


def made_up_census(n):
    columns = {}
    for name in CSV_HEADER:
        if name in VALUES:
            columns[name] = np.array(VALUES[name], dtype=object)[rng.integers(0, len(VALUES[name]), size=n)]
        elif name == "instance_weight":
            columns[name] = rng.uniform(0.5, 2.0, size=n).astype("float32")
        elif name != "income_level":
            columns[name] = rng.normal(0.0, 1.0, size=n).astype("float32")
    score = columns["age"] + columns["capital_gains"] + (columns["sex"] == "Male") + rng.normal(0, 0.5, size=n)
    columns["income_level"] = (score > 1.0).astype("int64")
    return columns


data = made_up_census(400)
test_data = made_up_census(80)

print(f"Data shape: {(len(data['age']), len(data))}")
print(f"Test data shape: {(len(test_data['age']), len(test_data))}")

random_selection = np.random.rand(len(data["age"])) <= 0.85
train_data = {name: column[random_selection] for name, column in data.items()}
valid_data = {name: column[~random_selection] for name, column in data.items()}

# Target feature name.
TARGET_FEATURE_NAME = "income_level"
# Weight column name.
WEIGHT_COLUMN_NAME = "instance_weight"
# Numeric feature names.
NUMERIC_FEATURE_NAMES = [
    "age",
    "wage_per_hour",
    "capital_gains",
    "capital_losses",
    "dividends_from_stocks",
    "num_persons_worked_for_employer",
    "weeks_worked_in_year",
]
# Categorical features and their vocabulary lists.
CATEGORICAL_FEATURES_WITH_VOCABULARY = {
    feature_name: sorted([str(value) for value in list(np.unique(data[feature_name]))])
    for feature_name in CSV_HEADER
    if feature_name
    not in list(NUMERIC_FEATURE_NAMES + [WEIGHT_COLUMN_NAME, TARGET_FEATURE_NAME])
}
# All features names.
FEATURE_NAMES = NUMERIC_FEATURE_NAMES + list(
    CATEGORICAL_FEATURES_WITH_VOCABULARY.keys()
)

# Tensorflow required for tf.data.Datasets
import tensorflow as tf


# We process our datasets elements here (categorical) and convert them to indices to avoid this step
# during model training since only tensorflow support strings.
def process(features, target):
    for feature_name in features:
        if feature_name in CATEGORICAL_FEATURES_WITH_VOCABULARY:
            # Cast categorical feature values to string.
            features[feature_name] = features[feature_name].astype(str)
            vocabulary = CATEGORICAL_FEATURES_WITH_VOCABULARY[feature_name]
            index = layers.StringLookup(
                vocabulary=vocabulary,
                mask_token=None,
                num_oov_indices=0,
                output_mode="int",
            )
            # Convert the string input values into integer indices.
            value_index = index(features[feature_name])
            features[feature_name] = value_index
        else:
            # Do nothing for numerical features
            pass

    # Get the instance weight.
    weight = features.pop(WEIGHT_COLUMN_NAME)
    # Change features from OrderedDict to Dict to match Inputs as they are Dict.
    return dict(features), target, weight


def get_dataset_from_csv(table, shuffle=False, batch_size=128):
    features = {name: column for name, column in table.items() if name != TARGET_FEATURE_NAME}
    return process(features, table[TARGET_FEATURE_NAME])


def create_model_inputs():
    inputs = {}
    for feature_name in FEATURE_NAMES:
        if feature_name in CATEGORICAL_FEATURES_WITH_VOCABULARY:
            # Make them int64, they are Categorical (whole units)
            inputs[feature_name] = layers.Input(
                name=feature_name, shape=(), dtype="int64"
            )
        else:
            # Make them float32, they are Real numbers
            inputs[feature_name] = layers.Input(
                name=feature_name, shape=(), dtype="float32"
            )
    return inputs


class GatedLinearUnit(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.linear = layers.Dense(units)
        self.sigmoid = layers.Dense(units, activation="sigmoid")

    def call(self, inputs):
        return self.linear(inputs) * self.sigmoid(inputs)


class GatedResidualNetwork(layers.Layer):
    def __init__(self, units, dropout_rate):
        super().__init__()
        self.units = units
        self.elu_dense = layers.Dense(units, activation="elu")
        self.linear_dense = layers.Dense(units)
        self.dropout = layers.Dropout(dropout_rate)
        self.gated_linear_unit = GatedLinearUnit(units)
        self.layer_norm = layers.LayerNormalization()
        self.project = layers.Dense(units)

    def call(self, inputs):
        x = self.elu_dense(inputs)
        x = self.linear_dense(x)
        x = self.dropout(x)
        if inputs.shape[-1] != self.units:
            inputs = self.project(inputs)
        x = inputs + self.gated_linear_unit(x)
        x = self.layer_norm(x)
        return x


class VariableSelection(layers.Layer):
    def __init__(self, num_features, units, dropout_rate):
        super().__init__()
        self.units = units
        # Create an embedding layers with the specified dimensions
        self.embeddings = dict()
        for input_ in CATEGORICAL_FEATURES_WITH_VOCABULARY:
            vocabulary = CATEGORICAL_FEATURES_WITH_VOCABULARY[input_]
            embedding_encoder = layers.Embedding(
                input_dim=len(vocabulary), output_dim=self.units, name=input_
            )
            self.embeddings[input_] = embedding_encoder

        # Projection layers for numeric features
        self.proj_layer = dict()
        for input_ in NUMERIC_FEATURE_NAMES:
            proj_layer = layers.Dense(units=self.units)
            self.proj_layer[input_] = proj_layer

        self.grns = list()
        # Create a GRN for each feature independently
        for idx in range(num_features):
            grn = GatedResidualNetwork(units, dropout_rate)
            self.grns.append(grn)
        # Create a GRN for the concatenation of all the features
        self.grn_concat = GatedResidualNetwork(units, dropout_rate)
        self.softmax = layers.Dense(units=num_features, activation="softmax")

    def call(self, inputs):
        concat_inputs = []
        for input_ in inputs:
            if input_ in CATEGORICAL_FEATURES_WITH_VOCABULARY:
                max_index = self.embeddings[input_].input_dim - 1  # Clamp the indices
                # torch had some index errors during embedding hence the clip function
                embedded_feature = self.embeddings[input_](
                    keras.ops.clip(inputs[input_], 0, max_index)
                )
                concat_inputs.append(embedded_feature)
            else:
                # Project the numeric feature to encoding_size using linear transformation.
                proj_feature = keras.ops.expand_dims(inputs[input_], -1)
                proj_feature = self.proj_layer[input_](proj_feature)
                concat_inputs.append(proj_feature)

        v = layers.concatenate(concat_inputs)
        v = self.grn_concat(v)
        v = keras.ops.expand_dims(self.softmax(v), axis=-1)
        x = []
        for idx, input in enumerate(concat_inputs):
            x.append(self.grns[idx](input))
        x = keras.ops.stack(x, axis=1)

        def matmul_dependent_on_backend(thsi, v):
            """
            Function for executing matmul for each backend.
            """
            # jax backend
            if keras.backend.backend() == "jax":
                import jax.numpy as jnp

                result = jnp.sum(thsi * v, axis=1)
            elif keras.backend.backend() == "torch":
                result = torch.sum(thsi * v, dim=1)
            # tensorflow backend
            elif keras.backend.backend() == "tensorflow":
                result = keras.ops.squeeze(tf.matmul(thsi, v, transpose_a=True), axis=1)
            # unsupported backend exception
            else:
                raise ValueError(
                    "Unsupported backend: {}".format(keras.backend.backend())
                )
            return result

        # jax backend
        if keras.backend.backend() == "jax":
            # This repetative imports are intentional to force the idea of backend
            # separation
            import jax.numpy as jnp

            result_jax = matmul_dependent_on_backend(v, x)
            return result_jax
        # torch backend
        if keras.backend.backend() == "torch":
            import torch

            result_torch = matmul_dependent_on_backend(v, x)
            return result_torch
        # tensorflow backend
        if keras.backend.backend() == "tensorflow":
            import tensorflow as tf

            result_tf = keras.ops.squeeze(tf.matmul(v, x, transpose_a=True), axis=1)
            return result_tf

    # to remove the build warnings
    def build(self):
        self.built = True


def create_model(encoding_size):
    inputs = create_model_inputs()
    num_features = len(inputs)
    features = VariableSelection(num_features, encoding_size, dropout_rate)(inputs)
    outputs = layers.Dense(units=1, activation="sigmoid")(features)
    # Functional model
    model = keras.Model(inputs=inputs, outputs=outputs)
    return model


learning_rate = 0.001
dropout_rate = 0.0
batch_size = 265
num_epochs = 2  # maybe adjusted to a desired value
encoding_size = 16

model = create_model(encoding_size)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
    loss=keras.losses.BinaryCrossentropy(),
    metrics=[keras.metrics.BinaryAccuracy(name="accuracy")],
)

# Create an early stopping callback.
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=5, restore_best_weights=True
)

print("Start training the model...")
train_x, train_y, train_w = get_dataset_from_csv(
    train_data, shuffle=True, batch_size=batch_size
)
valid_dataset = get_dataset_from_csv(valid_data, batch_size=batch_size)
model.fit(
    train_x,
    train_y,
    sample_weight=train_w,
    batch_size=batch_size,
    epochs=num_epochs,
    validation_data=valid_dataset,
    callbacks=[early_stopping],
    shuffle=False,
)
print("Model training finished.")

print("Evaluating model performance...")
test_x, test_y, test_w = get_dataset_from_csv(test_data, batch_size=batch_size)
_, accuracy = model.evaluate(test_x, test_y, sample_weight=test_w, batch_size=batch_size)
print(f"Test accuracy: {round(accuracy * 100, 2)}%")
