"""Load and validate the Kaggle CSVs, and shape them for a network: reshape, one-hot, split."""

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from digits import config
from digits.atomic import atomic_path

PIXEL_COLUMNS = [f"pixel{index}" for index in range(config.NUM_PIXELS)]
TRAIN_COLUMNS = ["label", *PIXEL_COLUMNS]
VALIDATION_FRACTION = 0.2  # the original analysis' 80/20 split: 33,600 / 8,400


class DataFormatError(ValueError):
    """A CSV that is not in the Kaggle Digit Recognizer format; the message names file, line and column."""


@dataclass(frozen=True)
class Split:
    """Images (N, 28, 28, 1) float32 in [0, 1] and integer labels, for training and validation."""

    train_images: np.ndarray
    train_labels: np.ndarray
    val_images: np.ndarray
    val_labels: np.ndarray


def _check_header(path, expected):
    """Raise DataFormatError unless the first line of `path` is exactly `expected`."""
    with open(path, newline="") as stream:
        header = next(csv.reader(stream), None)
    if header is None:
        raise DataFormatError(f"{path}: the file is empty (expected a header line {expected[0]},{expected[1]},...)")
    header = [name.strip() for name in header]
    if header == expected:
        return
    for position, (found, wanted) in enumerate(zip(header, expected), start=1):
        if found != wanted:
            raise DataFormatError(f"{path} line 1, column {position}: found column {found!r}, expected {wanted!r}")
    if len(header) > len(expected):
        extra = ", ".join(repr(name) for name in header[len(expected):][:3])
        raise DataFormatError(f"{path} line 1: {len(header) - len(expected)} extra column(s) after {expected[-1]!r}: {extra}")
    raise DataFormatError(
        f"{path} line 1: {len(expected) - len(header)} missing column(s): expected {len(expected)}, "
        f"the header ends at {header[-1]!r}"
    )


def _locate_bad_cell(path, columns):
    """Scan `path` line by line for the first cell that is not an integer; raise DataFormatError naming it."""
    with open(path, newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        for line_number, row in enumerate(reader, start=2):
            if len(row) != len(columns):
                problem = "is truncated" if len(row) < len(columns) else "has too many fields"
                raise DataFormatError(f"{path} line {line_number:,} {problem}: {len(row)} values, expected {len(columns)}")
            for name, cell in zip(columns, row):
                text = cell.strip()
                if text == "" or text.lower() in {"nan", "na", "null"}:
                    raise DataFormatError(f"{path} line {line_number:,}, column {name}: empty or missing value {cell!r}")
                try:
                    int(text)
                except ValueError:
                    raise DataFormatError(
                        f"{path} line {line_number:,}, column {name}: {cell!r} is not an integer"
                    ) from None
    raise DataFormatError(f"{path}: could not be parsed as CSV")


def _check_range(path, values, columns, low, high, what):
    """Raise DataFormatError at the first value outside [low, high], naming its line and column."""
    bad = (values < low) | (values > high)
    if bad.any():
        row, column = np.argwhere(bad)[0]
        raise DataFormatError(
            f"{path} line {row + 2:,}, column {columns[column]}: {what} {values[row, column]} is outside {low}-{high}"
        )


def read_digits_csv(path, columns):
    """Read a Kaggle-format CSV with exactly `columns` into an int32 array (rows, columns), validated.

    The fast path is pyarrow's multithreaded parser; when it refuses a file, a line-by-line scan
    finds the exact line and column to report.
    """
    _check_header(path, columns)
    # int32 rather than uint8, so that out-of-range values reach the range check with their real value.
    convert = pacsv.ConvertOptions(column_types={name: pa.int32() for name in columns}, strings_can_be_null=False)
    try:
        table = pacsv.read_csv(path, convert_options=convert)
    except pa.ArrowInvalid:
        _locate_bad_cell(path, columns)
    if table.num_rows == 0:
        raise DataFormatError(f"{path}: has a header but no data rows")
    for name in columns:
        nulls = table.column(name).null_count
        if nulls:
            row = int(np.flatnonzero(table.column(name).is_null().to_numpy(zero_copy_only=False))[0])
            raise DataFormatError(f"{path} line {row + 2:,}, column {name}: empty or missing value")
    return np.column_stack([table.column(name).to_numpy() for name in columns])


def _cache_path(path):
    """The validated-array cache for `path`, named after its size and modification time.

    Any change to the CSV changes its stamp, so a stale cache is never read.
    """
    status = path.stat()
    return path.with_name(f".{path.name}.{status.st_size}-{status.st_mtime_ns}.npy")


def _read_validated(path, columns, validate, use_cache):
    """Return `path` as a uint8 array, validated by `validate`, via the cache when allowed."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: run `make data` to build it from MNIST, or copy Kaggle's file there")
    cache = _cache_path(path)
    if use_cache and cache.is_file():
        return np.load(cache)
    values = read_digits_csv(path, columns)
    validate(values)
    values = values.astype(np.uint8)
    if use_cache:
        for stale in path.parent.glob(f".{path.name}.*.npy"):
            stale.unlink(missing_ok=True)
        with atomic_path(cache) as temporary:
            with open(temporary, "wb") as stream:
                np.save(stream, values)
    return values


def load_train_csv(path=config.TRAIN_CSV, use_cache=True):
    """Return train.csv as images (N, 28, 28) uint8 and labels (N,) int64."""

    def validate(values):
        _check_range(path, values[:, :1], TRAIN_COLUMNS, 0, 9, "label")
        _check_range(path, values[:, 1:], TRAIN_COLUMNS[1:], 0, 255, "pixel value")

    values = _read_validated(path, TRAIN_COLUMNS, validate, use_cache)
    images = values[:, 1:].reshape(-1, config.IMAGE_SIDE, config.IMAGE_SIDE)
    return images, values[:, 0].astype(np.int64)


def load_test_csv(path=config.TEST_CSV, use_cache=True):
    """Return test.csv as images (N, 28, 28) uint8."""

    def validate(values):
        _check_range(path, values, PIXEL_COLUMNS, 0, 255, "pixel value")

    values = _read_validated(path, PIXEL_COLUMNS, validate, use_cache)
    return values.reshape(-1, config.IMAGE_SIDE, config.IMAGE_SIDE)


def to_network_input(images):
    """Reshape uint8 images (N, 28, 28) to (N, 28, 28, 1) float32 scaled to [0, 1].

    The original notebook fed raw 0-255 values, which made its first epoch's loss 8.9.
    """
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (config.IMAGE_SIDE, config.IMAGE_SIDE):
        raise ValueError(f"expected images of shape (N, 28, 28), got {images.shape}")
    return (images.astype(np.float32) / 255.0)[..., np.newaxis]


def one_hot(labels, num_classes=config.NUM_CLASSES):
    """Encode integer labels as float32 one-hot rows: 3 -> [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"expected a 1-D array of integer labels, got {labels.dtype} of shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in 0-{num_classes - 1}; found {labels.min()}-{labels.max()}")
    return np.eye(num_classes, dtype=np.float32)[labels]


def split_train_validation(images, labels, seed=config.SEED, validation_size=VALIDATION_FRACTION):
    """Split uint8 images and labels; by default as the original analysis did (42,000 -> 33,600 / 8,400).

    `validation_size` is a fraction of the images or, as an int, a number of them; 0 keeps every
    image for training (in their order) and leaves the validation part empty.
    """
    from sklearn.model_selection import train_test_split

    if validation_size == 0:
        return Split(to_network_input(images), np.asarray(labels), to_network_input(images[:0]), np.asarray(labels)[:0])

    train_images, val_images, train_labels, val_labels = train_test_split(
        images, labels, test_size=validation_size, random_state=seed
    )
    return Split(to_network_input(train_images), train_labels, to_network_input(val_images), val_labels)
