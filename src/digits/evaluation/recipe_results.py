"""Our networks and the public Kaggle recipes (digits.modeling.recipes) on the same 28,000 test images.

The recipes' runs are recorded by benchmarks/recipe_runs.py in benchmarks/recipe_runs.json; our networks'
figures come from their saved training histories and test predictions. Differences are judged
against two kinds of noise: the binomial noise of an accuracy measured on 28,000 images, and the
spread between two seeds of the same recipe.
"""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from digits import config
from digits.evaluation.predictions import predict_probabilities
from digits.evaluation.standard_errors import accuracy_standard_error
from digits.machine import vector_extensions
from digits.modeling.saved_models import load_trained


def load_recipe_runs(path=None):
    """The recipes' recorded runs, {"<recipe>/seed<k>": record}; empty if none were run."""
    path = config.RECIPE_RUNS if path is None else path
    path = Path(path)
    return json.loads(path.read_text())["runs"] if path.is_file() else {}


def cpu_and_precision(cpu, precision):
    """Short: the CPU's widest vector instructions and the training precision, e.g. "AVX2, float32"."""
    return f"{vector_extensions(cpu)}, {precision.removeprefix('mixed_')}"


def network_row(name, what, history, errors, test_images):
    """A table row for one of our networks, from its TrainingHistory and its number of test errors."""
    return {"network": name, "what": what, "image passes": history.image_passes,
            "minutes": round(history.total_seconds / 60, 1), "trained on": cpu_and_precision(history.cpu, history.precision),
            "test errors": int(errors), "test accuracy": 1 - errors / test_images}


# The networks of notebooks 02-03 beside the recipes, each with what it is.
EARLIER_NETWORKS = {"baseline_cnn": "02 the original network, fixed", "augmented_strong_cnn": "03 strong augmentation",
                    "augmented_cnn": "03 mild augmentation"}


def test_errors(probabilities, labels):
    """How many images a network's probabilities get wrong."""
    return int((np.asarray(probabilities).argmax(axis=1) != np.asarray(labels)).sum())


def earlier_network_rows(test_images, labels, models_dir=None):
    """A row for each committed network of notebooks 02-03, scored on the test images."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    rows = []
    for name, what in EARLIER_NETWORKS.items():
        model, history = load_trained(name, models_dir)
        errors = test_errors(predict_probabilities(model, test_images), labels)
        rows.append(network_row(name, what, history, errors, len(labels)))
    return rows


def recipe_author(run):
    """The recipe's author, from its recorded title ("Deotte, ...")."""
    return run["title"].split(",")[0]


def recipe_rows(runs):
    """A table row for each recorded run of a recipe."""
    return [{"network": key.replace("/", " "), "what": f"{recipe_author(run)}'s recipe",
             "image passes": run["image_passes"], "minutes": run["minutes"],
             "trained on": cpu_and_precision(run["cpu"], run["precision"]), "test errors": run["test_errors"],
             "test accuracy": run["test_accuracy"]}
            for key, run in runs.items()]


def recipe_accuracy_marks(runs, base_seed=config.SEED):
    """Each recorded recipe run as (label, image passes, test accuracy), for the compute plot's marks."""
    return [(f"{recipe_author(run)}, seed {run['seed'] - base_seed}", run["image_passes"], run["test_accuracy"])
            for run in runs.values()]


def same_test_images_table(rows):
    """One row per network, ordered by test errors, accuracy formatted."""
    table = pd.DataFrame(rows).sort_values("test errors", ascending=False).set_index("network")
    return table.assign(**{"image passes": table["image passes"].map("{:,}".format),
                           "test accuracy": table["test accuracy"].map("{:.2%}".format)})


def binomial_standard_error(errors, images):
    """One binomial standard error, in errors, of an error count measured on `images` images."""
    return images * float(accuracy_standard_error(errors / images, images))


def recipe_summary(runs, ours_errors, ours_passes, test_images):
    """Per recipe: its seeds' errors, their mean and spread, and how far ours is from the mean, in
    binomial standard errors of a difference between two independent accuracies."""
    recipes = {}
    for run in runs.values():
        recipes.setdefault(run["recipe"], []).append(run)
    rows = []
    for recipe, seeds in recipes.items():
        errors = [run["test_errors"] for run in seeds]
        mean = float(np.mean(errors))
        noise = math.hypot(binomial_standard_error(mean, test_images), binomial_standard_error(ours_errors, test_images))
        rows.append({"recipe": recipe, "seeds": len(seeds), "errors per seed": " / ".join(map(str, errors)),
                     "mean errors": f"{mean:g}", "seed spread": max(errors) - min(errors),
                     "image passes": f"{seeds[0]['image_passes'] / 1e6:.2f} M", "ours: errors": ours_errors,
                     "ours: image passes": f"{ours_passes / 1e6:.2f} M", "ours fewer errors": f"{mean - ours_errors:g}",
                     "in standard errors": round((mean - ours_errors) / noise, 1)})
    return pd.DataFrame(rows).set_index("recipe")


def paired_disagreements(ours, theirs, labels):
    """On the same images: how many ours gets right and theirs wrong, and the reverse (McNemar's b, c).

    A paired view removes the images both get right or both get wrong, so it is sharper than two
    separate binomial errors: the difference (b - c) has a standard error of about sqrt(b + c)."""
    ours, theirs, labels = map(np.asarray, (ours, theirs, labels))
    only_ours = int(np.sum((ours == labels) & (theirs != labels)))
    only_theirs = int(np.sum((ours != labels) & (theirs == labels)))
    return only_ours, only_theirs
