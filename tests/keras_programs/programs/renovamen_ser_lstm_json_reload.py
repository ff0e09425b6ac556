# source: Renovamen/Speech-Emotion-Recognition models/dnn/lstm.py, models/dnn/dnn.py, models/base.py, models/__init__.py, train.py, predict.py and configs/lstm.yaml (Renovamen's widely starred speech emotion recognition toolkit (CASIA / RAVDESS / SAVEE / EMO-DB, openSMILE or librosa features): an LSTM over one time step of the utterance's feature vector, Dropout, Dense relu, softmax; trained, evaluated by argmax accuracy, saved as JSON + .h5 weights, then reloaded by predict.py to recognise one utterance)
# commit: 64e2f48be4ed0ed3fba3f85af824209f6c5c3884
# keras: tf_keras
# exercises: `from tensorflow.keras.layers import LSTM as KERAS_LSTM`; a class hierarchy (BaseModel(ABC) -> DNN -> LSTM) holding a Keras Sequential; classmethod make: Sequential(), KERAS_LSTM(rnn_size, input_shape=(1, n_feats)), Dropout, Dense(hidden_size, relu), Dense(n_classes, softmax), Adam(lr=lr) (lr 0.001, tf-keras's deprecated `lr` name, equal to the default), compile(categorical_crossentropy, metrics=['accuracy']); print(model.summary()); to_categorical of integer labels; np.reshape to (n, 1, n_feats); fit(batch_size, epochs, validation_data=(x_val, y_val)) and history.history["accuracy"/"loss"/"val_accuracy"/"val_loss"]; np.argmax(model.predict(x), axis=1) for the test accuracy; save_weights(.h5) + to_json written to a file; load: model_from_json of the file's text + load_weights, wrapped with trained=True (printing its summary again); predict of one utterance (argmax) and predict_proba (model.predict(x)[0]) on the reloaded, uncompiled model
# reduced: openSMILE IS10_paraling features of CASIA (a csv of 1582 features per utterance, then sklearn's StandardScaler and train_test_split(test_size=0.2, random_state=42)) replaced by seeded numpy features (60 utterances x 24 features, class-dependent means plus noise, standardized with numpy) split 48 / 12 by a seeded permutation; the predict.py feature of one audio file replaced by one seeded utterance standardized with the training statistics; sklearn's accuracy_score replaced by the numpy mean of equal labels; utils.curve (matplotlib) and utils.radar dropped; config (parse_opt of configs/lstm.yaml) replaced by a small namespace with the yaml's values: rnn_size 128 -> 8, hidden_size 32 -> 8, epochs 20 -> 2, batch_size 32 -> 16, dropout 0.5 -> 0.0 (random masks cannot match), lr 0.001 kept; shuffle=True -> shuffle=False in DNN.train (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay); train.py's and predict.py's __main__ blocks run one after the other; checkpoints/ created with os.makedirs; int(result) -> int(result[0]) in predict (numpy 2.4 refuses int() of a 1-element 1-d array)
import os
from abc import ABC, abstractmethod
from typing import Optional, Union
from types import SimpleNamespace
import numpy as np
from tensorflow.keras.layers import LSTM as KERAS_LSTM
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.models import Sequential, model_from_json
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.utils import to_categorical


def accuracy_score(y_pred, y_true):
    # stand-in for sklearn.metrics.accuracy_score
    return float(np.mean(np.asarray(y_pred) == np.asarray(y_true)))


class BaseModel(ABC):
    """所有模型的基础类"""

    def __init__(
        self,
        model: Sequential,
        trained: bool = False
    ) -> None:
        self.model = model
        self.trained = trained  # 模型是否已训练

    @abstractmethod
    def train(self) -> None:
        """训练模型"""
        pass

    @abstractmethod
    def predict(self, samples: np.ndarray) -> np.ndarray:
        """预测音频的情感"""
        pass

    @abstractmethod
    def predict_proba(self, samples: np.ndarray) -> np.ndarray:
        """预测音频的情感的置信概率"""
        pass

    @abstractmethod
    def save(self, path: str, name: str) -> None:
        """保存模型"""
        pass

    @classmethod
    @abstractmethod
    def load(cls, path: str, name: str):
        """加载模型"""
        pass

    @classmethod
    @abstractmethod
    def make(cls):
        """搭建模型"""
        pass

    def evaluate(self, x_test: np.ndarray, y_test: np.ndarray) -> None:
        predictions = self.predict(x_test)
        accuracy = accuracy_score(y_pred=predictions, y_true=y_test)
        print('Accuracy: %.3f\n' % accuracy)

        return accuracy


class DNN(BaseModel, ABC):
    def __init__(self, model: Sequential, trained: bool = False) -> None:
        super(DNN, self).__init__(model, trained)
        print(self.model.summary())

    def save(self, path: str, name: str) -> None:
        h5_save_path = os.path.join(path, name + ".h5")
        self.model.save_weights(h5_save_path)

        save_json_path = os.path.join(path, name + ".json")
        with open(save_json_path, "w") as json_file:
            json_file.write(self.model.to_json())

    @classmethod
    def load(cls, path: str, name: str):
        # 加载 json
        model_json_path = os.path.abspath(os.path.join(path, name + ".json"))
        json_file = open(model_json_path, "r")
        loaded_model_json = json_file.read()
        json_file.close()
        model = model_from_json(loaded_model_json)

        # 加载权重
        model_path = os.path.abspath(os.path.join(path, name + ".h5"))
        model.load_weights(model_path)

        return cls(model, True)

    def train(
        self,
        x_train: np.ndarray,
        y_train: np.ndarray,
        x_val: Optional[np.ndarray] = None,
        y_val: Optional[np.ndarray] = None,
        batch_size: int = 32,
        n_epochs: int = 20
    ) -> None:
        if x_val is None or y_val is None:
            x_val, y_val = x_train, y_train

        x_train, x_val = self.reshape_input(x_train), self.reshape_input(x_val)

        history = self.model.fit(
            x_train, y_train,
            batch_size = batch_size,
            epochs = n_epochs,
            shuffle = False,  # 每个 epoch 开始前随机排列训练数据
            validation_data = (x_val, y_val)
        )

        # 训练集上的损失和准确率
        acc = history.history["accuracy"]
        loss = history.history["loss"]
        # 验证集上的损失和准确率
        val_acc = history.history["val_accuracy"]
        val_loss = history.history["val_loss"]

        print("acc", acc, "val_acc", val_acc)
        print("loss", loss, "val_loss", val_loss)

        self.trained = True

    def predict(self, samples: np.ndarray) -> np.ndarray:
        if not self.trained:
            raise RuntimeError("There is no trained model.")

        samples = self.reshape_input(samples)
        return np.argmax(self.model.predict(samples), axis=1)

    def predict_proba(self, samples: np.ndarray) -> np.ndarray:
        if not self.trained:
            raise RuntimeError('There is no trained model.')

        if hasattr(self, 'reshape_input'):
            samples = self.reshape_input(samples)
        return self.model.predict(samples)[0]

    @abstractmethod
    def reshape_input(self):
        pass


class LSTM(DNN):
    def __init__(self, model: Sequential, trained: bool = False) -> None:
        super(LSTM, self).__init__(model, trained)

    @classmethod
    def make(
        cls,
        input_shape: int,
        rnn_size: int,
        hidden_size: int,
        dropout: float = 0.5,
        n_classes: int = 6,
        lr: float = 0.001
    ):
        model = Sequential()

        model.add(KERAS_LSTM(rnn_size, input_shape=(1, input_shape)))  # (time_steps = 1, n_feats)
        model.add(Dropout(dropout))
        model.add(Dense(hidden_size, activation='relu'))
        # model.add(Dense(rnn_size, activation='tanh'))

        model.add(Dense(n_classes, activation='softmax'))  # 分类层
        optimzer = Adam(lr=lr)
        model.compile(loss='categorical_crossentropy', optimizer=optimzer, metrics=['accuracy'])

        return cls(model)

    def reshape_input(self, data: np.ndarray) -> np.ndarray:
        """二维数组转三维"""
        data = np.reshape(data, (data.shape[0], 1, data.shape[1]))
        return data


def make(config, n_feats: int):
    if config.model == 'lstm':
        model = LSTM.make(
            input_shape = n_feats,
            rnn_size = config.rnn_size,
            hidden_size = config.hidden_size,
            dropout = config.dropout,
            n_classes = len(config.class_labels),
            lr = config.lr
        )
    return model


_MODELS = {
    'lstm': LSTM,
}

def load(config):
    return _MODELS[config.model].load(
        path = config.checkpoint_path,
        name = config.checkpoint_name
    )


# stand-in for the openSMILE features of CASIA (extract_feats/opensmile.py's load_feature)
_rng = np.random.RandomState(42)
_N, _F = 60, 24
_Y = np.arange(_N) % 6
_X = _rng.normal(0, 1, size=(_N, _F)) + 0.8 * np.sin(np.arange(_F)[None, :] * (_Y[:, None] + 1) / 4.0)
_mean, _std = _X.mean(axis=0), _X.std(axis=0)


def load_feature(config, train: bool):
    if train == True:
        X = (_X - _mean) / _std
        idx = np.random.RandomState(42).permutation(_N)
        n_test = int(np.ceil(0.2 * _N))
        tr, te = idx[:-n_test], idx[-n_test:]
        return X[tr], X[te], _Y[tr], _Y[te]
    else:
        x = np.random.RandomState(7).normal(0, 1, size=(1, _F))
        return (x - _mean) / _std


def train(config) -> None:
    x_train, x_test, y_train, y_test = load_feature(config, train=True)

    # 搭建模型
    model = make(config=config, n_feats=x_train.shape[1])

    # 训练模型
    print('----- start training', config.model, '-----')
    if config.model in ['lstm', 'cnn1d', 'cnn2d']:
        y_train, y_val = to_categorical(y_train), to_categorical(y_test)  # 独热编码
        model.train(
            x_train, y_train,
            x_test, y_val,
            batch_size = config.batch_size,
            n_epochs = config.epochs
        )
    else:
        model.train(x_train, y_train)
    print('----- end training ', config.model, ' -----')

    # 验证模型
    model.evaluate(x_test, y_test)
    # 保存训练好的模型
    model.save(config.checkpoint_path, config.checkpoint_name)


def predict(config, audio_path: str, model) -> None:
    test_feature = load_feature(config, train=False)

    result = model.predict(test_feature)
    result_prob = model.predict_proba(test_feature)
    print('Recogntion: ', config.class_labels[int(result[0])])
    print('Probability: ', result_prob)


config = SimpleNamespace(
    model='lstm',
    class_labels=["angry", "fear", "happy", "neutral", "sad", "surprise"],
    checkpoint_path='checkpoints/',
    checkpoint_name='LSTM_OPENSMILE_IS10',
    epochs=2, batch_size=16, lr=0.001,
    rnn_size=8, hidden_size=8, dropout=0.0,
)
os.makedirs(config.checkpoint_path, exist_ok=True)

# train.py
train(config)

# predict.py
audio_path = 'datasets/CASIA/angry/201-angry-liuchanhg.wav'
model = load(config)
predict(config, audio_path, model)
