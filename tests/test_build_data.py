"""digits.data.build and digits.data.mnist_source: deterministic Kaggle-format files from MNIST."""

import hashlib
import re
import zipfile

import numpy as np
import pytest

from digits import config
from digits.data.build import build_data, load_mnist_places, write_kaggle_csvs
from digits.data.kaggle_csv import load_test_csv, load_train_csv
from digits.data.mnist_source import PICKLE_MEMBER, SourceError, read_source_pickle

HAS_BUILT_DATA = config.TEST_LABELS_CSV.is_file() and config.TRAIN_CSV.is_file()


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def synthetic_source():
    """60 fake images whose first pixel stores their index, so they are all different."""
    rng = np.random.default_rng(2)
    pixels = rng.integers(0, 256, size=(60, 784), dtype=np.uint8)
    pixels[:, 0] = np.arange(60)
    return pixels, (np.arange(60) % 10).astype(np.uint8)


def test_build_is_deterministic_and_complete(tmp_path, synthetic_source):
    pixels, labels = synthetic_source
    first = write_kaggle_csvs(pixels, labels, tmp_path / "a", train_size=40, progress=False)
    second = write_kaggle_csvs(pixels, labels, tmp_path / "b", train_size=40, progress=False)
    for name in first:
        assert sha256(first[name]) == sha256(second[name])
    train_images, train_labels = load_train_csv(first["train"], use_cache=False)
    test_images = load_test_csv(first["test"], use_cache=False)
    assert train_images.shape == (40, 28, 28) and test_images.shape == (20, 28, 28)
    # Nothing is lost and nothing is shared: the first pixels are the 60 indices exactly once.
    seen = np.concatenate([train_images[:, 0, 0], test_images[:, 0, 0]])
    assert sorted(seen.tolist()) == list(range(60))
    # The answer key gives each test image its true label, in test.csv's order, ImageId from 1.
    key = first["test_labels"].read_text().splitlines()
    assert key[0] == "ImageId,Label" and key[1].startswith("1,")
    for line, image in zip(key[1:], test_images):
        image_id, label = map(int, line.split(","))
        assert label == labels[image[0, 0]]
    assert len(list(tmp_path.rglob(".*partial*"))) == 0


def test_existing_csvs_are_kept(tmp_path, capsys):
    (tmp_path / "train.csv").write_text("mine")
    (tmp_path / "test.csv").write_text("mine too")
    result = build_data(tmp_path, tmp_path / "cache", progress=False)
    assert not result.built
    assert (tmp_path / "train.csv").read_text() == "mine"
    assert "Keeping the existing train.csv and test.csv" in capsys.readouterr().out


def test_existing_csvs_without_answer_key_say_so(tmp_path):
    (tmp_path / "train.csv").write_text("mine")
    (tmp_path / "test.csv").write_text("mine too")
    messages = []
    build_data(tmp_path, tmp_path / "cache", progress=False, log=messages.append)
    assert "without an answer key" in messages[0]


def test_one_csv_alone_is_an_error_naming_the_missing_one(tmp_path):
    (tmp_path / "train.csv").write_text("mine")
    with pytest.raises(FileNotFoundError, match="test.csv does not"):
        build_data(tmp_path, tmp_path / "cache", progress=False)


def test_a_wheel_with_the_wrong_pickle_is_refused(tmp_path):
    wheel = tmp_path / "fake.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(PICKLE_MEMBER, b"not mnist")
    with pytest.raises(SourceError, match="sha256"):
        read_source_pickle(wheel)
    (tmp_path / "broken.whl").write_bytes(b"garbage")
    with pytest.raises(SourceError, match="not a wheel"):
        read_source_pickle(tmp_path / "broken.whl")


@pytest.mark.skipif(not HAS_BUILT_DATA, reason="needs the data built by `make data`")
def test_built_files_match_the_recorded_checksums():
    recorded = dict(re.findall(r"`(\w+\.csv)` \|.*\| `([0-9a-f]{64})`", (config.DATA_DIR / "README.md").read_text()))
    assert set(recorded) == {"train.csv", "test.csv", "test_labels.csv"}
    for name, digest in recorded.items():
        assert sha256(config.DATA_DIR / name) == digest, name


@pytest.mark.skipif(not HAS_BUILT_DATA, reason="needs the data built by `make data`")
def test_built_data_has_kaggle_shapes_balance_and_no_shared_images():
    train_images, train_labels = load_train_csv()
    test_images = load_test_csv()
    assert train_images.shape == (42_000, 28, 28) and test_images.shape == (28_000, 28, 28)
    counts = np.bincount(train_labels, minlength=10)
    assert counts.sum() == 42_000 and counts.min() > 3_500 and counts.max() < 5_000
    assert counts.argmax() == 1 and counts.argmin() == 5  # many 1s, fewer 5s, as on Kaggle
    train_rows = {row.tobytes() for row in train_images.reshape(len(train_images), -1)}
    assert not any(row.tobytes() in train_rows for row in test_images.reshape(len(test_images), -1))
    key = np.loadtxt(config.TEST_LABELS_CSV, delimiter=",", skiprows=1, dtype=np.int64)
    assert key[:, 0].tolist() == list(range(1, 28_001))
    assert set(np.unique(key[:, 1])) == set(range(10))


def test_the_build_records_each_rows_place_in_mnist(tmp_path, synthetic_source):
    pixels, labels = synthetic_source  # pixel 0 holds each image's place in the source
    written = write_kaggle_csvs(pixels, labels, tmp_path, train_size=40, progress=False, mnist_train_size=45)
    places = load_mnist_places(written["mnist_places"])
    assert len(places) == 60 and places["file"].value_counts().to_dict() == {"train.csv": 40, "test.csv": 20}
    train_images, _ = load_train_csv(written["train"], use_cache=False)
    test_images = load_test_csv(written["test"], use_cache=False)
    for file, images in (("train.csv", train_images), ("test.csv", test_images)):
        rows = places[places["file"] == file].sort_values("row")
        assert rows["row"].tolist() == list(range(len(images)))
        source_place = np.where(rows["mnist_set"] == "train", rows["mnist_index"], rows["mnist_index"] + 45)
        assert source_place.tolist() == images[:, 0, 0].tolist()


def test_csvs_from_elsewhere_have_no_record_of_mnist_places(tmp_path):
    (tmp_path / "train.csv").write_text("mine")
    (tmp_path / "test.csv").write_text("mine too")
    build_data(tmp_path, tmp_path / "cache", progress=False, log=lambda line: None)
    with pytest.raises(FileNotFoundError, match="no record of their MNIST places"):
        load_mnist_places(tmp_path / "mnist_places.csv")
