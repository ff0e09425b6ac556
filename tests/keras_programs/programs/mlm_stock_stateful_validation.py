# source: yangwohenmai/LSTM 长短期记忆(LSTM)/LSTM实例/洗发水销量(单步预测)/10.抽取数据做验证集画损失图.py (J. Brownlee's "Time Series Forecasting with the Long Short-Term Memory Network in Python", machinelearningmastery.com, with comments translated to Chinese, adapted to a stock series: the last 30 training rows held out as validation data, the loss curves plotted)
# commit: 05e74641676f6c9499d4d1f16c4810aaa3a81103
# keras: tf_keras
# exercises: a stateful LSTM(neurons, batch_input_shape=(1, 1, 1), stateful=True) + Dense(1); compile(loss='mean_squared_error', optimizer='adam', metrics=['accuracy']) (a one-unit regression output: 'accuracy' resolves to binary accuracy); one fit(X[0:-30], y[0:-30], epochs, validation_data=(X[-30:], y[-30:]), batch_size=1, verbose=1, shuffle=False) whose per-epoch validation runs through the stateful layer, then model.reset_states(); predict(train_reshaped, batch_size=1) over the training rows (result thrown away) leaving the state there; a walk-forward of one predict(batch_size=1) per test row with the state carried on; timeseries_to_supervised, difference (which here copies the values without differencing), a [-1, 1] MinMax scaling and invert_scale; RMSE
# reduced: stocktest.csv (read by pandas with a date parser) replaced by a stand-in read_csv giving 60 rows of a made-up positive random walk as series.values, so the training set is 39 rows (9 fitted, 30 validation) and the test set 20; pandas (not installed here nor in the Keras venv) replaced by small stand-ins computing what pandas computes for these calls: DataFrame(data) with shift(i), fillna(0, inplace=True) and values, Series(list), concat(columns, axis=1), `from pandas import datetime` by the standard library's datetime (parser is kept but not called by the stand-in read_csv); sklearn's MinMaxScaler and mean_squared_error (not installed) replaced by hand-written ones with sklearn's arithmetic; epochs=1000 -> 3; drowPicture (matplotlib plots of History.history['loss'], ['val_loss'], ['acc'] and ['val_acc']; tf-keras names the metric 'accuracy', so ['acc'] is a KeyError there) left out with its call, and the final plot and the matplotlib import dropped; the history's keys printed instead
import numpy
from datetime import datetime
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from math import sqrt


class DataFrame(object):  # stand-in for the pandas calls used here
	def __init__(self, data):
		data = data.values if hasattr(data, 'values') else data
		data = numpy.asarray(data, dtype=numpy.float64)
		self.values = data.reshape(len(data), -1)

	def shift(self, periods):
		out = numpy.full(self.values.shape, numpy.nan)
		out[periods:] = self.values[:len(self.values) - periods]
		return DataFrame(out)

	def fillna(self, value, inplace=False):
		filled = numpy.where(numpy.isnan(self.values), value, self.values)
		if inplace:
			self.values = filled
			return None
		return DataFrame(filled)


class Series(object):
	def __init__(self, data):
		self.values = numpy.asarray(data, dtype=numpy.float64)


def concat(frames, axis=1):
	return DataFrame(numpy.concatenate([f.values for f in frames], axis=1))


def read_csv(path, header=0, parse_dates=None, index_col=None, squeeze=False, date_parser=None):
	rng = numpy.random.RandomState(21)
	return Series(10.0 + numpy.cumsum(rng.normal(0.0, 0.5, size=60)))


class MinMaxScaler(object):
	def __init__(self, feature_range=(0, 1)):
		self.feature_range = feature_range

	def fit(self, X):
		X = numpy.asarray(X, dtype=numpy.float64)
		data_min, data_max = X.min(axis=0), X.max(axis=0)
		self.scale_ = (self.feature_range[1] - self.feature_range[0]) / (data_max - data_min)
		self.min_ = self.feature_range[0] - data_min * self.scale_
		return self

	def transform(self, X):
		return numpy.asarray(X, dtype=numpy.float64) * self.scale_ + self.min_

	def inverse_transform(self, X):
		return (numpy.asarray(X, dtype=numpy.float64) - self.min_) / self.scale_


def mean_squared_error(y_true, y_pred):
	return numpy.mean((numpy.asarray(y_true) - numpy.asarray(y_pred)) ** 2)


"""
单步预测是指一次预测一条数据
训练时将训练数据全部输入，
预测时，获取训练好的模型，每次输入一个数据X，预测出对应的
"""
# 数据结构处理
def parser(x):
	return datetime.strptime('190'+x, '%Y-%m')

# 将数据转换为监督型学习数据，NaN值补0
def timeseries_to_supervised(data, lag=1):
	df = DataFrame(data)
	columns = [df.shift(i) for i in range(1, lag+1)]
	columns.append(df)
	df = concat(columns, axis=1)
	df.fillna(0, inplace=True)
	return df

# 构建差分序列
def difference(dataset, interval=1):
	diff = list()
	for i in range(interval, len(dataset)):
		value = dataset[i]
		diff.append(value)
	return Series(diff)

# 差分逆转换
def inverse_difference(history, yhat, interval=1):
	return yhat + history[-interval]

# 将数据缩放到 [-1, 1]之间的数
def scale(train, test):
    # 创建一个缩放器
    scaler = MinMaxScaler(feature_range=(-1, 1))
    scaler = scaler.fit(train)
    print(train)
    # 将train从二维数组的格式转化为一个23*2的张量
    #train = train.reshape(train.shape[0], train.shape[1])
    # 使用缩放器将数据缩放到[-1, 1]之间
    train_scaled = scaler.transform(train)
    print(train_scaled)
    # transform test
    #test = test.reshape(test.shape[0], test.shape[1])
    test_scaled = scaler.transform(test)
    return scaler, train_scaled, test_scaled

# 数据逆缩放，scaler是之前生成的缩放器，X是一维数组，y是数值
def invert_scale(scaler, X, y):
	# 将x，y转成一个list列表[x,y]->[0.26733207, -0.025524002]
	# [y]可以将一个数值转化成一个单元素列表
	new_row = [x for x in X] + [y]
	#new_row = [X[0]]+[y]
	# 将列表转化为一个,包含两个元素的一维数组，形状为(2,)->[0.26733207 -0.025524002]
	array = numpy.array(new_row)
	print(array.shape)
	# 将一维数组重构成形状为(1,2)的，1行、每行2个元素的，2维数组->[[ 0.26733207 -0.025524002]]
	array = array.reshape(1, len(array))
	# 逆缩放输入的形状为(1,2),输出形状为(1,2) -> [[ 73 15]]
	inverted = scaler.inverse_transform(array)
	return inverted[0, -1]

# 构建一个LSTM网络模型，并训练
def fit_lstm(train, batch_size, nb_epoch, neurons):
    # 将数据对中的X, y拆分开，形状为[23*1]
    X, y = train[:, 0:-1], train[:, -1]
    # 将2D数据拼接成3D数据，形状为[23*1*1]
    X = X.reshape(X.shape[0], 1, X.shape[1])
    model = Sequential()
    # neurons是神经元个数，batch_size是样本个数，batch_input_shape是输入形状，
    # stateful是状态保留
    # 1.同一批数据反复训练很多次，可保留每次训练状态供下次使用
    # 2.不同批数据之间有顺序关联，可保留每次训练状态
    # 3.不同批次数据，数据之间没有关联
    model.add(LSTM(neurons, batch_input_shape=(batch_size, X.shape[1], X.shape[2]), stateful=True))
    model.add(Dense(1))
    # 定义损失函数和优化器
    model.compile(loss='mean_squared_error', optimizer='adam',metrics=['accuracy'])
    # nb_epoch 置1，用epochs循环
    nb_epoch = 1
    for i in range(nb_epoch):
        # shuffle=False是不混淆数据顺序
        #model.fit(X, y, epochs=10,validation_split=0.33, batch_size=batch_size, verbose=1, shuffle=False)
        # 添加验证集验证数据，取最后30条数据作为验证数据
        History = model.fit(X[0:-30], y[0:-30], epochs=3,validation_data=(X[-30:], y[-30:]), batch_size=batch_size, verbose=1, shuffle=False)
        print(sorted(History.history))
        # 每训练完一个轮回，重置一次网络
        model.reset_states()
    return model

# 开始单步预测，model是训练好的模型，batch_size是时间步，X是一个一维数组
def forecast_lstm(model, batch_size, X):
	# 将形状为(1,)的，包含一个元素的一维数组X，构造成形状为(1,1,1)的3D张量
	X = X.reshape(1, 1, len(X))
	# 输出yhat形状为(1,1)的二维数组
	yhat = model.predict(X, batch_size=batch_size)
	# 返回二维数组中，第一行一列的yhat的数值
	return yhat[0,0]


# 加载数据
series = read_csv('stocktest.csv', header=0, parse_dates=[0], index_col=0, squeeze=True, date_parser=parser)
# 最后N条数据作为测试数据
testNum = 20

# 将所有数据进行差分转换
raw_values = series.values
diff_values = difference(raw_values, 1)

# 将数据转换为监督学习型数据,此时输出的supervised_values是一个二维数组
supervised = timeseries_to_supervised(diff_values, 1)
supervised_values = supervised.values

# 将数据分割为训练集和测试集，此时分割的数据集是二维数组
train, test = supervised_values[0:-testNum], supervised_values[-testNum:]

# 将训练集和测试集都缩放到[-1, 1]之间
scaler, train_scaled, test_scaled = scale(train, test)


# 构建一个LSTM网络模型，并训练，样本数：1，循环训练次数：3000，LSTM层神经元个数为4
lstm_model = fit_lstm(train_scaled, 1, 3000, 8)
# 重构输入数据的形状，
print(train_scaled)
train_reshaped = train_scaled[:, 0].reshape(len(train_scaled), 1, 1)
print(train_reshaped)


# 使用构造的网络模型进行预测训练
lstm_model.predict(train_reshaped, batch_size=1)
#print(lstm_model.predict(train_reshaped, batch_size=1))
# 遍历测试数据，对数据进行单步预测
predictions = list()
for i in range(len(test_scaled)):
	# 将(12,2)的2D训练集test_scaled拆分成X,y；
	# 其中X是第i行的0到-1列，形状是(1,)的包含一个元素的一维数组；y是第i行，倒数第1列，是一个数值；
	X, y = test_scaled[i, 0:-1], test_scaled[i, -1]
	# 将训练好的模型lstm_model，X变量，传入预测函数，定义步长为1，
	yhat = forecast_lstm(lstm_model, 1, X)
	print(yhat.shape)
	# 对预测出的y值逆缩放
	yhat = invert_scale(scaler, X, yhat)
	# 对预测出的y值逆差分转换
	#yhat = inverse_difference(raw_values, yhat, len(test_scaled)+1-i)
	# 存储预测的y值
	predictions.append(yhat)
	# 获取真实的y值
	expected = raw_values[len(train) + i + 1]
    #
	print('Month=%d, Predicted=%f, Expected=%f' % (i+1, yhat, expected))

# 求真实值和预测值之间的标准差
rmse = sqrt(mean_squared_error(raw_values[-testNum:], predictions))
print('Test RMSE: %.3f' % rmse)
