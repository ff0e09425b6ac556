# source: MorvanZhou/tutorials kerasTUT/10-save.py (莫烦Python's Keras tutorial 10, saving a trained model to HDF5 and loading it back)
# commit: c36c8995951bc09890efd329635c2b74bd532610
# keras: tf_keras
# exercises: Sequential Dense(units=1, input_dim=1) fed 1-D arrays of shape (160,) (Keras expands them to (160, 1)); compile(loss='mse', optimizer='sgd') by string; 301 full-batch train_on_batch steps; predict(X_test[0:2]) on a 1-D slice; model.save('my_model.h5') (HDF5 by file extension), del model, load_model('my_model.h5') and predict again (the reloaded model compiled from the file's training config)
# reduced: output_dim=1 written units=1 (Keras 1's name, refused by tf-keras 2.21); nothing else (the data is already made with a seeded numpy generator)
"""
To know more or get code samples, please visit my website:
https://mofanpy.com/tutorials/
Or search: 莫烦Python
Thank you for supporting!
"""

# please note, all tutorial code are running under python3.5.
# If you use the version like python2.7, please modify the code accordingly

# 10 - save

import numpy as np
np.random.seed(1337)  # for reproducibility

from keras.models import Sequential
from keras.layers import Dense
from keras.models import load_model

# create some data
X = np.linspace(-1, 1, 200)
np.random.shuffle(X)    # randomize the data
Y = 0.5 * X + 2 + np.random.normal(0, 0.05, (200, ))
X_train, Y_train = X[:160], Y[:160]     # first 160 data points
X_test, Y_test = X[160:], Y[160:]       # last 40 data points
model = Sequential()
model.add(Dense(units=1, input_dim=1))
model.compile(loss='mse', optimizer='sgd')
for step in range(301):
    cost = model.train_on_batch(X_train, Y_train)

# save
print('test before save: ', model.predict(X_test[0:2]))
model.save('my_model.h5')   # HDF5 file, you have to pip3 install h5py if don't have it
del model  # deletes the existing model

# load
model = load_model('my_model.h5')
print('test after load: ', model.predict(X_test[0:2]))
"""
# save and load weights
model.save_weights('my_model_weights.h5')
model.load_weights('my_model_weights.h5')

# save and load fresh network without trained weights
from keras.models import model_from_json
json_string = model.to_json()
model = model_from_json(json_string)
"""
