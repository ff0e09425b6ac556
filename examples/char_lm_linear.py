"""A character-level language model from linear recurrences (`MinGRU`), trained with stateful
truncated BPTT and then generating text one character at a time through a `StreamPool`, against
an `LSTM` of the same parameter count: training time per epoch and validation loss, in one run.

The text is the Python documentation's reference topics that CPython ships with its standard
library for ``help()`` (``pydoc_data/topics.py``: about 465,000 characters of English prose and
code; the Python documentation is distributed under the PSF License Agreement), so the example
needs nothing downloaded. The first 90% of the characters (``CHARS`` of them at most) train,
the rest validate. The training text is laid out as ``BATCH`` rows, each a contiguous stretch,
and `fit(..., chunk_length=CHUNK)` cuts them into chunks of ``CHUNK`` characters, carrying
each row's state from chunk to chunk (the gradients stop at chunk boundaries). A `MinGRU` runs
each chunk as a parallel scan over time; the `LSTM` steps through it on PyTorch's fused kernel.

Run: ``python examples/char_lm_linear.py`` (``SMALL=1`` for a quick run on a small slice).
"""

from __future__ import annotations

import os
import time
from pydoc_data.topics import topics

import numpy as np
import torch

from statefulrnn import LSTM, Dense, Sequential, losses, optimizers
from statefulrnn.layers import MinGRU
from statefulrnn.streaming import StreamPool

SMALL = os.environ.get("SMALL") == "1"
CHARS = 40_000 if SMALL else 300_000  # characters of text used, training and validation
EPOCHS = 2 if SMALL else 4
BATCH, CHUNK = 32, 128
WIDTH = 32 if SMALL else 192  # units of each MinGRU layer; the LSTM's width matches the count


def text() -> str:
    """The reference topics, in a fixed order, as plain ASCII (other characters dropped)."""
    whole = "\n\n".join(topics[key] for key in sorted(topics))
    return "".join(c for c in whole if c == "\n" or " " <= c <= "~")[:CHARS]


def rows(codes: np.ndarray, vocabulary: int) -> tuple[np.ndarray, np.ndarray]:
    """``codes`` as ``BATCH`` contiguous rows: one-hot inputs ``(BATCH, T, V)`` and each
    step's next character ``(BATCH, T, 1)``."""
    steps = (len(codes) - 1) // BATCH
    inputs = codes[: BATCH * steps].reshape(BATCH, steps)
    targets = codes[1 : BATCH * steps + 1].reshape(BATCH, steps)
    return np.eye(vocabulary, dtype=np.float32)[inputs], targets[:, :, None].astype(np.int64)


def min_gru_model(vocabulary: int) -> Sequential:
    return Sequential(
        [
            MinGRU(WIDTH, stateful=True, return_sequences=True, batch_input_shape=(BATCH, None, vocabulary)),
            MinGRU(WIDTH, stateful=True, return_sequences=True),
            Dense(vocabulary),
        ]
    )


def lstm_model(vocabulary: int, parameters: int) -> Sequential:
    """One LSTM layer and the output layer, as wide as keeps its count closest to ``parameters``."""

    def count(units: int) -> int:
        return 4 * units * (vocabulary + units + 1) + (units + 1) * vocabulary

    units = min(range(1, 4 * WIDTH), key=lambda u: abs(count(u) - parameters))
    shape = (BATCH, None, vocabulary)
    return Sequential(
        [LSTM(units, stateful=True, return_sequences=True, batch_input_shape=shape), Dense(vocabulary)]
    )


def generate(model: Sequential, alphabet: str, prompt: str, length: int, seed: int = 0) -> str:
    """``length`` characters after ``prompt``, sampled (temperature 0.8) one at a time from a
    stream of a `StreamPool`: each character is one pushed frame, the state kept in the pool."""
    eye = np.eye(len(alphabet), dtype=np.float32)
    index = {c: i for i, c in enumerate(alphabet)}
    rng = np.random.default_rng(seed)
    pool = StreamPool(model)
    pool.open("sample")
    logits = pool.push("sample", eye[[index[c] for c in prompt]])[-1]
    out = []
    for _ in range(length):
        weights = np.exp((logits - logits.max()) / 0.8)
        code = rng.choice(len(alphabet), p=weights / weights.sum())
        out.append(alphabet[code])
        logits = pool.push("sample", eye[code])
    return prompt + "".join(out)


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(0)
    corpus = text()
    alphabet = "".join(sorted(set(corpus)))
    codes = np.array([alphabet.index(c) for c in corpus], dtype=np.int64)
    split = int(0.9 * len(codes))
    x, y = rows(codes[:split], len(alphabet))
    x_val, y_val = rows(codes[split:], len(alphabet))
    models = {"MinGRU x2": min_gru_model(len(alphabet))}
    models["LSTM"] = lstm_model(len(alphabet), models["MinGRU x2"].count_params())
    for model in models.values():
        model.compile(
            optimizer=optimizers.Adam(learning_rate=3e-3),
            loss=losses.SparseCategoricalCrossentropy(from_logits=True),
        )
    print(
        f"{len(corpus):,} characters of pydoc_data/topics.py ({len(alphabet)} symbols), "
        f"{x.shape[1]:,} training steps a row, {BATCH} rows, chunks of {CHUNK}, {EPOCHS} epoch(s), "
        f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)"
    )
    seconds: dict[str, list[float]] = {name: [] for name in models}
    for _ in range(EPOCHS):  # the models' epochs alternate, so that both see the same machine load
        for name, model in models.items():
            start = time.perf_counter()
            model.fit(x, y, batch_size=BATCH, epochs=1, chunk_length=CHUNK, state_reset="epoch", verbose=0)
            seconds[name].append(time.perf_counter() - start)
    # The first epoch also pays one-time set-up (first calls of the kernels and the optimizer).
    print(
        "\n| model | parameters | seconds per epoch (median after the first) | validation loss (nats/char) |"
    )
    print("|---|---:|---:|---:|")
    for name, model in models.items():
        model.reset_states()
        loss = model.evaluate(x_val, y_val, batch_size=BATCH, verbose=0)
        print(f"| {name} | {model.count_params():,} | {np.median(seconds[name][1:]):.2f} | {loss:.3f} |")
    print("\nMinGRU, streamed one character at a time:")
    print(generate(models["MinGRU x2"], alphabet, "The ", 80 if SMALL else 300))


if __name__ == "__main__":
    main()
