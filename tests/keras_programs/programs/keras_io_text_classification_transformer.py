# source: keras-team/keras-io examples/nlp/text_classification_with_transformer.py ("Text classification with Transformer", Apoorv Nandan; converted to Keras 3 by Sitam Meur: `import keras`, `from keras import ops`, `from keras import layers`, last modified 2024/01/18)
# commit: 1909c6710cd3f5af6401f1176dcee9e26781b4f3
# keras: keras
# exercises: a TransformerBlock Layer holding layers.MultiHeadAttention(num_heads=, key_dim=) called as self-attention att(inputs, inputs), a keras.Sequential feed-forward of two Dense layers built inside the layer's first call, two LayerNormalization(epsilon=1e-6) and two Dropout, residual adds; a TokenAndPositionEmbedding Layer with two Embedding layers, ops.shape(x)[-1] and ops.arange(start=0, stop=maxlen, step=1) embedded and broadcast-added to the token embeddings; keras.utils.pad_sequences(maxlen=); layers.Input(shape=(maxlen,)) (float inputs fed to Embedding), GlobalAveragePooling1D, Dropout, Dense relu and a 2-way softmax; compile with "adam", "sparse_categorical_crossentropy" and ["accuracy"]; fit(batch_size=32, epochs=2, validation_data=(x_val, y_val)) into history
# reduced: keras.datasets.imdb.load_data (a download) is replaced by seeded numpy lists of word ids: 32 training and 16 validation reviews of exactly maxlen words (so pad_sequences pads nothing), each set's ids drawn without repeats (np.random.permutation(vocab_size)[:N*maxlen]), and 0/1 labels: Keras 3 on TensorFlow hands Adam an Embedding's gradient as IndexedSlices, whose repeated ids statefulrnn (as Keras on JAX or torch) sums first; vocab_size 1000 instead of 20000 and maxlen 10 instead of 200, so each epoch is one batch of 32 and fit's shuffling cannot change the result; the Dropout rates are 0.0 instead of 0.1 (TransformerBlock's rate default and the two head Dropouts: random masks cannot match); the example's prose strings are left out, its code comments kept
import numpy as np
import keras
from keras import ops
from keras import layers


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.0):
        super().__init__()
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential(
            [
                layers.Dense(ff_dim, activation="relu"),
                layers.Dense(embed_dim),
            ]
        )
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs):
        attn_output = self.att(inputs, inputs)
        attn_output = self.dropout1(attn_output)
        out1 = self.layernorm1(inputs + attn_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output)
        return self.layernorm2(out1 + ffn_output)


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = ops.shape(x)[-1]
        positions = ops.arange(start=0, stop=maxlen, step=1)
        positions = self.pos_emb(positions)
        x = self.token_emb(x)
        return x + positions


vocab_size = 1000  # Only consider the top 20k words
maxlen = 10  # Only consider the first 200 words of each movie review
rng = np.random.RandomState(3)
x_train = [list(row) for row in rng.permutation(vocab_size)[: 32 * maxlen].reshape(32, maxlen)]
x_val = [list(row) for row in rng.permutation(vocab_size)[: 16 * maxlen].reshape(16, maxlen)]
y_train = rng.randint(0, 2, size=(32,))
y_val = rng.randint(0, 2, size=(16,))
print(len(x_train), "Training sequences")
print(len(x_val), "Validation sequences")
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_val = keras.utils.pad_sequences(x_val, maxlen=maxlen)


embed_dim = 32  # Embedding size for each token
num_heads = 2  # Number of attention heads
ff_dim = 32  # Hidden layer size in feed forward network inside transformer

inputs = layers.Input(shape=(maxlen,))
embedding_layer = TokenAndPositionEmbedding(maxlen, vocab_size, embed_dim)
x = embedding_layer(inputs)
transformer_block = TransformerBlock(embed_dim, num_heads, ff_dim)
x = transformer_block(x)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.0)(x)
x = layers.Dense(20, activation="relu")(x)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(2, activation="softmax")(x)

model = keras.Model(inputs=inputs, outputs=outputs)


model.compile(
    optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
)
history = model.fit(
    x_train, y_train, batch_size=32, epochs=2, validation_data=(x_val, y_val)
)
