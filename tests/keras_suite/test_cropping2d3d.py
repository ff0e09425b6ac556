"""Port of ``keras/src/layers/reshaping/cropping2d_test.py`` and ``cropping3d_test.py`` from
keras-team/keras v3.15.1 (commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs,
expected ranges and messages unchanged. Keras draws its inputs from an unseeded ``np.random``;
here the generator is seeded.

Every test is ported.
Changed:
- test_cropping_2d and test_cropping_3d(_with_same_cropping) run ``check_weightless_layer``
  (Keras's ``run_layer_test``: config round trip, symbolic and eager outputs, no weights, a
  backward pass); it also asserts ``supports_masking`` False, which Keras's layers have.
  ``ops.convert_to_tensor`` of the expected slice is the numpy slice.
- test_cropping_2d_with_dynamic_spatial_dim and test_cropping_3d_with_dynamic_spatial_dim run
  once per image data format (the `image_data_format` fixture sets it), so both of Keras's
  branches run.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from statefulrnn import layers

from .weightless_checks import check_weightless_layer

_RNG = np.random.default_rng(0)
DATA_FORMATS = ["channels_first", "channels_last"]

CROPPING_2D_CASES = [
    # different cropping values
    {"cropping": ((1, 2), (3, 4)), "expected_ranges": ((1, 5), (3, 5))},
    # same cropping values with 2 tuples
    {"cropping": ((2, 2), (2, 2)), "expected_ranges": ((2, 5), (2, 7))},
    # same cropping values with 1 tuple
    {"cropping": (2, 2), "expected_ranges": ((2, 5), (2, 7))},
    # same cropping values with an integer
    {"cropping": 2, "expected_ranges": ((2, 5), (2, 7))},
    # cropping right only in both dimensions
    {"cropping": ((0, 2), (0, 4)), "expected_ranges": ((0, 5), (0, 5))},
    # cropping left only in both dimensions
    {"cropping": ((1, 0), (3, 0)), "expected_ranges": ((1, 7), (3, 9))},
    # cropping left only in rows dimension
    {"cropping": ((1, 0), (3, 4)), "expected_ranges": ((1, 7), (3, 5))},
    # cropping left only in cols dimension
    {"cropping": ((1, 2), (3, 0)), "expected_ranges": ((1, 5), (3, 9))},
]


@pytest.mark.parametrize(("case", "data_format"), list(itertools.product(CROPPING_2D_CASES, DATA_FORMATS)))
def test_cropping_2d(case, data_format) -> None:
    cropping, expected_ranges = case["cropping"], case["expected_ranges"]
    if data_format == "channels_first":
        inputs = _RNG.random((3, 5, 7, 9))
        expected_output = inputs[
            :,
            :,
            expected_ranges[0][0] : expected_ranges[0][1],
            expected_ranges[1][0] : expected_ranges[1][1],
        ]
    else:
        inputs = _RNG.random((3, 7, 9, 5))
        expected_output = inputs[
            :,
            expected_ranges[0][0] : expected_ranges[0][1],
            expected_ranges[1][0] : expected_ranges[1][1],
            :,
        ]

    check_weightless_layer(
        layers.Cropping2D,
        init_kwargs={"cropping": cropping, "data_format": data_format},
        input_data=inputs,
        expected_output=expected_output,
        supports_masking=False,
    )


def test_cropping_2d_with_dynamic_spatial_dim(image_data_format: str) -> None:
    if image_data_format == "channels_last":
        input_layer = layers.Input(batch_shape=(1, 7, None, 5))
    else:
        input_layer = layers.Input(batch_shape=(1, 5, 7, None))
    cropped = layers.Cropping2D(((1, 2), (3, 4)))(input_layer)
    if image_data_format == "channels_last":
        assert cropped.shape == (1, 4, None, 5)
    else:
        assert cropped.shape == (1, 5, 4, None)


@pytest.mark.parametrize(
    ("cropping", "data_format"),
    list(itertools.product([((3, 6), (0, 0)), ((0, 0), (5, 4))], DATA_FORMATS)),
)
def test_cropping_2d_errors_if_cropping_more_than_available(cropping, data_format) -> None:
    input_layer = layers.Input(batch_shape=(3, 7, 9, 5))
    with pytest.raises(ValueError):
        layers.Cropping2D(cropping=cropping, data_format=data_format)(input_layer)


def test_cropping_2d_errors_if_cropping_argument_invalid() -> None:
    with pytest.raises(ValueError):
        layers.Cropping2D(cropping=(1,))
    with pytest.raises(ValueError):
        layers.Cropping2D(cropping=(1, 2, 3))
    with pytest.raises(ValueError):
        layers.Cropping2D(cropping="1")
    with pytest.raises(ValueError):
        layers.Cropping2D(cropping=((1, 2), (3, 4, 5)))
    with pytest.raises(ValueError):
        layers.Cropping2D(cropping=((1, 2), (3, -4)))
    with pytest.raises(ValueError):
        layers.Cropping2D(cropping=((1, 2), "3"))


@pytest.mark.parametrize(
    ("cropping", "input_shape", "data_format"),
    [
        (*case, data_format)
        for case, data_format in itertools.product(
            [
                (((4, 5), (0, 0)), (3, 8, 9, 5)),
                (((0, 0), (5, 5)), (3, 8, 9, 5)),
                (((6, 3), (0, 0)), (3, 8, 9, 5)),
                (((0, 0), (7, 3)), (3, 8, 9, 5)),
            ],
            DATA_FORMATS,
        )
    ],
)
def test_cropping_2d_error_on_excessive_cropping(cropping, input_shape, data_format) -> None:
    inputs = _RNG.random(input_shape)

    with pytest.raises(
        ValueError,
        match=r"Values in `cropping` argument should be smaller than the "
        r"corresponding spatial dimension of the input.",
    ):
        layer = layers.Cropping2D(cropping=cropping, data_format=data_format)
        _ = layer(inputs)


DIM1 = [
    {"dim1_cropping": (1, 2), "dim1_expected": (1, 5)},  # both
    {"dim1_cropping": (0, 2), "dim1_expected": (0, 5)},  # left only
    {"dim1_cropping": (1, 0), "dim1_expected": (1, 7)},  # right only
]
DIM2 = [
    {"dim2_cropping": (3, 4), "dim2_expected": (3, 5)},  # both
    {"dim2_cropping": (0, 4), "dim2_expected": (0, 5)},  # left only
    {"dim2_cropping": (3, 0), "dim2_expected": (3, 9)},  # right only
]
DIM3 = [
    {"dim3_cropping": (5, 6), "dim3_expected": (5, 7)},  # both
    {"dim3_cropping": (0, 6), "dim3_expected": (0, 7)},  # left only
    {"dim3_cropping": (5, 0), "dim3_expected": (5, 13)},  # right only
]


def _check_cropping_3d(cropping, data_format, expected) -> None:
    if data_format == "channels_first":
        inputs = _RNG.random((3, 5, 7, 9, 13))
        expected_output = inputs[
            :,
            :,
            expected[0][0] : expected[0][1],
            expected[1][0] : expected[1][1],
            expected[2][0] : expected[2][1],
        ]
    else:
        inputs = _RNG.random((3, 7, 9, 13, 5))
        expected_output = inputs[
            :,
            expected[0][0] : expected[0][1],
            expected[1][0] : expected[1][1],
            expected[2][0] : expected[2][1],
            :,
        ]

    check_weightless_layer(
        layers.Cropping3D,
        init_kwargs={"cropping": cropping, "data_format": data_format},
        input_data=inputs,
        expected_output=expected_output,
        supports_masking=False,
    )


@pytest.mark.parametrize(
    ("dim1", "dim2", "dim3", "data_format"), list(itertools.product(DIM1, DIM2, DIM3, DATA_FORMATS))
)
def test_cropping_3d(dim1, dim2, dim3, data_format) -> None:
    cropping = (dim1["dim1_cropping"], dim2["dim2_cropping"], dim3["dim3_cropping"])
    expected = (dim1["dim1_expected"], dim2["dim2_expected"], dim3["dim3_expected"])
    _check_cropping_3d(cropping, data_format, expected)


@pytest.mark.parametrize(
    ("cropping", "expected", "data_format"),
    [
        (*case, data_format)
        for case, data_format in itertools.product(
            [
                # same cropping values with 3 tuples
                (((2, 2), (2, 2), (2, 2)), ((2, 5), (2, 7), (2, 11))),
                # same cropping values with 1 tuple
                ((2, 2, 2), ((2, 5), (2, 7), (2, 11))),
                # same cropping values with an integer
                (2, ((2, 5), (2, 7), (2, 11))),
            ],
            DATA_FORMATS,
        )
    ],
)
def test_cropping_3d_with_same_cropping(cropping, expected, data_format) -> None:
    _check_cropping_3d(cropping, data_format, expected)


def test_cropping_3d_with_dynamic_spatial_dim(image_data_format: str) -> None:
    if image_data_format == "channels_last":
        input_layer = layers.Input(batch_shape=(1, 7, None, 13, 5))
    else:
        input_layer = layers.Input(batch_shape=(1, 5, 7, None, 13))
    cropped = layers.Cropping3D(((1, 2), (3, 4), (5, 6)))(input_layer)
    if image_data_format == "channels_last":
        assert cropped.shape == (1, 4, None, 2, 5)
    else:
        assert cropped.shape == (1, 5, 4, None, 2)


@pytest.mark.parametrize(
    ("cropping", "data_format"),
    list(
        itertools.product(
            [((3, 6), (0, 0), (0, 0)), ((0, 0), (5, 8), (0, 0)), ((0, 0), (0, 0), (7, 6))], DATA_FORMATS
        )
    ),
)
def test_cropping_3d_errors_if_cropping_more_than_available(cropping, data_format) -> None:
    input_layer = layers.Input(batch_shape=(3, 7, 9, 13, 5))
    with pytest.raises(ValueError):
        layers.Cropping3D(cropping=cropping, data_format=data_format)(input_layer)


def test_cropping_3d_errors_if_cropping_argument_invalid() -> None:
    with pytest.raises(ValueError):
        layers.Cropping3D(cropping=(1,))
    with pytest.raises(ValueError):
        layers.Cropping3D(cropping=(1, 2))
    with pytest.raises(ValueError):
        layers.Cropping3D(cropping=(1, 2, 3, 4))
    with pytest.raises(ValueError):
        layers.Cropping3D(cropping="1")
    with pytest.raises(ValueError):
        layers.Cropping3D(cropping=((1, 2), (3, 4), (5, 6, 7)))
    with pytest.raises(ValueError):
        layers.Cropping3D(cropping=((1, 2), (3, 4), (5, -6)))
    with pytest.raises(ValueError):
        layers.Cropping3D(cropping=((1, 2), (3, 4), "5"))


@pytest.mark.parametrize(
    ("cropping", "data_format"),
    list(
        itertools.product(
            [((8, 1), (1, 1), (1, 1)), ((1, 1), (10, 1), (1, 1)), ((1, 1), (1, 1), (14, 1))], DATA_FORMATS
        )
    ),
)
def test_cropping_3d_with_excessive_cropping(cropping, data_format) -> None:
    if data_format == "channels_first":
        shape = (3, 5, 7, 9, 13)
        input_layer = layers.Input(batch_shape=shape)
    else:
        shape = (3, 7, 9, 13, 5)
        input_layer = layers.Input(batch_shape=shape)

    expected_error_msg = "Values in `cropping` argument should be smaller than the"

    with pytest.raises(ValueError, match=expected_error_msg):
        layers.Cropping3D(cropping=cropping, data_format=data_format)(input_layer)
