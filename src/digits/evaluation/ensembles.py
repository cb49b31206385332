"""Ensembles: the mean of several networks' probabilities, and which saved networks form one."""

import json
from pathlib import Path

import numpy as np

from digits import config
from digits.atomic import write_text_atomically


def ensemble_path(models_dir=None):
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    return Path(models_dir) / "ensemble.json"


def save_ensemble_members(names, models_dir=None):
    """Record which saved models make up the ensemble, so leftovers of a larger one are not counted."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    write_text_atomically(ensemble_path(models_dir), json.dumps({"members": list(names)}, indent=1) + "\n")


def load_ensemble_members(models_dir=None):
    """The names of the ensemble's members, in order; empty if no ensemble was recorded."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    path = ensemble_path(models_dir)
    return json.loads(path.read_text())["members"] if path.is_file() else []


def ensemble_probabilities(probabilities_per_model):
    """The ensemble's prediction: the mean of its members' class probabilities."""
    return np.mean(np.stack(probabilities_per_model), axis=0)


def presented_model(study, cycles=3):
    """Which model notebook 04 presents, decided on the design study's validation errors before any
    test label is read: the mean of one run's `cycles` snapshots only if it beats its best snapshot.
    Returns (name, a sentence with the evidence)."""
    snapshots = study[study["what"].str.startswith("snapshot after")]
    best = snapshots.loc[snapshots["errors"].idxmin()]
    mean_errors = int(study.loc[study["what"] == f"mean of the first {cycles} snapshots", "errors"].item())
    presented = "ensemble" if mean_errors < best["errors"] else "best_cnn"
    return presented, (f"validation errors: mean of the {cycles} snapshots {mean_errors}, best snapshot "
                       f"({best['what']}) {best['errors']}; the model presented: {presented}")
