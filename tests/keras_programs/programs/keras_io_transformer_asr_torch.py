# source: keras-team/keras-io examples/audio/transformer_asr.py ("Automatic Speech Recognition with Transformer", Apoorv Nandan; the Keras 3 version: `import keras`, `from keras import layers`, KERAS_BACKEND set to "tensorflow"; the text as in the fork Xcoke919/keras-io, whose stored copy is the one at hand)
# commit: 67e2c7062095bcae4746153831a1ac547abb9b42
# keras: keras
# backend: torch
# exercises: a TokenEmbedding Layer (Embedding of the tokens plus an Embedding of positions 0..L-1 from the run-time length); a SpeechFeatureEmbedding Layer of three Conv1D(num_hid, 11, strides=2, padding="same", activation="relu"); a TransformerEncoder Layer (MultiHeadAttention(num_heads=, key_dim=) self-attention, keras.Sequential feed-forward, two LayerNormalization(epsilon=1e-6), Dropout called with training=); a TransformerDecoder Layer called as (enc_out, target) with a causal mask (arange, broadcast comparison, cast to "bool", reshape, concatenate with the run-time batch size, tile) for its self-attention and cross-attention on the encoder output; a subclassed keras.Model (Transformer) holding a keras.Sequential encoder made of the SpeechFeatureEmbedding and the encoder layers, decoder layers set by setattr(self, f"dec_layer_{i}", ...) and read by getattr, a Dense classifier, call(inputs) on [source, target]; its own keras.metrics.Mean(name="loss") tracker behind a metrics property; train_step / test_step on dict batches {"source", "target"}: target shifted into decoder input and decoder target, one-hot targets, a padding mask from dec_target != 0 given to model.compute_loss(None, one_hot, preds, sample_weight=mask) (the global `model`); CategoricalCrossentropy(from_logits=True, label_smoothing=0.1); a LearningRateSchedule subclass (CustomSchedule: linear warm-up then linear decay by epoch = step // steps_per_epoch, maximum / minimum) given to keras.optimizers.Adam; a DisplayOutputs Callback calling the model's own greedy generate() (argmax, expand_dims, concatenate, a loop of decode + classifier) at epoch ends and printing the decoded characters; a character vectorizer class (VectorizeChar) with "<" and ">" start/end tokens and 0 padding; fit(ds, validation_data=val_ds, callbacks=[display_cb], epochs) with len(ds) as steps_per_epoch
# reduced: written for Keras's torch backend (`# backend: torch`, KERAS_BACKEND "torch"): the example's train_step uses tf.GradientTape, which has no counterpart but the torch backend's (keras.io's "Customizing what happens in fit() with PyTorch": self.zero_grad(), loss.backward(), [v.value.grad for v in trainable_vars], self.optimizer.apply(gradients, trainable_vars) under torch.no_grad()), and `import tensorflow as tf` -> `import torch` with its other tf.* calls -> keras.ops (tf.shape -> ops.shape, tf.range -> ops.arange, tf.cast / reshape / concat / expand_dims / tile -> ops.cast / reshape / concatenate / expand_dims / tile, tf.constant([1, 1], dtype=tf.int32) -> ops.convert_to_tensor([1, 1], dtype="int32"), tf.bool -> "bool", tf.one_hot -> ops.one_hot, tf.math.logical_not / equal -> ops.logical_not / equal, tf.ones -> ops.ones, tf.argmax(output_type=tf.int32) -> ops.cast(ops.argmax(...), "int32"), tf.math.maximum / minimum -> ops.maximum / minimum), DisplayOutputs' .numpy() -> ops.convert_to_numpy; the LJSpeech download, its wav files and their STFT spectrograms (tf.io / tf.audio / tf.signal) replaced by made-up data (numpy RandomState(0)): 24 transcripts of 3 to 9 characters from lowercase letters, space and punctuation with standardized random "spectrograms" of 24 frames x 16 features, 20 for training and 4 for validation; create_tf_dataset's tf.data pipeline (zip, map to {"source", "target"}, batch, prefetch) -> a keras.utils.PyDataset giving the same dict batches (len(ds) and next(iter(val_ds)) as on the dataset), and fit given shuffle=False, as fit leaves a tf.data pipeline's order (a PyDataset's batches it shuffles with Python's random, whose state Keras's layer constructors move and statefulrnn's do not: README, "Where we differ"); max_target_len 200 -> 12, num_hid 200 -> 8, num_feed_forward 400 -> 16, num_layers_enc 4 -> 2, batch size 64 -> 8, epochs 1 -> 2; the Dropout rates (0.1 and the decoder's 0.5) -> 0.0 (random masks cannot match); the model called once on the first training batch before compile (Keras builds it inside fit), so that its weights exist when compile hands both runs Keras's starting weights; after compile, one model.compute_loss on the first batch (which builds the compiled loss): Keras 3.15.1's fit otherwise builds the model and its loss symbolically by calling it on the whole dict batch, and the example's call(inputs) reads inputs[0] ("RuntimeError: Unable to automatically build the model"), on either backend; the example's prose strings left out
import os

os.environ["KERAS_BACKEND"] = "torch"

from glob import glob
import numpy as np
import torch
import keras
from keras import layers
from keras import ops


class TokenEmbedding(layers.Layer):
    def __init__(self, num_vocab=1000, maxlen=100, num_hid=64):
        super().__init__()
        self.emb = keras.layers.Embedding(num_vocab, num_hid)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=num_hid)

    def call(self, x):
        maxlen = ops.shape(x)[-1]
        x = self.emb(x)
        positions = ops.arange(0, maxlen, 1)
        positions = self.pos_emb(positions)
        return x + positions


class SpeechFeatureEmbedding(layers.Layer):
    def __init__(self, num_hid=64, maxlen=100):
        super().__init__()
        self.conv1 = keras.layers.Conv1D(
            num_hid, 11, strides=2, padding="same", activation="relu"
        )
        self.conv2 = keras.layers.Conv1D(
            num_hid, 11, strides=2, padding="same", activation="relu"
        )
        self.conv3 = keras.layers.Conv1D(
            num_hid, 11, strides=2, padding="same", activation="relu"
        )

    def call(self, x):
        x = self.conv1(x)
        x = self.conv2(x)
        return self.conv3(x)


class TransformerEncoder(layers.Layer):
    def __init__(self, embed_dim, num_heads, feed_forward_dim, rate=0.0):
        super().__init__()
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential(
            [
                layers.Dense(feed_forward_dim, activation="relu"),
                layers.Dense(embed_dim),
            ]
        )
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs, training=False):
        attn_output = self.att(inputs, inputs)
        attn_output = self.dropout1(attn_output, training=training)
        out1 = self.layernorm1(inputs + attn_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output, training=training)
        return self.layernorm2(out1 + ffn_output)


class TransformerDecoder(layers.Layer):
    def __init__(self, embed_dim, num_heads, feed_forward_dim, dropout_rate=0.0):
        super().__init__()
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm3 = layers.LayerNormalization(epsilon=1e-6)
        self.self_att = layers.MultiHeadAttention(
            num_heads=num_heads, key_dim=embed_dim
        )
        self.enc_att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.self_dropout = layers.Dropout(0.0)
        self.enc_dropout = layers.Dropout(0.0)
        self.ffn_dropout = layers.Dropout(0.0)
        self.ffn = keras.Sequential(
            [
                layers.Dense(feed_forward_dim, activation="relu"),
                layers.Dense(embed_dim),
            ]
        )

    def causal_attention_mask(self, batch_size, n_dest, n_src, dtype):
        """Masks the upper half of the dot product matrix in self attention.

        This prevents flow of information from future tokens to current token.
        1's in the lower triangle, counting from the lower right corner.
        """
        i = ops.arange(n_dest)[:, None]
        j = ops.arange(n_src)
        m = i >= j - n_src + n_dest
        mask = ops.cast(m, dtype)
        mask = ops.reshape(mask, [1, n_dest, n_src])
        mult = ops.concatenate(
            [ops.expand_dims(batch_size, -1), ops.convert_to_tensor([1, 1], dtype="int32")], 0
        )
        return ops.tile(mask, mult)

    def call(self, enc_out, target):
        input_shape = ops.shape(target)
        batch_size = input_shape[0]
        seq_len = input_shape[1]
        causal_mask = self.causal_attention_mask(batch_size, seq_len, seq_len, "bool")
        target_att = self.self_att(target, target, attention_mask=causal_mask)
        target_norm = self.layernorm1(target + self.self_dropout(target_att))
        enc_out = self.enc_att(target_norm, enc_out)
        enc_out_norm = self.layernorm2(self.enc_dropout(enc_out) + target_norm)
        ffn_out = self.ffn(enc_out_norm)
        ffn_out_norm = self.layernorm3(enc_out_norm + self.ffn_dropout(ffn_out))
        return ffn_out_norm


class Transformer(keras.Model):
    def __init__(
        self,
        num_hid=64,
        num_head=2,
        num_feed_forward=128,
        source_maxlen=100,
        target_maxlen=100,
        num_layers_enc=4,
        num_layers_dec=1,
        num_classes=10,
    ):
        super().__init__()
        self.loss_metric = keras.metrics.Mean(name="loss")
        self.num_layers_enc = num_layers_enc
        self.num_layers_dec = num_layers_dec
        self.target_maxlen = target_maxlen
        self.num_classes = num_classes

        self.enc_input = SpeechFeatureEmbedding(num_hid=num_hid, maxlen=source_maxlen)
        self.dec_input = TokenEmbedding(
            num_vocab=num_classes, maxlen=target_maxlen, num_hid=num_hid
        )

        self.encoder = keras.Sequential(
            [self.enc_input]
            + [
                TransformerEncoder(num_hid, num_head, num_feed_forward)
                for _ in range(num_layers_enc)
            ]
        )

        for i in range(num_layers_dec):
            setattr(
                self,
                f"dec_layer_{i}",
                TransformerDecoder(num_hid, num_head, num_feed_forward),
            )

        self.classifier = layers.Dense(num_classes)

    def decode(self, enc_out, target):
        y = self.dec_input(target)
        for i in range(self.num_layers_dec):
            y = getattr(self, f"dec_layer_{i}")(enc_out, y)
        return y

    def call(self, inputs):
        source = inputs[0]
        target = inputs[1]
        x = self.encoder(source)
        y = self.decode(x, target)
        return self.classifier(y)

    @property
    def metrics(self):
        return [self.loss_metric]

    def train_step(self, batch):
        """Processes one batch inside model.fit()."""
        source = batch["source"]
        target = batch["target"]
        dec_input = target[:, :-1]
        dec_target = target[:, 1:]
        self.zero_grad()
        preds = self([source, dec_input])
        one_hot = ops.one_hot(dec_target, self.num_classes)
        mask = ops.logical_not(ops.equal(dec_target, 0))
        loss = model.compute_loss(None, one_hot, preds, sample_weight=mask)
        loss.backward()
        trainable_vars = self.trainable_variables
        gradients = [v.value.grad for v in trainable_vars]
        with torch.no_grad():
            self.optimizer.apply(gradients, trainable_vars)
        self.loss_metric.update_state(loss)
        return {"loss": self.loss_metric.result()}

    def test_step(self, batch):
        source = batch["source"]
        target = batch["target"]
        dec_input = target[:, :-1]
        dec_target = target[:, 1:]
        preds = self([source, dec_input])
        one_hot = ops.one_hot(dec_target, self.num_classes)
        mask = ops.logical_not(ops.equal(dec_target, 0))
        loss = model.compute_loss(None, one_hot, preds, sample_weight=mask)
        self.loss_metric.update_state(loss)
        return {"loss": self.loss_metric.result()}

    def generate(self, source, target_start_token_idx):
        """Performs inference over one batch of inputs using greedy decoding."""
        bs = ops.shape(source)[0]
        enc = self.encoder(source)
        dec_input = ops.ones((bs, 1), dtype="int32") * target_start_token_idx
        dec_logits = []
        for i in range(self.target_maxlen - 1):
            dec_out = self.decode(enc, dec_input)
            logits = self.classifier(dec_out)
            logits = ops.cast(ops.argmax(logits, axis=-1), "int32")
            last_logit = ops.expand_dims(logits[:, -1], axis=-1)
            dec_logits.append(last_logit)
            dec_input = ops.concatenate([dec_input, last_logit], axis=-1)
        return dec_input


_rng = np.random.RandomState(0)
_chars = "abcdefghijklmnopqrstuvwxyz  .,?"
data = []
for _i in range(24):
    _text = "".join(_rng.choice(list(_chars), _rng.randint(3, 10))).strip() or "a"
    _x = _rng.randn(24, 16).astype("float32")
    data.append({"audio": (_x - _x.mean(0, keepdims=True)) / _x.std(0, keepdims=True), "text": _text})


class VectorizeChar:
    def __init__(self, max_len=50):
        self.vocab = (
            ["-", "#", "<", ">"]
            + [chr(i + 96) for i in range(1, 27)]
            + [" ", ".", ",", "?"]
        )
        self.max_len = max_len
        self.char_to_idx = {}
        for i, ch in enumerate(self.vocab):
            self.char_to_idx[ch] = i

    def __call__(self, text):
        text = text.lower()
        text = text[: self.max_len - 2]
        text = "<" + text + ">"
        pad_len = self.max_len - len(text)
        return [self.char_to_idx.get(ch, 1) for ch in text] + [0] * pad_len

    def get_vocabulary(self):
        return self.vocab


max_target_len = 12  # all transcripts in out data are < 200 characters
vectorizer = VectorizeChar(max_target_len)
print("vocab size", len(vectorizer.get_vocabulary()))


class _Batches(keras.utils.PyDataset):
    # Stands in for create_tf_dataset's pipeline: dict batches {"source", "target"}.
    def __init__(self, data, bs):
        super().__init__()
        self.source = np.stack([_["audio"] for _ in data])
        self.target = np.array([vectorizer(_["text"]) for _ in data], dtype="int32")
        self.bs = bs

    def __len__(self):
        return -(-len(self.source) // self.bs)

    def __getitem__(self, i):
        if i >= len(self):
            raise IndexError(i)
        part = slice(i * self.bs, (i + 1) * self.bs)
        return {"source": self.source[part], "target": self.target[part]}


def create_tf_dataset(data, bs=4):
    return _Batches(data, bs)


split = 20
train_data = data[:split]
test_data = data[split:]
ds = create_tf_dataset(train_data, bs=8)
val_ds = create_tf_dataset(test_data, bs=4)


class DisplayOutputs(keras.callbacks.Callback):
    def __init__(
        self, batch, idx_to_token, target_start_token_idx=27, target_end_token_idx=28
    ):
        """Displays a batch of outputs after every epoch

        Args:
            batch: A test batch containing the keys "source" and "target"
            idx_to_token: A List containing the vocabulary tokens corresponding to their indices
            target_start_token_idx: A start token index in the target vocabulary
            target_end_token_idx: An end token index in the target vocabulary
        """
        self.batch = batch
        self.target_start_token_idx = target_start_token_idx
        self.target_end_token_idx = target_end_token_idx
        self.idx_to_char = idx_to_token

    def on_epoch_end(self, epoch, logs=None):
        if epoch % 5 != 0:
            return
        source = self.batch["source"]
        target = ops.convert_to_numpy(self.batch["target"])
        bs = ops.shape(source)[0]
        preds = self.model.generate(source, self.target_start_token_idx)
        preds = ops.convert_to_numpy(preds)
        for i in range(bs):
            target_text = "".join([self.idx_to_char[_] for _ in target[i, :]])
            prediction = ""
            for idx in preds[i, :]:
                prediction += self.idx_to_char[idx]
                if idx == self.target_end_token_idx:
                    break
            print(f"target:     {target_text.replace('-','')}")
            print(f"prediction: {prediction}\n")


class CustomSchedule(keras.optimizers.schedules.LearningRateSchedule):
    def __init__(
        self,
        init_lr=0.00001,
        lr_after_warmup=0.001,
        final_lr=0.00001,
        warmup_epochs=15,
        decay_epochs=85,
        steps_per_epoch=203,
    ):
        super().__init__()
        self.init_lr = init_lr
        self.lr_after_warmup = lr_after_warmup
        self.final_lr = final_lr
        self.warmup_epochs = warmup_epochs
        self.decay_epochs = decay_epochs
        self.steps_per_epoch = steps_per_epoch

    def calculate_lr(self, epoch):
        """linear warm up - linear decay"""
        warmup_lr = (
            self.init_lr
            + ((self.lr_after_warmup - self.init_lr) / (self.warmup_epochs - 1)) * epoch
        )
        decay_lr = ops.maximum(
            self.final_lr,
            self.lr_after_warmup
            - (epoch - self.warmup_epochs)
            * (self.lr_after_warmup - self.final_lr)
            / self.decay_epochs,
        )
        return ops.minimum(warmup_lr, decay_lr)

    def __call__(self, step):
        epoch = step // self.steps_per_epoch
        epoch = ops.cast(epoch, "float32")
        return self.calculate_lr(epoch)


batch = next(iter(val_ds))

# The vocabulary to convert predicted indices into characters
idx_to_char = vectorizer.get_vocabulary()
display_cb = DisplayOutputs(
    batch, idx_to_char, target_start_token_idx=2, target_end_token_idx=3
)  # set the arguments as per vocabulary index for '<' and '>'

model = Transformer(
    num_hid=8,
    num_head=2,
    num_feed_forward=16,
    target_maxlen=max_target_len,
    num_layers_enc=2,
    num_layers_dec=1,
    num_classes=34,
)
model([ds[0]["source"], ds[0]["target"][:, :-1]])  # builds the model before compile
loss_fn = keras.losses.CategoricalCrossentropy(
    from_logits=True,
    label_smoothing=0.1,
)

learning_rate = CustomSchedule(
    init_lr=0.00001,
    lr_after_warmup=0.001,
    final_lr=0.00001,
    warmup_epochs=15,
    decay_epochs=85,
    steps_per_epoch=len(ds),
)
optimizer = keras.optimizers.Adam(learning_rate)
model.compile(optimizer=optimizer, loss=loss_fn)
# builds the compiled loss (else fit's symbolic build calls the model on the dict batch)
model.compute_loss(None, ops.one_hot(ds[0]["target"][:, 1:], 34), model([ds[0]["source"], ds[0]["target"][:, :-1]]))

history = model.fit(ds, validation_data=val_ds, callbacks=[display_cb], epochs=2, shuffle=False)
