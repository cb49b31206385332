"""digits.data: loading, validation errors that name file/line/column, and the shaping helpers."""

import numpy as np
import pytest

from conftest import write_csv
from digits.data.kaggle_csv import PIXEL_COLUMNS, DataFormatError, load_test_csv, load_train_csv
from digits.data.network_input import one_hot, split_train_validation, to_network_input


def test_valid_train_file_round_trips(tmp_path, train_header, small_train_rows):
    path = write_csv(tmp_path / "train.csv", train_header, small_train_rows)
    images, labels = load_train_csv(path)
    assert images.shape == (5, 28, 28) and images.dtype == np.uint8
    assert labels.tolist() == [3, 1, 4, 1, 5]
    # pixel x = i * 28 + j: row i, column j of the image.
    assert images[2, 3, 5] == small_train_rows[2][1 + 3 * 28 + 5]


def test_cache_is_used_then_invalidated_when_the_csv_changes(tmp_path, train_header, small_train_rows):
    path = write_csv(tmp_path / "train.csv", train_header, small_train_rows)
    cache = tmp_path / "cache"
    load_train_csv(path, cache_dir=cache)
    assert len(list(cache.glob("train.csv.*.npy"))) == 1 and sorted(tmp_path.iterdir()) == [cache, path]
    changed = [row[:] for row in small_train_rows]
    changed[0][0] = 7
    write_csv(path, train_header, changed)
    _, labels = load_train_csv(path, cache_dir=cache)
    assert labels[0] == 7
    assert len(list(cache.glob("train.csv.*.npy"))) == 1


def test_test_file_loads(tmp_path, small_train_rows):
    path = write_csv(tmp_path / "test.csv", PIXEL_COLUMNS, [row[1:] for row in small_train_rows])
    images = load_test_csv(path)
    assert images.shape == (5, 28, 28) and images.dtype == np.uint8
    # Row by row, pixel k of a line is pixel (k // 28, k % 28) of its image.
    assert np.array_equal(images.reshape(5, -1), np.array([row[1:] for row in small_train_rows]))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda rows: rows[1].__setitem__(413, 300), r"line 3, column pixel412: pixel value 300 is outside 0-255"),
        (lambda rows: rows[0].__setitem__(20, -1), r"line 2, column pixel19: pixel value -1 is outside 0-255"),
        (lambda rows: rows[3].__setitem__(0, 10), r"line 5, column label: label 10 is outside 0-9"),
        (lambda rows: rows[2].__setitem__(5, "4.5"), r"line 4, column pixel4: '4.5' is not an integer"),
        (lambda rows: rows[2].__setitem__(6, "abc"), r"line 4, column pixel5: 'abc' is not an integer"),
        (lambda rows: rows[4].__setitem__(7, ""), r"line 6, column pixel6: empty or missing value"),
        (lambda rows: rows[1].__setitem__(8, "NaN"), r"line 3, column pixel7: empty or missing value"),
        (lambda rows: rows.__setitem__(4, rows[4][:300]), r"line 6 is truncated: 300 values, expected 785"),
        (lambda rows: rows[0].append(0), r"line 2 has too many fields: 786 values, expected 785"),
    ],
)
def test_bad_cells_are_reported_with_line_and_column(tmp_path, train_header, small_train_rows, mutate, message):
    mutate(small_train_rows)
    path = write_csv(tmp_path / "train.csv", train_header, small_train_rows)
    with pytest.raises(DataFormatError, match=message) as error:
        load_train_csv(path)
    assert str(path) in str(error.value)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (lambda h: ["Label", *h[1:]], r"line 1, column 1: found column 'Label', expected 'label'"),
        (lambda h: h[:-1], r"line 1: 1 missing column\(s\)"),
        (lambda h: [*h, "extra"], r"line 1: 1 extra column\(s\) after 'pixel783': 'extra'"),
        (lambda h: [h[0], *h[2:], h[1]], r"column 2: found column 'pixel1', expected 'pixel0'"),
    ],
)
def test_bad_headers_are_reported(tmp_path, train_header, small_train_rows, header, message):
    path = write_csv(tmp_path / "train.csv", header(train_header), small_train_rows)
    with pytest.raises(DataFormatError, match=message):
        load_train_csv(path)


def test_empty_and_header_only_files(tmp_path, train_header):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataFormatError, match="the file is empty"):
        load_train_csv(empty)
    header_only = write_csv(tmp_path / "header.csv", train_header, [])
    with pytest.raises(DataFormatError, match="no data rows"):
        load_train_csv(header_only)


def test_missing_file_says_how_to_get_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="make data"):
        load_train_csv(tmp_path / "absent.csv")


def test_a_failed_load_writes_no_cache(tmp_path, train_header, small_train_rows):
    small_train_rows[0][1] = 999
    path = write_csv(tmp_path / "train.csv", train_header, small_train_rows)
    with pytest.raises(DataFormatError):
        load_train_csv(path, cache_dir=tmp_path / "cache")
    assert list(tmp_path.iterdir()) == [path]


def test_network_input_is_scaled_and_shaped():
    images = np.array([[[0] * 28] * 28, [[255] * 28] * 28], dtype=np.uint8)
    scaled = to_network_input(images)
    assert scaled.shape == (2, 28, 28, 1) and scaled.dtype == np.float32
    assert scaled.min() == 0.0 and scaled.max() == 1.0
    with pytest.raises(ValueError, match=r"\(N, 28, 28\)"):
        to_network_input(np.zeros((2, 784)))


def test_one_hot():
    encoded = one_hot(np.array([0, 3, 9]))
    assert encoded.shape == (3, 10) and encoded.dtype == np.float32
    assert encoded.argmax(axis=1).tolist() == [0, 3, 9]
    assert encoded.sum(axis=1).tolist() == [1, 1, 1]
    with pytest.raises(ValueError, match="0-9"):
        one_hot(np.array([1, 10]))
    with pytest.raises(ValueError, match="integer labels"):
        one_hot(np.array([0.5]))


def test_split_matches_the_original_sizes_and_is_deterministic():
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, size=(100, 28, 28), dtype=np.uint8)
    labels = np.arange(100) % 10
    first, second = split_train_validation(images, labels), split_train_validation(images, labels)
    assert first.train_images.shape == (80, 28, 28, 1) and first.val_images.shape == (20, 28, 28, 1)
    assert np.array_equal(first.val_labels, second.val_labels)
    together = np.sort(np.concatenate([first.train_labels, first.val_labels]))
    assert np.array_equal(together, np.sort(labels))


def test_a_split_without_validation_keeps_every_image_for_training():
    images = np.arange(6 * 28 * 28, dtype=np.uint8).reshape(6, 28, 28) % 251
    split = split_train_validation(images, np.arange(6), validation_size=0)
    assert split.train_images.shape == (6, 28, 28, 1) and split.train_labels.tolist() == list(range(6))
    assert split.val_images.shape == (0, 28, 28, 1) and split.val_labels.shape == (0,)
