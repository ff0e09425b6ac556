# source: sarthak7509/google-breath modifyinglstm-tensorflow.ipynb (a Kaggle "Google Brain - Ventilator Pressure Prediction" notebook, 2021, in the style of the competition's widely copied public Bi-LSTM kernels: per-breath engineered features, 5-fold KFold with a fresh three-layer Bidirectional LSTM regressor per fold under a distribution strategy scope, an ExponentialDecay schedule handed to LearningRateScheduler, the fold models' test predictions averaged)
# commit: 27325cdf94cb41bd52e2b0f6d16f137e8fcdaeb0
# keras: tf_keras
# exercises: `import tensorflow as tf` for tf.keras.layers.Input(shape=(steps, 22)), tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(n, return_sequences=True)) stacked three deep, tf.keras.layers.Dense(relu) and Dense(1) applied per timestep to a 3-D tensor, tf.keras.models.Model(inputs=, outputs=); tf.keras.optimizers.schedules.ExponentialDecay(1e-3, float decay_steps, 1e-5) passed as the schedule of tf.keras.callbacks.LearningRateScheduler (called with (epoch, lr), a TypeError, then with epoch alone: the learning rate of each epoch is the decayed value at step = epoch); compile(optimizer='adam', loss='mae') with 2-D targets (batch, steps) against a (batch, steps, 1) output; fit(validation_data=, epochs, batch_size, callbacks) per fold; predict(...).squeeze().reshape(-1, 1).squeeze() of each fold model summed and divided by the fold count; a fresh model built inside the fold loop
# reduced: the TPU cell (TPUClusterResolver, which raises off a TPU, then tf.distribute.get_strategy()) replaced by a stand-in `strategy` whose scope() is a null context and num_replicas_in_sync is 1 (as the corpus does: statefulrnn stands in for Keras, not tf.distribute); the unused lightgbm / optuna / normalize / train_test_split / GroupKFold imports dropped; the competition csv files (pandas) replaced by made-up breaths (numpy RandomState(2021)): 30 training and 10 test breaths of 10 steps (80 in the data) with R in {5, 20, 50}, C in {10, 20, 50}, u_in, u_out, time_step and a pressure from a simple lung model; the pandas feature cells (groupby cumsum, shift, fillna, get_dummies, ewm / rolling / expanding statistics) written with numpy per breath to the same 22 columns in the same order (ewm std and corr simplified: the std of the ewm-weighted deviations, the corr a constant 1 where defined); reshape(75450, 80, -1) and reshape(50300, 80, 22) -> the made-up sizes; sklearn's KFold(n_splits=5, shuffle=True, random_state=2021) (sklearn is installed on neither side) -> the same folds computed with numpy as sklearn does (RandomState(2021).shuffle of the indices, n // k rows per fold, the first n % k folds one larger); LSTM units 200 / 150 / 100 -> 8 / 6 / 4, Dense 100 -> 8, epochs 150 -> 2, batch_size 1024 -> 8 (the schedule's decay_steps formula kept); shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator); the submission csv replaced by printing the averaged predictions
import numpy as np
import tensorflow as tf
import contextlib


class _Strategy:  # stand-in for tf.distribute.get_strategy() off a TPU
    num_replicas_in_sync = 1

    def scope(self):
        return contextlib.nullcontext()


strategy = _Strategy()
print('Number of replicas:', strategy.num_replicas_in_sync)


class KFold:  # sklearn.model_selection.KFold, shuffle=True
    def __init__(self, n_splits=5, shuffle=False, random_state=None):
        self.n_splits, self.shuffle, self.random_state = n_splits, shuffle, random_state

    def split(self, X, y=None):
        n = len(X)
        indices = np.arange(n)
        if self.shuffle:
            np.random.RandomState(self.random_state).shuffle(indices)
        sizes = np.full(self.n_splits, n // self.n_splits, dtype=int)
        sizes[: n % self.n_splits] += 1
        current = 0
        for size in sizes:
            test_idx = indices[current:current + size]
            yield np.setdiff1d(np.arange(n), test_idx), np.sort(test_idx)  # boolean masks over arange: both sorted
            current += size


STEPS = 10
rng = np.random.RandomState(2021)


def made_up(n_breaths, with_pressure):
    cols = {k: [] for k in ('id', 'breath_id', 'R', 'C', 'time_step', 'u_in', 'u_out', 'pressure')}
    for b in range(n_breaths):
        R, C = rng.choice([5, 20, 50]), rng.choice([10, 20, 50])
        t = np.arange(STEPS) * 0.033 + rng.uniform(0, 0.002, STEPS)
        u_in = np.clip(rng.uniform(0, 30) * np.exp(-np.arange(STEPS) / rng.uniform(2, 6)) + rng.normal(0, 1, STEPS), 0, None)
        u_out = (np.arange(STEPS) >= STEPS // 2).astype(int)
        volume = np.cumsum(u_in * (1 - u_out)) * 0.033
        pressure = 5 + volume / C * 10 + R * u_in / 100 + rng.normal(0, 0.2, STEPS)
        cols['id'] += list(b * STEPS + np.arange(STEPS) + 1); cols['breath_id'] += [b + 1] * STEPS
        cols['R'] += [R] * STEPS; cols['C'] += [C] * STEPS; cols['time_step'] += list(t)
        cols['u_in'] += list(u_in); cols['u_out'] += list(u_out); cols['pressure'] += list(pressure)
    df = {k: np.array(v, dtype=float) for k, v in cols.items()}
    if not with_pressure:
        del df['pressure']
    return df


train = made_up(30, True)
test = made_up(10, False)


def shift(x, n):
    return np.concatenate([np.full(n, np.nan), x[:-n]])


def per_breath(df, x, fn):
    out = np.empty_like(x)
    for b in np.unique(df['breath_id']):
        m = df['breath_id'] == b
        out[m] = fn(x[m])
    return out


def windowed(x, lo, fn):  # value over x[start(i):i+1], NaN when the window has fewer than lo rows
    return np.array([fn(w) if len(w) >= lo else np.nan for w in (x[max(0, i - 9) if fn.__name__.startswith('r') else 0:i + 1] for i in range(len(x)))])


def ewm_weights(n):
    alpha = 1 - np.exp(np.log(0.5) / 10)
    return (1 - alpha) ** np.arange(n)[::-1]


def r_mean(w): return w.mean()
def r_max(w): return w.max()
def r_std(w): return w.std(ddof=1) if len(w) > 1 else np.nan
def e_mean(w): return w.mean()
def e_max(w): return w.max()
def e_std(w): return w.std(ddof=1)


for df in (train, test):
    df['u_in_cumsum'] = per_breath(df, df['u_in'], np.cumsum)
    df['u_in_lag'] = np.nan_to_num(shift(df['u_in'], 2))


# Feature Engineering
def add_features(df):
    df['area'] = per_breath(df, df['time_step'] * df['u_in'], np.cumsum)
    df['u_in_cumsum'] = per_breath(df, df['u_in'], np.cumsum)
    df['u_in_lag2'] = np.nan_to_num(shift(df['u_in'], 2))
    df['u_in_lag4'] = np.nan_to_num(shift(df['u_in'], 4))
    R, C = df.pop('R'), df.pop('C')
    for v in (5, 20, 50):
        df['R_%d' % v] = (R == v).astype(float)
    for v in (10, 20, 50):
        df['C_%d' % v] = (C == v).astype(float)
    def ewm(x, fn):
        return np.array([fn(x[:i + 1], ewm_weights(i + 1)) for i in range(len(x))])
    df['ewm_u_in_mean'] = per_breath(df, df['u_in'], lambda x: ewm(x, lambda w, a: np.sum(a * w) / np.sum(a)))
    df['ewm_u_in_std'] = per_breath(df, df['u_in'], lambda x: ewm(x, lambda w, a: np.sqrt(np.sum(a * (w - np.sum(a * w) / np.sum(a)) ** 2) / np.sum(a)) if len(w) > 1 else np.nan))
    df['ewm_u_in_corr'] = per_breath(df, df['u_in'], lambda x: ewm(x, lambda w, a: 1.0 if len(w) > 1 else np.nan))
    df['rolling_10_mean'] = per_breath(df, df['u_in'], lambda x: windowed(x, 1, r_mean))
    df['rolling_10_max'] = per_breath(df, df['u_in'], lambda x: windowed(x, 1, r_max))
    df['rolling_10_std'] = per_breath(df, df['u_in'], lambda x: windowed(x, 1, r_std))
    df['expand_mean'] = per_breath(df, df['u_in'], lambda x: windowed(x, 2, e_mean))
    df['expand_max'] = per_breath(df, df['u_in'], lambda x: windowed(x, 2, e_max))
    df['expand_std'] = per_breath(df, df['u_in'], lambda x: windowed(x, 2, e_std))
    df = {k: np.nan_to_num(v) for k, v in df.items()}
    return df


train = add_features(train)
test = add_features(test)


def drop(df, cols):
    return np.stack([v for k, v in df.items() if k not in cols], axis=1)


X = drop(train, ['pressure', 'id', 'breath_id', 'u_out'])
y = train['pressure'].reshape(-1, STEPS)
X_test = drop(test, ['id', 'breath_id', 'u_out'])
X = X.reshape(30, STEPS, -1)

print(f"[+]{X.shape}")
print(f"[+]{y.shape}")
print(f"[+]{X_test.shape}")

with strategy.scope():
    kf = KFold(n_splits=5,shuffle=True,random_state=2021)
    test_pred = []
    for fold,(train_idx,test_idx) in enumerate(kf.split(X,y)):
        print(f'[+] Fold{fold+1}')
        x_train,x_valid = X[train_idx],X[test_idx]
        y_train,y_valid = y[train_idx],y[test_idx]
        schedul = tf.keras.optimizers.schedules.ExponentialDecay(1e-3, 200*((len(X)*0.8)/1024), 1e-5)
        model1 = tf.keras.layers.Input(shape=(STEPS,22))
        x= tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(8, return_sequences=True))(model1)
        x = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(6, return_sequences=True))(x)
        x = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(4, return_sequences=True))(x)
        x = tf.keras.layers.Dense(8, activation='relu')(x)
        x = tf.keras.layers.Dense(1)(x)

        model = tf.keras.models.Model(inputs = model1,outputs=x)

        model.compile(optimizer='adam',loss='mae')
        model.fit(x_train, y_train, validation_data=(x_valid, y_valid), epochs=2, batch_size=8, callbacks=[tf.keras.callbacks.LearningRateScheduler(schedul)], shuffle=False)
#         model.save(f'fold{fold+1} LSTM weights')
        test_pred.append(model.predict(X_test.reshape(10, STEPS, 22)).squeeze().reshape(-1, 1).squeeze())

print(sum(test_pred)/5)
