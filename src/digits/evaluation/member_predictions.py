"""The ensemble members' probabilities on the test images, stored once, so that notebooks and tests
read them instead of running every network again.

`make ensemble` writes them after training: one float16 array (28,000 x 10) per member in an .npz
file, and beside it a JSON record of the members, the SHA-256 of the test.csv they answer and of the
.npz itself. Reading checks both checksums. float16 keeps a probability to about three significant
digits, ample for averaging and for the accuracy of an ensemble (a test recomputes one member's from
its model and compares).
"""

import io
import json
import zipfile
from pathlib import Path

import numpy as np

from digits import config
from digits.atomic import atomic_path, write_text_atomically
from digits.data.provenance import OtherDataError, file_sha256


def record_path(path):
    return Path(path).with_suffix(".json")


def write_member_probabilities(names, path=None, models_dir=None,
                               test_csv=None, train_csv=None):
    """Predict `test_csv` with each saved member `names` (in float32, rebuilt for prediction:
    digits.modeling.inference) and store the probabilities. Refused
    (digits.data.provenance.OtherDataError) for members that learnt from another `train_csv`."""
    path = config.MEMBER_PROBABILITIES if path is None else path
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    test_csv = config.TEST_CSV if test_csv is None else test_csv
    train_csv = config.TRAIN_CSV if train_csv is None else train_csv
    from digits.data.kaggle_csv import load_test_csv
    from digits.data.network_input import to_network_input
    from digits.evaluation.predictions import predict_probabilities
    from digits.modeling.inference import inference_model
    from digits.modeling.saved_models import load_trained

    images = to_network_input(load_test_csv(test_csv))
    arrays = {name: predict_probabilities(inference_model(load_trained(name, models_dir, train_csv)[0]), images)
              .astype(np.float16) for name in names}
    with atomic_path(path) as temporary:
        write_reproducible_npz(temporary, arrays)
    record = {"members": list(names), "dtype": "float16", "images": len(images),
              "test_csv_sha256": file_sha256(test_csv), "npz_sha256": file_sha256(path)}
    write_text_atomically(record_path(path), json.dumps(record, indent=1) + "\n")
    return record


def write_reproducible_npz(path, arrays):
    """An .npz (np.load reads it) whose bytes depend only on the arrays: numpy's own savez stamps
    each entry with the time of writing."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array))
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(entry, buffer.getvalue(), compress_type=zipfile.ZIP_DEFLATED)


def load_member_probabilities(path=None, test_csv=None):
    """The stored probabilities as {member name: float32 array}, in the members' order.

    Raises ValueError if the file is not the one recorded (changed or damaged), and
    digits.data.provenance.OtherDataError if they answer another test.csv than `test_csv`."""
    path = config.MEMBER_PROBABILITIES if path is None else path
    test_csv = config.TEST_CSV if test_csv is None else test_csv
    record = json.loads(record_path(path).read_text())
    if file_sha256(path) != record["npz_sha256"]:
        raise ValueError(f"{path}: its SHA-256 is not the one recorded in {record_path(path).name}; "
                         "run `make ensemble` to write it again")
    if file_sha256(test_csv) != record["test_csv_sha256"]:
        raise OtherDataError(f"{path} holds predictions for another test.csv than {test_csv}; "
                             "run `make ensemble` on your data to write them for it")
    with np.load(path) as stored:
        return {name: stored[name].astype(np.float32) for name in record["members"]}


def load_ensemble(size, path=None, models_dir=None, test_csv=None,
                  train_csv=None):
    """The first `size` members' stored test probabilities ({name: array}, in order) and histories.

    Refused, with what to do, if fewer are stored, or if the members learnt from another train.csv
    than `train_csv` or answer another test.csv than `test_csv` (digits.data.provenance.OtherDataError)."""
    path = config.MEMBER_PROBABILITIES if path is None else path
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    test_csv = config.TEST_CSV if test_csv is None else test_csv
    train_csv = config.TRAIN_CSV if train_csv is None else train_csv
    from digits.data.provenance import check_same_training_data
    from digits.modeling.ensemble_members import member_names
    from digits.modeling.saved_models import load_history

    names = member_names(size)
    stored = json.loads(record_path(path).read_text())["members"] if record_path(path).is_file() else []
    if stored[:size] != names:
        raise FileNotFoundError(f"{Path(path).name} holds {len(stored)} ensemble members, not the {size} asked: "
                                "run `make ensemble` (hours; it resumes) to train the rest")
    histories = [load_history(name, models_dir) for name in names]
    try:
        for name, history in zip(names, histories):
            check_same_training_data(name, history, train_csv)
    except OtherDataError as refusal:
        raise OtherDataError(f"{refusal} make run does not retrain the ensemble: `make ensemble` trains its "
                             "members on your data (hours).") from None
    probabilities = load_member_probabilities(path, test_csv)
    return {name: probabilities[name] for name in names}, histories
