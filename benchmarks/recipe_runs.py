"""The famous Kaggle recipes trained here and scored on our 28,000 test images (`make recipes`).

Trains Ghouzam's and Deotte's recipes (digits.modeling.recipes) at their published settings on a 90/10 split
of train.csv, two seeds each, and scores each network on test.csv with the local answer key. Every
finished run is recorded at once in benchmarks/recipe_runs.json (committed: notebook 04 reads it), so
an interrupted `make recipes` resumes with the runs still missing; `--retrain` trains again.
The first seed of each recipe also writes its Kaggle submission, submissions/<recipe>.csv.
On 2 CPU cores: about 40 min (Ghouzam) and 50-70 min (Deotte) per run on AVX2 CPUs.

    python benchmarks/recipe_runs.py                          # every missing run
    python benchmarks/recipe_runs.py deotte_recipe --seeds 1
    python benchmarks/recipe_runs.py --summary                # the table from recipe_runs.json
"""

import argparse
import json
import time

import numpy as np

from digits import config
from digits.atomic import atomic_path, write_text_atomically
from digits.data.kaggle_csv import load_test_csv, load_train_csv
from digits.data.network_input import split_train_validation, to_network_input
from digits.evaluation.predictions import predict_probabilities
from digits.machine import describe_cpu_kind
from digits.modeling.model_copies import float32_model
from digits.modeling.recipes import RECIPES, VALIDATION_FRACTION, train_recipe
from digits.modeling.saved_models import weights_checksum
from digits.reports.submission import load_answer_key, write_submission

RESULTS_PATH = config.RECIPE_RUNS
PROBABILITIES_DIR = config.PROJ_ROOT / "build" / "recipe_runs"


def run_key(recipe_name, seed_index):
    return f"{recipe_name}/seed{seed_index}"


def load_runs(path=RESULTS_PATH):
    return json.loads(path.read_text())["runs"] if path.is_file() else {}


def save_runs(runs, path=RESULTS_PATH):
    write_text_atomically(path, json.dumps({"test_images": 28_000, "runs": runs}, indent=1) + "\n")


def run_recipe(recipe, seed_index, split, test_images, answer_key):
    """Train one recipe with seed config.SEED + seed_index; score it on the test set; return its record."""
    seed = config.SEED + seed_index
    model, history = train_recipe(recipe, split, seed=seed)
    model = float32_model(model)
    probabilities = predict_probabilities(model, test_images)
    guesses = probabilities.argmax(axis=1)
    errors = int(np.sum(guesses != answer_key))
    PROBABILITIES_DIR.mkdir(parents=True, exist_ok=True)
    with atomic_path(PROBABILITIES_DIR / f"{recipe.name}_seed{seed_index}.npy") as temporary:
        with open(temporary, "wb") as handle:
            np.save(handle, probabilities)
    if seed_index == 0:
        write_submission(guesses, config.SUBMISSIONS_DIR / f"{recipe.name}.csv")
    validation = history.epochs.get("val_accuracy", [])
    return {
        "recipe": recipe.name, "title": recipe.title, "seed": seed, "epochs": recipe.epochs,
        "batch_size": recipe.batch_size, "train_images": len(split.train_images),
        "image_passes": recipe.epochs * len(split.train_images), "parameters": model.count_params(),
        "minutes": round(history.total_seconds / 60, 1), "precision": history.precision, "cpu": history.cpu,
        "cpu_kind": describe_cpu_kind(history.cpu), "validation_accuracy_by_epoch": [round(v, 6) for v in validation],
        "test_errors": errors, "test_accuracy": round(1 - errors / len(answer_key), 6),
        "weights": weights_checksum(model),
    }


def print_summary(runs):
    print("| run | epochs x images | minutes | CPU | last validation | test errors | test accuracy |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for key, run in runs.items():
        last = run["validation_accuracy_by_epoch"][-1] if run["validation_accuracy_by_epoch"] else float("nan")
        print(f"| {key} | {run['epochs']} x {run['train_images']:,} | {run['minutes']:.1f} | {run['cpu_kind']} | "
              f"{last:.2%} | {run['test_errors']} | {run['test_accuracy']:.2%} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("recipes", nargs="*", metavar="RECIPE", help=f"any of: {', '.join(RECIPES)} (default: all)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1], help="seed offsets to run (default: 0 1)")
    parser.add_argument("--retrain", action="store_true", help="train runs already in recipe_runs.json again")
    parser.add_argument("--summary", action="store_true", help="train nothing; print the recorded runs")
    arguments = parser.parse_args()
    if unknown := sorted(set(arguments.recipes) - set(RECIPES)):
        parser.error(f"unknown recipe(s): {', '.join(unknown)}; choose from {', '.join(RECIPES)}")
    runs = load_runs()
    if not arguments.summary:
        answer_key = load_answer_key()  # scoring only: nothing is chosen on it
        images, labels = load_train_csv()
        split = split_train_validation(images, labels, validation_size=VALIDATION_FRACTION)
        test_images = to_network_input(load_test_csv())
        print(f"{len(split.train_images):,} training, {len(split.val_images):,} validation, "
              f"{len(test_images):,} test images", flush=True)
        # Seed by seed, so that a short run of `make recipes` yields one run of each recipe first.
        for seed_index in arguments.seeds:
            for name in arguments.recipes or list(RECIPES):
                key = run_key(name, seed_index)
                if key in runs and not arguments.retrain:
                    print(f"{key}: recorded ({runs[key]['test_errors']} test errors); --retrain to train it again")
                    continue
                start = time.perf_counter()
                runs[key] = run_recipe(RECIPES[name], seed_index, split, test_images, answer_key)
                save_runs(runs)
                print(f"{key}: {runs[key]['test_errors']} test errors, {runs[key]['test_accuracy']:.2%} "
                      f"({(time.perf_counter() - start) / 60:.1f} min)", flush=True)
    print_summary(runs)


if __name__ == "__main__":
    main()
