# source: flowel1/gru4rec-keras Gru4Rec_Keras.ipynb (a tf.keras GRU4Rec, "Session-based Recommendations with Recurrent Neural Networks", Hidasi et al. 2016, after Songweiping/GRU4Rec_TensorFlow: session-parallel mini-batches through a stateful GRU whose rows are zeroed one by one as sessions end, the TOP1 ranking loss, then each session's final hidden state written back with reset_states to score the held-out last items)
# commit: 242233144db5abe647ec6e95dd362dc7087cbf06
# keras: tf_keras
# exercises: tf.keras.models.Sequential with tf.keras.layers.GRU(name='GRU_1', units, activation='relu', stateful=True, return_sequences=False) and Dense(n_classes, activation='linear'); a lambda metric over tf.keras.metrics.top_k_categorical_accuracy(k=3) given a __name__, listed with 'accuracy' in compile(loss=TOP1 (a hand-written ranking loss of batched matrix products), optimizer='adam'); model.build(input_shape=(batch_size, 1, n_classes)); print(model.summary()); session-parallel batches: layer.name.startswith('GRU_'), layer.states[0] is not None, layer.states[0].numpy(), one row zeroed and written back with self.model.layers[nl].reset_states(hidden_updated) (positional states) while training on one-hot inputs; a ModelCheckpoint-like save to .hdf5 per epoch; model.reset_states(); predict(X) at the stateful batch size to walk every session, np.array of layer.states[0][i, :] slices collected per session; then reset_states(final_states[rows, layer, :]) per batch of sessions and predict on the last inputs; tf.keras.metrics.top_k_categorical_accuracy on the predictions
# reduced: workouts_clean_2.csv (pandas read_csv) replaced by 10 made-up sessions (numpy, seed 0) of 3 to 6 events over 6 item names; pandas (not installed in either environment) replaced by numpy: the DataFrame is a dict of columns, sort_values(['session','timestamp']) a lexsort, groupby('session').size().cumsum() a unique count, item.unique() first-seen order, df.iloc[~isin(offsets[1:] - 1)] a boolean row mask, X_test/y_test the item column at the offsets, pd.concat a numpy concatenate; statefulrnn stands in for Keras, not TensorFlow (`import tensorflow as tf` becomes `import statefulrnn as tf`), so tf.one_hot(i, depth) -> a row of np.eye, tf.constant(..., dtype=tf.float32) -> np.asarray(..., dtype='float32'), and TOP1's tf.matmul -> K.batch_dot (the same batched product for these 3-d tensors), tf.expand_dims / tf.ones_like / tf.squeeze / tf.reduce_sum / tf.nn.sigmoid / tf.sigmoid / tf.square -> the keras.backend functions of the same names (K.sum, K.sigmoid), and the final tf.reduce_sum(...) / n -> np.sum; the first loss cell (a BPR and TOP1 through tf.nn.embedding_lookup and tf.linalg.diag_part, both redefined by the next cell before use) and the BPR of the second cell (unused) left out; model.build moved before compile (the harness hands both runs Keras's starting weights at a model's first compile, when they must exist); fit_generator(generator, steps_per_epoch, epochs, callbacks=[ModelCheckpoint('gru-chkpt-{epoch:02d}.hdf5')], shuffle=False) -> a loop of train_on_batch over the same generator and model.save of the same file names after each epoch: tf-keras runs a generator in a tf.data thread one or more batches ahead of the step being trained (from_generator + prefetch), so the generator's own reset_states calls land at times that vary from run to run; batch_size 16 -> 4, n_hidden 64 -> 8, steps_per_epoch 10000 -> 6, epochs 5 -> 2; np.save/np.load of final_states.npy kept in memory; the progress print every 100 sessions left out (never reached)
import tensorflow as tf
import tensorflow.keras.backend as K
import numpy as np

np.random.seed(0)


class SessionDataset:

      def __init__(self, df):

          order = np.lexsort((df['timestamp'], df['session']))
          self.df = {key: column[order] for key, column in df.items()} # session (int) | timestamp (int) | item (string)
          self.offsets    = np.concatenate((np.zeros(1, dtype = np.int32), np.unique(self.df['session'], return_counts = True)[1].cumsum()))
          self.n_sessions = len(self.offsets) - 1

          _, first = np.unique(self.df['item'], return_index = True)
          self.item_to_id = {item : i for i, item in enumerate(self.df['item'][np.sort(first)])}
          self.id_to_item = {i : item for i, item in self.item_to_id.items()}

          self.n_items = len(self.item_to_id)
          self.item_to_one_hot = {item : np.eye(self.n_items, dtype = np.float32)[self.item_to_id[item]] for item in self.item_to_id.keys()}

      def extract_session(self, i, one_hot_encoded = True):

          session = list(self.df['item'][self.offsets[i]:self.offsets[i+1]])
          if one_hot_encoded:
              session = [self.item_to_one_hot[x] for x in session]
          return session


def TOP1(y_true, y_pred):
    _y_pred = K.expand_dims(y_pred, axis = -1)  # (BATCH_SIZE, n_classes) ---> (BATCH_SIZE, n_classes, 1) 
    mat = K.batch_dot(K.expand_dims(K.ones_like(y_true), -1), K.expand_dims(y_true, axis = 1)) # (BATCH_SIZE, n_classes, 1) x (BATCH_SIZE, 1, n_classes) --> (BATCH_SIZE, n_classes, n_classes)
    score_diffs = K.batch_dot(mat, _y_pred) # (BATCH_SIZE, n_classes, n_classes) x (BATCH_SIZE, n_classes, 1) --> (BATCH_SIZE, n_classes, 1)
    score_diffs = K.squeeze(score_diffs - _y_pred, -1) # (BATCH_SIZE, n_classes)
    loss_by_sample = K.sum(K.sigmoid(K.square(y_pred)), axis = -1) + \
                      K.sum(K.sigmoid(-score_diffs), axis = -1) + \
                    -K.squeeze(K.squeeze(K.sigmoid(K.square(K.batch_dot(K.expand_dims(y_true, 1), _y_pred))), -1), -1)
    return K.sum(loss_by_sample)


class Gru4Rec:

    def __init__(self, n_classes, n_layers = 1, n_hidden = 8, loss = TOP1, batch_size = 4):

        self.n_classes  = n_classes   # = number of items

        self.n_layers = n_layers  # number of stacked GRU layers
        self.n_hidden = n_hidden  # dimension of GRU cell's hidden state
        self.loss     = loss
        self.batch_size = batch_size

        self.model = self.build_model()

    def build_model(self):

        model = tf.keras.models.Sequential()
        for i in range(self.n_layers):
            model.add(tf.keras.layers.GRU(name = 'GRU_{}'.format(i+1),
                                          units      = self.n_hidden, 
                                          activation = 'relu', 
                                          stateful   = True,
                                          return_sequences = (i < self.n_layers - 1)))
        model.add(tf.keras.layers.Dense(units = self.n_classes, activation = 'linear'))

        top3accuracy = lambda y_true, y_pred: tf.keras.metrics.top_k_categorical_accuracy(y_true, y_pred, k = 3)
        top3accuracy.__name__ = 'top3accuracy'
        model.build(input_shape = (self.batch_size, 1, self.n_classes))
        model.compile(loss = self.loss, optimizer = 'adam', metrics = ['accuracy', top3accuracy])

        print(model.summary())

        return model

    def _reset_hidden(self, i):

        for nl, layer in enumerate(self.model.layers):   # session has change: reset related hidden state
            if layer.name.startswith('GRU_') and layer.states[0] is not None:
                hidden_updated = layer.states[0].numpy()
                hidden_updated[i, :] = 0.
                self.model.layers[nl].reset_states(hidden_updated)

    def train_batch_generator(self, dataset):  # session | item | timestamp

      assert dataset.n_sessions > self.batch_size, "Training set is too small"
      ixs = np.arange(dataset.n_sessions)

      stacks = [[]] * self.batch_size
      next_session_id = 0

      X, y = np.empty(shape = (self.batch_size, 1, self.n_classes)), np.empty(shape = (self.batch_size, self.n_classes))
      X[:], y[:] = None, None
      while True:
          for i in range(self.batch_size):
              # 1. If stack i has only one element: change session
              if len(stacks[i]) <= 1:
                  if next_session_id >= dataset.n_sessions: # no more sessions available: shuffle sessions and restart
                      np.random.shuffle(ixs)
                      next_session_id = 0
                  while not len(stacks[i]) >= 2:   # ignore sessions with only one element
                      stacks[i] = dataset.extract_session(ixs[next_session_id])[::-1]
                      next_session_id += 1
                  self._reset_hidden(i)
              # 2. Stack i is now valid: set input + target variables
              X[i, 0] = stacks[i].pop()
              y[i]    = stacks[i][-1]

          yield np.asarray(X, dtype = 'float32'), np.asarray(y, dtype = 'float32')

    def fit(self, dataset, steps_per_epoch = 6, epochs = 2):

        generator = self.train_batch_generator(dataset)
        for epoch in range(epochs):
            for step in range(steps_per_epoch):
                X, y = next(generator)
                self.model.train_on_batch(X, y)
            self.model.save("gru-chkpt-{epoch:02d}.hdf5".format(epoch = epoch + 1))

    def get_final_hidden_states(self, dataset):

        final_states = np.empty(shape = (dataset.n_sessions, self.n_layers, self.n_hidden))
        final_states[:] = None
        done = [False] * dataset.n_sessions

        stacks = [dataset.extract_session(i)[::-1] for i in range(self.batch_size)]   # events are in reverse time order
        next_session_id = self.batch_size
        batch_idx_to_session = np.arange(self.batch_size)
        X = np.empty(shape = (self.batch_size, 1, self.n_classes))

        self.model.reset_states()

        n_done = 0
        while n_done < dataset.n_sessions:
            for i in range(self.batch_size):
                while len(stacks[i]) == 1:
                    if not done[batch_idx_to_session[i]]:
                        final_states[batch_idx_to_session[i], :] = np.array([layer.states[0][i, :] for layer in self.model.layers if layer.name.startswith('GRU_')])
                        done[batch_idx_to_session[i]] = True
                        n_done += 1
                        if n_done % 100 == 0:
                            print("{} / {}".format(n_done, dataset.n_sessions))
                    if next_session_id >= dataset.n_sessions: # restart from the beginning
                        next_session_id = 0
                    stacks[i] = dataset.extract_session(next_session_id)[::-1]
                    batch_idx_to_session[i] = next_session_id
                    next_session_id += 1
                    self._reset_hidden(i)   # session has changes --> reset corresponding hidden state
                X[i, 0] = stacks[i].pop()

            _ = self.model.predict(X)   # hidden states get updated
            
        return final_states


# Made-up workouts: 10 sessions of 3 to 6 events over 6 items
items = np.array(['squat', 'bench', 'row', 'press', 'deadlift', 'curl'])
lengths = [4, 3, 5, 6, 3, 4, 5, 3, 4, 6]
session_col, time_col, item_col = [], [], []
for s, n in enumerate(lengths):
    session_col += [s] * n
    time_col += list(np.sort(np.random.randint(0, 1000, size = n)))
    item_col += list(items[np.random.randint(0, len(items), size = n)])
perm = np.random.permutation(len(session_col))
raw = {'session': np.array(session_col)[perm], 'timestamp': np.array(time_col)[perm], 'item': np.array(item_col)[perm]}

order = np.lexsort((raw['timestamp'], raw['session']))
df = {key: column[order] for key, column in raw.items()}
offsets = np.concatenate((np.zeros(1, dtype = np.int32), np.unique(df['session'], return_counts = True)[1].cumsum()))

keep = ~np.isin(np.arange(len(df['session'])), offsets[1:] - 1)
dataset_train = SessionDataset({key: column[keep] for key, column in df.items()})    # training set: remove last element from each session

X_test = df['item'][offsets[1:] - 2]
y_test = df['item'][offsets[1:] - 1]

g4r = Gru4Rec(n_classes = dataset_train.n_items)
g4r.fit(dataset_train)

final_states = g4r.get_final_hidden_states(dataset_train)

g4r.model.reset_states()

rem = dataset_train.n_sessions % g4r.batch_size
if rem > 0:
  X_test = np.concatenate((X_test, X_test[:(g4r.batch_size - rem)]), axis = 0)

y_pred = np.empty(shape = (dataset_train.n_sessions, g4r.n_classes))
y_pred[:] = None
X = np.empty(shape = (g4r.batch_size, 1, g4r.n_classes))
for batch_id in range(dataset_train.n_sessions // g4r.batch_size):
    X[:] = None
    for i in range(g4r.batch_size):
        X[i, :] = dataset_train.item_to_one_hot[X_test[batch_id * g4r.batch_size + i]]
    nlg = 0
    for nl, layer in enumerate(g4r.model.layers):
        if layer.name.startswith('GRU_'):
            g4r.model.layers[nl].reset_states(final_states[batch_id * g4r.batch_size : (batch_id + 1) * g4r.batch_size, nlg, :])
            nlg += 1
    y_pred[batch_id * g4r.batch_size : (batch_id + 1) * g4r.batch_size, :] = g4r.model.predict(X)[:g4r.batch_size]

y_pred = np.asarray(y_pred[:dataset_train.n_sessions], dtype = 'float32')

y_true = np.empty(shape = (dataset_train.n_sessions, dataset_train.n_items))
for i in range(y_true.shape[0]):
    y_true[i, :] = dataset_train.item_to_one_hot[y_test[i]]
y_true = np.asarray(y_true, dtype = 'float32')

print(np.sum(tf.keras.metrics.top_k_categorical_accuracy(y_true, y_pred, k = 3)) / y_true.shape[0])
