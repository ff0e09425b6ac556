# source: nilmtk/nilmtk-contrib nilmtk_contrib/disaggregate/rnn_attention.py (NILMTK's RNN with attention energy disaggregator: Conv1D, two bidirectional LSTMs and an additive attention layer, one model per appliance)
# commit: 17b79bf8d27c59cd92ee82d42383e3008ac3f42d
# keras: tf_keras
# exercises: Keras 2 standalone imports (keras.layers Conv1D / Dense / Bidirectional / LSTM / Layer, keras.models Sequential, keras.callbacks ModelCheckpoint, `import keras.backend as K`); a custom Layer (AttentionLayer) whose __init__(self, units) takes no **kwargs and creates two Dense sublayers (kernel_initializer='he_normal') as attributes, call(self, encoder_output, **kwargs) with K.tanh, K.softmax(score, axis=1) over time, a broadcast product and a sum over time, and a get_config that puts the two Dense layer objects themselves in the config; Sequential: Conv1D(16, 4, activation="linear", input_shape=(seq, 1), padding="same", strides=1), Bidirectional(LSTM(return_sequences=True, stateful=False), merge_mode='concat') twice, AttentionLayer, Dense(tanh), Dense(1); compile(loss='mse', optimizer='adam', metrics=['mse']) inside the builder; one model per appliance kept in an OrderedDict; sliding windows of the zero-padded mains, normalised; fit(validation_data=..., epochs, callbacks=[ModelCheckpoint(file.h5, monitor='val_loss', verbose=1, save_best_only=True, mode='min')], batch_size) saving the whole model (custom layer config included) to HDF5, then model.load_weights of that full-model .h5 file; predict(batch_size) per appliance, denormalised and clipped at 0
# reduced: nilmtk's Disaggregator base class replaced by an empty stand-in class; pandas (not installed in either test environment) replaced by a tiny stand-in `pd` whose DataFrame/Series hold a numpy array in .values and whose concat joins them on axis 0; sklearn's train_test_split (not installed) by a stand-in doing what sklearn does for two arrays with test_size=.15 and random_state=10 (n_test = ceil(0.15 n), a numpy RandomState(10) permutation, test rows first); NILMTK's driving API (the mains and per-appliance submeter chunks it passes to partial_fit and disaggregate_chunk) replaced by made-up readings: 60 training and 20 test mains samples (a fridge cycle and a kettle spike plus base load and noise, numpy RandomState(0)) and two appliances, so two models are trained; `tf.reduce_sum(context_vector, axis=1)` -> `K.sum(context_vector, axis=1)` (statefulrnn stands in for Keras, not TensorFlow) and `import tensorflow as tf` with the GPU memory-growth loop dropped; matplotlib import dropped; params sequence_length 19 -> 9, n_epochs 10 -> 2, batch_size 512 kept (the 51 training rows are one batch, so fit's shuffle cannot change the result); LSTM(128) / LSTM(256) -> 8 / 12 units, AttentionLayer(units=128) -> 8, Dense(128) -> Dense(8)
from __future__ import print_function, division
from warnings import warn
from keras.layers import Conv1D, Dense, Dropout, Reshape, Flatten, Bidirectional, LSTM
from keras.layers import Layer
import os
import pickle
import math
import numpy as np
from collections import OrderedDict
from keras.optimizers import SGD
from keras.models import Sequential, load_model
from keras.callbacks import ModelCheckpoint
import keras.backend as K
import random
import sys
random.seed(10)
np.random.seed(10)


class Disaggregator(object):
    # stand-in for nilmtk.disaggregate.Disaggregator
    pass


class pd(object):
    # stand-in for the few pandas calls the disaggregator makes
    class DataFrame(object):
        def __init__(self, data, dtype=None):
            if isinstance(data, dict):
                data = np.stack([np.asarray(v.values) for v in data.values()], axis=1)
            self.values = np.asarray(data, dtype=dtype)

        def __array__(self, dtype=None, copy=None):
            return self.values if dtype is None else self.values.astype(dtype)

    Series = DataFrame

    @staticmethod
    def concat(frames, axis=0):
        return pd.DataFrame(np.concatenate([f.values for f in frames], axis=axis))


def train_test_split(x, y, test_size=0.25, random_state=None):
    # stand-in for sklearn.model_selection.train_test_split of two arrays (sklearn's own split:
    # ceil(test_size * n) test rows, the first of a RandomState(random_state) permutation)
    n = len(x)
    n_test = int(math.ceil(test_size * n))
    permutation = np.random.RandomState(random_state).permutation(n)
    test, train = permutation[:n_test], permutation[n_test:]
    return x[train], x[test], y[train], y[test]

    
class SequenceLengthError(Exception):
    pass

class ApplianceNotFoundError(Exception):
    pass

#This part of the code is inspired from:
#https://github.com/antoniosudoso/attention-nilm

class AttentionLayer(Layer):

    def __init__(self, units):
        super(AttentionLayer, self).__init__()
        self.W = Dense(units, kernel_initializer='he_normal')
        self.V = Dense(1, kernel_initializer='he_normal')

    def call(self, encoder_output, **kwargs):
        score = self.V(K.tanh(self.W(encoder_output)))

        attention_weights = K.softmax(score, axis=1)

        context_vector = attention_weights * encoder_output
        context_vector = K.sum(context_vector, axis=1)
        return context_vector

    def get_config(self):
        config = super().get_config().copy()
        config.update({
            'W'       : self.W,
            'V'       : self.V,
        })
        return config

class RNN_attention(Disaggregator):

    def __init__(self, params):
        """
        Parameters to be specified for the model
        """

        self.MODEL_NAME = "RNN_attention"
        self.models = OrderedDict()
        self.chunk_wise_training = params.get('chunk_wise_training',False)
        self.sequence_length = params.get('sequence_length',19)
        self.n_epochs = params.get('n_epochs', 10 )
        self.batch_size = params.get('batch_size',512)
        self.load_model_path=params.get('load_model_path',None)
        self.appliance_params = params.get('appliance_params',{})
        self.mains_mean = params.get('mains_mean',1800)
        self.mains_std = params.get('mains_std',600)
        if self.sequence_length%2==0:
            print ("Sequence length should be odd!")
            raise (SequenceLengthError)

    def partial_fit(self,train_main,train_appliances,do_preprocessing=True,
            **load_kwargs):

        # If no appliance wise parameters are provided, then copmute them using the first chunk
        if len(self.appliance_params) == 0:
            self.set_appliance_params(train_appliances)  

        print("...............RNN_attention partial_fit running...............")
        # Do the pre-processing, such as  windowing and normalizing

        if do_preprocessing:
            train_main, train_appliances = self.call_preprocessing(
                train_main, train_appliances, 'train')

        train_main = pd.concat(train_main,axis=0)
        train_main = train_main.values.reshape((-1,self.sequence_length,1))
        
        new_train_appliances = []
        for app_name, app_df in train_appliances:
            app_df = pd.concat(app_df,axis=0)
            app_df_values = app_df.values.reshape((-1,1))
            new_train_appliances.append((app_name, app_df_values))
        train_appliances = new_train_appliances

        for appliance_name, power in train_appliances:
            # Check if the appliance was already trained. If not then create a new model for it
            if appliance_name not in self.models:
                print("First model training for ", appliance_name)
                self.models[appliance_name] = self.return_network()
            # Retrain the particular appliance
            else:
                print("Started Retraining model for ", appliance_name)

            model = self.models[appliance_name]
            if train_main.size > 0:
                # Sometimes chunks can be empty after dropping NANS
                if len(train_main) > 10:
                    # Do validation when you have sufficient samples
                    filepath = 'RNN_attention-temp-weights-'+str(random.randint(0,100000))+'.h5'
                    checkpoint = ModelCheckpoint(filepath,monitor='val_loss',verbose=1,save_best_only=True,mode='min')
                    train_x, v_x, train_y, v_y = train_test_split(train_main, power, test_size=.15,random_state=10)
                    model.fit(train_x,train_y,validation_data=(v_x,v_y),epochs=self.n_epochs,callbacks=[checkpoint],batch_size=self.batch_size)
                    model.load_weights(filepath)

    def disaggregate_chunk(self,test_main_list,model=None,do_preprocessing=True):

        if model is not None:
            self.models = model

        # Preprocess the test mains such as windowing and normalizing

        if do_preprocessing:
            test_main_list = self.call_preprocessing(
                test_main_list, submeters_lst=None, method='test')

        test_predictions = []
        for test_main in test_main_list:
            test_main = test_main.values
            test_main = test_main.reshape((-1, self.sequence_length, 1))
            disggregation_dict = {}
            for appliance in self.models:
                prediction = self.models[appliance].predict(test_main,batch_size=self.batch_size)
                prediction = self.appliance_params[appliance]['mean'] + prediction * self.appliance_params[appliance]['std']
                valid_predictions = prediction.flatten()
                valid_predictions = np.where(valid_predictions > 0, valid_predictions, 0)
                df = pd.Series(valid_predictions)
                disggregation_dict[appliance] = df
            results = pd.DataFrame(disggregation_dict, dtype='float32')
            test_predictions.append(results)
        return test_predictions

    def return_network(self):
        '''Creates the RNN_Attention module described in the paper
        '''
        model = Sequential()

        # 1D Conv
        model.add(Conv1D(16,4,activation="linear",input_shape=(self.sequence_length,1),padding="same",strides=1))

        # Bi-directional LSTMs and attention layer
        model.add(Bidirectional(LSTM(8,return_sequences=True,stateful=False),merge_mode='concat'))
        model.add(Bidirectional(LSTM(12,return_sequences=True,stateful=False),merge_mode='concat'))
        model.add(AttentionLayer(units=8))
        
        # Fully Connected Layers
        model.add(Dense(8, activation='tanh'))
        model.add(Dense(1, activation='linear'))

        model.compile(loss='mse', optimizer='adam', metrics=['mse'])

        return model

    def call_preprocessing(self, mains_lst, submeters_lst, method):

        if method == 'train':
            mains_df_list = []
            for mains in mains_lst:
                new_mains = mains.values.flatten()
                n = self.sequence_length
                units_to_pad = n // 2
                new_mains = np.pad(new_mains,(units_to_pad,units_to_pad),'constant',constant_values=(0,0))
                new_mains = np.array([new_mains[i:i + n] for i in range(len(new_mains) - n + 1)])
                new_mains = (new_mains - self.mains_mean) / self.mains_std
                mains_df_list.append(pd.DataFrame(new_mains))

            appliance_list = []
            for app_index, (app_name, app_df_list) in enumerate(submeters_lst):
                if app_name in self.appliance_params:
                    app_mean = self.appliance_params[app_name]['mean']
                    app_std = self.appliance_params[app_name]['std']
                else:
                    print ("Parameters for ", app_name ," were not found!")
                    raise ApplianceNotFoundError()

                processed_appliance_dfs = []

                for app_df in app_df_list:
                    new_app_readings = app_df.values.reshape((-1, 1))
                    # This is for choosing windows
                    new_app_readings = (new_app_readings - app_mean) / app_std  
                    # Return as a list of dataframe
                    processed_appliance_dfs.append(pd.DataFrame(new_app_readings))
                appliance_list.append((app_name, processed_appliance_dfs))
            return mains_df_list, appliance_list

        else:
            mains_df_list = []

            for mains in mains_lst:
                new_mains = mains.values.flatten()
                n = self.sequence_length
                units_to_pad = n // 2
                new_mains = np.pad(new_mains,(units_to_pad,units_to_pad),'constant',constant_values=(0,0))
                new_mains = np.array([new_mains[i:i + n] for i in range(len(new_mains) - n + 1)])
                new_mains = (new_mains - self.mains_mean) / self.mains_std
                mains_df_list.append(pd.DataFrame(new_mains))
            return mains_df_list

    def set_appliance_params(self,train_appliances):
        # Find the parameters using the first
        for (app_name,df_list) in train_appliances:
            l = np.array(pd.concat(df_list,axis=0))
            app_mean = np.mean(l)
            app_std = np.std(l)
            if app_std<1:
                app_std = 100
            self.appliance_params.update({app_name:{'mean':app_mean,'std':app_std}})
        print (self.appliance_params)


# stand-in for NILMTK's experiment API: made-up mains and submeter readings (watts)
rng = np.random.RandomState(0)
t = np.arange(80)
fridge = 120.0 * ((t // 6) % 2)
kettle = 2000.0 * ((t % 23) < 2)
mains = 300.0 + fridge + kettle + 20.0 * rng.normal(size=80)

disaggregator = RNN_attention({'sequence_length': 9, 'n_epochs': 2})
disaggregator.partial_fit([pd.DataFrame(mains[:60].reshape(-1, 1))],
                          [('fridge', [pd.DataFrame(fridge[:60].reshape(-1, 1))]),
                           ('kettle', [pd.DataFrame(kettle[:60].reshape(-1, 1))])])
predictions = disaggregator.disaggregate_chunk([pd.DataFrame(mains[60:].reshape(-1, 1))])
print(predictions[0].values.round(1))
