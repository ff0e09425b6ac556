# source: philipperemy/keras-attention attention/attention.py and examples/imdb.py (the popular keras-attention package, ~2.8k stars: a many-to-one Luong/Bahdanau attention Layer, and its IMDB LSTM comparison)
# commit: 3944c330253a0f954a98515789ec5ad661bdf37b
# keras: tf_keras
# exercises: a custom Layer `Attention(units=128, score='luong')` whose build() creates sublayers (Dense(use_bias=False, name=...), Dot(axes=[1, 2]), Lambda(lambda x: x[:, -1, :], output_shape=...), Activation('softmax'), Dot(axes=[1, 1]), Concatenate, Dense(tanh); for 'bahdanau' also RepeatVector(input_shape[1]), Activation('tanh'), Add) inside `with K.name_scope(self.name)`, ends with super().build(input_shape), overrides __call__(inputs, training=None, **kwargs) passing training positionally to Layer.__call__, calls the sublayers in call(), K.squeeze(score, axis=-1), compute_output_shape, get_config with super().get_config(); a Sequential list with star-unpacking: Embedding(input_length=...), Dropout, LSTM(return_sequences=True) + Attention() (or LSTM + Dense(350, relu)), Dropout, Dense(1, sigmoid); compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy']); summary(); a Callback subclass reading logs['val_accuracy'] and logs['val_loss'] in on_epoch_end; fit(verbose=2, validation_data=..., epochs, batch_size=64, callbacks=[...]); sequence.pad_sequences(maxlen=...) pre-padding and truncating; numpy.random.seed(7) inside the function
# reduced: the package's attention/attention.py is inlined above the example (`from attention import Attention` dropped); imdb.load_data(num_words=top_words) replaced by a stand-in load_data giving 64 training and 20 test random reviews of 3 to 14 word ids in 1..top_words-1 with labels from their ids (64 training rows: one batch of 64, so fit's shuffling, TensorFlow's generator, does not matter); top_words 5000 to 30, max_review_length 500 to 10, embedding_vector_length 32 to 4, LSTM(100, ...) to LSTM(6, ...), epochs 10 to 2; Dropout(0.5) to Dropout(0.0) twice (random masks differ between frameworks); Attention() keeps its default units=128 and the Dense(350) alternative is kept
import os

from tensorflow.keras import backend as K
from tensorflow.keras.layers import Dense, Lambda, Dot, Activation, Concatenate, Layer, RepeatVector, Add

# KERAS_ATTENTION_DEBUG: If set to 1. Will switch to debug mode.
# In debug mode, the class Attention is no longer a Keras layer.
# What it means in practice is that we can have access to the internal values
# of each tensor. If we don't use debug, Keras treats the object
# as a layer, and we can only get the final output.
debug_flag = int(os.environ.get('KERAS_ATTENTION_DEBUG', 0))


# References:
# - https://arxiv.org/pdf/1508.04025.pdf (Luong).
# - https://arxiv.org/pdf/1409.0473.pdf (Bahdanau).
# - https://machinelearningmastery.com/the-bahdanau-attention-mechanism/ (Some more explanation).

class Attention(object if debug_flag else Layer):
    SCORE_LUONG = 'luong'
    SCORE_BAHDANAU = 'bahdanau'

    def __init__(self, units: int = 128, score: str = 'luong', **kwargs):
        super(Attention, self).__init__(**kwargs)
        if score not in {self.SCORE_LUONG, self.SCORE_BAHDANAU}:
            raise ValueError(f'Possible values for score are: [{self.SCORE_LUONG}] and [{self.SCORE_BAHDANAU}].')
        self.units = units
        self.score = score

    # noinspection PyAttributeOutsideInit
    def build(self, input_shape):
        input_dim = int(input_shape[-1])
        with K.name_scope(self.name if not debug_flag else 'attention'):
            # W in W*h_S.
            if self.score == self.SCORE_LUONG:
                self.luong_w = Dense(input_dim, use_bias=False, name='luong_w')
                # dot : last hidden state H_t and every hidden state H_s.
                self.luong_dot = Dot(axes=[1, 2], name='attention_score')
            else:
                # Dense implements the operation: output = activation(dot(input, kernel) + bias)
                self.bahdanau_v = Dense(1, use_bias=False, name='bahdanau_v')
                self.bahdanau_w1 = Dense(input_dim, use_bias=False, name='bahdanau_w1')
                self.bahdanau_w2 = Dense(input_dim, use_bias=False, name='bahdanau_w2')
                self.bahdanau_repeat = RepeatVector(input_shape[1])
                self.bahdanau_tanh = Activation('tanh', name='bahdanau_tanh')
                self.bahdanau_add = Add()

            self.h_t = Lambda(lambda x: x[:, -1, :], output_shape=(input_dim,), name='last_hidden_state')

            # exp / sum(exp) -> softmax.
            self.softmax_normalizer = Activation('softmax', name='attention_weight')

            # dot : score * every hidden state H_s.
            # dot product. SUM(v1*v2). H_s = every source hidden state.
            self.dot_context = Dot(axes=[1, 1], name='context_vector')

            # [Ct; ht]
            self.concat_c_h = Concatenate(name='attention_output')

            # x -> tanh(w_c(x))
            self.w_c = Dense(self.units, use_bias=False, activation='tanh', name='attention_vector')
        if not debug_flag:
            # debug: the call to build() is done in call().
            super(Attention, self).build(input_shape)

    def compute_output_shape(self, input_shape):
        return input_shape[0], self.units

    def __call__(self, inputs, training=None, **kwargs):
        if debug_flag:
            return self.call(inputs, training, **kwargs)
        else:
            return super(Attention, self).__call__(inputs, training, **kwargs)

    # noinspection PyUnusedLocal
    def call(self, inputs, training=None, **kwargs):
        """
        Many-to-one attention mechanism for Keras. Supports:
            - Luong's multiplicative style.
            - Bahdanau's additive style.
        @param inputs: 3D tensor with shape (batch_size, time_steps, input_dim).
        @param training: not used in this layer.
        @return: 2D tensor with shape (batch_size, units)
        @author: philipperemy, felixhao28.
        """
        h_s = inputs
        if debug_flag:
            self.build(h_s.shape)
        h_t = self.h_t(h_s)
        if self.score == self.SCORE_LUONG:
            # Luong's multiplicative style.
            score = self.luong_dot([h_t, self.luong_w(h_s)])
        else:
            # Bahdanau's additive style.
            self.bahdanau_w1(h_s)
            a1 = self.bahdanau_w1(h_t)
            a2 = self.bahdanau_w2(h_s)
            a1 = self.bahdanau_repeat(a1)
            score = self.bahdanau_tanh(self.bahdanau_add([a1, a2]))
            score = self.bahdanau_v(score)
            score = K.squeeze(score, axis=-1)

        alpha_s = self.softmax_normalizer(score)
        context_vector = self.dot_context([h_s, alpha_s])
        a_t = self.w_c(self.concat_c_h([context_vector, h_t]))
        return a_t

    def get_config(self):
        config = super(Attention, self).get_config()
        config.update({'units': self.units, 'score': self.score})
        return config


import numpy
import numpy as np
from tensorflow.keras import Sequential
from tensorflow.keras.callbacks import Callback
from tensorflow.keras.layers import Dense, Dropout, Embedding, LSTM
from tensorflow.keras.preprocessing import sequence


class imdb:
    # Stands in for tensorflow.keras.datasets.imdb (a download).
    @staticmethod
    def load_data(num_words):
        def reviews(n):
            x = [list(np.random.randint(1, num_words, size=np.random.randint(3, 15))) for _ in range(n)]
            return x, np.array([int(np.mean(r) > num_words / 2) for r in x])
        return reviews(64), reviews(20)


def train_and_evaluate_model_on_imdb(add_attention=True):
    numpy.random.seed(7)
    # load the dataset but only keep the top n words, zero the rest
    top_words = 30
    (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=top_words)
    # truncate and pad input sequences
    max_review_length = 10
    x_train = sequence.pad_sequences(x_train, maxlen=max_review_length)
    x_test = sequence.pad_sequences(x_test, maxlen=max_review_length)
    # create the model
    embedding_vector_length = 4

    model = Sequential([
        Embedding(top_words, embedding_vector_length, input_length=max_review_length),
        Dropout(0.0),
        # attention vs no attention. same number of parameters so fair comparison.
        *([LSTM(6, return_sequences=True), Attention()] if add_attention
          else [LSTM(6), Dense(350, activation='relu')]),
        Dropout(0.0),
        Dense(1, activation='sigmoid')
    ])

    model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
    model.summary()

    class RecordBestTestAccuracy(Callback):

        def __init__(self):
            super().__init__()
            self.val_accuracies = []
            self.val_losses = []

        def on_epoch_end(self, epoch, logs=None):
            self.val_accuracies.append(logs['val_accuracy'])
            self.val_losses.append(logs['val_loss'])

    record_callback = RecordBestTestAccuracy()
    model.fit(
        x_train, y_train,
        verbose=2,
        validation_data=(x_test, y_test),
        epochs=2,
        batch_size=64,
        callbacks=[record_callback]
    )

    print(f"Max Test Accuracy: {100 * np.max(record_callback.val_accuracies):.2f} %")
    print(f"Mean Test Accuracy: {100 * np.mean(record_callback.val_accuracies):.2f} %")


def main():
    # Make sure to run on a GPU!
    # 10 epochs.
    # Max Test Accuracy: 88.02 %
    # Mean Test Accuracy: 87.26 %
    train_and_evaluate_model_on_imdb(add_attention=False)
    # 10 epochs.
    # Max Test Accuracy: 88.74 %
    # Mean Test Accuracy: 88.00 %
    train_and_evaluate_model_on_imdb(add_attention=True)


if __name__ == '__main__':
    main()
