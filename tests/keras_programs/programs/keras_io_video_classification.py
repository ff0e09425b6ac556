# source: keras-team/keras-io examples/vision/video_classification.py (the Keras 3 version: `import keras`, keras.ops.convert_to_numpy, "ckpt.weights.h5")
# commit: 02aec1b7799f40c3158f8c8214178eab67e0368a
# keras: keras
# exercises: keras.layers.StringLookup(num_oov_indices=0, vocabulary=...) encoding the labels, the sequence model: keras.Input((MAX_SEQ_LENGTH, NUM_FEATURES)) and a bool keras.Input((MAX_SEQ_LENGTH,), dtype="bool") passed as GRU(16, return_sequences=True)(frame_features_input, mask=mask_input), the mask carried on to GRU(8), Dropout, Dense relu and Dense softmax in a two-input keras.Model, compile with sparse_categorical_crossentropy, "adam" and accuracy, fit on [features, masks] with validation_split=0.3 and ModelCheckpoint(save_weights_only=True, save_best_only=True, verbose=1), load_weights of the best .weights.h5, evaluate, predict of one video and the class probabilities sorted by np.argsort
# reduced: the UCF101 top-5 videos (train.csv / test.csv read by pandas, mp4 files decoded by OpenCV) replaced by made-up videos: train_df and test_df are dicts of numpy arrays (pandas is not installed in the Keras venv) with 20 and 8 videos over the same 5 tags, each video a made-up array of 3 to 8 frames of 4x4x3 pixels (load_video makes them from a seeded generator instead of cv2.VideoCapture; crop_center_square dropped with it); the InceptionV3 feature extractor (ImageNet weights, a download) replaced by a fixed numpy function (a made-up 48 x NUM_FEATURES projection of the flattened frame and tanh) called per frame as the source calls feature_extractor.predict; IMG_SIZE 224 -> 4, NUM_FEATURES 2048 -> 12, MAX_SEQ_LENGTH 20 -> 6 (videos longer than 6 frames are cut and shorter ones masked, as in the source), EPOCHS 10 -> 3 (14 training videos after validation_split, one batch of the default 32 per epoch, so fit's shuffling cannot change the result); Dropout(0.4) -> Dropout(0.0) (random masks cannot match); the checkpoint path, which the source puts under the system's temporary folder, -> "video_classifier/ckpt.weights.h5" (in the harness's scratch folder, so parallel runs do not share it); train_df.sample(10), matplotlib, imageio and IPython (to_gif) dropped
import os

import keras

import numpy as np

"""
## Define hyperparameters
"""

IMG_SIZE = 4
BATCH_SIZE = 64
EPOCHS = 3

MAX_SEQ_LENGTH = 6
NUM_FEATURES = 12

"""
## Data preparation
"""

TAGS = np.array(["CricketShot", "PlayingCello", "Punch", "ShavingBeard", "TennisSwing"])


def made_up_df(num_videos, root_dir):
    tags = TAGS[np.random.randint(0, len(TAGS), size=num_videos)]
    names = np.array([f"v_{tag}_g{i:02d}.avi" for i, tag in enumerate(tags)])
    return {"video_name": names, "tag": tags, "root": root_dir}


train_df = made_up_df(20, "train")
test_df = made_up_df(8, "test")

print(f"Total videos for training: {len(train_df['tag'])}")
print(f"Total videos for testing: {len(test_df['tag'])}")


def load_video(path, max_frames=0, resize=(IMG_SIZE, IMG_SIZE)):
    # A made-up video: its frame count and pixels follow from its name.
    seed = sum(ord(c) * (i + 1) for i, c in enumerate(path))
    generator = np.random.RandomState(seed)
    num_frames = generator.randint(3, 9)
    frames = []
    for _ in range(num_frames):
        frame = generator.randint(0, 256, size=(*resize, 3)).astype("uint8")
        frames.append(frame)
        if len(frames) == max_frames:
            break
    return np.array(frames)


PROJECTION = np.random.normal(size=(IMG_SIZE * IMG_SIZE * 3, NUM_FEATURES)) / 40.0


class MadeUpFeatureExtractor:
    def predict(self, frames):
        flat = frames.reshape(len(frames), -1).astype("float32") / 255.0 - 0.5
        return np.tanh(flat @ PROJECTION * 8.0).astype("float32")


feature_extractor = MadeUpFeatureExtractor()

label_processor = keras.layers.StringLookup(
    num_oov_indices=0, vocabulary=np.unique(train_df["tag"])
)
print(label_processor.get_vocabulary())


def prepare_all_videos(df, root_dir):
    num_samples = len(df["tag"])
    video_paths = df["video_name"].tolist()
    labels = df["tag"]
    labels = keras.ops.convert_to_numpy(label_processor(labels[..., None]))

    # `frame_masks` and `frame_features` are what we will feed to our sequence model.
    # `frame_masks` will contain a bunch of booleans denoting if a timestep is
    # masked with padding or not.
    frame_masks = np.zeros(shape=(num_samples, MAX_SEQ_LENGTH), dtype="bool")
    frame_features = np.zeros(
        shape=(num_samples, MAX_SEQ_LENGTH, NUM_FEATURES), dtype="float32"
    )

    # For each video.
    for idx, path in enumerate(video_paths):
        # Gather all its frames and add a batch dimension.
        frames = load_video(os.path.join(root_dir, path))
        frames = frames[None, ...]

        # Initialize placeholders to store the masks and features of the current video.
        temp_frame_mask = np.zeros(
            shape=(
                1,
                MAX_SEQ_LENGTH,
            ),
            dtype="bool",
        )
        temp_frame_features = np.zeros(
            shape=(1, MAX_SEQ_LENGTH, NUM_FEATURES), dtype="float32"
        )

        # Extract features from the frames of the current video.
        for i, batch in enumerate(frames):
            video_length = batch.shape[0]
            length = min(MAX_SEQ_LENGTH, video_length)
            for j in range(length):
                temp_frame_features[i, j, :] = feature_extractor.predict(
                    batch[None, j, :]
                )
            temp_frame_mask[i, :length] = 1  # 1 = not masked, 0 = masked

        frame_features[idx,] = temp_frame_features.squeeze()
        frame_masks[idx,] = temp_frame_mask.squeeze()

    return (frame_features, frame_masks), labels


train_data, train_labels = prepare_all_videos(train_df, "train")
test_data, test_labels = prepare_all_videos(test_df, "test")

print(f"Frame features in train set: {train_data[0].shape}")
print(f"Frame masks in train set: {train_data[1].shape}")

"""
## The sequence model
"""


# Utility for our sequence model.
def get_sequence_model():
    class_vocab = label_processor.get_vocabulary()

    frame_features_input = keras.Input((MAX_SEQ_LENGTH, NUM_FEATURES))
    mask_input = keras.Input((MAX_SEQ_LENGTH,), dtype="bool")

    # Refer to the following tutorial to understand the significance of using `mask`:
    # https://keras.io/api/layers/recurrent_layers/gru/
    x = keras.layers.GRU(16, return_sequences=True)(
        frame_features_input, mask=mask_input
    )
    x = keras.layers.GRU(8)(x)
    x = keras.layers.Dropout(0.0)(x)
    x = keras.layers.Dense(8, activation="relu")(x)
    output = keras.layers.Dense(len(class_vocab), activation="softmax")(x)

    rnn_model = keras.Model([frame_features_input, mask_input], output)

    rnn_model.compile(
        loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"]
    )
    return rnn_model


# Utility for running experiments.
def run_experiment():
    filepath = "video_classifier/ckpt.weights.h5"
    checkpoint = keras.callbacks.ModelCheckpoint(
        filepath, save_weights_only=True, save_best_only=True, verbose=1
    )

    seq_model = get_sequence_model()
    history = seq_model.fit(
        [train_data[0], train_data[1]],
        train_labels,
        validation_split=0.3,
        epochs=EPOCHS,
        callbacks=[checkpoint],
    )

    seq_model.load_weights(filepath)
    _, accuracy = seq_model.evaluate([test_data[0], test_data[1]], test_labels)
    print(f"Test accuracy: {round(accuracy * 100, 2)}%")

    return history, seq_model


_, sequence_model = run_experiment()

"""
## Inference
"""


def prepare_single_video(frames):
    frames = frames[None, ...]
    frame_mask = np.zeros(
        shape=(
            1,
            MAX_SEQ_LENGTH,
        ),
        dtype="bool",
    )
    frame_features = np.zeros(shape=(1, MAX_SEQ_LENGTH, NUM_FEATURES), dtype="float32")

    for i, batch in enumerate(frames):
        video_length = batch.shape[0]
        length = min(MAX_SEQ_LENGTH, video_length)
        for j in range(length):
            frame_features[i, j, :] = feature_extractor.predict(batch[None, j, :])
        frame_mask[i, :length] = 1  # 1 = not masked, 0 = masked

    return frame_features, frame_mask


def sequence_prediction(path):
    class_vocab = label_processor.get_vocabulary()

    frames = load_video(os.path.join("test", path))
    frame_features, frame_mask = prepare_single_video(frames)
    probabilities = sequence_model.predict([frame_features, frame_mask])[0]

    for i in np.argsort(probabilities)[::-1]:
        print(f"  {class_vocab[i]}: {probabilities[i] * 100:5.2f}%")
    return frames


test_video = np.random.choice(test_df["video_name"].tolist())
print(f"Test video path: {test_video}")
test_frames = sequence_prediction(test_video)
