# source: flyyufelix/VizDoom-Keras-RL a2c_lstm.py with networks.py (Networks.a2c_lstm) (Felix Yu's widely starred "VizDoom-Keras-RL", the code of his blog post on deep RL in Doom: an advantage actor-critic whose actor and critic share TimeDistributed convolutions over a trace of 4 frames and an LSTM, trained once per episode on Monte-Carlo returns)
# commit: 4fc27ce3d400eba5422d39e2fad565d0503a6149
# keras: tf_keras
# exercises: functional Model over Input(shape=(4, H, W, 3)): TimeDistributed(Conv2D(32, 8x8, strides 4, relu)), TimeDistributed(Conv2D(64, 4x4, strides 2, relu)), TimeDistributed(Conv2D(64, 3x3, relu)), TimeDistributed(Flatten()), LSTM(activation='tanh'), two heads Dense(action_size, softmax) and Dense(1, linear), Model(inputs, outputs=[actor, critic]); legacy Adam(lr=1e-4, clipnorm=1.0) (Keras 2's `lr`); compile(loss=['categorical_crossentropy', 'mse'], loss_weights=[1., 1.]); model.predict(s_t)[0] per step for a stochastic policy (np.random.choice with p=policy); once per episode model.predict(state_inputs)[1] for the critic's values, advantage-weighted non-one-hot targets (negative entries) for the categorical crossentropy, a rank-1 return target (N,) against the (N, 1) critic output, model.fit(x, [advantages, discounted_rewards], epochs=1, verbose=0) and loss.history['loss']; a frame trace shifted with np.append(s_t[:, 1:], x_t, axis=1); save_weights to .h5
# reduced: ViZDoom (DoomGame, the defend_the_center scenario) replaced by a small seeded numpy stand-in with the methods the script calls (new_episode, get_state().screen_buffer / .game_variables, is_episode_finished, set_action, advance_action, get_last_reward, get_available_buttons_size; 3 buttons, episodes of 7, 5 and 9 steps, channel-first 3x36x36 frames from a seeded RandomState, kill / ammo / health variables that change on fixed steps); skimage's resize dropped from preprocessImg (the stand-in already yields 36x36 frames; the np.rollaxis kept); the tf.ConfigProto / tf.Session / K.set_session GPU block (TF1 only) dropped; Keras 1 names ported to Keras 2 as the repository's later users do: Convolution2D(32, 8, 8, subsample=(4,4)) -> Conv2D(32, (8, 8), strides=(4, 4)), Model(input=, output=) -> Model(inputs=, outputs=), fit(nb_epoch=1) -> fit(epochs=1), the Keras 1 imports (keras.layers.core, keras.layers.wrappers, merge, Merge, rmsprop) reduced to the names used; Networks kept as a class in this file; img_rows, img_cols 64 -> 36, LSTM(512) -> LSTM(16); max_episodes 1000000 -> 3; statistics and models folders created with os.makedirs; the model saved at the end of the run instead of every 10000 steps (t never reaches it); `from keras.optimizers import ... Adam` -> `from keras.optimizers.legacy import Adam`: tf-keras >= 2.11's new Adam warns about `lr=` and then ignores it, training at the default 0.001, where statefulrnn takes lr= as Keras 2 meant it (the corpus's known divergence, see codeindex_profile_lstm_temporal_weights); fit's batch 32 covers a whole episode (no shuffling across batches; shuffle=False added, tf-keras shuffles with TensorFlow's generator). values[i] -> values[i, 0] in the advantage (numpy 2.4 no longer converts a 1-element array to a scalar on item assignment). The stochastic policy draws use numpy's global generator, which the harness seeds alike on both sides
from __future__ import print_function

import os
import random
from random import choice
import numpy as np
from collections import deque
import time

import json
from keras.models import Sequential, load_model, Model
from keras.layers import Dense, Flatten, Input, Conv2D, TimeDistributed, LSTM
from keras.optimizers.legacy import Adam
from keras import backend as K


class _GameState:
    def __init__(self, screen_buffer, game_variables):
        self.screen_buffer = screen_buffer
        self.game_variables = game_variables


class DoomGame:
    """Seeded numpy stand-in for ViZDoom's DoomGame (defend_the_center: 3 buttons)."""

    def __init__(self, rows=36, cols=36, lengths=(7, 5, 9)):
        self.rng = np.random.RandomState(3)
        self.rows, self.cols = rows, cols
        self.lengths = list(lengths)
        self.episode = -1

    def load_config(self, path):
        pass

    def init(self):
        pass

    def get_available_buttons_size(self):
        return 3

    def new_episode(self):
        self.episode += 1
        self.step = 0
        self.length = self.lengths[self.episode % len(self.lengths)]
        self.vars = [0.0, 26.0, 100.0]  # KILLCOUNT, AMMO, HEALTH
        self.last_reward = 0.0

    def get_state(self):
        screen = self.rng.randint(0, 256, size=(3, self.rows, self.cols)).astype(np.float64) / 255.0
        return _GameState(screen, list(self.vars))

    def is_episode_finished(self):
        return self.step >= self.length

    def set_action(self, action):
        self.action = action

    def advance_action(self, skiprate):
        self.step += 1
        self.last_reward = 0.1 * skiprate if self.step < self.length else -1.0
        if self.step % 3 == 0:
            self.vars[0] += 1
        if self.action[0] == 1 or self.action[2] == 1:
            self.vars[1] -= 1
        if self.step % 4 == 0:
            self.vars[2] -= 10

    def get_last_reward(self):
        return self.last_reward


class Networks(object):

    @staticmethod    
    def a2c_lstm(input_shape, action_size, value_size, learning_rate):
        """Actor and Critic Network share convolution layers with LSTM
        """

        state_input = Input(shape=(input_shape)) # 4x64x64x3
        x = TimeDistributed(Conv2D(32, (8, 8), strides=(4,4), activation='relu'))(state_input)
        x = TimeDistributed(Conv2D(64, (4, 4), strides=(2,2), activation='relu'))(x)
        x = TimeDistributed(Conv2D(64, (3, 3), activation='relu'))(x)
        x = TimeDistributed(Flatten())(x)

        x = LSTM(16, activation='tanh')(x)

        # Actor Stream
        actor = Dense(action_size, activation='softmax')(x)

        # Critic Stream
        critic = Dense(value_size, activation='linear')(x)

        model = Model(inputs=state_input, outputs=[actor, critic])

        adam = Adam(lr=learning_rate, clipnorm=1.0)
        model.compile(loss=['categorical_crossentropy', 'mse'], optimizer=adam, loss_weights=[1., 1.])

        return model


def preprocessImg(img, size):

    img = np.rollaxis(img, 0, 3)    # It becomes (640, 480, 3)

    return img
    
class A2CAgent:

    def __init__(self, state_size, action_size, trace_length):
        # get size of state and action
        self.state_size = state_size
        self.action_size = action_size
        self.trace_length = trace_length
        self.value_size = 1
        self.observe = 0
        self.frame_per_action = 4

        # These are hyper parameters for the Policy Gradient
        self.gamma = 0.99
        self.learning_rate = 0.0001

        # create model for actor critic network
        self.model = None

        # lists for the states, actions and rewards
        self.states, self.actions, self.rewards = [], [], []

        # Performance Statistics
        self.stats_window_size= 50 # window size for computing rolling statistics
        self.mavg_score = [] # Moving Average of Survival Time
        self.var_score = [] # Variance of Survival Time
        self.mavg_ammo_left = [] # Moving Average of Ammo used
        self.mavg_kill_counts = [] # Moving Average of Kill Counts

    # using the output of policy network, pick action stochastically (Stochastic Policy)
    def get_action(self, state):
        policy = self.model.predict(state)[0].flatten()
        return np.random.choice(self.action_size, 1, p=policy)[0], policy

    # Instead agent uses sample returns for evaluating policy
    # Use TD(1) i.e. Monte Carlo updates 
    def discount_rewards(self, rewards):
        discounted_rewards = np.zeros_like(rewards)
        running_add = 0
        for t in reversed(range(0, len(rewards))):
            if rewards[t] != 0:
                running_add = 0
            running_add = running_add * self.gamma + rewards[t]
            discounted_rewards[t] = running_add
        return discounted_rewards

    # save <s, a ,r> of each step
    def append_sample(self, state, action, reward):
        self.states.append(state)
        self.rewards.append(reward)
        self.actions.append(action)

    # update policy network every episode
    def train_model(self):
        episode_length = len(self.states)

        discounted_rewards = self.discount_rewards(self.rewards)
        # Standardized discounted rewards
        discounted_rewards -= np.mean(discounted_rewards) 
        if np.std(discounted_rewards):
            discounted_rewards /= np.std(discounted_rewards)
        else:
            self.states, self.actions, self.rewards = [], [], []
            print ('std = 0!')
            return 0

        state_inputs = np.zeros(((episode_length,) + self.state_size)) # Episode_lengthx4x64x64x3

        # Episode length is like the minibatch size in DQN
        for i in range(episode_length):
            state_inputs[i,:,:,:,:] = self.states[i]

        # Prediction of state values for each state appears in the episode
        values = self.model.predict(state_inputs)[1]

        # Similar to one-hot target but the "1" is replaced by Advantage Function i.e. discounted_rewards R_t - Value
        advantages = np.zeros((episode_length, self.action_size))

        for i in range(episode_length):
            advantages[i][self.actions[i]] = discounted_rewards[i] - values[i, 0]
        
        loss = self.model.fit(state_inputs, [advantages, discounted_rewards], epochs=1, verbose=0, shuffle=False)

        self.states, self.actions, self.rewards = [], [], []

        return loss.history['loss']


    def shape_reward(self, r_t, misc, prev_misc, t):
        
        #Check any kill count
        if (misc[0] > prev_misc[0]):
            #print ("Kill somebody")
            r_t = r_t + 1

        if (misc[1] < prev_misc[1]): #use ammo
            #print ("Use ammo")
            r_t = r_t - 0.1

        if (misc[2] < prev_misc[2]): #loss HEALTH
            #print ("Loss Health")
            r_t = r_t - 0.1

        return r_t

if __name__ == "__main__":

    os.makedirs("statistics", exist_ok=True)
    os.makedirs("models", exist_ok=True)

    game = DoomGame()
    game.load_config("../../scenarios/defend_the_center.cfg")
    game.init()

    # Maximum number of episodes
    max_episodes = 3

    game.new_episode()
    game_state = game.get_state()
    misc = game_state.game_variables  # [KILLCOUNT, AMMO, HEALTH]
    prev_misc = misc

    action_size = game.get_available_buttons_size()

    img_rows , img_cols = 36, 36
    img_channels = 3 # Color Channels
    # Convert image into Black and white
    trace_length = 4 # RNN states

    state_size = (trace_length, img_rows, img_cols, img_channels)
    agent = A2CAgent(state_size, action_size, trace_length)
    agent.model = Networks.a2c_lstm(state_size, action_size, agent.value_size, agent.learning_rate)

    # Start training
    GAME = 0
    t = 0
    max_life = 0 # Maximum episode life (Proxy for agent performance)

    # Buffer to compute rolling statistics 
    life_buffer, ammo_buffer, kills_buffer = [], [], [] 

    for i in range(max_episodes):

        game.new_episode()
        game_state = game.get_state()
        misc = game_state.game_variables 
        prev_misc = misc

        x_t = game_state.screen_buffer # 480 x 640
        x_t = preprocessImg(x_t, size=(img_rows, img_cols))
        s_t = np.stack(tuple([x_t]*trace_length), axis=0)  # It becomes 4x64x64x3
        s_t = np.expand_dims(s_t, axis=0)  # 1x4x68x64x3

        life = 0 # Episode life

        while not game.is_episode_finished():

            loss = 0 # Training Loss at each update
            r_t = 0 # Initialize reward at time t
            a_t = np.zeros([action_size]) # Initialize action at time t

            x_t = game_state.screen_buffer
            x_t = preprocessImg(x_t, size=(img_rows, img_cols))
            x_t = np.reshape(x_t, (1, 1, img_rows, img_cols, img_channels))
            s_t = np.append(s_t[:, 1:, :, :, :], x_t, axis=1) # 1x4x68x64x3
                
            # Sample action from stochastic softmax policy
            action_idx, policy  = agent.get_action(s_t)
            a_t[action_idx] = 1 

            a_t = a_t.astype(int)
            game.set_action(a_t.tolist())
            skiprate = agent.frame_per_action # Frame Skipping = 4
            game.advance_action(skiprate)

            r_t = game.get_last_reward()  # Each frame we get reward of 0.1, so 4 frames will be 0.4
            # Check if episode is terminated
            is_terminated = game.is_episode_finished()

            if (is_terminated):
                # Save max_life
                if (life > max_life):
                    max_life = life 
                life_buffer.append(life)
                ammo_buffer.append(misc[1])
                kills_buffer.append(misc[0])
                print ("Episode Finish ", prev_misc, policy)
            else:
                life += 1
                game_state = game.get_state()  # Observe again after we take the action
                misc = game_state.game_variables

            # Reward Shaping
            r_t = agent.shape_reward(r_t, misc, prev_misc, t)

            # Save trajactory sample <s, a, r> to the memory
            agent.append_sample(s_t, action_idx, r_t)

            # Update the cache
            t += 1
            prev_misc = misc

            if (is_terminated and t > agent.observe):
                # Every episode, agent learns from sample returns
                loss = agent.train_model()

            state = ""
            if t <= agent.observe:
                state = "Observe mode"
            else:
                state = "Train mode"

            if (is_terminated):

                # Print performance statistics at every episode end
                print("TIME", t, "/ GAME", GAME, "/ STATE", state, "/ ACTION", action_idx, "/ REWARD", r_t, "/ LIFE", max_life, "/ LOSS", loss)

        # Episode Finish. Increment game count
        GAME += 1

    print("Save model")
    agent.model.save_weights("models/a2c_lstm.h5", overwrite=True)
