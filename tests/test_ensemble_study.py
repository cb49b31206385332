"""Notebook 06's analysis of the independent ensemble, on small crafted predictions."""

import numpy as np
import pytest

from digits import config
from digits.evaluation.ensemble_study import (
    first_k_curve,
    member_table,
    paired_counts,
    quoted_table,
    seed_spread,
    wrong_for_every_member,
)
from digits.modeling.history import TrainingHistory

LABELS = np.array([0, 1, 2, 3])


def one_hot(guesses, confidence=0.9):
    probabilities = np.full((len(guesses), 10), (1 - confidence) / 9)
    probabilities[np.arange(len(guesses)), guesses] = confidence
    return probabilities


def history(seed_offset, epoch_seconds=(60.0, 60.0, 600.0)):
    return TrainingHistory(epoch_seconds=list(epoch_seconds), train_size=1_000, seed=config.SEED + seed_offset,
                           precision="mixed_bfloat16", cpu={"flags": ["avx2", "avx512f"]})


@pytest.fixture
def members():
    # Member a misses images 2 and 3, b misses 3 (surely) and c misses 2.
    probabilities = {"a": one_hot([0, 1, 0, 0]), "b": one_hot([0, 1, 2, 0], confidence=0.99), "c": one_hot([0, 1, 0, 3])}
    return probabilities, [history(100), history(200), history(300)]


def test_each_member_is_listed_with_its_seed_errors_and_a_pause_proof_epoch_time(members):
    probabilities, histories = members
    table = member_table(probabilities, histories, LABELS)
    assert table["test errors"].tolist() == [2, 1, 1]
    assert table.loc["a", "seed"] == "SEED + 100" and table.loc["b", "test accuracy"] == "75.00%"
    # One epoch of ten minutes (the machine paused) moves the recorded minutes, not the median epoch.
    assert table.loc["a", "minutes"] == 12.0 and table.loc["a", "median epoch (s)"] == 60.0
    assert table.loc["a", "trained on"] == "AVX-512, bfloat16"


def test_the_seed_spread_is_the_members_mean_deviation_and_range():
    spread = seed_spread([120, 130, 140], 28_000)
    assert spread["mean errors"] == 130 and spread["standard deviation"] == pytest.approx(10.0)
    assert (spread["fewest"], spread["most"]) == (120, 140)
    assert spread["binomial standard error"] == pytest.approx(np.sqrt(130 * (1 - 130 / 28_000)), rel=1e-6)


def test_the_first_k_networks_are_averaged_in_order_at_their_summed_compute(members):
    probabilities, histories = members
    curve = first_k_curve(probabilities, histories, LABELS, training_flops_per_image=10)
    assert curve.index.tolist() == [1, 2, 3]
    # a alone misses 2 and 3; a and b miss 3 only (b's 0.99 outweighs a's 0.9 on image 2); with c,
    # two members to one outvote b on image 2 and miss both again: more members are not always better.
    assert curve["test errors"].tolist() == [2, 1, 2]
    assert curve["image_passes"].tolist() == [3_000, 6_000, 9_000]  # three epochs of 1,000 images each
    assert curve["training_flops"].tolist() == [30_000, 60_000, 90_000]
    assert curve.loc[2, "accuracy"] == 0.75


def test_paired_counts_count_the_images_only_one_model_gets_right():
    ours = np.array([0, 1, 2, 9])
    table = paired_counts("ensemble", ours, {"other": np.array([0, 9, 9, 3])}, LABELS)
    row = table.loc["other"]
    assert (row["only ensemble right"], row["only it right"], row["difference"]) == (2, 1, 1)
    assert row["standard error"] == pytest.approx(np.sqrt(3), abs=0.05)


def test_only_images_every_member_gets_wrong_are_listed(members):
    probabilities, _ = members
    assert wrong_for_every_member(probabilities, LABELS).index.tolist() == []
    probabilities = dict(probabilities, c=one_hot([0, 1, 0, 0]))
    unanimous = wrong_for_every_member(probabilities, LABELS)
    assert unanimous.index.tolist() == [3]  # image 2: b is right; image 3: all three guess 0
    assert unanimous.loc[3, "Guess"] == 0


def test_quoted_results_carry_their_compute_in_passes_and_operations():
    from digits.modeling.quoted_networks import QUOTED_RESULTS

    quoted = quoted_table(QUOTED_RESULTS)
    assert len(quoted) == len(QUOTED_RESULTS)
    deotte = quoted.loc["Deotte, 15 networks"]
    assert deotte["training_flops"] == deotte["image_passes"] * deotte["training_flops_per_image"]
    # Doucet's network does about 22 times best_cnn's work per image (tests/test_compute.py).
    ratio = quoted.loc["Doucet, one network", "training_flops_per_image"] / deotte["training_flops_per_image"]
    assert 20 < ratio < 25


def test_errors_are_counted_by_how_many_members_got_them_wrong(members):
    from digits.evaluation.ensemble_study import errors_by_members_wrong

    probabilities, _ = members
    table = errors_by_members_wrong(probabilities, LABELS)
    # Image 2: a and c wrong (the ensemble too); image 3: a and b wrong (the ensemble too).
    assert table.index.tolist() == [1, 2, 3]
    assert table["images"].tolist() == [0, 2, 0]
    assert table["of them the ensemble gets wrong"].tolist() == [0, 2, 0]
    probabilities = dict(probabilities, c=one_hot([0, 1, 2, 0], confidence=0.5))
    table = errors_by_members_wrong(probabilities, LABELS)
    assert table["images"].tolist() == [1, 0, 1]  # image 2: a alone wrong; image 3: all three
    assert table["of them the ensemble gets wrong"].tolist() == [0, 0, 1]


def test_recipe_marks_count_each_run_at_its_recipes_operations_per_image():
    from digits.evaluation.ensemble_study import recipe_marks
    from digits.modeling.compute import training_flops_per_image
    from digits.modeling.recipes import RECIPES

    run = {"recipe": "deotte_recipe", "title": "Deotte, \"25 Million Images\"", "seed": config.SEED + 1,
           "image_passes": 1_000, "test_accuracy": 0.995}
    (label, passes, flops, accuracy), = recipe_marks({"deotte_recipe/seed1": run})
    assert label == "Deotte's recipe, seed 1" and (passes, accuracy) == (1_000, 0.995)
    assert flops == 1_000 * training_flops_per_image(RECIPES["deotte_recipe"].build())
