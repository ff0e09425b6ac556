# source: quangtiencs/keras3-inside-deep-learning Chapter_07.ipynb (a 2025 port of E. Raff's "Inside Deep Learning" (Manning) from PyTorch to Keras 3 on torch, chapter 7 "Autoencoding and self-supervision": PCA as a tied-weight linear autoencoder (a TransposeLinear layer that reuses a Dense layer's kernel transposed, a Loss subclass adding an orthogonality penalty on that kernel), a nonlinear PCA, and deep autoencoders built from keras.layers.Pipeline blocks of Dense + LayerNormalization + gelu, trained by fit on torch DataLoaders of (x, x) pairs, then encoders called directly under torch.no_grad(); its code cells in order)
# commit: 72d6792dfd2755e6e1cbf59c10395eca5400d45f
# keras: keras
# backend: torch
# exercises: os.environ["KERAS_BACKEND"] = "torch"; keras.layers.Pipeline([...], name=) (Keras 3.9+) as encoder / decoder blocks, nested Pipelines (get_layer returns a Pipeline of Dense, LayerNormalization, Activation("gelu")) placed inside models.Sequential([layers.Input(shape=(1, 28, 28)), ...]); a layers.Layer subclass TransposeLinear holding another Dense layer, building it by hand if unbuilt, add_weight(name=, shape=, initializer='zeros', trainable=True), inputs.to(device) (torch) and ops.transpose(self.dense_layer.kernel) / ops.matmul / ops.add in call, get_config; the same Dense layer used in the encoder and (through its kernel) in the decoder; a keras.losses.Loss subclass (super().__init__(name=)) whose call reads linear_layer.kernel and adds regularization_weight * mean(mean_squared_error(ops.eye(ops.shape(W)[1]), W^T W)) to ops.mean(keras.losses.mean_squared_error(y_true, y_pred)); Dense(use_bias=False, name=); layers.Reshape(target_shape=(1, 28, 28)); compile(optimizer='adam', loss=<Loss instance>, metrics=['mse']), compile(loss="mse", metrics=['mse']), compile(optimizer=keras.optimizers.AdamW(), loss=keras.losses.MeanSquaredError(), metrics=[keras.losses.MeanSquaredError()]) and MeanSquaredError(reduction="mean") as loss and metric; summary(); fit on a torch DataLoader of a torch Dataset returning (x, x) torch tensors; the Pipeline encoders called directly on DataLoader batches under torch.no_grad() (encode_batch), z.cpu().numpy(); the whole model called on torch.unsqueeze(x, dim=0) and .detach().cpu().numpy()
# reduced: torchvision.datasets.MNIST(transform=transforms.ToTensor()) (a download) replaced by a torch Dataset of 64 training and 32 test made-up 1x28x28 float32 torch tensors with integer labels (numpy RandomState(0): a class-dependent bright square plus noise, in [0, 1]); batch_size 128 -> 32 and shuffle=True -> False (torch's generator); epochs 10 -> 2; hidden sizes D // 2, D // 3, D // 4 -> 24, 16, 12 and D * 2 -> 32 (D = 28 * 28 kept for the output layers); the seaborn / matplotlib plots dropped: encode_batch's projections and show_encode_decode's reconstructions printed (rounded) instead of drawn; the denoising part (cells 25-33: torch.distributions noise, an AdditiveGaussianNoise layer drawing keras.random.normal, Dropout 0.2/0.5 autoencoders) left out (random draws cannot match across frameworks); `device` and bare expression cells printed; the pip cell dropped; test_data_xy[69] -> [29] (32 test images)
import os

os.environ["KERAS_BACKEND"] = "torch"

import keras
from keras import models
from keras import layers
from keras import ops

import torch
import torch.nn as nn

from torch.utils.data import Dataset, DataLoader

import numpy as np

device = torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")
print(device)

#How many values are in the input? We use this to help determine the size of subsequent layers
D = 28 * 28  #28 * 28 images
#Hidden layer size
n = 2
#How many channels are in the input?
C = 1
#How many classes are there?
classes = 10


class TransposeLinear(layers.Layer):
    """
    A layer that computes the transpose of another Dense layer's weights.
    This enables weight sharing between an original Dense layer and its transpose.
    """

    def __init__(self, dense_layer, use_bias=True, **kwargs):
        """
        Args:
            dense_layer: The Dense layer whose weights we want to transpose
            use_bias: If True, create a separate bias term for this layer
        """
        super().__init__(**kwargs)
        self.dense_layer = dense_layer
        self.use_bias = use_bias
        self.bias = None

    def build(self, input_shape):
        super().build(input_shape)

        # Ensure the dense layer is built so we can access its kernel
        if not self.dense_layer.built:
            # Build the dense layer with the transposed input shape
            self.dense_layer.build((None, input_shape[-1]))

        if self.use_bias:
            # Create bias with shape matching the transposed output
            # Output shape will be the input dimension of the original dense layer
            output_dim = self.dense_layer.kernel.shape[0]
            self.bias = self.add_weight(
                name='bias',
                shape=(output_dim,),
                initializer='zeros',
                trainable=True
            )

    def call(self, inputs):
        inputs = inputs.to(device)
        # Transpose the shared weights and apply linear transformation
        transposed_weights = ops.transpose(self.dense_layer.kernel)
        output = ops.matmul(inputs, transposed_weights)

        if self.use_bias:
            output = ops.add(output, self.bias)

        return output

    def get_config(self):
        config = super().get_config()
        config.update({
            'use_bias': self.use_bias,
        })
        return config


linear_layer = layers.Dense(n, use_bias=False, name='shared_linear')

# PCA Encoder: flatten input and apply linear transformation
pca_encoder = layers.Pipeline([
    layers.Flatten(name='flatten'),
    linear_layer
], name='pca_encoder')

# PCA Decoder: apply transpose linear transformation and reshape back
pca_decoder = layers.Pipeline([
    TransposeLinear(linear_layer, use_bias=False, name='transpose_linear'),
    layers.Reshape(target_shape=(1, 28, 28)),
], name='pca_decoder')

# Complete PCA model: encoder followed by decoder
pca_model = models.Sequential([
    layers.Input(shape=(1, 28, 28)),
    layers.Flatten(),
    pca_encoder,
    pca_decoder
], name='pca_model')


# Custom loss function with orthogonality regularization
class MSEWithOrthoLoss(keras.losses.Loss):
    def __init__(self, regularization_weight=0.1, name='mse_with_ortho_loss'):
        super().__init__(name=name)
        self.regularization_weight = regularization_weight

    def call(self, y_true, y_pred):
        # Get the weights from the shared linear layer
        W = linear_layer.kernel  # Shape: (input_dim, latent_dim)

        # Create identity matrix for regularization target
        I = ops.eye(ops.shape(W)[1])  # Shape: (latent_dim, latent_dim)

        # Compute standard MSE loss
        mse_loss = keras.losses.mean_squared_error(y_true, y_pred)
        normal_loss = ops.mean(mse_loss)

        # Compute orthogonality regularization: ||W^T @ W - I||²
        WtW = ops.matmul(ops.transpose(W), W)
        regularization_loss = self.regularization_weight * ops.mean(
            keras.losses.mean_squared_error(I, WtW)
        )

        return normal_loss + regularization_loss


# Instantiate the custom loss
mse_with_ortho_loss = MSEWithOrthoLoss()

pca_model.summary()


class AutoEncodeDataset(Dataset):
    """Takes a dataset with (x, y) label pairs and converts it to (x, x) pairs.
    This makes it easy to re-use other code"""

    def __init__(self, dataset):
        self.dataset = dataset

    def __len__(self):
        return len(self.dataset)

    def __getitem__(self, idx):
        x, y = self.dataset.__getitem__(idx)
        return x, x  #just throw away the original label.


class MadeUpMNIST(Dataset):
    """made-up stand-in for torchvision.datasets.MNIST(transform=transforms.ToTensor())"""

    def __init__(self, count, rng):
        self.labels = rng.randint(0, 10, size=count)
        self.images = rng.uniform(0, 0.3, size=(count, 1, 28, 28)).astype(np.float32)
        for k, label in enumerate(self.labels):
            r, c = 2 + 2 * (label // 4), 2 + 5 * (label % 4)
            self.images[k, 0, r:r + 8, c:c + 8] += 0.7

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        return torch.from_numpy(self.images[idx]), int(self.labels[idx])


_rng = np.random.RandomState(0)
train_data = AutoEncodeDataset(MadeUpMNIST(64, _rng))
test_data_xy = MadeUpMNIST(32, _rng)
test_data_xx = AutoEncodeDataset(test_data_xy)

train_loader = DataLoader(train_data, batch_size=32, shuffle=False)
test_loader = DataLoader(test_data_xx, batch_size=32)

# Compile the model
pca_model.compile(
    optimizer='adam',
    loss=mse_with_ortho_loss,
    metrics=['mse']
)

pca_model.fit(train_loader, epochs=2)


def encode_batch(encoder, dataset_to_encode):
    """
    encoder: the PyTorch network that takes in a dataset and convers it to a new dimension
    dataset_to_encode: a PyTorch `Dataset` object that we want to convert.

    Returns a tuple (projected, labels) where `projected` is the encoded version of the dataset, and `labels` are the original labels provided by the `dataset_to_encode`
    """
    #Create space to store the results
    projected = []
    labels = []
    with torch.no_grad():  #We don't want to train, so torch.no_grad!
        for x, y in DataLoader(dataset_to_encode, batch_size=128):
            z = encoder(x)  #encode the original data
            projected.append(z.cpu().numpy())  #store the encoded version & label
            labels.append(y.cpu().numpy().ravel())
    #Turn the results into single large numpy arrays
    projected = np.vstack(projected)
    labels = np.hstack(labels)
    #return the results
    return projected, labels


#Now lets project our data
projected, labels = encode_batch(pca_encoder, test_data_xy)
print(np.round(projected[:4], 4), labels[:4])


def show_encode_decode(encode_decode, x):
    """
    encode_decode: the PyTorch Module that does the encoding and decoding steps at once
    x: the input to plot as is, and after encoding & decoding it
    """
    with torch.no_grad():
        x_recon = encode_decode(torch.unsqueeze(x, dim=0))
        print(x.cpu().numpy()[0, :].shape, np.round(x_recon.detach().cpu().numpy()[0, 0, ...][10, 10:14], 4))


print(test_data_xy[0][0].size())

#Showing the input (left) and output (right) for three data points
show_encode_decode(pca_model, test_data_xy[0][0])
show_encode_decode(pca_model, test_data_xy[2][0])
show_encode_decode(pca_model, test_data_xy[10][0])

pca_nonlinear_encoder = layers.Pipeline([
    layers.Flatten(name='flatten'),
    layers.Dense(n, activation="tanh"),
], name='pca_encoder')

pca_nonlinear_decoder = layers.Pipeline([
    layers.Dense(D),
    layers.Reshape(target_shape=(1, 28, 28)),
], name='pca_decoder')

pca_nonlinear = models.Sequential([
    layers.Input(shape=(1, 28, 28)),
    layers.Flatten(),
    pca_nonlinear_encoder,
    pca_nonlinear_decoder
], name='pca_model')

pca_nonlinear.compile(
    optimizer='adam',
    loss="mse",
    metrics=['mse']
)

pca_nonlinear.fit(train_loader, epochs=2)

projected, labels = encode_batch(pca_nonlinear_encoder, test_data_xy)
print(np.round(projected[:4], 4), labels[:4])

show_encode_decode(pca_nonlinear, test_data_xy[0][0])
show_encode_decode(pca_nonlinear, test_data_xy[2][0])
show_encode_decode(pca_nonlinear, test_data_xy[10][0])

print(n, D)


def get_layer(out_size, activation="gelu"):
    """
    in_size: how many neurons/features are coming into this layer
    out_size: how many neurons/outputs this hidden layer should produce
    """
    return layers.Pipeline([
        layers.Dense(out_size, use_bias=True),
        layers.LayerNormalization(),
        layers.Activation(activation)
    ])


auto_encoder = layers.Pipeline([
    layers.Flatten(name='flatten'),
    get_layer(24),
    get_layer(16),
    get_layer(12),
    layers.Dense(2)
], name='auto_encoder')

auto_decoder = layers.Pipeline([
    get_layer(12),
    get_layer(16),
    get_layer(24),
    layers.Dense(D, activation="sigmoid"),
    layers.Reshape(target_shape=(1, 28, 28)),
], name='auto_decoder')

auto_encode_decode = models.Sequential([
    layers.Input(shape=(1, 28, 28)),
    auto_encoder,
    auto_decoder
], name='auto_encode_decode')

auto_encode_decode.compile(
    optimizer=keras.optimizers.AdamW(),
    loss=keras.losses.MeanSquaredError(),
    metrics=[keras.losses.MeanSquaredError()]
)

auto_encode_decode.fit(train_loader, epochs=2)

projected, labels = encode_batch(auto_encoder, test_data_xy)
print(np.round(projected[:4], 4), labels[:4])

show_encode_decode(auto_encode_decode, test_data_xy[29][0])
show_encode_decode(auto_encode_decode, test_data_xy[2][0])
show_encode_decode(auto_encode_decode, test_data_xy[6][0])
show_encode_decode(auto_encode_decode, test_data_xy[23][0])

auto_encoder_big = layers.Pipeline([
    layers.Flatten(name='flatten'),
    get_layer(32),
    get_layer(32),
    get_layer(32),
    layers.Dense(32)
], name='auto_encoder_big')

auto_decoder_big = layers.Pipeline([
    get_layer(32),
    get_layer(32),
    get_layer(32),
    #get_layer(D),
    keras.layers.Dense(D, activation="sigmoid"),
    layers.Reshape(target_shape=(1, 28, 28)),
], name='auto_decoder_big')

auto_encode_decode_big = models.Sequential([
    layers.Input(shape=(1, 28, 28)),
    auto_encoder_big,
    auto_decoder_big
], name='auto_encode_decode_big')

auto_encode_decode_big.compile(
    optimizer=keras.optimizers.AdamW(),
    loss=keras.losses.MeanSquaredError(reduction="mean"),
    metrics=[keras.losses.MeanSquaredError(reduction="mean")]
)

auto_encode_decode_big.fit(train_loader, epochs=2)

show_encode_decode(auto_encode_decode_big, test_data_xy[0][0])
show_encode_decode(auto_encode_decode_big, test_data_xy[6][0])
show_encode_decode(auto_encode_decode_big, test_data_xy[10][0])
