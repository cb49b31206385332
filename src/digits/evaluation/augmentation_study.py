"""Notebook 04's plan against stronger augmentation at its full budget, on the validation split.

benchmarks/design_study.py trains the plan (three warm-restart cycles of 14 epochs) and the same plan
with rotation up to 10 degrees or with elastic distortion (two strengths), one or two seeds each, and
records every run in benchmarks/full_budget_study.json. This module reads that record into tables: one row per run,
and one row per change to the plan, judged against the plan trained with the same seeds.
"""

import json
import re
from pathlib import Path

import pandas as pd

from digits import config
from digits.evaluation.ensembles import ensemble_probabilities
from digits.evaluation.recipe_results import paired_disagreements, test_errors
from digits.evaluation.standard_errors import paired_difference_standard_error
from digits.machine import describe_cpu_kind

PLAN = "plan"


def design_of(variant):
    """The design a run trains: its name without a seed suffix ("plan_seed1" -> "plan")."""
    return re.sub(r"_seed\d+$", "", variant)


def pairing_key(run):
    """What a run that changes the plan shares with the plan's run it is paired with: the seed, the
    kind of machine and the precision, so that only the change differs (numerics alone move a result)."""
    return run["seed"], run["trained_on"], run["precision"]


def load_full_budget_study(path=None):
    """The recorded study as a dict, or None where it has not been run."""
    path = config.FULL_BUDGET_STUDY_RESULTS if path is None else path
    path = Path(path)
    return json.loads(path.read_text()) if path.is_file() else None


def _last_snapshot_errors(run):
    return run["snapshot_errors"][max(run["snapshot_errors"], key=int)]


def _cpu_kind(description):
    """The short name of a CPU kind in a run's record ("AVX2 with no bf16 instructions, ..." -> "AVX2")."""
    return "AVX-512" if "AVX-512" in description else "AVX2" if "AVX2" in description else description


def runs_table(study):
    """One row per run: validation errors of each snapshot, of the last with test-time shifts, and of
    the mean of its snapshots, with its seed (added to config.SEED), where it trained and the minutes it took."""
    rows = []
    for run in study["runs"]:
        row = {"run": run["variant"], "design": run["design"], "seed": run["seed"] - config.SEED,
               "trained on": f"{_cpu_kind(run['trained_on'])}, {run['precision']}"}
        row.update({f"errors @{epochs}": errors for epochs, errors in run["snapshot_errors"].items()})
        row.update({"last with TTA": run["last_snapshot_tta_errors"], "mean of snapshots": run["ensemble_errors"],
                    "minutes": run["minutes"]})
        rows.append(row)
    return pd.DataFrame(rows).set_index("run")


def against_plan(study):
    """Per change to the plan: its last snapshots' errors beside the plan's with the same seeds (on the
    same kind of machine, in the same precision: otherwise numerics alone move a result), and
    the paired difference summed over those seeds, in units of its standard error (about the square
    root of the images only one of the two gets right). A change helps beyond noise only if it makes
    fewer errors than the plan by two standard errors or more, and does so with every seed."""
    plans = {pairing_key(run): run for run in study["runs"] if run["design"] == PLAN}
    changes = {}
    for run in study["runs"]:
        if run["design"] != PLAN and "paired_with_plan" in run and pairing_key(run) in plans:
            changes.setdefault(run["design"], []).append(run)
    rows = []
    for design, runs in changes.items():
        only_this = sum(run["paired_with_plan"]["only_this_right"] for run in runs)
        only_plan = sum(run["paired_with_plan"]["only_plan_right"] for run in runs)
        fewer = only_this - only_plan  # errors the change saves against the plan, over its seeds
        standard_error = paired_difference_standard_error(only_this, only_plan)
        every_seed = all(run["paired_with_plan"]["only_this_right"] > run["paired_with_plan"]["only_plan_right"]
                         for run in runs)
        rows.append({
            "change": runs[0]["description"].split(", another seed")[0].removeprefix("the plan, "), "seeds": len(runs),
            "its errors": " / ".join(str(_last_snapshot_errors(run)) for run in runs),
            "plan's errors": " / ".join(str(_last_snapshot_errors(plans[pairing_key(run)])) for run in runs),
            "only it right": only_this, "only the plan right": only_plan, "fewer errors": fewer,
            "in standard errors": round(fewer / standard_error, 1) if standard_error else 0.0,
            "helps beyond noise": bool(standard_error) and fewer >= 2 * standard_error and every_seed,
        })
    return pd.DataFrame(rows).set_index("change") if rows else pd.DataFrame()


def plan_seed_spread(study):
    """How far apart the plan's own seeds are, in last-snapshot errors; None with fewer than two."""
    errors = [_last_snapshot_errors(run) for run in study["runs"] if run["design"] == PLAN]
    return max(errors) - min(errors) if len(errors) > 1 else None


def trained_on(record):
    """Where a variant trained: the GPU and backend if it had one, else the CPU's kind."""
    if record.get("accelerator"):
        return f"{record['accelerator']} ({record.get('backend', 'tensorflow')} backend)"
    return describe_cpu_kind(record["cpu"])


def last_snapshot_guesses(probabilities, record):
    """The guesses of a run's last snapshot (the one with the most epochs)."""
    label = max(record["entries"], key=lambda label: record["entries"][label]["epochs"])
    return probabilities[label].argmax(axis=1)


def full_budget_runs(results, labels, descriptions=None):
    """One row per full-budget run: validation errors of each snapshot and of their mean, and, for a
    run that changes the plan, its last snapshot paired image by image with the plan's trained with the
    same seed on the same kind of machine in the same precision.

    `results` maps each run's name to (its snapshots' probabilities by label, its record);
    `descriptions` (name: text) overrides the descriptions the records carry."""
    descriptions = descriptions or {}
    def key(record):
        return pairing_key({**record, "trained_on": trained_on(record)})

    plans = {key(record): last_snapshot_guesses(probabilities, record)
             for name, (probabilities, record) in results.items() if design_of(name) == PLAN}
    runs = []
    for name, (probabilities, record) in results.items():
        ordered = sorted(record["entries"].items(), key=lambda item: item[1]["epochs"])
        last = ordered[-1][1]
        paired = {}
        if design_of(name) != PLAN and key(record) in plans:
            only_this, only_plan = paired_disagreements(last_snapshot_guesses(probabilities, record),
                                                        plans[key(record)], labels)
            paired = {"paired_with_plan": {"only_this_right": only_this, "only_plan_right": only_plan}}
        runs.append({
            "variant": name, "design": design_of(name),
            "description": descriptions.get(name, record["description"]),
            "seed": record["seed"], "trained_on": trained_on(record), "precision": record["precision"],
            "epochs": last["epochs"], "image_passes": last["epochs"] * record["train_images"], "minutes": last["minutes"],
            "snapshot_errors": {str(entry["epochs"]): test_errors(probabilities[label], labels) for label, entry in ordered},
            "last_snapshot_tta_errors": last["tta_errors"],
            "ensemble_errors": test_errors(ensemble_probabilities([probabilities[label] for label, _ in ordered]), labels),
            **paired,
        })
    return runs
