# source: LinkedInLearning/domina-keras-3905064 02_01/02_01.py (branch 02_01) (LinkedIn Learning's Spanish course "Domina Keras", December 2024, chapter 2 "Modelado secuencial": next-word prediction on a Spanish text: words tokenised, 5-word windows one-hot encoded as boolean arrays, an LSTM(128) + Dense softmax Sequential trained with RMSprop(0.01) and categorical_crossentropy, then the next word of "el clima parece" predicted)
# commit: 8fd8ee85c44266ae4650b253ab78553e436409aa
# keras: keras
# exercises: `from tensorflow.keras.models import Sequential`, `from tensorflow.keras.layers import Dense, LSTM`, `from tensorflow.keras.preprocessing.text import Tokenizer`, `from tensorflow.keras.optimizers import RMSprop` (TensorFlow 2.16+, where tensorflow.keras is Keras 3); Tokenizer().fit_on_texts on a list of words, word_index, texts_to_sequences on lists of word lists, index_word; a numpy bool one-hot input (np.bool_) of shape (n, 5, vocab) fed to an LSTM, float64 np.eye one-hot targets; Sequential([LSTM(128), Dense(vocab, activation='softmax')]) with no input shape; RMSprop(learning_rate=0.01); compile(loss='categorical_crossentropy', metrics=['accuracy']); summary(); fit(batch_size=128, epochs=, validation_split=0.2); predict on one bool window padded in front with np.pad, argmax decoding
# reduced: the course's texto.txt (not in the repository) replaced by a made-up lower-case Spanish text written to texto.txt first (random.Random(0): 260 words drawn from a 30-word list, with "el clima parece" in it); nltk's RegexpTokenizer(r'\w+').tokenize (nltk is not in the Keras venv) -> re.findall(r'\w+', ...), the same split; LSTM(128) -> LSTM(16); batch_size 128 -> 32; epochs 20 -> 2; shuffle=False and verbose=0 added to fit (Keras shuffles with its own generator), verbose=0 to predict; modelo.build((None, LONGITUD_SECUENCIA, total_palabras)) added before compile (the course builds the model at its first fit, after compile, where the harness hands both runs Keras's starting weights: an unbuilt model has none to hand)
import random
import re

_palabras = ("el clima parece muy bueno hoy en la ciudad pero mañana puede llover y hace frío "
             "calor sol nube viento casa calle gente camina rápido lento").split()
_rng = random.Random(0)
with open('texto.txt', 'w') as _f:
    _f.write(" ".join(_rng.choice(_palabras) for _ in range(260)) + " El clima parece bueno.")
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, LSTM
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.optimizers import RMSprop

ruta = 'texto.txt'
with open(ruta, 'r') as archivo:
    texto = archivo.read().lower()

palabras = re.findall(r'\w+', texto)

tokenizer = Tokenizer()
tokenizer.fit_on_texts(palabras)
total_palabras = len(tokenizer.word_index) + 1

LONGITUD_SECUENCIA = 5
secuencias = []
for i in range(LONGITUD_SECUENCIA, len(palabras)):
    secuencia = palabras[i-LONGITUD_SECUENCIA:i+1]
    secuencias.append(secuencia)

secuencias = tokenizer.texts_to_sequences(secuencias)
secuencias = np.array(secuencias)
X, Y = secuencias[:, :-1], secuencias[:, -1]

X_one_hot = np.zeros((X.shape[0], X.shape[1], total_palabras), dtype=np.bool_)
for i, secuencia in enumerate(X):
    for t, palabra in enumerate(secuencia):
        X_one_hot[i, t, palabra] = 1

Y = np.eye(total_palabras)[Y]

def predecir_siguiente_palabra(modelo, texto, tokenizer, LONGITUD_SECUENCIA, total_palabras):
    tokens = tokenizer.texts_to_sequences([texto.split()[-LONGITUD_SECUENCIA:]])[0]
    tokens_padded = np.pad(tokens, (LONGITUD_SECUENCIA - len(tokens), 0), mode='constant')
    tokens_one_hot = np.zeros((1, LONGITUD_SECUENCIA, total_palabras), dtype=np.bool_)
    for t, palabra in enumerate(tokens_padded):
        tokens_one_hot[0, t, palabra] = 1
    prediccion = modelo.predict(tokens_one_hot, verbose=0)
    palabra_predicha = tokenizer.index_word[np.argmax(prediccion)]
    return palabra_predicha

modelo = Sequential([
    LSTM(16),
    Dense(total_palabras, activation='softmax')
])
modelo.build((None, LONGITUD_SECUENCIA, total_palabras))

modelo.compile(optimizer=RMSprop(learning_rate=0.01), loss='categorical_crossentropy', metrics=['accuracy'])
modelo.summary()

modelo.fit(X_one_hot, Y, batch_size=32, epochs=2, validation_split=0.2, shuffle=False, verbose=0)


texto_prueba = "el clima parece"
print(f"Siguiente palabra predicha: {predecir_siguiente_palabra(modelo, texto_prueba, tokenizer, LONGITUD_SECUENCIA, total_palabras)}")
