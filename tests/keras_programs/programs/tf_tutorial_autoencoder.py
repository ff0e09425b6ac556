# source: tensorflow/docs site/en/tutorials/generative/autoencoder.ipynb (the TensorFlow tutorial "Intro to Autoencoders": a dense autoencoder and a convolutional denoiser on Fashion MNIST, then an ECG anomaly detector, each a subclassed tf.keras Model holding two Sequential models; its tf.keras version before the Keras 3 fix; its code cells in order)
# commit: f1da8233eebb5c4e79ffef1b4509f70f408a7247
# keras: tf_keras
# exercises: `from tensorflow.keras import layers, losses`, `from tensorflow.keras.datasets import fashion_mnist`, `from tensorflow.keras.models import Model`; Model subclasses whose __init__ (super(Autoencoder, self).__init__() with no arguments) sets plain attributes, among them `self.shape = shape` (a tuple on an attribute that Keras models do not otherwise use) and `self.latent_dim`, and two tf.keras.Sequential attributes (Flatten + Dense(relu); Dense(units given as a backend tensor, the product of the image shape, sigmoid) + Reshape(shape)), called as encoder then decoder in call(x); compile(optimizer='adam', loss=losses.MeanSquaredError()) and fit(x, x, epochs=, shuffle=True, validation_data=); autoencoder.encoder(x).numpy() and autoencoder.decoder(...).numpy() called outside fit; a convolutional denoiser: encoder Sequential starting with layers.Input(shape=(28, 28, 1)), Conv2D(strides=2, padding='same'), decoder Sequential of Conv2DTranspose(kernel_size=3, strides=2, activation='relu', padding='same') x2 and Conv2D(sigmoid) built on first call; encoder.summary() and decoder.summary() of the sub-models; an AnomalyDetector of two Dense stacks compiled with loss='mae', fit(batch_size=512, validation_data=, shuffle=True), predict, tf.keras.losses.mae(reconstructions, data) as per-row reconstruction errors, a threshold from their mean + std, and a predict(model, data, threshold) helper calling the model directly and comparing with `less`
# reduced: fashion_mnist.load_data() (a download) replaced by a load_data() made here: 32 training and 16 test seeded random 28x28 uint8 "images" (numpy RandomState(0)), so each epoch is one batch of 32 and fit's shuffle=True cannot change the result; the ECG csv download (pd.read_csv) replaced by 48 made-up rows of 140 readings and a 0/1 label (numpy RandomState(1)), pandas (not installed) dropped; sklearn's train_test_split(test_size=0.2, random_state=21) replaced by a seeded permutation (38 training, 10 test rows), its accuracy_score / precision_score / recall_score by numpy counts; epochs 10 -> 2 and 20 -> 3; each subclassed model called once on one test row before compile (Keras builds it in fit; the harness meets the two runs' initial weights at the first compile, where its weights must exist); TensorFlow's own ops (statefulrnn stands in for tf.keras, not TensorFlow) replaced: tf.math.reduce_prod(shape) -> tf.keras.backend.prod(shape), tf.newaxis -> np.newaxis, tf.random.normal (random: it cannot match) -> numpy RandomState(2).normal, tf.clip_by_value -> np.clip, tf.reduce_min / tf.reduce_max -> np.min / np.max, tf.cast(x, tf.float32) -> x.astype('float32'), tf.math.less -> tf.keras.backend.less, tf.squeeze in plots dropped; every matplotlib figure left out
import numpy as np
import tensorflow as tf

from tensorflow.keras import layers, losses
from tensorflow.keras.models import Model


def load_data():
  # Made-up images instead of the Fashion MNIST download.
  rng = np.random.RandomState(0)
  x_train = rng.randint(0, 256, size=(32, 28, 28)).astype('uint8')
  x_test = rng.randint(0, 256, size=(16, 28, 28)).astype('uint8')
  return (x_train, rng.randint(0, 10, size=32)), (x_test, rng.randint(0, 10, size=16))


(x_train, _), (x_test, _) = load_data()

x_train = x_train.astype('float32') / 255.
x_test = x_test.astype('float32') / 255.

print (x_train.shape)
print (x_test.shape)

class Autoencoder(Model):
  def __init__(self, latent_dim, shape):
    super(Autoencoder, self).__init__()
    self.latent_dim = latent_dim
    self.shape = shape
    self.encoder = tf.keras.Sequential([
      layers.Flatten(),
      layers.Dense(latent_dim, activation='relu'),
    ])
    self.decoder = tf.keras.Sequential([
      layers.Dense(tf.keras.backend.prod(shape), activation='sigmoid'),
      layers.Reshape(shape)
    ])

  def call(self, x):
    encoded = self.encoder(x)
    decoded = self.decoder(encoded)
    return decoded


shape = x_test.shape[1:]
latent_dim = 64
autoencoder = Autoencoder(latent_dim, shape)

autoencoder(x_test[:1])  # added: built before compile, where both runs take Keras's weights
autoencoder.compile(optimizer='adam', loss=losses.MeanSquaredError())

autoencoder.fit(x_train, x_train,
                epochs=2,
                shuffle=True,
                validation_data=(x_test, x_test))

encoded_imgs = autoencoder.encoder(x_test).numpy()
decoded_imgs = autoencoder.decoder(encoded_imgs).numpy()
print(decoded_imgs[0, 0, :4])

(x_train, _), (x_test, _) = load_data()

x_train = x_train.astype('float32') / 255.
x_test = x_test.astype('float32') / 255.

x_train = x_train[..., np.newaxis]
x_test = x_test[..., np.newaxis]

print(x_train.shape)

noise_factor = 0.2
noise = np.random.RandomState(2)
x_train_noisy = x_train + noise_factor * noise.normal(size=x_train.shape).astype('float32')
x_test_noisy = x_test + noise_factor * noise.normal(size=x_test.shape).astype('float32')

x_train_noisy = np.clip(x_train_noisy, 0., 1.)
x_test_noisy = np.clip(x_test_noisy, 0., 1.)

class Denoise(Model):
  def __init__(self):
    super(Denoise, self).__init__()
    self.encoder = tf.keras.Sequential([
      layers.Input(shape=(28, 28, 1)),
      layers.Conv2D(16, (3, 3), activation='relu', padding='same', strides=2),
      layers.Conv2D(8, (3, 3), activation='relu', padding='same', strides=2)])

    self.decoder = tf.keras.Sequential([
      layers.Conv2DTranspose(8, kernel_size=3, strides=2, activation='relu', padding='same'),
      layers.Conv2DTranspose(16, kernel_size=3, strides=2, activation='relu', padding='same'),
      layers.Conv2D(1, kernel_size=(3, 3), activation='sigmoid', padding='same')])

  def call(self, x):
    encoded = self.encoder(x)
    decoded = self.decoder(encoded)
    return decoded

autoencoder = Denoise()

autoencoder(x_test_noisy[:1])  # added: built before compile, where both runs take Keras's weights
autoencoder.compile(optimizer='adam', loss=losses.MeanSquaredError())

autoencoder.fit(x_train_noisy, x_train,
                epochs=2,
                shuffle=True,
                validation_data=(x_test_noisy, x_test))

autoencoder.encoder.summary()

autoencoder.decoder.summary()

encoded_imgs = autoencoder.encoder(x_test_noisy).numpy()
decoded_imgs = autoencoder.decoder(encoded_imgs).numpy()
print(decoded_imgs[0, 0, :4, 0])

# Made-up ECG rows instead of the download: 140 readings, then the label.
ecg = np.random.RandomState(1)
ecg_labels = (ecg.uniform(size=48) < 0.6).astype('float64')
ecg_data = np.sin(np.linspace(0, 6, 140))[None, :] * (1 + ecg_labels[:, None]) + ecg.normal(0, 0.3, size=(48, 140))
raw_data = np.concatenate([ecg_data, ecg_labels[:, None]], axis=1)

# The last element contains the labels
labels = raw_data[:, -1]

# The other data points are the electrocadriogram data
data = raw_data[:, 0:-1]

order = np.random.RandomState(21).permutation(len(data))
train_data, test_data = data[order[:38]], data[order[38:]]
train_labels, test_labels = labels[order[:38]], labels[order[38:]]

min_val = np.min(train_data)
max_val = np.max(train_data)

train_data = (train_data - min_val) / (max_val - min_val)
test_data = (test_data - min_val) / (max_val - min_val)

train_data = train_data.astype('float32')
test_data = test_data.astype('float32')

train_labels = train_labels.astype(bool)
test_labels = test_labels.astype(bool)

normal_train_data = train_data[train_labels]
normal_test_data = test_data[test_labels]

anomalous_train_data = train_data[~train_labels]
anomalous_test_data = test_data[~test_labels]

class AnomalyDetector(Model):
  def __init__(self):
    super(AnomalyDetector, self).__init__()
    self.encoder = tf.keras.Sequential([
      layers.Dense(32, activation="relu"),
      layers.Dense(16, activation="relu"),
      layers.Dense(8, activation="relu")])
    
    self.decoder = tf.keras.Sequential([
      layers.Dense(16, activation="relu"),
      layers.Dense(32, activation="relu"),
      layers.Dense(140, activation="sigmoid")])
    
  def call(self, x):
    encoded = self.encoder(x)
    decoded = self.decoder(encoded)
    return decoded

autoencoder = AnomalyDetector()

autoencoder(test_data[:1])  # added: built before compile, where both runs take Keras's weights
autoencoder.compile(optimizer='adam', loss='mae')

history = autoencoder.fit(normal_train_data, normal_train_data, 
          epochs=3, 
          batch_size=512,
          validation_data=(test_data, test_data),
          shuffle=True)

encoded_data = autoencoder.encoder(normal_test_data).numpy()
decoded_data = autoencoder.decoder(encoded_data).numpy()

encoded_data = autoencoder.encoder(anomalous_test_data).numpy()
decoded_data = autoencoder.decoder(encoded_data).numpy()

reconstructions = autoencoder.predict(normal_train_data)
train_loss = tf.keras.losses.mae(reconstructions, normal_train_data)

threshold = np.mean(train_loss) + np.std(train_loss)
print("Threshold: ", threshold)

reconstructions = autoencoder.predict(anomalous_test_data)
test_loss = tf.keras.losses.mae(reconstructions, anomalous_test_data)

def predict(model, data, threshold):
  reconstructions = model(data)
  loss = tf.keras.losses.mae(reconstructions, data)
  return tf.keras.backend.less(loss, threshold)

def print_stats(predictions, labels):
  predictions = np.asarray(predictions)
  print("Accuracy = {}".format(np.mean(predictions == labels)))
  print("Precision = {}".format(np.sum(predictions & labels) / np.sum(predictions)))
  print("Recall = {}".format(np.sum(predictions & labels) / np.sum(labels)))

preds = predict(autoencoder, test_data, threshold)
print_stats(preds, test_labels)
