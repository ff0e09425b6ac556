"""``keras.utils.plot_model`` drawn with matplotlib: a Keras program's call writes its image,
boxes hold what the options ask, arrows follow a functional graph (read back from SVG text)."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pytest

import statefulrnn as keras
from statefulrnn import layers, ops


def _branching() -> keras.Model:
    inputs = keras.Input((5, 3), name="series")
    a = layers.GRU(4, return_sequences=True, name="recurrent")(inputs)
    b = layers.Conv1D(4, 3, padding="same", activation="relu", name="local")(inputs)
    joined = layers.Concatenate(name="joined")([a, b])
    return keras.Model(inputs, layers.Dense(1, name="head")(ops.mean(joined, axis=1)))


def _svg_texts(path: Path) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>.*?</text>", path.read_text(), re.S)]


def test_a_keras_programs_call_writes_model_png(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    keras.utils.plot_model(_branching(), show_shapes=True)  # as Keras's examples call it
    assert (tmp_path / "model.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_boxes_hold_what_the_options_ask_and_arrows_follow_the_graph(tmp_path: Path) -> None:
    path = tmp_path / "model.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text as text, to read it back
        keras.utils.plot_model(
            _branching(), to_file=path, show_shapes=True, show_dtype=True, show_layer_activations=True,
            show_trainable=True, rankdir="LR",
        )  # fmt: skip
    text = "\n".join(_svg_texts(path))
    expected_texts = [
        "series (InputLayer)", "recurrent (GRU)", "local (Conv1D)", "joined (Concatenate)", "(Operation)",
        "head (Dense)", "out: (None, 5, 8)", "in: [(None, 5, 4), (None, 5, 4)]", "activation: relu",
        "dtype: float32", "trainable: True",
    ]  # fmt: skip
    for expected in expected_texts:
        assert expected in text, expected
    assert path.read_text().count("<path") >= 6  # boxes and the six arrows of the graph


def test_a_sequential_and_a_subclassed_model_draw_one_column(tmp_path: Path) -> None:
    sequential = keras.Sequential([keras.Input((4, 2)), layers.LSTM(3), layers.Dense(1, name="out")])

    class Forecaster(keras.Model):
        def __init__(self) -> None:
            super().__init__()
            self.rnn, self.head = layers.GRU(2), layers.Dense(1)

        def call(self, inputs):
            return self.head(self.rnn(inputs))

    subclassed = Forecaster()
    subclassed(keras.ops.zeros((1, 4, 2)))
    for model in (sequential, subclassed):
        path = tmp_path / f"{model.name}.svg"
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            keras.utils.plot_model(model, to_file=path, show_layer_names=False)
        assert _svg_texts(path)[-1] == "Dense"  # the classes alone, the last layer last


def test_a_bad_direction_is_refused() -> None:
    with pytest.raises(ValueError, match="rankdir must be 'TB' or 'LR'"):
        keras.utils.plot_model(_branching(), rankdir="BT")
