"""Train the runs from baseline_cnn to best_cnn that the project lacks, scored on the test set
(`make accuracy-steps`; digits.evaluation.accuracy_steps says which and why).

Each finished run is recorded at once (benchmarks/accuracy_steps.json: its epochs, precision,
minutes, each epoch's seconds and CPU; benchmarks/accuracy_steps.npz: its answers on test.csv), so an
interrupted run resumes with the runs still missing. The test labels only score: nothing is chosen
on them. Notebook 07 builds its table from these files. About 75 min on a 2-core Intel Xeon with
AVX-512 (benchmarks/README.md).

    python benchmarks/accuracy_steps.py             # the runs not recorded yet
    python benchmarks/accuracy_steps.py --summary   # the recorded runs
"""

import argparse
import json

import numpy as np

import digits  # noqa: F401  before keras: it chooses TensorFlow's kernels, which load with keras
from digits import config
from digits.atomic import atomic_path, write_text_atomically
from digits.data.kaggle_csv import load_test_csv, load_train_csv
from digits.data.network_input import split_train_validation, to_network_input
from digits.data.provenance import file_sha256
from digits.evaluation.accuracy_steps import STEP_RUNS, load_step_runs
from digits.evaluation.member_predictions import write_reproducible_npz
from digits.evaluation.predictions import predict_probabilities
from digits.machine import describe_cpu_kind
from digits.modeling.model_copies import float32_model
from digits.modeling.networks import build_best_cnn
from digits.modeling.schedules import warm_restart_adam
from digits.modeling.training import TrainingSettings, build_and_train
from digits.modeling.training_plans import PLANS
from digits.reports.submission import load_answer_key

BATCH_SIZE = PLANS["best_cnn"].batch_size


def save_runs(records, answers):
    """Answers first, then the record that names them: an interruption between leaves a run unrecorded."""
    with atomic_path(config.ACCURACY_STEPS_ANSWERS) as temporary:
        write_reproducible_npz(temporary, answers)
    document = {"test_images": 28_000, "test_csv_sha256": file_sha256(config.TEST_CSV), "runs": records}
    write_text_atomically(config.ACCURACY_STEPS_RESULTS, json.dumps(document, indent=1) + "\n")


def train_run(run, split, test_images):
    """Train `run` from the project's seed; return (its record, its answers on the test images)."""
    train_size = len(split.train_images)
    make_optimizer = (lambda: warm_restart_adam(train_size, BATCH_SIZE, run.epochs_per_cycle)) if run.adam else None
    settings = TrainingSettings(batch_size=BATCH_SIZE, precision=run.precision, make_optimizer=make_optimizer)
    model, history = build_and_train(f"step_{run.name}", build_best_cnn, split, run.epochs, settings, verbose=0)
    answers = predict_probabilities(float32_model(model), test_images).argmax(axis=1).astype(np.uint8)
    record = {"epochs": run.epochs, "precision": history.precision,
              "train_images": train_size,
              "minutes": round(history.total_seconds / 60, 1),
              "epoch_seconds": [round(seconds, 1) for seconds in history.epoch_seconds], "cpu": history.cpu}
    return record, answers


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--summary", action="store_true", help="train nothing; print the recorded runs")
    arguments = parser.parse_args()
    records, answers = load_step_runs()
    answer_key = load_answer_key()  # scoring only
    if not arguments.summary:
        images, labels = load_train_csv()
        split = split_train_validation(images, labels)
        test_images = to_network_input(load_test_csv())
        for run in STEP_RUNS:
            if run.name in records:
                print(f"{run.name}: recorded; delete it from {config.ACCURACY_STEPS_RESULTS.name} to train it again")
                continue
            records[run.name], answers[run.name] = train_run(run, split, test_images)
            save_runs(records, answers)
            print(f"{run.name}: {int((answers[run.name] != answer_key).sum())} test errors "
                  f"({records[run.name]['minutes']} min)", flush=True)
    print("| run | change | epochs | precision | minutes | CPU | test errors |")
    print("|---|---|---:|---|---:|---|---:|")
    changes = {run.name: run.change for run in STEP_RUNS}
    for name, record in records.items():
        print(f"| {name} | {changes[name]} | {record['epochs']} | {record['precision']} | {record['minutes']:.1f} "
              f"| {describe_cpu_kind(record['cpu'])} | {int((answers[name] != answer_key).sum())} |")


if __name__ == "__main__":
    main()
