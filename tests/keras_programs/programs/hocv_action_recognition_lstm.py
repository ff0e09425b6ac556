# source: PacktPublishing/Hands-On-Computer-Vision-with-TensorFlow-2 Chapter08/ch8_nb1_action_recognition.ipynb (B. Planche and E. Andres, "Hands-On Computer Vision with TensorFlow 2", Packt 2019, chapter 8 "Video and Recurrent Neural Networks": action recognition on UCF-101, per-frame InceptionV3 features saved as .npy, zero-padded to 40 frames and classified by Masking + LSTM + Dense + Dropout + softmax Dense; its model half, code cells 14-20 in order)
# commit: 9a73003eff274f288d59dfb1532a5a48655bfaa3
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.Sequential([tf.keras.layers.Masking(mask_value=0.), tf.keras.layers.LSTM(units, dropout, recurrent_dropout), Dense(relu), Dropout, Dense(softmax)]) given no input shape, built by model.build; trailing all-zero timesteps of zero-padded sequences masked; compile(loss='categorical_crossentropy', optimizer='rmsprop', metrics=['accuracy', 'top_k_categorical_accuracy']); fit(..., epochs, callbacks, validation_data); float64 features and int16 one-hot labels from a python generator function (np.load of .npy files, np.random.shuffle of the file list)
# reduced: the feature-extraction half (cells 2-11: OpenCV video decoding, InceptionV3 with imagenet weights, tf.data) left out: its output, one .npy of per-frame features per video, is made up instead (numpy RandomState(0): 48 training and 16 test "videos" of 3-8 frames, 16 features per frame instead of 2048, each class adding its own offset) and written with np.save into a temporary BASE_PATH, with the trainlist01.txt / testlist01.txt the notebook reads (paths data/... -> the temporary folder); sklearn's LabelBinarizer (not installed) replaced by a stand-in with its fit / transform (sorted classes, one-hot rows); SEQUENCE_LENGTH 40 -> 8, 2048 -> N_FEATURES = 16; LSTM 512 -> 8 with dropout and recurrent_dropout 0.5 -> 0.0, Dense 256 -> 8, Dropout 0.5 -> 0.0 (random masks cannot match); the two tf.data.Dataset.from_generator(...).batch(16).prefetch(...) pipelines (TensorFlow's own; statefulrnn stands in for tf.keras) replaced by the arrays of one pass of the same generator, given to fit with batch_size=16 and shuffle=False (the generator's np.random.shuffle runs once per dataset, np.random.seed(0) set first); the TensorBoard(log_dir='/tmp', update_freq=1000) callback left out (the tensorboard package, which tf-keras's callback needs to write, is not installed in the Keras venv); epochs 17 -> 2; model.build(input_shape=(None, SEQUENCE_LENGTH, N_FEATURES)) added before compile (the notebook's model is first built by fit; the harness hands each model its starting weights at its first compile)
import tensorflow as tf
import os
import tempfile
import numpy as np

np.random.seed(0)

BASE_PATH = tempfile.mkdtemp()
SEQUENCE_LENGTH = 8
N_FEATURES = 16

LABELS = ['UnevenBars','ApplyLipstick','TableTennisShot','Fencing','Mixing','SumoWrestling','HulaHoop','PommelHorse','HorseRiding','SkyDiving','BenchPress','GolfSwing','HeadMassage','FrontCrawl','Haircut','HandstandWalking','Skiing','PlayingDaf','PlayingSitar','FrisbeeCatch','CliffDiving','BoxingSpeedBag','Kayaking','Rafting','WritingOnBoard','VolleyballSpiking','Archery','MoppingFloor','JumpRope','Lunges','BasketballDunk','Surfing','SkateBoarding','FloorGymnastics','Billiards','CuttingInKitchen','BlowingCandles','PlayingCello','JugglingBalls','Drumming','ThrowDiscus','BaseballPitch','SoccerPenalty','Hammering','BodyWeightSquats','SoccerJuggling','CricketShot','BandMarching','PlayingPiano','BreastStroke','ApplyEyeMakeup','HighJump','IceDancing','HandstandPushups','RockClimbingIndoor','HammerThrow','WallPushups','RopeClimbing','Basketball','Shotput','Nunchucks','WalkingWithDog','PlayingFlute','PlayingDhol','PullUps','CricketBowling','BabyCrawling','Diving','TaiChi','YoYo','BlowDryHair','PushUps','ShavingBeard','Knitting','HorseRace','TrampolineJumping','Typing','Bowling','CleanAndJerk','MilitaryParade','FieldHockeyPenalty','PlayingViolin','Skijet','PizzaTossing','LongJump','PlayingTabla','PlayingGuitar','BrushingTeeth','PoleVault','Punch','ParallelBars','Biking','BalanceBeam','Swing','JavelinThrow','Rowing','StillRings','SalsaSpin','TennisSwing','JumpingJack','BoxingPunchingBag']


def make_up_features():
    # stand-in for cells 7-11: one .npy of per-frame features per video, and the split lists
    rng = np.random.RandomState(0)
    classes = LABELS[:6]
    offsets = rng.normal(0, 1, (len(classes), N_FEATURES))
    lists = {}
    for split, n in (('trainlist01.txt', 48), ('testlist01.txt', 16)):
        rows = []
        for i in range(n):
            c = rng.randint(len(classes))
            name = '%s/v_%s_g%02d_c01.avi' % (classes[c], classes[c], i)
            frames = rng.randint(3, SEQUENCE_LENGTH + 1)
            features = np.abs(offsets[c] + rng.normal(0, 1, (frames, N_FEATURES))).astype('float32')
            os.makedirs(os.path.join(BASE_PATH, classes[c]), exist_ok=True)
            np.save(os.path.join(BASE_PATH, name).replace('.avi', '.npy'), features)
            rows.append(name + (' %d' % (c + 1) if split.startswith('train') else ''))
        with open(os.path.join(BASE_PATH, split), 'w') as f:
            f.write('\n'.join(rows) + '\n')


make_up_features()


class LabelBinarizer(object):
    # stand-in for sklearn.preprocessing.LabelBinarizer: sorted classes, one-hot rows
    def fit(self, y):
        self.classes_ = np.array(sorted(set(y)))
        return self

    def transform(self, y):
        return np.array([[int(c == label) for c in self.classes_] for label in y])


encoder = LabelBinarizer()
encoder.fit(LABELS)

model = tf.keras.Sequential([
    tf.keras.layers.Masking(mask_value=0.),
    tf.keras.layers.LSTM(8, dropout=0.0, recurrent_dropout=0.0),
    tf.keras.layers.Dense(8, activation='relu'),
    tf.keras.layers.Dropout(0.0),
    tf.keras.layers.Dense(len(LABELS), activation='softmax')
])

model.build(input_shape=(None, SEQUENCE_LENGTH, N_FEATURES))

model.compile(loss='categorical_crossentropy',
              optimizer='rmsprop',
              metrics=['accuracy', 'top_k_categorical_accuracy'])

test_file = os.path.join(BASE_PATH, 'testlist01.txt')
train_file = os.path.join(BASE_PATH, 'trainlist01.txt')

with open(test_file) as f:
    test_list = [row.strip() for row in list(f)]

with open(train_file) as f:
    train_list = [row.strip() for row in list(f)]
    train_list = [row.split(' ')[0] for row in train_list]


def make_generator(file_list):
    def generator():
        np.random.shuffle(file_list)
        for path in file_list:
            full_path = os.path.join(BASE_PATH, path).replace('.avi', '.npy')

            label = os.path.basename(os.path.dirname(path))
            features = np.load(full_path)

            padded_sequence = np.zeros((SEQUENCE_LENGTH, N_FEATURES))
            padded_sequence[0:len(features)] = np.array(features)

            transformed_label = encoder.transform([label])
            yield padded_sequence, transformed_label[0]
    return generator


def one_pass(generator):
    # stand-in for tf.data.Dataset.from_generator(...): the arrays of one pass, as its dtypes
    xs, ys = zip(*generator())
    return np.array(xs, dtype='float32'), np.array(ys, dtype='int16')


x_train, y_train = one_pass(make_generator(train_list))
x_valid, y_valid = one_pass(make_generator(test_list))

model.fit(x_train, y_train, batch_size=16, shuffle=False, epochs=2, validation_data=(x_valid, y_valid))
