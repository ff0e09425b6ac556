# source: keras-team/keras-io guides/distributed_training_with_torch.py ("Multi-GPU distributed training with PyTorch", fchollet)
# commit: 2faba87a9d8e30103405c2788bd32e8e84e5eff7
# keras: keras
# backend: torch
# exercises: a functional Keras convnet (Rescaling(1.0 / 255.0), Conv2D(padding="same", use_bias=False), BatchNormalization(scale=False, center=True), ReLU(), Conv2D(kernel_size=6, strides=2), a Conv2D named "large_k", GlobalAveragePooling2D, Dense relu, Dropout(0.5), Dense(10) logits) trained by a plain PyTorch loop, written for Keras's torch backend: torch.utils.data.TensorDataset of torch.from_numpy arrays, a DistributedSampler(num_replicas=, rank=, shuffle=False) and DataLoader(sampler=, batch_size=, shuffle=False), torch.optim.Adam(model.parameters(), lr=1e-3), torch.nn.CrossEntropyLoss on the model's logits, model.to(device), the model wrapped in torch.nn.parallel.DistributedDataParallel under torch.distributed.init_process_group, optimizer.zero_grad() / loss.backward() / optimizer.step(), loss.item(); the model is called without a training argument (Keras 3: training=None, so BatchNormalization normalises with its moving statistics and Dropout is inactive)
# reduced: one process on the CPU instead of one per GPU: num_gpu = 1 instead of torch.cuda.device_count(), torch.distributed.init_process_group(backend="gloo") instead of "nccl", the device torch.device("cpu") with no torch.cuda.set_device, `.cuda(non_blocking=True)` on the batches left out, DistributedDataParallel(model) without device_ids / output_device, and per_device_launch_fn(0, num_gpu) called directly instead of through torch.multiprocessing.start_processes(start_method="fork") (a forked child's results would not reach the harness); keras.datasets.mnist.load_data() (a download) replaced by 128 training and 32 test seeded numpy uint8 images of 28x28 with int64 labels 0..9 (torch's CrossEntropyLoss takes int64 class indices); Conv2D filters 4 / 8 / 8 instead of 12 / 24 / 32 and Dense(16) instead of Dense(256); `model.compile()` added after get_model() (where the harness hands both runs Keras's starting weights) and `model.predict(x_test)` after the training loop (where the harness records what the trained model computes)
import os

os.environ["KERAS_BACKEND"] = "torch"

import torch
import numpy as np
import keras


def get_model():
    # Make a simple convnet with batch normalization and dropout.
    inputs = keras.Input(shape=(28, 28, 1))
    x = keras.layers.Rescaling(1.0 / 255.0)(inputs)
    x = keras.layers.Conv2D(filters=4, kernel_size=3, padding="same", use_bias=False)(
        x
    )
    x = keras.layers.BatchNormalization(scale=False, center=True)(x)
    x = keras.layers.ReLU()(x)
    x = keras.layers.Conv2D(
        filters=8,
        kernel_size=6,
        use_bias=False,
        strides=2,
    )(x)
    x = keras.layers.BatchNormalization(scale=False, center=True)(x)
    x = keras.layers.ReLU()(x)
    x = keras.layers.Conv2D(
        filters=8,
        kernel_size=6,
        padding="same",
        strides=2,
        name="large_k",
    )(x)
    x = keras.layers.BatchNormalization(scale=False, center=True)(x)
    x = keras.layers.ReLU()(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dense(16, activation="relu")(x)
    x = keras.layers.Dropout(0.5)(x)
    outputs = keras.layers.Dense(10)(x)
    model = keras.Model(inputs, outputs)
    return model


# Made-up images instead of MNIST (a download).
rng = np.random.RandomState(0)
mnist_train = (rng.randint(0, 256, size=(128, 28, 28)).astype("uint8"), rng.randint(0, 10, size=(128,)))
mnist_test = (rng.randint(0, 256, size=(32, 28, 28)).astype("uint8"), rng.randint(0, 10, size=(32,)))


def get_dataset():
    # Load the data and split it between train and test sets
    (x_train, y_train), (x_test, y_test) = mnist_train, mnist_test

    # Scale images to the [0, 1] range
    x_train = x_train.astype("float32")
    x_test = x_test.astype("float32")
    # Make sure images have shape (28, 28, 1)
    x_train = np.expand_dims(x_train, -1)
    x_test = np.expand_dims(x_test, -1)
    print("x_train shape:", x_train.shape)

    # Create a TensorDataset
    dataset = torch.utils.data.TensorDataset(
        torch.from_numpy(x_train), torch.from_numpy(y_train)
    )
    return dataset


def train_model(model, dataloader, num_epochs, optimizer, loss_fn):
    for epoch in range(num_epochs):
        running_loss = 0.0
        running_loss_count = 0
        for batch_idx, (inputs, targets) in enumerate(dataloader):
            # Forward pass
            outputs = model(inputs)
            loss = loss_fn(outputs, targets)

            # Backward and optimize
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

            running_loss += loss.item()
            running_loss_count += 1

        # Print loss statistics
        print(
            f"Epoch {epoch + 1}/{num_epochs}, "
            f"Loss: {running_loss / running_loss_count}"
        )


# Config
num_gpu = 1
num_epochs = 2
batch_size = 64
print(f"Running on {num_gpu} GPUs")


def setup_device(current_gpu_index, num_gpus):
    # Device setup
    os.environ["MASTER_ADDR"] = "localhost"
    os.environ["MASTER_PORT"] = "56492"
    device = torch.device("cpu")
    torch.distributed.init_process_group(
        backend="gloo",
        init_method="env://",
        world_size=num_gpus,
        rank=current_gpu_index,
    )


def cleanup():
    torch.distributed.destroy_process_group()


def prepare_dataloader(dataset, current_gpu_index, num_gpus, batch_size):
    sampler = torch.utils.data.distributed.DistributedSampler(
        dataset,
        num_replicas=num_gpus,
        rank=current_gpu_index,
        shuffle=False,
    )
    dataloader = torch.utils.data.DataLoader(
        dataset,
        sampler=sampler,
        batch_size=batch_size,
        shuffle=False,
    )
    return dataloader


def per_device_launch_fn(current_gpu_index, num_gpu):
    # Setup the process groups
    setup_device(current_gpu_index, num_gpu)

    dataset = get_dataset()
    model = get_model()
    model.compile()

    # prepare the dataloader
    dataloader = prepare_dataloader(dataset, current_gpu_index, num_gpu, batch_size)

    # Instantiate the torch optimizer
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    # Instantiate the torch loss function
    loss_fn = torch.nn.CrossEntropyLoss()

    # Put model on device
    model = model.to(torch.device("cpu"))
    ddp_model = torch.nn.parallel.DistributedDataParallel(model)

    train_model(ddp_model, dataloader, num_epochs, optimizer, loss_fn)

    x_test = np.expand_dims(mnist_test[0].astype("float32"), -1)
    model.predict(x_test)

    cleanup()


if __name__ == "__main__":
    per_device_launch_fn(0, num_gpu)
