# source: tensorflow/docs site/en/tutorials/keras/classification.ipynb (the TensorFlow tutorial "Basic classification: Classify images of clothing" on Fashion MNIST, its code cells in order)
# commit: 5f8a83a6f288f9278b3137dee82893c423175fb4
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*, tf.__version__; tf.keras.Sequential([Flatten(input_shape=(28, 28)), Dense(128, activation='relu'), Dense(10)]); compile(optimizer='adam', loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy']); fit(train_images, train_labels, epochs=) with the default batch size; evaluate(verbose=2) unpacked into test_loss, test_acc; a probability model tf.keras.Sequential([model, tf.keras.layers.Softmax()]) wrapping the trained model, its predict on the test images and on one image batched with np.expand_dims; np.argmax of predictions
# reduced: tf.keras.datasets.fashion_mnist.load_data (a download) replaced by 32 training and 16 test seeded random 28x28 uint8 images with labels 0-9 (numpy RandomState(0)), so an epoch is one batch of 32 and fit's shuffling cannot change the result; Dense(128) -> Dense(16); epochs 10 -> 3; matplotlib (not installed in the test environments) not imported: the image and prediction plots and the plot_image / plot_value_array functions dropped; displayed expressions at a cell's end printed; the license cells dropped
# TensorFlow and tf.keras
import tensorflow as tf

# Helper libraries
import numpy as np

print(tf.__version__)


class _FashionMnist:
  # Stands in for tf.keras.datasets.fashion_mnist (a download).
  @staticmethod
  def load_data():
    rng = np.random.RandomState(0)
    return ((rng.randint(0, 256, size=(32, 28, 28)).astype('uint8'), rng.randint(0, 10, size=(32,)).astype('uint8')),
            (rng.randint(0, 256, size=(16, 28, 28)).astype('uint8'), rng.randint(0, 10, size=(16,)).astype('uint8')))


fashion_mnist = _FashionMnist

(train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()
class_names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
               'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']
print(train_images.shape)
print(len(train_labels))
print(train_labels)
print(test_images.shape)
print(len(test_labels))
train_images = train_images / 255.0

test_images = test_images / 255.0
model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(16, activation='relu'),
    tf.keras.layers.Dense(10)
])
model.compile(optimizer='adam',
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])
model.fit(train_images, train_labels, epochs=3)
test_loss, test_acc = model.evaluate(test_images,  test_labels, verbose=2)

print('\nTest accuracy:', test_acc)
probability_model = tf.keras.Sequential([model, 
                                         tf.keras.layers.Softmax()])
predictions = probability_model.predict(test_images)
print(predictions[0])
print(np.argmax(predictions[0]))
print(test_labels[0])
# Grab an image from the test dataset.
img = test_images[1]

print(img.shape)
# Add the image to a batch where it's the only member.
img = (np.expand_dims(img,0))

print(img.shape)
predictions_single = probability_model.predict(img)

print(predictions_single)
print(np.argmax(predictions_single[0]))
