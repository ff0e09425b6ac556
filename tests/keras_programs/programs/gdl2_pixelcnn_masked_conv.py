# source: davidADSP/Generative_Deep_Learning_2nd_Edition notebooks/05_autoregressive/02_pixelcnn/pixelcnn.ipynb (D. Foster, "Generative Deep Learning", 2nd edition, O'Reilly 2023, chapter 5 "Autoregressive Models": a PixelCNN on 4-level Fashion-MNIST images built from a MaskedConv2D layer that masks its wrapped Conv2D's kernel at each call and residual blocks, with a callback generating images pixel by pixel at each epoch's end; its code cells in order)
# commit: 3d281720dcb220cbed2bb353d948b56ed272e11c
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow.keras import datasets, layers, models, optimizers, callbacks`; a layers.Layer subclass (MaskedConv2D) that calls super().__init__() without kwargs, holds a layers.Conv2D(**kwargs), builds it in its own build (self.conv.build(input_shape)), reads self.conv.kernel.get_shape() to make a numpy mask, and in call assigns the masked kernel to the wrapped layer's variable (self.conv.kernel.assign(self.conv.kernel * self.mask)) before calling it; a second Layer subclass (ResidualBlock) holding Conv2D 1x1 relu, a type-B MaskedConv2D and Conv2D, joined by the functional layers.add([inputs, x]) inside call; get_config overrides; layers.Input(shape=(H, W, 1)) -> type-A 7x7 MaskedConv2D -> residual blocks in a loop -> two 1x1 MaskedConv2D(strides=1, padding="valid") -> Conv2D(softmax over pixel levels) as models.Model; summary(); optimizers.Adam(learning_rate=0.0005); compile(loss="sparse_categorical_crossentropy") with (N, H, W, 1) integer targets against (N, H, W, 4) softmax outputs; callbacks.TensorBoard constructed; a callbacks.Callback subclass without super().__init__() whose generate() reads pixel_cnn.input_shape and calls self.model.predict(verbose=0) once per pixel on a growing batch of images, sampling with np.random.choice after a temperature power; fit(batch_size, epochs, callbacks); generate called after training
# reduced: datasets.fashion_mnist.load_data() (a download) replaced by 32 made-up 6x6 uint8 images (numpy RandomState(0): a bright blob on a dark background, noise) returned in load_data's ((x, y), (x, y)) layout; preprocess's tf.image.resize -> _resize (tf.image.resize on TensorFlow; on statefulrnn, which stands in for tf.keras and not TensorFlow's tf.image, the float32 identity: the made-up images are already IMAGE_SIZE, where a bilinear resize to the same size changes nothing); `%load_ext autoreload` and the notebooks.utils display import and its calls dropped (no plots); IMAGE_SIZE 16 -> 6, N_FILTERS 128 -> 8, RESIDUAL_BLOCKS 5 -> 2, BATCH_SIZE 128 -> 16, EPOCHS 150 -> 2, ImageGenerator num_img 10 -> 2; fit's default shuffle=True -> shuffle=False; the TensorBoard callback constructed but left out of fit's callbacks (tensorboard is not installed in the Keras venv); np.random.seed(0) before fit and before the last generate (np.random.choice draws from numpy's global generator, which TensorFlow's run also advances in its own code); on_epoch_end's display(save_to=...) replaced by a print of the generated images' sum
import numpy as np

import tensorflow as tf
from tensorflow.keras import datasets, layers, models, optimizers, callbacks


def _made_up_fashion_mnist(n=32, size=6):
    rng = np.random.RandomState(0)
    imgs = np.zeros((n, size, size), dtype="float64")
    for i in range(n):
        cy, cx = rng.randint(1, size - 1, size=2)
        yy, xx = np.mgrid[:size, :size]
        imgs[i] = 255 * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / 3.0) + 30 * rng.rand(size, size)
    imgs = np.clip(imgs, 0, 255).astype("uint8")
    labels = rng.randint(0, 10, size=n).astype("uint8")
    return (imgs, labels), (imgs[:4], labels[:4])


_resize = tf.image.resize if tf.__name__ == "tensorflow" else (lambda imgs, size: np.asarray(imgs, dtype="float32"))

IMAGE_SIZE = 6
PIXEL_LEVELS = 4
N_FILTERS = 8
RESIDUAL_BLOCKS = 2
BATCH_SIZE = 16
EPOCHS = 2

# Load the data
(x_train, _), (_, _) = _made_up_fashion_mnist()

# Preprocess the data
def preprocess(imgs_int):
    imgs_int = np.expand_dims(imgs_int, -1)
    imgs_int = np.asarray(_resize(imgs_int, (IMAGE_SIZE, IMAGE_SIZE)))
    imgs_int = (imgs_int / (256 / PIXEL_LEVELS)).astype(int)
    imgs = imgs_int.astype("float32")
    imgs = imgs / PIXEL_LEVELS
    return imgs, imgs_int


input_data, output_data = preprocess(x_train)
print(input_data.shape, output_data.shape, np.bincount(output_data.ravel()))

# The first layer is the PixelCNN layer. This layer simply
# builds on the 2D convolutional layer, but includes masking.
class MaskedConv2D(layers.Layer):
    def __init__(self, mask_type, **kwargs):
        super(MaskedConv2D, self).__init__()
        self.mask_type = mask_type
        self.conv = layers.Conv2D(**kwargs)

    def build(self, input_shape):
        # Build the conv2d layer to initialize kernel variables
        self.conv.build(input_shape)
        # Use the initialized kernel to create the mask
        kernel_shape = self.conv.kernel.get_shape()
        self.mask = np.zeros(shape=kernel_shape)
        self.mask[: kernel_shape[0] // 2, ...] = 1.0
        self.mask[kernel_shape[0] // 2, : kernel_shape[1] // 2, ...] = 1.0
        if self.mask_type == "B":
            self.mask[kernel_shape[0] // 2, kernel_shape[1] // 2, ...] = 1.0

    def call(self, inputs):
        self.conv.kernel.assign(self.conv.kernel * self.mask)
        return self.conv(inputs)

    def get_config(self):
        cfg = super().get_config()
        return cfg

class ResidualBlock(layers.Layer):
    def __init__(self, filters, **kwargs):
        super(ResidualBlock, self).__init__(**kwargs)
        self.conv1 = layers.Conv2D(
            filters=filters // 2, kernel_size=1, activation="relu"
        )
        self.pixel_conv = MaskedConv2D(
            mask_type="B",
            filters=filters // 2,
            kernel_size=3,
            activation="relu",
            padding="same",
        )
        self.conv2 = layers.Conv2D(
            filters=filters, kernel_size=1, activation="relu"
        )

    def call(self, inputs):
        x = self.conv1(inputs)
        x = self.pixel_conv(x)
        x = self.conv2(x)
        return layers.add([inputs, x])

    def get_config(self):
        cfg = super().get_config()
        return cfg

inputs = layers.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, 1))
x = MaskedConv2D(
    mask_type="A",
    filters=N_FILTERS,
    kernel_size=7,
    activation="relu",
    padding="same",
)(inputs)

for _ in range(RESIDUAL_BLOCKS):
    x = ResidualBlock(filters=N_FILTERS)(x)

for _ in range(2):
    x = MaskedConv2D(
        mask_type="B",
        filters=N_FILTERS,
        kernel_size=1,
        strides=1,
        activation="relu",
        padding="valid",
    )(x)

out = layers.Conv2D(
    filters=PIXEL_LEVELS,
    kernel_size=1,
    strides=1,
    activation="softmax",
    padding="valid",
)(x)

pixel_cnn = models.Model(inputs, out)
pixel_cnn.summary()

adam = optimizers.Adam(learning_rate=0.0005)
pixel_cnn.compile(optimizer=adam, loss="sparse_categorical_crossentropy")

tensorboard_callback = callbacks.TensorBoard(log_dir="./logs")


class ImageGenerator(callbacks.Callback):
    def __init__(self, num_img):
        self.num_img = num_img

    def sample_from(self, probs, temperature):  # <2>
        probs = probs ** (1 / temperature)
        probs = probs / np.sum(probs)
        return np.random.choice(len(probs), p=probs)

    def generate(self, temperature):
        generated_images = np.zeros(
            shape=(self.num_img,) + (pixel_cnn.input_shape)[1:]
        )
        batch, rows, cols, channels = generated_images.shape

        for row in range(rows):
            for col in range(cols):
                for channel in range(channels):
                    probs = self.model.predict(generated_images, verbose=0)[
                        :, row, col, :
                    ]
                    generated_images[:, row, col, channel] = [
                        self.sample_from(x, temperature) for x in probs
                    ]
                    generated_images[:, row, col, channel] /= PIXEL_LEVELS

        return generated_images

    def on_epoch_end(self, epoch, logs=None):
        generated_images = self.generate(temperature=1.0)
        print("generated", epoch, generated_images.sum())


img_generator_callback = ImageGenerator(num_img=2)

np.random.seed(0)
pixel_cnn.fit(
    input_data,
    output_data,
    batch_size=BATCH_SIZE,
    epochs=EPOCHS,
    shuffle=False,
    callbacks=[img_generator_callback],
)

np.random.seed(0)
generated_images = img_generator_callback.generate(temperature=1.0)
print(generated_images[:, :, :, 0] * PIXEL_LEVELS)
