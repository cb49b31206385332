"""benchmarks/design_study.py: test-time shifts, and the summary of the full-budget runs."""

import sys

import numpy as np

from digits import config

sys.path.insert(0, str(config.PROJ_ROOT / "benchmarks"))
import design_study  # noqa: E402  (a script under benchmarks/, not a package module)


def test_a_shift_fills_the_uncovered_border_with_black():
    images = np.ones((1, 28, 28, 1), dtype=np.float32)
    moved = design_study.shifted(images, 1, -2)
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
    runs = design_study.full_budget_runs(results, labels)
    assert [run["design"] for run in runs] == ["plan", "plan"]
    assert runs[0]["snapshot_errors"] == {"14": 2, "28": 1, "42": 1} and runs[1]["snapshot_errors"]["42"] == 0
    assert runs[0]["image_passes"] == 4_200 and runs[0]["ensemble_errors"] == 1
