# source: marload/DeepRL-TensorFlow2 DRQN/DRQN_Discrete.py (marload's widely starred "DeepRL-TensorFlow2", minimal TF2 implementations of deep RL algorithms: a deep recurrent Q-network for CartPole, an LSTM over the last 4 observations, a replay buffer of observation windows and a target network synced every episode)
# commit: 876266d9a5fcf7d8a7c7e3afd8b110085b32b615
# keras: tf_keras
# exercises: tf.keras.backend.set_floatx('float64') before any layer; argparse defaults for the hyper-parameters; tf.keras.Sequential([Input((time_steps, state_dim)), LSTM(32, activation='tanh'), Dense(16, relu), Dense(action_dim)]) built in a wrapper class twice (model and target model); Adam(args.lr) with a positional learning rate; tf.keras.losses.MeanSquaredError() instance as the loss; target_update by model.get_weights() / set_weights after every episode; get_action: model.predict of a (1, 4, 4) float64 window, epsilon decay, np.argmax; replay: random.sample of a deque, map(np.asarray, zip(*sample)), reshape to (batch, time_steps, -1), target_model.predict twice, .max(axis=1), fancy-index assignment targets[range(batch), actions] = rewards + (1 - done) * next_q * gamma, one training step per sampled batch, 10 per episode; an observation window kept by np.roll(states, -1, axis=0)
# reduced: gym's CartPole-v1 (not installed) replaced by a small deterministic numpy CartPole (gym's equations, initial state from a seeded numpy RandomState, the old 4-tuple step API, episodes capped at 12 steps) reached through a tiny `gym` stand-in, `import gym` removed (the same stand-in as rlcode_cartpole_drqn_lstm); wandb (an account) dropped with its init and log lines; parser.parse_args() -> parser.parse_args([]) (the defaults); the training step (a tf.GradientTape over self.model(states, training=True), compute_loss and opt.apply_gradients, TensorFlow's; statefulrnn stands in for Keras, not tf.GradientTape) -> self.model.compile(optimizer=self.opt, loss=self.compute_loss) once in ActionStateModel.__init__ and self.model.train_on_batch(states, targets) in train, which computes the same mean squared error and applies the same Adam update (tf.stop_gradient of the targets and the shape assert dropped with the tape); batch_size 32 -> 8; max_episodes 1000 -> 3. Exploration and the minibatch draws use Python's and numpy's global generators, which the harness seeds alike on both sides
import tensorflow as tf
from tensorflow.keras.layers import Input, Dense, LSTM, Flatten, Lambda
from tensorflow.keras.optimizers import Adam

import argparse
import numpy as np
from collections import deque
import random


class CartPoleEnv:
    """Deterministic numpy CartPole (gym's equations, Euler integration)."""

    def __init__(self, seed=0, max_steps=12):
        self.gravity, self.masscart, self.masspole = 9.8, 1.0, 0.1
        self.total_mass = self.masspole + self.masscart
        self.length = 0.5
        self.polemass_length = self.masspole * self.length
        self.force_mag, self.tau = 10.0, 0.02
        self.theta_threshold_radians = 12 * 2 * np.pi / 360
        self.x_threshold = 2.4
        self.rng = np.random.RandomState(seed)
        self.max_steps = max_steps
        self.state, self.steps = None, 0

    def reset(self):
        self.state = self.rng.uniform(low=-0.05, high=0.05, size=(4,))
        self.steps = 0
        return np.array(self.state)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag if action == 1 else -self.force_mag
        costheta, sintheta = np.cos(theta), np.sin(theta)
        temp = (force + self.polemass_length * theta_dot ** 2 * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * costheta ** 2 / self.total_mass))
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass
        x = x + self.tau * x_dot
        x_dot = x_dot + self.tau * xacc
        theta = theta + self.tau * theta_dot
        theta_dot = theta_dot + self.tau * thetaacc
        self.state = (x, x_dot, theta, theta_dot)
        self.steps += 1
        done = bool(x < -self.x_threshold or x > self.x_threshold
                    or theta < -self.theta_threshold_radians or theta > self.theta_threshold_radians
                    or self.steps >= self.max_steps)
        return np.array(self.state), 1.0, done, {}


class _Space:
    def __init__(self, shape=None, n=None):
        self.shape, self.n = shape, n


class gym:
    @staticmethod
    def make(name):
        env = CartPoleEnv(seed=0)
        env.observation_space = _Space(shape=(4,))
        env.action_space = _Space(n=2)
        return env


tf.keras.backend.set_floatx('float64')

parser = argparse.ArgumentParser()
parser.add_argument('--gamma', type=float, default=0.95)
parser.add_argument('--lr', type=float, default=0.005)
parser.add_argument('--batch_size', type=int, default=8)
parser.add_argument('--time_steps', type=int, default=4)
parser.add_argument('--eps', type=float, default=1.0)
parser.add_argument('--eps_decay', type=float, default=0.995)
parser.add_argument('--eps_min', type=float, default=0.01)

args = parser.parse_args([])

class ReplayBuffer:
    def __init__(self, capacity=10000):
        self.buffer = deque(maxlen=capacity)
    
    def put(self, state, action, reward, next_state, done):
        self.buffer.append([state, action, reward, next_state, done])
    
    def sample(self):
        sample = random.sample(self.buffer, args.batch_size)
        states, actions, rewards, next_states, done = map(np.asarray, zip(*sample))
        states = np.array(states).reshape(args.batch_size, args.time_steps, -1)
        next_states = np.array(next_states).reshape(args.batch_size, args.time_steps, -1)
        return states, actions, rewards, next_states, done
    
    def size(self):
        return len(self.buffer)

class ActionStateModel:
    def __init__(self, state_dim, aciton_dim):
        self.state_dim  = state_dim
        self.action_dim = aciton_dim
        self.epsilon = args.eps
        
        self.opt = Adam(args.lr)
        self.compute_loss = tf.keras.losses.MeanSquaredError()
        self.model = self.create_model()
        self.model.compile(optimizer=self.opt, loss=self.compute_loss)
    
    def create_model(self):
        return tf.keras.Sequential([
            Input((args.time_steps, self.state_dim)),
            LSTM(32, activation='tanh'),
            Dense(16, activation='relu'),
            Dense(self.action_dim)
        ])
    
    def predict(self, state):
        return self.model.predict(state)
    
    def get_action(self, state):
        state = np.reshape(state, [1, args.time_steps, self.state_dim])
        self.epsilon *= args.eps_decay
        self.epsilon = max(self.epsilon, args.eps_min)
        q_value = self.predict(state)[0]
        if np.random.random() < self.epsilon:
            return random.randint(0, self.action_dim-1)
        return np.argmax(q_value)

    def train(self, states, targets):
        self.model.train_on_batch(states, targets)
            
    

class Agent:
    def __init__(self, env):
        self.env = env
        self.state_dim = self.env.observation_space.shape[0]
        self.action_dim = self.env.action_space.n

        self.states = np.zeros([args.time_steps, self.state_dim])

        self.model = ActionStateModel(self.state_dim, self.action_dim)
        self.target_model = ActionStateModel(self.state_dim, self.action_dim)
        self.target_update()

        self.buffer = ReplayBuffer()

    def target_update(self):
        weights = self.model.model.get_weights()
        self.target_model.model.set_weights(weights)
    
    def replay(self):
        for _ in range(10):
            states, actions, rewards, next_states, done = self.buffer.sample()
            targets = self.target_model.predict(states)
            next_q_values = self.target_model.predict(next_states).max(axis=1)
            targets[range(args.batch_size), actions] = rewards + (1-done) * next_q_values * args.gamma
            self.model.train(states, targets)

    def update_states(self, next_state):
        self.states = np.roll(self.states, -1, axis=0)
        self.states[-1] = next_state
    
    def train(self, max_episodes=1000):
        for ep in range(max_episodes):
            done, total_reward = False, 0
            self.states = np.zeros([args.time_steps, self.state_dim])
            self.update_states(self.env.reset())
            while not done:
                action = self.model.get_action(self.states)
                next_state, reward, done, _ = self.env.step(action)
                prev_states = self.states
                self.update_states(next_state)
                self.buffer.put(prev_states, action, reward*0.01, self.states, done)
                total_reward += reward

            if self.buffer.size() >= args.batch_size:
                    self.replay()
            self.target_update()
            print('EP{} EpisodeReward={}'.format(ep, total_reward))


def main():
    env = gym.make('CartPole-v1')
    agent = Agent(env)
    agent.train(max_episodes=3)

if __name__ == "__main__":
    main()
