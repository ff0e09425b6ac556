"""Keras's optimizers with Keras's update rules and defaults, as ``torch.optim.Optimizer`` s.

`SGD`, `RMSprop`, `Adam`, `AdamW`, `Adagrad`, `Adadelta`, `Adamax`, `Nadam`, `Ftrl`, `Lion`,
`Lamb` and `Adafactor` follow the rules of Keras's optimizers (Keras 3, and
tf-keras >= 2.11's ``tf.keras.optimizers``; both have the same rules): the same defaults
(``epsilon=1e-7`` where torch uses 1e-8, RMSprop's ``rho=0.9`` where torch's ``alpha`` is
0.99), epsilon in the same place (inside the square root for RMSprop, outside it for Adam,
where torch puts it after Adam's bias correction), the same iteration count and the same
order of operations, in the parameter's dtype (float32 for our models), so a model trained
here ends with Keras's weights to float32 round-off (run side by side with Keras 3.15 and
tf-keras 2.21 on the same gradients, the weights agree within 3 float32 ulps, most often bit
for bit). Each step, as Keras's ``apply``:

1. keep the parameters that have a gradient (``p.grad is None``: skipped, as Keras skips a
   missing gradient); if none has one, the step does nothing and is not counted (torch's
   convention; Keras raises "No gradients provided for any variable");
2. clip the gradients (``clipnorm``, ``clipvalue`` or ``global_clipnorm``; copies: ``p.grad``
   is left as it was);
3. decoupled weight decay, if ``weight_decay`` is set (on every optimizer, as in Keras):
   ``w -= w * weight_decay * learning_rate``;
4. the optimizer's own rule (in each class's docstring), in place on the parameter, under
   ``torch.no_grad()``, so the model's Parameters stay the same objects;
5. ``iterations += 1``.

Every class uses this own step, even SGD, whose rule is torch's for a constant learning rate:
one code path gives one set of semantics (weight decay, clipping, the iteration count,
``state_dict``) for all four, and Keras's velocity ``m = momentum*m - lr*g`` keeps the learning
rate inside it, so a learning rate that changes mid-run gives Keras's numbers, not torch's.

API (what ``compile`` relies on):

- **Bound at once** (torch style): ``Adam(model.parameters(), learning_rate=1e-3)``. The first
  argument is anything ``torch.optim`` takes: tensors, ``(name, tensor)`` pairs
  (``model.named_parameters()``) or parameter-group dicts.
- **Unbound** (Keras style): ``opt = Adam(learning_rate=1e-3)`` (or ``Adam(1e-3)``: a number or a
  schedule given first is the learning rate, as in Keras; parameters never are one), then
  ``opt.build(model.parameters())`` binds it and returns it. Until then ``opt.built`` is
  False, ``opt.param_groups`` is empty, ``zero_grad()`` does nothing, ``step()`` raises
  RuntimeError. Building again on the same tensors does nothing; on others raises RuntimeError.
- ``bind(identifier, params)``: ``get(identifier)``, then builds it on ``params`` if it is an
  unbuilt one of ours. One of ours already built takes on those of ``params`` it does not hold
  as a new parameter group (as Keras 2's optimizers served a GAN's discriminator and combined
  model, one ``iterations`` counting both). Any other ``torch.optim.Optimizer`` is returned as
  it is if it holds at least one of ``params``; ValueError if it holds none of them (it was
  made for another model).
- ``get(identifier)``: a Keras name, case-insensitive (``'sgd'``, ``'rmsprop'``, ``'adam'``,
  ``'adamw'``; a new optimizer with Keras's defaults), Keras's serialized dict
  ``{"class_name": "Adam", "config": {...}}``, or an optimizer instance (ours or any
  ``torch.optim.Optimizer``), returned as it is.
- ``get_config()`` / ``from_config(config)`` / ``serialize(optimizer)``: Keras's config keys.
- ``state_dict()`` / ``load_state_dict()``: torch's, plus ``"iterations"`` (Keras counts steps
  once for the whole optimizer, not per parameter). Per-parameter state keeps Keras's names:
  ``"momentum"``, ``"velocity"``, ``"average_gradient"``, ``"velocity_hat"``.
- ``learning_rate`` (read and set, as Keras's callbacks do), ``iterations`` (read only).

Learning rates: a number, or a schedule: any callable ``schedule(step) -> float``, called with
``iterations`` (0 for the first update) before each step, as Keras calls a
``LearningRateSchedule`` (Keras's own are in `schedules`: ``ExponentialDecay``,
``CosineDecay``, ...; Keras 3 also takes a callable of no arguments, we do not). The
learning rate lives in each parameter group under torch's key ``"lr"``, so torch's
``lr_scheduler`` classes work too; a schedule given here overwrites ``"lr"`` at every step.

Parameter groups may override ``learning_rate`` (or ``lr``), ``weight_decay`` and the class's
own options, as in torch: ``AdamW([{"params": kernels}, {"params": biases, "weight_decay":
None}])`` is how to keep weight decay off some parameters (Keras's
``exclude_from_weight_decay``). Clipping is for the whole optimizer, as in Keras.

A custom training loop, Keras 3's way: ``optimizer.apply_gradients(zip(grads, variables))`` or
``optimizer.apply(grads, variables)``, with gradients from ``torch.autograd.grad`` and the
model's Parameters as variables (``model.trainable_variables``); an unbuilt optimizer is built
on the first call's variables, as in Keras. The same step as ``step()``, without ``.grad``.
Keras's ``apply`` also projects constrained weights (``kernel_constraint=...``); an optimizer
here holds tensors, not the model's Keras weights, so a custom loop calls
``statefulrnn.constraints.apply_constraints(model)`` after ``apply`` (``fit`` does it).

Keras 2's ``lr=`` is taken as ``learning_rate``, with the warning (UserWarning) that
``tf.keras.optimizers.legacy`` gives: the meaning Keras 2 programs were written for (tf-keras
>= 2.11's new optimizers warn and then ignore it, training at the default rate). So is Keras 2's
``decay=`` (``Adam(lr=1e-3, decay=1e-6)``): each update's rate is the learning rate (a
schedule's, if one is given) over ``1 + decay * t``, ``t`` the updates made before it, as
``tf.keras.optimizers.legacy`` computes it (tf-keras >= 2.11's new optimizers refuse it, Keras 3
ignores it with a warning); ``learning_rate`` stays the undecayed rate, which callbacks read and
set. ``epsilon=None`` is Keras 2's too: ``keras.backend.epsilon()``. `legacy` holds the legacy
classes whose rules are these (SGD, Adam, Adamax, Adadelta) and Keras 2's RMSprop (epsilon outside
the root when momentum is 0).

Every optimizer takes Keras 3's common options with Keras's arithmetic (see `KerasOptimizer`):
``use_ema`` with ``ema_momentum`` and ``ema_overwrite_frequency`` (moving averages of the
weights, which `fit` ends on and the ``SwapEMAWeights`` callback evaluates on),
``gradient_accumulation_steps`` (one update from the mean gradient of that many calls) and
``loss_scale_factor`` (the loss scaled for the gradients, which the step divides back); their
state is kept, saved and read from Keras files as Keras keeps it.

Not supported (refused with an error, never ignored): sparse gradients, Keras 2's Nadam
``schedule_decay`` on this `Nadam` (its momentum schedule was not Keras 3's:
``legacy.Nadam`` has it), and the Keras optimizers not listed here.

Where things are: `KerasOptimizer` and its step in ``base``, Keras's clipping in ``clipping``, the
argument checks in ``validation``, one module per rule (``sgd``, ``rmsprop``, ``adam`` for `Adam`
and `AdamW`), and `get`, `bind`, `serialize` in ``registry``.

Example:
    >>> model = torch.nn.Linear(3, 1)
    >>> opt = get("adam")                     # Keras style: no parameters yet
    >>> opt.built
    False
    >>> opt = bind(opt, model.parameters())   # what compile does
    >>> model(torch.ones(2, 3)).sum().backward()
    >>> opt.step()
    >>> opt.iterations, opt.get_config()["epsilon"]
    (1, 1e-07)

    A custom loop's step (Keras 3's ``apply_gradients``):

    >>> sgd = SGD(learning_rate=0.5)
    >>> w = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    >>> grads = torch.autograd.grad((w**2).sum(), [w])
    >>> sgd.apply_gradients(zip(grads, [w]))  # builds sgd on [w]; returns iterations
    1
    >>> w.detach()
    tensor([0., 0.])
"""

from . import legacy, schedules
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .base import KerasOptimizer
from .base import KerasOptimizer as Optimizer  # Keras's name of the base class
from .base import LearningRate as LearningRate
from .ftrl import Ftrl
from .lamb import Lamb
from .lion import Lion
from .loss_scale import LossScaleOptimizer
from .nadam import Nadam
from .registry import bind, deserialize, get, serialize
from .rmsprop import RMSprop
from .sgd import SGD
from .validation import Validator as Validator

__all__ = [
    "SGD",
    "Adadelta",
    "Adafactor",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "Ftrl",
    "KerasOptimizer",
    "Lamb",
    "Lion",
    "LossScaleOptimizer",
    "Nadam",
    "Optimizer",
    "RMSprop",
    "bind",
    "deserialize",
    "get",
    "legacy",
    "schedules",
    "serialize",
]
