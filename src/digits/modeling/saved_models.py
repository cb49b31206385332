"""Saved models: .keras files with their training histories, written atomically and reproducibly, and
loaded for evaluation with the same numerics on every CPU; the ensemble's list of members.

Every figure the project reports from a model (notebooks, `submit`, `score`, `predict`, the results
table) is computed in float32, whatever precision the model was trained in. bfloat16 rounds
differently where a CPU computes it natively (AVX512_BF16, AMX) and where TensorFlow emulates it
(AVX2), which changed test predictions between machines; in float32 TensorFlow's two kernel
libraries (oneDNN and Eigen) and oneDNN's instruction sets agree to about 1e-6 in a probability,
far below what any output prints (tests/test_portability.py checks this on the committed models).
The kernel library itself is left to TensorFlow: forcing one would make bfloat16 training slow."""

import hashlib
import json
import zipfile
from dataclasses import asdict
from pathlib import Path

import numpy as np

from digits import config
from digits.atomic import atomic_path, write_text_atomically
from digits.modeling.history import TrainingHistory
from digits.modeling.litert_copies import COPIED_NETWORKS, current_copy, write_copy
from digits.modeling.model_copies import copy_with_weights, float32_model


# `digits predict` and notebook 05 read with the first of these that is saved: reader_cnn (best_cnn
# fine-tuned to read continental 1s, digits.reader), then the most accurate of the notebooks' networks.
MODEL_PREFERENCE = ("reader_cnn", "best_cnn", "augmented_cnn", "baseline_cnn")


class UnreadableModelError(ValueError):
    """A file that is not a Keras model this version of Keras can read."""

def load_model(path):
    """Load the .keras model at `path` for evaluation (float32, not compiled).

    Raises FileNotFoundError if there is no file, UnreadableModelError if it is not a Keras model.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such model file")
    if path.suffix != ".keras" or not zipfile.is_zipfile(path):
        raise UnreadableModelError(f"{path} is not a readable Keras model (expected a .keras archive)")
    import keras  # here, not at the top: what only names or finds saved models needs no TensorFlow

    try:
        model = keras.models.load_model(path, compile=False)
    except Exception as error:  # Keras reports damaged archives with many exception types
        raise UnreadableModelError(f"{path} is not a readable Keras model: {error}") from error
    return float32_model(model)


def network_for_reading(path):
    """The network that reads image files with the model file at `path`: its LiteRT copy where
    there is a current one (TensorFlow is then never loaded), else the Keras network (load_model)."""
    return current_copy(path) or load_model(path)


def model_path(name, models_dir=None):
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    return Path(models_dir) / f"{name}.keras"


def history_path(name, models_dir=None):
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    return Path(models_dir) / f"{name}.history.json"


def is_saved(name, models_dir=None):
    """Whether model `name` and its history are both saved in `models_dir`."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    return model_path(name, models_dir).is_file() and history_path(name, models_dir).is_file()


# The DOS epoch: the earliest time a zip entry can carry.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def make_archive_reproducible(path):
    """Rewrite a saved .keras archive so that the same weights always give the same bytes.

    Keras stamps the save time into metadata.json and into the weights entry's zip header; both
    are replaced by constants, so retraining to identical weights leaves the file unchanged.
    """
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in entries:
            if info.filename == "metadata.json":
                metadata = json.loads(data)
                metadata["date_saved"] = "not recorded (reproducible save)"
                data = json.dumps(metadata).encode()
            archive.writestr(zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH), data, compress_type=info.compress_type)


def save_trained(model, history, name, models_dir=None):
    """Save the model (weights and architecture, no optimizer state) and its history, atomically."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    # An uncompiled copy drops the optimizer's slots, which would triple the file for nothing.
    inference_copy = copy_with_weights(model)
    with atomic_path(model_path(name, models_dir)) as temporary:
        inference_copy.save(temporary)
        make_archive_reproducible(temporary)
    write_text_atomically(history_path(name, models_dir), json.dumps(asdict(history), indent=1) + "\n")
    if name in COPIED_NETWORKS:
        write_copy(float32_model(inference_copy), model_path(name, models_dir))


def load_history(name, models_dir=None):
    """The TrainingHistory saved beside model `name`."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    return TrainingHistory(**json.loads(history_path(name, models_dir).read_text()))


def load_trained(name, models_dir=None, train_csv=None, allow_other_data=False):
    """Load model `name` (for evaluation, in float32) and its history from `models_dir`.

    Raises digits.data.provenance.OtherDataError if the model was trained beside another train.csv than
    `train_csv` (its scores on these data could be leaked), unless `allow_other_data`."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    train_csv = config.TRAIN_CSV if train_csv is None else train_csv
    from digits.data.provenance import check_same_training_data

    path = model_path(name, models_dir)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: run its notebook with RETRAIN = True to train it")
    history = load_history(name, models_dir)
    if not allow_other_data:
        check_same_training_data(name, history, train_csv)
    return load_model(path), history


def weights_checksum(model):
    """A short fingerprint of all weights, to show that two runs produced the same model."""
    digest = hashlib.sha256()
    for weights in model.get_weights():
        digest.update(np.ascontiguousarray(weights).tobytes())
    return digest.hexdigest()[:16]
