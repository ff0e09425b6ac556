# source: keras-team/keras examples/demo_custom_torch_workflow.py (Keras 3's own demo of a Keras model in PyTorch workflows)
# commit: 3422977a5e38fb2f7709aaa9a08e47f0c43d0f60
# keras: keras
# backend: torch
# exercises: os.environ["KERAS_BACKEND"] = "torch" before `import keras`; a keras.Sequential convnet (layers.Input(shape=(28, 28, 1)), Conv2D relu, MaxPooling2D, Flatten, Dropout(0.5), Dense(num_classes) logits) trained by a plain PyTorch loop: optim.Adam(model.parameters(), lr=0.01), nn.CrossEntropyLoss, a DataLoader(shuffle=False) of a TensorDataset of torch.from_numpy arrays, model(inputs) called without a training argument (Keras 3: training=None, so Dropout is inactive), optimizer.zero_grad() / loss.backward() / optimizer.step(), loss.item(), len(train_loader); then the same Sequential built inside a torch nn.Module's __init__ (self.model) with forward(self, x) returning self.model(x), torch_module.parameters() reaching the Keras layers' weights, trained by the same loop
# reduced: keras.datasets.mnist.load_data() (a download) replaced by 128 training and 32 test seeded numpy uint8 images of 28x28 with int64 labels 0..9 (torch's CrossEntropyLoss takes int64 class indices); Conv2D(8) / Conv2D(16) instead of Conv2D(32) / Conv2D(64); num_epochs 2 instead of 1 (2 batches of 64 per epoch); `model.compile()` and `torch_module.model.compile()` added after each model is made (where the harness hands both runs Keras's starting weights) and `model.predict(x_test)` / `torch_module.model.predict(x_test)` after each training loop (where the harness records what the trained model computes)
# flake8: noqa
import os

# Set backend env to torch
os.environ["KERAS_BACKEND"] = "torch"

import torch
import torch.nn as nn
import torch.optim as optim
from keras import layers
import keras
import numpy as np

# Model / data parameters
num_classes = 10
input_shape = (28, 28, 1)
learning_rate = 0.01
batch_size = 64
num_epochs = 2

# Load the data and split it between train and test sets
# Made-up images instead of MNIST (a download).
rng = np.random.RandomState(0)
(x_train, y_train), (x_test, y_test) = (
    (rng.randint(0, 256, size=(128, 28, 28)).astype("uint8"), rng.randint(0, 10, size=(128,))),
    (rng.randint(0, 256, size=(32, 28, 28)).astype("uint8"), rng.randint(0, 10, size=(32,))),
)

# Scale images to the [0, 1] range
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
# Make sure images have shape (28, 28, 1)
x_train = np.expand_dims(x_train, -1)
x_test = np.expand_dims(x_test, -1)
print("x_train shape:", x_train.shape)
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")

# Create the Keras model
model = keras.Sequential(
    [
        layers.Input(shape=(28, 28, 1)),
        layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(16, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(num_classes),
    ]
)
model.compile()

#################################################################
######## Writing a torch training loop for a Keras model ########
#################################################################

# Instantiate the torch optimizer
optimizer = optim.Adam(model.parameters(), lr=learning_rate)

# Instantiate the torch loss function
loss_fn = nn.CrossEntropyLoss()


def train(model, train_loader, num_epochs, optimizer, loss_fn):
    for epoch in range(num_epochs):
        running_loss = 0.0
        for batch_idx, (inputs, targets) in enumerate(train_loader):
            # Forward pass
            outputs = model(inputs)
            loss = loss_fn(outputs, targets)

            # Backward and optimize
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

            running_loss += loss.item()

            # Print loss statistics
            if (batch_idx + 1) % 10 == 0:
                print(
                    f"Epoch [{epoch + 1}/{num_epochs}], "
                    f"Batch [{batch_idx + 1}/{len(train_loader)}], "
                    f"Loss: {running_loss / 10}"
                )
                running_loss = 0.0


# Create a TensorDataset
dataset = torch.utils.data.TensorDataset(
    torch.from_numpy(x_train), torch.from_numpy(y_train)
)

# Create a DataLoader
train_loader = torch.utils.data.DataLoader(
    dataset, batch_size=batch_size, shuffle=False
)

train(model, train_loader, num_epochs, optimizer, loss_fn)
model.predict(x_test)


################################################################
######## Using a Keras model or layer in a torch Module ########
################################################################


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = keras.Sequential(
            [
                layers.Input(shape=(28, 28, 1)),
                layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
                layers.MaxPooling2D(pool_size=(2, 2)),
                layers.Conv2D(16, kernel_size=(3, 3), activation="relu"),
                layers.MaxPooling2D(pool_size=(2, 2)),
                layers.Flatten(),
                layers.Dropout(0.5),
                layers.Dense(num_classes),
            ]
        )

    def forward(self, x):
        return self.model(x)


torch_module = MyModel()
torch_module.model.compile()

# Instantiate the torch optimizer
optimizer = optim.Adam(torch_module.parameters(), lr=learning_rate)

# Instantiate the torch loss function
loss_fn = nn.CrossEntropyLoss()

train(torch_module, train_loader, num_epochs, optimizer, loss_fn)
torch_module.model.predict(x_test)
