r"""The Linear Recurrent Unit (Orvieto et al. 2023, "Resurrecting Recurrent Neural Networks for
Long Sequences"): a complex diagonal linear recurrence with a stable exponential
parametrisation of its eigenvalues and a normalised input, as a cell of the linear-recurrence
kind (see `linear_recurrence`).

Initialisation as the paper's appendix A: \(|\lambda|\) uniform on the ring
\([r_{min}, r_{max}]\) of the complex disc, \(\arg\lambda\) uniform on \([0, \text{max\_phase}]\),
\(\gamma = \sqrt{1 - |\lambda|^2}\) (then trained), \(B\) and \(C\) complex Gaussian with
variance \(1/(2F)\) per part and \(1/S\), \(D\) Gaussian. The paper's \(D\) is a diagonal
(``units`` = features); ours is a full ``(F, u)`` matrix, Gaussian with variance \(1/F\), so that
the output may have another width than the input.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from .._checks import positive_int
from .._fingerprint import watch
from . import compiled_linear  # imports no numba: each kernel does, on its first call
from .linear_recurrence import (
    LinearRecurrenceCell,
    States,
    plain_step_allowed,
    scripted,
    sequential_pair_scan,
)
from .recurrent import RNN


def _check_ring(r_min: float, r_max: float, max_phase: float) -> tuple[float, float, float]:
    if not 0.0 <= r_min < r_max <= 1.0:
        raise ValueError(
            f"The LRU's eigenvalue moduli lie in [r_min, r_max], which needs "
            f"0 <= r_min < r_max <= 1. Received: r_min={r_min}, r_max={r_max}"
        )
    if not max_phase > 0.0:
        raise ValueError(f"max_phase must be positive (radians). Received: max_phase={max_phase}")
    return float(r_min), float(r_max), float(max_phase)


class LRUCell(LinearRecurrenceCell):
    r"""One step of a Linear Recurrent Unit (the step of `LRU`); from the input \(x\) and the
    complex state \(h\):

    \[
    \begin{aligned}
    \lambda &= \exp(-e^{\nu} + i\, e^{\theta}) \\
    h' &= \lambda \odot h + \gamma \odot (x B) \\
    y &= \mathrm{Re}(h' C) + x D
    \end{aligned}
    \]

    with \(\nu, \theta, \log\gamma\) ``(S,)`` real (``nu_log``, ``theta_log``, ``gamma_log``),
    \(B = B_{re} + i B_{im}\) (``B`` ``(F, 2S)``: real then imaginary part),
    \(C = C_{re} + i C_{im}\) (``C`` ``(2S, u)``: real part's rows, then imaginary part's) and
    \(D\) ``(F, u)`` real. \(|\lambda| = e^{-e^\nu} < 1\) whatever \(\nu\): the recurrence is
    stable by construction. The state is carried as two real states, \(\mathrm{Re}\,h\) and
    \(\mathrm{Im}\,h\).

    Args:
        units: size \(u\) of the output.
        state_size: size \(S\) of the complex state (default: ``units``).
        r_min, r_max: the ring \(r_{min} \le |\lambda| \le r_{max}\) the eigenvalues start on
            (default 0 and 1, the paper's).
        max_phase: the eigenvalues' phases start uniform on \([0, \text{max\_phase}]\)
            (default \(2\pi\)).

    Shapes:
        ``forward(inputs (N, F), (re, im))`` -> ``(y (N, u), (re', im'))``, each part ``(N, S)``.

    Example:
        >>> cell = LRUCell(3, state_size=5)
        >>> y, (re, im) = cell(torch.zeros(2, 4), (torch.zeros(2, 5), torch.zeros(2, 5)))
        >>> y.shape, re.shape, cell.count_params()
        (torch.Size([2, 3]), torch.Size([2, 5]), 97)
    """

    complex_state = True

    def __init__(
        self,
        units: int,
        state_size: int | None = None,
        r_min: float = 0.0,
        r_max: float = 1.0,
        max_phase: float = 2 * math.pi,
        **kwargs: Any,
    ) -> None:
        output_units = positive_int("units", units)
        super().__init__(
            output_units if state_size is None else positive_int("state_size", state_size), **kwargs
        )
        self.output_units = output_units
        self.r_min, self.r_max, self.max_phase = _check_ring(r_min, r_max, max_phase)
        self._kept_step_weights: tuple[Any, ...] | None = None

    @property
    def output_size(self) -> int:
        return self.output_units

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        features, size, dtype = input_shape[-1], self.units, self.torch_dtype
        u1, u2 = torch.rand(size, dtype=dtype), torch.rand(size, dtype=dtype)
        squared = u1 * (self.r_max**2 - self.r_min**2) + self.r_min**2  # |lambda|^2 on the ring
        nu_log = torch.log(-0.5 * torch.log(squared))
        self.add_weight("nu_log", (size,), initializer=nu_log)
        self.add_weight("theta_log", (size,), initializer=torch.log(self.max_phase * u2))
        self.add_weight("gamma_log", (size,), initializer=0.5 * torch.log1p(-squared))
        for name, rows, columns, inverse_variance in (
            ("B", features, 2 * size, 2 * features),
            ("C", 2 * size, self.output_units, size),
            ("D", features, self.output_units, features),
        ):
            value = torch.randn(rows, columns, dtype=dtype) / math.sqrt(inverse_variance)
            self.add_weight(name, (rows, columns), initializer=value)

    def eigenvalues(self) -> torch.Tensor:
        r"""\(\lambda\), complex ``(S,)``."""
        return torch.polar(torch.exp(-torch.exp(self.nu_log)), torch.exp(self.theta_log))

    def coefficients(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        driven = (x @ self.B) * torch.exp(self.gamma_log).repeat(2)  # (..., 2S): gamma (x B)
        b = torch.complex(*driven.split(self.units, dim=-1))
        return self.eigenvalues().expand_as(b), b

    def real_coefficients(self, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
        r"""``coefficients`` in real arithmetic: \(\lambda_{re}, \lambda_{im}\) ``(S,)`` and the
        real and imaginary parts of \(\gamma \odot (x B)\), each ``(..., S)``."""
        modulus, phase = torch.exp(-torch.exp(self.nu_log)), torch.exp(self.theta_log)
        driven = (x @ self.B) * torch.exp(self.gamma_log).repeat(2)
        return (modulus * torch.cos(phase), modulus * torch.sin(phase), *driven.split(self.units, dim=-1))

    def real_output(self, re: torch.Tensor, im: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        r"""``output`` from the state's parts: \(y = re\, C_{re} - im\, C_{im} + x D\)."""
        c_re, c_im = self.C.split(self.units)
        return re @ c_re - im @ c_im + x @ self.D

    def forward(self, inputs: torch.Tensor, states: States) -> tuple[torch.Tensor, States]:
        r"""One step in real arithmetic, the complex product written out on the two parts:
        \(re' = \lambda_{re}\, re - \lambda_{im}\, im + \mathrm{Re}(\gamma x B)\),
        \(im' = \lambda_{re}\, im + \lambda_{im}\, re + \mathrm{Im}(\gamma x B)\) (no complex
        tensors: fewer operations per streamed step). Without autograd or tracing: float32 CPU
        steps on the compiled kernel (`compiled_step`), others with the weights' functions kept
        from step to step."""
        if not self.built:
            self.build(tuple(inputs.shape))
        stepped = self.compiled_step(inputs, states)
        if stepped is not None:
            return stepped
        re, im = states
        plain = plain_step_allowed()
        if plain:  # the weights' functions computed once: 8 operations, not 22
            l_re, l_im, gamma, c = self._step_weights()[0]
            d_re, d_im = torch.mul(inputs @ self.B, gamma).split(self.units, dim=-1)
        else:
            l_re, l_im, d_re, d_im = self.real_coefficients(inputs)
        new_re = torch.addcmul(torch.addcmul(d_re, l_re, re), l_im, im, value=-1)
        new_im = torch.addcmul(torch.addcmul(d_im, l_re, im), l_im, re)
        if not plain:
            return self.real_output(new_re, new_im, inputs), (new_re, new_im)
        return torch.addmm(inputs @ self.D, torch.cat([new_re, new_im], dim=-1), c), (new_re, new_im)

    def compiled_step(self, inputs: torch.Tensor, states: States) -> tuple[torch.Tensor, States] | None:
        """The step on `compiled_linear`'s kernel where it applies (see `compiled_linear.chosen`;
        numba installed), else None."""
        if not compiled_linear.chosen(inputs):
            return None
        arrays = self._step_weights()[1]
        if arrays is None:
            return None
        y, re, im = compiled_linear.lru_step(inputs, states[0], states[1], arrays)
        return y, (re, im)

    def __getstate__(self) -> dict[str, Any]:
        # A copy's parameters start new version counts: its step weights are derived afresh.
        return {**super().__getstate__(), "_kept_step_weights": None}

    def _step_weights(self) -> tuple[tuple[torch.Tensor, ...], Any]:
        r"""\(\lambda_{re}, \lambda_{im}\), \(\gamma\) twice ``(2S,)`` and \([C_{re}; -C_{im}]\)
        ``(2S, u)``, without autograd, and the compiled step's weights (`compiled_linear`; None
        without numba), kept until a parameter is replaced, moved or changed in place (optimizer
        steps, ``load_weights``)."""
        kept = self._kept_step_weights
        if kept is None or kept[0]() != kept[1]:
            watched = watch(self)  # before the weights are derived from the parameters
            modulus, phase = torch.exp(-torch.exp(self.nu_log)), torch.exp(self.theta_log)
            c_re, c_im = self.C.split(self.units)
            derived = (
                modulus * torch.cos(phase),
                modulus * torch.sin(phase),
                torch.exp(self.gamma_log).repeat(2),
                torch.cat([c_re, -c_im]),
            )
            l_re, l_im, gamma, c = derived
            arrays = compiled_linear.weight_arrays(
                torch.cat([self.B, self.D], dim=1), c, torch.stack([l_re, l_im, gamma[: self.units]])
            )
            kept = self._kept_step_weights = (*watched, derived, arrays)
        return kept[3], kept[4]

    def traced_chunk(self, inputs: torch.Tensor, states: States) -> tuple[torch.Tensor, States]:
        l_re, l_im, d_re, d_im = self.real_coefficients(inputs)
        re, im = scripted(sequential_pair_scan)(
            l_re.expand_as(d_re), l_im.expand_as(d_re), d_re, d_im, *states
        )
        return self.real_output(re, im, inputs), (re[:, -1], im[:, -1])

    def output(self, h: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        c_re, c_im = self.C.split(self.units)
        # Re(h C) = Re h C_re - Im h C_im, as one product: h's (re, im) pairs, interleaved as
        # view_as_real lays them out, against C's rows (C_re, -C_im) interleaved alike.
        pairs = torch.view_as_real(h).flatten(-2)  # (..., 2S)
        return pairs @ torch.stack([c_re, -c_im], dim=1).flatten(0, 1) + x @ self.D


class LRU(RNN):
    r"""Linear Recurrent Unit over a sequence (cell: `LRUCell`), Orvieto et al. 2023.

    For each step \(t\), with a complex diagonal recurrence:

    \[
    \begin{aligned}
    \lambda &= \exp(-e^{\nu} + i\, e^{\theta}) \\
    h_t &= \lambda \odot h_{t-1} + \gamma \odot (x_t B) \\
    y_t &= \mathrm{Re}(h_t C) + x_t D
    \end{aligned}
    \]

    \(\gamma\) starts at \(\sqrt{1 - |\lambda|^2}\), which keeps the state's scale independent
    of how close \(|\lambda|\) is to 1; the weights are described in `LRUCell`. \(h_0\) is zeros,
    or the state a stateful layer kept from its last call; a chunk of several steps runs as a
    parallel scan over time (the cell's ``run_chunk``), with the numbers of the step.

    Args:
        units: size \(u\) of the output.
        state_size: size \(S\) of the complex state (default: ``units``).
        r_min, r_max, max_phase: the eigenvalues' initial ring and phases (see `LRUCell`).
        return_sequences, return_state, go_backwards, stateful: see `RNN`.

    Shapes:
        inputs ``(N, T, F)`` -> outputs ``(N, T, u)`` with ``return_sequences``, else ``(N, u)``;
        states ``[re, im]`` (the state's real and imaginary parts), each ``(N, S)``.

    Example:
        >>> layer = LRU(4, state_size=8, r_min=0.9, return_sequences=True)
        >>> layer(torch.zeros(2, 5, 3)).shape
        torch.Size([2, 5, 4])
    """

    def __init__(
        self,
        units: int,
        state_size: int | None = None,
        r_min: float = 0.0,
        r_max: float = 1.0,
        max_phase: float = 2 * math.pi,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        **kwargs: Any,
    ) -> None:
        cell = LRUCell(
            units,
            state_size=state_size,
            r_min=r_min,
            r_max=r_max,
            max_phase=max_phase,
            dtype=kwargs.get("dtype"),
            name="lru_cell",
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            **kwargs,
        )
