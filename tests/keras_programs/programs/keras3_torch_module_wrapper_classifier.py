# source: keras-team/keras keras/src/utils/torch_utils.py (the docstring example of keras.layers.TorchModuleWrapper: a subclassed keras.Model made of wrapped torch.nn.Conv2d / nn.Linear and bare nn.MaxPool2d / nn.Flatten / nn.Dropout, trained with fit on a torch DataLoader)
# commit: 0a54048b9961097d2628727e564708f9f4264b39
# keras: keras
# backend: torch
# exercises: keras.layers.TorchModuleWrapper around torch.nn.Conv2d and torch.nn.Linear (their parameters tracked as Keras variables), bare torch.nn modules (MaxPool2d, Flatten, Dropout) set as attributes of a subclassed keras.Model, torch.nn.functional.relu / softmax in call(), model.build((1, 28, 28)), a direct model(torch tensor) call, compile with "sparse_categorical_crossentropy" / "adam" / ["accuracy"], fit on a torch.utils.data.DataLoader of a TensorDataset, evaluate and predict on the same loader / array
# reduced: 64 random 1x28x28 images (numpy's, seeded) with 10 integer classes in place of the docstring's unnamed train_loader (MNIST in channels-first form), given as a DataLoader with batch_size=16 and shuffle=False; 2 epochs instead of 5; nn.Dropout(p=0.0) instead of 0.5 (random masks cannot match); `.to("cuda")` dropped (CPU); an evaluate and a predict added so that more than the history is compared
import os

os.environ["KERAS_BACKEND"] = "torch"

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import keras
from keras.layers import TorchModuleWrapper


class Classifier(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Wrap `torch.nn.Module`s with `TorchModuleWrapper`
        # if they contain parameters
        self.conv1 = TorchModuleWrapper(
            nn.Conv2d(in_channels=1, out_channels=32, kernel_size=(3, 3))
        )
        self.conv2 = TorchModuleWrapper(
            nn.Conv2d(in_channels=32, out_channels=64, kernel_size=(3, 3))
        )
        self.pool = nn.MaxPool2d(kernel_size=(2, 2))
        self.flatten = nn.Flatten()
        self.dropout = nn.Dropout(p=0.0)
        self.fc = TorchModuleWrapper(nn.Linear(1600, 10))

    def call(self, inputs):
        x = F.relu(self.conv1(inputs))
        x = self.pool(x)
        x = F.relu(self.conv2(x))
        x = self.pool(x)
        x = self.flatten(x)
        x = self.dropout(x)
        x = self.fc(x)
        return F.softmax(x, dim=1)


rng = np.random.default_rng(0)
x_train = rng.random((64, 1, 28, 28)).astype("float32")
y_train = rng.integers(0, 10, size=(64,)).astype("int64")
train_loader = torch.utils.data.DataLoader(
    torch.utils.data.TensorDataset(torch.from_numpy(x_train), torch.from_numpy(y_train)),
    batch_size=16,
    shuffle=False,
)

model = Classifier()
model.build((1, 28, 28))
print("Output shape:", model(torch.ones(1, 1, 28, 28)).shape)

model.compile(
    loss="sparse_categorical_crossentropy",
    optimizer="adam",
    metrics=["accuracy"]
)
model.fit(train_loader, epochs=2)
print(model.evaluate(train_loader))
print(model.predict(x_train[:8]).shape)
