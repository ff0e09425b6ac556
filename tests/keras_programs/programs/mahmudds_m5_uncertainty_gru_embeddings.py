# source: aorursy/new-nb-4 mahmudds_m5-forecasting-uncertainty.py (a Kaggle "M5 Forecasting - Uncertainty" notebook exported to .py, 2020, a copy of the competition's widely forked public "GRU + embeddings" kernel: per-day calendar and per-series categorical features (snap flags, weekday, month, year, event, day of month, item, dept, category, store, state) each through its own Embedding, concatenated into a context joined to six lagged sales features, three GRU(return_sequences) layers with the context concatenated again before the second and third, a Dense(9) of quantiles at every day, trained on a sales-weighted pinball loss with fit_generator over a keras.utils.Sequence of 28-day windows that reshuffles (numpy) at each epoch end, the best epoch's .h5 reloaded into a fresh model with load_weights)
# commit: 0f3302bb4ea0a30b548de23a51b36f48026e57b5
# keras: tf_keras
# exercises: `import tensorflow.keras.layers as L`, `import tensorflow.keras.models as M`, `import tensorflow.keras.backend as K`; fourteen named L.Input((28,)) / L.Input((28, n_in)) given and fed as a dict keyed by input name (the dict's keys in another order than the model's input list); L.Embedding(n, n, name=) on int8 id arrays; L.Concatenate(name=) of 13 embeddings, then with a float16 numeric input; L.GRU(return_sequences=True, name=) x3 with L.Dropout and the context concatenated between; L.Dense(9, activation="linear") per step; M.Model(dict_of_inputs, preds, name="M1"); a custom loss reading y_true[:,:,:1] and the weights y_true[:,0,1] / K.sum(...) against a (batch, 28, 9) prediction (y_true (batch, 28, 2): a loss that returns a scalar); ModelCheckpoint("w.h5", save_best_only=True, mode='min', verbose=1), ReduceLROnPlateau(min_lr=), EarlyStopping; fit_generator(Sequence, epochs, validation_data=(dict, y), callbacks) with the Sequence's own np.random.shuffle in on_epoch_end; a second make_model + load_weights("w.h5") of a whole-model HDF5 file; predict(dict, batch_size=500, verbose=1), evaluate(dict, y, batch_size=5000)
# reduced: the M5 csv files (pandas: sales_train_evaluation / calendar / sell_prices melted, mapped and reduce_mem_usage'd) replaced by made-up series (numpy RandomState(0)): 20 series (42840 in the data) over LEN = 168 days (START 1400 / UPPER 1970: 570 days), Poisson demand, scale1 and sales1 per series, the calendar columns as ids (snap 0/1, wday 0-6, month 0-11, year 0-5, event 0-4, nday 0-30) and the series' item / dept / cat / store / state ids, in the dtypes reduce_mem_usage leaves them (the ids int8, x, the lags, ys float16); the lag features shift(lag) per series written with numpy (NaN in front, as pandas); mods as the notebook sets them but item_id 20, dept_id 7, cat_id 3, store_id 10, state_id 3, event_name 5; NITEMS 42840 -> 20 in DataGenerator's list_IDs; the TensorFlow ops in the losses (statefulrnn stands in for tf.keras, not TensorFlow; the corpus rewrites them to Keras backend functions): tf.constant -> K.constant, tf.maximum -> K.maximum, tf.reduce_mean -> K.mean, tf.reduce_sum -> K.sum; GRU units 100 -> 8; Dropout(0.3) -> Dropout(0.0) (random masks cannot match); batch_size 10_000 -> 8, epochs 100 -> 2; fit_generator given shuffle=False (tf-keras shuffles a Sequence's batch order with Python's random); the plots, the random-series printout and the submission DataFrame (pandas) replaced by printing a few quantiles of the rescaled predictions
import numpy as np
import itertools as it

# ---- made-up M5 data, in the shapes make_dataset leaves ---------------------------------------
rng = np.random.RandomState(0)
NITEMS = 20
START = 1400
LEN = 168
maps = {}
mods = {"snap_CA": 2, "snap_TX": 2, "snap_WI": 2, "wday": 7, "month": 12, "year": 6,
        "event_name": 5, "nday": 31, "item_id": 20, "dept_id": 7, "cat_id": 3,
        "store_id": 10, "state_id": 3}

days = np.arange(LEN)
cal = np.stack([rng.randint(0, 2, LEN), rng.randint(0, 2, LEN), rng.randint(0, 2, LEN),
                days % 7, (days // 30) % 12, np.minimum(days // 365 + 4, 5),
                np.where(rng.rand(LEN) < 0.1, rng.randint(1, 5, LEN), 0), days % 31], axis=1)
ser = np.stack([np.arange(NITEMS), rng.randint(0, 7, NITEMS), rng.randint(0, 3, NITEMS),
                rng.randint(0, 10, NITEMS), rng.randint(0, 3, NITEMS)], axis=1)
C = np.concatenate([np.broadcast_to(cal[None], (NITEMS, LEN, 8)),
                    np.broadcast_to(ser[:, None], (NITEMS, LEN, 5))], axis=2).astype(np.int8)

level = rng.uniform(0.5, 6.0, NITEMS)
demand = rng.poisson(level[:, None] * (1.0 + 0.3 * np.sin(2 * np.pi * days / 7))[None]).astype(np.float16)
scale1 = np.broadcast_to((level + 0.5)[:, None], (NITEMS, LEN)).astype(np.float16)
sales1 = np.broadcast_to(rng.uniform(1, 50, NITEMS)[:, None], (NITEMS, LEN)).astype(np.float16)
x = demand / scale1

LAGS = [28, 35, 42, 49, 56, 63]
FEATS = []
lagged = []
for lag in LAGS:
    shifted = np.full_like(x, np.nan)
    shifted[:, lag:] = x[:, :-lag]
    lagged.append(shifted)
    FEATS.append(f"x_{lag}")

scale = np.asarray(scale1)
ys = np.stack([x, sales1], axis=2)
Z = np.stack(lagged, axis=2)
print(scale.shape, ys.shape, Z.shape)
MAX_LAG = max(LAGS)
print(LEN, MAX_LAG)
CATCOLS = ['snap_CA', 'snap_TX', 'snap_WI', 'wday', 'month', 'year', 'event_name', 'nday',
           'item_id', 'dept_id', 'cat_id', 'store_id', 'state_id']
print(C.shape, Z.shape, ys.shape, LEN)

# ---- the notebook's model code ------------------------------------------------------------------
import tensorflow.keras.layers as L
import tensorflow.keras.models as M
import tensorflow.keras.backend as K
from tensorflow.keras.callbacks import ModelCheckpoint, ReduceLROnPlateau, EarlyStopping
import tensorflow as tf


def make_data(c, z, y):
    x = {"snap_CA": c[:, :, 0], "snap_TX": c[:, :, 1], "snap_WI": c[:, :, 2], "wday": c[:, :, 3],
         "month": c[:, :, 4], "year": c[:, :, 5], "event": c[:, :, 6], "nday": c[:, :, 7],
         "item": c[:, :, 8], "dept": c[:, :, 9], "cat": c[:, :, 10], "store": c[:, :, 11],
         "state": c[:, :, 12], "num": z}
    t = y
    return x, t


class DataGenerator(tf.keras.utils.Sequence):
    'Generates data for Keras'
    def __init__(self, x, brks, batch_size=32, shuffle=True):
        'Initialization'
        self.batch_size = batch_size
        self.c = x[0]
        self.z = x[1]
        self.y = x[2]
        self.brks = brks.copy()
        self.list_IDs = np.array(range(NITEMS))
        self.shuffle = shuffle
        self.nb_batch = int(np.ceil(len(self.list_IDs) / self.batch_size))
        self.n_windows = brks.shape[0]
        self.on_epoch_end()

    def __len__(self):
        'Denotes the number of batches per epoch'
        return int(np.ceil(len(self.list_IDs) / self.batch_size)) * (self.n_windows)

    def __getitem__(self, index):
        'Generate one batch of data'
        idx, kx = self.ids[index]
        batch_ids = self.list_IDs[idx * self.batch_size:(idx + 1) * self.batch_size]
        X, y = self.__data_generation(batch_ids, kx)
        return X, y

    def on_epoch_end(self):
        'Updates indexes after each epoch'
        self.ids = list(it.product(np.arange(0, self.nb_batch), self.brks))
        if self.shuffle == True:
            np.random.shuffle(self.ids)

    def __data_generation(self, batch_ids, kx):
        'Generates data containing batch_size samples'
        x_batch, y_batch = make_data(self.c[batch_ids, kx - 28:kx], self.z[batch_ids, kx - 28:kx],
                                     self.y[batch_ids, kx - 28:kx])
        return x_batch, y_batch


xv, yv = make_data(C[:, LEN - 56:LEN - 28, :], Z[:, LEN - 56:LEN - 28, :], ys[:, LEN - 56:LEN - 28])  # val
xe, ye = make_data(C[:, LEN - 28:LEN, :], Z[:, LEN - 28:LEN, :], ys[:, LEN - 28:LEN])  # test
print(xv['snap_CA'].shape, xe['snap_CA'].shape)


def wqloss(y_true, y_pred):
    # Pinball loss for multiple quantiles
    qs = [0.005, 0.025, 0.165, 0.250, 0.500, 0.750, 0.835, 0.975, 0.995]
    q = K.constant(np.array([qs]), dtype=tf.float32)
    e = y_true[:, :, :1] - y_pred
    v = K.maximum(q * e, (q - 1) * e)
    psl = K.mean(v, axis=[1, 2])
    weights = y_true[:, 0, 1] / K.sum(y_true[:, 0, 1])
    return K.sum(psl * weights)


def qloss(y_true, y_pred):
    # Pinball loss for multiple quantiles
    qs = [0.005, 0.025, 0.165, 0.250, 0.500, 0.750, 0.835, 0.975, 0.995]
    q = K.constant(np.array([[qs]]), dtype=tf.float32)
    e = y_true - y_pred
    v = K.maximum(q * e, (q - 1) * e)
    return K.mean(v)


def make_model(n_in):

    seq_len = 28
    num = L.Input((seq_len, n_in,), name="num")

    ca = L.Input((seq_len,), name="snap_CA")
    tx = L.Input((seq_len,), name="snap_TX")
    wi = L.Input((seq_len,), name="snap_WI")
    wday = L.Input((seq_len,), name="wday")
    month = L.Input((seq_len,), name="month")
    year = L.Input((seq_len,), name="year")
    event = L.Input((seq_len,), name="event")
    nday = L.Input((seq_len,), name="nday")
    item = L.Input((seq_len,), name="item")
    dept = L.Input((seq_len,), name="dept")
    cat = L.Input((seq_len,), name="cat")
    store = L.Input((seq_len,), name="store")
    state = L.Input((seq_len,), name="state")
    inp = {"snap_CA": ca, "snap_TX": tx, "snap_WI": wi, "wday": wday,
           "month": month, "year": year, "event": event, "nday": nday,
           "item": item, "dept": dept, "cat": cat, "store": store,
           "state": state, "num": num}
    #
    ca_ = L.Embedding(mods["snap_CA"], mods["snap_CA"], name="ca_3d")(ca)
    tx_ = L.Embedding(mods["snap_TX"], mods["snap_TX"], name="tx_3d")(tx)
    wi_ = L.Embedding(mods["snap_WI"], mods["snap_WI"], name="wi_3d")(wi)
    wday_ = L.Embedding(mods["wday"], mods["wday"], name="wday_3d")(wday)
    month_ = L.Embedding(mods["month"], mods["month"], name="month_3d")(month)
    year_ = L.Embedding(mods["year"], mods["year"], name="year_3d")(year)
    event_ = L.Embedding(mods["event_name"], mods["event_name"], name="event_3d")(event)
    nday_ = L.Embedding(mods["nday"], mods["nday"], name="nday_3d")(nday)
    item_ = L.Embedding(mods["item_id"], 10, name="item_3d")(item)
    dept_ = L.Embedding(mods["dept_id"], mods["dept_id"], name="dept_3d")(dept)
    cat_ = L.Embedding(mods["cat_id"], mods["cat_id"], name="cat_3d")(cat)
    store_ = L.Embedding(mods["store_id"], mods["store_id"], name="store_3d")(store)
    state_ = L.Embedding(mods["state_id"], mods["state_id"], name="state_3d")(state)

    p = [ca_, tx_, wi_, wday_, month_, year_, event_, nday_, item_, dept_, cat_, store_, state_]
    context = L.Concatenate(name="context")(p)

    x = L.Concatenate(name="x1")([context, num])
    x = L.GRU(8, return_sequences=True, name="d1")(x)
    x = L.Dropout(0.0)(x)
    x = L.Concatenate(name="m1")([x, context])
    x = L.GRU(8, return_sequences=True, name="d2")(x)
    x = L.Dropout(0.0)(x)
    x = L.Concatenate(name="m2")([x, context])
    x = L.GRU(8, return_sequences=True, name="d3")(x)
    preds = L.Dense(9, activation="linear", name="preds")(x)
    model = M.Model(inp, preds, name="M1")
    model.compile(loss=wqloss, optimizer="adam")
    return model


net = make_model(Z.shape[2])
ckpt = ModelCheckpoint("w.h5", monitor='val_loss', verbose=1, save_best_only=True, mode='min')
reduce_lr = ReduceLROnPlateau(monitor='val_loss', factor=0.2,
                              patience=5, min_lr=0.0005)
es = EarlyStopping(monitor='val_loss', patience=20)
print(net.summary())
n_slices = LEN // 28
brks = np.array([LEN - (n_slices - i) * 28 for i in range(n_slices + 1)])
brks = brks[brks >= max(LAGS) + 28]
print(LEN, C.shape, Z.shape)
print(brks)
print(C.min(), ys.min(), Z[:, 66:].min())
net.fit_generator(DataGenerator((C, Z, ys), brks[:-1], batch_size=8), epochs=2,
                  validation_data=(xv, yv), callbacks=[ckpt, reduce_lr, es], shuffle=False)
nett = make_model(Z.shape[2])
nett.load_weights("w.h5")
pv = nett.predict(xv, batch_size=500, verbose=1)
pe = nett.predict(xe, batch_size=500, verbose=1)
nett.evaluate(xv, yv, batch_size=5000)
sv = scale[:, LEN - 56:LEN - 28]
se = scale[:, LEN - 28:LEN]
QUANTILES = ["0.005", "0.025", "0.165", "0.250", "0.500", "0.750", "0.835", "0.975", "0.995"]
for i, quantile in enumerate(QUANTILES):
    print(quantile, (pv[:, :, i] * sv)[:2, :3], (pe[:, :, i] * se)[:2, :3])
