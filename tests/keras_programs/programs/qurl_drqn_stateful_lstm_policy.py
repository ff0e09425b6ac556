# source: twobackfromtheend/quRL reinforcement_learning/trainers/drqn_trainer.py (DRQNTrainer and its __main__) with trainers/dqn_trainer.py (DQNTrainer), trainers/base_classes/base_trainer.py, base_options.py, hyperparameters.py, trainers/dqn_options.py, drqn_options.py, trainers/policies/base_policy.py, epsilon_greedy.py, trainers/replay_handlers/episodic_experience_replay_handler.py, experience.py, models/base_model.py, base_nn_model.py, lstm_stateful_model.py, models/utils.py, time_sensitive_envs/base_time_sensitive_env.py, cartpole_env.py and logger_utils/logger_utils.py (a Keras reinforcement-learning framework written for quantum state preparation, "quRL": a deep recurrent Q-network whose policy net is a batch-1 stateful two-layer LSTM fed one observation per call, its state reset after every episode and after every replayed episode, a target copy built by re-instantiating the model class from its __dict__)
# commit: 8b40017793ca591e8d8cba469bdd71c32b0a1d5a
# keras: tf_keras
# exercises: `from tensorflow import keras`; keras.Sequential() with LSTM(24, batch_input_shape=(1, 1, inputs), stateful=True, return_sequences=True), LSTM(24, batch_input_shape=..., stateful=True) and Dense(outputs, 'linear'); legacy Adam(lr=3e-3); compile(loss='mse', metrics=['mae']); the model built twice (policy and target: create_copy = self.__class__(**self.__dict__)); target synced every step by target_model.model.set_weights(model.model.get_weights()); epsilon-greedy get_action with model.predict of a (1, 1, 4) observation on the stateful net (its state carried across the episode's predict calls), model.model.reset_states() after each episode; episodic replay: random.sample of whole episodes, per step target_model.predict of next state and of state (the target net's stateful state carried too, never reset as written), numpy target edit, model.train_on_batch(states, target_vec.reshape((1, -1))) returning [loss, mae], reset_states after each replayed episode; a greedy evaluation episode every evaluate_every episodes; save_model(model, filename) (tf-keras's SavedModel directory, no extension) at the end
# reduced: gym (not installed) replaced by a small deterministic numpy CartPole (gym's equations, the rlcode_cartpole_drqn_lstm stand-in) behind a tiny `gym` stand-in with envs.register and make, the action_space.sample of BaseTimeSensitiveEnv.get_random_action drawn with Python's global random.randrange (gym's own generator cannot be replayed); CartPoleTSEnv's max_episode_steps default 200 -> 8 (the stand-in ends episodes there); the modules inlined in one file in dependency order, the SoftmaxPolicy, DDPGHyperparameters / OrnsteinUhlenbeck (unused here) and DQNTrainer's batch replay left out; tensorboard_logger's create_callback / tf_log (TF1's tf.Summary writer) replaced by no-op stand-ins and the options' with_tensorboard=False passed (evaluate_model still calls create_callback as written); models/utils.get_LSTM_layer's GPU test (tf.test.gpu_device_name, CuDNNLSTM) -> the CPU branch, LSTM; `from tensorflow.python.keras import Sequential, Model, backend as K` / `from tensorflow.python.keras.models import save_model, load_model` (TF's private copy of Keras, gone from TF 2.16+) -> `from tensorflow.keras ...`; LSTMStatefulModel's default inner_activation=tf.nn.relu -> 'relu' (the default is evaluated at definition; tf.nn is TensorFlow's; __main__ passes 'relu'); keras.optimizers.Adam(lr=...) -> keras.optimizers.legacy.Adam(lr=...) (tf-keras >= 2.11's new Adam ignores `lr`; statefulrnn takes it as Keras 2 meant it, the corpus's known divergence); rnn_steps 3 -> 1 in __main__ (with 3, get_rnn_shape's (1, 1, -1) reshapes 3 observations into a (1, 1, 12) batch that the (1, 1, 4) stateful model refuses: a ValueError as committed; one observation per call is what the stateful model's docstring describes); EPISODES 20000 -> 4, EpisodicExperienceReplayHandler batch_size 24 -> 2 (so replay starts at the 2nd episode), evaluate_every 50 -> 2; render=True -> False; the save's timestamp kept. Exploration and the episode sample use Python's and numpy's global generators, which the harness seeds alike on both sides
import logging
import random
import time
from collections import deque
from dataclasses import dataclass
from enum import Enum, auto
from logging import Logger
from typing import Callable, Deque, List, Optional, Sequence, Union

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Dense, LSTM
from tensorflow.keras import Sequential, Model, backend as K
from tensorflow.keras.models import save_model, load_model


# logger_utils/logger_utils.py
get_time_func = time.process_time


def log_process(logger: Logger, process_name: str):
    def decorator(func: Callable):
        def wrapper(*args, **kwargs):
            logger.info(f'Started {process_name}.')
            start_time = get_time_func()

            return_value = func(*args, **kwargs)

            end_time = get_time_func()
            duration = end_time - start_time
            logger.info(f'Completed {process_name}. (Time taken: {duration:.3f}s)')
            return return_value

        return wrapper

    return decorator


# stand-ins: gym's CartPole and reinforcement_learning/tensorboard_logger.py
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


class _Discrete:
    def __init__(self, n):
        self.n = n

    def sample(self):
        return random.randrange(self.n)


class gym:
    class envs:
        registry = {}

        @staticmethod
        def register(id, entry_point, max_episode_steps):
            gym.envs.registry[id] = max_episode_steps

    @staticmethod
    def make(name):
        env = CartPoleEnv(seed=0, max_steps=gym.envs.registry[name])
        env.action_space = _Discrete(2)
        return env


def tf_log(callback, names: List[str], logs: List[float], batch_no: int):
    pass


def create_callback(model):
    return None


# reinforcement_learning/models/utils.py
def get_LSTM_layer():
    return LSTM


# reinforcement_learning/models/base_model.py
class BaseModel:
    def __init__(self, inputs: int, outputs: int):
        self.inputs = inputs
        self.outputs = outputs

    def build_model(self):
        raise NotImplementedError

    def save_model(self, filename: str):
        raise NotImplementedError

    def create_copy(self):
        return self.__class__(**self.__dict__)

    def set_learning_rate(self, learning_rate: float):
        raise NotImplementedError

    def predict(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def train_on_batch(self, x: np.ndarray, y: np.ndarray):
        raise NotImplementedError


# reinforcement_learning/models/base_nn_model.py
class BaseNNModel(BaseModel):

    def __init__(self, inputs: int, outputs: int, load_from_filepath: str = None, **kwargs):
        super().__init__(inputs, outputs)
        self.load_from_filepath = load_from_filepath  # Needed for copying with __dict__.
        if load_from_filepath is not None:
            self.model = load_model(load_from_filepath)
        else:
            self.model = self.build_model()

    def build_model(self) -> Union[Sequential, Model]:
        raise NotImplementedError

    def save_model(self, name: str, use_timestamp: bool = True):
        filename = f"model_{name}"
        if use_timestamp:
            filename += f"{time.strftime('%Y%m%d-%H%M%S')}"
        save_model(self.model, filename)

    def get_loss_fn(self, loss_fn_input):
        if isinstance(loss_fn_input, str) and loss_fn_input.startswith('huber_'):
            return self.get_huber_loss(float(loss_fn_input[6:]))
        else:
            return loss_fn_input

    @staticmethod
    def get_huber_loss(clip_delta: float = 200) -> Callable:
        def loss_fn(y_true, y_pred, clip_delta=clip_delta):
            error = y_true - y_pred
            cond = tf.keras.backend.abs(error) < clip_delta

            squared_loss = 0.5 * tf.keras.backend.square(error)
            linear_loss = clip_delta * (tf.keras.backend.abs(error) - 0.5 * clip_delta)

            return tf.where(cond, squared_loss, linear_loss)

        return loss_fn

    def set_learning_rate(self, learning_rate: float):
        K.set_value(self.model.optimizer.lr, learning_rate)

    def predict(self, x: np.ndarray):
        return self.model.predict(x)

    def train_on_batch(self, x: np.ndarray, y: np.ndarray):
        return self.model.train_on_batch(x, y)

    def predict_on_batch(self, x: np.ndarray) -> np.ndarray:
        return self.model.predict_on_batch(x)


# reinforcement_learning/models/lstm_stateful_model.py
logger = logging.getLogger(__name__)

LSTM_LAYER = get_LSTM_layer()


class LSTMStatefulModel(BaseNNModel):
    """
    Limited to a fixed batch size due to Keras, as batch_size is required param when creating network.

    Currently fixed to batch_size = 1 to allow use as policy network (where you pass in 1 state and expect 1 action).
    """

    def __init__(self, inputs: int, outputs: int,
                 inner_activation='relu', output_activation='linear',
                 learning_rate=0.003,
                 loss_fn='mse', **kwargs):
        logger.info(f'Creating LSTMStatefulModel with {inputs} inputs and {outputs} outputs.')
        self.inner_activation = inner_activation
        self.output_activation = output_activation
        self.learning_rate = learning_rate
        self.loss_fn = self.get_loss_fn(loss_fn)

        super().__init__(inputs, outputs)

    @log_process(logger, 'building model')
    def build_model(self) -> keras.Sequential:
        batch_size = 1

        model = keras.Sequential()
        batch_input_shape = (batch_size, 1, self.inputs)
        model.add(LSTM_LAYER(24, batch_input_shape=batch_input_shape, stateful=True, return_sequences=True))
        model.add(LSTM_LAYER(24, batch_input_shape=batch_input_shape, stateful=True))

        model.add(Dense(self.outputs, activation=self.output_activation))
        optimizer = keras.optimizers.legacy.Adam(lr=self.learning_rate)
        model.compile(loss=self.loss_fn, optimizer=optimizer, metrics=['mae'])
        return model


# reinforcement_learning/time_sensitive_envs/base_time_sensitive_env.py, cartpole_env.py
class BaseTimeSensitiveEnv:
    env = None

    def __init__(self, max_episode_steps: int, time_sensitive: bool):
        self.step_number = 0
        self.max_episode_steps = max_episode_steps
        self.time_sensitive = time_sensitive

    def step(self, *args, **kwargs):
        new_state, reward, done, info = self.env.step(*args, **kwargs)
        return self.get_observation(new_state), reward, done, info

    def reset(self, *args, **kwargs):
        state = self.env.reset(*args, **kwargs)
        self.step_number = 0
        return self.get_observation(state)

    def render(self, *args, **kwargs):
        return self.env.render(*args, **kwargs)

    def get_random_action(self):
        return self.env.action_space.sample()

    def get_observation(self, state):
        if self.time_sensitive:
            return np.append(state, self.step_number)
        return state

    def increment_step_number(self) -> bool:
        if self.step_number >= self.max_episode_steps - 1:
            done = True
        else:
            done = False
        self.step_number += 1
        return done


class CartPoleTSEnv(BaseTimeSensitiveEnv):

    def __init__(self, max_episode_steps: int = 8, time_sensitive: bool = True):
        super().__init__(max_episode_steps, time_sensitive)

        gym.envs.register(
            id='CartPoleTimeSensitive-v0',
            entry_point='gym.envs.classic_control:CartPoleEnv',
            max_episode_steps=max_episode_steps
        )
        self.env = gym.make('CartPoleTimeSensitive-v0')

    def step(self, action):
        new_state, reward, done, info = self.env.step(action)
        _ = self.increment_step_number()  # Ignore done-ness returned - it only returns True if on last stage.

        if done:
            reward = 0
        return self.get_observation(new_state), reward, done, info


# reinforcement_learning/trainers/base_classes/hyperparameters.py
class ExplorationMethod(Enum):
    SOFTMAX = auto()
    EPSILON = auto()


class ExplorationOptions:
    def __init__(self,
                 method: ExplorationMethod = ExplorationMethod.EPSILON,
                 starting_value: float = None,
                 limiting_value: float = None,
                 epsilon_decay: float = None,
                 softmax_total_episodes: int = None):
        self.method = method
        self.starting_value = starting_value
        if self.method == ExplorationMethod.EPSILON:
            if starting_value is None:
                starting_value = 0.8
            else:
                assert 0 <= starting_value <= 1, f"Initial exploration rate has to be between 0 and 1, not {starting_value}"
            if limiting_value is None:
                limiting_value = 0.04
            else:
                assert 0 <= limiting_value <= 1, f"Limiting epsilon has to be between 0 and 1, not {limiting_value}"
            if epsilon_decay is None:
                epsilon_decay = 0.998
            else:
                assert 0 <= epsilon_decay <= 1, f"Exploration rate decay has to be between 0 and 1, not {epsilon_decay}"
            self.starting_value = starting_value
            self.limiting_value = limiting_value
            self.decay = epsilon_decay
        elif self.method == ExplorationMethod.SOFTMAX:
            assert softmax_total_episodes is not None, "total_episodes is a required parameter for SOFTMAX"
            self.limiting_value = limiting_value if limiting_value is not None else 100
            self.softmax_total_episodes = softmax_total_episodes

    def get_value(self, i: int):
        if self.method == ExplorationMethod.EPSILON:
            return self.get_epsilon(i)
        elif self.method == ExplorationMethod.SOFTMAX:
            return self.get_B_RL(i)
        else:
            raise ValueError

    def get_epsilon(self, i: int):
        assert self.method == ExplorationMethod.EPSILON, "Calling get_epsilon when method is not set to EPSILON."
        epsilon = self.starting_value * self.decay ** i
        return max(self.limiting_value, epsilon)

    def get_B_RL(self, i: int):
        assert self.method == ExplorationMethod.SOFTMAX, "Calling get_B_RL when method is not set to SOFTMAX."
        i = min(i, self.softmax_total_episodes)
        B_RL = self.starting_value * self.softmax_total_episodes / (self.softmax_total_episodes - i)
        return min(self.limiting_value, B_RL)


DiscountRate = Union[float, Callable[[int], float]]


class QLearningHyperparameters:
    def __init__(self, discount_rate: DiscountRate, exploration_options: ExplorationOptions = ExplorationOptions()):
        self.discount_rate = discount_rate
        if isinstance(discount_rate, float):
            assert 0 < discount_rate <= 1, "Decay rate (discount rate) has to be between 0 and 1"
            self.discount_rate = lambda _: discount_rate
        self.exploration_options = exploration_options


# reinforcement_learning/trainers/base_classes/base_options.py, dqn_options.py, drqn_options.py
@dataclass
class BaseTrainerOptions:
    render: bool = False
    save_every: Optional[int] = 100000
    evaluate_every: Optional[int] = 2
    with_tensorboard: bool = True
    learning_rate_override: Optional[Callable[[int], float]] = None


@dataclass
class DQNTrainerOptions(BaseTrainerOptions):
    update_target_every: int = 1
    update_target_soft: bool = True
    update_target_tau: float = 0.01


@dataclass
class DRQNTrainerOptions(DQNTrainerOptions):
    rnn_steps: int = 5


# reinforcement_learning/trainers/policies/base_policy.py, epsilon_greedy.py
class BasePolicy:
    @classmethod
    def get_action(cls, *args, **kwargs):
        raise NotImplementedError

    @staticmethod
    def log_if(log_func: Union[None, Callable], message: str):
        if log_func is not None:
            log_func(message)


class EpsilonGreedyPolicy(BasePolicy):
    @classmethod
    def get_action(cls, epsilon: float, q_values: np.ndarray, get_random_action: Callable,
                   log_func: Union[None, Callable] = None):
        if np.random.random() < epsilon:
            action = get_random_action()
            cls.log_if(log_func, f"action: {action} (randomly generated)")
        else:
            cls.log_if(log_func, f"q_values: {q_values}")
            action = int(np.argmax(q_values))
            cls.log_if(log_func, f"action: {action} (argmaxed)")
        return action


# reinforcement_learning/trainers/replay_handlers/experience.py, episodic_experience_replay_handler.py
class Experience:
    def __init__(self, state: np.ndarray, action: int, reward: float, next_state: np.ndarray, done: bool):
        self.state = state
        self.action = action
        self.reward = reward
        self.next_state = next_state
        self.done = done

    def as_tuple(self):
        return self.state, self.action, self.reward, self.next_state, self.done


class InsufficientExperiencesError(Exception):
    pass


class EpisodicExperienceReplayHandler:
    def __init__(self, size: int = 100000, batch_size: int = 2):
        self.size = size
        self.batch_size = batch_size
        self.memory: Deque[Sequence[Experience]] = deque(maxlen=size)
        self.episode_buffer = []

    def record_experience(self, state: np.ndarray, action: int, reward: float, next_state: np.ndarray, done: bool):
        # Save step data for episode in episode_buffer
        self.episode_buffer.append(Experience(state, action, reward, next_state, done))
        if done:
            # Append full episode to memoery
            self.memory.append(self.episode_buffer)
            self.episode_buffer = []

    def sample(self):
        if self.batch_size > len(self.memory):
            raise InsufficientExperiencesError
        return random.sample(self.memory, self.batch_size)

    def generator(self) -> List[List[Experience]]:
        batch = self.sample()
        for episode in batch:
            yield episode


# reinforcement_learning/trainers/base_classes/base_trainer.py
class BaseTrainer:
    def __init__(self,
                 model: BaseModel,
                 env: BaseTimeSensitiveEnv,
                 hyperparameters: QLearningHyperparameters,
                 options: BaseTrainerOptions):
        self.model = model
        self.env = env
        self.hyperparameters = hyperparameters
        self.options = options
        self.reward_totals: List[float] = None
        self.tensorboard = options.with_tensorboard

    def train(self, episodes: int):
        raise NotImplementedError

    def get_q_values(self, state):
        raise NotImplementedError

    def update_learning_rate(self, learning_rate: float):
        self.model.set_learning_rate(learning_rate)

    @log_process(logger, "saving model")
    def save_model(self):
        self.model.save_model(self.__class__.__name__)

    def evaluate_model(self, render: bool, *args):
        raise NotImplementedError


# reinforcement_learning/trainers/dqn_trainer.py (the parts DRQNTrainer uses)
class DQNTrainer(BaseTrainer):
    def __init__(self, model: BaseNNModel, env: BaseTimeSensitiveEnv,
                 hyperparameters: QLearningHyperparameters, options: DQNTrainerOptions):
        super().__init__(model, env, hyperparameters, options)
        self.target_model = model.create_copy()
        self.evaluation_tensorboard = None
        self.evaluation_rewards = []
        self.episode_number: int = 0
        self.step_number: int = 0

    def get_action(self, observation, log_func: Union[logging.debug, logging.info] = logging.debug):
        exploration = self.hyperparameters.exploration_options
        q_values = self.get_policy_q_values(observation)
        if exploration.method == ExplorationMethod.EPSILON:
            return EpsilonGreedyPolicy.get_action(
                exploration.get_epsilon(self.episode_number), q_values, self.env.get_random_action, log_func)
        else:
            raise ValueError(f"Unknown exploration method: {exploration.method}")

    def update_target_model(self, soft: bool, tau: float):
        if soft:
            self.target_model.model.set_weights(
                tau * np.array(self.model.model.get_weights())
                + (1 - tau) * np.array(self.target_model.model.get_weights())
            )
        else:
            self.target_model.model.set_weights(self.model.model.get_weights())


# reinforcement_learning/trainers/drqn_trainer.py
class DRQNTrainer(DQNTrainer):
    """
    Performs a gradient update on each episode.
    """

    def __init__(self, model: BaseNNModel, env: BaseTimeSensitiveEnv,
                 hyperparameters: QLearningHyperparameters, options: DRQNTrainerOptions):
        super().__init__(model, env, hyperparameters, options)
        self.replay_handler = EpisodicExperienceReplayHandler()
        self.step_buffer: List[np.ndarray] = []  # list of states

    @log_process(logger, 'training')
    def train(self, episodes: int = 1000):
        exploration = self.hyperparameters.exploration_options
        learning_rate_override = self.options.learning_rate_override
        update_target_every = self.options.update_target_every
        update_target_soft = self.options.update_target_soft
        update_target_tau = self.options.update_target_tau
        render = self.options.render
        evaluate_every = self.options.evaluate_every
        save_every = self.options.save_every

        if self.tensorboard:
            self.tensorboard = create_callback(self.model.model)
        reward_totals = []
        for i in range(episodes):
            logger.info(f"\nEpisode {i}/{episodes}")
            self.step_buffer = []
            state = self.env.reset()
            if learning_rate_override:
                self.update_learning_rate(learning_rate_override(i))
            logger.info(f"exploration method: {exploration.method}, value: {exploration.get_value(i)}")

            reward_total = 0
            actions = []
            done = False

            while not done:
                self.step_buffer.append(state)
                action = self.get_action(self.get_observation())

                actions.append(action)
                new_state, reward, done, info = self.env.step(action)
                logger.debug(f"new_state: {new_state}")

                self.replay_handler.record_experience(state, action, reward, new_state, done)

                if self.step_number % update_target_every == 0:
                    self.update_target_model(update_target_soft, update_target_tau)

                state = new_state
                reward_total += reward
                if render:
                    self.env.render()
                self.step_number += 1

            self.reset_model_state()

            try:
                losses = self.episode_experience_replay()
            except InsufficientExperiencesError:
                losses = []
                pass

            if self.tensorboard:
                if losses:
                    losses = list(zip(*losses))
                    tf_log(self.tensorboard,
                           ['train_loss', 'train_mae', 'reward'],
                           [np.mean(losses[0]), np.mean(losses[1]), reward_total], i)
                else:
                    tf_log(self.tensorboard, ['reward'], [reward_total], i)
            logger.info(f"actions: {actions}")
            logger.info(f"Episode: {i}, reward_total: {reward_total}")

            reward_totals.append(reward_total)

            if i % evaluate_every == evaluate_every - 1:
                self.evaluate_model(render, i // evaluate_every)
            if i % save_every == save_every - 1:
                self.save_model()

            self.episode_number += 1
        self.reward_totals = reward_totals
        self.save_model()

    def get_observation(self, step_buffer=None):
        rnn_steps = self.options.rnn_steps
        if step_buffer is None:
            step_buffer = self.step_buffer
        step_buffer_length = len(step_buffer)
        if step_buffer_length >= rnn_steps:
            return np.array(step_buffer[-rnn_steps:])
        else:
            # Fill list with all initial_states ie. [0, 0, 0, 1, 2] where there are only 3 steps in buffer
            observation = [step_buffer[0] for _ in range(rnn_steps)]
            for i, j in enumerate(range(rnn_steps - step_buffer_length, rnn_steps)):
                observation[j] = step_buffer[i]
        return np.array(observation)

    def episode_experience_replay(self):
        losses = []
        for episode in self.replay_handler.generator():
            # Pick random step to train on
            for step_number in range(len(episode)):
                # General machinery
                states = []
                actions = []
                rewards = []
                next_states = []
                dones = []
                for i in reversed(range(self.options.rnn_steps)):
                    experience_index = 0 if step_number < i else step_number - i
                    experience = episode[experience_index]
                    states.append(experience.state)
                    actions.append(experience.action)
                    rewards.append(experience.reward)
                    # This gives next state of [0, 0, 1] for state of [0, 0, 0] (and so on)
                    next_state = experience.state if step_number < i else experience.next_state
                    next_states.append(next_state)
                    dones.append(experience.done)

                # Converting to np.arrays
                states = np.array(states).reshape(self.get_rnn_shape())
                action = episode[step_number].action
                reward = episode[step_number].reward
                done = episode[step_number].done
                next_states = np.array(next_states).reshape(self.get_rnn_shape())
                # Get targets (refactored to handle different calculation based on done)
                target = self.get_target(reward, next_states, done)

                # Create target_vecs
                target_vec = self.target_model.predict(states)[0]

                # Set target values in target_vecs
                target_vec[action] = target
                loss = self.model.train_on_batch(states, target_vec.reshape((1, -1)))
                losses.append(loss)

            self.reset_model_state()

        return losses

    def get_target(self, reward: float, next_states: np.ndarray, done: bool) -> float:
        if done:
            return reward
        gamma = self.hyperparameters.discount_rate(self.episode_number)
        target_q_values = self.target_model.predict(next_states)
        target = reward + gamma * np.max(target_q_values)
        return target

    def get_targets(self, rewards: np.ndarray, next_states: np.ndarray, dones: np.ndarray) -> np.ndarray:
        raise RuntimeError

    def get_action(self, observation, log_func: Union[logging.debug, logging.info] = logging.debug):
        if len(self.step_buffer) < self.options.rnn_steps:
            return self.env.get_random_action()

        return super().get_action(observation, log_func)

    def get_policy_q_values(self, state) -> np.ndarray:
        logger.debug("Get policy Q values")
        q_values = self.model.predict(state.reshape(self.get_rnn_shape()))
        logger.debug(f"Q values {q_values}")
        return q_values[0]

    @log_process(logger, "evaluating model")
    def evaluate_model(self, render, tensorboard_batch_number: int = None):
        if self.evaluation_tensorboard is None and tensorboard_batch_number is not None:
            self.evaluation_tensorboard = create_callback(self.model.model)
        done = False
        reward_total = 0
        state = self.env.reset()
        actions = []
        step_buffer = []
        while not done:
            step_buffer.append(state)
            observation = self.get_observation(step_buffer)
            action = int(np.argmax(self.get_policy_q_values(observation)))
            actions.append(action)
            new_state, reward, done, info = self.env.step(action)

            state = new_state
            reward_total += reward
            if render:
                self.env.render()
        if tensorboard_batch_number is not None:
            tf_log(self.evaluation_tensorboard, ['reward'], [reward_total], tensorboard_batch_number)
        logger.info(f"actions: {actions}")
        logger.info(f"Evaluation reward: {reward_total}")
        self.evaluation_rewards.append(reward_total)

    def get_rnn_shape(self):
        return 1, 1, -1

    def reset_model_state(self):
        self.model.model.reset_states()


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO)

    time_sensitive = False
    env = CartPoleTSEnv(time_sensitive=time_sensitive)
    inputs = 5 if time_sensitive else 4
    rnn_steps = 1
    model = LSTMStatefulModel(inputs=inputs, outputs=2, learning_rate=3e-3,
                              inner_activation='relu', output_activation='linear')

    EPISODES = 4

    trainer = DRQNTrainer(
        model, env,
        hyperparameters=QLearningHyperparameters(
            0.95,
            ExplorationOptions(method=ExplorationMethod.EPSILON, starting_value=0.5, epsilon_decay=0.999,
                               limiting_value=0.1)
        ),
        options=DRQNTrainerOptions(rnn_steps=rnn_steps, update_target_soft=False, render=False,
                                   with_tensorboard=False)
    )
    trainer.train(episodes=EPISODES)
    logger.info(f"max reward total: {max(trainer.reward_totals)}")
    logger.info(f"last evaluation reward: {trainer.evaluation_rewards[-1]}")
