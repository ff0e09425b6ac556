# source: fenago/katacoda-scenarios LS-term-memory-networks-python/chapter-8/steps/3/answer.md (J. Brownlee, "Long Short-Term Memory Networks with Python", chapter 8 "CNN LSTMs": the moving-dot left/right classifier, as a Katacoda lesson)
# commit: 030d1c6795762ebd7545b20fc7f4e5929b3a5f58
# keras: tf_keras
# exercises: `from keras.layers import Conv2D, MaxPooling2D, LSTM, Dense, Flatten, TimeDistributed`; Sequential of TimeDistributed(Conv2D(2, (2,2), activation='relu'), input_shape=(None, size, size, 1)) (a variable number of frames), TimeDistributed(MaxPooling2D(pool_size=(2, 2))), TimeDistributed(Flatten()), LSTM(50), Dense(1, activation='sigmoid'); compile(loss='binary_crossentropy', optimizer='adam', metrics=['acc']); model.summary(); fit(batch_size=32, epochs); evaluate(verbose=0) unpacked as loss, acc; class prediction of one new sequence; frames made with python's random
# reduced: size 25 -> 8 (8 frames of 8x8), 500 training sequences -> 32 (one batch of 32, so Keras's shuffling cannot change the result), epochs 1 -> 3; `model.predict_classes(X, verbose=0)` (removed from tf.keras in TF 2.6, so it fails on Keras itself) replaced by `(model.predict(X, verbose=0) > 0.5).astype("int32")`, the replacement TensorFlow's deprecation message gave; the Katacoda <pre> wrapper removed
from random import random
from random import randint
from numpy import array
from numpy import zeros
from keras.models import Sequential
from keras.layers import Conv2D
from keras.layers import MaxPooling2D
from keras.layers import LSTM
from keras.layers import Dense
from keras.layers import Flatten
from keras.layers import TimeDistributed

# generate the next frame in the sequence
def next_frame(last_step, last_frame, column):
    # define the scope of the next step
    lower = max(0, last_step-1)
    upper = min(last_frame.shape[0]-1, last_step+1)
    # choose the row index for the next step
    step = randint(lower, upper)
    # copy the prior frame
    frame = last_frame.copy()
    # add the new step
    frame[step, column] = 1
    return frame, step

# generate a sequence of frames of a dot moving across an image
def build_frames(size):
    frames = list()
    # create the first frame
    frame = zeros((size,size))
    step = randint(0, size-1)
    # decide if we are heading left or right
    right = 1 if random() < 0.5 else 0
    col = 0 if right else size-1
    frame[step, col] = 1
    frames.append(frame)
    # create all remaining frames
    for i in range(1, size):
        col = i if right else size-1-i
        frame, step = next_frame(step, frame, col)
        frames.append(frame)
    return frames, right

# generate multiple sequences of frames and reshape for network input
def generate_examples(size, n_patterns):
    X, y = list(), list()
    for _ in range(n_patterns):
        frames, right = build_frames(size)
        X.append(frames)
        y.append(right)
    # resize as [samples, timesteps, width, height, channels]
    X = array(X).reshape(n_patterns, size, size, size, 1)
    y = array(y).reshape(n_patterns, 1)
    return X, y

# configure problem
size = 8

# define the model
model = Sequential()
model.add(TimeDistributed(Conv2D(2, (2,2), activation='relu'), input_shape=(None,size,size,1)))
model.add(TimeDistributed(MaxPooling2D(pool_size=(2, 2))))
model.add(TimeDistributed(Flatten()))
model.add(LSTM(50))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['acc'])
model.summary()

# fit model
X, y = generate_examples(size, 32)
model.fit(X, y, batch_size=32, epochs=3)

# evaluate model
X, y = generate_examples(size, 10)
loss, acc = model.evaluate(X, y, verbose=0)
print('loss: %f, acc: %f' % (loss, acc*100))

# prediction on new data
X, y = generate_examples(size, 1)
yhat = (model.predict(X, verbose=0) > 0.5).astype("int32")
expected = "Right" if y[0]==1 else "Left"
predicted = "Right" if yhat[0]==1 else "Left"
print('Expected: %s, Predicted: %s' % (expected, predicted))
