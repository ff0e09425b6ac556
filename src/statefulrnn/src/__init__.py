"""Keras 3's private ``keras.src`` package, where public programs import from it and statefulrnn
has what they name (their ``from keras.src.X import Y`` becomes ``from statefulrnn.src.X import
Y``): `activations`' ``ALL_OBJECTS_DICT``, where ncps registers its ``lecun_tanh``. Other paths
are absent, so a program's ``try: from keras.src.saving import ... except ImportError:`` takes
its public fallback (keras-tcn)."""
