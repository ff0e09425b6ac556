# source: codificandobits/Generacion_de_nombres_con_Redes_Recurrentes RNN_generacion_nombres.py (a Spanish YouTube tutorial, "Generación de nombres usando Redes Neuronales Recurrentes": character-level dinosaur-name generator with a SimpleRNN cell fed one character per sample, trained with fit_generator, then sampled by calling the trained layers eagerly on K.constant tensors)
# commit: 9d1073508f102e8e95319735b788ffdbc156b0a3
# keras: tf_keras
# exercises: functional Model([Input(shape=(None, vocab)), Input(shape=(25,))], Dense(softmax)(SimpleRNN(25, tanh, return_state=True)(x, initial_state=a0)[0])); legacy SGD(lr=0.0005) (see reduced); compile(categorical_crossentropy); per iteration a fresh Python generator yielding ([x, a], y) batches whose size is the name's length + 1 (every character a sample of one timestep, x the previous character one-hot, a zeros float64) through fit_generator(steps_per_epoch=, epochs=1, verbose=0) and history.history['loss'][0]; sampling by calling the trained SimpleRNN layer and Dense eagerly on K.constant inputs with initial_state=K.constant(a), K.eval of the results, np.random.choice over the softmax
# reduced: `from keras.optimizers import SGD` -> `from keras.optimizers.legacy import SGD`: tf-keras >= 2.11's new SGD warns about `lr=` and trains at its default 0.01, where statefulrnn takes lr= as Keras 2 (the program's keras 2.2.4) meant it, as the legacy optimizer does (the corpus's known difference, see codeindex_profile_lstm_temporal_weights); nombres_dinosaurios.txt (1536 names, not in the repository) replaced by a file of one made-up name written by the program: tf-keras feeds a Python generator through tf.data's from_generator with prefetching, which draws a timing-dependent number of extra examples (each a np.random.randint), so with several names the batches would not be the same from run to run; NITS 10000 -> 3, steps_per_epoch (BATCH_SIZE) 80 -> 4; 100 generated names -> 2
import numpy as np
np.random.seed(5)

from keras.layers import Input, Dense, SimpleRNN
from keras.models import Model
from keras.optimizers.legacy import SGD
from keras.utils import to_categorical
from keras import backend as K

with open('nombres_dinosaurios.txt', 'w') as f:
    f.write('Aachenosaurus\n')

# 1. LECTURA DEL SET DE DATOS
# ===========================================================
nombres = open('nombres_dinosaurios.txt','r').read()
nombres = nombres.lower()

# Crear diccionario (listado de caracteres que no se repiten)
alfabeto = list(set(nombres))
tam_datos, tam_alfabeto = len(nombres), len(alfabeto)
print("En total hay %d caracteres, y el diccionario tiene un tamaño de %d caracteres." % (tam_datos, tam_alfabeto))

# Conversión de caracteres a índices y viceversa
car_a_ind = { car:ind for ind,car in enumerate(sorted(alfabeto))}
ind_a_car = { ind:car for ind,car in enumerate(sorted(alfabeto))}
#print(car_a_ind)
#print(ind_a_car)

# 2. MODELO
# ===========================================================
n_a = 25    # Número de unidades en la capa oculta
entrada  = Input(shape=(None,tam_alfabeto))
a0 = Input(shape=(n_a,))

celda_recurrente = SimpleRNN(n_a, activation='tanh', return_state = True)
capa_salida = Dense(tam_alfabeto, activation='softmax')

salida = []
hs, _ = celda_recurrente(entrada, initial_state=a0)
salida.append(capa_salida(hs))
modelo = Model([entrada,a0],salida)
#modelo.summary()

opt = SGD(lr=0.0005)
modelo.compile(optimizer=opt, loss='categorical_crossentropy')

# 3. EJEMPLOS DE ENTRENAMIENTO
# ===========================================================

# Crear lista con ejemplos de entrenamiento y mezclarla aleatoriamente
with open("nombres_dinosaurios.txt") as f:
    ejemplos = f.readlines()
ejemplos = [x.lower().strip() for x in ejemplos]
np.random.shuffle(ejemplos)

# Crear ejemplos de entrenamiento usando un generador
def train_generator():
    while True:
        # Tomar un ejemplo aleatorio
        ejemplo = ejemplos[np.random.randint(0,len(ejemplos))]

        # Convertir el ejemplo a representación numérica
        X = [None] + [car_a_ind[c] for c in ejemplo]

        # Crear "Y", resultado de desplazar "X" un caracter a la derecha
        Y = X[1:] + [car_a_ind['\n']]

        # Representar "X" y "Y" en formato one-hot
        x = np.zeros((len(X),1,tam_alfabeto))
        onehot = to_categorical(X[1:],tam_alfabeto).reshape(len(X)-1,1,tam_alfabeto)
        x[1:,:,:] = onehot
        y = to_categorical(Y,tam_alfabeto).reshape(len(X),tam_alfabeto)

        # Activación inicial (matriz de ceros)
        a = np.zeros((len(X), n_a))

        yield [x, a], y

# 4. ENTRENAMIENTO
# ===========================================================
BATCH_SIZE = 4			# Número de ejemplos de entrenamiento a usar en cada iteración
NITS = 3			# Número de iteraciones

for j in range(NITS):
    historia = modelo.fit_generator(train_generator(), steps_per_epoch=BATCH_SIZE, epochs=1, verbose=0)

    # Imprimir evolución del entrenamiento cada 1000 iteraciones
    if j%1000 == 0:
        print('\nIteración: %d, Error: %f' % (j, historia.history['loss'][0]) + '\n')


# 5. GENERACIÓN DE NOMBRES USANDO EL MODELO ENTRENADO
# ===========================================================
def generar_nombre(modelo,car_a_num,tam_alfabeto,n_a):
    # Inicializar x y a con ceros
    x = np.zeros((1,1,tam_alfabeto,))
    a = np.zeros((1, n_a))

    # Nombre generado y caracter de fin de linea
    nombre_generado = ''
    fin_linea = '\n'
    car = -1

    # Iterar sobre el modelo y generar predicción hasta tanto no se alcance
    # "fin_linea" o el nombre generado llegue a los 50 caracteres
    contador = 0
    while (car != fin_linea and contador != 50):
          # Generar predicción usando la celda RNN
          a, _ = celda_recurrente(K.constant(x), initial_state=K.constant(a))
          y = capa_salida(a)
          prediccion = K.eval(y)

          # Escoger aleatoriamente un elemento de la predicción (el elemento con
          # con probabilidad más alta tendrá más opciones de ser seleccionado)
          ix = np.random.choice(list(range(tam_alfabeto)),p=prediccion.ravel())

          # Convertir el elemento seleccionado a caracter y añadirlo al nombre generado
          car = ind_a_car[ix]
          nombre_generado += car

          # Crear x_(t+1) = y_t, y a_t = a_(t-1)
          x = to_categorical(ix,tam_alfabeto).reshape(1,1,tam_alfabeto)
          a = K.eval(a)

          # Actualizar contador y continuar
          contador += 1

          # Agregar fin de línea al nombre generado en caso de tener más de 50 caracteres
          if (contador == 50):
            nombre_generado += '\n'

    print(nombre_generado)

# Generar 100 ejemplos de nombres generados por el modelo ya entrenado
for i in range(2):
    generar_nombre(modelo,car_a_ind,tam_alfabeto,n_a)
