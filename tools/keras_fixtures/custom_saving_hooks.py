"""Record what Keras 3 does with the saving hooks a layer of one's own may define (keras.io's
"Customizing Saving and Serialization" guide): ``save_assets`` / ``load_assets``,
``get_build_config`` / ``build_from_config`` with a ``build`` that takes an extra argument, and
what ``super().get_config()`` holds inside a ``get_config`` of one's own.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/custom_saving_hooks.py``.
Writes tests/fixtures/custom_saving_hooks/: ``assets.keras`` and ``build.keras`` (Keras's
files of the two models below) and ``record.json``: ``assets_members`` (the archive's
``assets/`` names) and ``vocab_loaded`` (what load_assets read back), ``silent_loaded`` (what
a layer that saves nothing is handed at load: None), ``build_entry`` (the custom layer's
``build_config`` in config.json), ``build_input_shape`` (the Sequential's), ``x`` and ``y``
(the built model's outputs) and its ``weights``; ``super_config`` (the keys of
``super().get_config()`` inside a Layer's and a Dense's own get_config). The tests build the
same classes with ``classes`` below, statefulrnn given as ``keras``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "custom_saving_hooks"


def classes(keras: ModuleType) -> dict[str, type]:
    """The guide's layers (and two that report what they are handed), for either library."""

    class WithAssets(keras.layers.Dense):
        def __init__(self, vocab=None, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.vocab = vocab

        def save_assets(self, inner_path):
            with open(os.path.join(inner_path, "vocabulary.txt"), "w") as f:
                f.write(self.vocab)
            os.makedirs(os.path.join(inner_path, "more"))
            with open(os.path.join(inner_path, "more", "note.txt"), "w") as f:
                f.write("nested")

        def load_assets(self, inner_path):
            with open(os.path.join(inner_path, "vocabulary.txt")) as f:
                self.vocab = f.read().replace("<unk>", "little")

    class Silent(keras.layers.Dense):
        """Writes no asset; remembers what load_assets is handed."""

        def load_assets(self, inner_path):
            self.handed = inner_path

    class WithBuild(keras.layers.Layer):
        def __init__(self, units=32, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def call(self, inputs):
            return keras.ops.matmul(inputs, self.w) + self.b

        def get_config(self):
            return dict(units=self.units, **super().get_config())

        def build(self, input_shape, layer_init):
            super().build(input_shape)
            self._input_shape = input_shape
            self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer=layer_init)
            self.b = self.add_weight(shape=(self.units,), initializer=layer_init)
            self.layer_init = layer_init

        def get_build_config(self):
            return {"layer_init": self.layer_init, "input_shape": self._input_shape}

        def build_from_config(self, config):
            self.build(config["input_shape"], config["layer_init"])

    class OwnConfigDense(keras.layers.Dense):
        def __init__(self, units, tag="t", **kwargs):
            super().__init__(units, **kwargs)
            self.tag = tag

        def get_config(self):
            self.super_config = super().get_config()
            return {**self.super_config, "tag": self.tag}

    class OwnConfigLayer(keras.layers.Layer):
        def __init__(self, factor, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def get_config(self):
            self.super_config = super().get_config()
            return {**self.super_config, "factor": self.factor}

    return {cls.__name__: cls for cls in (WithAssets, Silent, WithBuild, OwnConfigDense, OwnConfigLayer)}


def assets_model(keras: ModuleType, found: dict[str, type]) -> Any:
    return keras.Sequential(
        [
            found["WithAssets"](vocab="Mary had a <unk> lamb.", units=5, name="va"),
            found["Silent"](2, name="quiet"),
        ]
    )


def build_model(keras: ModuleType, found: dict[str, type]) -> Any:
    layer = found["WithBuild"](units=4, name="wb")
    layer.build(input_shape=(3,), layer_init="ones")  # no batch axis, as the guide builds it
    return keras.Sequential([layer, keras.layers.Dense(2, activation="tanh", name="after")])


def config_keys(keras: ModuleType, found: dict[str, type]) -> dict[str, list[str]]:
    """The keys of super().get_config() inside each class's own get_config."""
    keys = {}
    for name, layer in (("dense", found["OwnConfigDense"](3, name="own_dense")),
                        ("layer", found["OwnConfigLayer"](2.0, name="own_layer"))):  # fmt: skip
        layer.get_config()
        keys[name] = sorted(layer.super_config)
    return keys


def archive_record(path: Path) -> dict[str, Any]:
    """The asset names and the custom layer's entry of a ``.keras`` file."""
    import zipfile

    archive = zipfile.ZipFile(path)
    config = json.loads(archive.read("config.json"))["config"]
    entries = {entry["config"]["name"]: entry for entry in config["layers"][1:]}
    return {
        "assets_members": sorted(name for name in archive.namelist() if name.startswith("assets/")),
        "entries": entries,
        "build_input_shape": config.get("build_input_shape"),
    }


def main() -> None:
    import keras
    import numpy as np

    found = classes(keras)
    custom = {cls.__name__: cls for cls in found.values()}
    OUT.mkdir(parents=True, exist_ok=True)
    model = assets_model(keras, found)
    model(np.ones((2, 3), "float32"))
    model.save(OUT / "assets.keras")
    loaded = keras.models.load_model(OUT / "assets.keras", custom_objects=custom)
    record: dict[str, Any] = {
        "assets_members": archive_record(OUT / "assets.keras")["assets_members"],
        "vocab_loaded": loaded.get_layer("va").vocab,
        "silent_loaded": loaded.get_layer("quiet").handed,
    }
    model = build_model(keras, found)
    x = np.random.default_rng(3).random((5, 3)).astype("float32")
    record["y"] = np.asarray(model(x)).tolist()
    model.save(OUT / "build.keras")
    saved = archive_record(OUT / "build.keras")
    record["build_entry"] = saved["entries"]["wb"]["build_config"]
    record["build_input_shape"] = saved["build_input_shape"]
    record["x"] = x.tolist()
    record["weights"] = [w.tolist() for w in model.get_weights()]
    record["super_config"] = config_keys(keras, found)
    (OUT / "record.json").write_text(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()
