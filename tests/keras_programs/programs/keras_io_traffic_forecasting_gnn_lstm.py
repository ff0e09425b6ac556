# source: keras-team/keras-io examples/timeseries/timeseries_traffic_forecasting.py (keras.io example "Traffic forecasting using graph neural networks and LSTM": a GraphConv custom layer, an LSTMGC layer running an LSTM over the graph-convolved features, fit with EarlyStopping, predict on the test set, a naive baseline; its code in order)
# commit: cb5904d197d6f3f730f9d4dbe67137a0ed09cd0f
# keras: keras
# exercises: timeseries_dataset_from_array(data, None, sequence_length, shuffle=False, batch_size) for inputs and targets separately; a keras.utils.PyDataset zipping their batches; a custom Layer with a trainable weight made in __init__ and a sub-layer layers.Activation(None); keras.ops.matmul, take(axis=0) (gather by edge list), segment_sum / segment_max over a Python list of segment ids, concatenate, transpose, shape and reshape with sizes read from ops.shape; a Layer holding a custom Layer, an LSTM(activation="relu") and a Dense, called on a layers.Input of rank 4 in keras.models.Model; RMSprop(learning_rate=0.0002), keras.losses.MeanSquaredError(); fit(dataset, validation_data=dataset, epochs, callbacks=[EarlyStopping(patience=10)]); predict on the test batch; the naive MSE baseline in numpy
# reduced: the PeMSD7 download (get_file + pandas read_csv of W_228.csv and V_228.csv) replaced by made-up numpy data (RandomState(0)): 150 time steps of 8 roads' speeds (daily waves plus noise) and a symmetric 8x8 distance matrix, sample_routes the 8 roads instead of 26 of 228; no plots; `import tensorflow as tf` dropped and its ops written with keras.ops (tf.matmul -> ops.matmul, tf.gather -> ops.take(axis=0), tf.concat -> ops.concatenate, tf.transpose/shape/reshape -> ops.*; tf.math.unsorted_segment_sum/max/mean -> unsorted_segment_sum/max/mean written here from ops.segment_sum/segment_max on np.asarray of the id list (Keras's ops want an array) and, for the mean, the numpy count of each segment), as the Keras 3 port of the example does; tf.Variable(initial_value=glorot_uniform()(shape, dtype), trainable=True) -> self.add_weight(initializer=GlorotUniform(), shape, dtype, trainable=True) (Keras 3 trains only its own variables); tf.data.Dataset.zip((inputs, targets)) -> a keras.utils.PyDataset of the zipped batches (with as_numpy_iterator for the test set), dataset.shuffle(100), prefetch and cache dropped (a shuffle cannot match); 150 time steps so that the training and validation sets are one batch of 64 windows or fewer (61 and 16): Keras 3 fit shuffles a PyDataset's batches with Python's random, whose state Keras's unseeded initializers also draw from, so an order of several batches cannot match; lstm_units 64 -> 16, out_feat 10 -> 4, epochs 20 -> 3
import numpy as np
import os
import typing

import keras
from keras import layers
from keras import ops

_rng = np.random.RandomState(0)
_steps, _roads = 150, 8
_t = np.arange(_steps)[:, None]
speeds_array_full = (
    60
    + 8 * np.sin(2 * np.pi * _t / 48 + _rng.uniform(0, 1, size=(1, _roads)))
    + 2 * _rng.normal(size=(_steps, _roads))
)
_d = _rng.uniform(0, 6000, size=(_roads, _roads))
route_distances_full = (_d + _d.T) / 2
np.fill_diagonal(route_distances_full, 0)

route_distances = route_distances_full
speeds_array = speeds_array_full

print(f"route_distances shape={route_distances.shape}")
print(f"speeds_array shape={speeds_array.shape}")

sample_routes = [0, 1, 2, 3, 4, 5, 6, 7]
route_distances = route_distances[np.ix_(sample_routes, sample_routes)]
speeds_array = speeds_array[:, sample_routes]

print(f"route_distances shape={route_distances.shape}")
print(f"speeds_array shape={speeds_array.shape}")

train_size, val_size = 0.5, 0.2


def preprocess(data_array: np.ndarray, train_size: float, val_size: float):
    num_time_steps = data_array.shape[0]
    num_train, num_val = (
        int(num_time_steps * train_size),
        int(num_time_steps * val_size),
    )
    train_array = data_array[:num_train]
    mean, std = train_array.mean(axis=0), train_array.std(axis=0)

    train_array = (train_array - mean) / std
    val_array = (data_array[num_train : (num_train + num_val)] - mean) / std
    test_array = (data_array[(num_train + num_val) :] - mean) / std

    return train_array, val_array, test_array


train_array, val_array, test_array = preprocess(speeds_array, train_size, val_size)

print(f"train set size: {train_array.shape}")
print(f"validation set size: {val_array.shape}")
print(f"test set size: {test_array.shape}")

from keras.utils import timeseries_dataset_from_array

batch_size = 64
input_sequence_length = 12
forecast_horizon = 3
multi_horizon = False


class ZippedBatches(keras.utils.PyDataset):
    def __init__(self, inputs, targets):
        super().__init__()
        self.batches = [
            (np.asarray(x), np.asarray(y)) for x, y in zip(inputs, targets)
        ]

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, index):
        return self.batches[index]

    def as_numpy_iterator(self):
        return iter(self.batches)


def create_tf_dataset(
    data_array: np.ndarray,
    input_sequence_length: int,
    forecast_horizon: int,
    batch_size: int = 128,
    shuffle=True,
    multi_horizon=True,
):
    inputs = timeseries_dataset_from_array(
        np.expand_dims(data_array[:-forecast_horizon], axis=-1),
        None,
        sequence_length=input_sequence_length,
        shuffle=False,
        batch_size=batch_size,
    )

    target_offset = (
        input_sequence_length
        if multi_horizon
        else input_sequence_length + forecast_horizon - 1
    )
    target_seq_length = forecast_horizon if multi_horizon else 1
    targets = timeseries_dataset_from_array(
        data_array[target_offset:],
        None,
        sequence_length=target_seq_length,
        shuffle=False,
        batch_size=batch_size,
    )

    dataset = ZippedBatches(inputs, targets)

    return dataset


train_dataset, val_dataset = (
    create_tf_dataset(data_array, input_sequence_length, forecast_horizon, batch_size)
    for data_array in [train_array, val_array]
)

test_dataset = create_tf_dataset(
    test_array,
    input_sequence_length,
    forecast_horizon,
    batch_size=test_array.shape[0],
    shuffle=False,
    multi_horizon=multi_horizon,
)


def compute_adjacency_matrix(
    route_distances: np.ndarray, sigma2: float, epsilon: float
):
    num_routes = route_distances.shape[0]
    route_distances = route_distances / 10000.0
    w2, w_mask = (
        route_distances * route_distances,
        np.ones([num_routes, num_routes]) - np.identity(num_routes),
    )
    return (np.exp(-w2 / sigma2) >= epsilon) * w_mask


class GraphInfo:
    def __init__(self, edges: typing.Tuple[list, list], num_nodes: int):
        self.edges = edges
        self.num_nodes = num_nodes


sigma2 = 0.1
epsilon = 0.5
adjacency_matrix = compute_adjacency_matrix(route_distances, sigma2, epsilon)
node_indices, neighbor_indices = np.where(adjacency_matrix == 1)
graph = GraphInfo(
    edges=(node_indices.tolist(), neighbor_indices.tolist()),
    num_nodes=adjacency_matrix.shape[0],
)
print(f"number of nodes: {graph.num_nodes}, number of edges: {len(graph.edges[0])}")


def unsorted_segment_sum(data, segment_ids, num_segments):
    return ops.segment_sum(data, np.asarray(segment_ids), num_segments=num_segments)


def unsorted_segment_max(data, segment_ids, num_segments):
    return ops.segment_max(data, np.asarray(segment_ids), num_segments=num_segments)


def unsorted_segment_mean(data, segment_ids, num_segments):
    sums = unsorted_segment_sum(data, segment_ids, num_segments=num_segments)
    counts = np.maximum(np.bincount(segment_ids, minlength=num_segments), 1)
    return sums / counts.reshape((-1,) + (1,) * (len(sums.shape) - 1)).astype("float32")


class GraphConv(layers.Layer):
    def __init__(
        self,
        in_feat,
        out_feat,
        graph_info: GraphInfo,
        aggregation_type="mean",
        combination_type="concat",
        activation: typing.Optional[str] = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.in_feat = in_feat
        self.out_feat = out_feat
        self.graph_info = graph_info
        self.aggregation_type = aggregation_type
        self.combination_type = combination_type
        self.weight = self.add_weight(
            initializer=keras.initializers.GlorotUniform(),
            shape=(in_feat, out_feat),
            dtype="float32",
            trainable=True,
        )
        self.activation = layers.Activation(activation)

    def aggregate(self, neighbour_representations):
        aggregation_func = {
            "sum": unsorted_segment_sum,
            "mean": unsorted_segment_mean,
            "max": unsorted_segment_max,
        }.get(self.aggregation_type)

        if aggregation_func:
            return aggregation_func(
                neighbour_representations,
                self.graph_info.edges[0],
                num_segments=self.graph_info.num_nodes,
            )

        raise ValueError(f"Invalid aggregation type: {self.aggregation_type}")

    def compute_nodes_representation(self, features):
        return ops.matmul(features, self.weight)

    def compute_aggregated_messages(self, features):
        neighbour_representations = ops.take(features, self.graph_info.edges[1], axis=0)
        aggregated_messages = self.aggregate(neighbour_representations)
        return ops.matmul(aggregated_messages, self.weight)

    def update(self, nodes_representation, aggregated_messages):
        if self.combination_type == "concat":
            h = ops.concatenate([nodes_representation, aggregated_messages], axis=-1)
        elif self.combination_type == "add":
            h = nodes_representation + aggregated_messages
        else:
            raise ValueError(f"Invalid combination type: {self.combination_type}.")

        return self.activation(h)

    def call(self, features):
        nodes_representation = self.compute_nodes_representation(features)
        aggregated_messages = self.compute_aggregated_messages(features)
        return self.update(nodes_representation, aggregated_messages)


class LSTMGC(layers.Layer):
    """Layer comprising a convolution layer followed by LSTM and dense layers."""

    def __init__(
        self,
        in_feat,
        out_feat,
        lstm_units: int,
        input_seq_len: int,
        output_seq_len: int,
        graph_info: GraphInfo,
        graph_conv_params: typing.Optional[dict] = None,
        **kwargs,
    ):
        super().__init__(**kwargs)

        # graph conv layer
        if graph_conv_params is None:
            graph_conv_params = {
                "aggregation_type": "mean",
                "combination_type": "concat",
                "activation": None,
            }
        self.graph_conv = GraphConv(in_feat, out_feat, graph_info, **graph_conv_params)

        self.lstm = layers.LSTM(lstm_units, activation="relu")
        self.dense = layers.Dense(output_seq_len)

        self.input_seq_len, self.output_seq_len = input_seq_len, output_seq_len

    def call(self, inputs):
        # convert shape to  (num_nodes, batch_size, input_seq_len, in_feat)
        inputs = ops.transpose(inputs, [2, 0, 1, 3])

        gcn_out = self.graph_conv(
            inputs
        )  # gcn_out has shape: (num_nodes, batch_size, input_seq_len, out_feat)
        shape = ops.shape(gcn_out)
        num_nodes, batch_size, input_seq_len, out_feat = (
            shape[0],
            shape[1],
            shape[2],
            shape[3],
        )

        # LSTM takes only 3D tensors as input
        gcn_out = ops.reshape(gcn_out, (batch_size * num_nodes, input_seq_len, out_feat))
        lstm_out = self.lstm(
            gcn_out
        )  # lstm_out has shape: (batch_size * num_nodes, lstm_units)

        dense_output = self.dense(
            lstm_out
        )  # dense_output has shape: (batch_size * num_nodes, output_seq_len)
        output = ops.reshape(dense_output, (num_nodes, batch_size, self.output_seq_len))
        return ops.transpose(
            output, [1, 2, 0]
        )  # returns Tensor of shape (batch_size, output_seq_len, num_nodes)


in_feat = 1
batch_size = 64
epochs = 3
input_sequence_length = 12
forecast_horizon = 3
multi_horizon = False
out_feat = 4
lstm_units = 16
graph_conv_params = {
    "aggregation_type": "mean",
    "combination_type": "concat",
    "activation": None,
}

st_gcn = LSTMGC(
    in_feat,
    out_feat,
    lstm_units,
    input_sequence_length,
    forecast_horizon,
    graph,
    graph_conv_params,
)
inputs = layers.Input((input_sequence_length, graph.num_nodes, in_feat))
outputs = st_gcn(inputs)

model = keras.models.Model(inputs, outputs)
model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=0.0002),
    loss=keras.losses.MeanSquaredError(),
)
model.fit(
    train_dataset,
    validation_data=val_dataset,
    epochs=epochs,
    callbacks=[keras.callbacks.EarlyStopping(patience=10)],
)

x_test, y = next(test_dataset.as_numpy_iterator())
y_pred = model.predict(x_test)

naive_mse, model_mse = (
    np.square(x_test[:, -1, :, 0] - y[:, 0, :]).mean(),
    np.square(y_pred[:, 0, :] - y[:, 0, :]).mean(),
)
print(f"naive MAE: {naive_mse}, model MAE: {model_mse}")
