# source: ageron/handson-ml3 16_nlp_with_rnns_and_attention.ipynb (A. Géron, "Hands-On Machine Learning", 3rd ed., chapter 16, second half: the encoder-decoder for English-to-Spanish translation, its bidirectional encoder, beam search and Luong attention; code cells in order)
# commit: e3f3f9e66d58cfa1d068a498433063a1d3fba9ef
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*; two TextVectorization(vocab_size, output_sequence_length=max_length) adapt()ed on a tuple of sentences and on a list of f-strings, get_vocabulary()[:10], one called directly on a list of strings for the targets; two tf.keras.layers.Input(shape=[], dtype=tf.string) through the TextVectorization layers inside the model; Embedding(vocab_size, embed_size, mask_zero=True); LSTM(return_state=True) unpacked as `encoder_outputs, *encoder_state = encoder(...)`; decoder LSTM(return_sequences=True) called with initial_state=encoder_state; Dense(vocab_size, softmax); tf.keras.Model(inputs=[...], outputs=[...]); compile("sparse_categorical_crossentropy", metrics=["accuracy"]); fit((X_train, X_train_dec), Y_train, validation_data=((X_valid, X_valid_dec), Y_valid)) with unicode numpy arrays of sentences; translate(): a greedy loop of model.predict((np.array([sentence]), np.array(["startofseq " + translation])))[0, word_idx] and get_vocabulary()[np.argmax(...)]; Bidirectional(LSTM(return_state=True)) with its four states concatenated pairwise (Concatenate) as the decoder's initial state; beam_search() over predict's probabilities; Bidirectional(LSTM(return_sequences=True, return_state=True)) + tf.keras.layers.Attention()([decoder_outputs, encoder_outputs]) with the masks of both Embeddings
# reduced: the spa-eng.zip download (get_file) replaced by make_spa_eng(), 40 made-up English/Spanish pairs (seeded; subject, verb, object, adverb from small word lists; some questions with ¿...? and exclamations with ¡...!, accented words) in the file's "en\tes" line format, kept through the notebook's own replace/split/np.random.seed(42)/np.random.shuffle; X_train/X_valid split 100_000 -> 32 (one batch of fit's default 32, so fit's shuffling of the rows cannot change the result) and the remaining 8 for validation; tf.constant(sentences) -> np.array(sentences) (unicode arrays; statefulrnn is not TensorFlow); vocab_size 1000 -> 50 (both vocabularies are full, as the notebook's, so every output id has a word), max_length 50 -> 8, embed_size 128 -> 8, LSTM 512 -> 16 and the bidirectional LSTMs 256 -> 8, epochs 10 -> 2; optimizer="nadam" -> "adam" in every compile (tf-keras 2.21's Nadam keeps its running product of momentum factors with a Python counter that its tf.cond bumps while tracing, so its steps differ from Keras 3's Nadam, which statefulrnn follows: README, "Where we differ from Keras"); tf.concat(encoder_state[::2], axis=-1) on KerasTensors -> tf.keras.layers.Concatenate(axis=-1)(encoder_state[::2]) (and [1::2]); beam_search's tf.math.top_k(y_proba, k=beam_width) -> np.argsort(-y_proba, kind="stable")[:beam_width] (top_k.values / top_k.indices -> y_proba[top_k_indices] / top_k_indices); the Transformer section (tf.shape, tf.range, tf.linalg.band_part, tf.newaxis on KerasTensors), Hugging Face and the exercises left out; the setup/GPU-check cells dropped; displayed expressions printed
import numpy as np
import tensorflow as tf


def make_spa_eng(n, seed=16):
    # Stands in for spa.txt: made-up English/Spanish pairs, one "en\tes" per line.
    rng = np.random.RandomState(seed)
    subjects = [("I", "yo"), ("You", "tú"), ("He", "él"), ("She", "ella"), ("We", "nosotros"),
                ("They", "ellos"), ("My brother", "mi hermano"), ("The teacher", "el profesor"),
                ("My friends", "mis amigos"), ("Ana", "Ana")]
    verbs = [("eat", "come"), ("see", "ve"), ("want", "quiere"), ("have", "tiene"), ("read", "lee"),
             ("buy", "compra"), ("love", "ama"), ("need", "necesita"), ("like", "gusta"), ("find", "encuentra"),
             ("sell", "vende"), ("open", "abre")]
    objects = [("the ball", "la pelota"), ("an apple", "una manzana"), ("the book", "el libro"),
               ("soccer", "el fútbol"), ("the beach", "la playa"), ("bread", "pan"), ("a car", "un coche"),
               ("the house", "la casa"), ("coffee", "café"), ("the dog", "el perro"), ("the cat", "el gato"),
               ("water", "agua"), ("music", "música"), ("the door", "la puerta"), ("a letter", "una carta")]
    adverbs = [("today", "hoy"), ("tomorrow", "mañana"), ("every day", "cada día"), ("at night", "por la noche"),
               ("now", "ahora"), ("also", "también"), ("", "")]
    lines = []
    for _ in range(n):
        (se, ss), (ve, vs), (oe, os_), (ae, as_) = (l[rng.randint(len(l))] for l in (subjects, verbs, objects, adverbs))
        en, es = f"{se} {ve} {oe} {ae}".strip(), f"{ss} {vs} {os_} {as_}".strip()
        if rng.rand() < 0.3:
            lines.append(f"Does {en.lower()}?\t¿{es.capitalize()}?")
        elif rng.rand() < 0.3:
            lines.append(f"{en}!\t¡{es.capitalize()}!")
        else:
            lines.append(f"{en}.\t{es.capitalize()}.")
    return "\n".join(lines) + "\n"


text = make_spa_eng(40)

text = text.replace("¡", "").replace("¿", "")
pairs = [line.split("\t") for line in text.splitlines()]
np.random.seed(42)  # extra code – ensures reproducibility on CPU
np.random.shuffle(pairs)
sentences_en, sentences_es = zip(*pairs)  # separates the pairs into 2 lists

for i in range(3):
    print(sentences_en[i], "=>", sentences_es[i])

vocab_size = 50
max_length = 8
text_vec_layer_en = tf.keras.layers.TextVectorization(
    vocab_size, output_sequence_length=max_length)
text_vec_layer_es = tf.keras.layers.TextVectorization(
    vocab_size, output_sequence_length=max_length)
text_vec_layer_en.adapt(sentences_en)
text_vec_layer_es.adapt([f"startofseq {s} endofseq" for s in sentences_es])

print(text_vec_layer_en.get_vocabulary()[:10])

print(text_vec_layer_es.get_vocabulary()[:10])

X_train = np.array(sentences_en[:32])
X_valid = np.array(sentences_en[32:])
X_train_dec = np.array([f"startofseq {s}" for s in sentences_es[:32]])
X_valid_dec = np.array([f"startofseq {s}" for s in sentences_es[32:]])
Y_train = text_vec_layer_es([f"{s} endofseq" for s in sentences_es[:32]])
Y_valid = text_vec_layer_es([f"{s} endofseq" for s in sentences_es[32:]])

tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU
encoder_inputs = tf.keras.layers.Input(shape=[], dtype=tf.string)
decoder_inputs = tf.keras.layers.Input(shape=[], dtype=tf.string)

embed_size = 8
encoder_input_ids = text_vec_layer_en(encoder_inputs)
decoder_input_ids = text_vec_layer_es(decoder_inputs)
encoder_embedding_layer = tf.keras.layers.Embedding(vocab_size, embed_size,
                                                    mask_zero=True)
decoder_embedding_layer = tf.keras.layers.Embedding(vocab_size, embed_size,
                                                    mask_zero=True)
encoder_embeddings = encoder_embedding_layer(encoder_input_ids)
decoder_embeddings = decoder_embedding_layer(decoder_input_ids)

encoder = tf.keras.layers.LSTM(16, return_state=True)
encoder_outputs, *encoder_state = encoder(encoder_embeddings)

decoder = tf.keras.layers.LSTM(16, return_sequences=True)
decoder_outputs = decoder(decoder_embeddings, initial_state=encoder_state)

output_layer = tf.keras.layers.Dense(vocab_size, activation="softmax")
Y_proba = output_layer(decoder_outputs)

model = tf.keras.Model(inputs=[encoder_inputs, decoder_inputs],
                       outputs=[Y_proba])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam",
              metrics=["accuracy"])
model.fit((X_train, X_train_dec), Y_train, epochs=2,
          validation_data=((X_valid, X_valid_dec), Y_valid))


def translate(sentence_en):
    translation = ""
    for word_idx in range(max_length):
        X = np.array([sentence_en])  # encoder input 
        X_dec = np.array(["startofseq " + translation])  # decoder input
        y_proba = model.predict((X, X_dec))[0, word_idx]  # last token's probas
        predicted_word_id = np.argmax(y_proba)
        predicted_word = text_vec_layer_es.get_vocabulary()[predicted_word_id]
        if predicted_word == "endofseq":
            break
        translation += " " + predicted_word
    return translation.strip()


print(translate("I like soccer"))

print(translate("I like soccer and also going to the beach"))

tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU
encoder = tf.keras.layers.Bidirectional(
    tf.keras.layers.LSTM(8, return_state=True))

encoder_outputs, *encoder_state = encoder(encoder_embeddings)
encoder_state = [tf.keras.layers.Concatenate(axis=-1)(encoder_state[::2]),  # short-term (0 & 2)
                 tf.keras.layers.Concatenate(axis=-1)(encoder_state[1::2])]  # long-term (1 & 3)

# extra code — completes the model and trains it
decoder = tf.keras.layers.LSTM(16, return_sequences=True)
decoder_outputs = decoder(decoder_embeddings, initial_state=encoder_state)
output_layer = tf.keras.layers.Dense(vocab_size, activation="softmax")
Y_proba = output_layer(decoder_outputs)
model = tf.keras.Model(inputs=[encoder_inputs, decoder_inputs],
                       outputs=[Y_proba])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam",
              metrics=["accuracy"])
model.fit((X_train, X_train_dec), Y_train, epochs=2,
          validation_data=((X_valid, X_valid_dec), Y_valid))

print(translate("I like soccer"))


# extra code – a basic implementation of beam search

def beam_search(sentence_en, beam_width, verbose=False):
    X = np.array([sentence_en])  # encoder input
    X_dec = np.array(["startofseq"])  # decoder input
    y_proba = model.predict((X, X_dec))[0, 0]  # first token's probas
    top_k_indices = np.argsort(-y_proba, kind="stable")[:beam_width]
    top_translations = [  # list of best (log_proba, translation)
        (np.log(word_proba), text_vec_layer_es.get_vocabulary()[word_id])
        for word_proba, word_id in zip(y_proba[top_k_indices], top_k_indices)
    ]
    
    # extra code – displays the top first words in verbose mode
    if verbose:
        print("Top first words:", top_translations)

    for idx in range(1, max_length):
        candidates = []
        for log_proba, translation in top_translations:
            if translation.endswith("endofseq"):
                candidates.append((log_proba, translation))
                continue  # translation is finished, so don't try to extend it
            X = np.array([sentence_en])  # encoder input
            X_dec = np.array(["startofseq " + translation])  # decoder input
            y_proba = model.predict((X, X_dec))[0, idx]  # last token's proba
            for word_id, word_proba in enumerate(y_proba):
                word = text_vec_layer_es.get_vocabulary()[word_id]
                candidates.append((log_proba + np.log(word_proba),
                                   f"{translation} {word}"))
        top_translations = sorted(candidates, reverse=True)[:beam_width]

        # extra code – displays the top translation so far in verbose mode
        if verbose:
            print("Top translations so far:", top_translations)

        if all([tr.endswith("endofseq") for _, tr in top_translations]):
            return top_translations[0][1].replace("endofseq", "").strip()


# extra code – shows how the model making an error
sentence_en = "I love cats and dogs"
print(translate(sentence_en))

# extra code – shows how beam search can help
print(beam_search(sentence_en, beam_width=3, verbose=True))

tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU
encoder = tf.keras.layers.Bidirectional(
    tf.keras.layers.LSTM(8, return_sequences=True, return_state=True))

# extra code – this part of the model is exactly the same as earlier
encoder_outputs, *encoder_state = encoder(encoder_embeddings)
encoder_state = [tf.keras.layers.Concatenate(axis=-1)(encoder_state[::2]),  # short-term (0 & 2)
                 tf.keras.layers.Concatenate(axis=-1)(encoder_state[1::2])]  # long-term (1 & 3)
decoder = tf.keras.layers.LSTM(16, return_sequences=True)
decoder_outputs = decoder(decoder_embeddings, initial_state=encoder_state)

attention_layer = tf.keras.layers.Attention()
attention_outputs = attention_layer([decoder_outputs, encoder_outputs])
output_layer = tf.keras.layers.Dense(vocab_size, activation="softmax")
Y_proba = output_layer(attention_outputs)

model = tf.keras.Model(inputs=[encoder_inputs, decoder_inputs],
                       outputs=[Y_proba])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam",
              metrics=["accuracy"])
model.fit((X_train, X_train_dec), Y_train, epochs=2,
          validation_data=((X_valid, X_valid_dec), Y_valid))

print(translate("I like soccer and also going to the beach"))

print(beam_search("I like soccer and also going to the beach", beam_width=3,
                  verbose=True))
