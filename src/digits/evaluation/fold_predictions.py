"""The cross-validation networks' probabilities, stored once: each training image's from the network
that did not learn it (out of fold), and each network's on the test images.

`make folds` writes them as networks finish: one .npz (float16, as the ensemble's) holding
`out_of_fold` (42,000 x 10; rows of networks not trained yet are zero), `fold` (each training
image's fold) and one 28,000 x 10 array per network, and beside it a JSON record of the networks
stored, the SHA-256 of the train.csv and test.csv they answer and of the .npz itself.
"""

import json
from pathlib import Path

import numpy as np

from digits import config
from digits.atomic import atomic_path, write_text_atomically
from digits.data.provenance import OtherDataError, file_sha256
from digits.evaluation.member_predictions import record_path, write_reproducible_npz


def write_fold_probabilities(names, path=None, models_dir=None,
                             train_csv=None, test_csv=None):
    """Predict, with each saved fold network in `names` (float32, rebuilt for prediction), the fold
    it did not learn and the test images; store them. Returns the record written."""
    path = config.FOLD_PROBABILITIES if path is None else path
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    train_csv = config.TRAIN_CSV if train_csv is None else train_csv
    test_csv = config.TEST_CSV if test_csv is None else test_csv
    from digits.data.kaggle_csv import load_test_csv, load_train_csv
    from digits.data.network_input import to_network_input
    from digits.evaluation.predictions import predict_probabilities
    from digits.modeling.cross_validation import fold_network_names, fold_of_each_image
    from digits.modeling.inference import inference_model
    from digits.modeling.saved_models import load_trained

    images, labels = load_train_csv(train_csv)
    assignment = fold_of_each_image(labels)
    test_images = to_network_input(load_test_csv(test_csv))
    out_of_fold = np.zeros((len(labels), config.NUM_CLASSES), dtype=np.float16)
    arrays = {}
    for fold, name in enumerate(fold_network_names()):
        if name not in names:
            continue
        model = inference_model(load_trained(name, models_dir, train_csv)[0])
        held_out = assignment == fold
        out_of_fold[held_out] = predict_probabilities(model, to_network_input(images[held_out]))
        arrays[name] = predict_probabilities(model, test_images).astype(np.float16)
    with atomic_path(path) as temporary:
        write_reproducible_npz(temporary, {"out_of_fold": out_of_fold, "fold": assignment, **arrays})
    record = {"networks": list(arrays), "dtype": "float16", "train_images": len(labels),
              "test_images": len(test_images), "train_csv_sha256": file_sha256(train_csv),
              "test_csv_sha256": file_sha256(test_csv), "npz_sha256": file_sha256(path)}
    write_text_atomically(record_path(path), json.dumps(record, indent=1) + "\n")
    return record


def load_fold_probabilities(path=None, train_csv=None, test_csv=None):
    """The stored probabilities: (out_of_fold (N, 10), fold (N,), {network name: test array}), in float32.

    Refused, with what to do, unless all five networks are stored (FileNotFoundError), the file is
    the one recorded (ValueError), and it answers `train_csv` and `test_csv` as they are now
    (digits.data.provenance.OtherDataError)."""
    path = config.FOLD_PROBABILITIES if path is None else path
    train_csv = config.TRAIN_CSV if train_csv is None else train_csv
    test_csv = config.TEST_CSV if test_csv is None else test_csv
    from digits.modeling.cross_validation import fold_network_names

    record = json.loads(record_path(path).read_text()) if record_path(path).is_file() else {"networks": []}
    if record["networks"] != fold_network_names():
        raise FileNotFoundError(f"{Path(path).name} holds {len(record['networks'])} of the {len(fold_network_names())} "
                                "cross-validation networks: run `make folds` (hours; it resumes) to train the rest")
    if file_sha256(path) != record["npz_sha256"]:
        raise ValueError(f"{path}: its SHA-256 is not the one recorded in {record_path(path).name}; "
                         "run `make folds` to write it again")
    for csv, key in ((train_csv, "train_csv_sha256"), (test_csv, "test_csv_sha256")):
        if file_sha256(csv) != record[key]:
            raise OtherDataError(f"{path} holds predictions for another {Path(csv).name} than {csv}; "
                                 "run `make folds` on your data to write them for it")
    with np.load(path) as stored:
        tests = {name: stored[name].astype(np.float32) for name in record["networks"]}
        return stored["out_of_fold"].astype(np.float32), stored["fold"].astype(np.int64), tests


def fold_table(out_of_fold, fold, labels, histories):
    """One row per cross-validation network: its seed (from config.SEED), how many images it held
    out, its errors and accuracy on them, and its training time as recorded."""
    import pandas as pd

    labels = np.asarray(labels)
    rows = []
    for index, (name, history) in enumerate(histories.items()):
        held_out = np.asarray(fold) == index
        errors = int(np.sum(out_of_fold[held_out].argmax(axis=1) != labels[held_out]))
        rows.append({"network": name, "seed": f"SEED + {history.seed - config.SEED}", "learnt from": history.train_size,
                     "held out": int(held_out.sum()), "errors": errors, "accuracy": 1 - errors / held_out.sum(),
                     "minutes": round(history.total_seconds / 60, 1)})
    return pd.DataFrame(rows).set_index("network")
