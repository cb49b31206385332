"""Load and validate the Kaggle CSVs (train.csv with labels, test.csv without): every bad cell named."""

import csv
import hashlib
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from digits import config
from digits.atomic import atomic_path

PIXEL_COLUMNS = [f"pixel{index}" for index in range(config.NUM_PIXELS)]

TRAIN_COLUMNS = ["label", *PIXEL_COLUMNS]


class DataFormatError(ValueError):
    """A CSV that is not in the Kaggle Digit Recognizer format; the message names file, line and column."""

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


def _cache_path(path, cache_dir):
    """The validated-array cache for `path` in `cache_dir`, named after the file's place, size and
    modification time: any change to the CSV changes its name, so a stale cache is never read."""
    status = path.stat()
    place = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    return Path(cache_dir) / f"{path.name}.{place}.{status.st_size}-{status.st_mtime_ns}.npy"


def _read_validated(path, columns, validate, use_cache, cache_dir=None):
    """Return `path` as a uint8 array, validated by `validate`, via the cache when allowed (in
    `cache_dir`, by default config.ARRAY_CACHE_DIR: never beside the data)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: run `make data` to build it from MNIST, or copy Kaggle's file there")
    cache = _cache_path(path, config.ARRAY_CACHE_DIR if cache_dir is None else cache_dir)
    if use_cache and cache.is_file():
        return np.load(cache)
    values = read_digits_csv(path, columns)
    validate(values)
    values = values.astype(np.uint8)
    if use_cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for stale in cache.parent.glob(cache.name.rsplit(".", 2)[0] + ".*.npy"):
            stale.unlink(missing_ok=True)
        with atomic_path(cache) as temporary:
            with open(temporary, "wb") as stream:
                np.save(stream, values)
    return values


def load_train_csv(path=None, use_cache=True, cache_dir=None):
    """Return train.csv as images (N, 28, 28) uint8 and labels (N,) int64."""
    path = config.TRAIN_CSV if path is None else path

    def validate(values):
        _check_range(path, values[:, :1], TRAIN_COLUMNS, 0, 9, "label")
        _check_range(path, values[:, 1:], TRAIN_COLUMNS[1:], 0, 255, "pixel value")

    values = _read_validated(path, TRAIN_COLUMNS, validate, use_cache, cache_dir)
    images = values[:, 1:].reshape(-1, config.IMAGE_SIDE, config.IMAGE_SIDE)
    return images, values[:, 0].astype(np.int64)


def load_test_csv(path=None, use_cache=True, cache_dir=None):
    """Return test.csv as images (N, 28, 28) uint8."""
    path = config.TEST_CSV if path is None else path

    def validate(values):
        _check_range(path, values, PIXEL_COLUMNS, 0, 255, "pixel value")

    values = _read_validated(path, PIXEL_COLUMNS, validate, use_cache, cache_dir)
    return values.reshape(-1, config.IMAGE_SIDE, config.IMAGE_SIDE)
