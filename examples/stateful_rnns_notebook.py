"""The Keras notebook "Stateful RNNs", cell by cell, on statefulrnn: ``statefulrnn tour``.

The cells live in the package (``src/statefulrnn/tour/__main__.py``) so that an installed wheel
runs them too; this script runs them from a source checkout.
"""

from statefulrnn.tour import run

if __name__ == "__main__":
    run()
