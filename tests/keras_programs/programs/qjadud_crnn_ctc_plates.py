# source: qjadud1994/CRNN-Keras parameter.py, Image_Generator.py (TextImageGenerator), Model.py (get_Model), training.py and Prediction.py (a widely starred and forked Keras CRNN for Korean license-plate recognition: a VGG-style Conv2D / BatchNormalization stack, a Reshape of the width into time steps, two forward + go_backwards LSTM pairs merged by add and concatenate, a softmax over the characters plus a blank, CTC loss in a Lambda layer)
# commit: 58f57507fd0f05d12a6c2123dba7049c7210289b
# keras: tf_keras
# exercises: Keras 2's old module paths `from keras.layers.merge import add, concatenate`, `from keras.layers.recurrent import LSTM`; `K.set_learning_phase(0)` at import time (deprecated, before fit, which still trains BatchNormalization on batch statistics); functional Model: Input(name='the_input', shape=(img_w, img_h, 1), dtype='float32'), named Conv2D(padding='same', kernel_initializer='he_normal') / BatchNormalization / Activation('relu') blocks, MaxPooling2D((2, 2)) and MaxPooling2D((1, 2)), Conv2D (2, 2) same, Reshape(target_shape=(T, F)) of the (width, height, channels) map, Dense(relu, he_normal); LSTM(return_sequences=True) and LSTM(return_sequences=True, go_backwards=True) whose output a Lambda(lambda t: K.reverse(t, axes=1)) flips back, merged by add, BatchNormalization, a second pair merged by concatenate, BatchNormalization, Dense + Activation('softmax', name='softmax'); three more Inputs (the_labels float32 (max_text_len,), input_length and label_length int64 (1,)) and Lambda(ctc_lambda_func, output_shape=(1,), name='ctc') calling K.ctc_batch_cost on y_pred[:, 2:, :]; model.load_weights of a missing file inside try/except; compile(loss={'ctc': lambda y_true, y_pred: y_pred}, optimizer=Adadelta()); EarlyStopping built but unused; ModelCheckpoint(filepath='LSTM+BN5--{epoch:02d}--{val_loss:.3f}.hdf5', monitor='loss', verbose=1, mode='min', period=1) (Keras 2's period; the whole model, with its Lambda layers, saved to .hdf5 every epoch); fit_generator(generator=..., steps_per_epoch=int(n / batch_size), epochs, callbacks, validation_data=<generator>, validation_steps) on endless generators yielding (dict of four named float64 inputs, {'ctc': zeros}) whose samples random.shuffle reorders at each wrap; then Prediction.py: get_Model(training=False) (image in, softmax out), load_weights of the checkpoint .hdf5 (a whole-model file, loaded by layer order into the smaller model), predict per image of a (1, w, h, 1) array, greedy decoding with itertools.groupby of the argmax path from step 2 on, letter and plate accuracy
# reduced: the license-plate photos in DB/train and DB/test (os.listdir of files named by their plate, read by cv2.imread(..., cv2.IMREAD_GRAYSCALE) and cv2.resize) replaced by made-up plates of 9 characters drawn from CHAR_VECTOR with numpy (12 for training, 4 for validation and test) and seeded grayscale 16x64 arrays in [0, 255] in which each character lights its own band of columns, plus noise; the names listed by os.listdir -> a list of those plates + '.jpg' kept on the generator (self.img_dir), the cv2 read / resize of each -> a lookup of its array (the source's float conversion and (img / 255.0) * 2.0 - 1.0 scaling kept); img_w, img_h = 128, 64 -> 64, 16, so Reshape(target_shape=(32, 2048)) -> (16, 8) (the width // 4 steps by height // 16 times the last conv's filters); filters 64, 128, 256, 256, 512, 512, 512 -> 4, 4, 8, 8, 8, 8, 8, Dense(64) 'dense1' -> Dense(8), LSTM(256) -> LSTM(8) (a small reference); batch_size 128 -> 4, val_batch_size 16 -> 4 (3 training steps and 1 validation step), epochs 30 -> 1 (tf-keras reads a Python generator through tf.data's from_generator with prefetch(1) and prefetch(AUTOTUNE), so it pulls training and validation batches ahead of their use; the two generators share Python's random, which random.shuffle draws at each wrap, so from the second epoch on Keras's batch order depends on how far its background threads read ahead, where statefulrnn reads batches in order in the calling thread; in the one epoch both generators see the same draws); Prediction.py's argparse -> its defaults with the weight file set to the last checkpoint training wrote (found with glob, as a user names it with -w), the test directory's images -> the made-up test plates; time.time() reports and the Korean region / hangul mapping of the printed plates kept; the commented-out cv2 display dropped
import os, random
import itertools, time
import glob
import argparse
import numpy as np

from keras import backend as K
from keras.layers import Conv2D, MaxPooling2D
from keras.layers import Input, Dense, Activation
from keras.layers import Reshape, Lambda, BatchNormalization
from keras.layers.merge import add, concatenate
from keras.models import Model
from keras.layers.recurrent import LSTM
from keras.optimizers import Adadelta
from keras.callbacks import EarlyStopping, ModelCheckpoint

# ---- parameter.py
CHAR_VECTOR = "adefghjknqrstwABCDEFGHIJKLMNOPZ0123456789"

letters = [letter for letter in CHAR_VECTOR]

num_classes = len(letters) + 1

img_w, img_h = 64, 16

# Network parameters
batch_size = 4
val_batch_size = 4

downsample_factor = 4
max_text_len = 9

# ---- stand-in for DB/train and DB/test: made-up plates and their grayscale images
_rng = np.random.RandomState(7)
_DB = {}
def _make_db(path, n):
    names = []
    for _ in range(n):
        plate = "".join(_rng.choice(letters, size=max_text_len))
        img = _rng.uniform(0, 40, size=(img_h, img_w))
        for j, ch in enumerate(plate):
            k = letters.index(ch)
            img[k % img_h, 6 * j + 2: 6 * j + 7] = 255.0
            img[(3 * k) % img_h, 6 * j + 3: 6 * j + 6] = 200.0
        _DB[path + plate + ".jpg"] = img.astype(np.uint8)
        names.append(plate + ".jpg")
    return names
_LISTDIR = {'./DB/train/': _make_db('./DB/train/', 12), './DB/test/': _make_db('./DB/test/', 4)}

# ---- Image_Generator.py
# # Input data generator
def labels_to_text(labels):     # letters의 index -> text (string)
    return ''.join(list(map(lambda x: letters[int(x)], labels)))

def text_to_labels(text):      # text를 letters 배열에서의 인덱스 값으로 변환
    return list(map(lambda x: letters.index(x), text))


class TextImageGenerator:
    def __init__(self, img_dirpath, img_w, img_h,
                 batch_size, downsample_factor, max_text_len=9):
        self.img_h = img_h
        self.img_w = img_w
        self.batch_size = batch_size
        self.max_text_len = max_text_len
        self.downsample_factor = downsample_factor
        self.img_dirpath = img_dirpath                  # image dir path
        self.img_dir = list(_LISTDIR[self.img_dirpath])     # images list
        self.n = len(self.img_dir)                      # number of images
        self.indexes = list(range(self.n))
        self.cur_index = 0
        self.imgs = np.zeros((self.n, self.img_h, self.img_w))
        self.texts = []

    ## samples의 이미지 목록들을 opencv로 읽어 저장하기, texts에는 label 저장
    def build_data(self):
        print(self.n, " Image Loading start...")
        for i, img_file in enumerate(self.img_dir):
            img = _DB[self.img_dirpath + img_file]
            img = img.astype(np.float32)
            img = (img / 255.0) * 2.0 - 1.0

            self.imgs[i, :, :] = img
            self.texts.append(img_file[0:-4])
        print(len(self.texts) == self.n)
        print(self.n, " Image Loading finish...")

    def next_sample(self):      ## index max -> 0 으로 만들기
        self.cur_index += 1
        if self.cur_index >= self.n:
            self.cur_index = 0
            random.shuffle(self.indexes)
        return self.imgs[self.indexes[self.cur_index]], self.texts[self.indexes[self.cur_index]]

    def next_batch(self):       ## batch size만큼 가져오기
        while True:
            X_data = np.ones([self.batch_size, self.img_w, self.img_h, 1])     # (bs, 128, 64, 1)
            Y_data = np.ones([self.batch_size, self.max_text_len])             # (bs, 9)
            input_length = np.ones((self.batch_size, 1)) * (self.img_w // self.downsample_factor - 2)  # (bs, 1)
            label_length = np.zeros((self.batch_size, 1))           # (bs, 1)

            for i in range(self.batch_size):
                img, text = self.next_sample()
                img = img.T
                img = np.expand_dims(img, -1)
                X_data[i] = img
                Y_data[i] = text_to_labels(text)
                label_length[i] = len(text)

            # dict 형태로 복사
            inputs = {
                'the_input': X_data,  # (bs, 128, 64, 1)
                'the_labels': Y_data,  # (bs, 8)
                'input_length': input_length,  # (bs, 1) -> 모든 원소 value = 30
                'label_length': label_length  # (bs, 1) -> 모든 원소 value = 8
            }
            outputs = {'ctc': np.zeros([self.batch_size])}   # (bs, 1) -> 모든 원소 0
            yield (inputs, outputs)

# ---- Model.py
K.set_learning_phase(0)

# # Loss and train functions, network architecture
def ctc_lambda_func(args):
    y_pred, labels, input_length, label_length = args
    # the 2 is critical here since the first couple outputs of the RNN
    # tend to be garbage:
    y_pred = y_pred[:, 2:, :]
    return K.ctc_batch_cost(labels, y_pred, input_length, label_length)


def get_Model(training):
    input_shape = (img_w, img_h, 1)     # (128, 64, 1)

    # Make Networkw
    inputs = Input(name='the_input', shape=input_shape, dtype='float32')  # (None, 128, 64, 1)

    # Convolution layer (VGG)
    inner = Conv2D(4, (3, 3), padding='same', name='conv1', kernel_initializer='he_normal')(inputs)  # (None, 128, 64, 64)
    inner = BatchNormalization()(inner)
    inner = Activation('relu')(inner)
    inner = MaxPooling2D(pool_size=(2, 2), name='max1')(inner)  # (None,64, 32, 64)

    inner = Conv2D(4, (3, 3), padding='same', name='conv2', kernel_initializer='he_normal')(inner)  # (None, 64, 32, 128)
    inner = BatchNormalization()(inner)
    inner = Activation('relu')(inner)
    inner = MaxPooling2D(pool_size=(2, 2), name='max2')(inner)  # (None, 32, 16, 128)

    inner = Conv2D(8, (3, 3), padding='same', name='conv3', kernel_initializer='he_normal')(inner)  # (None, 32, 16, 256)
    inner = BatchNormalization()(inner)
    inner = Activation('relu')(inner)
    inner = Conv2D(8, (3, 3), padding='same', name='conv4', kernel_initializer='he_normal')(inner)  # (None, 32, 16, 256)
    inner = BatchNormalization()(inner)
    inner = Activation('relu')(inner)
    inner = MaxPooling2D(pool_size=(1, 2), name='max3')(inner)  # (None, 32, 8, 256)

    inner = Conv2D(8, (3, 3), padding='same', name='conv5', kernel_initializer='he_normal')(inner)  # (None, 32, 8, 512)
    inner = BatchNormalization()(inner)
    inner = Activation('relu')(inner)
    inner = Conv2D(8, (3, 3), padding='same', name='conv6')(inner)  # (None, 32, 8, 512)
    inner = BatchNormalization()(inner)
    inner = Activation('relu')(inner)
    inner = MaxPooling2D(pool_size=(1, 2), name='max4')(inner)  # (None, 32, 4, 512)

    inner = Conv2D(8, (2, 2), padding='same', kernel_initializer='he_normal', name='con7')(inner)  # (None, 32, 4, 512)
    inner = BatchNormalization()(inner)
    inner = Activation('relu')(inner)

    # CNN to RNN
    inner = Reshape(target_shape=((16, 8)), name='reshape')(inner)  # (None, 32, 2048)
    inner = Dense(8, activation='relu', kernel_initializer='he_normal', name='dense1')(inner)  # (None, 32, 64)

    # RNN layer
    lstm_1 = LSTM(8, return_sequences=True, kernel_initializer='he_normal', name='lstm1')(inner)  # (None, 32, 512)
    lstm_1b = LSTM(8, return_sequences=True, go_backwards=True, kernel_initializer='he_normal', name='lstm1_b')(inner)
    reversed_lstm_1b = Lambda(lambda inputTensor: K.reverse(inputTensor, axes=1)) (lstm_1b)

    lstm1_merged = add([lstm_1, reversed_lstm_1b])  # (None, 32, 512)
    lstm1_merged = BatchNormalization()(lstm1_merged)
    
    lstm_2 = LSTM(8, return_sequences=True, kernel_initializer='he_normal', name='lstm2')(lstm1_merged)
    lstm_2b = LSTM(8, return_sequences=True, go_backwards=True, kernel_initializer='he_normal', name='lstm2_b')(lstm1_merged)
    reversed_lstm_2b= Lambda(lambda inputTensor: K.reverse(inputTensor, axes=1)) (lstm_2b)

    lstm2_merged = concatenate([lstm_2, reversed_lstm_2b])  # (None, 32, 1024)
    lstm2_merged = BatchNormalization()(lstm2_merged)

    # transforms RNN output to character activations:
    inner = Dense(num_classes, kernel_initializer='he_normal',name='dense2')(lstm2_merged) #(None, 32, 63)
    y_pred = Activation('softmax', name='softmax')(inner)

    labels = Input(name='the_labels', shape=[max_text_len], dtype='float32') # (None ,8)
    input_length = Input(name='input_length', shape=[1], dtype='int64')     # (None, 1)
    label_length = Input(name='label_length', shape=[1], dtype='int64')     # (None, 1)

    # Keras doesn't currently support loss funcs with extra parameters
    # so CTC loss is implemented in a lambda layer
    loss_out = Lambda(ctc_lambda_func, output_shape=(1,), name='ctc')([y_pred, labels, input_length, label_length]) #(None, 1)

    if training:
        return Model(inputs=[inputs, labels, input_length, label_length], outputs=loss_out)
    else:
        return Model(inputs=[inputs], outputs=y_pred)

# ---- training.py
K.set_learning_phase(0)

# # Model description and training

model = get_Model(training=True)

try:
    model.load_weights('LSTM+BN4--26--0.011.hdf5')
    print("...Previous weight data...")
except:
    print("...New weight data...")
    pass

train_file_path = './DB/train/'
tiger_train = TextImageGenerator(train_file_path, img_w, img_h, batch_size, downsample_factor)
tiger_train.build_data()

valid_file_path = './DB/test/'
tiger_val = TextImageGenerator(valid_file_path, img_w, img_h, val_batch_size, downsample_factor)
tiger_val.build_data()

ada = Adadelta()

early_stop = EarlyStopping(monitor='loss', min_delta=0.001, patience=4, mode='min', verbose=1)
checkpoint = ModelCheckpoint(filepath='LSTM+BN5--{epoch:02d}--{val_loss:.3f}.hdf5', monitor='loss', verbose=1, mode='min', period=1)
# the loss calc occurs elsewhere, so use a dummy lambda func for the loss
model.compile(loss={'ctc': lambda y_true, y_pred: y_pred}, optimizer=ada)

# captures output of softmax so we can decode the output during visualization
model.fit_generator(generator=tiger_train.next_batch(),
                    steps_per_epoch=int(tiger_train.n / batch_size),
                    epochs=1,
                    callbacks=[checkpoint],
                    validation_data=tiger_val.next_batch(),
                    validation_steps=int(tiger_val.n / val_batch_size))

# ---- Prediction.py
K.set_learning_phase(0)

Region = {"A": "서울 ", "B": "경기 ", "C": "인천 ", "D": "강원 ", "E": "충남 ", "F": "대전 ",
          "G": "충북 ", "H": "부산 ", "I": "울산 ", "J": "대구 ", "K": "경북 ", "L": "경남 ",
          "M": "전남 ", "N": "광주 ", "O": "전북 ", "P": "제주 "}
Hangul = {"dk": "아", "dj": "어", "dh": "오", "dn": "우", "qk": "바", "qj": "버", "qh": "보", "qn": "부",
          "ek": "다", "ej": "더", "eh": "도", "en": "두", "rk": "가", "rj": "거", "rh": "고", "rn": "구",
          "wk": "자", "wj": "저", "wh": "조", "wn": "주", "ak": "마", "aj": "머", "ah": "모", "an": "무",
          "sk": "나", "sj": "너", "sh": "노", "sn": "누", "fk": "라", "fj": "러", "fh": "로", "fn": "루",
          "tk": "사", "tj": "서", "th": "소", "tn": "수", "gj": "허"}

def decode_label(out):
    # out : (1, 32, 42)
    out_best = list(np.argmax(out[0, 2:], axis=1))  # get max index -> len = 32
    out_best = [k for k, g in itertools.groupby(out_best)]  # remove overlap value
    outstr = ''
    for i in out_best:
        if i < len(letters):
            outstr += letters[i]
    return outstr


def label_to_hangul(label):  # eng -> hangul
    region = label[0]
    two_num = label[1:3]
    hangul = label[3:5]
    four_num = label[5:]

    try:
        region = Region[region] if region != 'Z' else ''
    except:
        pass
    try:
        hangul = Hangul[hangul]
    except:
        pass
    return region + two_num + hangul + four_num

parser = argparse.ArgumentParser()
parser.add_argument("-w", "--weight", help="weight file directory",
                    type=str, default="Final_weight.hdf5")
parser.add_argument("-t", "--test_img", help="Test image directory",
                    type=str, default="./DB/test/")
args = parser.parse_args(["-w", sorted(glob.glob("LSTM+BN5--01--*.hdf5"))[-1]])

# Get CRNN model
model = get_Model(training=False)

try:
    model.load_weights(args.weight)
    print("...Previous weight data...")
except:
    raise Exception("No weight file!")


test_dir =args.test_img
test_imgs = list(_LISTDIR[args.test_img])
total = 0
acc = 0
letter_total = 0
letter_acc = 0
start = time.time()
for test_img in test_imgs:
    img = _DB[test_dir + test_img]

    img_pred = img.astype(np.float32)
    img_pred = (img_pred / 255.0) * 2.0 - 1.0
    img_pred = img_pred.T
    img_pred = np.expand_dims(img_pred, axis=-1)
    img_pred = np.expand_dims(img_pred, axis=0)

    net_out_value = model.predict(img_pred)

    pred_texts = decode_label(net_out_value)

    for i in range(min(len(pred_texts), len(test_img[0:-4]))):
        if pred_texts[i] == test_img[i]:
            letter_acc += 1
    letter_total += max(len(pred_texts), len(test_img[0:-4]))

    if pred_texts == test_img[0:-4]:
        acc += 1
    total += 1
    print('Predicted: %s  /  True: %s' % (label_to_hangul(pred_texts), label_to_hangul(test_img[0:-4])))

end = time.time()
total_time = (end - start)
print("Time : ",total_time / total)
print("ACC : ", acc / total)
print("letter ACC : ", letter_acc / letter_total)
