# source: scottlv95/TensorFlow_Projects Crypto/crypto_learn.py (sentdex's pythonprogramming.net "Cryptocurrency-predicting RNN" tutorial as one learner wrote it for TF 2: four coins' close and volume as 8 features, pct_change + scale, 60-minute deque windows, buys/sells balanced, three LSTM(128) each followed by Dropout and BatchNormalization, a 2-way softmax on "will the price rise in 3 minutes")
# commit: 5e014b26183b61e989b469d5fd9a125f87f82e50
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow.keras.models import Sequential`, `from tensorflow.keras.layers import Dense, Dropout, LSTM, BatchNormalization`, `from tensorflow.keras.callbacks import TensorBoard, ModelCheckpoint`; Sequential of LSTM(input_shape=train_x.shape[1:], return_sequences=True, activation="tanh") + Dropout + BatchNormalization() on 3-D sequences (twice; the second LSTM also given input_shape), LSTM(activation="tanh", input_shape=...) + Dropout + BatchNormalization on 2-D, Dense(activation="tanh") + Dropout, Dense(2, softmax); an Adam with learning_rate=0.001 and Keras 2's decay=1e-6 (see reduced); compile(loss='sparse_categorical_crossentropy', metrics=['accuracy']) on float32 windows and int labels balanced 50/50 by Python's random.shuffle; TensorBoard(log_dir=f'logs/{NAME}') with NAME holding int(time.time()); ModelCheckpoint(filepath="models/RNN_Final-{epoch:02d}-{val_accuracy:.3f}.hd5" (epoch and val_accuracy formatted into the name, an extension that is neither .h5 nor .keras), monitor='val_accuracy', verbose=1, save_best_only=True, mode='max'); fit(batch_size=64, epochs, validation_data=(validation_x, validation_y), callbacks=([checkpoint])) (a list in parentheses; TensorBoard made but left out, see reduced), shuffled batches (see reduced)
# reduced: the four crypto_data/*.csv minute files (pandas read_csv, rename, set_index, join on time) replaced by made-up numpy random walks of close and volume for BTC/LTC/ETH/BCH over 800 minutes joined as the columns of one array with 'future' (the BTC close 3 rows on, NaN at the end, as shift(-3)) and 'target' (classify row by row, as main_df.apply) after them, and the time index kept as its own array for the last-5% split (pandas is not installed here nor in the Keras venv); preprocess_df does on that array what the DataFrame calls did: drop the future column, then per feature column pct_change, dropna (a row more each column, as pandas), preprocessing.scale (sklearn, not installed: (x - mean) / std), the final dropna, `for i in df` instead of `for i in df.values`; SEQ_LEN 60 -> 10, EPOCHS 10 -> 2, LSTM 128 -> 8 and Dense 32 -> 8 units; Dropout(0.2) -> Dropout(0.0) (random masks cannot match); tf.keras.optimizers.Adam(learning_rate=0.001, decay=1e-6) -> tf.keras.optimizers.legacy.Adam(learning_rate=0.001, decay=1e-6) (tf-keras >= 2.11's Adam refuses decay: "decay is deprecated in the new TF-Keras optimizer ... use the legacy optimizer"); the TensorBoard callback is made but left out of fit's list (the Keras venv has no tensorboard package: tf.summary.scalar raises TBNotInstalledError); fit gets shuffle=False (tf-keras shuffles the 11 batches with TensorFlow's generator); the unused `from gc import callbacks` / `from tabnanny import verbose` imports and the first, overwritten read of LTC-USD.csv dropped
import numpy as np
from collections import deque
import random
import time
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout, LSTM, BatchNormalization
from tensorflow.keras.callbacks import TensorBoard, ModelCheckpoint 

SEQ_LEN= 10
FUTURE_PERIOD_PREDICT= 3
RATIO_TO_PREDICT= "BTC-USD"
EPOCHS = 2
BATCH_SIZE = 64
NAME = f"{RATIO_TO_PREDICT}{SEQ_LEN}-SEQ-{FUTURE_PERIOD_PREDICT}-PRED-{int(time.time())}"


class preprocessing:
    @staticmethod
    def scale(values):
        return (values - values.mean()) / values.std()


def preprocess_df(df):
    df = np.delete(df, FUTURE_COLUMN, axis=1)  # df.drop("future",axis=1)
    
    for col in range(df.shape[1]):
        if col != df.shape[1] - 1:  # col != "target"
            df[:, col] = df[:, col] / np.concatenate([[np.nan], df[:-1, col]]) - 1  # pct_change()
            df = df[~np.isnan(df).any(axis=1)]  # dropna(inplace=True)
            df[:, col] = preprocessing.scale(df[:, col])
            
    df = df[~np.isnan(df).any(axis=1)] #just in case

    sequential_data = []
    prev_days = deque(maxlen=SEQ_LEN)

    for i in df:
        prev_days.append([n for n in i[:-1]])
        if len(prev_days) == SEQ_LEN:
            sequential_data.append([np.array(prev_days),i[-1]])

    random.shuffle(sequential_data)

    buys = []
    sells = []
    
    for seq , target in sequential_data:
        if target == 0:
            sells.append([seq,target])
        elif target == 1:
            buys.append([seq,target])
    
    random.shuffle(buys)
    random.shuffle(sells)

    lower = min(len(buys),len(sells))

    buys = buys[:lower]
    sells = sells[:lower]
    
    sequential_data = buys + sells
    
    random.shuffle(sequential_data) 

    X = []
    y = []
    
    for seq , target in sequential_data:
        X.append(seq)
        y.append(target)
        
    return np.array(X).astype("float32"), np.array(y)   

    
def classify(current, future):
    if float(future) > float(current):
        return 1
    else:
        return 0


def read_csv(dataset, names):
    # Stands in for the minute CSV: time, close and volume of a made-up coin.
    rs = np.random.RandomState(sum(map(ord, dataset)))
    time_ = 1528968660 + 60 * np.arange(800)
    close = 100 * np.exp(np.cumsum(rs.normal(0, 0.002, 800)))
    volume = rs.uniform(1, 20, 800)
    return time_, close, volume


columns = []
ratios = ["BTC-USD","LTC-USD","ETH-USD","BCH-USD"]

for ratio in ratios:
    dataset = f"crypto_data/{ratio}.csv"
    
    index, close, volume = read_csv(dataset, names=['time','low','high','open','close','volume'])
    columns += [close, volume]  # main_df.join(df[[f"{ratio}_close",f"{ratio}_volume"]])

future = np.concatenate([columns[0][FUTURE_PERIOD_PREDICT:], [np.nan] * FUTURE_PERIOD_PREDICT])  # shift(-3)
target = np.array([classify(c, f) for c, f in zip(columns[0], future)], dtype=float)
main_df = np.stack(columns + [future, target], axis=1)
FUTURE_COLUMN = len(columns)

times = sorted(index)

last_5pct = times[-int(0.05*len(times))]

validation_main_df = main_df[(index >= last_5pct)]
main_df = main_df[(index < last_5pct)]

train_x , train_y = preprocess_df(main_df)
validation_x , validation_y = preprocess_df(validation_main_df)
print(train_x.shape, validation_x.shape, np.bincount(train_y.astype(int)))

model = Sequential()

model.add(LSTM(8,input_shape =(train_x.shape[1:]),
                                 return_sequences=True,
                                 activation = "tanh"))
model.add(Dropout(0.0))
model.add(BatchNormalization())                         

model.add(LSTM(8,input_shape =(train_x.shape[1:]),
                                 return_sequences=True,
                                 activation = "tanh"))
model.add(Dropout(0.0))
model.add(BatchNormalization())                         

model.add(LSTM(8,input_shape =(train_x.shape[1:]),
               activation = "tanh"))
model.add(Dropout(0.0))
model.add(BatchNormalization())                         

model.add(Dense(8,activation = "tanh"))
model.add(Dropout(0.0))

model.add(Dense(2,activation="softmax"))

opt = tf.keras.optimizers.legacy.Adam(learning_rate=0.001,
                               decay = 1e-6)
model.compile(loss='sparse_categorical_crossentropy',
              optimizer = opt,
              metrics = ['accuracy'])

tensorboard = TensorBoard(log_dir=f'logs/{NAME}')

checkpoint_filepath = "models/RNN_Final-{epoch:02d}-{val_accuracy:.3f}.hd5"
checkpoint = ModelCheckpoint(filepath=checkpoint_filepath,
                             monitor='val_accuracy',
                             verbose=1,
                             save_best_only=True,
                             mode='max')

history = model.fit(
    train_x, train_y,
    batch_size = BATCH_SIZE,
    epochs = EPOCHS,
    shuffle=False,
    validation_data = (validation_x,validation_y),
    callbacks =([checkpoint])
)
