"""Which data a model was trained on, and the guard that refuses to score it on other data.

This project's data/ is its own split of MNIST's 70,000 images (42,000 / 28,000). Kaggle's
train.csv and test.csv are the same 70,000 images split differently, so a model trained here has
seen most of Kaggle's test images (and the reverse): scored on them, it would report a leaked,
meaningless accuracy. Every model's history therefore records the SHA-256 of data/train.csv when it
was trained, and evaluating it beside another train.csv is refused unless asked for explicitly.
Reading a user's own image files (`predict`, the canvas) is not evaluation and is not guarded.
"""

import functools
import hashlib
from pathlib import Path

from digits import config


class OtherDataError(RuntimeError):
    """A model was trained beside another train.csv than the data it is asked to be evaluated on."""


@functools.lru_cache(maxsize=8)
def _sha256_of(path, size, modified):  # size and mtime: a changed file is hashed again
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_sha256(path):
    """The SHA-256 of a file's bytes (hashed once per process while the file is unchanged)."""
    stat = Path(path).stat()
    return _sha256_of(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)


def training_data_fingerprint(train_csv=None):
    """What a model trained now records as its data: the SHA-256 of `train_csv`, or "" without one."""
    train_csv = config.TRAIN_CSV if train_csv is None else train_csv
    return file_sha256(train_csv) if Path(train_csv).is_file() else ""


def trained_beside(history, train_csv=None):
    """Whether a model's TrainingHistory says it was trained beside `train_csv` as it is now. A
    history that records no data (trained before records carried it, or on arrays of its own) does."""
    train_csv = config.TRAIN_CSV if train_csv is None else train_csv
    return not history.train_data_sha256 or training_data_fingerprint(train_csv) == history.train_data_sha256


def check_same_training_data(name, history, train_csv=None):
    """Raise OtherDataError unless model `name` (its TrainingHistory) was trained beside `train_csv`
    as it is now (`trained_beside`)."""
    train_csv = config.TRAIN_CSV if train_csv is None else train_csv
    if trained_beside(history, train_csv):
        return
    recorded, here = history.train_data_sha256, training_data_fingerprint(train_csv)
    found = f"{train_csv} has SHA-256 {here[:12]}..." if here else f"there is no {train_csv} to compare with"
    raise OtherDataError(
        f"{name} was trained beside a train.csv with SHA-256 {recorded[:12]}..., and {found}: these are other "
        "data, and the model may have seen their test images (this project's split and Kaggle's hold the same "
        "70,000 MNIST images, split differently), so any score on them would be leaked. Run `make run` to "
        "retrain every model on your CSVs (put them in data/ first), or pass --allow-other-data to the "
        "command line to go on anyway.")
