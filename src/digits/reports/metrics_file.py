"""models/metrics.json: each model's figures, as `make run` compares them after retraining."""

import json

from digits import config
from digits.atomic import write_text_atomically
from digits.data.provenance import file_sha256
from digits.reports.results_table import model_records
from digits.reports.submission import NoAnswerKeyError, load_answer_key


def collect_metrics(models_dir=None, submissions_dir=None,
                    answer_key=None):
    """Per model: data checksums, library versions, seed, epochs, training time, accuracies, and a
    fingerprint of the weights, so two runs can be checked for identical models."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    submissions_dir = config.SUBMISSIONS_DIR if submissions_dir is None else submissions_dir
    answer_key = config.TEST_LABELS_CSV if answer_key is None else answer_key
    data = {path.name: file_sha256(path) for path in (config.TRAIN_CSV, config.TEST_CSV) if path.is_file()}
    try:
        test_images = len(load_answer_key(answer_key))
    except NoAnswerKeyError:
        test_images = None
    metrics = {}
    for record in model_records(models_dir, submissions_dir, answer_key):
        history, test_accuracy = record["history"], record["test_accuracy"]
        metrics[record["model"]] = {
            "description": record["what"], "parameters": int(record["parameters"]), "epochs": int(record["epochs"]),
            "training_seconds": round(record["training_seconds"], 1),
            "validation_accuracy": record["validation_accuracy"], "validation_images": record["validation_images"],
            "test_accuracy": None if test_accuracy is None else round(float(test_accuracy), 6),
            "test_images": None if test_accuracy is None else test_images,
            "weights_sha256": record["weights"], "seed": history.seed, "precision": history.precision,
            "cpu": history.cpu, "versions": history.versions, "data_sha256": data,
        }
    return metrics


def write_metrics(metrics, path=None):
    """Write the metrics as JSON, atomically."""
    path = config.METRICS_FILE if path is None else path
    write_text_atomically(path, json.dumps(metrics, indent=1, sort_keys=True) + "\n")
