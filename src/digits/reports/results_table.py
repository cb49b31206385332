"""The project's results table: every saved model's size, training time and accuracies."""

import pandas as pd

from digits import config
from digits.data.provenance import trained_beside
from digits.evaluation.compute_curve import training_runs
from digits.evaluation.ensembles import load_ensemble_members
from digits.modeling.catalogue import NETWORKS
from digits.modeling.saved_models import history_path, load_history, load_trained, weights_checksum
from digits.reports.submission import NoAnswerKeyError, score_submission

# Display order and description of each model; the ensemble follows, as one row (notebook 06 lists
# its members).
MODEL_NOTEBOOKS = {network.name: network.label for network in NETWORKS}


def _test_accuracy(name, submissions_dir, answer_key):
    submission = submissions_dir / f"{name}.csv"
    if not submission.is_file():
        return None
    try:
        return score_submission(submission, answer_key)[0]
    except NoAnswerKeyError:
        return None


def _last_validation_accuracy(history):
    values = history.epochs.get("val_accuracy")
    return round(values[-1], 4) if values else None


def percent(value):
    """An accuracy as a percentage with two decimals, or a dash where there is none."""
    return "—" if value is None else f"{value:.2%}"


def model_records(models_dir=None, submissions_dir=None,
                  answer_key=None, train_csv=None):
    """One record per saved model of notebooks 02-05, and one for the ensemble recorded by notebook 06
    (models/ensemble.json): what the results table, metrics.json and the README are made from.

    The ensemble's training time is the sum of its members' at their median epoch (TrainingHistory.steady_seconds)."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    submissions_dir = config.SUBMISSIONS_DIR if submissions_dir is None else submissions_dir
    answer_key = config.TEST_LABELS_CSV if answer_key is None else answer_key
    train_csv = config.TRAIN_CSV if train_csv is None else train_csv
    names = [name for name in MODEL_NOTEBOOKS if history_path(name, models_dir).is_file()]
    ensemble = load_ensemble_members(models_dir)
    records = []
    for name in names:
        model, history = load_trained(name, models_dir, train_csv)
        records.append({
            "model": name, "what": MODEL_NOTEBOOKS[name],
            "parameters": model.count_params(), "epochs": len(history.epoch_seconds),
            "training_seconds": history.total_seconds, "validation_accuracy": _last_validation_accuracy(history),
            "validation_images": history.validation_size or None,
            "test_accuracy": _test_accuracy(name, submissions_dir, answer_key), "weights": weights_checksum(model),
            "history": history,
        })
    member_histories = [load_history(name, models_dir) for name in ensemble]
    # Members that learnt from another train.csv (`make run` on new data retrains notebooks 02-05
    # only) would report a leaked score: the ensemble then has no row until `make ensemble` retrains it.
    if ensemble and all(trained_beside(history, train_csv) for history in member_histories):
        histories = training_runs(member_histories)
        records.append({
            "model": "ensemble", "what": f"06 mean of {len(ensemble)} networks",
            "parameters": sum(load_trained(name, models_dir, train_csv)[0].count_params() for name in ensemble),
            "epochs": sum(len(history.epoch_seconds) for history in histories),
            "training_seconds": sum(history.steady_seconds for history in histories), "validation_accuracy": None,
            "validation_images": None, "test_accuracy": _test_accuracy("ensemble", submissions_dir, answer_key),
            "weights": None, "history": member_histories[0],
        })
    return records


def model_results_table(models_dir=None, submissions_dir=None,
                        answer_key=None):
    """One row per saved model, and one for the ensemble (see `model_records`).

    The `weights` column holds each model's weight fingerprint (none for the ensemble)."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    submissions_dir = config.SUBMISSIONS_DIR if submissions_dir is None else submissions_dir
    answer_key = config.TEST_LABELS_CSV if answer_key is None else answer_key
    records = model_records(models_dir, submissions_dir, answer_key)
    table = pd.DataFrame([{
        "model": record["model"], "what": record["what"], "parameters": record["parameters"], "epochs": record["epochs"],
        "training minutes": round(record["training_seconds"] / 60, 1),
        "validation accuracy": record["validation_accuracy"], "validation images": record["validation_images"],
        "test accuracy": record["test_accuracy"], "weights": record["weights"],
    } for record in records]).set_index("model")
    table["validation images"] = table["validation images"].astype("Int64")
    return table


def format_results_table(table):
    """The results table for reading: accuracies as percentages, missing values as dashes, no fingerprints."""
    shown = table.drop(columns="weights")
    for column in ("validation accuracy", "test accuracy"):
        shown[column] = [percent(None if pd.isna(value) else value) for value in shown[column]]
    shown["validation images"] = [("—" if pd.isna(value) else f"{value:,}") for value in shown["validation images"]]
    shown["parameters"] = [f"{value:,}" for value in shown["parameters"]]
    return shown
