"""From notebook 02's baseline_cnn to notebook 04's best_cnn one change at a time, on the test set.

The two differ in six things: the network, the precision, the optimizer and its schedule, the
epochs, the augmentation and the training images (33,600 or all 42,000). The project's own runs
cover the last two (the five fold networks are best_cnn's plan on 33,600 images; the ensemble's ten
members and best_cnn the plan on all 42,000, from different seeds); `STEP_RUNS` are the four it trains for the rest (benchmarks/accuracy_steps.py), each
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
    StepRun("schedule", "Adam, warm-up and cosine decay, not Adadelta", "mixed_bfloat16",
            _BASELINE.epochs, adam=True),
    StepRun("epochs", f"{_BEST.cycles} warm-restart cycles of {_BEST.epochs_per_cycle} epochs, not {_BASELINE.epochs}",
            "mixed_bfloat16", _BEST.epochs_per_cycle, cycles=_BEST.cycles, adam=True),
)


def step_runs_table(runs=STEP_RUNS):
    """The runs benchmarks/accuracy_steps.py trains, as a table: what each changes, its optimizer,
    epochs and precision."""
    return pd.DataFrame([{"run": run.name, "change": run.change,
                          "optimizer": "Adam, warm restarts" if run.adam else "Adadelta",
                          "epochs": f"{run.cycles} x {run.epochs_per_cycle}" if run.cycles > 1 else str(run.epochs),
                          "precision": run.precision} for run in runs]).set_index("run")


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
    cpus: tuple = ()


def project_steps(baseline_answers, fold_answers, member_answers, best_answers):
    """The steps from baseline_cnn to best_cnn: baseline_cnn, the recorded STEP_RUNS, the fold
    networks (`fold_answers`, one per network), the ensemble's members (the same plan on all 42,000
    images from other seeds) and best_cnn, with their training minutes (at the median epoch, so that a
    pause does not count) and CPUs.
    Raises FileNotFoundError, naming the command, while a run is missing."""
    from digits.machine import named_cpu
    from digits.modeling.cross_validation import fold_network_names
    from digits.modeling.ensemble_members import member_names
    from digits.modeling.history import steady_seconds
    from digits.modeling.saved_models import load_history

    records, answers = load_step_runs()
    runs = {run.name: run for run in STEP_RUNS}
    if missing := [run.name for run in STEP_RUNS if run.name not in records]:
        raise FileNotFoundError(f"the runs {', '.join(missing)} are not recorded in "
                                f"{config.ACCURACY_STEPS_RESULTS.name}: run `make accuracy-steps` (about 75 min)")

    def from_histories(name, change, guesses, history_names):
        histories = [load_history(history_name) for history_name in history_names]
        return Step(name, change, list(guesses), [history.steady_seconds / 60 for history in histories],
                    tuple(named_cpu(history.cpu) for history in histories))

    return [
        from_histories("baseline_cnn", "notebook 02's network, Adadelta, 10 epochs",
                       [baseline_answers], ["baseline_cnn"]),
        *(Step(name, runs[name].change, [answers[name]], [steady_seconds(record["epoch_seconds"]) / 60],
               (named_cpu(record["cpu"]),))
          for name, record in records.items()),
        from_histories("augmentation", "best_cnn's augmentation (the 5 fold networks)", fold_answers,
                       fold_network_names()),
        from_histories("all images", "all 42,000 images, not 33,600 (10 networks)",
                       member_answers, member_names(len(member_answers))),
        from_histories("best_cnn", "best_cnn: the same plan, the project's seed", [best_answers], ["best_cnn"]),
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
               "trained on": "; ".join(sorted(set(step.cpus)))}
        if previous is not None:
            difference = wrong - previous
            row["change in errors"] = float(difference.sum())
            # A sum over the test images of per-image differences: its variance is n times theirs.
            row["standard error"] = float(np.sqrt(len(difference) * difference.var(ddof=1)))
        rows.append(row)
        previous = wrong
    return pd.DataFrame(rows).set_index("step")


def formatted_steps_table(table):
    """accuracy_steps_table's table as it is read: counts to a tenth, accuracy in %, blanks for the
    first row's change."""
    def blank_or(template):
        return lambda value: "" if np.isnan(value) else template.format(value)

    return table.assign(**{"test errors": table["test errors"].map("{:g}".format),
                           "accuracy": table["accuracy"].map("{:.2%}".format),
                           "change in errors": table["change in errors"].map(blank_or("{:+.4g}")),
                           "standard error": table["standard error"].map(blank_or("{:.1f}")),
                           "minutes per network": table["minutes per network"].map("{:.1f}".format)})
