# source: keras-team/keras-io examples/structured_data/imbalanced_classification.py ("Imbalanced classification: credit card fraud detection", fchollet; the Keras 3 version: `import keras`, "fraud_model_at_epoch_{epoch}.keras")
# commit: 0e2570ad95239574579c493d03eac955af344c24
# keras: keras
# exercises: keras.Sequential of keras.Input(shape=train_features.shape[1:]), Dense(256, relu) x3, Dropout, Dense(1, sigmoid); summary; compile with keras.optimizers.Adam(1e-2), "binary_crossentropy" and keras.metrics.FalseNegatives / FalsePositives / TrueNegatives / TruePositives / Precision / Recall, each with name=; fit with batch_size=2048, verbose=2, a keras.callbacks.ModelCheckpoint("fraud_model_at_epoch_{epoch}.keras") saving the whole model each epoch, validation_data, and class_weight={0: 1/count0, 1: 1/count1} (weights of order 1e-3 and 1e-1)
# reduced: the Kaggle credit-card CSV (read with the csv module from a local download) is replaced by 1500 made-up rows of 30 features (numpy RandomState, the last column 1 for about 3% of rows, those rows shifted on a few features), kept as the same arrays (features float32, targets uint8 of shape (n, 1)); Dropout rates 0 instead of 0.3 (random masks cannot match); epochs 3 instead of 30; fit with shuffle=False
import numpy as np

rng = np.random.RandomState(11)
n = 1500
fraud = rng.uniform(size=n) < 0.03
raw = rng.normal(size=(n, 30))
raw[:, 0] = np.arange(n) * 100.0  # "Time"
raw[:, 29] = np.abs(rng.normal(80, 200, size=n))  # "Amount"
raw[fraud, 1:8] += 2.5

all_features = raw.tolist()
all_targets = [[int(v)] for v in fraud]
print("EXAMPLE FEATURES:", all_features[0])

features = np.array(all_features, dtype="float32")
targets = np.array(all_targets, dtype="uint8")
print("features.shape:", features.shape)
print("targets.shape:", targets.shape)

"""
## Prepare a validation set
"""

num_val_samples = int(len(features) * 0.2)
train_features = features[:-num_val_samples]
train_targets = targets[:-num_val_samples]
val_features = features[-num_val_samples:]
val_targets = targets[-num_val_samples:]

print("Number of training samples:", len(train_features))
print("Number of validation samples:", len(val_features))

"""
## Analyze class imbalance in the targets
"""

counts = np.bincount(train_targets[:, 0])
print(
    "Number of positive samples in training data: {} ({:.2f}% of total)".format(
        counts[1], 100 * float(counts[1]) / len(train_targets)
    )
)

weight_for_0 = 1.0 / counts[0]
weight_for_1 = 1.0 / counts[1]

"""
## Normalize the data using training set statistics
"""

mean = np.mean(train_features, axis=0)
train_features -= mean
val_features -= mean
std = np.std(train_features, axis=0)
train_features /= std
val_features /= std

"""
## Build a binary classification model
"""

import keras

model = keras.Sequential(
    [
        keras.Input(shape=train_features.shape[1:]),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.0),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.0),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.summary()

"""
## Train the model with `class_weight` argument
"""

metrics = [
    keras.metrics.FalseNegatives(name="fn"),
    keras.metrics.FalsePositives(name="fp"),
    keras.metrics.TrueNegatives(name="tn"),
    keras.metrics.TruePositives(name="tp"),
    keras.metrics.Precision(name="precision"),
    keras.metrics.Recall(name="recall"),
]

model.compile(
    optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=metrics
)

callbacks = [keras.callbacks.ModelCheckpoint("fraud_model_at_epoch_{epoch}.keras")]
class_weight = {0: weight_for_0, 1: weight_for_1}

model.fit(
    train_features,
    train_targets,
    batch_size=2048,
    epochs=3,
    verbose=2,
    callbacks=callbacks,
    validation_data=(val_features, val_targets),
    class_weight=class_weight,
    shuffle=False,
)
