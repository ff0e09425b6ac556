"""Record what real Keras computes for every program in tests/keras_programs/programs/.

Run in the Keras venv (see README, "Reference numbers"):
    $STATEFULRNN_KERAS_PYTHON tools/keras_programs.py [NAME ...]
Each program's header says which Keras it was written for (``# keras: tf_keras`` for Keras 2
programs, run on tf-keras 2.21; ``# keras: keras`` for Keras 3); its imports are pointed there
and nothing else is changed. Writes tests/keras_programs/reference/NAME.npz.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# A Keras 2 program's tf.keras (``import tensorflow as tf``) is tf-keras, as it was written for.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "keras_programs"))

import harness


def main(names: list[str]) -> None:
    import tensorflow as tf

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    for name in names or harness.program_names():
        package = harness.header(name).get("keras", "tf_keras")
        if package == "tf_keras":
            import tf_keras as keras_module
        else:
            import keras as keras_module
        keras_module.utils.set_random_seed(0)  # python, numpy, TensorFlow (and Keras 3's own state)
        recorder = harness.Recorder()
        harness.run(name, package, keras_module.Model, recorder)
        recorder.save(harness.REFERENCES / f"{name}.npz")
        print(f"{name}: {len(recorder.events)} events on {package} {keras_module.__version__}")


if __name__ == "__main__":
    main(sys.argv[1:])
