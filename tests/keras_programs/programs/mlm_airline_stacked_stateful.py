# source: rupskygill/ML-mastery deep_learning_with_python_code/chapter_25/lstm_stacked.py (J. Brownlee, stacked stateful LSTMs for the airline passengers series)
# commit: 95e8e7e4be0717917008a7c9723a79bcde6d5ef5
# keras: tf_keras
# exercises: two stacked stateful LSTMs, both given batch_input_shape (Keras ignores it on the second), mean_squared_error with adam, epoch loop of fit + reset_states, predict(batch_size=1) on train and test with a reset between
# reduced: a 30-point synthetic seasonal series scaled to [0, 1] with numpy (no CSV, pandas or scikit-learn), 3 epochs instead of 100, no plots
import numpy
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM


def create_dataset(dataset, look_back=1):
    dataX, dataY = [], []
    for i in range(len(dataset) - look_back - 1):
        dataX.append(dataset[i : (i + look_back), 0])
        dataY.append(dataset[i + look_back, 0])
    return numpy.array(dataX), numpy.array(dataY)


numpy.random.seed(7)
months = numpy.arange(30)
dataset = (100 + 2 * months + 20 * numpy.sin(months * numpy.pi / 6)).reshape(-1, 1).astype("float32")
dataset = (dataset - dataset.min()) / (dataset.max() - dataset.min())
train_size = int(len(dataset) * 0.67)
train, test = dataset[0:train_size, :], dataset[train_size : len(dataset), :]
look_back = 3
trainX, trainY = create_dataset(train, look_back)
testX, testY = create_dataset(test, look_back)
trainX = numpy.reshape(trainX, (trainX.shape[0], trainX.shape[1], 1))
testX = numpy.reshape(testX, (testX.shape[0], testX.shape[1], 1))

batch_size = 1
model = Sequential()
model.add(LSTM(4, batch_input_shape=(batch_size, look_back, 1), stateful=True, return_sequences=True))
model.add(LSTM(4, batch_input_shape=(batch_size, look_back, 1), stateful=True))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam")
for i in range(3):
    model.fit(trainX, trainY, epochs=1, batch_size=batch_size, verbose=0, shuffle=False)
    model.reset_states()
trainPredict = model.predict(trainX, batch_size=batch_size)
model.reset_states()
testPredict = model.predict(testX, batch_size=batch_size)
