"""Keras 3's ``keras.ops`` on PyTorch tensors: what a Keras program's custom layers, losses and
metrics compute with (``ops.mean``, ``ops.matmul``, ``ops.softmax``, ``ops.scan``, ...).

``from keras import ops`` becomes ``from statefulrnn import ops``, and a layer's ``call`` that
writes ``ops.sum(ops.square(x), axis=-1)`` runs on PyTorch, differentiably. The functions take
tensors, numpy arrays and Python numbers, and follow Keras's conventions where they differ from
PyTorch's (``axis``, int32 indices, population variance, Python ints as int32 and floats as
floatx: see `core` and `numpy`). Checked against Keras 3 on TensorFlow, case by case
(``tests/test_ops.py``, from ``tools/keras_fixtures/ops.py``).

The modules, as Keras groups them: `core` (conversion, dtypes, slices, scatters, control flow),
`numpy` (NumPy's functions), `nn` (activations, one-hot, moments, crossentropies, attention),
`math` (logsumexp, top-k, segments, windows, distances, Fourier transforms as ``(real, imag)``
pairs), `linalg` (linear algebra, also ``ops.linalg``: decompositions, solves, determinants),
and ``ops.image`` in its own namespace only, as Keras's (`image`: resizing, affine and
perspective warps, colour spaces, blurs, patches, crops and pads, Sobel edges, SSIM).

On a functional model's symbolic tensors (``ops.mean(inputs, axis=1)`` between ``Input`` and
``Model``) each op records one `layers.Operation` node, as Keras 3 records one operation
(`symbolic`). Not here: sparse and ragged tensors, transposed convolutions (use the
layers), ``unique`` and the other ops whose output's shape depends on the values
(``bincount`` runs eagerly only).

Example:
    >>> from statefulrnn import ops
    >>> x = torch.tensor([[1.0, -2.0], [3.0, 0.5]])
    >>> ops.sum(ops.relu(x), axis=-1), ops.top_k(x, 1)[1]
    (tensor([1.0000, 3.5000]), tensor([[0],
            [0]], dtype=torch.int32))
"""

from __future__ import annotations

from . import image
from .core import *  # noqa: F403 - the namespace is the module's point
from .core import __all__ as _core_names
from .linalg import *  # noqa: F403
from .linalg import __all__ as _linalg_names
from .math import *  # noqa: F403
from .math import __all__ as _math_names
from .nn import *  # noqa: F403
from .nn import __all__ as _nn_names
from .numpy import *  # noqa: F403
from .numpy import __all__ as _numpy_names
from .symbolic import RECORDED, recording

# Each op of tensors records a graph node when given a model's symbolic tensors (`symbolic`);
# named as this package's attribute, so that pickle finds it where it is.
for _name in RECORDED - {f"image.{name}" for name in image.__all__}:
    globals()[_name] = recording(globals()[_name])
    globals()[_name].__module__ = __name__
# ``ops.image``'s functions stay in their namespace (as Keras's), recording as "image.<name>".
for _name in image.__all__:
    if f"image.{_name}" in RECORDED:
        setattr(image, _name, recording(getattr(image, _name), f"image.{_name}"))
# Keras's ``ops.linalg`` namespace holds the same (recording) functions as ``ops``.
for _name in _linalg_names:
    setattr(linalg, _name, globals()[_name])  # noqa: F405 - the submodule, bound by its import

__all__ = sorted({*_core_names, *_linalg_names, *_numpy_names, *_nn_names, *_math_names})
