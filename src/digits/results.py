"""The project's results table: every saved model's size, training time and accuracies."""

import pandas as pd

from digits import config
from digits.submission import NoAnswerKeyError, score_submission
from digits.train import history_path, load_ensemble_members, load_history, load_trained, weights_checksum

# Display order and description of each model; the ensemble's other members follow best_cnn.
MODEL_NOTEBOOKS = {
    "baseline_cnn": "02 the original network",
    "augmented_strong_cnn": "03 strong augmentation",
    "augmented_cnn": "03 mild augmentation",
    "best_cnn": "05 best single network",
}


def _test_accuracy(name, submissions_dir, answer_key):
    submission = submissions_dir / f"{name}.csv"
    if not submission.is_file():
        return None
    try:
        return score_submission(submission, answer_key)[0]
    except NoAnswerKeyError:
        return None


def model_results_table(models_dir=config.MODELS_DIR, submissions_dir=config.SUBMISSIONS_DIR,
                        answer_key=config.TEST_LABELS_CSV):
    """One row per saved model, and one for the ensemble recorded by notebook 05 (models/ensemble.json).

    The `weights` column holds each model's weight fingerprint (none for the ensemble)."""
    names = [name for name in MODEL_NOTEBOOKS if history_path(name, models_dir).is_file()]
    ensemble = load_ensemble_members(models_dir)
    members = [name for name in ensemble if name not in MODEL_NOTEBOOKS]
    rows = []
    for name in names + members:
        model, history = load_trained(name, models_dir)
        rows.append({
            "model": name,
            "what": MODEL_NOTEBOOKS.get(name, "05 ensemble member"),
            "parameters": model.count_params(),
            "epochs": len(history.epoch_seconds),
            "training minutes": round(history.total_seconds / 60, 1),
            "validation accuracy": round(history.epochs["val_accuracy"][-1], 4),
            "validation images": history.validation_size,
            "test accuracy": _test_accuracy(name, submissions_dir, answer_key),
            "weights": weights_checksum(model),
        })
    if ensemble:
        histories = [load_history(name, models_dir) for name in ensemble]
        rows.append({
            "model": "ensemble",
            "what": f"05 mean of {len(ensemble)} networks",
            "parameters": sum(row["parameters"] for row in rows if row["model"] in ensemble),
            "epochs": sum(len(history.epoch_seconds) for history in histories),
            "training minutes": round(sum(history.total_seconds for history in histories) / 60, 1),
            "validation accuracy": None,
            "validation images": None,
            "test accuracy": _test_accuracy("ensemble", submissions_dir, answer_key),
            "weights": None,
        })
    table = pd.DataFrame(rows).set_index("model")
    table["validation images"] = table["validation images"].astype("Int64")
    return table


def _sha256(path):
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def collect_metrics(models_dir=config.MODELS_DIR, submissions_dir=config.SUBMISSIONS_DIR,
                    answer_key=config.TEST_LABELS_CSV):
    """Per model: data checksums, library versions, seed, epochs, training time, accuracies, and a
    fingerprint of the weights, so two runs can be checked for identical models."""
    table = model_results_table(models_dir, submissions_dir, answer_key)
    data = {path.name: _sha256(path) for path in (config.TRAIN_CSV, config.TEST_CSV) if path.is_file()}
    metrics = {}
    ensemble = load_ensemble_members(models_dir)
    for name, row in table.iterrows():
        histories = [load_history(member, models_dir) for member in (ensemble if name == "ensemble" else [name])]
        history = histories[0]
        metrics[name] = {
            "description": row["what"],
            "parameters": int(row["parameters"]),
            "epochs": int(row["epochs"]),
            "training_seconds": round(sum(member.total_seconds for member in histories), 1),
            "validation_accuracy": None if pd.isna(row["validation accuracy"]) else float(row["validation accuracy"]),
            "validation_images": None if pd.isna(row["validation images"]) else int(row["validation images"]),
            "test_accuracy": None if pd.isna(row["test accuracy"]) else round(float(row["test accuracy"]), 6),
            "weights_sha256": None if pd.isna(row["weights"]) else row["weights"],
            "seed": history.seed,
            "precision": history.precision,
            "versions": history.versions,
            "data_sha256": data,
        }
    return metrics


def write_metrics(metrics, path=config.MODELS_DIR / "metrics.json"):
    """Write the metrics as JSON, atomically."""
    import json

    from digits.atomic import write_text_atomically

    write_text_atomically(path, json.dumps(metrics, indent=1, sort_keys=True) + "\n")


def _percent(value):
    return "—" if value is None else f"{value:.2%}"


def metrics_markdown(metrics):
    """The README's results table, from metrics."""
    lines = ["| model | what | parameters | training time (2 CPU cores) | validation accuracy | test accuracy (28,000) |",
             "|---|---|---:|---:|---:|---:|"]
    for name, entry in metrics.items():
        validation = _percent(entry["validation_accuracy"])
        if entry["validation_images"]:
            validation += f" of {entry['validation_images']:,}"
        lines.append(f"| `{name}` | {entry['description']} | {entry['parameters']:,} | "
                     f"{entry['training_seconds'] / 60:.1f} min | {validation} | {_percent(entry['test_accuracy'])} |")
    return "\n".join(lines)


def compare_metrics(new, old):
    """New against committed figures: validation and test accuracy and training time, with differences,
    and whether each model's weights are the committed ones bit for bit."""
    rows = []
    for name, entry in new.items():
        before = old.get(name, {})
        row = {"model": name}
        if entry.get("weights_sha256") and before.get("weights_sha256"):
            row["same weights"] = entry["weights_sha256"] == before["weights_sha256"]
        for key in ("validation_accuracy", "test_accuracy", "training_seconds"):
            row[f"{key} now"] = entry.get(key)
            row[f"{key} committed"] = before.get(key)
            if entry.get(key) is not None and before.get(key) is not None:
                row[f"{key} change"] = round(entry[key] - before[key], 6)
        rows.append(row)
    return pd.DataFrame(rows).set_index("model")


def update_readme_results(markdown, readme=config.PROJ_ROOT / "README.md"):
    """Replace the README's block between the results markers with `markdown`."""
    from digits.atomic import write_text_atomically

    start, end = "<!-- results:start -->", "<!-- results:end -->"
    text = readme.read_text()
    if start not in text or end not in text:
        raise ValueError(f"{readme}: missing the {start} / {end} markers")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    write_text_atomically(readme, f"{head}{start}\n{markdown}\n{end}{tail}")


def format_results_table(table):
    """The results table for reading: accuracies as percentages, missing values as dashes, no fingerprints."""
    shown = table.drop(columns="weights")
    for column in ("validation accuracy", "test accuracy"):
        shown[column] = [_percent(None if pd.isna(value) else value) for value in shown[column]]
    shown["validation images"] = [("—" if pd.isna(value) else f"{value:,}") for value in shown["validation images"]]
    shown["parameters"] = [f"{value:,}" for value in shown["parameters"]]
    return shown
