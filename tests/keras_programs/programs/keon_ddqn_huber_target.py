# source: keon/deep-q-learning ddqn.py (Keon Kim's double-DQN CartPole agent: a target network, a Huber loss written with the Keras backend)
# commit: 7856f2f003455c6c4935c902d722fe435bded863
# keras: tf_keras
# exercises: two Sequential MLPs (Dense(24, input_dim=4, relu), Dense(24, relu), Dense(2, linear)) each compiled with a custom loss method self._huber_loss(y_true, y_pred, clip_delta=1.0) built from K.abs, K.square, K.mean and K.switch (tf.where as written), and Adam(lr=...) (tf-keras's deprecated, ignored `lr` name); a target network kept by target_model.set_weights(model.get_weights()) at the start and at each episode's end; epsilon-greedy act() calling model.predict on one state; replay() over a random.sample minibatch of the deque memory calling model.predict(state) and target_model.predict(next_state) per transition, editing the target row in numpy and training by model.fit(state, target, epochs=1, verbose=0) one sample at a time
# reduced: gym's CartPole-v1 (a dependency, not installed) replaced by a small deterministic numpy CartPole (the same physics equations, x_threshold and theta_threshold_radians attributes, initial state from a seeded numpy RandomState, the old 4-tuple step API), reached through a tiny `gym` stand-in so the main block is unchanged but for sizes; `import gym` removed; EPISODES 5000 -> 3; each episode capped at 12 steps (time loop range(500) -> range(12) and the env's own cap); replay batch_size 32 -> 4; in _huber_loss, tf.where(cond, squared_loss, quadratic_loss) -> K.switch(cond, squared_loss, quadratic_loss) and `import tensorflow as tf` dropped (statefulrnn stands in for Keras, not TensorFlow: `import tensorflow as tf` becomes `import statefulrnn as tf`, whose tf.where raises TensorFlowNameError by design; tf-keras's K.switch is tf.where for a condition of the same rank). Exploration uses Python's and numpy's global generators, which the harness seeds alike on both sides
import random
import numpy as np
from collections import deque
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam
from keras import backend as K

EPISODES = 3


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


class DQNAgent:
    def __init__(self, state_size, action_size):
        self.state_size = state_size
        self.action_size = action_size
        self.memory = deque(maxlen=2000)
        self.gamma = 0.95    # discount rate
        self.epsilon = 1.0  # exploration rate
        self.epsilon_min = 0.01
        self.epsilon_decay = 0.99
        self.learning_rate = 0.001
        self.model = self._build_model()
        self.target_model = self._build_model()
        self.update_target_model()

    """Huber loss for Q Learning

    References: https://en.wikipedia.org/wiki/Huber_loss
                https://www.tensorflow.org/api_docs/python/tf/losses/huber_loss
    """

    def _huber_loss(self, y_true, y_pred, clip_delta=1.0):
        error = y_true - y_pred
        cond  = K.abs(error) <= clip_delta

        squared_loss = 0.5 * K.square(error)
        quadratic_loss = 0.5 * K.square(clip_delta) + clip_delta * (K.abs(error) - clip_delta)

        return K.mean(K.switch(cond, squared_loss, quadratic_loss))

    def _build_model(self):
        # Neural Net for Deep-Q learning Model
        model = Sequential()
        model.add(Dense(24, input_dim=self.state_size, activation='relu'))
        model.add(Dense(24, activation='relu'))
        model.add(Dense(self.action_size, activation='linear'))
        model.compile(loss=self._huber_loss,
                      optimizer=Adam(lr=self.learning_rate))
        return model

    def update_target_model(self):
        # copy weights from model to target_model
        self.target_model.set_weights(self.model.get_weights())

    def memorize(self, state, action, reward, next_state, done):
        self.memory.append((state, action, reward, next_state, done))

    def act(self, state):
        if np.random.rand() <= self.epsilon:
            return random.randrange(self.action_size)
        act_values = self.model.predict(state)
        return np.argmax(act_values[0])  # returns action

    def replay(self, batch_size):
        minibatch = random.sample(self.memory, batch_size)
        for state, action, reward, next_state, done in minibatch:
            target = self.model.predict(state)
            if done:
                target[0][action] = reward
            else:
                # a = self.model.predict(next_state)[0]
                t = self.target_model.predict(next_state)[0]
                target[0][action] = reward + self.gamma * np.amax(t)
                # target[0][action] = reward + self.gamma * t[np.argmax(a)]
            self.model.fit(state, target, epochs=1, verbose=0)
        if self.epsilon > self.epsilon_min:
            self.epsilon *= self.epsilon_decay

    def load(self, name):
        self.model.load_weights(name)

    def save(self, name):
        self.model.save_weights(name)


if __name__ == "__main__":
    env = gym.make('CartPole-v1')
    state_size = env.observation_space.shape[0]
    action_size = env.action_space.n
    agent = DQNAgent(state_size, action_size)
    # agent.load("./save/cartpole-ddqn.h5")
    done = False
    batch_size = 4

    for e in range(EPISODES):
        state = env.reset()
        state = np.reshape(state, [1, state_size])
        for time in range(12):
            # env.render()
            action = agent.act(state)
            next_state, reward, done, _ = env.step(action)
            #reward = reward if not done else -10
            x,x_dot,theta,theta_dot = next_state
            r1 = (env.x_threshold - abs(x)) / env.x_threshold - 0.8
            r2 = (env.theta_threshold_radians - abs(theta)) / env.theta_threshold_radians - 0.5
            reward = r1 + r2
            
            next_state = np.reshape(next_state, [1, state_size])
            agent.memorize(state, action, reward, next_state, done)
            state = next_state
            if done:
                agent.update_target_model()
                print("episode: {}/{}, score: {}, e: {:.2}"
                      .format(e, EPISODES, time, agent.epsilon))
                break
            if len(agent.memory) > batch_size:
                agent.replay(batch_size)
        # if e % 10 == 0:
        #     agent.save("./save/cartpole-ddqn.h5")
