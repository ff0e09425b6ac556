# source: LenzDu/Kaggle-Competition-Favorita seq2seq.py with Utils.py (create_dataset, train_generator, create_dataset_part, create_xy_span) (a Kaggle "Corporación Favorita Grocery Sales Forecasting" solution, 2018: a GRU encoder-decoder over 10 inputs, categorical store/item features sliced out of one tensor by Lambdas and embedded, a Conv1D over the sales history, the encoder state through a tanh Dense, and a 16-step decoder unrolled in Python that reuses one GRU, one Dense and one tf.slice Lambda, feeding back each day's prediction)
# commit: 11bf4d71a1cad2fd4a1d13d0c22bd5128b2ee981
# keras: tf_keras
# exercises: `from keras.layers import *`, `import tensorflow as tf` (kept, unused after the reduction), one Lambda reused for 16 decoder steps whose function slices x[:, i:i+1, :] with i the module-level loop variable, looked up when the Lambda runs (late binding, as written), Lambda(lambda x: x[:, :, k]) slices of a float Input fed to Embedding (float indices), Embedding(n, d, input_length=) on uint8 Inputs, Reshape((T, 1)), concatenate(axis=2) of 9 tensors, one Lambda layer (encode_slice / decode_slice) applied to a concatenated tensor, Conv1D(4, 5, padding='same'), GRU (CuDNNGRU's CPU twin) with return_state=True giving [output, h], Dense(tanh) on the state, a decoder GRU called 16 times with initial_state=h (shared weights), Dense(1, relu) shared across steps, Lambda(lambda x: x[:, -1, :]), Reshape((1, 1)), outputs gathered by repeated concatenate; a 10-input functional Model; compile('adam', 'mean_squared_error'); fit_generator on an infinite Python generator (steps_per_epoch, verbose=2) with validation_data=(Xval, Yval, w) sample weights; predict on a 10-array list
# reduced: pandas/feather data (load_unstack, pd.date_range columns, groupby means, LabelEncoder) replaced by a numpy stand-in of the same shapes: 40 made-up store-item series of 120 days (log1p sales, promo flags, item/store categories), dates as day offsets with weekday = day % 7 and dom = day % 31, item/store means per row; the item_inter / date filtering and make_submission (csv) dropped, test predictions printed; timesteps 365 -> 20, latent_dim 100 -> 8, n_range 380 -> 10, batch_size 1000 -> 16, steps_per_epoch 1500 -> 3, epochs 18 -> 2; CuDNNGRU (GPU-only, gone from tf-keras) -> GRU (its CPU twin: reset_after=True, sigmoid recurrent activation, tf-keras's defaults); fit_generator's workers=5, use_multiprocessing=True -> workers=1, use_multiprocessing=False (parallel workers race on the numpy generator); np.random.seed(0) added for the generator's permutations; the decoder's TensorFlow op tf.slice(x, [0,i,0], [-1,1,-1]) -> x[:, i:i+1, :] (the same block; statefulrnn stands in for tf.keras, not TensorFlow's own ops, as the corpus does for tf.concat / tf.reshape)
import os
import numpy as np
from datetime import date, timedelta
import tensorflow as tf
import keras
from keras.models import Sequential, Model
from keras.layers import *
from keras import optimizers
import gc

np.random.seed(0)

# ---- Utils.py, on numpy stand-ins for the pandas frames (columns are day numbers)
N_SERIES, N_DAYS = 40, 120
_rng = np.random.RandomState(0)
_sales = np.log1p(np.maximum(0, _rng.poisson(3, (N_SERIES, N_DAYS + 16)) * (_rng.rand(N_SERIES, 1) + 0.5)))
_promo = (_rng.rand(N_SERIES, N_DAYS + 16) < 0.1).astype('int')
_cat = np.stack([_rng.randint(33, size=N_SERIES), _rng.randint(337, size=N_SERIES), _rng.randint(2, size=N_SERIES),
                 _rng.randint(54, size=N_SERIES), _rng.randint(17, size=N_SERIES), _rng.randint(5, size=N_SERIES)], axis=1)
_item_mean = np.tile(_sales.mean(axis=0, keepdims=True), (N_SERIES, 1))
_store_mean = np.tile(_sales[::-1].mean(axis=0, keepdims=True), (N_SERIES, 1))


def create_xy_span(df, pred_start, timesteps, is_train=True, shift_range=0):
    X = df[:, pred_start - timesteps:pred_start]
    if is_train: y = df[:, pred_start:pred_start + 16]
    else: y = None
    return X, y


def create_dataset_part(df, promo_df, cat_features, item_mean_df, store_mean_df, timesteps, pred_start, reshape_output, aux_as_tensor, is_train, weight=False):
    X, y = create_xy_span(df, pred_start, timesteps, is_train)
    is0 = (X == 0).astype('uint8')
    promo = promo_df[:, pred_start - timesteps:pred_start + 16]
    weekday = np.tile([d % 7 for d in range(pred_start - timesteps, pred_start + 16)], (X.shape[0], 1))
    dom = np.tile([d % 31 for d in range(pred_start - timesteps, pred_start + 16)], (X.shape[0], 1))
    item_mean, _ = create_xy_span(item_mean_df, pred_start, timesteps, False)
    store_mean, _ = create_xy_span(store_mean_df, pred_start, timesteps, False)
    yearAgo, _ = create_xy_span(df, pred_start - 40, timesteps + 16, False)
    quarterAgo, _ = create_xy_span(df, pred_start - 21, timesteps + 16, False)

    if reshape_output > 0:
        X = X.reshape(-1, timesteps, 1)
    if reshape_output > 1:
        is0 = is0.reshape(-1, timesteps, 1)
        promo = promo.reshape(-1, timesteps + 16, 1)
        yearAgo = yearAgo.reshape(-1, timesteps + 16, 1)
        quarterAgo = quarterAgo.reshape(-1, timesteps + 16, 1)
        item_mean = item_mean.reshape(-1, timesteps, 1)
        store_mean = store_mean.reshape(-1, timesteps, 1)

    w = (cat_features[:, 2] * 0.25 + 1) / (cat_features[:, 2] * 0.25 + 1).mean()

    cat_features = np.tile(cat_features[:, None, :], (1, timesteps + 16, 1)) if aux_as_tensor else cat_features

    if weight: return ([X, is0, promo, yearAgo, quarterAgo, weekday, dom, cat_features, item_mean, store_mean], y, w)
    else: return ([X, is0, promo, yearAgo, quarterAgo, weekday, dom, cat_features, item_mean, store_mean], y)


def create_dataset(timesteps, first_pred_start, is_train=True, aux_as_tensor=False, reshape_output=0):
    return create_dataset_part(_sales, _promo, _cat, _item_mean, _store_mean, timesteps, first_pred_start, reshape_output, aux_as_tensor, is_train)


def train_generator(timesteps, first_pred_start, n_range=1, day_skip=7, is_train=True, batch_size=2000, aux_as_tensor=False, reshape_output=0):
    while 1:
        date_part = np.random.permutation(range(n_range))
        for i in date_part:
            keep_idx = np.random.permutation(_sales.shape[0])[:batch_size]
            pred_start = first_pred_start - int(day_skip * i)
            yield create_dataset_part(_sales[keep_idx], _promo[keep_idx], _cat[keep_idx], _item_mean[keep_idx], _store_mean[keep_idx],
                                      timesteps, pred_start, reshape_output, aux_as_tensor, True)
            gc.collect()


# ---- seq2seq.py
timesteps = 20

train_data = train_generator(timesteps, 88, n_range=10, day_skip=1, batch_size=16, aux_as_tensor=True, reshape_output=2)
Xval, Yval = create_dataset(timesteps, 104, aux_as_tensor=True, reshape_output=2)
Xtest, _ = create_dataset(timesteps, 120, aux_as_tensor=True, is_train=False, reshape_output=2)

w = (Xval[7][:, 0, 2] * 0.25 + 1) / (Xval[7][:, 0, 2] * 0.25 + 1).mean()

latent_dim = 8

# seq input
seq_in = Input(shape=(timesteps, 1))
is0_in = Input(shape=(timesteps, 1))
promo_in = Input(shape=(timesteps+16, 1))
yearAgo_in = Input(shape=(timesteps+16, 1))
quarterAgo_in = Input(shape=(timesteps+16, 1))
item_mean_in = Input(shape=(timesteps, 1))
store_mean_in = Input(shape=(timesteps, 1))
weekday_in = Input(shape=(timesteps+16,), dtype='uint8')
weekday_embed_encode = Embedding(7, 4, input_length=timesteps+16)(weekday_in)
dom_in = Input(shape=(timesteps+16,), dtype='uint8')
dom_embed_encode = Embedding(31, 4, input_length=timesteps+16)(dom_in)

# aux input
cat_features = Input(shape=(timesteps+16, 6))
item_family = Lambda(lambda x: x[:, :, 0])(cat_features)
item_class = Lambda(lambda x: x[:, :, 1])(cat_features)
item_perish = Lambda(lambda x: x[:, :, 2])(cat_features)
store_nbr = Lambda(lambda x: x[:, :, 3])(cat_features)
store_cluster = Lambda(lambda x: x[:, :, 4])(cat_features)
store_type = Lambda(lambda x: x[:, :, 5])(cat_features)

family_embed = Embedding(33, 8, input_length=timesteps+16)(item_family)
class_embed = Embedding(337, 8, input_length=timesteps+16)(item_class)
store_embed = Embedding(54, 8, input_length=timesteps+16)(store_nbr)
cluster_embed = Embedding(17, 3, input_length=timesteps+16)(store_cluster)
type_embed = Embedding(5, 2, input_length=timesteps+16)(store_type)

# Encoder
encode_slice = Lambda(lambda x: x[:, :timesteps, :])
encode_features = concatenate([promo_in, yearAgo_in, quarterAgo_in, weekday_embed_encode,
                               family_embed, Reshape((timesteps+16,1))(item_perish), store_embed, cluster_embed, type_embed], axis=2)
encode_features = encode_slice(encode_features)

conv_in = Conv1D(4, 5, padding='same')(seq_in)

x_encode = concatenate([seq_in, encode_features, conv_in, item_mean_in], axis=2)
encoder = GRU(latent_dim, return_state=True)
print('Input dimension:', x_encode.shape)
_, h= encoder(x_encode)

# Connector
h = Dense(latent_dim, activation='tanh')(h)

# Decoder
previous_x = Lambda(lambda x: x[:, -1, :])(seq_in)

decode_slice = Lambda(lambda x: x[:, timesteps:, :])
decode_features = concatenate([promo_in, yearAgo_in, quarterAgo_in, weekday_embed_encode,
                               family_embed, Reshape((timesteps+16,1))(item_perish), store_embed, cluster_embed, type_embed], axis=2)
decode_features = decode_slice(decode_features)

decoder = GRU(latent_dim, return_state=True, return_sequences=False)
decoder_dense2 = Dense(1, activation='relu')
slice_at_t = Lambda(lambda x: x[:, i:i+1, :])
for i in range(16):
    previous_x = Reshape((1,1))(previous_x)

    features_t = slice_at_t(decode_features)

    decode_input = concatenate([previous_x, features_t], axis=2)
    output_x, h = decoder(decode_input, initial_state=h)
    output_x = decoder_dense2(output_x)

    # gather outputs
    if i == 0: decoder_outputs = output_x
    elif i > 0: decoder_outputs = concatenate([decoder_outputs, output_x])

    previous_x = output_x

model = Model([seq_in, is0_in, promo_in, yearAgo_in, quarterAgo_in, weekday_in, dom_in, cat_features, item_mean_in, store_mean_in], decoder_outputs)

model.compile(optimizer='adam', loss='mean_squared_error')
history = model.fit_generator(train_data, steps_per_epoch=3, workers=1, use_multiprocessing=False, epochs=2, verbose=2,
                    validation_data=(Xval, Yval, w))

test_pred = model.predict(Xtest)
print(test_pred[:3])
