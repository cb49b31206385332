"""Ensembles: the mean of several networks' probabilities, and which saved networks form one."""

import json
from pathlib import Path

import numpy as np

from digits import config
from digits.atomic import write_text_atomically


def ensemble_path(models_dir=config.MODELS_DIR):
    return Path(models_dir) / "ensemble.json"


def save_ensemble_members(names, models_dir=config.MODELS_DIR):
    """Record which saved models make up the ensemble, so leftovers of a larger one are not counted."""
    write_text_atomically(ensemble_path(models_dir), json.dumps({"members": list(names)}, indent=1) + "\n")


def load_ensemble_members(models_dir=config.MODELS_DIR):
    """The names of the ensemble's members, in order; empty if no ensemble was recorded."""
    path = ensemble_path(models_dir)
    return json.loads(path.read_text())["members"] if path.is_file() else []


def ensemble_probabilities(probabilities_per_model):
    """The ensemble's prediction: the mean of its members' class probabilities."""
    return np.mean(np.stack(probabilities_per_model), axis=0)
