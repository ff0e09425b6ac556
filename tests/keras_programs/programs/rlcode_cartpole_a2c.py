# source: rlcode/reinforcement-learning 2-cartpole/4-actor-critic/cartpole_a2c.py (one-step advantage actor-critic CartPole agent: two Sequential networks trained one transition at a time)
# commit: 2fe6984da684c3f64a8d09d1718dbac9330aecea
# keras: tf_keras
# exercises: an actor Sequential (Dense(24, input_dim=4, relu, he_uniform), Dense(2, softmax, he_uniform)) compiled with categorical_crossentropy and a critic Sequential (Dense(24, relu, he_uniform), Dense(1, linear)) compiled with "mse", both with Adam(learning_rate=...) (actor 0.001, critic 0.005) and model.summary(); per environment step: actor.predict(state, batch_size=1) sampled by np.random.choice(p=...), critic.predict(state) and critic.predict(next_state), an advantage target (negative values, written into a zeros row at the taken action) and a TD target, then actor.fit(state, advantages, epochs=1) and critic.fit(state, target, epochs=1) on one sample each; save_weights of both to .h5 files at episode 0
# reduced: gym's CartPole-v1 (not installed) replaced by a small deterministic numpy CartPole (gym's physics equations, initial state from a seeded numpy RandomState, the old 4-tuple step API, episodes capped at 12 steps) reached through a tiny `gym` stand-in, `import gym` removed; pylab (matplotlib, not installed) dropped with its plot/savefig lines; os.makedirs("./save_model", exist_ok=True) added before the loop (the repository ships that folder); EPISODES 1000 -> 3; Adam(lr=self.actor_lr) / Adam(lr=self.critic_lr) -> Adam(learning_rate=...) (tf-keras 2.11+ drops the legacy `lr` and trains the critic at 0.001, statefulrnn takes it: README, "Where we differ"); critic.predict(state)[0] and critic.predict(next_state)[0] -> [0][0] (numpy 2 refuses to set one array element from the shape-(1,) row: ValueError: setting an array element with a sequence). Action sampling uses numpy's global generator, which the harness seeds alike on both sides
import os
import sys
import numpy as np
from keras.layers import Dense
from keras.models import Sequential
from keras.optimizers import Adam

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


# A2C(Advantage Actor-Critic) agent for the Cartpole
class A2CAgent:
    def __init__(self, state_size, action_size):
        # if you want to see Cartpole learning, then change to True
        self.render = False
        self.load_model = False
        # get size of state and action
        self.state_size = state_size
        self.action_size = action_size
        self.value_size = 1

        # These are hyper parameters for the Policy Gradient
        self.discount_factor = 0.99
        self.actor_lr = 0.001
        self.critic_lr = 0.005

        # create model for policy network
        self.actor = self.build_actor()
        self.critic = self.build_critic()

        if self.load_model:
            self.actor.load_weights("./save_model/cartpole_actor.h5")
            self.critic.load_weights("./save_model/cartpole_critic.h5")

    # approximate policy and value using Neural Network
    # actor: state is input and probability of each action is output of model
    def build_actor(self):
        actor = Sequential()
        actor.add(Dense(24, input_dim=self.state_size, activation='relu',
                        kernel_initializer='he_uniform'))
        actor.add(Dense(self.action_size, activation='softmax',
                        kernel_initializer='he_uniform'))
        actor.summary()
        # See note regarding crossentropy in cartpole_reinforce.py
        actor.compile(loss='categorical_crossentropy',
                      optimizer=Adam(learning_rate=self.actor_lr))
        return actor

    # critic: state is input and value of state is output of model
    def build_critic(self):
        critic = Sequential()
        critic.add(Dense(24, input_dim=self.state_size, activation='relu',
                         kernel_initializer='he_uniform'))
        critic.add(Dense(self.value_size, activation='linear',
                         kernel_initializer='he_uniform'))
        critic.summary()
        critic.compile(loss="mse", optimizer=Adam(learning_rate=self.critic_lr))
        return critic

    # using the output of policy network, pick action stochastically
    def get_action(self, state):
        policy = self.actor.predict(state, batch_size=1).flatten()
        return np.random.choice(self.action_size, 1, p=policy)[0]

    # update policy network every episode
    def train_model(self, state, action, reward, next_state, done):
        target = np.zeros((1, self.value_size))
        advantages = np.zeros((1, self.action_size))

        value = self.critic.predict(state)[0][0]
        next_value = self.critic.predict(next_state)[0][0]

        if done:
            advantages[0][action] = reward - value
            target[0][0] = reward
        else:
            advantages[0][action] = reward + self.discount_factor * (next_value) - value
            target[0][0] = reward + self.discount_factor * next_value

        self.actor.fit(state, advantages, epochs=1, verbose=0)
        self.critic.fit(state, target, epochs=1, verbose=0)


if __name__ == "__main__":
    # In case of CartPole-v1, maximum length of episode is 500
    env = gym.make('CartPole-v1')
    # get size of state and action from environment
    state_size = env.observation_space.shape[0]
    action_size = env.action_space.n

    # make A2C agent
    agent = A2CAgent(state_size, action_size)

    scores, episodes = [], []
    os.makedirs("./save_model", exist_ok=True)

    for e in range(EPISODES):
        done = False
        score = 0
        state = env.reset()
        state = np.reshape(state, [1, state_size])

        while not done:
            if agent.render:
                env.render()

            action = agent.get_action(state)
            next_state, reward, done, info = env.step(action)
            next_state = np.reshape(next_state, [1, state_size])
            # if an action make the episode end, then gives penalty of -100
            reward = reward if not done or score == 499 else -100

            agent.train_model(state, action, reward, next_state, done)

            score += reward
            state = next_state

            if done:
                # every episode, plot the play time
                score = score if score == 500.0 else score + 100
                scores.append(score)
                episodes.append(e)
                print("episode:", e, "  score:", score)

                # if the mean of scores of last 10 episode is bigger than 490
                # stop training
                if np.mean(scores[-min(10, len(scores)):]) > 490:
                    sys.exit()

        # save the model
        if e % 50 == 0:
            agent.actor.save_weights("./save_model/cartpole_actor.h5")
            agent.critic.save_weights("./save_model/cartpole_critic.h5")
