# source: jy-han/Price-Suggestion-Solution LabelEncoder+RNN.py (a Kaggle "Mercari Price Suggestion Challenge" solution, 2018, after the competition's widely copied "RNN with Keras" kernel: label-encoded brand / category / condition / length features and tokenized name and description, each in its own Embedding, two GRUs over the texts, an MLP over everything, trained on a dict of named inputs with a per-update decaying Adam)
# commit: f3c133096902e1b9d55321cff84cb8938eb4a5f3
# keras: tf_keras
# exercises: keras.preprocessing.text.Tokenizer() fit_on_texts on a numpy array of strings and texts_to_sequences; pad_sequences(maxlen=) on lists of token lists; ten named Inputs (shape=[n] lists, shape=[1] categorical ids) fed from a dict keyed by Input name (fit, validation_data and predict all take dicts with one extra key, 'category', that no Input uses); Embedding(n, d) on (None, 1) ids then Flatten; GRU(16) / GRU(8) over embedded sequences; concatenate of 10 tensors including a raw float Input; Dense(kernel_initializer='normal', activation='relu') stacked with Dropout; legacy Adam(lr=, decay=) (time-based decay per update, Keras 2's optimizer); compile(loss='mse'); fit(epochs=2, batch_size=, validation_data=(dict, y), verbose=1); predict(dict, batch_size=, verbose=1)
# reduced: train.tsv / test.tsv (pandas) replaced by 60 + 12 made-up listings (numpy RandomState(0)): name, category_name (some missing), brand_name (some missing, some findable in the name), item_description (some missing), item_condition_id 1-5, shipping, price; the pandas column code rewritten on dicts of lists with the same steps (str.lower / fillna, the brandfinder apply, the category split, wordCount lengths), sklearn's LabelEncoder -> np.unique(..., return_inverse=True) (the same sorted codes), sklearn.cross_validation.train_test_split(train, random_state=123, train_size=0.999) -> a numpy stand-in (RandomState(123) permutation) with train_size 0.8 (0.999 of 60 rows leaves no dev row); pandas' y.reshape -> np.asarray(y).reshape; `from keras.optimizers import Adam` -> `from keras.optimizers.legacy import Adam` (tf-keras 2.21's new optimizers refuse decay=, and the error names the legacy ones); MAX_ITEM_DESC_SEQ 75 -> 12, Dense 512/256/128/64 -> 16/12/8/8, BATCH_SIZE 512 * 3 -> 8 * 3, Dropout(0.1) -> Dropout(0.0) (random masks cannot match); fit given shuffle=False (random batch order cannot match); the submission csv replaced by printing the predicted prices
from datetime import datetime
start_real = datetime.now()
import numpy as np
import gc

from keras.preprocessing.text import Tokenizer
from keras.preprocessing.sequence import pad_sequences
from keras.layers import Input, Dropout, Dense, concatenate, GRU, Embedding, Flatten
from keras.optimizers.legacy import Adam
from keras.models import Model


# ---- made-up listings (stand-ins for train.tsv / test.tsv)
_rng = np.random.RandomState(0)
_brands = ["Nike", "Apple", "PINK", "Coach", "Sony", "LuLaRoe"]
_cats = ["Women/Tops & Blouses/T-Shirts", "Electronics/Phones/Cases", "Men/Shoes/Athletic", "Beauty/Makeup/Lips",
         "Kids/Toys/Dolls/Accessories"]
_words = "new used size small large black white pink leather case phone shirt shoes lipstick doll bundle free ship great condition".split()


def _listings(n, with_price):
    rows = {k: [] for k in ["name", "category_name", "brand_name", "item_description", "item_condition_id", "shipping", "price"]}
    for _ in range(n):
        brand = _brands[_rng.randint(len(_brands))]
        name_words = [_words[j] for j in _rng.randint(len(_words), size=_rng.randint(2, 6))]
        if _rng.rand() < 0.3:
            name_words.insert(0, brand)
        rows["name"].append(" ".join(name_words).title())
        rows["category_name"].append(None if _rng.rand() < 0.1 else _cats[_rng.randint(len(_cats))])
        rows["brand_name"].append(None if _rng.rand() < 0.3 else brand)
        rows["item_description"].append(None if _rng.rand() < 0.1 else
                                        " ".join(_words[j] for j in _rng.randint(len(_words), size=_rng.randint(3, 15))))
        rows["item_condition_id"].append(int(_rng.randint(1, 6)))
        rows["shipping"].append(int(_rng.randint(2)))
        rows["price"].append(float(np.round(np.exp(_rng.normal(3, 0.7)))) if with_price else None)
    return rows


def _fill(values, fill):
    return [fill if v is None else v for v in values]


def _label_encode(values):  # sklearn LabelEncoder().fit(x); transform(x)
    return np.unique(np.asarray(values), return_inverse=True)[1]


def train_test_split(n, random_state, train_size):  # sklearn stand-in on row positions
    idx = np.random.RandomState(random_state).permutation(n)
    n_train = int(np.floor(train_size * n))
    return idx[:n_train], idx[n_train:]


# load and prepare data
raw_train = _listings(60, True)
raw_test = _listings(12, False)
df = {k: raw_train[k] + raw_test[k] for k in raw_train}
n_train = len(raw_train["name"])
y = np.log1p(np.array(raw_train["price"]))  #difine y as log y

gc.collect()


#####  full_in the none space and lower the characters
df["name"] = [s.lower() for s in df["name"]]
df["category_name"] = [s.lower() for s in _fill(df["category_name"], "other/other/other")]
df["brand_name"] = [None if s is None else s.lower() for s in df["brand_name"]]
all_brands = set(df['brand_name'])
df["brand_name"] = _fill(df["brand_name"], "other")


#brand_name: fill in unassigned brand_name from name
premissing = sum(b == 'other' for b in df['brand_name'])  #count unassigned brand_name
def brandfinder(line):
    brand = line[0]
    name = line[1]
    namesplit = name.split(' ')
    if brand == 'other':
        for x in namesplit:
            if x in all_brands:
                return x
                break
    return brand
df['brand_name'] = [brandfinder(line) for line in zip(df['brand_name'], df['name'])]
found = premissing - sum(b == 'other' for b in df['brand_name'])  #count how many brand_name filled
print(found)


# description: fill in description and lower the characters
df["item_description"] = [s.lower() for s in _fill(df["item_description"], "no description yet")]


#category_name: split to three sub-categories
categories = df["category_name"]
cat1_list = list()
cat2_list = list()
cat3_list = list()
for category in categories:
        cats = category.split("/")
        cat1, cat2, cat3 = cats[0], cats[1], "".join(cats[2:])
        cat1_list.append(cat1)
        cat2_list.append(cat2)
        cat3_list.append(cat3)
df["cat1"] = cat1_list
df["cat2"] = cat2_list
df["cat3"] = cat3_list



#####add two new features: length of name and description: length of description & length of name
def wordCount(text):
    try:
        if text == 'no description yet':
            return 0
        else:
            words = [w for w in text.split(" ")]
            return len(words)
    except:
        return 0

df['desc_len'] = [wordCount(x) for x in df['item_description']]
df['name_len'] = [wordCount(x) for x in df['name']]

# split train to train and development
train_idx, dev_idx = train_test_split(n_train, random_state=123, train_size=0.8)
order = np.concatenate([train_idx, dev_idx, np.arange(n_train, len(df["name"]))])
df = {k: [v[i] for i in order] for k, v in df.items()}  # rows: train, dev, test
y = y[np.concatenate([train_idx, dev_idx])]

#number of train, development, test
n_trains = len(train_idx)
n_devs = len(dev_idx)
n_tests = len(raw_test["name"])


#feature engineering
print("categorical engineering...")
df['category'] = _label_encode(df['category_name'])
df['cat1'] = _label_encode(df['cat1'])
df['cat2'] = _label_encode(df['cat2'])
df['cat3'] = _label_encode(df['cat3'])
df['brand_name'] = _label_encode(df['brand_name'])

#encoding description and name
print("Transforming text data to sequences...")
raw_text = np.hstack([[s.lower() for s in df['item_description']], [s.lower() for s in df['name']]])

print("Fitting tokenizer...")
tok_raw = Tokenizer()
tok_raw.fit_on_texts(raw_text)

print("Transforming text to sequences...")
df['seq_item_description'] = tok_raw.texts_to_sequences([s.lower() for s in df['item_description']])
df['seq_name'] = tok_raw.texts_to_sequences([s.lower() for s in df['name']])

del tok_raw


#difine some variable to limite the length of features
MAX_NAME_SEQ = 10
MAX_ITEM_DESC_SEQ = 12
MAX_CATEGORY_SEQ = 8
MAX_TEXT = np.max([
    np.max([max(s) for s in df['seq_name'] if s]),
    np.max([max(s) for s in df['seq_item_description'] if s])]) + 100
MAX_CATEGORY = np.max(df['category']) + 1
MAX_BRAND = np.max(df['brand_name']) + 1
MAX_CONDITION = np.max(df['item_condition_id']) + 1
MAX_DESC_LEN = np.max(df['desc_len']) + 1
MAX_NAME_LEN = np.max(df['name_len']) + 1
MAX_CAT1 = np.max(df['cat1']) + 1
MAX_CAT2 = np.max(df['cat2']) + 1
MAX_CAT3 = np.max(df['cat3']) + 1


#difine input data for RNN
def get_rnn_data(dataset):
    X = {
        'name': pad_sequences(dataset['seq_name'], maxlen=MAX_NAME_SEQ),
        'item_desc': pad_sequences(dataset['seq_item_description'], maxlen=MAX_ITEM_DESC_SEQ),
        'brand_name': np.array(dataset['brand_name']),
        'category': np.array(dataset['category']),
        'item_condition': np.array(dataset['item_condition_id']),
        'num_vars': np.array(dataset['shipping']).reshape(-1, 1),
        'desc_len': np.array(dataset['desc_len']).reshape(-1, 1),
        'name_len': np.array(dataset['name_len']).reshape(-1, 1),
        'cat1': np.array(dataset['cat1']),
        'cat2': np.array(dataset['cat2']),
        'cat3': np.array(dataset['cat3']),
    }
    return X


#define train,dev,test after preprocessing/feature engineering
train = {k: v[:n_trains] for k, v in df.items()}
dev = {k: v[n_trains:n_trains+n_devs] for k, v in df.items()}
test = {k: v[n_trains+n_devs:] for k, v in df.items()}

X_train = get_rnn_data(train)
Y_train = np.asarray(y).reshape(-1, 1)[:n_trains,:]

X_dev = get_rnn_data(dev)
Y_dev = np.asarray(y).reshape(-1, 1)[n_trains:,:]

X_test = get_rnn_data(test)



#difine the RNN model
def new_rnn_model(lr=0.001, decay=0.0):
    #set input layer
    name = Input(shape=[X_train["name"].shape[1]], name="name")
    item_desc = Input(shape=[X_train["item_desc"].shape[1]], name="item_desc")
    brand_name = Input(shape=[1], name="brand_name")

    item_condition = Input(shape=[1], name="item_condition")
    num_vars = Input(shape=[X_train["num_vars"].shape[1]], name="num_vars")
    desc_len = Input(shape=[1], name="desc_len")
    name_len = Input(shape=[1], name="name_len")
    cat1 = Input(shape=[1], name="cat1")
    cat2 = Input(shape=[1], name="cat2")
    cat3 = Input(shape=[1], name="cat3")
    #embedding
    emb_name = Embedding(MAX_TEXT, 20)(name)
    emb_item_desc = Embedding(MAX_TEXT, 60)(item_desc)
    emb_brand_name = Embedding(MAX_BRAND, 10)(brand_name)
    emb_item_condition = Embedding(MAX_CONDITION, 5)(item_condition)
    emb_desc_len = Embedding(MAX_DESC_LEN, 5)(desc_len)
    emb_name_len = Embedding(MAX_NAME_LEN, 5)(name_len)
    emb_cat1 = Embedding(MAX_CAT1, 10)(cat1)
    emb_cat2 = Embedding(MAX_CAT2, 10)(cat2)
    emb_cat3 = Embedding(MAX_CAT3, 10)(cat3)

    #recurrent unit for description and name
    rnn_layer1 = GRU(16) (emb_item_desc)
    rnn_layer2 = GRU(8) (emb_name)
    #main layer, combine rnn_layer and other feature
    main_l = concatenate([
        Flatten() (emb_brand_name)
        , Flatten() (emb_item_condition)
        , Flatten() (emb_desc_len)
        , Flatten() (emb_name_len)
        , Flatten() (emb_cat1)
        , Flatten() (emb_cat2)
        , Flatten() (emb_cat3)
        , rnn_layer1
        , rnn_layer2
        , num_vars
    ])
    main_l = Dropout(0.0)(Dense(16,kernel_initializer='normal',activation='relu') (main_l))
    main_l = Dropout(0.0)(Dense(12,kernel_initializer='normal',activation='relu') (main_l))
    main_l = Dropout(0.0)(Dense(8,kernel_initializer='normal',activation='relu') (main_l))
    main_l = Dropout(0.0)(Dense(8,kernel_initializer='normal',activation='relu') (main_l))

    output = Dense(1, activation="linear") (main_l)

    model = Model([name, item_desc, brand_name , item_condition,
                   num_vars, desc_len, name_len, cat1, cat2, cat3], output)

    optimizer = Adam(lr=lr, decay=decay)
    model.compile(loss = 'mse', optimizer = optimizer)

    return model



#set batch and epochs(how many times to train)
BATCH_SIZE = 8 * 3
epochs = 2
#set learning rate decay every update
exp_decay = lambda init, fin, steps: (init/fin)**(1/(steps-1)) - 1
steps = int(n_trains / BATCH_SIZE) * epochs
lr_init, lr_fin = 0.005, 0.001
lr_decay = exp_decay(lr_init, lr_fin, steps)

rnn_model = new_rnn_model(lr=lr_init, decay=lr_decay)
rnn_model.fit(
        X_train, Y_train, epochs=epochs, batch_size=BATCH_SIZE,
        validation_data=(X_dev, Y_dev), verbose=1, shuffle=False)

#evaluate function
def rmsle(Y, Y_pred):
    assert Y.shape == Y_pred.shape
    return np.sqrt(np.mean(np.square(Y_pred - Y )))

Y_dev_preds = rnn_model.predict(X_dev, batch_size=BATCH_SIZE)
print(" RMSLE error:", rmsle(Y_dev, Y_dev_preds))

#get predict values
rnn_preds = rnn_model.predict(X_test, batch_size=BATCH_SIZE, verbose=1)

print(np.expm1(rnn_preds).ravel())
