"""Save Keras models holding ``Lambda`` layers, for the tests of how statefulrnn reads them
(their functions are Python bytecode or names, which statefulrnn never runs or imports: it
finds them among the loading program's own, `statefulrnn.layers.lambda_code`).

Run in the Keras venv (Keras 3.15.1 and tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/lambda_layer.py
Writes to tests/fixtures/lambda_layer, for Keras 3 (``.keras``) and tf-keras (``_tf_keras.h5``):

- lambda.keras, lambda_tf_keras.h5: ``Input((4, 3))``, ``LSTM(2, return_sequences=True)``,
  ``Lambda(lambda x: x * 100.0)``, the lambda written here (its code names this file, so no
  test program has it);
- lambda_code.keras, lambda_code_tf_keras.h5: the same LSTM, then ``Lambda(scaled(100.0))`` (a
  lambda with a closure), ``Lambda(shifted, arguments={"shift": 0.25}, output_shape=keep_shape)``
  (a named function with a default, and a lambda), those of lambda_functions.py compiled from
  its text under the file name ``lambda_functions.py``, as the test compiles them;

and outputs.npz: an input ``x`` and each file's model's outputs for it, by file name.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "lambda_layer"


def main() -> None:
    import keras
    import tf_keras

    OUT.mkdir(parents=True, exist_ok=True)
    functions: dict = {}
    source = (OUT / "lambda_functions.py").read_text()
    # dont_inherit: no __future__ flag of this file in the code (the test compiles it alike)
    exec(compile(source, "lambda_functions.py", "exec", dont_inherit=True), functions)
    x = np.random.default_rng(0).normal(size=(2, 4, 3)).astype(np.float32)
    outputs = {"x": x}
    for module, suffix in ((keras, ".keras"), (tf_keras, "_tf_keras.h5")):
        lambdas = {
            "lambda": [module.layers.Lambda(lambda x: x * 100.0)],
            "lambda_code": [
                module.layers.Lambda(functions["scaled"](100.0)),
                module.layers.Lambda(
                    functions["shifted"], arguments={"shift": 0.25}, output_shape=functions["keep_shape"]
                ),
            ],
        }
        for stem, heads in lambdas.items():
            model = module.Sequential(
                [module.Input((4, 3)), module.layers.LSTM(2, return_sequences=True), *heads]
            )
            model.save(OUT / f"{stem}{suffix}")
            outputs[f"{stem}{suffix}"] = np.asarray(model.predict(x, verbose=0))
        print(f"{suffix}: {module.__version__}")
    np.savez_compressed(OUT / "outputs.npz", **outputs)


if __name__ == "__main__":
    main()
