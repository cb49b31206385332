"""The design study's parts in the package: test-time shifts, and the summary of the full-budget runs."""

import numpy as np

from digits.evaluation.augmentation_study import full_budget_runs
from digits.evaluation.test_time_shifts import shifted


def test_a_shift_fills_the_uncovered_border_with_black():
    images = np.ones((1, 28, 28, 1), dtype=np.float32)
    moved = shifted(images, 1, -2)
    assert moved[0, 0].sum() == 0 and moved[0, :, -2:].sum() == 0 and moved.sum() == 27 * 26


def _probabilities(guesses):
    return np.eye(10)[guesses]


def test_full_budget_runs_count_each_snapshot_and_their_mean_and_group_seeds_by_design():
    labels = np.array([0, 1, 2, 3])
    entries = {f"plan@{epochs}": {"epochs": epochs, "minutes": epochs / 10, "tta_errors": 0} for epochs in (14, 28, 42)}
    probabilities = {"plan@14": _probabilities([0, 1, 9, 9]), "plan@28": _probabilities([0, 1, 2, 9]),
                     "plan@42": _probabilities([0, 1, 2, 9])}
    record = {"description": "the plan", "seed": 1, "cpu": {}, "accelerator": "", "precision": "float32",
              "train_images": 100, "entries": entries}
    seed1 = dict(record, seed=2, entries={label.replace("plan", "plan_seed1"): entry for label, entry in entries.items()})
    results = {"plan": (probabilities, record),
               "plan_seed1": ({label.replace("plan", "plan_seed1"): _probabilities([0, 1, 2, 3])
                               for label in probabilities}, seed1)}
    runs = full_budget_runs(results, labels)
    assert [run["design"] for run in runs] == ["plan", "plan"]
    assert runs[0]["snapshot_errors"] == {"14": 2, "28": 1, "42": 1} and runs[1]["snapshot_errors"]["42"] == 0
    assert runs[0]["image_passes"] == 4_200 and runs[0]["ensemble_errors"] == 1


def test_a_change_to_the_plan_is_paired_image_by_image_with_the_plan_of_the_same_seed():
    labels = np.array([0, 1, 2, 3, 4])
    entries = {"@14": {"epochs": 14, "minutes": 1.0, "tta_errors": 0}, "@42": {"epochs": 42, "minutes": 3.0, "tta_errors": 0}}

    def run(name, seed, last_guesses):
        record = {"description": name, "seed": seed, "cpu": {}, "accelerator": "", "precision": "float32",
                  "train_images": 100, "entries": {name + label: entry for label, entry in entries.items()}}
        return {name + "@14": _probabilities([9, 9, 9, 9, 9]), name + "@42": _probabilities(last_guesses)}, record

    results = {"plan": run("plan", 1, [0, 1, 9, 9, 4]), "plan_seed1": run("plan_seed1", 2, [9, 9, 9, 9, 9]),
               "plan_elastic": run("plan_elastic", 1, [0, 9, 2, 3, 4]),
               "plan_rotation10_seed1": run("plan_rotation10_seed1", 3, [0, 1, 2, 3, 4]),
               "plan_elastic_seed1": run("plan_elastic_seed1", 2, [0, 1, 2, 3, 4])}
    results["plan_elastic_seed1"][1]["precision"] = "mixed_bfloat16"  # not comparable with the plan's float32
    runs = {run["variant"]: run for run in full_budget_runs(results, labels)}
    # elastic's last snapshot is right on images 2 and 3 where the plan's is wrong, wrong on 1 where it is right
    assert runs["plan_elastic"]["paired_with_plan"] == {"only_this_right": 2, "only_plan_right": 1}
    assert "paired_with_plan" not in runs["plan"]
    assert "paired_with_plan" not in runs["plan_rotation10_seed1"]  # no plan with its seed
    assert "paired_with_plan" not in runs["plan_elastic_seed1"]  # the plan's seed, another precision
