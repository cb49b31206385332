"""Accuracy against training compute: the training runs behind a set of models, and the curve of
what each unit of compute buys (notebook 04's design study)."""

import json
from pathlib import Path

import pandas as pd

from digits import config
from digits.evaluation.ensembles import ensemble_probabilities


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


def load_design_study(path=None):
    """The design study's curve points (benchmarks/design_study.py) as a table, and the CPUs it ran on."""
    path = config.DESIGN_STUDY_RESULTS if path is None else path
    study = json.loads(Path(path).read_text())
    return pd.DataFrame(study["points"]).assign(images=study["validation_images"]), study["cpu"]


def compute_curve(probabilities, histories, labels):
    """Test points of the committed networks for the accuracy-against-compute curve, from their
    predictions and histories in training order: each network alone, the mean of the first k
    snapshots of a run, and the mean of the first r runs' last networks, each at the compute it took."""
    from digits.evaluation.predictions import accuracy

    def point(kind, chosen, runs):
        return {"kind": kind, "epochs": sum(len(history.epoch_seconds) for history in runs),
                "image_passes": sum(history.image_passes for history in runs),
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
