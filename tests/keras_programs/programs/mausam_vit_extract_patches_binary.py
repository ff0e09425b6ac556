# source: mausam1112/Get-Hands-Dirty Img-clf-with-ViT/nn/model.py (a Keras 3 Vision Transformer for cat/dog images: Patches layer on keras.ops.image.extract_patches, PatchEncoder with positional Embedding; nn/layers/patch.py, nn/layers/data.py, nn/blocks/__init__.py, train.py, main.py, config/setup.py)
# commit: 8b72409020afa600bb84d9d33418dc7877765796 (nn/layers/patch.py; model.py 0de3dc8f4bdab63265c69055edf505a3633a4319, train.py a7929783f97a773d32675f802ca81fdb97676b98)
# keras: keras
# exercises: a Layer whose call reads ops.shape(images) unpacked into four names (batch None in the functional graph), keras.ops.image.extract_patches(images, size=patch_size) then ops.reshape to (batch, n_patches, p*p*c); a PatchEncoder Layer holding a Dense projection and an Embedding made in __init__, adding self.positional_embedding(ops.expand_dims(ops.arange(start=0, stop=n, step=1), axis=0)); get_config on both; a Sequential preprocessing block (Normalization() never adapted, Resizing to the input size) used as a layer inside a functional model; LayerNormalization(epsilon=1e-6), MultiHeadAttention(num_heads, key_dim, dropout) on (x1, x1), Add, an mlp helper of Dense(activation="gelu") + Dropout, Flatten, a 1-logit head; AdamW(learning_rate, weight_decay), BinaryCrossentropy(from_logits=True), BinaryAccuracy; fit(validation_data=, callbacks=[ModelCheckpoint(save_best_only, save_weights_only, ".weights.h5"), EarlyStopping(patience=5)], epochs=2); evaluate
# reduced: the cat/dog image folders replaced by seeded numpy images 12x12x3 (64 train, 16 val, 16 test, labels 0/1) given as arrays with batch_size 16 and shuffle=False instead of tf.data datasets; IMAGE_SIZE 180 -> 12, patch_size 6 -> 4, transformer_layers 8 -> 2, mlp_head_units [2048, 1024] -> [32, 16]; every Dropout / MHA dropout 0.1 and 0.5 -> 0.0 and RandomFlip / RandomRotation / RandomZoom removed from the augmentation block (random draws cannot match between frameworks); checkpoint written to a temporary folder; config module inlined
import os
import tempfile
from typing import List

import numpy as np
import keras
from keras import layers, ops

# ---- config/setup.py
IMAGE_SIZE = (12, 12)
CHANNEL = 3
learning_rate = 0.001
weight_decay = 0.0001
patch_size = 4
num_patches = (IMAGE_SIZE[0] // patch_size) ** 2
projection_dim = 16
num_heads = 4
transformer_units = [projection_dim * 2, projection_dim]
transformer_layers = 2
mlp_head_units = [32, 16]
MODEL_PATH = tempfile.mkdtemp()
PREFIX = "vit"


# ---- nn/layers/patch.py
class Patches(layers.Layer):
    def __init__(self, patch_size):
        super().__init__()
        self.patch_size = patch_size

    def call(self, images):
        input_shape = ops.shape(images)
        batch_size, height, width, channels = input_shape

        n_patch_h = height // self.patch_size
        n_patch_w = width // self.patch_size

        patches = ops.image.extract_patches(images, size=self.patch_size)
        patches = ops.reshape(
            patches,
            (
                batch_size,
                n_patch_h * n_patch_w,
                self.patch_size * self.patch_size * channels,
            ),
        )
        return patches

    def get_config(self):
        config = super().get_config()
        config.update({"patch_size": self.patch_size})
        return config


class PatchEncoder(layers.Layer):
    def __init__(self, num_patches, projection_dim):
        super().__init__()
        self.num_patches = num_patches
        self.projection = layers.Dense(units=projection_dim)
        self.positional_embedding = layers.Embedding(
            input_dim=num_patches, output_dim=projection_dim
        )

    def call(self, patch):
        positions = ops.expand_dims(
            ops.arange(start=0, stop=self.num_patches, step=1), axis=0
        )
        projected_patches = self.projection(patch)
        encoded = projected_patches + self.positional_embedding(positions)

        return encoded

    def get_config(self):
        config = super().get_config()
        config.update({"num_patches": self.num_patches})
        return config


# ---- nn/layers/data.py
def augment():
    return keras.Sequential(
        [
            layers.Normalization(),
            layers.Resizing(IMAGE_SIZE[0], IMAGE_SIZE[1]),
        ],
        name="data-augmentation",
    )


# ---- nn/blocks/__init__.py
def mlp(x, hidden_units: List[int], dropout_rate):
    for units in hidden_units:
        x = layers.Dense(units, activation="gelu")(x)
        x = layers.Dropout(dropout_rate)(x)
    return x


# ---- nn/model.py
def vit_classifier(num_class: int):
    data_augemntation: keras.Sequential = augment()
    inputs = keras.Input(shape=(*IMAGE_SIZE, CHANNEL))
    augmented = data_augemntation(inputs)

    patches = Patches(patch_size)(augmented)
    encoded_patches = PatchEncoder(num_patches, projection_dim)(patches)

    for _ in range(transformer_layers):
        x1 = layers.LayerNormalization(epsilon=1e-6)(encoded_patches)
        attn_output = layers.MultiHeadAttention(
            num_heads=num_heads, key_dim=projection_dim, dropout=0.0
        )(x1, x1)
        x2 = layers.Add()([attn_output, encoded_patches])
        x3 = layers.LayerNormalization(epsilon=1e-6)(x2)
        x3 = mlp(x3, transformer_units, dropout_rate=0.0)
        encoded_patches = layers.Add()([x3, x2])

    representation = layers.LayerNormalization(epsilon=1e-6)(encoded_patches)
    representation = layers.Flatten()(representation)
    representation = layers.Dropout(0.0)(representation)

    features = mlp(representation, mlp_head_units, 0.0)

    logits = layers.Dense(num_class)(features)

    return keras.Model(inputs=inputs, outputs=logits)


# ---- train.py
def get_callbacks(suffix):
    callbacks = []
    checkpoint_dir = os.path.join(MODEL_PATH, f"{PREFIX}_{suffix}")
    os.makedirs(checkpoint_dir, exist_ok=True)
    checkpoint_filepath = os.path.join(checkpoint_dir, "checkpoint.weights.h5")
    checkpoint_callback = keras.callbacks.ModelCheckpoint(
        checkpoint_filepath,
        monitor="val_loss",
        save_best_only=True,
        save_weights_only=True,
    )
    callbacks.append(checkpoint_callback)
    callbacks.append(keras.callbacks.EarlyStopping(monitor="val_loss", patience=5))
    return callbacks


def run_experiment(model_nn, train_ds, val_ds, test_ds, suffix):
    optimizer = keras.optimizers.AdamW(
        learning_rate=learning_rate, weight_decay=weight_decay
    )
    model_nn.compile(
        optimizer=optimizer,
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[keras.metrics.BinaryAccuracy()],
    )
    callbacks = get_callbacks(suffix)
    history = model_nn.fit(
        train_ds[0], train_ds[1], validation_data=val_ds, callbacks=callbacks,
        epochs=2, batch_size=16, shuffle=False,
    )
    _, accuracy = model_nn.evaluate(test_ds[0], test_ds[1], batch_size=16)
    print(f"Test accuracy: {round(accuracy * 100, 2)}%")
    return history


rng = np.random.default_rng(0)
def make(n):
    x = rng.uniform(0, 255, size=(n, *IMAGE_SIZE, CHANNEL)).astype("float32")
    y = (x[:, :6, :, 0].mean(axis=(1, 2)) > x[:, 6:, :, 0].mean(axis=(1, 2))).astype("float32")[:, None]
    return x, y

train_ds, val_ds, test_ds = make(64), make(16), make(16)
lyr_patch = Patches(patch_size)(train_ds[0][:4])
print(lyr_patch.shape)
img_clf = vit_classifier(num_class=1)
img_clf.summary()
run_experiment(img_clf, train_ds, val_ds, test_ds, "demo")
print(img_clf.predict(test_ds[0][:4], verbose=0))
