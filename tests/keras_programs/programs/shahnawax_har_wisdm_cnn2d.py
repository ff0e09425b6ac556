# source: Shahnawax/HAR-CNN-Keras HAR.py and evaluate_model.py (M. Shahnawaz's widely forked "Human Activity Recognition using CNN in Keras": WISDM accelerometer windows of 90 samples x 3 axes (50% overlap, label the window's mode) read as 90x3 one-channel images by a Conv2D / MaxPooling2D / Dense classifier, saved to model.h5; evaluate_model.py reloads it with load_model, evaluates and predicts a confusion matrix)
# commit: 0a8c7e9bb75b30736fd15da00be6d616ee6ac744 (HAR.py; evaluate_model.py read at 2a247fc4e3773f6330f8213f131808dccf9df29e)
# keras: tf_keras
# exercises: `from keras.models import Sequential, model_from_json`, `from keras.layers import Dense, Conv2D, MaxPooling2D, Flatten, Dropout`, `from keras import optimizers`, `from keras.models import load_model`; Sequential with add of Conv2D(filters, (2, 2), input_shape=(rows, cols, 1), activation='relu'), MaxPooling2D(pool_size=(2, 2), padding='valid'), Dropout, Flatten, Dense relu x2, Dense softmax; optimizers.legacy.Adam(lr=0.001, decay=1e-6) (Keras 2's `lr` alias and time-based `decay`); compile(loss='categorical_crossentropy', optimizer=adam, metrics=['accuracy']); `for layer in model.layers: print(layer.name)`; fit(validation_split=0.2, epochs, batch_size=10, verbose=2) with a last partial batch; evaluate(verbose=2) read as score[1]; model.save('model.h5'); load_model('model.h5') then evaluate and predict(verbose=2), argmax per row
# reduced: the WISDM actitracker_raw.txt (pandas read_csv) replaced by a seeded numpy stream of 1800 accelerometer readings in 6 activities (runs of 150 readings, a per-activity offset and frequency plus noise), kept in a dict of numpy columns so readData/segment_signal/windows work unchanged but for `data.count()` -> `len(data)` and pandas slicing -> numpy slicing; scipy's stats.mode(activity names)[0][0] -> stats.mode(their indices in the sorted names, keepdims=True)[0][0] (SciPy 1.11+ takes no strings and no longer keeps the axis), so labels are those indices; pd.get_dummies(labels) -> the same one-hot over the sorted labels in numpy; the matplotlib activity plots and the confusion-matrix figure left out (sklearn's confusion_matrix replaced by a numpy count); numFilters 128 -> 16, numNueronsFCL1/2 256/128 -> 32/16, epochs 10 -> 2; dropOutRatio 0.2 -> 0.0 (random masks cannot match); shuffle=False added to fit (its default shuffling cannot match); optimizers.Adam(lr=0.001, decay=1e-6) -> optimizers.legacy.Adam(lr=0.001, decay=1e-6) (tf-keras 2.11+'s Adam refuses `decay`: "use the legacy optimizer"); evaluate_model.py's testData.npy / groundTruth.npy -> the test split of this run
# importing libraries and dependecies 
import numpy as np
from scipy import stats
from keras.models import Sequential, model_from_json
from keras.layers import Dense, Conv2D, MaxPooling2D, Flatten, Dropout
#from keras import backend as K
from keras import optimizers
#K.set_image_dim_ordering('th')
# setting up a random seed for reproducibility
random_seed = 611
np.random.seed(random_seed)

# defining function for loading the dataset
def readData(filePath):
    # stand-in for WISDM: 12 runs of 150 readings, 6 activities
    names = ['Downstairs','Jogging','Sitting','Standing','Upstairs','Walking']
    acts, xs, ys, zs = [], [], [], []
    t = np.arange(150) * 0.05
    for run in range(12):
        k = run % 6
        acts += [names[k]] * 150
        xs.append(np.sin((k + 1) * t) * (k + 1) + np.random.randn(150))
        ys.append(np.cos((k + 2) * t) + k + np.random.randn(150))
        zs.append(np.random.randn(150) * (1 + 0.3 * k))
    data = {'activity': np.array(acts), 'timestamp': np.arange(1800),
            'x-axis': np.concatenate(xs), 'y-axis': np.concatenate(ys), 'z-axis': np.concatenate(zs)}
    return data
# defining a function for feature normalization
# (feature - mean)/stdiv
def featureNormalize(dataset):
    mu = np.mean(dataset,axis=0)
    sigma = np.std(dataset,axis=0)
    return (dataset-mu)/sigma
# defining a window function for segmentation purposes
def windows(data,size):
    start = 0
    while start< len(data):
        yield int(start), int(start + size)
        start+= (size/2)
# segmenting the time series
def segment_signal(data, window_size = 90):
    segments = np.empty((0,window_size,3))
    labels= np.empty((0))
    for (start, end) in windows(data['timestamp'],window_size):
        x = data['x-axis'][start:end]
        y = data['y-axis'][start:end]
        z = data['z-axis'][start:end]
        if(len(data['timestamp'][start:end])==window_size):
            segments = np.vstack([segments,np.dstack([x,y,z])])
            labels = np.append(labels,stats.mode(np.searchsorted(np.unique(data['activity']), data['activity'][start:end]), keepdims=True)[0][0])
    return segments, labels
''' Main Code '''
# # # # # # # # #   reading the data   # # # # # # # # # # 
dataset = readData('actitracker_raw.txt')
# segmenting the signal in overlapping windows of 90 samples with 50% overlap
segments, labels = segment_signal(dataset) 
#categorically defining the classes of the activities
labels = np.asarray(np.eye(len(np.unique(labels)))[np.searchsorted(np.unique(labels), labels)],dtype = np.int8)
# defining parameters for the input and network layers
# we are treating each segmeent or chunk as a 2D image (90 X 3)
numOfRows = segments.shape[1]
numOfColumns = segments.shape[2]
numChannels = 1
numFilters = 16 # number of filters in Conv2D layer
# kernal size of the Conv2D layer
kernalSize1 = 2
# max pooling window size
poolingWindowSz = 2
# number of filters in fully connected layers
numNueronsFCL1 = 32
numNueronsFCL2 = 16
# split ratio for test and validation
valSplit = 0.8
# number of epochs
Epochs = 2
# batchsize
batchSize = 128
# number of total clases
num_classes = labels.shape[1]
# dropout ratio for dropout layer
dropOutRatio = 0.0
# reshaping the data for network input
reshaped_segments = segments.reshape(segments.shape[0], numOfRows, numOfColumns,1)
# splitting in training and testing data
train_split = np.random.rand(len(reshaped_segments)) < valSplit
train_x = reshaped_segments[train_split]
test_x = reshaped_segments[~train_split]
train_x = np.nan_to_num(train_x)
test_x = np.nan_to_num(test_x)
train_y = labels[train_split]
test_y = labels[~train_split]
print(train_x.shape, test_x.shape)

def cnn_model():
    model = Sequential()
    # adding the first convolutionial layer with 32 filters and 5 by 5 kernal size, using the rectifier as the activation function
    model.add(Conv2D(numFilters, (kernalSize1,kernalSize1),input_shape=(numOfRows, numOfColumns,1),activation='relu'))
    # adding a maxpooling layer
    model.add(MaxPooling2D(pool_size=(poolingWindowSz,poolingWindowSz),padding='valid'))
    # adding a dropout layer for the regularization and avoiding over fitting
    model.add(Dropout(dropOutRatio))
    # flattening the output in order to apply the fully connected layer
    model.add(Flatten())
    # adding first fully connected layer with 256 outputs
    model.add(Dense(numNueronsFCL1, activation='relu'))
    #adding second fully connected layer 128 outputs
    model.add(Dense(numNueronsFCL2, activation='relu'))
    # adding softmax layer for the classification
    model.add(Dense(num_classes, activation='softmax'))
    # Compiling the model to generate a model
    adam = optimizers.legacy.Adam(lr = 0.001, decay=1e-6)
    model.compile(loss='categorical_crossentropy', optimizer=adam, metrics=['accuracy'])
    return model
model = cnn_model()
for layer in model.layers:
    print(layer.name)
model.fit(train_x,train_y, validation_split=0.2,epochs=Epochs,batch_size=10,verbose=2,shuffle=False)
score = model.evaluate(test_x,test_y,verbose=2)
print('Baseline Error: %.2f%%' %(100-score[1]*100))
model.save('model.h5')

# ---- evaluate_model.py ----
from keras.models import load_model
# loading the pretrained model
model = load_model('model.h5')
#loading the testData and groundTruth data
groundTruth = test_y
# evaluating the model
score = model.evaluate(test_x,groundTruth,verbose=2)
print('Baseline Error: %.2f%%' %(100-score[1]*100))
# predicting the classes
predictions = model.predict(test_x,verbose=2)
predictedClass = np.zeros((predictions.shape[0]))
groundTruthClass = np.zeros((groundTruth.shape[0]))
for instance in range (groundTruth.shape[0]):
    predictedClass[instance] = np.argmax(predictions[instance,:])
    groundTruthClass[instance] = np.argmax(groundTruth[instance,:])
cm = np.zeros((num_classes, num_classes), dtype=int)
for g, p in zip(groundTruthClass.astype(int), predictedClass.astype(int)):
    cm[g, p] += 1
print(cm)
