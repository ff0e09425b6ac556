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
pairs), `linalg` (linear algebra, also ``ops.linalg``: decompositions, solves, determinants);
and, each an idea of its own: `counting` (``unique``, ``histogram``, ``argpartition``),
`spatial` (adaptive pooling, ``conv_transpose``, ``unfold``/``fold``), `einops`
(``rearrange``), `function_transforms` (``custom_gradient``, ``vectorize``); and ``ops.image`` in its own
namespace only, as Keras's (`image`: resizing, affine and perspective warps, colour spaces,
blurs, patches, crops and pads, Sobel edges, SSIM).

On a functional model's symbolic tensors (``ops.mean(inputs, axis=1)`` between ``Input`` and
``Model``) each op records one `layers.Operation` node, as Keras 3 records one operation
(`symbolic`), but those whose output's shape depends on the values (``unique``, ``bincount``
run eagerly only). Not here: sparse and ragged tensors.

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
from .counting import *  # noqa: F403
from .counting import __all__ as _counting_names
from .einops import *  # noqa: F403
from .einops import __all__ as _einops_names
from .function_transforms import *  # noqa: F403
from .function_transforms import __all__ as _function_names
from .linalg import *  # noqa: F403
from .linalg import __all__ as _linalg_names
from .math import *  # noqa: F403
from .math import __all__ as _math_names
from .nn import *  # noqa: F403
from .nn import __all__ as _nn_names
from .numpy import *  # noqa: F403
from .numpy import __all__ as _numpy_names
from .spatial import *  # noqa: F403
from .spatial import __all__ as _spatial_names
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
# Keras's ``ops.linalg`` namespace holds the same (recording) functions as ``ops``; its
# ``ops.numpy`` and ``ops.nn`` also hold those of theirs defined in other modules here
# (``ops.numpy.unique``), whose own functions stay as they are.
_NAMESPACES = {
    linalg: _linalg_names,  # noqa: F405 - the submodules, bound by their imports
    numpy: [*_counting_names, "vectorize", "slogdet"],  # noqa: F405
    nn: _spatial_names,  # noqa: F405
}
for _module, _names in _NAMESPACES.items():
    for _name in _names:
        setattr(_module, _name, globals()[_name])

__all__ = sorted(
    {
        *_core_names, *_counting_names, *_einops_names, *_function_names, *_linalg_names, *_numpy_names,
        *_nn_names, *_math_names, *_spatial_names,
    }
)  # fmt: skip
