"""The project's results table: every saved model's size, training time and accuracies."""

import math
from pathlib import Path

import pandas as pd

from digits import config
from digits.hardware import describe_cpu_kind, same_numerics
from digits.models import NETWORKS
from digits.submission import NoAnswerKeyError, load_answer_key, score_submission
from digits.saved_models import history_path, load_ensemble_members, load_history, load_trained, weights_checksum

# Display order and description of each model; the ensemble's other members follow best_cnn.
MODEL_NOTEBOOKS = {network.name: network.label for network in NETWORKS}


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
            "what": MODEL_NOTEBOOKS.get(name, _member_description(history)),
            "parameters": model.count_params(),
            "epochs": len(history.epoch_seconds),
            "training minutes": round(history.total_seconds / 60, 1),
            "validation accuracy": _last_validation_accuracy(history),
            "validation images": history.validation_size or None,
            "test accuracy": _test_accuracy(name, submissions_dir, answer_key),
            "weights": weights_checksum(model),
        })
    if ensemble:
        histories = training_runs([load_history(name, models_dir) for name in ensemble])
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


def _member_description(history):
    return f"05 snapshot of {history.run}" if history.run else "05 ensemble member"


def _last_validation_accuracy(history):
    values = history.epochs.get("val_accuracy")
    return round(values[-1], 4) if values else None


def _run_of(history, index):
    """Which training run a model came from: the run it is a snapshot of, else a run of its own."""
    return history.run or index


def training_runs(histories):
    """The histories of the training runs behind some models: snapshots of one run share its
    compute, so only the longest of them counts; every other model is a run of its own."""
    longest = {}
    for index, history in enumerate(histories):
        key = _run_of(history, index)
        if key not in longest or len(history.epoch_seconds) > len(longest[key].epoch_seconds):
            longest[key] = history
    return list(longest.values())


def load_design_study(path=config.DESIGN_STUDY_RESULTS):
    """The design study's curve points (benchmarks/design_study.py) as a table, and the CPUs it ran on."""
    import json

    study = json.loads(Path(path).read_text())
    return pd.DataFrame(study["points"]).assign(images=study["validation_images"]), study["cpu"]


def compute_curve(probabilities, histories, labels):
    """Test points of the committed networks for the accuracy-against-compute curve, from their
    predictions and histories in training order: each network alone, the mean of the first k
    snapshots of a run, and the mean of the first r runs' last networks, each at the compute it took."""
    from digits.evaluate import accuracy, ensemble_probabilities

    def point(kind, chosen, runs):
        return {"kind": kind, "epochs": sum(len(history.epoch_seconds) for history in runs),
                "image_passes": sum(len(history.epoch_seconds) * history.train_size for history in runs),
                "minutes": round(sum(history.total_seconds for history in runs) / 60, 1),
                "accuracy": accuracy(ensemble_probabilities([probabilities[index] for index in chosen]), labels),
                "images": len(labels)}

    runs = [_run_of(history, index) for index, history in enumerate(histories)]
    rows, run_ends = [], []
    for index, history in enumerate(histories):
        rows.append(point("single network", [index], [history]))
        run_so_far = [earlier for earlier in range(index + 1) if runs[earlier] == runs[index]]
        if len(run_so_far) > 1:
            rows.append(point("snapshot ensemble", run_so_far, [history]))
        if index + 1 == len(histories) or runs[index + 1] != runs[index]:
            run_ends.append(index)
            if len(run_ends) > 1:
                rows.append(point("independent ensemble", run_ends, [histories[end] for end in run_ends]))
    return pd.DataFrame(rows)


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
    try:
        test_images = len(load_answer_key(answer_key))
    except NoAnswerKeyError:
        test_images = None
    metrics = {}
    ensemble = load_ensemble_members(models_dir)
    for name, row in table.iterrows():
        histories = [load_history(member, models_dir) for member in (ensemble if name == "ensemble" else [name])]
        history = histories[0]
        histories = training_runs(histories)
        metrics[name] = {
            "description": row["what"],
            "parameters": int(row["parameters"]),
            "epochs": int(row["epochs"]),
            "training_seconds": round(sum(member.total_seconds for member in histories), 1),
            "validation_accuracy": None if pd.isna(row["validation accuracy"]) else float(row["validation accuracy"]),
            "validation_images": None if pd.isna(row["validation images"]) else int(row["validation images"]),
            "test_accuracy": None if pd.isna(row["test accuracy"]) else round(float(row["test accuracy"]), 6),
            "test_images": None if pd.isna(row["test accuracy"]) else test_images,
            "weights_sha256": None if pd.isna(row["weights"]) else row["weights"],
            "seed": history.seed,
            "precision": history.precision,
            "cpu": history.cpu,
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


def trained_alike(new, old):
    """Whether two metrics entries come from training that should give identical weights: the same
    plan (epochs, parameters, validation images), precision, library versions and kind of CPU
    (digits.hardware.same_numerics)."""
    same_plan = all(new.get(key) == old.get(key) for key in ("epochs", "parameters", "validation_images"))
    return (same_plan and new.get("precision") == old.get("precision") and new.get("versions") == old.get("versions")
            and same_numerics(new.get("cpu"), old.get("cpu")))


def _how_trained(entry):
    return (f"{entry.get('epochs', '?')} epochs, {entry.get('precision', '?')} on "
            f"{describe_cpu_kind(entry.get('cpu'))}")


def accuracy_noise(accuracy, images):
    """Two binomial standard errors of the difference between two accuracies near `accuracy` on
    `images` images: a change smaller than this is what retraining with other numerics gives by chance."""
    return 2 * math.sqrt(2 * accuracy * (1 - accuracy) / images)


def compare_metrics(new, old):
    """New against committed figures, judged by what can be expected.

    Per model: whether it was retrained like the committed one (same precision, versions, kind of
    CPU), so that identical weights are expected; whether they are; and each accuracy's change
    against two binomial standard errors, flagged only beyond them.
    """
    rows = []
    for name, entry in new.items():
        before = old.get(name, {})
        row = {"model": name}
        if entry.get("weights_sha256") and before.get("weights_sha256"):
            alike = trained_alike(entry, before)
            row["trained as committed"] = "yes" if alike else f"no: {_how_trained(entry)}; committed: {_how_trained(before)}"
            row["same weights"] = entry["weights_sha256"] == before["weights_sha256"]
            row["weights as expected"] = row["same weights"] or not alike
        for key, images_key in (("validation_accuracy", "validation_images"), ("test_accuracy", "test_images")):
            row[f"{key} now"] = entry.get(key)
            row[f"{key} committed"] = before.get(key)
            if entry.get(key) is not None and before.get(key) is not None:
                change = entry[key] - before[key]
                row[f"{key} change"] = round(change, 6)
                images = entry.get(images_key) or before.get(images_key)
                if images:
                    noise = accuracy_noise(before[key], images)
                    row[f"{key} noise (2 SE)"] = round(noise, 6)
                    row[f"{key} beyond noise"] = abs(change) > noise
        row["training_seconds now"] = entry.get("training_seconds")
        row["training_seconds committed"] = before.get("training_seconds")
        rows.append(row)
    return pd.DataFrame(rows).set_index("model")


def comparison_verdict(table):
    """One line per finding that needs a reader's attention; a reassuring line if there is none."""
    def flagged(row, column):
        value = row.get(column)
        return value is not None and not pd.isna(value) and bool(value)

    findings = []
    for name, row in table.iterrows():
        if "weights as expected" in row and not pd.isna(row["weights as expected"]) and not row["weights as expected"]:
            findings.append(f"{name}: retrained as the committed model was, yet its weights differ")
        for key in ("validation_accuracy", "test_accuracy"):
            if flagged(row, f"{key} beyond noise"):
                findings.append(f"{name}: {key.replace('_', ' ')} changed by {row[f'{key} change']:+.4%}, "
                                f"beyond the noise of {row[f'{key} noise (2 SE)']:.4%}")
    return findings or ["every difference is within what retraining explains (weights where expected, "
                        "accuracies within two standard errors)"]


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
