# source: ruanjiyang/stock lstm-stock-trainer.py with lstm-stock-predict.py (a Chinese hobby repo, after a CSDN tutorial: a two-layer LSTM trained on 9 daily columns of the CSI 300 index (399300) saved to 399300.h5, then reloaded in a 6-day loop that predicts the next day, appends it to the data and predicts again)
# commit: 095a2fccf9aef4521c8744a57ae2f6263fef0e1a
# keras: tf_keras
# exercises: `from keras import callbacks`, `from keras.models import Sequential, save_model, load_model`, `from keras.layers import Dense, LSTM, BatchNormalization, Activation, Dropout`, `from keras.optimizers... import RMSprop, Adam` (see reduced); windows of need_num days of all 9 scaled columns predicting the next day's 9; Sequential of LSTM(50, return_sequences=True, input_shape=[steps, 9]), LSTM(50), Dense(30), Activation('relu'), Dense(30), Activation('relu'), Dense(9); Adam(lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, amsgrad=True) (Keras 2's spelling: lr, epsilon None for the backend's 1e-7, AMSGrad); compile(optimizer=adam, loss='mean_squared_error'); callbacks.EarlyStopping(monitor='val_loss', patience=5, verbose=2, mode='auto'); fit(x=, y=, epochs=, batch_size=8, validation_split=0.2, callbacks=[...]); model.save('399300.h5'); then, in a loop of 6 days: a MinMaxScaler refit on the grown data, load_model('399300.h5') again each day (compiled, with the AMSGrad optimizer's state), predict(x=...) on a batch that grows by one window a day, inverse_transform, np.append of the last prediction to the data and reshape((-1, 9))
# reduced: the 399300.csv download (pandas.read_csv, columns 3..11) replaced by a seeded made-up 60-day array of 9 index-like columns (open, high, low, close, previous close, change, pct change, volume, amount) built with numpy, read the same way twice as the scripts do (all rows, then rows :training_num+1); sklearn's MinMaxScaler (not installed) replaced by a hand-written class with fit_transform(X=), transform(X=), inverse_transform(X=) as sklearn's; `from keras.optimizers import RMSprop,Adam` -> `from keras.optimizers.legacy import RMSprop,Adam`: tf-keras 2.21's new Adam refuses `decay=` ('decay is deprecated in the new TF-Keras optimizer ... use the legacy optimizer') and drops `lr=`, the legacy one takes both as Keras 2 did; need_num 90 -> 10, epoch 20 -> 3, LSTM units 50 -> 8, Dense 30 -> 8; shuffle=False added to fit (random batch order cannot match); the two scripts run one after the other; the matplotlib plot left out
#https://blog.csdn.net/lpp5406813053/article/details/89788108

#数据预处理以及绘制图形需要的模块
import numpy as np
#构建长短时神经网络需要的方法
from keras import callbacks
from keras.models import Sequential,save_model,load_model
from keras.layers import Dense, LSTM, BatchNormalization,Activation,Dropout
from keras.optimizers.legacy import RMSprop,Adam


class MinMaxScaler(object):  # sklearn.preprocessing.MinMaxScaler's formulas
    def __init__(self, feature_range=(0, 1)):
        self.feature_range = feature_range

    def fit(self, X):
        X = np.asarray(X, dtype=np.float64)
        self.data_min_, self.data_max_ = X.min(axis=0), X.max(axis=0)
        self.data_range_ = self.data_max_ - self.data_min_
        self.scale_ = (self.feature_range[1] - self.feature_range[0]) / self.data_range_
        self.min_ = self.feature_range[0] - self.data_min_ * self.scale_
        return self

    def transform(self, X):
        return np.asarray(X, dtype=np.float64) * self.scale_ + self.min_

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, X):
        return (np.asarray(X, dtype=np.float64) - self.min_) / self.scale_


class _Frame(object):  # what the scripts take from pandas: read_csv(...).iloc[rows, 3:12].values, len()
    def __init__(self, table):
        self.table = table
        self.iloc = self

    def __len__(self):
        return len(self.table)

    def __getitem__(self, key):
        return _Values(self.table[key])


class _Values(object):
    def __init__(self, values):
        self.values = values


rng = np.random.default_rng(399300)
_close = 3800 + np.cumsum(rng.normal(0, 30, 60))
_open = _close - rng.normal(0, 15, 60)
_high = np.maximum(_open, _close) + rng.uniform(5, 25, 60)
_low = np.minimum(_open, _close) - rng.uniform(5, 25, 60)
_prev = np.concatenate([[_open[0]], _close[:-1]])
_volume = rng.uniform(8e7, 2e8, 60)
_table = np.column_stack([np.arange(60), np.zeros(60), np.zeros(60), _open, _high, _low, _close, _prev,
                          _close - _prev, 100 * (_close - _prev) / _prev, _volume, _volume * _close / 10])


class pd(object):
    @staticmethod
    def read_csv(path):
        return _Frame(_table)


# ---- lstm-stock-trainer.py
#需要之前90次的数据来预测下一次的数据
need_num = 10
#训练数据的大小
training_num = 0
#迭代10次
epoch = 3
batch_size = 8  #batch_size越低， 预测精度越搞，曲线越曲折。
features_num=9
stockCode="399300"

#训练数据的处理，我们选取整个数据集的前6000个数据作为训练数据，后面的数据为测试数据
#从csv读取数据
dataset = pd.read_csv(stockCode+'.csv')
training_num=len(dataset)-1
dataset = dataset.iloc[:, 3:features_num+3].values  #从第4列开始读， 避开前三列。

#我们需要预测开盘数据，因此选取所有行、第三列数据
#训练数据就是上面已经读取数据的前6000行
training_dataset = dataset[:training_num]
#因为数据跨度几十年，随着时间增长，人民币金额也随之增长，因此需要对数据进行归一化处理
#将所有数据归一化为0-1的范围
sc = MinMaxScaler(feature_range=(0, 1))
training_dataset_scaled = sc.fit_transform(X=training_dataset)

x_train = []
y_train = []
#每90个数据为一组，作为测试数据，下一个数据为标签
for i in range(need_num, training_dataset_scaled.shape[0]):
    x_train.append(training_dataset_scaled[i-need_num: i])
    y_train.append(training_dataset_scaled[i, :])
#将数据转化为数组
x_train, y_train = np.array(x_train), np.array(y_train)
#因为LSTM要求输入的数据格式为三维的，[training_number, time_steps, 1]，因此对数据进行相应转化
x_train = np.reshape(x_train, (x_train.shape[0], x_train.shape[1], features_num))

#构建网络，使用的是序贯模型
model = Sequential()
#return_sequences=True返回的是全部输出，LSTM做第一层时，需要指定输入shape
model.add(LSTM(units=8,return_sequences=True,input_shape=[x_train.shape[1], features_num]))
#model.add(BatchNormalization())

model.add(LSTM(units=8))
#model.add(BatchNormalization())

model.add(Dense(8))
model.add(Activation('relu'))
#model.add(Dropout(0.2))
model.add(Dense(8))
model.add(Activation('relu'))
#model.add(Dropout(0.2))


model.add(Dense(units=features_num))
#进行配置
adam=Adam(lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, amsgrad=True)
#adam=Adam(lr=0.005, beta_1=0.9, beta_2=0.999, epsilon=None, amsgrad=True)
model.compile(optimizer=adam,loss='mean_squared_error')

print(x_train.shape,y_train.shape)
early_stopping=callbacks.EarlyStopping(monitor='val_loss',patience=5, verbose=2, mode='auto')
#min_delta=0,baseline=None, restore_best_weights=False)

model.fit(x=x_train, y=y_train,  epochs=epoch, batch_size=batch_size,validation_split=0.2,callbacks = [early_stopping],
          shuffle=False)
model.save(stockCode+".h5")

# ---- lstm-stock-predict.py
#需要之前90次的数据来预测下一次的数据
need_num = 10
#训练数据的大小
training_num = 0
#迭代10次
epoch = 1
batch_size = 4
features_num=9

#训练数据的处理，我们选取整个数据集的前6000个数据作为训练数据，后面的数据为测试数据
#从csv读取数据
stockCode="399300"
dataset = pd.read_csv(stockCode+'.csv')
training_num=len(dataset)-1
dataset = dataset.iloc[:, 3:features_num+3].values
real_stock_price = dataset[training_num-5:]  #这是真实的数据。  -5表示五天前的数据



dataset = pd.read_csv(stockCode+'.csv')
dataset = dataset.iloc[:training_num+1, 3:features_num+3].values

for days in range(6):   #填入延长预测的天数。（n
    #我们需要预测开盘数据，因此选取所有行、第三列数据
    #训练数据就是上面已经读取数据的前6000行
   # training_dataset = dataset[:training_num]
    #因为数据跨度几十年，随着时间增长，人民币金额也随之增长，因此需要对数据进行归一化处理
    #将所有数据归一化为0-1的范围
    sc = MinMaxScaler(feature_range=(0, 1))
    sc.fit_transform(X=dataset)
    #training_dataset_scaled = sc.fit_transform(X=training_dataset)


    model=load_model(stockCode+".h5")
    
    #进行测试数据的处理
    #前6000个为测试数据，但是将5910，即6000-90个数据作为输入数据，因为这样可以获取
    #测试数据的潜在规律
    inputs = dataset[training_num - need_num:]
    
    inputs = inputs.reshape(-1, features_num)
    #这里使用的是transform而不是fit_transform，因为我们已经在训练数据找到了
    #数据的内在规律，因此，仅使用transform来进行转化即可
    inputs = sc.transform(X=inputs)
    x_validation = []
    
    for i in range(need_num, inputs.shape[0]):
        x_validation.append(inputs[i - need_num:i, :])
    
    x_validation = np.array(x_validation)
    x_validation = np.reshape(x_validation, (x_validation.shape[0], x_validation.shape[1], features_num))
    
    #这是真实的股票价格，是源数据的[6000:]即剩下的231个数据的价格
    
    #进行预测
    print(x_validation.shape)
    predictes_stock_price = model.predict(x=x_validation)
    #使用 sc.inverse_transform()将归一化的数据转换回原始的数据，以便我们在图上进行查看
    predictes_stock_price = sc.inverse_transform(X=predictes_stock_price)
    dataset=np.append(dataset,predictes_stock_price[-1])
    #dataset=np.append(dataset,[3900+random.random()*300])
    print("新预测的到第%d天的总数据是=============="%(days+1),(predictes_stock_price))
    dataset=dataset.reshape((-1,features_num))
    print(dataset.shape)
    #training_num=training_num+1
