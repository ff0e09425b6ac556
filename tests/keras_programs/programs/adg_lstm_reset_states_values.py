# source: teerameth/omni.isaac.fiborobotlab omni/isaac/fiborobotlab/mooncake/examples/test.py (a copy of the code of ADG Efficiency's widely read post "Setting and resetting LSTM hidden states in Tensorflow 2", https://adgefficiency.com/tf2-lstm-hidden/)
# commit: bffe88c1d75a5c89f3d09c1a04c4e85879a5df70
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.Input(shape=, batch_size=), tf.keras.layers.LSTMCell(kernel_initializer=, recurrent_initializer=, bias_initializer=) wrapped in tf.keras.layers.RNN(cell, return_state=True, return_sequences=True, stateful=True), a Dense on the sequence output, a functional Model with three outputs [hidden_state, cell_state, output]; the same batch fed twice (the state carries on), then rnn.reset_states(states=[zeros, zeros]) and rnn.reset_states(states=[ones, ones]) (resetting a stateful layer to given values) before feeding it again
# reduced: tf.random.set_seed(42) dropped (the harness seeds, and statefulrnn is not TensorFlow); mdl.compile(optimizer='adam', loss='mse') added after the model is built (the harness meets the two runs' initial weights at the first compile; the post never trains); each direct call mdl(x) -> mdl.predict(x, verbose=0) (calls of the model itself are not recorded; predict runs the same forward pass with the same stateful update, in one batch of 10)
import numpy as np
import tensorflow as tf

np.random.seed(42)

input_dim =	3
output_dim = 3
num_timesteps =	2
batch_size = 10
nodes =	10

input_layer = tf.keras.Input(shape=(num_timesteps, input_dim), batch_size=batch_size)

cell = tf.keras.layers.LSTMCell(
    nodes,
    kernel_initializer='glorot_uniform',
    recurrent_initializer='glorot_uniform',
    bias_initializer='zeros',
)

lstm = tf.keras.layers.RNN(
    cell,
    return_state=True,
    return_sequences=True,
    stateful=True,
)

lstm_out, hidden_state, cell_state = lstm(input_layer)

output = tf.keras.layers.Dense(output_dim)(lstm_out)

mdl = tf.keras.Model(
    inputs=input_layer,
    outputs=[hidden_state, cell_state, output]
)
mdl.compile(optimizer='adam', loss='mse')
# We can now test what's going on by passing a batch through the network (look Ma, no tf.Session!):
x = np.random.rand(batch_size, num_timesteps, input_dim).astype(np.float32)
h_state, c_state, out = mdl.predict(x, verbose=0)
print(np.mean(out))
# If we pass this same batch again, we get different result as the hidden state has been changed:
h_state, c_state, out = mdl.predict(x, verbose=0)
print(np.mean(out))
# If we reset the hidden state, we can recover our initial output:
lstm.reset_states(states=[np.zeros((batch_size, nodes)), np.zeros((batch_size, nodes))])
h_state, c_state, out = mdl.predict(x, verbose=0)
print(np.mean(out))
# This method also allows us to use other values than all zeros for the hidden state:
lstm.reset_states(states=[np.ones((batch_size, nodes)), np.ones((batch_size, nodes))])
h_state, c_state, out = mdl.predict(x, verbose=0)
print(np.mean(out))
