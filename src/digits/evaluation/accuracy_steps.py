"""From notebook 02's baseline_cnn to notebook 04's best_cnn one change at a time, on the test set.

The two differ in six things: the network, the precision, the optimizer and its schedule, the
epochs, the augmentation and the training images (33,600 or all 42,000). The project's own runs
cover the last two (the five fold networks are best_cnn's plan on 33,600 images, best_cnn the plan on
all 42,000); `STEP_RUNS` are the four it trains for the rest (benchmarks/accuracy_steps.py), each
one change after the last, on notebooks 02-03's 33,600 / 8,400 split from the project's seed,
without augmentation.

The change in errors from step to step carries a paired standard error over the test images: per
image, how much more often this step's networks read it wrong than the previous step's (for single
networks, McNemar's root of the number of images only one of the two reads right). It leaves out the
seed: how far one network moves with its seed alone is the ensemble's spread
(digits.evaluation.ensemble_study.seed_spread)."""

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from digits import config
from digits.data.provenance import OtherDataError, file_sha256
from digits.modeling.training_plans import PLANS


@dataclass(frozen=True)
class StepRun:
    """One of the runs benchmarks/accuracy_steps.py trains: best_cnn's design without augmentation."""

    name: str
    change: str
    precision: str
    epochs_per_cycle: int
    cycles: int = 1
    adam: bool = False  # Adam on notebook 04's warm-restart schedule; else the original's Adadelta

    @property
    def epochs(self):
        return self.cycles * self.epochs_per_cycle


_BEST, _BASELINE = PLANS["best_cnn"], PLANS["baseline_cnn"]
STEP_RUNS = (
    StepRun("network", "best_cnn's design, trained as baseline_cnn", "float32", _BASELINE.epochs),
    StepRun("precision", "mixed_bfloat16 instead of float32", "mixed_bfloat16", _BASELINE.epochs),
    StepRun("schedule", "Adam with warm-up and cosine decay instead of Adadelta", "mixed_bfloat16",
            _BASELINE.epochs, adam=True),
    StepRun("epochs", f"{_BEST.cycles} warm-restart cycles of {_BEST.epochs_per_cycle} epochs instead of "
            f"{_BASELINE.epochs} epochs", "mixed_bfloat16", _BEST.epochs_per_cycle, cycles=_BEST.cycles, adam=True),
)


def load_step_runs(results=None, answers=None, test_csv=None):
    """The runs recorded so far: ({name: record}, {name: answers on test.csv}), in STEP_RUNS' order.
    Refused (OtherDataError) if they answered another test.csv than `test_csv`."""
    results = config.ACCURACY_STEPS_RESULTS if results is None else results
    answers = config.ACCURACY_STEPS_ANSWERS if answers is None else answers
    test_csv = config.TEST_CSV if test_csv is None else test_csv
    if not results.is_file():
        return {}, {}
    stored = json.loads(results.read_text())
    if stored["test_csv_sha256"] != file_sha256(test_csv):
        raise OtherDataError(f"{results} holds answers for another {test_csv.name} than {test_csv}; "
                             "run `make accuracy-steps` on your data to train them for it")
    with np.load(answers) as arrays:
        order = [run.name for run in STEP_RUNS if run.name in stored["runs"]]
        return {name: stored["runs"][name] for name in order}, {name: arrays[name] for name in order}


@dataclass(frozen=True)
class Step:
    """One row of the table: the `answers` of each of its networks on the test images, their training
    minutes and CPUs, and `change`, what differs from the step before."""

    name: str
    change: str
    answers: list
    minutes: list
    cpu_kinds: tuple = ()


def project_steps(baseline_answers, fold_answers, best_answers):
    """The steps from baseline_cnn to best_cnn: baseline_cnn, the recorded STEP_RUNS, the fold
    networks (`fold_answers`, one per network) and best_cnn, with their training minutes (at the
    median epoch, so that a pause does not count) and CPUs.
    Raises FileNotFoundError, naming the command, while a run is missing."""
    from digits.machine import describe_cpu_kind
    from digits.modeling.cross_validation import fold_network_names
    from digits.modeling.history import steady_seconds
    from digits.modeling.saved_models import load_history

    records, answers = load_step_runs()
    if missing := [run.name for run in STEP_RUNS if run.name not in records]:
        raise FileNotFoundError(f"the runs {', '.join(missing)} are not recorded in "
                                f"{config.ACCURACY_STEPS_RESULTS.name}: run `make accuracy-steps` (about 1 h)")

    def from_histories(name, change, guesses, history_names):
        histories = [load_history(history_name) for history_name in history_names]
        return Step(name, change, list(guesses), [history.steady_seconds / 60 for history in histories],
                    tuple(describe_cpu_kind(history.cpu) for history in histories))

    return [
        from_histories("baseline_cnn", "notebook 02: the original network, Adadelta, 10 epochs, float32",
                       [baseline_answers], ["baseline_cnn"]),
        *(Step(name, record["change"], [answers[name]], [steady_seconds(record["epoch_seconds"]) / 60],
               (record["cpu_kind"],))
          for name, record in records.items()),
        from_histories("augmentation", "best_cnn's augmentation: the five fold networks (each its own "
                       "33,600 images and seed)", fold_answers, fold_network_names()),
        from_histories("best_cnn", "all 42,000 images instead of 33,600: best_cnn", [best_answers], ["best_cnn"]),
    ]


def wrong_share(answers, labels):
    """Per test image, the share of the networks that read it wrong."""
    return np.mean([np.asarray(guesses) != np.asarray(labels) for guesses in answers], axis=0)


def accuracy_steps_table(steps, labels):
    """One row per step: its networks, their mean test errors and accuracy, the change in errors from
    the step before with its paired standard error, and the mean training minutes of one network."""
    labels = np.asarray(labels)
    rows, previous = [], None
    for step in steps:
        wrong = wrong_share(step.answers, labels)
        row = {"step": step.name, "change": step.change, "networks": len(step.answers),
               "test errors": float(wrong.sum()), "accuracy": 1 - float(wrong.mean()),
               "change in errors": np.nan, "standard error": np.nan,
               "minutes per network": float(np.mean(step.minutes)),
               "trained on": "; ".join(sorted(set(step.cpu_kinds)))}
        if previous is not None:
            difference = wrong - previous
            row["change in errors"] = float(difference.sum())
            # A sum over the test images of per-image differences: its variance is n times theirs.
            row["standard error"] = float(np.sqrt(len(difference) * difference.var(ddof=1)))
        rows.append(row)
        previous = wrong
    return pd.DataFrame(rows).set_index("step")
