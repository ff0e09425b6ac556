# source: tykimos/tykimos.github.io _posts/2017-9-9-Time-series_Numerical_Input_Numerical_Prediction_Model_Recipe.md (Taeyoung Kim's Korean Keras course "시계열수치입력 수치예측 모델 레시피", its last full listing, "상태유지 스택 순환신경망 모델": three stacked stateful LSTMs learning a cosine wave, after Sachin Abeywardana's example)
# commit: 22bf5b326f1477fa031324d3378ce78e096ffcec
# keras: tf_keras
# exercises: `import keras` with a keras.callbacks.Callback subclass CustomHistory whose lists are made by a hand-called init() (no __init__) and filled on_epoch_end(self, batch, logs={}) from logs.get('loss') and logs.get('val_loss'); a Sequential of three LSTM(32, batch_input_shape=(1, look_back, 1), stateful=True) where every layer, not only the first, is given batch_input_shape (the second and third receive 32 features, not 1: Keras ignores it past the first layer), the first two with return_sequences=True, each followed by Dropout, then Dense(1); compile('mean_squared_error', 'adam'); an epoch loop of fit(epochs=1, batch_size=1, shuffle=False, callbacks=[custom_hist], validation_data=(x_val, y_val)) then model.reset_states() (the validation pass runs on the state the training pass left); evaluate(batch_size=1, verbose=0) three times, each followed by reset_states; a closed-loop forecast of predict(np.array([xhat]), batch_size=1) with np.vstack of each prediction onto the window, the stateful state carried through all the calls
# reduced: sklearn's MinMaxScaler(feature_range=(0, 1)) (sklearn is not installed) replaced by a hand-written class with fit_transform; Dropout(0.3) -> Dropout(0.0) (random masks cannot match across frameworks); the cosine series 1600 -> 400 points with the same period (np.arange(320)), split [0:200], [200:300], [300:] instead of [0:800], [800:1200], [1200:] (160, 60 and 60 windows of look_back 40 instead of 760, 360, 360); the epoch loop 200 -> 2; look_ahead 250 -> 20; the Jupyter magic `%matplotlib inline` and the matplotlib plots dropped (matplotlib is not installed in the Keras venv); the forecast printed instead of plotted
# 0. 사용할 패키지 불러오기
import keras
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, LSTM, Dropout


class MinMaxScaler(object):
    # stands in for sklearn.preprocessing.MinMaxScaler
    def __init__(self, feature_range=(0, 1)):
        self.feature_range = feature_range

    def fit_transform(self, X):
        X = np.asarray(X, dtype=np.float64)
        data_min, data_max = X.min(axis=0), X.max(axis=0)
        self.scale_ = (self.feature_range[1] - self.feature_range[0]) / (data_max - data_min)
        self.min_ = self.feature_range[0] - data_min * self.scale_
        return X * self.scale_ + self.min_


def create_dataset(signal_data, look_back=1):
    dataX, dataY = [], []
    for i in range(len(signal_data)-look_back):
        dataX.append(signal_data[i:(i+look_back), 0])
        dataY.append(signal_data[i + look_back, 0])
    return np.array(dataX), np.array(dataY)

class CustomHistory(keras.callbacks.Callback):
    def init(self):
        self.train_loss = []
        self.val_loss = []
        
    def on_epoch_end(self, batch, logs={}):
        self.train_loss.append(logs.get('loss'))
        self.val_loss.append(logs.get('val_loss'))

look_back = 40

# 1. 데이터셋 생성하기
signal_data = np.cos(np.arange(320)*(20*np.pi/1000))[:,None]

# 데이터 전처리
scaler = MinMaxScaler(feature_range=(0, 1))
signal_data = scaler.fit_transform(signal_data)

# 데이터 분리
train = signal_data[0:120]
val = signal_data[120:220]
test = signal_data[220:]

# 데이터셋 생성
x_train, y_train = create_dataset(train, look_back)
x_val, y_val = create_dataset(val, look_back)
x_test, y_test = create_dataset(test, look_back)

# 데이터셋 전처리
x_train = np.reshape(x_train, (x_train.shape[0], x_train.shape[1], 1))
x_val = np.reshape(x_val, (x_val.shape[0], x_val.shape[1], 1))
x_test = np.reshape(x_test, (x_test.shape[0], x_test.shape[1], 1))

# 2. 모델 구성하기
model = Sequential()
for i in range(2):
    model.add(LSTM(32, batch_input_shape=(1, look_back, 1), stateful=True, return_sequences=True))
    model.add(Dropout(0.0))
model.add(LSTM(32, batch_input_shape=(1, look_back, 1), stateful=True))
model.add(Dropout(0.0))
model.add(Dense(1))

# 3. 모델 학습과정 설정하기
model.compile(loss='mean_squared_error', optimizer='adam')

# 4. 모델 학습시키기
custom_hist = CustomHistory()
custom_hist.init()

for i in range(2):
    model.fit(x_train, y_train, epochs=1, batch_size=1, shuffle=False, callbacks=[custom_hist], validation_data=(x_val, y_val))
    model.reset_states()

# 5. 학습과정 살펴보기
print(custom_hist.train_loss, custom_hist.val_loss)

# 6. 모델 평가하기
trainScore = model.evaluate(x_train, y_train, batch_size=1, verbose=0)
model.reset_states()
print('Train Score: ', trainScore)
valScore = model.evaluate(x_val, y_val, batch_size=1, verbose=0)
model.reset_states()
print('Validataion Score: ', valScore)
testScore = model.evaluate(x_test, y_test, batch_size=1, verbose=0)
model.reset_states()
print('Test Score: ', testScore)

# 7. 모델 사용하기
look_ahead = 20
xhat = x_test[0]
predictions = np.zeros((look_ahead,1))
for i in range(look_ahead):
    prediction = model.predict(np.array([xhat]), batch_size=1)
    predictions[i] = prediction
    xhat = np.vstack([xhat[1:],prediction])

print(predictions[:, 0])
