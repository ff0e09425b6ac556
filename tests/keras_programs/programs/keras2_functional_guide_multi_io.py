# source: keras-team/keras docs/templates/getting-started/functional-api-guide.md ("Getting started with the Keras functional API", the Keras 2 docs page: its "Multi-input and multi-output models", "Shared layers" and "The concept of layer node" sections)
# commit: d5e7ddadbc8dea6208fb3e60ca6c741485ce4d64
# keras: tf_keras
# exercises: `from keras.layers import Input, Embedding, LSTM, Dense`, `from keras.models import Model`, keras.layers.concatenate; a two-input two-output functional model: Input(shape=(100,), dtype='int32', name='main_input') into Embedding(output_dim=, input_dim=, input_length=) and LSTM(32), an auxiliary sigmoid Dense named 'aux_output' on the LSTM, a second Input(shape=(5,), name='aux_input') concatenated with the LSTM output, three Dense(64, relu) and a sigmoid Dense named 'main_output'; Model(inputs=[...], outputs=[...]); compile(optimizer='rmsprop', loss='binary_crossentropy', loss_weights=[1., 0.2]) and fit on lists of inputs and targets; then compile again with loss and loss_weights dicts keyed by output name and fit on dicts of inputs and targets keyed by the names (the weights carry on); a shared LSTM(64) called on two Inputs, keras.layers.concatenate(axis=-1), Dense(1, sigmoid), compile with metrics=['accuracy'] and fit([data_a, data_b], labels, epochs=10) with the default batch size; a layer's .output with one inbound node, and get_output_at(0) / get_output_at(1) of a layer called twice
# reduced: the snippets in page order as one script; `import keras`, `import numpy as np` and made-up numpy data added (the page leaves headline_data, additional_data, labels, data_a, data_b undefined): 32 headlines of 10 word ids in [1, 50), 5 extra features, binary labels; 32 tweet pairs of 12 steps of 16 binary features; sizes shrunk: sequences of 10 instead of 100 words, input_dim 50 instead of 10000, output_dim 8 instead of 512, LSTM(4) instead of 32, Dense(8) instead of 64, tweets (12, 16) instead of (280, 256), shared LSTM(6) instead of 64, node-section LSTM(3) instead of 32; epochs 3 instead of 50 and 10 (batch_size=32 / the default 32 over 32 samples: one batch per epoch, so fit's shuffling cannot change the result); the page's failing `lstm.output` of a layer with two inbound nodes (shown raising AttributeError) left out, its three asserts written with `is` instead of `==` (tf-keras's symbolic tensors turn `==` into an op whose truth raises TypeError "do not implement __len__"), and its Conv2D input_shape lines and later image examples not taken
import numpy as np
import keras
from keras.layers import Input, Embedding, LSTM, Dense
from keras.models import Model

headline_data = np.random.randint(1, 50, size=(32, 10))
additional_data = np.random.rand(32, 5)
labels = np.random.randint(0, 2, size=(32, 1))

# Headline input: meant to receive sequences of 100 integers, between 1 and 10000.
# Note that we can name any layer by passing it a "name" argument.
main_input = Input(shape=(10,), dtype='int32', name='main_input')

# This embedding layer will encode the input sequence
# into a sequence of dense 512-dimensional vectors.
x = Embedding(output_dim=8, input_dim=50, input_length=10)(main_input)

# A LSTM will transform the vector sequence into a single vector,
# containing information about the entire sequence
lstm_out = LSTM(4)(x)

auxiliary_output = Dense(1, activation='sigmoid', name='aux_output')(lstm_out)

auxiliary_input = Input(shape=(5,), name='aux_input')
x = keras.layers.concatenate([lstm_out, auxiliary_input])

# We stack a deep densely-connected network on top
x = Dense(8, activation='relu')(x)
x = Dense(8, activation='relu')(x)
x = Dense(8, activation='relu')(x)

# And finally we add the main logistic regression layer
main_output = Dense(1, activation='sigmoid', name='main_output')(x)

model = Model(inputs=[main_input, auxiliary_input], outputs=[main_output, auxiliary_output])

model.compile(optimizer='rmsprop', loss='binary_crossentropy',
              loss_weights=[1., 0.2])

model.fit([headline_data, additional_data], [labels, labels],
          epochs=3, batch_size=32)

model.compile(optimizer='rmsprop',
              loss={'main_output': 'binary_crossentropy', 'aux_output': 'binary_crossentropy'},
              loss_weights={'main_output': 1., 'aux_output': 0.2})

# And trained it via:
model.fit({'main_input': headline_data, 'aux_input': additional_data},
          {'main_output': labels, 'aux_output': labels},
          epochs=3, batch_size=32)

# Shared layers
data_a = (np.random.rand(32, 12, 16) > 0.8).astype('float32')
data_b = (np.random.rand(32, 12, 16) > 0.8).astype('float32')
labels = np.random.randint(0, 2, size=(32, 1))

tweet_a = Input(shape=(12, 16))
tweet_b = Input(shape=(12, 16))

# This layer can take as input a matrix
# and will return a vector of size 64
shared_lstm = LSTM(6)

encoded_a = shared_lstm(tweet_a)
encoded_b = shared_lstm(tweet_b)

# We can then concatenate the two vectors:
merged_vector = keras.layers.concatenate([encoded_a, encoded_b], axis=-1)

# And add a logistic regression on top
predictions = Dense(1, activation='sigmoid')(merged_vector)

# We define a trainable model linking the
# tweet inputs to the predictions
model = Model(inputs=[tweet_a, tweet_b], outputs=predictions)

model.compile(optimizer='rmsprop',
              loss='binary_crossentropy',
              metrics=['accuracy'])
model.fit([data_a, data_b], labels, epochs=3)

# The concept of layer "node"
a = Input(shape=(12, 16))

lstm = LSTM(3)
encoded_a = lstm(a)

assert lstm.output is encoded_a

a = Input(shape=(12, 16))
b = Input(shape=(12, 16))

lstm = LSTM(3)
encoded_a = lstm(a)
encoded_b = lstm(b)

assert lstm.get_output_at(0) is encoded_a
assert lstm.get_output_at(1) is encoded_b
