"""Shared fixtures: small crafted Kaggle-format files."""

import numpy as np
import pytest

from digits.data import PIXEL_COLUMNS


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
