# source: DinaMakarova/return-prediction-lstm main.ipynb with model.py (model_fn, random_search) and prep_data.py (a student project, 2024: next-day direction of META's return from 7-day windows of standardized returns and volumes of AMZN, INTC and META; a hand-written random search over LSTM size, dropout and learning rate, each trial a fresh tf.keras Sequential trained with fit_generator on TimeseriesGenerator batches and EarlyStopping(restore_best_weights), the best trial saved to HDF5, clear_session between improvements, the best model reloaded and scored with evaluate_generator)
# commit: 9508aace5f9362a2275abfc7c4230be67a61b680
# keras: tf_keras
# exercises: `import tensorflow as tf` for tf.keras.Sequential, tf.keras.layers.LSTM(n, input_shape=(7, 6)), tf.keras.layers.Dropout, tf.keras.layers.Dense(1, activation='sigmoid'), tf.keras.optimizers.Adam(lr) positional, tf.keras.callbacks.EarlyStopping(monitor='val_accuracy', patience, restore_best_weights=True), tf.keras.backend.clear_session(), tf.keras.models.load_model of an '.h5' file; `from tensorflow.keras.preprocessing.sequence import TimeseriesGenerator` (length=7, batch_size=32, a last partial batch) for training, validation and test; compile(loss='binary_crossentropy', metrics=['accuracy']); Keras 2's fit_generator(gen, validation_data=gen, callbacks, epochs, verbose=1).history and evaluate_generator(gen); a random search drawing each hyperparameter with np.random.randint over np.linspace grids (numpy ints and floats passed as units and learning rate), np.argmax of history['val_accuracy'], model.save(path) of the best trial
# reduced: model.py's module-level globals (it has no imports and reads train_generator from the notebook, so `from model import model_fn` cannot run as stored) inlined into one script after the data cells; the three Nasdaq csv files (pandas) replaced by 160 made-up trading days of prices and volumes (numpy RandomState(3), META's return partly driven by AMZN's and INTC's of the day before); prep_data's pandas steps (str.replace('$'), shift, dropna, rolling(50) mean/std, std with ddof=1) written with numpy on arrays, the rolling window 50 -> 5 (the splits are short), and sklearn's train_test_split(shuffle=False) (sklearn is installed on neither side) -> the same 0.8 / 0.25 head/tail slicing it does (ceil of the test share); search_space lstm_size np.linspace(10, 150, 5) -> np.linspace(2, 10, 5), dropout np.linspace(0, 0.6, 5) -> np.linspace(0, 0.0, 5) (random masks cannot match; the same five draws), iterations 25 -> 3, np.random.seed(1) added (the notebook draws unseeded), epochs 100 -> 4, patience 10 -> 2; shuffle=False added to fit_generator (tf-keras shuffles a Sequence's batches with Python's random); the search dir under a temp dir; results.to_csv / DataFrame.sort_values -> a printed sorted list; matplotlib cell dropped
import os
import math
import tempfile
import numpy as np
import tensorflow as tf
# import keras
from tensorflow.keras.preprocessing.sequence import TimeseriesGenerator

np.random.seed(1)


# ---- made-up stand-in for data/hd_{amzn,intc,meta}.csv ----
def read_stock(rng, n, base, drive=None):
    ret = rng.normal(scale=0.02, size=n)
    if drive is not None:
        ret[1:] += 0.6 * drive[:-1]
    price = base * np.cumprod(1 + ret)
    volume = rng.lognormal(mean=16, sigma=0.3, size=n)
    return {"Date": np.arange(n), "Close/Last": np.array(["$%.2f" % p for p in price]),
            "Volume": volume, "Open": price, "High": price, "Low": price}


rng = np.random.RandomState(3)
amzn = read_stock(rng, 160, 120.0)
intc = read_stock(rng, 160, 30.0)
meta = read_stock(rng, 160, 300.0, drive=np.diff(np.log(np.array([float(p[1:]) for p in amzn["Close/Last"]])), prepend=0.0)
                  - np.diff(np.log(np.array([float(p[1:]) for p in intc["Close/Last"]])), prepend=0.0))


# ---- prep_data.py (pandas -> numpy) ----
def clean_data(df):
    df = {k: v for k, v in df.items() if k not in ("Open", "High", "Low")}
    df["Price"] = np.array([s.replace('$', '') for s in df.pop("Close/Last").astype(str)]).astype(float)
    return df


def generate_return(df):
    shifted = np.concatenate([[np.nan], df['Price'][:-1]])
    return df['Price'] / shifted - 1


def standardise_return(ret):
    return (ret - ret.mean()) / ret.std(ddof=1)


def rolling(x, window, fn):
    out = np.full(len(x), np.nan)
    for i in range(window - 1, len(x)):
        out[i] = fn(x[i - window + 1:i + 1])
    return out


def standardise_volume(vol):
    return (vol - rolling(vol, 5, np.mean)) / rolling(vol, 5, lambda w: w.std(ddof=1))


# ---- the notebook's data cells ----
amzn_cl = clean_data(amzn)
intc_cl = clean_data(intc)
meta_cl = clean_data(meta)

amzn_cl["Return"] = generate_return(amzn_cl)
intc_cl["Return"] = generate_return(intc_cl)
meta_cl["Return"] = generate_return(meta_cl)

def dropna(df, cols=None):
    keep = np.all([~np.isnan(np.asarray(v, dtype=float)) for k, v in df.items() if cols is None or k in cols], axis=0)
    return {k: v[keep] for k, v in df.items()}

amzn_cl = dropna(amzn_cl)
intc_cl = dropna(intc_cl)
meta_cl = dropna(meta_cl)

meta_cl['label'] = np.where(meta_cl["Return"] > 0, 1, 0)

data = {"Date": amzn_cl["Date"],
        "amzn_price": amzn_cl["Price"], "amzn_volume": amzn_cl["Volume"], "amzn_return": amzn_cl["Return"],
        "intc_price": intc_cl["Price"], "intc_volume": intc_cl["Volume"], "intc_return": intc_cl["Return"],
        "meta_price": meta_cl["Price"], "meta_volume": meta_cl["Volume"], "meta_return": meta_cl["Return"],
        "label": meta_cl["label"]}


def train_test_split(df, test_size, shuffle=False):  # sklearn's, unshuffled
    n = len(df["Date"])
    n_test = math.ceil(test_size * n)
    return {k: v[:n - n_test] for k, v in df.items()}, {k: v[n - n_test:] for k, v in df.items()}


data_train_val, data_test = train_test_split(data, test_size=0.20, shuffle=False)
data_train, data_val = train_test_split(data_train_val, test_size=0.25, shuffle=False)

for d in (data_test, data_train, data_val):
    for s in ("amzn", "intc", "meta"):
        d['std_return_' + s] = standardise_return(d[s + "_return"])
        d['std_volume_' + s] = standardise_volume(d[s + "_volume"])

data_train = dropna(data_train)
data_val = dropna(data_val)
data_test = dropna(data_test)

FEATURES = ['std_return_amzn', 'std_volume_amzn', 'std_return_intc', 'std_volume_intc', 'std_return_meta', 'std_volume_meta']
train_generator = TimeseriesGenerator(
    np.stack([data_train[c] for c in FEATURES], axis=1), data_train['label'], length=7, batch_size=32)
val_generator = TimeseriesGenerator(
    np.stack([data_val[c] for c in FEATURES], axis=1), data_val['label'], length=7, batch_size=32)
test_generator = TimeseriesGenerator(
    np.stack([data_test[c] for c in FEATURES], axis=1), data_test['label'], length=7, batch_size=32)
print(len(train_generator), len(val_generator), len(test_generator))


# ---- model.py ----
def model_fn(params):
    model = tf.keras.Sequential()
    model.add(tf.keras.layers.LSTM(params['lstm_size'], input_shape=(7, 6)))
    model.add(tf.keras.layers.Dropout(params['dropout']))
    model.add(tf.keras.layers.Dense(1, activation='sigmoid'))
    model.compile(
        optimizer = tf.keras.optimizers.Adam(params['learning_rate']), loss='binary_crossentropy', metrics=['accuracy'])
    callbacks = [tf.keras.callbacks.EarlyStopping(monitor='val_accuracy', patience=2, restore_best_weights=True)]
    history = model.fit_generator(
        train_generator, validation_data=val_generator, callbacks=callbacks, epochs=4, verbose=1, shuffle=False).history
    return (history, model)


def random_search(model_fn, search_space, n_iter, search_dir):
    results = []
    os.mkdir(search_dir)
    best_model_path = os.path.join(search_dir, 'best_model.h5')
    results_path = os.path.join(search_dir, 'results.csv')

    for i in range(n_iter):
        params = {k: v[np.random.randint(len(v))] for k, v in search_space.items()}
        history, model = model_fn(params)
        epochs = np.argmax(history['val_accuracy']) + 1
        result = {k: v[epochs - 1] for k, v in history.items()}
        params['epochs'] = epochs
        if i == 0:
            best_val_acc = result['val_accuracy']
            model.save(best_model_path)
        if result['val_accuracy'] > best_val_acc:
            best_val_acc = result['val_accuracy']
            model.save(best_model_path)
            result = {**params, **result}
            results.append(result)
            tf.keras.backend.clear_session()
            print(f"iteration {i + 1} – {', '.join(f'{k}:{v:.4g}' for k, v in result.items())}")

    best_model = tf.keras.models.load_model(best_model_path)
    print(results)  # pd.DataFrame(results).to_csv(results_path)
    return (results, best_model, history)


search_space = {'lstm_size': np.linspace(2, 10, 5, dtype=int),
                'dropout': np.linspace(0, 0.0, 5),
                'learning_rate': np.linspace(0.0001, 0.01, 5)}
iterations = 3

results, best_model, history = random_search(model_fn, search_space, iterations, os.path.join(tempfile.mkdtemp(), 'search_new'))

print(sorted(results, key=lambda r: r['val_accuracy'], reverse=True)[:5])

print(best_model.evaluate_generator(test_generator))
