# source: paxcema/KerasGRU4Rec model/gru4rec.py (the Keras implementation of GRU4Rec, "Session-based Recommendations with Recurrent Neural Networks", with yhs-968/pyGRU4REC's session-parallel mini-batch loader)
# commit: 5f52c60654079e0448f7889da417784fcc0e6f1c
# keras: tf_keras
# exercises: a functional Model on Input(batch_shape=(batch_size, 1, n_items)) through GRU(100, stateful=True, return_state=True, name="GRU") (its state output left unused), Dropout and Dense(n_items, softmax), compiled with the categorical_crossentropy function and tf.keras.optimizers.legacy.Adam(lr=0.001, epsilon=None, decay=0.0, amsgrad=False); model.summary(); session-parallel mini-batches: before every train_on_batch / predict the GRU's state is read with model.get_layer(name="GRU").states[0].numpy(), the rows of the sessions that just ended are set to zero, and the state is written back with gru_layer.reset_states(states=hidden_states), so each row of the batch carries its own session and restarts when a new session takes its place; to_categorical one-hot inputs expanded to one time step; Recall@20 and MRR@20 from predict(batch_size=...) on the test sessions
# reduced: the RSC15 click files (pandas read_csv) replaced by made-up sessions (numpy, fixed seed): 14 training sessions and 6 test sessions of 2 to 5 clicks over 12 item ids; pandas (not installed in the test environments) replaced by numpy in SessionDataset and SessionDataLoader: the DataFrame is a dict of numpy columns (SessionId, ItemId, Time, item_idx), sort_values([session_key, time_key]) is a numpy.lexsort, groupby(...).size().cumsum() a numpy.unique count, nunique() len(numpy.unique(...)), unique() keeps the first-seen order as pandas does, the itemmap a dict of two columns and pd.merge(..., how='inner') a lookup that keeps the rows whose item is in the map, df.item_idx.values is df['item_idx']; tqdm (not installed) replaced by a minimal stand-in class with the same set_description/update calls; tf.keras.optimizers.Adam -> tf.keras.optimizers.legacy.Adam with the same arguments (the new tf-keras optimizer refuses `decay`, and its error message names the legacy one); Dropout(0.25) -> Dropout(0.0) (random masks cannot match); batch size 512 -> 4 and 10 epochs -> 3 (range(1, 3): two passes); parser.parse_args() -> parser.parse_args([]) (the harness's own command line is not the program's), args.train_data/test_data made from the arrays above (args.dev_data unused, as in the original); `int((np.where(mrr_idx == tru_idx[0])[0]+1))` -> `int((np.where(mrr_idx == tru_idx[0])[0][0]+1))` (the one match taken out of its array: numpy 2 refuses int() of a 1-d array, deprecated since numpy 1.25, on both sides)
import argparse
import numpy as np

import keras
import keras.backend as K
import tensorflow as tf
from keras.models import Model
from tensorflow.keras.utils import to_categorical
from keras.callbacks import ModelCheckpoint
from keras.losses import categorical_crossentropy
from keras.layers import Input, Dense, Dropout, GRU


class tqdm:
    """Stand-in for tqdm's progress bar (not installed): the calls the program makes."""
    def __init__(self, total=None):
        self.total, self.n, self.desc = total, 0, ''

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        print('{}: {}/{}'.format(self.desc, self.n, self.total))
        return False

    def set_description(self, desc):
        self.desc = desc

    def update(self, n):
        self.n += n


def _unique(values):
    """pandas' unique(): the distinct values in the order first seen."""
    _, first = np.unique(values, return_index=True)
    return values[np.sort(first)]


class SessionDataset:
    """Credit to yhs-968/pyGRU4REC."""
    def __init__(self, data, sep='\t', session_key='SessionId', item_key='ItemId', time_key='Time', n_samples=-1, itemmap=None, time_sort=False):
        """
        Args:
            path: path of the csv file
            sep: separator for the csv
            session_key, item_key, time_key: name of the fields corresponding to the sessions, items, time
            n_samples: the number of samples to use. If -1, use the whole dataset.
            itemmap: mapping between item IDs and item indices
            time_sort: whether to sort the sessions by time or not
        """
        self.df = data
        self.session_key = session_key
        self.item_key = item_key
        self.time_key = time_key
        self.time_sort = time_sort
        self.add_item_indices(itemmap=itemmap)
        order = np.lexsort((self.df[time_key], self.df[session_key]))
        self.df = {key: column[order] for key, column in self.df.items()}

        # Sort the df by time, and then by session ID. That is, df is sorted by session ID and
        # clicks within a session are next to each other, where the clicks within a session are time-ordered.

        self.click_offsets = self.get_click_offsets()
        self.session_idx_arr = self.order_session_idx()

    def get_click_offsets(self):
        """
        Return the offsets of the beginning clicks of each session IDs,
        where the offset is calculated against the first click of the first session ID.
        """
        offsets = np.zeros(len(np.unique(self.df[self.session_key])) + 1, dtype=np.int32)
        # group & sort the df by session_key and get the offset values
        offsets[1:] = np.unique(self.df[self.session_key], return_counts=True)[1].cumsum()

        return offsets

    def order_session_idx(self):
        """ Order the session indices """
        if self.time_sort:
            # starting time for each sessions, sorted by session IDs
            sessions = np.unique(self.df[self.session_key])
            sessions_start_time = np.array([self.df[self.time_key][self.df[self.session_key] == s].min() for s in sessions])
            # order the session indices by session starting times
            session_idx_arr = np.argsort(sessions_start_time)
        else:
            session_idx_arr = np.arange(len(np.unique(self.df[self.session_key])))

        return session_idx_arr

    def add_item_indices(self, itemmap=None):
        """
        Add item index column named "item_idx" to the df
        Args:
            itemmap (dict of columns): mapping between the item Ids and indices
        """
        if itemmap is None:
            item_ids = _unique(self.df[self.item_key])  # unique item ids
            itemmap = {self.item_key: item_ids,
                       'item_idx': np.arange(len(item_ids))}

        self.itemmap = itemmap
        index_of = dict(zip(itemmap[self.item_key].tolist(), itemmap['item_idx'].tolist()))
        keep = np.array([item in index_of for item in self.df[self.item_key].tolist()])
        self.df = {key: column[keep] for key, column in self.df.items()}
        self.df['item_idx'] = np.array([index_of[item] for item in self.df[self.item_key].tolist()], dtype=np.int64)

    @property
    def items(self):
        return _unique(self.itemmap['ItemId'])


class SessionDataLoader:
    """Credit to yhs-968/pyGRU4REC."""
    def __init__(self, dataset, batch_size=50):
        """
        A class for creating session-parallel mini-batches.
        Args:
            dataset (SessionDataset): the session dataset to generate the batches from
            batch_size (int): size of the batch
        """
        self.dataset = dataset
        self.batch_size = batch_size
        self.done_sessions_counter = 0

    def __iter__(self):
        """ Returns the iterator for producing session-parallel training mini-batches.
        Yields:
            input (B,):  Item indices that will be encoded as one-hot vectors later.
            target (B,): a Variable that stores the target item indices
            masks: Numpy array indicating the positions of the sessions to be terminated
        """

        df = self.dataset.df
        session_key='SessionId'
        item_key='ItemId'
        time_key='TimeStamp'
        self.n_items = len(np.unique(df[item_key]))+1
        click_offsets = self.dataset.click_offsets
        session_idx_arr = self.dataset.session_idx_arr

        iters = np.arange(self.batch_size)
        maxiter = iters.max()
        start = click_offsets[session_idx_arr[iters]]
        end = click_offsets[session_idx_arr[iters] + 1]
        mask = [] # indicator for the sessions to be terminated
        finished = False

        while not finished:
            minlen = (end - start).min()
            # Item indices (for embedding) for clicks where the first sessions start
            idx_target = df['item_idx'][start]
            for i in range(minlen - 1):
                # Build inputs & targets
                idx_input = idx_target
                idx_target = df['item_idx'][start + i + 1]
                inp = idx_input
                target = idx_target
                yield inp, target, mask

            # click indices where a particular session meets second-to-last element
            start = start + (minlen - 1)
            # see if how many sessions should terminate
            mask = np.arange(len(iters))[(end - start) <= 1]
            self.done_sessions_counter = len(mask)
            for idx in mask:
                maxiter += 1
                if maxiter >= len(click_offsets) - 1:
                    finished = True
                    break
                # update the next starting/ending point
                iters[idx] = maxiter
                start[idx] = click_offsets[session_idx_arr[maxiter]]
                end[idx] = click_offsets[session_idx_arr[maxiter] + 1]


def create_model(args):
    emb_size = 50
    hidden_units = 100
    size = emb_size

    inputs = Input(batch_shape=(args.batch_size, 1, args.train_n_items))
    gru, gru_states = GRU(hidden_units, stateful=True, return_state=True, name="GRU")(inputs)
    drop2 = Dropout(0.0)(gru)
    predictions = Dense(args.train_n_items, activation='softmax')(drop2)
    model = Model(inputs=inputs, outputs=[predictions])
    opt = tf.keras.optimizers.legacy.Adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, amsgrad=False)
    model.compile(loss=categorical_crossentropy, optimizer=opt)
    model.summary()

    filepath='./model_checkpoint.h5'
    checkpoint = ModelCheckpoint(filepath, monitor='loss', verbose=2, save_best_only=True, mode='min')
    callbacks_list = []
    return model


def get_metrics(model, args, train_generator_map, recall_k=20, mrr_k=20):

    test_dataset = SessionDataset(args.test_data, itemmap=train_generator_map)
    test_generator = SessionDataLoader(test_dataset, batch_size=args.batch_size)

    n = 0
    rec_sum = 0
    mrr_sum = 0

    print("Evaluating model...")
    for feat, label, mask in test_generator:

        gru_layer = model.get_layer(name="GRU")
        hidden_states = gru_layer.states[0].numpy()
        for elt in mask:
            hidden_states[elt, :] = 0
        gru_layer.reset_states(states=hidden_states)

        target_oh = to_categorical(label, num_classes=args.train_n_items)
        input_oh  = to_categorical(feat,  num_classes=args.train_n_items)
        input_oh = np.expand_dims(input_oh, axis=1)

        pred = model.predict(input_oh, batch_size=args.batch_size)

        for row_idx in range(feat.shape[0]):
            pred_row = pred[row_idx]
            label_row = target_oh[row_idx]

            rec_idx =  pred_row.argsort()[-recall_k:][::-1]
            mrr_idx =  pred_row.argsort()[-mrr_k:][::-1]
            tru_idx = label_row.argsort()[-1:][::-1]

            n += 1

            if tru_idx[0] in rec_idx:
                rec_sum += 1

            if tru_idx[0] in mrr_idx:
                mrr_sum += 1/int((np.where(mrr_idx == tru_idx[0])[0][0]+1))

    recall = rec_sum/n
    mrr = mrr_sum/n
    return (recall, recall_k), (mrr, mrr_k)


def train_model(model, args):
    train_dataset = SessionDataset(args.train_data)
    model_to_train = model
    batch_size = args.batch_size

    for epoch in range(1, args.epochs):
        with tqdm(total=args.train_samples_qty) as pbar:
            loader = SessionDataLoader(train_dataset, batch_size=batch_size)
            for feat, target, mask in loader:

                gru_layer = model_to_train.get_layer(name="GRU")
                hidden_states = gru_layer.states[0].numpy()
                for elt in mask:
                    hidden_states[elt, :] = 0
                gru_layer.reset_states(states=hidden_states)

                input_oh = to_categorical(feat, num_classes=loader.n_items)
                input_oh = np.expand_dims(input_oh, axis=1)

                target_oh = to_categorical(target, num_classes=loader.n_items)

                tr_loss = model_to_train.train_on_batch(input_oh, target_oh)

                pbar.set_description("Epoch {0}. Loss: {1:.5f}".format(epoch, tr_loss))
                pbar.update(loader.done_sessions_counter)

        if args.save_weights:
            print("Saving weights...")
            model_to_train.save('./GRU4REC_{}.h5'.format(epoch))

        if args.eval_all_epochs:
            (rec, rec_k), (mrr, mrr_k) = get_metrics(model_to_train, args, train_dataset.itemmap)
            print("\t - Recall@{} epoch {}: {:5f}".format(rec_k, epoch, rec))
            print("\t - MRR@{}    epoch {}: {:5f}\n".format(mrr_k, epoch, mrr))

    if not args.eval_all_epochs:
        (rec, rec_k), (mrr, mrr_k) = get_metrics(model_to_train, args, train_dataset.itemmap)
        print("\t - Recall@{} epoch {}: {:5f}".format(rec_k, args.epochs, rec))
        print("\t - MRR@{}    epoch {}: {:5f}\n".format(mrr_k, args.epochs, mrr))


def made_up_sessions(rng, n_sessions, first_id, n_item_ids=12):
    session_ids, item_ids, times = [], [], []
    t = 1000
    for s in range(n_sessions):
        for _ in range(rng.randint(2, 6)):
            session_ids.append(first_id + s)
            item_ids.append(214000000 + 7 * rng.randint(0, n_item_ids))
            t += rng.randint(1, 50)
            times.append(t)
    return {'SessionId': np.array(session_ids), 'ItemId': np.array(item_ids, dtype=np.int64), 'Time': np.array(times, dtype=np.float64)}


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description='Keras GRU4REC: session-based recommendations')
    parser.add_argument('--resume', type=str, help='stored model path to continue training')
    parser.add_argument('--train-path', type=str, default='../../processedData/rsc15_train_tr.txt')
    parser.add_argument('--eval-only', type=bool, default=False)
    parser.add_argument('--dev-path', type=str, default='../../processedData/rsc15_train_valid.txt')
    parser.add_argument('--test-path', type=str, default='../../processedData/rsc15_test.txt')
    parser.add_argument('--batch-size', type=str, default=4)
    parser.add_argument('--eval-all-epochs', type=bool, default=False)
    parser.add_argument('--save-weights', type=bool, default=False)
    parser.add_argument('--epochs', type=int, default=3)
    args = parser.parse_args([])

    rng = np.random.RandomState(3)
    args.train_data = made_up_sessions(rng, 14, first_id=1)
    args.test_data  = made_up_sessions(rng, 6, first_id=100)

    args.train_n_items = len(np.unique(args.train_data['ItemId'])) + 1

    args.train_samples_qty = len(np.unique(args.train_data['SessionId'])) + 1
    args.test_samples_qty = len(np.unique(args.test_data['SessionId'])) + 1

    if args.resume:
        try:
            model = keras.models.load_model(args.resume)
            print("Model checkpoint '{}' loaded!".format(args.resume))
        except OSError:
            print("Model checkpoint could not be loaded. Training from scratch...")
            model = create_model(args)
    else:
        model = create_model(args)

    if args.eval_only:
        train_dataset = SessionDataset(args.train_data)
        (rec, rec_k), (mrr, mrr_k) = get_metrics(model, args, train_dataset.itemmap)
        print("\t - Recall@{} epoch {}: {:5f}".format(rec_k, -1, rec))
        print("\t - MRR@{}    epoch {}: {:5f}\n".format(mrr_k, -1, mrr))
    else:
        train_model(model, args)
