# source: yxtay/char-rnn-text-generation keras_model.py and utils.py (YuXuan Tay's character-level LSTM text generator, one of its several frameworks' versions; its Keras 3 version, trained and sampled as scripts.sh runs it)
# commit: b8585e3a3609c945bdfc48daa21658bfc4128f1b
# keras: keras
# exercises: Keras 3: a Sequential starting with keras.layers.Input(batch_shape=(batch_size, seq_len)), Embedding, Dropout, two LSTM(return_sequences=True, stateful=True) each followed by Dropout, TimeDistributed(Dense(vocab, softmax)); an optimizer with clipnorm=5.0 and sparse_categorical_crossentropy; model.save to .keras before training; fit on an endless Python generator of batches continuous along the time axis (rolled by one row each epoch, so the states carry over batches and epochs) with steps_per_epoch, ModelCheckpoint(.keras, save_best_only=False) and a Callback that at each epoch's end (and at train end) builds an inference model from model.get_config() with the InputLayer's batch_shape and every layer's build_config input_shape rewritten to batch 1 and length 1, Sequential.from_config, trainable = False, set_weights(self.model.get_weights()), resets every layer having reset_states, warms the state with a predict per seed character and samples characters one predict at a time (top-n truncated np.random.choice); generate: load_model of the .keras checkpoint, the same inference model and sampling
# reduced: utils.py inlined ahead of keras_model.py (the `from utils import ...` line dropped); loguru (not installed) replaced by a stand-in logger printing the same messages (its exception() prints the traceback, and main re-raises after it so that a failure is not swallowed); data/tinyshakespeare.txt replaced by 8 made-up lines written to data/tinyshakespeare.txt in the working folder; the command lines of scripts.sh given to main as argv lists (main takes argv and parse_args(argv)) with --seq-len=16, --embedding-size=8, --rnn-size=16, --batch-size=4, --num-epochs=2 (defaults 64, 32, 128, 64, 32) and --length=32 (default 1024); the TensorBoard(log_dir, write_graph=True) callback left out of the callbacks list (tensorboard is not installed in the Keras venv, so TF's tf.summary fails there), its import kept; --log-path's default os.path.join(os.path.dirname(__file__), "main.log") -> "main.log" (the harness runs the file without __file__); generate_text's default length 512 -> 24 and the train-end sample 1024 -> 32 characters (one predict each); optimizer Adam(learning_rate, clipnorm=clip_norm) -> keras.optimizers.SGD(learning_rate, clipnorm=clip_norm) (Keras 3 on TensorFlow adds each repeated id's squared Embedding gradient in Adam's second moment where statefulrnn squares the row's: README, "Where we differ from Keras"; the characters repeat in every batch), the Adam import kept; random.seed(0) added after the model is built in train_main, after the callback first builds its inference model, and after generate_main loads the checkpoint and builds its inference model, because Keras 3 draws one number from Python's random for each unseeded random initializer and SeedGenerator it makes (from_config and load_model make them again), which statefulrnn does not (README, "Where we differ from Keras"), so without it generate_seed's random.choice/random.randint pick other seeds
from argparse import ArgumentParser
import os
import random
import string
import sys
import time
import traceback

import numpy as np

import keras
from keras import ops
from keras.callbacks import Callback, ModelCheckpoint, TensorBoard
from keras.layers import Dense, Dropout, Embedding, LSTM, TimeDistributed
from keras.models import load_model, Sequential
from keras.optimizers import Adam


class _Logger:
    """Stand-in for loguru's logger (not installed): the calls the program makes."""

    def info(self, message, *args):
        print(message.format(*args))

    debug = info

    def exception(self, message):
        traceback.print_exc()
        print(message)

    def add(self, *args, **kwargs):
        pass


logger = _Logger()


os.makedirs("data", exist_ok=True)
with open("data/tinyshakespeare.txt", "w") as f:
    f.write(
        "First Walker:\nBefore we go any further, hear me speak of the river and the road.\n\n"
        "All:\nSpeak, speak. The night is long and the lamps are low.\n\n"
        "First Walker:\nYou are all resolved rather to walk than to wait?\n\n"
        "All:\nResolved. resolved. We walk at dawn and rest at noon.\n\n"
        "Second Walker:\nWe know the hills, and the hills know us; the stones remember our steps.\n\n"
        "First Walker:\nThen let us go, and let the morning find us on the high road, singing.\n\n"
        "Third Walker:\nI will carry the bread, and you the water; the old man carries his songs.\n\n"
        "All:\nAgreed, agreed. To the road, to the road!\n"
    )


###
# file system
###


def make_dirs(path, empty=False):
    """
    create dir in path and clear dir if required
    """
    dir_path = os.path.dirname(path)
    os.makedirs(dir_path, exist_ok=True)

    if empty:
        files = [os.path.join(dir_path, item) for item in os.listdir(dir_path)]
        for item in files:
            if os.path.isfile(item):
                os.remove(item)

    return dir_path


def path_join(*paths, empty=False):
    """
    join paths and create dir
    """
    path = os.path.abspath(os.path.join(*paths))
    make_dirs(os.path.dirname(path), empty)
    return path


###
# data processing
###

def create_dictionary():
    """
    create char2id, id2char and vocab_size
    from printable ascii characters.
    """
    chars = sorted(ch for ch in string.printable if ch not in ("\x0b", "\x0c", "\r"))
    char2id = dict((ch, i + 1) for i, ch in enumerate(chars))
    char2id.update({"": 0})
    id2char = dict((char2id[ch], ch) for ch in char2id)
    vocab_size = len(char2id)
    return char2id, id2char, vocab_size

CHAR2ID, ID2CHAR, VOCAB_SIZE = create_dictionary()


def encode_text(text, char2id=CHAR2ID):
    """
    encode text to array of integers with CHAR2ID
    """
    return np.fromiter((char2id.get(ch, 0) for ch in text), int)


def decode_text(int_array, id2char=ID2CHAR):
    """
    decode array of integers to text with ID2CHAR
    """
    return "".join((id2char[ch] for ch in int_array))


def one_hot_encode(indices, num_classes):
    """
    one-hot encoding
    """
    return np.eye(num_classes)[indices]


def batch_generator(sequence, batch_size=64, seq_len=64, one_hot_features=False, one_hot_labels=False):
    """
    batch generator for sequence
    ensures that batches generated are continuous along axis 1
    so that hidden states can be kept across batches and epochs
    """
    # calculate effective length of text to use
    num_batches = (len(sequence) - 1) // (batch_size * seq_len)
    if num_batches == 0:
        raise ValueError("No batches created. Use smaller batch size or sequence length.")
    logger.info("number of batches: {}.", num_batches)
    rounded_len = num_batches * batch_size * seq_len
    logger.info("effective text length: {}.", rounded_len)

    x = np.reshape(sequence[: rounded_len], [batch_size, num_batches * seq_len])
    if one_hot_features:
        x = one_hot_encode(x, VOCAB_SIZE)
    logger.info("x shape: {}.", x.shape)

    y = np.reshape(sequence[1: rounded_len + 1], [batch_size, num_batches * seq_len])
    if one_hot_labels:
        y = one_hot_encode(y, VOCAB_SIZE)
    logger.info("y shape: {}.", y.shape)

    epoch = 0
    while True:
        # roll so that no need to reset rnn states over epochs
        x_epoch = np.split(np.roll(x, -epoch, axis=0), num_batches, axis=1)
        y_epoch = np.split(np.roll(y, -epoch, axis=0), num_batches, axis=1)
        for batch in range(num_batches):
            yield x_epoch[batch], y_epoch[batch]
        epoch += 1


###
# text generation
###

def generate_seed(text, seq_lens=(2, 4, 8, 16, 32)):
    """
    select subsequence randomly from input text
    """
    # randomly choose sequence length
    seq_len = random.choice(seq_lens)
    # randomly choose start index
    start_index = random.randint(0, len(text) - seq_len - 1)
    seed = text[start_index: start_index + seq_len]
    return seed


def sample_from_probs(probs, top_n=10):
    """
    truncated weighted random choice.
    """
    # need 64 floating point precision
    probs = np.array(probs, dtype=np.float64)
    # set probabilities after top_n to 0
    probs[np.argsort(probs)[:-top_n]] = 0
    # renormalise probabilities
    probs /= np.sum(probs)
    sampled_index = np.random.choice(len(probs), p=probs)
    return sampled_index


###
# main
###

def main(framework, train_main, generate_main, argv=None):
    arg_parser = ArgumentParser(
        description="{} character embeddings LSTM text generation model.".format(framework))
    subparsers = arg_parser.add_subparsers(title="subcommands")

    # train args
    train_parser = subparsers.add_parser("train", help="train model on text file")
    train_parser.add_argument("--checkpoint-path", required=True,
                              help="path to save or load model checkpoints (required)")
    train_parser.add_argument("--text-path", required=True,
                              help="path of text file for training (required)")
    train_parser.add_argument("--restore", nargs="?", default=False, const=True,
                              help="whether to restore from checkpoint_path "
                                   "or from another path if specified")
    train_parser.add_argument("--seq-len", type=int, default=64,
                              help="sequence length of inputs and outputs (default: %(default)s)")
    train_parser.add_argument("--embedding-size", type=int, default=32,
                              help="character embedding size (default: %(default)s)")
    train_parser.add_argument("--rnn-size", type=int, default=128,
                              help="size of rnn cell (default: %(default)s)")
    train_parser.add_argument("--num-layers", type=int, default=2,
                              help="number of rnn layers (default: %(default)s)")
    train_parser.add_argument("--drop-rate", type=float, default=0.,
                              help="dropout rate for rnn layers (default: %(default)s)")
    train_parser.add_argument("--learning-rate", type=float, default=0.001,
                              help="learning rate (default: %(default)s)")
    train_parser.add_argument("--clip-norm", type=float, default=5.,
                              help="max norm to clip gradient (default: %(default)s)")
    train_parser.add_argument("--batch-size", type=int, default=64,
                              help="training batch size (default: %(default)s)")
    train_parser.add_argument("--num-epochs", type=int, default=32,
                              help="number of epochs for training (default: %(default)s)")
    train_parser.add_argument("--log-path", default="main.log",
                              help="path of log file (default: %(default)s)")
    train_parser.set_defaults(main=train_main)

    # generate args
    generate_parser = subparsers.add_parser("generate", help="generate text from trained model")
    generate_parser.add_argument("--checkpoint-path", required=True,
                                 help="path to load model checkpoints (required)")
    group = generate_parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--text-path", help="path of text file to generate seed")
    group.add_argument("--seed", default=None, help="seed character sequence")
    generate_parser.add_argument("--length", type=int, default=1024,
                                 help="length of character sequence to generate (default: %(default)s)")
    generate_parser.add_argument("--top-n", type=int, default=3,
                                 help="number of top choices to sample (default: %(default)s)")
    generate_parser.add_argument("--log-path", default="main.log",
                                 help="path of log file (default: %(default)s)")
    generate_parser.set_defaults(main=generate_main)

    args = arg_parser.parse_args(argv)
    logger.add(args.log_path, rotation="1 MB", retention=1, level="DEBUG")
    logger.debug("call: {}", " ".join(sys.argv))
    logger.debug("ArgumentParser: {}", args)

    try:
        args.main(args)
    except Exception as e:
        logger.exception("Unhandled exception")
        raise


def build_model(batch_size, seq_len, vocab_size=VOCAB_SIZE, embedding_size=32,
                rnn_size=128, num_layers=2, drop_rate=0.0,
                learning_rate=0.001, clip_norm=5.0):
    """
    build character embeddings LSTM text generation model.
    """
    logger.info("building model: batch_size={}, seq_len={}, vocab_size={}, "
                "embedding_size={}, rnn_size={}, num_layers={}, drop_rate={}, "
                "learning_rate={}, clip_norm={}.",
                batch_size, seq_len, vocab_size, embedding_size,
                rnn_size, num_layers, drop_rate,
                learning_rate, clip_norm)
    model = Sequential()
    # input shape: (batch_size, seq_len)
    model.add(keras.layers.Input(batch_shape=(batch_size, seq_len)))
    model.add(Embedding(vocab_size, embedding_size))
    model.add(Dropout(drop_rate))
    # shape: (batch_size, seq_len, embedding_size)
    for _ in range(num_layers):
        model.add(LSTM(rnn_size, return_sequences=True, stateful=True))
        model.add(Dropout(drop_rate))
    # shape: (batch_size, seq_len, rnn_size)
    model.add(TimeDistributed(Dense(vocab_size, activation="softmax")))
    # output shape: (batch_size, seq_len, vocab_size)
    optimizer = keras.optimizers.SGD(learning_rate, clipnorm=clip_norm)
    model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer)
    return model


def build_inference_model(model, batch_size=1, seq_len=1):
    """
    build inference model from model config
    input shape modified to (1, 1)
    """
    logger.info("building inference model.")
    config = model.get_config()
    if "layers" in config:
        for layer in config["layers"]:
            if "config" in layer:
                if "batch_input_shape" in layer["config"]:
                    layer["config"]["batch_input_shape"] = (batch_size, seq_len)
                if "batch_shape" in layer["config"]:
                    layer["config"]["batch_shape"] = (batch_size, seq_len)

            if "build_config" in layer and "input_shape" in layer["build_config"]:
                input_shape = list(layer["build_config"]["input_shape"])
                if len(input_shape) > 0:
                    input_shape[0] = batch_size
                layer["build_config"]["input_shape"] = tuple(input_shape)

    if "build_input_shape" in config:
        config["build_input_shape"] = (batch_size, seq_len)

    inference_model = Sequential.from_config(config)
    inference_model.trainable = False
    return inference_model


def reset_model_states(model):
    """
    resets states of rnn layers in model.
    """
    layers = model.layers
    for layer in layers:
        if hasattr(layer, "reset_states"):
            layer.reset_states()


def generate_text(model, seed, length=24, top_n=10):
    """
    generates text of specified length from trained model
    with given seed character sequence.
    """
    logger.info("generating {} characters from top {} choices.", length, top_n)
    logger.info('generating with seed: "{}".', seed)
    generated = seed
    encoded = encode_text(seed)
    reset_model_states(model)

    for idx in encoded[:-1]:
        x = np.array([[idx]])
        # input shape: (1, 1)
        # set internal states
        model.predict(x, verbose=0)

    next_index = encoded[-1]
    for i in range(length):
        x = np.array([[next_index]])
        # input shape: (1, 1)
        probs = model.predict(x, verbose=0)
        # output shape: (1, 1, vocab_size)
        next_index = sample_from_probs(probs.squeeze(), top_n)
        # append to sequence
        generated += ID2CHAR[next_index]

    logger.info("generated text: \n{}\n", generated)
    return generated


class LoggerCallback(Callback):
    """
    callback to log information.
    generates text at the end of each epoch.
    """
    def __init__(self, text, model):
        super(LoggerCallback, self).__init__()
        self.text = text
        self.text_model = model
        self.inference_model = None
        self.time_train = self.time_epoch = time.time()

    def on_epoch_begin(self, epoch, logs=None):
        self.time_epoch = time.time()

    def on_epoch_end(self, epoch, logs=None):
        duration_epoch = time.time() - self.time_epoch
        logger.info("epoch: {}, duration: {}s, loss: {:.6g}.",
                    epoch, duration_epoch, logs["loss"])

        if self.inference_model is None:
            self.inference_model = build_inference_model(self.text_model)
            random.seed(0)  # added: building the model drew from Python's random in Keras 3 (see the header)

        # transfer weights from learning model
        self.inference_model.set_weights(self.model.get_weights())

        # generate text
        seed = generate_seed(self.text)
        generate_text(self.inference_model, seed)

    def on_train_begin(self, logs=None):
        logger.info("start of training.")
        self.time_train = time.time()

    def on_train_end(self, logs=None):
        duration_train = time.time() - self.time_train
        logger.info("end of training, duration: {}s.", duration_train)

        if self.inference_model is None:
            self.inference_model = build_inference_model(self.text_model)
            random.seed(0)  # added: building the model drew from Python's random in Keras 3 (see the header)

        # transfer weights from learning model
        self.inference_model.set_weights(self.model.get_weights())

        # generate text
        seed = generate_seed(self.text)
        generate_text(self.inference_model, seed, 32, 3)


def train_main(args):
    """
    trains model specified in args.
    main method for train subcommand.
    """
    # load text
    with open(args.text_path) as f:
        text = f.read()
    logger.info("corpus length: {}.", len(text))

    # load or build model
    if args.restore:
        load_path = args.checkpoint_path if args.restore is True else args.restore
        model = load_model(load_path)
        logger.info("model restored: {}.", load_path)
    else:
        model = build_model(batch_size=args.batch_size,
                            seq_len=args.seq_len,
                            vocab_size=VOCAB_SIZE,
                            embedding_size=args.embedding_size,
                            rnn_size=args.rnn_size,
                            num_layers=args.num_layers,
                            drop_rate=args.drop_rate,
                            learning_rate=args.learning_rate,
                            clip_norm=args.clip_norm)
    random.seed(0)  # added: building the model drew from Python's random in Keras 3 (see the header)

    # make and clear checkpoint directory
    log_dir = make_dirs(args.checkpoint_path, empty=True)
    model.save(args.checkpoint_path)
    logger.info("model saved: {}.", args.checkpoint_path)
    # callbacks
    callbacks = [
        ModelCheckpoint(args.checkpoint_path, verbose=1, save_best_only=False),
        LoggerCallback(text, model)
    ]

    # training start
    num_batches = (len(text) - 1) // (args.batch_size * args.seq_len)
    reset_model_states(model)

    # In Keras 3, fit can take a generator directly
    model.fit(batch_generator(encode_text(text), args.batch_size, args.seq_len, one_hot_labels=False),
              steps_per_epoch=num_batches, epochs=args.num_epochs, callbacks=callbacks)
    return model


def generate_main(args):
    """
    generates text from trained model specified in args.
    main method for generate subcommand.
    """
    # load learning model for config and weights
    model = load_model(args.checkpoint_path)
    # build inference model and transfer weights
    inference_model = build_inference_model(model)
    inference_model.set_weights(model.get_weights())
    random.seed(0)  # added: loading and building the models drew from Python's random in Keras 3 (see the header)
    logger.info("model loaded: {}.", args.checkpoint_path)

    # create seed if not specified
    if args.seed is None:
        with open(args.text_path) as f:
            text = f.read()
        seed = generate_seed(text)
        logger.info("seed sequence generated from {}.", args.text_path)
    else:
        seed = args.seed

    return generate_text(inference_model, seed, args.length, args.top_n)


if __name__ == "__main__":
    # scripts.sh: train, then generate
    main("Keras", train_main, generate_main,
         ["train", "--checkpoint-path=checkpoints/keras_tinyshakespeare/model.keras",
          "--text-path=data/tinyshakespeare.txt",
          "--seq-len=16", "--embedding-size=8", "--rnn-size=16", "--batch-size=4", "--num-epochs=2"])
    main("Keras", train_main, generate_main,
         ["generate", "--checkpoint-path=checkpoints/keras_tinyshakespeare/model.keras",
          "--text-path=data/tinyshakespeare.txt", "--length=32"])
