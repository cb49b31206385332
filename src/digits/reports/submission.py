"""Kaggle submissions (ImageId,Label) and their scoring against the local answer key."""

from pathlib import Path

import numpy as np
import pandas as pd

from digits import config
from digits.atomic import atomic_path


class NoAnswerKeyError(FileNotFoundError):
    """test_labels.csv is absent, as it is for a user's own Kaggle download."""


def write_submission(guesses, path):
    """Write one guess per test.csv row as `ImageId,Label` (ImageId from 1), atomically."""
    guesses = np.asarray(guesses)
    frame = pd.DataFrame({"ImageId": np.arange(1, len(guesses) + 1), "Label": guesses.astype(int)})
    with atomic_path(path) as temporary:
        frame.to_csv(temporary, index=False)
    return Path(path)


def make_submission(model, path, test_csv=None):
    """Predict every image of test.csv with `model` and write the submission to `path`.

    Returns the guesses.
    """
    test_csv = config.TEST_CSV if test_csv is None else test_csv
    from digits.data.kaggle_csv import load_test_csv
    from digits.data.network_input import to_network_input
    from digits.evaluation.predictions import predict_probabilities

    guesses = predict_probabilities(model, to_network_input(load_test_csv(test_csv))).argmax(axis=1)
    _check_against_sample(len(guesses), Path(test_csv).parent / KAGGLE_SAMPLE_SUBMISSION)
    write_submission(guesses, path)
    return guesses


# Kaggle's competition folder holds this beside test.csv: the ImageIds it expects, in its order.
KAGGLE_SAMPLE_SUBMISSION = "sample_submission.csv"


def _check_against_sample(rows, sample):
    """Refuse to write a submission whose ImageIds (1 to `rows`) are not those of Kaggle's sample, if present."""
    if not sample.is_file():
        return
    expected = pd.read_csv(sample, usecols=["ImageId"])["ImageId"].to_numpy()
    if not np.array_equal(expected, np.arange(1, rows + 1)):
        raise ValueError(f"{sample} lists {len(expected):,} ImageIds, not 1 to {rows:,} in order as the "
                         f"{rows:,} rows of test.csv beside it: is it from another competition's data?")


def describe_test_score(path, key_path=None):
    """A one-line test-accuracy report for a submission, or why there is none (no answer key)."""
    key_path = config.TEST_LABELS_CSV if key_path is None else key_path
    try:
        score, errors = score_submission(path, key_path)
    except NoAnswerKeyError as missing:
        return str(missing)
    return f"{Path(path).name}: test accuracy {score:.4%} ({errors} errors in {len(load_answer_key(key_path)):,})"


def read_id_label_csv(path, expected_rows=None):
    """Read an `ImageId,Label` file, checking header, ids 1..N in order and labels 0-9."""
    path = Path(path)
    frame = pd.read_csv(path)
    if list(frame.columns) != ["ImageId", "Label"]:
        raise ValueError(f"{path}: header is {','.join(map(str, frame.columns))}, expected ImageId,Label")
    for column in frame.columns:
        if not pd.api.types.is_integer_dtype(frame[column]):
            bad = frame[column][pd.to_numeric(frame[column], errors="coerce").isna()].index[0]
            raise ValueError(f"{path} line {bad + 2:,}, column {column}: {frame[column][bad]!r} is not an integer")
    if expected_rows is not None and len(frame) != expected_rows:
        raise ValueError(f"{path}: {len(frame):,} rows, expected {expected_rows:,} (one per test.csv image)")
    wrong_id = np.flatnonzero(frame["ImageId"].to_numpy() != np.arange(1, len(frame) + 1))
    if wrong_id.size:
        row = wrong_id[0]
        raise ValueError(f"{path} line {row + 2:,}: ImageId {frame['ImageId'][row]}, expected {row + 1}")
    bad_label = np.flatnonzero((frame["Label"] < 0) | (frame["Label"] > 9))
    if bad_label.size:
        row = bad_label[0]
        raise ValueError(f"{path} line {row + 2:,}, column Label: {frame['Label'][row]} is outside 0-9")
    return frame["Label"].to_numpy()


def load_answer_key(path=None):
    """The true labels of test.csv. Only scoring may call this: never train or select on it."""
    path = config.TEST_LABELS_CSV if path is None else path
    path = Path(path)
    if not path.is_file():
        raise NoAnswerKeyError(
            f"no answer key at {path}: test.csv came without labels (a Kaggle download has none), "
            "so test accuracy cannot be computed here; submit the file to Kaggle to score it"
        )
    return read_id_label_csv(path)


def answer_key_if_available(path=None):
    """The answer key, or None after printing why there is none (a user's own Kaggle download)."""
    path = config.TEST_LABELS_CSV if path is None else path
    try:
        return load_answer_key(path)
    except NoAnswerKeyError as missing:
        print(f"Skipping the test-set analysis: {missing}")
        return None


def score_submission(path, key_path=None):
    """Accuracy of the submission at `path` against the answer key, and its number of errors."""
    key_path = config.TEST_LABELS_CSV if key_path is None else key_path
    truth = load_answer_key(key_path)
    guesses = read_id_label_csv(path, expected_rows=len(truth))
    errors = int(np.sum(guesses != truth))
    return 1 - errors / len(truth), errors
