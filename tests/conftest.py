"""Shared fixtures: small crafted Kaggle-format files."""

import numpy as np
import pytest

from digits import config
from digits.data.kaggle_csv import PIXEL_COLUMNS


@pytest.fixture(autouse=True)
def array_cache_of_the_test(tmp_path_factory, monkeypatch):
    """CSVs a test writes are cached in a folder of the test session, not in the project's .cache."""
    monkeypatch.setattr(config, "ARRAY_CACHE_DIR", tmp_path_factory.getbasetemp() / "array_cache")


def bar_digits(count, seed):
    """`count` synthetic uint8 digits and labels: noise with a bright bar whose row encodes the
    label, learnable in one epoch."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, count)
    images = rng.integers(0, 40, size=(count, 28, 28)).astype(np.uint8)
    for image, label in zip(images, labels):
        image[4 + 2 * label: 6 + 2 * label, 4:24] = 255
    return images, labels


def write_csv(path, header, rows):
    """Write `rows` (lists of cells, any type) under `header` as a CSV and return the path."""
    lines = [",".join(header)] + [",".join(str(cell) for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def small_train_rows():
    """Five valid train rows: label then 784 pixels, deterministic."""
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(5, 784))
    return [[label, *row] for label, row in zip([3, 1, 4, 1, 5], pixels.tolist())]


@pytest.fixture
def train_header():
    return ["label", *PIXEL_COLUMNS]


def tiny_network(seed):
    """A one-layer network, seeded: enough to save, load and predict in a test."""
    import keras

    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
