# source: AmzadHossainrafis/Video_Frame_Prediction utils.py (download_data, read_yaml, SelectCallbacks, plot_loss), dataloader.py (Dataloader), model.py (LSTM2D), config.yaml and train.py (a ConvLSTM2D next-frame predictor on Moving MNIST, the keras.io Conv-LSTM example rewritten as a small project: a YAML config, a keras.utils.Sequence loader of shifted frames, a Callback subclass meant to hand out callbacks)
# commit: ee72086aff10d5b84ed2e6054620dad131eb5f6a
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow import keras`, `from tensorflow.keras.layers import Input, ConvLSTM2D, BatchNormalization, Conv3D`, `from keras.models import load_model`; download_data: np.swapaxes, a slice, np.expand_dims(axis=-1), np.random.shuffle of indexes for the train / validation split, / 255 (called twice: at the loader module's import and in train.py); a tf.keras.utils.Sequence subclass with __len__ = ceil(n / batch_size) and a name-mangled private method (__create_shifted_frames) making (x, y) = frames [0:T-1] and [1:T], whose __getitem__ fills fixed-size float32 zero arrays from x[indx] / y[indx] (not from its batch slices, as in the source: every batch holds the first samples, and the last, partial batch ends in a zero sample); a functional model Input(shape=(T-1, H, W, C)), ConvLSTM2D(filters, (5, 5), padding='same', return_sequences=True, activation='relu'), BatchNormalization, ConvLSTM2D((3, 3)), BatchNormalization, ConvLSTM2D((1, 1)), Conv3D(1, (3, 3, 3), activation='sigmoid', padding='same'); compile(optimizer='adam', loss='binary_crossentropy', metrics=["accuracy"]) from config strings; a keras.callbacks.Callback subclass whose __init__ calls super(keras.callbacks.Callback, self).__init__() (skipping Callback.__init__) and whose instance is handed to fit as callbacks=callback (one Callback, not a list; its get_callbacks, which would make CSVLogger / ModelCheckpoint / LearningRateScheduler, is never called, as in the source); fit(Sequence, epochs, validation_data=Sequence, callbacks=..., shuffle=True) (tf-keras shuffles a Sequence's batch order with Python's random.shuffle); history.history["accuracy"] and ["val_accuracy"] read
# reduced: download_data's keras.utils.get_file of mnist_test_seq.npy (Moving MNIST, 20 frames x 10000 sequences of 64x64 uint8) and np.load replaced by a seeded made-up uint8 array of the same layout, 5 frames x 10 sequences of 8x8 (a bright 2x2 square moving one pixel per frame, plus noise), number_of_data 1000 -> 10 (8 training, 2 validation sequences; 3 batches of 3, the last partial, and 1 validation batch); config.yaml (read by yaml.load, and PyYAML is not installed in the Keras venv) -> the same mapping as a dict returned by read_yaml, with height / width 64 -> 8, filter_size 64 -> 4, epochs 10 -> 2 (batch_size 3, adam, binary_crossentropy, relu, 'same' kept); the frame counts the source writes as literals follow the data: Input(shape=(19, ...)) -> (4, ...) and the loader's np.zeros((batch_size, 19, 64, 64, 1)) -> (batch_size, 4, 8, 8, 1); plot_loss's matplotlib plot -> a print of the two histories; os.environ["CUDA_VISIBLE_DEVICES"] dropped; utils.predictions (unused, and broken: plt.subplot unpacked into two) left out; the four files' imports gathered at the top
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Input,ConvLSTM2D,BatchNormalization,Conv3D
from tensorflow.keras.models import Model
import numpy as np
import math
import os
import datetime as dt

#load model 
from keras.models import load_model


# ---- stand-in for mnist_test_seq.npy: (frames, sequences, 8, 8) uint8
def _moving_squares(frames=5, sequences=10, size=8):
    rng = np.random.RandomState(11)
    data = rng.randint(0, 30, size=(frames, sequences, size, size)).astype(np.uint8)
    for s in range(sequences):
        r, c = rng.randint(0, size - 1 - frames, size=2)
        dr, dc = rng.choice([0, 1], size=2)
        for f in range(frames):
            data[f, s, r + dr * f: r + dr * f + 2, c + dc * f: c + dc * f + 2] = 255
    return data


# ---- utils.py
def download_data(link="http://www.cs.toronto.edu/~nitish/unsupervised_video/mnist_test_seq.npy",normalize=True,number_of_data=10,split_ratio=0.8):
    """
    Downloads the data from the link provided.
    :param link: The link to download the data from.
    :return: The data.


    """
    dataset=_moving_squares()
    dataset = np.swapaxes(dataset, 0, 1) # separet all the frame(single image) in the sequence of frams(multiple images)
    dataset=dataset[:number_of_data,...]
    dataset = np.expand_dims(dataset, axis=-1) # Add the channel dimension. as it is a grayscale image.
    indexes = np.arange(dataset.shape[0])
    np.random.shuffle(indexes)
    train_index = indexes[: int(split_ratio * dataset.shape[0])]
    val_index = indexes[int(split_ratio * dataset.shape[0]) :]
    train_dataset = dataset[train_index]
    val_dataset = dataset[val_index]

    if normalize:
        train_dataset = train_dataset / 255
        val_dataset = val_dataset / 255

    
    return train_dataset,val_dataset

    #(800, 20, 64, 64, 1)
    #(200, 20, 64, 64, 1)

def read_yaml(path='config.yaml'):
    """
    Reads the yaml file and returns the data in a dictionary.
    :param path: The path to the yaml file.
    :return: The data in the yaml file.
    """
    data_loaded = {
        'name': 'next_frame_prediction',
        'height': 8, 'width': 8, 'channels': 1,
        'epochs': 2, 'batch_size': 3,
        'optimizer': 'adam', 'learning_rate': 0.001, 'loss': 'binary_crossentropy',
        'activation': 'relu', 'padding': 'same', 'filter_size': 4, 'kernel_size': 3,
        'csv': True, 'checkpoint': True, 'lr': True,
        'checkpoint_dir': 'logs/model_checkpoints/', 'csv_log_dir': 'logs/csv_logs/',
        'csv_log_name': 'csv_log.csv',
        'load_model_path': 'C:\\Users\\Amzad\\Desktop\\keras_project\\next_frame_prediction\\data\\model.h5',
    }
    return data_loaded



class SelectCallbacks(keras.callbacks.Callback):
    def __init__(self,config= read_yaml()):
        """
        Summary:
            callback class for validation prediction and create the necessary callbacks objects
        Arguments:
            val_dataset (object): MyDataset class object
            model (object): keras.Model object
            config (dict): configuration dictionary
        Return:
            class object
        """



        super(keras.callbacks.Callback, self).__init__()
        self.config = config
        self.callbacks = []

    def lr_scheduler(self, epoch):
        """
        Summary:
            learning rate decrease according to the model performance
        Arguments:
            epoch (int): current epoch
        Return:
            learning rate
        """


        drop = 0.5
        epoch_drop = self.config['epochs'] / 8.
        lr = self.config['learning_rate'] * math.pow(drop, math.floor((1 + epoch) / epoch_drop))
        return lr


    def get_callbacks(self):
        """
        Summary:
            creating callbacks based on configuration
        Arguments:
            val_dataset (object): MyDataset class object
            model (object): keras.Model class object
        Return:
            list of callbacks
        """


        
        if self.config['csv']:
            self.callbacks.append(keras.callbacks.CSVLogger(os.path.join(self.config['csv_log_dir'], self.config['csv_log_name']), separator = ",", append = False))
        if self.config['checkpoint']:
            self.callbacks.append(keras.callbacks.ModelCheckpoint(filepath=self.config['checkpoint_dir']+"next_frame_prediction.hdf5", save_best_only = True))
        if self.config['lr']:
            self.callbacks.append(keras.callbacks.LearningRateScheduler(schedule = self.lr_scheduler))
        
        
        
        return self.callbacks



def plot_loss(history):
    """
    Summary:
        plot the loss function
    Arguments:
        history (object): keras.callbacks.History object
    Return:
        None
    """


    print(history.history["accuracy"])
    print(history.history["val_accuracy"])


# ---- dataloader.py
train_data, test_data=download_data()
config= read_yaml("config.yaml")

class Dataloader(tf.keras.utils.Sequence):
    """
    this is dataloader take batch size and data as input 

     return the batch of data
    
    
    """
    def __init__(self,batch_size=config['batch_size'],d_data=train_data):
        
        self.batch_size = batch_size
        self.dataS = d_data


    def __len__(self):
        return int(np.ceil(len(self.dataS) / float(self.batch_size)))


    def __create_shifted_frames(self,data):
        '''
        agu: data --> list of frames each frame is a numpy array and each instance is a list of 20 frames

        this function create the shifted frames
        for next frame prediction the current labele of a input frame will the imidiate next frame
        a single instance of this data is combination of 20 frames
        
        '''
        x = data[:, 0 : data.shape[1] - 1, :, :]
        y = data[:, 1 : data.shape[1], :, :]
        return x, y
    

    def __getitem__(self, idx):
        x, y = self.__create_shifted_frames(self.dataS)
        batch_x =x[idx * self.batch_size:(idx + 1) * self.batch_size]
        batch_y =y[idx * self.batch_size:(idx + 1) * self.batch_size]


        img=np.zeros((self.batch_size,4,8,8,1),dtype="float32")
        lable=np.zeros((self.batch_size,4,8,8,1),dtype="float32")

        for indx, i in  enumerate(batch_x):
            img[indx]=x[indx]
        
        for indx, i in  enumerate(batch_y):
            lable[indx]=y[indx]

        return img,lable


# ---- model.py
config= read_yaml("config.yaml")

def LSTM2D():
    """
    arguments: input_shape(tuple)
    returns: model(keras.model)
    """
    input_layer = Input(shape=(4,config["height"],config["width"],config["channels"]))
    x = ConvLSTM2D( filters=config['filter_size'],kernel_size=(5, 5),padding=config['padding'],return_sequences=True,activation=config['activation'])(input_layer)
    x = BatchNormalization()(x)
    x = ConvLSTM2D(filters=config['filter_size'],kernel_size=(3, 3),padding=config['padding'],return_sequences=True, activation=config['activation'])(x)
    x = BatchNormalization()(x)
    x = ConvLSTM2D(filters=config['filter_size'],kernel_size=(1, 1),padding=config['padding'],return_sequences=True,activation=config['activation'])(x)
    x = Conv3D(filters=1, kernel_size=(3, 3, 3), activation="sigmoid", padding=config['padding'])(x)

# Next, we will build the complete model and compile it.
    model = Model(input_layer, x)
    return model


# ---- train.py
#read config
config= read_yaml("config.yaml")
#load data 
train_data, val_data=download_data()


#make train and val dataloader

train_ds = Dataloader(d_data=train_data,batch_size=config['batch_size'])
val_ds = Dataloader(d_data=val_data,batch_size=config['batch_size'])

#make model 
model=LSTM2D()
#make callbacks
callback=SelectCallbacks()

model.compile(optimizer=config['optimizer'],loss=config['loss'],metrics=["accuracy"])
history1=model.fit(train_ds,epochs=config['epochs'],validation_data=val_ds,callbacks=callback,shuffle=True)


plot_loss(history=history1)
