"""ReduceLROnPlateau and LearningRateScheduler train as Keras 3 does: the same losses, learning
rates and final weights (tests/fixtures/lr_callbacks, made by tools/keras_fixtures/lr_callbacks.py
with Keras 3.15.1)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import Dense, Sequential, optimizers
from statefulrnn.callbacks import LearningRateScheduler, ReduceLROnPlateau

FIXTURES = Path(__file__).parent / "fixtures" / "lr_callbacks"
CASES = sorted(path.stem for path in FIXTURES.glob("*.npz"))
SCHEDULES = {
    "halve_after_2": lambda epoch, learning_rate: learning_rate if epoch < 2 else learning_rate * 0.5,
    "table": lambda epoch: [0.3, 0.2, 0.1, 0.05, 0.05, 0.01][epoch],
}


def _model(case: dict, optimizer) -> Sequential:
    model = Sequential([Dense(1, input_shape=(3,))])
    model.layers[0].set_weights([case["kernel"], case["bias"]])
    model.compile(optimizer=optimizer, loss="mse")
    return model


def _callback(spec: dict):
    if spec["callback"] == "ReduceLROnPlateau":
        return ReduceLROnPlateau(**spec["arguments"])
    return LearningRateScheduler(SCHEDULES[spec["schedule"]])


def _load(name: str) -> dict:
    with np.load(FIXTURES / f"{name}.npz") as data:
        case = {key: data[key] for key in data.files}
    case["spec"] = json.loads(str(case["spec"]))
    return case


def test_all_fixtures_are_found() -> None:
    assert CASES == ["plateau", "scheduler_one_argument", "scheduler_two_arguments"]


@pytest.mark.parametrize("torch_optimizer", [False, True], ids=["ours", "torch"])
@pytest.mark.parametrize("name", CASES)
def test_training_with_the_callback_matches_keras(name: str, torch_optimizer: bool) -> None:
    case = _load(name)
    spec = case["spec"]
    model = Sequential([Dense(1, input_shape=(3,))])
    model.layers[0].set_weights([case["kernel"], case["bias"]])
    # torch's SGD reads each group's "lr", which the callbacks set there
    optimizer = (
        torch.optim.SGD(model.parameters(), lr=0.5) if torch_optimizer else optimizers.SGD(learning_rate=0.5)
    )
    model.compile(optimizer=optimizer, loss="mse")
    history = model.fit(
        case["x"], case["y"], batch_size=16, epochs=spec["epochs"], shuffle=False, verbose=0,
        callbacks=[_callback(spec)],
    )  # fmt: skip
    np.testing.assert_allclose(history.history["learning_rate"], case["history_learning_rate"], rtol=1e-6)
    np.testing.assert_allclose(history.history["loss"], case["history_loss"], rtol=1e-4)
    kernel, bias = model.layers[0].get_weights()
    np.testing.assert_allclose(kernel, case["kernel_after"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(bias, case["bias_after"], rtol=1e-4, atol=1e-5)


def test_one_instance_serves_two_fits_from_a_fresh_start() -> None:
    case = _load("plateau")
    callback = _callback(case["spec"])
    for _ in range(2):
        model = _model(case, optimizers.SGD(learning_rate=0.5))
        history = model.fit(
            case["x"], case["y"], batch_size=16, epochs=12, shuffle=False, verbose=0, callbacks=[callback]
        )
        np.testing.assert_allclose(history.history["learning_rate"], case["history_learning_rate"], rtol=1e-6)


def test_a_schedule_raising_typeerror_is_not_called_again_with_one_argument() -> None:
    """Keras retries schedule(epoch) after any TypeError; the signature decides here."""

    def schedule(epoch: int, learning_rate: float) -> float:
        raise TypeError("inside the schedule")

    model = Sequential([Dense(1, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(TypeError, match="inside the schedule"):
        model.fit(
            np.ones((4, 3)), np.ones((4, 1)), epochs=1, verbose=0, callbacks=[LearningRateScheduler(schedule)]
        )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ReduceLROnPlateau(factor=1.0), r"does not support a factor >= 1\.0\. Received factor=1\.0"),
        (lambda: ReduceLROnPlateau(patience=-1), r"patience must be >= 0"),
        (lambda: LearningRateScheduler(0.1), r"schedule must be a function"),
    ],
)
def test_bad_arguments_are_refused(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_a_schedule_returning_no_number_is_refused_at_the_epoch_it_does() -> None:
    model = Sequential([Dense(1, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse")
    scheduler = LearningRateScheduler(lambda epoch: "fast")
    with pytest.raises(
        ValueError, match=r"The output of the `schedule` function should be a float\. Got: 'fast'"
    ):
        model.fit(np.ones((4, 3)), np.ones((4, 1)), epochs=1, verbose=0, callbacks=[scheduler])


def test_keras_2s_epsilon_is_min_delta_and_verbose_prints(capsys: pytest.CaptureFixture) -> None:
    with pytest.warns(UserWarning, match="`epsilon` argument is deprecated"):
        # a min_delta no epoch's gain reaches, whatever the weights drawn: epoch 2 reduces
        callback = ReduceLROnPlateau(monitor="loss", epsilon=1e6, patience=0, verbose=1)
    assert callback.min_delta == 1e6
    model = Sequential([Dense(1, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((4, 3)), np.ones((4, 1)), epochs=2, verbose=0, callbacks=[callback])
    # Keras 3.15's message for the same fit: the float32 rate read back, times the factor
    expected = "Epoch 2: ReduceLROnPlateau reducing learning rate to 0.0009999999776482583."
    assert expected in capsys.readouterr().out
