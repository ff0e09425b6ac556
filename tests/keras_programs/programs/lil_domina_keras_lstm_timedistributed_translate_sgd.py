# source: LinkedInLearning/domina-keras-3905064 02_04/02_04.py (branch 02_04) (LinkedIn Learning's Spanish course "Domina Keras", December 2024, chapter 2 "Modelado secuencial": a toy English-to-Spanish word "translator": Tokenizer + pad_sequences(padding='post'), a functional Input -> Embedding -> LSTM(return_sequences=True) -> TimeDistributed(Dense(softmax)) model trained with sparse_categorical_crossentropy on the target ids given a trailing axis, then a translate function decoding the argmax ids with index_word)
# commit: 1baac9ade1c8be3eda2a6e798ff9d9ecadee9cbd
# keras: keras
# exercises: `from tensorflow.keras.models import Model`, `from tensorflow.keras.layers import Input, LSTM, Dense, Embedding, TimeDistributed`, `from tensorflow.keras.optimizers import Adam, SGD`, `from tensorflow.keras.preprocessing.text import Tokenizer`, `from tensorflow.keras.preprocessing.sequence import pad_sequences` (TensorFlow 2.16+, where tensorflow.keras is Keras 3); Tokenizer().fit_on_texts on English and accented Spanish phrases, word_index, texts_to_sequences, index_word.get; pad_sequences(maxlen=, padding='post'); Input(shape=(longitud_maxima,)); Embedding(input_dim=, output_dim=64); LSTM(64, return_sequences=True); TimeDistributed(Dense(vocab, activation='softmax')); Model(inputs=, outputs=) built after a function that refers to the global modelo; Adam(learning_rate=0.001); compile(loss='sparse_categorical_crossentropy') with no metrics on np.expand_dims(targets, -1) of shape (5, 2, 1); fit with the default batch size; predict on one padded phrase and argmax(axis=-1) decoding
# reduced: optimizador = Adam(learning_rate=0.001) -> SGD(learning_rate=0.5) (the phrases repeat ids within the batch - padding 0, "good", "you" - and Keras 3 on TensorFlow squares each repeated id's Embedding gradient slice in Adam's second moment where statefulrnn squares the row's: README, "Where we differ"); epochs 1000 -> 5; shuffle=False added to fit (the 5 phrases are one batch; kept out of the way of the generator); verbose=0 added to fit and to the predict in traducir_frase; a second translated phrase ("good night") printed besides "hello"
import numpy as np
from tensorflow.keras.models import Model
from tensorflow.keras.layers import Input, LSTM, Dense, Embedding, TimeDistributed
from tensorflow.keras.optimizers import Adam, SGD
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences

datos_ingles = ["hello", "how are you", "thank you", "good morning", "good night"]
datos_espanol = ["hola", "cómo estás", "gracias", "buenos días", "buenas noches"]

tokenizador_ingles = Tokenizer()
tokenizador_espanol = Tokenizer()

tokenizador_ingles.fit_on_texts(datos_ingles)
tokenizador_espanol.fit_on_texts(datos_espanol)

vocabulario_ingles = len(tokenizador_ingles.word_index) + 1
vocabulario_espanol = len(tokenizador_espanol.word_index) + 1

secuencias_ingles = tokenizador_ingles.texts_to_sequences(datos_ingles)
secuencias_espanol = tokenizador_espanol.texts_to_sequences(datos_espanol)

longitud_maxima = max(
    max(len(seq) for seq in secuencias_ingles),
    max(len(seq) for seq in secuencias_espanol)
)
secuencias_ingles = pad_sequences(secuencias_ingles, maxlen=longitud_maxima, padding='post')
secuencias_espanol = pad_sequences(secuencias_espanol, maxlen=longitud_maxima, padding='post')

assert secuencias_ingles.shape[0] == secuencias_espanol.shape[0]

entrada = Input(shape=(longitud_maxima,))
embeddings = Embedding(input_dim=vocabulario_ingles, output_dim=64)(entrada)
lstm = LSTM(64, return_sequences=True)(embeddings)
salida = TimeDistributed(Dense(vocabulario_espanol, activation='softmax'))(lstm)

def traducir_frase(frase_ingles):
    secuencia_ingles = tokenizador_ingles.texts_to_sequences([frase_ingles])
    secuencia_ingles = pad_sequences(secuencia_ingles, maxlen=longitud_maxima, padding='post')
    prediccion = modelo.predict(secuencia_ingles, verbose=0)
    palabra_predicha = np.argmax(prediccion, axis=-1)
    traduccion = ' '.join([tokenizador_espanol.index_word.get(idx, '') for idx in palabra_predicha[0] if idx != 0])
    return traduccion.strip()

modelo = Model(inputs=entrada, outputs=salida)
optimizador = SGD(learning_rate=0.5)
modelo.compile(optimizer=optimizador, loss='sparse_categorical_crossentropy')

salidas_espanol = np.expand_dims(secuencias_espanol, -1)

modelo.fit(secuencias_ingles, salidas_espanol, epochs=5, shuffle=False, verbose=0)

frase_a_traducir = "hello"
traduccion = traducir_frase(frase_a_traducir)
print(f"Traducción de '{frase_a_traducir}' es: {traduccion}")
print(traducir_frase("good night"))
