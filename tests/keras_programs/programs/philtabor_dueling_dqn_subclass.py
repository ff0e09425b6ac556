# source: philtabor/Youtube-Code-Repository ReinforcementLearning/DeepQLearning/dueling_dqn_keras.py + main_keras_dueling_dqn_lunar_lander.py (Phil Tabor's "Machine Learning with Phil" dueling deep Q-network in TF2 Keras: a subclassed keras.Model trained with train_on_batch)
# commit: eb3aa9733158a4f7c4ba1fefaa812b27ffd889b6
# keras: tf_keras
# exercises: `import tensorflow.keras as keras`; a subclassed keras.Model (super().__init__(), four keras.layers.Dense attributes) whose call combines a value and an advantage head as V + (A - mean(A, axis=1, keepdims=True)), plus an extra method advantage(state) that calls the Dense sublayers directly; two instances (q_eval, q_next) compiled with Adam(learning_rate=lr) and loss='mean_squared_error'; eager model calls self.q_eval(states) / self.q_next(states_) on float32 numpy batches, np.copy of the output tensor, .numpy() of a backend max and argmax; target network by q_next.set_weights(q_eval.get_weights()) every `replace` learn steps; q_eval.train_on_batch(states, q_target); a numpy replay buffer sampled by np.random.choice(max_mem, batch_size, replace=False); epsilon-greedy with np.random.random / np.random.choice
# reduced: the two files joined (main's `from dueling_dqn_keras import Agent` and `from utils import plotLearning` dropped, plotLearning's call with them; load_model, used only by the unused load_model method, imported as written would be `keras.models.load_model`, which the method keeps); gym's LunarLander-v2 (Box2D, not installed) replaced by a tiny deterministic numpy environment with the same sizes (8 observations, 4 actions, the old 4-tuple step API: a fixed linear drift plus an action-dependent push, a reward from the state, episodes of 12 steps, initial state from a seeded numpy RandomState) reached through a small `gym` stand-in; statefulrnn stands in for Keras, not TensorFlow (`import tensorflow as tf` becomes `import statefulrnn as tf`, whose tf.math raises TensorFlowNameError by design), so tf.math.reduce_mean -> keras.backend.mean, tf.math.reduce_max -> keras.backend.max, tf.math.argmax -> keras.backend.argmax (same arguments) and `import tensorflow as tf` dropped; each network called once on a zero batch before its compile (a subclassed model has no weights until its first call, and the harness hands both runs Keras's starting weights at compile); n_games 400 -> 3, fc1_dims/fc2_dims 128 -> 16, batch_size 64 -> 8, mem_size 100000 -> 1000, replace 100 -> 5, epsilon 1 -> 0.5 (so the greedy advantage() branch runs too); plotting dropped; in learn, self.gamma*q_next[idx] -> q_next[idx, 0] (q_next is (batch, 1) from keepdims=True; numpy 2 refuses to set one element from a shape-(1,) row: ValueError: setting an array element with a sequence). All sampling uses numpy's global generator, which the harness seeds alike on both sides
import tensorflow.keras as keras
from tensorflow.keras.optimizers import Adam
import numpy as np


class LunarLanderStandIn:
    """A tiny deterministic stand-in for LunarLander-v2's sizes: 8 observations, 4 actions."""

    def __init__(self, seed=0, max_steps=12):
        rng = np.random.RandomState(seed)
        self.rng = rng
        self.drift = np.eye(8) * 0.9 + rng.normal(0.0, 0.05, (8, 8))
        self.push = rng.normal(0.0, 0.3, (4, 8))
        self.max_steps = max_steps

    def reset(self):
        self.state = self.rng.uniform(-1.0, 1.0, 8)
        self.steps = 0
        return np.array(self.state)

    def step(self, action):
        self.state = np.tanh(self.drift @ self.state + self.push[action])
        self.steps += 1
        reward = float(1.0 - np.abs(self.state[:2]).sum() + 0.5 * self.state[6] * (action == 0))
        done = self.steps >= self.max_steps
        return np.array(self.state), reward, done, {}


class gym:
    @staticmethod
    def make(name):
        return LunarLanderStandIn(seed=0)


class DuelingDeepQNetwork(keras.Model):
    def __init__(self, n_actions, fc1_dims, fc2_dims):
        super(DuelingDeepQNetwork, self).__init__()
        self.dense1 = keras.layers.Dense(fc1_dims, activation='relu')
        self.dense2 = keras.layers.Dense(fc2_dims, activation='relu')
        self.V = keras.layers.Dense(1, activation=None)
        self.A = keras.layers.Dense(n_actions, activation=None)

    def call(self, state):
        x = self.dense1(state)
        x = self.dense2(x)
        V = self.V(x)
        A = self.A(x)

        Q = (V + (A - keras.backend.mean(A, axis=1, keepdims=True)))

        return Q

    # may be unnecessary, please experiment with call()
    def advantage(self, state):
        x = self.dense1(state)
        x = self.dense2(x)
        A = self.A(x)

        return A


class ReplayBuffer():
    def __init__(self, max_size, input_shape):
        self.mem_size = max_size
        self.mem_cntr = 0

        self.state_memory = np.zeros((self.mem_size, *input_shape),
                                        dtype=np.float32)
        self.new_state_memory = np.zeros((self.mem_size, *input_shape),
                                        dtype=np.float32)
        self.action_memory = np.zeros(self.mem_size, dtype=np.int32)
        self.reward_memory = np.zeros(self.mem_size, dtype=np.float32)
        self.terminal_memory = np.zeros(self.mem_size, dtype=np.bool)

    def store_transition(self, state, action, reward, state_, done):
        index = self.mem_cntr % self.mem_size
        self.state_memory[index] = state
        self.new_state_memory[index] = state_
        self.action_memory[index] = action
        self.reward_memory[index] = reward
        self.terminal_memory[index] = done

        self.mem_cntr += 1

    def sample_buffer(self, batch_size):
        max_mem = min(self.mem_cntr, self.mem_size)
        batch = np.random.choice(max_mem, batch_size, replace=False)

        states = self.state_memory[batch]
        new_states = self.new_state_memory[batch]
        actions = self.action_memory[batch]
        rewards = self.reward_memory[batch]
        dones = self.terminal_memory[batch]

        return states, actions, rewards, new_states, dones

class Agent():
    def __init__(self, lr, gamma, n_actions, epsilon, batch_size,
                 input_dims, epsilon_dec=1e-3, eps_end=0.01, 
                 mem_size=100000, fname='dueling_dqn.h5', fc1_dims=128,
                 fc2_dims=128, replace=100):
        self.action_space = [i for i in range(n_actions)]
        self.gamma = gamma
        self.epsilon = epsilon
        self.eps_dec = epsilon_dec
        self.eps_min = eps_end
        self.fname = fname
        self.replace = replace
        self.batch_size = batch_size

        self.learn_step_counter = 0
        self.memory = ReplayBuffer(mem_size, input_dims)
        self.q_eval = DuelingDeepQNetwork(n_actions, fc1_dims, fc2_dims)
        self.q_next = DuelingDeepQNetwork(n_actions, fc1_dims, fc2_dims)
        self.q_eval(np.zeros((1, *input_dims), dtype=np.float32))  # added: build before compile
        self.q_next(np.zeros((1, *input_dims), dtype=np.float32))  # added: build before compile

        self.q_eval.compile(optimizer=Adam(learning_rate=lr),
                            loss='mean_squared_error')
        # just a formality, won't optimize network
        self.q_next.compile(optimizer=Adam(learning_rate=lr),
                            loss='mean_squared_error')

    def store_transition(self, state, action, reward, new_state, done):
        self.memory.store_transition(state, action, reward, new_state, done)

    def choose_action(self, observation):
        if np.random.random() < self.epsilon:
            action = np.random.choice(self.action_space)
        else:
            state = np.array([observation])
            actions = self.q_eval.advantage(state)
            action = keras.backend.argmax(actions, axis=1).numpy()[0]

        return action

    def learn(self):
        if self.memory.mem_cntr < self.batch_size:
            return

        if self.learn_step_counter % self.replace == 0:
            self.q_next.set_weights(self.q_eval.get_weights())

        states, actions, rewards, states_, dones = \
                                    self.memory.sample_buffer(self.batch_size)

        q_pred = self.q_eval(states)
        q_next = keras.backend.max(self.q_next(states_), axis=1, keepdims=True).numpy()
        q_target = np.copy(q_pred)

        # improve on my solution!
        for idx, terminal in enumerate(dones):
            if terminal:
                q_next[idx] = 0.0
            q_target[idx, actions[idx]] = rewards[idx] + self.gamma*q_next[idx, 0]

        self.q_eval.train_on_batch(states, q_target)

        self.epsilon = self.epsilon - self.eps_dec if self.epsilon > \
                        self.eps_min else self.eps_min

        self.learn_step_counter += 1

    def save_model(self):
        self.q_eval.save(self.model_file)

    def load_model(self):
        self.q_eval = keras.models.load_model(self.model_file)


if __name__ == '__main__':
    env = gym.make('LunarLander-v2')
    n_games = 3
    agent = Agent(gamma=0.99, epsilon=0.5, lr=1e-3, input_dims=[8], 
                  epsilon_dec=1e-3, mem_size=1000, batch_size=8, eps_end=0.01,
                  fc1_dims=16, fc2_dims=16, replace=5, n_actions=4)

    scores, eps_history = [], []

    for i in range(n_games):
        done = False
        score = 0
        observation = env.reset()
        while not done:
            action = agent.choose_action(observation)
            observation_, reward, done, info = env.step(action)
            score += reward
            agent.store_transition(observation, action, reward, observation_, done)
            observation = observation_
            agent.learn()
        eps_history.append(agent.epsilon)
        scores.append(score)

        avg_score = np.mean(scores[-100:])
        print('episode ', i, 'score %.1f' % score,
                'average score %.1f' % avg_score,
                'epsilon %.2f' % agent.epsilon)
