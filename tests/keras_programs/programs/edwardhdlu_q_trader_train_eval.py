# source: edwardhdlu/q-trader agent/agent.py + train.py + evaluate.py + functions.py (a DQN stock-trading agent: sit / buy / sell on a window of sigmoid price differences; train saves the model every 10 episodes, evaluate reloads one)
# commit: 7f3ea94044307e38e2af1431e3481dbd2e715b0f
# keras: tf_keras
# exercises: a Sequential Q network (Dense(units=64, input_dim=window, relu), Dense(32, relu), Dense(8, relu), Dense(3, linear)) compiled with loss="mse" and Adam(lr=0.001) (tf-keras's deprecated, ignored `lr` name); epsilon-greedy act() with model.predict(state); expReplay over the last batch_size-1 transitions of a deque calling model.predict(next_state) and model.predict(state) per transition and model.fit(state, target_f, epochs=1, verbose=0) one row at a time; model.save("models/model_ep" + str(e)) with no file extension (tf-keras writes a SavedModel folder) at episode 0; evaluate: load_model("models/model_ep0") twice (once to read the window size as model.layers[0].input.shape.as_list()[1], once inside Agent(is_eval=True)) and a greedy pass of model.predict over the series
# reduced: train.py, evaluate.py, functions.py and agent/agent.py joined into one file (the Agent class and the helpers first, then train.py's body, then evaluate.py's, whose `from agent.agent import Agent` / `from functions import *` imports are dropped); Python 2 -> 3 (print statements -> print(), xrange -> range); sys.argv ([stock] [window] [episodes] and [stock] [model]) -> fixed values ("^GSPC", 5, 1 and "model_ep0"); getStockDataVec reads a made-up CSV the program writes first (data/^GSPC.csv: a header and 24 rows whose 5th column is a seeded numpy random walk from 100) in place of the repository's S&P 500 file; train's batch_size 32 -> 4 (evaluate's is unused); os.makedirs("models") added (the repository's folder is not in git). The epsilon-greedy choices use Python's and numpy's global generators, which the harness seeds alike on both sides
import os
import keras
from keras.models import Sequential
from keras.models import load_model
from keras.layers import Dense
from keras.optimizers import Adam

import numpy as np
import math
import random
from collections import deque
import sys


# ---- agent/agent.py
class Agent:
	def __init__(self, state_size, is_eval=False, model_name=""):
		self.state_size = state_size # normalized previous days
		self.action_size = 3 # sit, buy, sell
		self.memory = deque(maxlen=1000)
		self.inventory = []
		self.model_name = model_name
		self.is_eval = is_eval

		self.gamma = 0.95
		self.epsilon = 1.0
		self.epsilon_min = 0.01
		self.epsilon_decay = 0.995

		self.model = load_model("models/" + model_name) if is_eval else self._model()

	def _model(self):
		model = Sequential()
		model.add(Dense(units=64, input_dim=self.state_size, activation="relu"))
		model.add(Dense(units=32, activation="relu"))
		model.add(Dense(units=8, activation="relu"))
		model.add(Dense(self.action_size, activation="linear"))
		model.compile(loss="mse", optimizer=Adam(lr=0.001))

		return model

	def act(self, state):
		if not self.is_eval and np.random.rand() <= self.epsilon:
			return random.randrange(self.action_size)

		options = self.model.predict(state)
		return np.argmax(options[0])

	def expReplay(self, batch_size):
		mini_batch = []
		l = len(self.memory)
		for i in range(l - batch_size + 1, l):
			mini_batch.append(self.memory[i])

		for state, action, reward, next_state, done in mini_batch:
			target = reward
			if not done:
				target = reward + self.gamma * np.amax(self.model.predict(next_state)[0])

			target_f = self.model.predict(state)
			target_f[0][action] = target
			self.model.fit(state, target_f, epochs=1, verbose=0)

		if self.epsilon > self.epsilon_min:
			self.epsilon *= self.epsilon_decay 


# ---- functions.py
# prints formatted price
def formatPrice(n):
	return ("-$" if n < 0 else "$") + "{0:.2f}".format(abs(n))

# returns the vector containing stock data from a fixed file
def getStockDataVec(key):
	vec = []
	lines = open("data/" + key + ".csv", "r").read().splitlines()

	for line in lines[1:]:
		vec.append(float(line.split(",")[4]))

	return vec

# returns the sigmoid
def sigmoid(x):
	return 1 / (1 + math.exp(-x))

# returns an an n-day state representation ending at time t
def getState(data, t, n):
	d = t - n + 1
	block = data[d:t + 1] if d >= 0 else -d * [data[0]] + data[0:t + 1] # pad with t0
	res = []
	for i in range(n - 1):
		res.append(sigmoid(block[i + 1] - block[i]))

	return np.array([res])


# made-up data/^GSPC.csv (Date,Open,High,Low,Close,Adj Close,Volume)
os.makedirs("data", exist_ok=True)
os.makedirs("models", exist_ok=True)
_rng = np.random.RandomState(7)
_close = 100.0 + np.cumsum(_rng.normal(0.0, 1.5, 24))
with open("data/^GSPC.csv", "w") as _f:
	_f.write("Date,Open,High,Low,Close,Adj Close,Volume\n")
	for _i, _c in enumerate(_close):
		_f.write("2017-01-%02d,%.2f,%.2f,%.2f,%.2f,%.2f,%d\n" % (_i + 1, _c, _c + 1, _c - 1, _c, _c, 1000000))


# ---- train.py
stock_name, window_size, episode_count = "^GSPC", 5, 1

agent = Agent(window_size)
data = getStockDataVec(stock_name)
l = len(data) - 1
batch_size = 4

for e in range(episode_count + 1):
	print("Episode " + str(e) + "/" + str(episode_count))
	state = getState(data, 0, window_size + 1)

	total_profit = 0
	agent.inventory = []

	for t in range(l):
		action = agent.act(state)

		# sit
		next_state = getState(data, t + 1, window_size + 1)
		reward = 0

		if action == 1: # buy
			agent.inventory.append(data[t])
			print("Buy: " + formatPrice(data[t]))

		elif action == 2 and len(agent.inventory) > 0: # sell
			bought_price = agent.inventory.pop(0)
			reward = max(data[t] - bought_price, 0)
			total_profit += data[t] - bought_price
			print("Sell: " + formatPrice(data[t]) + " | Profit: " + formatPrice(data[t] - bought_price))

		done = True if t == l - 1 else False
		agent.memory.append((state, action, reward, next_state, done))
		state = next_state

		if done:
			print("--------------------------------")
			print("Total Profit: " + formatPrice(total_profit))
			print("--------------------------------")

		if len(agent.memory) > batch_size:
			agent.expReplay(batch_size)

	if e % 10 == 0:
		agent.model.save("models/model_ep" + str(e))


# ---- evaluate.py
stock_name, model_name = "^GSPC", "model_ep0"
model = load_model("models/" + model_name)
window_size = model.layers[0].input.shape.as_list()[1]

agent = Agent(window_size, True, model_name)
data = getStockDataVec(stock_name)
l = len(data) - 1
batch_size = 32

state = getState(data, 0, window_size + 1)
total_profit = 0
agent.inventory = []

for t in range(l):
	action = agent.act(state)

	# sit
	next_state = getState(data, t + 1, window_size + 1)
	reward = 0

	if action == 1: # buy
		agent.inventory.append(data[t])
		print("Buy: " + formatPrice(data[t]))

	elif action == 2 and len(agent.inventory) > 0: # sell
		bought_price = agent.inventory.pop(0)
		reward = max(data[t] - bought_price, 0)
		total_profit += data[t] - bought_price
		print("Sell: " + formatPrice(data[t]) + " | Profit: " + formatPrice(data[t] - bought_price))

	done = True if t == l - 1 else False
	agent.memory.append((state, action, reward, next_state, done))
	state = next_state

	if done:
		print("--------------------------------")
		print(stock_name + " Total Profit: " + formatPrice(total_profit))
		print("--------------------------------")
