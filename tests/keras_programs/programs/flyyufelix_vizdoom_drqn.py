# source: flyyufelix/VizDoom-Keras-RL drqn.py with networks.py (Networks.drqn) (Felix Yu's widely starred "VizDoom-Keras-RL", the code of his blog post on deep RL in Doom: a deep recurrent Q-network, TimeDistributed convolutions over traces of 4 frames and an LSTM, trained by double-DQN-style targets on traces sampled from a replay memory of whole episodes)
# commit: 4fc27ce3d400eba5422d39e2fad565d0503a6149
# keras: tf_keras
# exercises: two Sequential models built by a static method: TimeDistributed(Conv2D(32, 8x8, strides 4, relu), input_shape=(4, H, W, 3)), TimeDistributed(Conv2D(64, 4x4, strides 2, relu)), TimeDistributed(Conv2D(64, 3x3, relu)), TimeDistributed(Flatten()), LSTM(activation='tanh') (last step only), Dense(action_size, linear); Adam(lr=...) (Keras 2's lr, through the legacy optimizer), compile(loss='mse'); epsilon-greedy get_action with model.predict of a (1, 4, H, W, 3) trace built by np.expand_dims(np.array([...])); train_replay: a ReplayMemory of whole episodes, random.sample of episodes and np.random.randint trace starts, model.predict of the (batch, 4, H, W, 3) traces and of the next-state traces (the script's own model, not the target model, as written), numpy edits of the last step's Q targets, loss = model.train_on_batch(update_input, target) returned with np.max(target[-1, -1]); target_model built but never synced (as written); save_weights to .h5
# reduced: ViZDoom (DoomGame, the defend_the_center scenario) replaced by a small seeded numpy stand-in with the methods the script calls (new_episode, get_state().screen_buffer / .game_variables, is_episode_finished, set_action, advance_action, get_last_reward, get_available_buttons_size; 3 buttons, episodes of 7, 5, 9 and 6 steps, channel-first 3x36x36 frames from a seeded RandomState, kill / ammo / health variables that change on fixed steps, and the game over for good after the 4th episode so that the script's `while not game.is_episode_finished()` loop ends); skimage's resize dropped from preprocessImg (the stand-in already yields 36x36 frames; the np.rollaxis kept); the tf.ConfigProto / tf.Session / K.set_session GPU block (TF1 only) dropped; Keras 1 names ported to Keras 2: Convolution2D(32, 8, 8, subsample=(4,4)) -> Conv2D(32, (8, 8), strides=(4, 4)), Dense(output_dim=...) -> Dense(units=...), the Keras 1 imports (keras.layers.core, keras.layers.wrappers, keras.layers.recurrent, merge, Merge, rmsprop) reduced to the names used; `from keras.optimizers import Adam` -> `from keras.optimizers.legacy import Adam` (tf-keras >= 2.11's new Adam warns about `lr=` and ignores it; statefulrnn takes it as Keras 2 meant it, the corpus's known divergence); Networks kept as a class in this file; np.array(sampledTraces) -> np.array(sampledTraces, dtype=object) (numpy >= 1.24 refuses the ragged list of [frame, action, reward, frame] without it); img_rows, img_cols 64 -> 36, LSTM(512) -> LSTM(16); batch_size 32 -> 2, observe 5000 -> 12 (training starts once 2 episodes are in memory), explore 50000 -> 20 (so the greedy branch of get_action runs); statistics and models folders created with os.makedirs; the model saved at the end of the run instead of every 10000 steps. Exploration, the episode sample and the trace starts use Python's and numpy's global generators, which the harness seeds alike on both sides
from __future__ import print_function

import os
import random
from random import choice
import numpy as np
from collections import deque
import time

import json
from keras.models import Sequential, load_model, Model
from keras.layers import TimeDistributed, Conv2D, Dense, Flatten, Input, LSTM
from keras.optimizers.legacy import Adam
from keras import backend as K


class _GameState:
    def __init__(self, screen_buffer, game_variables):
        self.screen_buffer = screen_buffer
        self.game_variables = game_variables


class DoomGame:
    """Seeded numpy stand-in for ViZDoom's DoomGame (defend_the_center: 3 buttons); the game
    ends for good (is_episode_finished stays True) once the episodes in `lengths` are played."""

    def __init__(self, rows=36, cols=36, lengths=(7, 5, 9, 6)):
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
        if self.episode >= len(self.lengths):
            self.step, self.length = 1, 0
            return
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
    def drqn(input_shape, action_size, learning_rate):

        model = Sequential()
        model.add(TimeDistributed(Conv2D(32, (8, 8), strides=(4,4), activation='relu'), input_shape=(input_shape)))
        model.add(TimeDistributed(Conv2D(64, (4, 4), strides=(2,2), activation='relu')))
        model.add(TimeDistributed(Conv2D(64, (3, 3), activation='relu')))
        model.add(TimeDistributed(Flatten()))

        # Use all traces for training
        #model.add(LSTM(512, return_sequences=True,  activation='tanh'))
        #model.add(TimeDistributed(Dense(output_dim=action_size, activation='linear')))

        # Use last trace for training
        model.add(LSTM(16,  activation='tanh'))
        model.add(Dense(units=action_size, activation='linear'))

        adam = Adam(lr=learning_rate)
        model.compile(loss='mse',optimizer=adam)

        return model


def preprocessImg(img, size):

    img = np.rollaxis(img, 0, 3)    # It becomes (640, 480, 3)

    return img

class ReplayMemory():
    """
    Memory Replay Buffer 
    """

    def __init__(self, buffer_size=10000):
        self.buffer = []
        self.buffer_size = buffer_size

    def add(self, episode_experience):
        if len(self.buffer) + 1 >= self.buffer_size:
            self.buffer[0:(1+len(self.buffer))-self.buffer_size] = []
        self.buffer.append(episode_experience)

    def sample(self, batch_size, trace_length):
        sampled_episodes = random.sample(self.buffer, batch_size)
        sampledTraces = []
        for episode in sampled_episodes:
            point = np.random.randint(0, len(episode)+1-trace_length)
            sampledTraces.append(episode[point:point+trace_length])
        sampledTraces = np.array(sampledTraces, dtype=object)
        return sampledTraces

class DoubleDQNAgent:

    def __init__(self, state_size, action_size, trace_length):

        # get size of state and action
        self.state_size = state_size
        self.action_size = action_size

        # these is hyper parameters for the Double DQN
        self.gamma = 0.99
        self.learning_rate = 0.0001
        self.epsilon = 1.0
        self.initial_epsilon = 1.0
        self.final_epsilon = 0.0001
        self.batch_size = 2
        self.observe = 12
        self.explore = 20
        self.frame_per_action = 4
        self.trace_length = trace_length
        self.update_target_freq = 3000
        self.timestep_per_train = 5 # Number of timesteps between training interval

        # Create replay memory
        self.memory = ReplayMemory()

        # Create main model and target model
        self.model = None
        self.target_model = None

        # Performance Statistics
        self.stats_window_size= 50 # window size for computing rolling statistics
        self.mavg_score = [] # Moving Average of Survival Time
        self.var_score = [] # Variance of Survival Time
        self.mavg_ammo_left = [] # Moving Average of Ammo used
        self.mavg_kill_counts = [] # Moving Average of Kill Counts

    def update_target_model(self):
        """
        After some time interval update the target model to be same with model
        """
        self.target_model.set_weights(self.model.get_weights())

    def get_action(self, state):
        """
        Get action from model using epsilon-greedy policy
        """
        if np.random.rand() <= self.epsilon:
            action_idx = random.randrange(self.action_size)
        else:
  
            # Use all traces for RNN
            #q = self.model.predict(state) # 1x8x3
            #action_idx = np.argmax(q[0][-1])

            # Only use last trace for RNN
            q = self.model.predict(state) # 1x3
            action_idx = np.argmax(q)
        return action_idx

    def shape_reward(self, r_t, misc, prev_misc, t):
        
        # Check any kill count
        if (misc[0] > prev_misc[0]):
            r_t = r_t + 1

        if (misc[1] < prev_misc[1]): # Use ammo
            r_t = r_t - 0.1

        if (misc[2] < prev_misc[2]): # Loss HEALTH
            r_t = r_t - 0.1

        return r_t

    # pick samples randomly from replay memory (with batch_size)
    def train_replay(self):

        sample_traces = self.memory.sample(self.batch_size, self.trace_length) # 32x8x4

        # Shape (batch_size, trace_length, img_rows, img_cols, color_channels)
        update_input = np.zeros(((self.batch_size,) + self.state_size)) # 32x8x64x64x3
        update_target = np.zeros(((self.batch_size,) + self.state_size))

        action = np.zeros((self.batch_size, self.trace_length)) # 32x8
        reward = np.zeros((self.batch_size, self.trace_length))

        for i in range(self.batch_size):
            for j in range(self.trace_length):
                update_input[i,j,:,:,:] = sample_traces[i][j][0]
                action[i,j] = sample_traces[i][j][1]
                reward[i,j] = sample_traces[i][j][2]
                update_target[i,j,:,:,:] = sample_traces[i][j][3]

        """
        # Use all traces for training
        # Size (batch_size, trace_length, action_size)
        target = self.model.predict(update_input) # 32x8x3
        target_val = self.model.predict(update_target) # 32x8x3

        for i in range(self.batch_size):
            for j in range(self.trace_length):
                a = np.argmax(target_val[i][j])
                target[i][j][int(action[i][j])] = reward[i][j] + self.gamma * (target_val[i][j][a])
        """

        # Only use the last trace for training
        target = self.model.predict(update_input) # 32x3
        target_val = self.model.predict(update_target) # 32x3

        for i in range(self.batch_size):
            a = np.argmax(target_val[i])
            target[i][int(action[i][-1])] = reward[i][-1] + self.gamma * (target_val[i][a])

        loss = self.model.train_on_batch(update_input, target)

        return np.max(target[-1,-1]), loss

    # load the saved model
    def load_model(self, name):
        self.model.load_weights(name)

    # save the model which is under training
    def save_model(self, name):
        self.model.save_weights(name)


if __name__ == "__main__":

    os.makedirs("statistics", exist_ok=True)
    os.makedirs("models", exist_ok=True)

    game = DoomGame()
    game.load_config("../../scenarios/defend_the_center.cfg")
    game.init()

    game.new_episode()
    game_state = game.get_state()
    misc = game_state.game_variables  # [KILLCOUNT, AMMO, HEALTH]
    prev_misc = misc

    action_size = game.get_available_buttons_size()

    img_rows , img_cols = 36, 36
    img_channels = 3 # Color channel
    trace_length = 4 # Temporal Dimension

    state_size = (trace_length, img_rows, img_cols, img_channels)
    agent = DoubleDQNAgent(state_size, action_size, trace_length)

    agent.model = Networks.drqn(state_size, action_size, agent.learning_rate)
    agent.target_model = Networks.drqn(state_size, action_size, agent.learning_rate)

    s_t = game_state.screen_buffer # 480 x 640
    s_t = preprocessImg(s_t, size=(img_rows, img_cols))

    is_terminated = game.is_episode_finished()

    # Start training
    epsilon = agent.initial_epsilon
    GAME = 0
    t = 0
    max_life = 0 # Maximum episode life (Proxy for agent performance)
    life = 0
    episode_buf = [] # Save entire episode

    # Buffer to compute rolling statistics 
    life_buffer, ammo_buffer, kills_buffer = [], [], [] 

    while not game.is_episode_finished():

        loss = 0
        Q_max = 0
        r_t = 0
        a_t = np.zeros([action_size])
        
        # Epsilon Greedy
        if len(episode_buf) > agent.trace_length:
            # 1x8x64x64x3
            state_series = np.array([trace[-1] for trace in episode_buf[-agent.trace_length:]])
            state_series = np.expand_dims(state_series, axis=0)
            action_idx  = agent.get_action(state_series)
        else:
            action_idx = random.randrange(agent.action_size)
        a_t[action_idx] = 1

        a_t = a_t.astype(int)
        game.set_action(a_t.tolist())
        skiprate = agent.frame_per_action
        game.advance_action(skiprate)

        game_state = game.get_state()  # Observe again after we take the action
        is_terminated = game.is_episode_finished()

        r_t = game.get_last_reward()  #each frame we get reward of 0.1, so 4 frames will be 0.4

        if (is_terminated):
            if (life > max_life):
                max_life = life
            GAME += 1
            life_buffer.append(life)
            ammo_buffer.append(misc[1])
            kills_buffer.append(misc[0])
            print ("Episode Finish ", misc)
            game.new_episode()
            game_state = game.get_state()
            misc = game_state.game_variables
            s_t1 = game_state.screen_buffer

        s_t1 = game_state.screen_buffer
        misc = game_state.game_variables
        s_t1 = preprocessImg(s_t1, size=(img_rows, img_cols))

        r_t = agent.shape_reward(r_t, misc, prev_misc, t)

        if (is_terminated):
            life = 0
        else:
            life += 1

        #update the cache
        prev_misc = misc

        # Update epsilon
        if agent.epsilon > agent.final_epsilon and t > agent.observe:
            agent.epsilon -= (agent.initial_epsilon - agent.final_epsilon) / agent.explore

        # Do the training
        if t > agent.observe:
            Q_max, loss = agent.train_replay()

        # save the sample <s, a, r, s'> to episode buffer
        episode_buf.append([s_t, action_idx, r_t, s_t1])

        if (is_terminated):
            agent.memory.add(episode_buf)
            episode_buf = [] # Reset Episode Buf

        s_t = s_t1
        t += 1

        # save progress every 10000 iterations
        if t % 10000 == 0:
            print("Now we save model")
            agent.model.save_weights("models/drqn.h5", overwrite=True)

        # print info
        state = ""
        if t <= agent.observe:
            state = "observe"
        elif t > agent.observe and t <= agent.observe + agent.explore:
            state = "explore"
        else:
            state = "train"

        if (is_terminated):
            print("TIME", t, "/ GAME", GAME, "/ STATE", state, \
                  "/ EPSILON", agent.epsilon, "/ ACTION", action_idx, "/ REWARD", r_t, \
                  "/ Q_MAX %e" % np.max(Q_max), "/ LIFE", max_life, "/ LOSS", loss)

            # Save Agent's Performance Statistics
            if GAME % agent.stats_window_size == 0 and t > agent.observe: 
                print("Update Rolling Statistics")
                agent.mavg_score.append(np.mean(np.array(life_buffer)))
                agent.var_score.append(np.var(np.array(life_buffer)))
                agent.mavg_ammo_left.append(np.mean(np.array(ammo_buffer)))
                agent.mavg_kill_counts.append(np.mean(np.array(kills_buffer)))

                # Reset rolling stats buffer
                life_buffer, ammo_buffer, kills_buffer = [], [], [] 

                # Write Rolling Statistics to file
                with open("statistics/drqn_stats.txt", "w") as stats_file:
                    stats_file.write('Game: ' + str(GAME) + '\n')
                    stats_file.write('Max Score: ' + str(max_life) + '\n')
                    stats_file.write('mavg_score: ' + str(agent.mavg_score) + '\n')
                    stats_file.write('var_score: ' + str(agent.var_score) + '\n')
                    stats_file.write('mavg_ammo_left: ' + str(agent.mavg_ammo_left) + '\n')
                    stats_file.write('mavg_kill_counts: ' + str(agent.mavg_kill_counts) + '\n')

    print("Now we save model")
    agent.model.save_weights("models/drqn.h5", overwrite=True)
