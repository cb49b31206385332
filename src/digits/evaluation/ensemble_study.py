"""What an ensemble of independently trained networks buys (notebook 06).

Its members one by one and how far a network's score moves with its seed; the mean of the first k
members for k = 1..K at the compute the k networks took, in image passes and in operations; the
images it gets right or wrong against another model's guesses; and the published results it is set
beside, whose compute is counted from their networks' layers (digits.modeling.quoted_networks).
The members are taken in their fixed order, never chosen by their test scores.
"""

import math
import statistics

import numpy as np
import pandas as pd

from digits import config
from digits.evaluation.ensembles import ensemble_probabilities
from digits.evaluation.recipe_results import (
    binomial_standard_error,
    cpu_and_precision,
    paired_disagreements,
    recipe_author,
    test_errors,
)
from digits.evaluation.standard_errors import paired_difference_standard_error

# Training operations are shown in petaFLOPs (10^15 floating-point operations).
PETA = 1e15


def _wrong_per_member(probabilities, labels):
    """A (members, images) boolean array: which images each member gets wrong."""
    return np.stack([member.argmax(axis=1) != np.asarray(labels) for member in probabilities.values()])


def member_table(probabilities, histories, labels):
    """One row per member: its seed (as an offset from config.SEED), test errors and accuracy, and
    its training time: the minutes recorded and the median epoch, which a paused epoch does not move."""
    rows = []
    for (name, member), history in zip(probabilities.items(), histories):
        errors = test_errors(member, labels)
        rows.append({"member": name, "seed": f"SEED + {history.seed - config.SEED}", "test errors": errors,
                     "test accuracy": f"{1 - errors / len(labels):.2%}",
                     "minutes": round(history.total_seconds / 60, 1),
                     "median epoch (s)": round(statistics.median(history.epoch_seconds), 1),
                     "trained on": cpu_and_precision(history.cpu, history.precision)})
    return pd.DataFrame(rows).set_index("member")


def seed_spread(errors, images):
    """How much one network's test errors move with its seed: mean, standard deviation, range, and
    the binomial standard error of one network's count at that mean (the part that is test-set noise)."""
    errors = [int(count) for count in errors]
    return {"networks": len(errors), "mean errors": statistics.mean(errors),
            "standard deviation": statistics.stdev(errors) if len(errors) > 1 else math.nan,
            "fewest": min(errors), "most": max(errors),
            "binomial standard error": binomial_standard_error(statistics.mean(errors), images)}


def first_k_curve(probabilities, histories, labels, training_flops_per_image):
    """The ensemble of the first k members for k = 1..K: its compute (the k networks' training, in
    image passes and operations) and its test errors and accuracy."""
    members = list(probabilities.values())
    rows = []
    for k in range(1, len(members) + 1):
        passes = sum(history.image_passes for history in histories[:k])
        errors = test_errors(ensemble_probabilities(members[:k]), labels)
        rows.append({"networks": k, "image_passes": passes, "training_flops": passes * training_flops_per_image,
                     "test errors": errors, "accuracy": 1 - errors / len(labels)})
    return pd.DataFrame(rows).set_index("networks")


def quoted_table(results):
    """The published results (digits.modeling.quoted_networks.QUOTED_RESULTS) with their compute:
    image passes, training operations per image counted from the rebuilt network, and in all."""
    from digits.modeling.compute import training_flops_per_image

    per_image = {}
    rows = []
    for result in results:
        if result.build_network not in per_image:
            per_image[result.build_network] = training_flops_per_image(result.build_network())
        rows.append({"result": result.label, "networks": result.networks, "image_passes": result.image_passes,
                     "training_flops_per_image": per_image[result.build_network],
                     "training_flops": result.image_passes * per_image[result.build_network],
                     "accuracy": result.accuracy, "reported": result.reported})
    return pd.DataFrame(rows).set_index("result")


def paired_counts(ours_name, ours, others, labels):
    """`ours` (guesses) against each of `others` ({name: guesses}) on the same images: how many only
    one of the two gets right, their difference and its standard error (about the root of their sum)."""
    rows = []
    for name, theirs in others.items():
        only_ours, only_theirs = paired_disagreements(ours, theirs, labels)
        rows.append({"against": name, f"only {ours_name} right": only_ours, "only it right": only_theirs,
                     "difference": only_ours - only_theirs,
                     "standard error": round(paired_difference_standard_error(only_ours, only_theirs), 1)})
    return pd.DataFrame(rows).set_index("against")


def wrong_for_every_member(probabilities, labels):
    """The images that every member gets wrong, as digits.evaluation.predictions.wrong_predictions
    lists the ensemble's guesses for them (most confident first): averaging these members cannot fix them."""
    from digits.evaluation.predictions import wrong_predictions

    wrong = _wrong_per_member(probabilities, labels).all(axis=0)
    table = wrong_predictions(ensemble_probabilities(list(probabilities.values())), labels)
    return table[wrong[table.index]].sort_values("Confidence", ascending=False, kind="stable")


def errors_by_members_wrong(probabilities, labels):
    """For each number n of members that get an image wrong (1..K): how many images that is, and how
    many of them the ensemble gets wrong too. Shows where averaging helps (a few members wrong) and
    where it cannot (all of them wrong)."""
    wrong = _wrong_per_member(probabilities, labels).sum(axis=0)
    ensemble_wrong = ensemble_probabilities(list(probabilities.values())).argmax(axis=1) != np.asarray(labels)
    counts = range(1, len(probabilities) + 1)
    return pd.DataFrame({"members wrong": counts,
                         "images": [int(np.sum(wrong == count)) for count in counts],
                         "of them the ensemble gets wrong": [int(np.sum(ensemble_wrong & (wrong == count)))
                                                             for count in counts]}).set_index("members wrong")


def recipe_marks(runs, base_seed=config.SEED):
    """Each recorded run of a Kaggle recipe (digits.evaluation.recipe_results.load_recipe_runs) as a
    mark for the compute figure: (label, image passes, training operations, test accuracy), its
    operations counted from the recipe's network."""
    from digits.modeling.compute import training_flops_per_image
    from digits.modeling.recipes import RECIPES

    per_image = {name: training_flops_per_image(recipe.build()) for name, recipe in RECIPES.items()}
    return [(f"{recipe_author(run)}'s recipe, seed {run['seed'] - base_seed}", run["image_passes"],
             run["image_passes"] * per_image[run["recipe"]], run["test_accuracy"]) for run in runs.values()]
