"""Design study for notebook 04: which changes to the best network help, on the validation split only.

Every variant is notebook 04's network and schedule (batch 128, Adam with warm-up and cosine decay,
precision chosen from the CPU), trained on notebooks 02-03's 33,600 / 8,400 split, with one change.
It reports validation errors, errors with test-time augmentation (mean over the image and its four
one-pixel shifts), the validation loss and the minutes each took; then what ensembles of them score,
and the accuracy-against-compute points of notebook 04's curve. The test labels are never read.
5-9 minutes per 15 epochs on 2 CPU cores.

Each variant's validation probabilities are kept in build/design_study/, so variants trained in
different runs can be combined; `--summary` only combines what is there. The curve's points are
written to benchmarks/design_study.json, which notebook 04 plots.

    python benchmarks/design_study.py                  # every 15-epoch variant (`make design-study`)
    python benchmarks/design_study.py reference ema    # some, by name
    python benchmarks/design_study.py --full-budget    # the runs at notebook 04's budget not kept yet
                                                       # (`make full-budget-study`; about 50 min each on AVX2)
    python benchmarks/design_study.py --summary        # tables and curve from the kept results
    python benchmarks/design_study.py --precision float32 plan_seed1   # in a named precision, not the CPU's fastest

The full-budget runs (notebook 04's three cycles of 14 epochs, two seeds each, plain, with rotation up
to 10 degrees, and with elastic distortion at Simard's setting and a milder one) are summarised in
benchmarks/full_budget_study.json.
"""

import argparse
import json
import tempfile
import time
from dataclasses import replace

import keras
import numpy as np

import digits  # noqa: F401  before keras: it chooses TensorFlow's kernels, which load with keras
from digits import config
from digits.atomic import atomic_path, write_text_atomically
from digits.data.kaggle_csv import load_train_csv
from digits.data.network_input import split_train_validation
from digits.evaluation.augmentation_study import full_budget_runs, trained_on
from digits.evaluation.ensembles import ensemble_probabilities
from digits.evaluation.predictions import predict_probabilities, wrong_predictions
from digits.evaluation.test_time_shifts import tta_probabilities
from digits.machine import PRECISIONS, accelerator_name, cpu_description
from digits.modeling.augmentation import MILD_AUGMENTATION, build_augmentation
from digits.modeling.networks import build_best_cnn
from digits.modeling.training_plans import PLANS
from digits.modeling.schedules import WarmRestarts, warmup_cosine_adam
from digits.modeling.snapshots import train_snapshots_or_load
from digits.modeling.training import TrainingSettings, train_or_load

BATCH_SIZE = PLANS["best_cnn"].batch_size
EPOCHS = 15
RESULTS_DIR = config.PROJ_ROOT / "build" / "design_study"
CURVE_PATH = config.DESIGN_STUDY_RESULTS
INDEPENDENT_SEEDS = ("reference", "reference_seed1", "reference_seed2")
CURVE_VARIANTS = (*INDEPENDENT_SEEDS, "long", "ema", "snapshots")  # the others change the design, not the compute
VARIANTS = {
    "reference": {"description": "best_cnn's design, 15 epochs"},
    "reference_seed1": {"description": "the same, another seed", "seed_offset": 1},
    "reference_seed2": {"description": "the same, a third seed", "seed_offset": 2},
    "rotation10": {"description": "rotation up to 10 degrees instead of 5", "rotation_degrees": 10},
    "smoothing": {"description": "label smoothing 0.1", "label_smoothing": 0.1},
    "long": {"description": "30 epochs instead of 15", "epochs": 30},
    "ema": {"description": "weights averaged: exponential moving average, momentum 0.999", "ema_momentum": 0.999},
    "snapshots": {"description": "3 warm-restart cycles of 15 epochs, a snapshot after each", "cycles": 3},
}
# At notebook 04's full budget (3 cycles of 14 epochs), two seeds each: does stronger augmentation,
# which the 15-epoch runs above cannot judge, pay off over a long schedule? Not in the default list
# (about 50 min each on a 2-core AVX2 CPU): name them, or pass --full-budget.
_PLAN = {"cycles": PLANS["best_cnn"].cycles, "epochs": PLANS["best_cnn"].epochs_per_cycle}  # notebook 04's
_FULL_BUDGET_DESIGNS = {
    "plan": {**_PLAN, "description": "best_cnn's plan: 3 warm-restart cycles of 14 epochs"},
    "plan_rotation10": {**_PLAN, "description": "the plan, rotation up to 10 degrees", "rotation_degrees": 10},
    "plan_elastic": {**_PLAN, "description": "the plan, with elastic distortion (Simard's alpha 34, sigma 4)",
                     "elastic": True},
    # With the plan's augmentation after it, Simard's setting bends 3.5% of the training digits beyond
    # what best_cnn still recognises, this milder one 0.5% (benchmarks/elastic_strength.py).
    "plan_elastic_mild": {**_PLAN, "description": "the plan, with milder elastic distortion (alpha 36, sigma 6)",
                          "elastic": True, "elastic_alpha": 36.0, "elastic_sigma": 6.0},
}
# Each design with its second seed right after it ("plan", "plan_seed1", "plan_rotation10", ...).
FULL_BUDGET_VARIANTS = {
    name: variant
    for design, settings in _FULL_BUDGET_DESIGNS.items()
    for name, variant in ((design, settings),
                          (f"{design}_seed1", {**settings, "description": f"{settings['description']}, another seed",
                                               "seed_offset": 1}))
}
VARIANTS.update(FULL_BUDGET_VARIANTS)
FULL_BUDGET_PATH = config.FULL_BUDGET_STUDY_RESULTS


def train_variant(name, split, precision="auto"):
    """Train one variant from scratch, in `precision` (a Keras dtype policy, or "auto": the fastest
    on this CPU); return {label: validation probabilities} and its record.

    A snapshot run gives one entry per snapshot ("snapshots@15", "snapshots@30", ...)."""
    variant = VARIANTS[name]
    seed = config.SEED + variant.get("seed_offset", 0)
    cycles, epochs = variant.get("cycles", 1), variant.get("epochs", EPOCHS)
    augmentation = replace(MILD_AUGMENTATION, rotation_degrees=variant.get("rotation_degrees", 5),
                           **{key: value for key, value in variant.items() if key.startswith("elastic")})
    loss = keras.losses.CategoricalCrossentropy(label_smoothing=variant.get("label_smoothing", 0.0))
    averaging = {"use_ema": True, "ema_momentum": variant["ema_momentum"]} if "ema_momentum" in variant else {}
    train_size = len(split.train_images)
    settings = TrainingSettings(batch_size=BATCH_SIZE, seed=seed, precision=precision, loss=loss)

    def build():
        return build_best_cnn(augmentation=build_augmentation(augmentation, seed=seed))

    with tempfile.TemporaryDirectory() as models_dir:
        if cycles > 1:  # the same code as notebook 04's snapshots
            models, histories, _ = train_snapshots_or_load(name, build, split, WarmRestarts(cycles, epochs), settings,
                                                           retrain=True, models_dir=models_dir, verbose=0)
            labels = [f"{name}@{len(history.epoch_seconds)}" for history in histories]
        else:
            settings = replace(settings, make_optimizer=lambda: warmup_cosine_adam(train_size, BATCH_SIZE, epochs,
                                                                                    **averaging))
            model, history, _ = train_or_load(name, build, split, epochs, settings, retrain=True,
                                              models_dir=models_dir, verbose=0)
            models, histories, labels = [model], [history], [name]
    probabilities, entries = {}, {}
    for label, model, history in zip(labels, models, histories):
        probabilities[label] = predict_probabilities(model, split.val_images)
        entries[label] = {"epochs": len(history.epoch_seconds), "minutes": round(history.total_seconds / 60, 2),
                          "tta_errors": errors(tta_probabilities(model, split.val_images), split.val_labels)}
    record = {"variant": name, "description": VARIANTS[name]["description"], "precision": histories[-1].precision,
              "cpu": cpu_description(), "backend": keras.backend.backend(), "accelerator": accelerator_name(),
              "seed": seed, "train_images": train_size, "entries": entries}
    return probabilities, record


def errors(probabilities, labels):
    return len(wrong_predictions(probabilities, labels))


def mean_log_loss(probabilities, labels):
    return float(-np.log(np.clip(probabilities[np.arange(len(labels)), labels], 1e-7, 1.0)).mean())


def save_result(name, probabilities, record):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    with atomic_path(RESULTS_DIR / f"{name}.npz") as temporary:
        with open(temporary, "wb") as handle:
            np.savez(handle, **probabilities)
    write_text_atomically(RESULTS_DIR / f"{name}.json", json.dumps(record, indent=1) + "\n")


def load_results():
    """{variant: (probabilities by label, record)} for every variant kept in RESULTS_DIR."""
    results = {}
    for path in sorted(RESULTS_DIR.glob("*.json")):
        with np.load(path.with_suffix(".npz")) as kept:
            results[path.stem] = ({label: kept[label] for label in kept.files}, json.loads(path.read_text()))
    return results


def curve_points(results, labels):
    """Validation accuracy against training compute for notebook 04's curve: single networks,
    averaged weights, snapshot ensembles, and ensembles of independently trained networks."""
    points = []

    def add(kind, what, probabilities, epochs, minutes, train_images):
        found = errors(probabilities, labels)
        points.append({"kind": kind, "what": what, "epochs": epochs, "image_passes": epochs * train_images,
                       "minutes": round(minutes, 1), "errors": found, "accuracy": round(1 - found / len(labels), 6)})

    for name, (probabilities, record) in results.items():
        if name not in CURVE_VARIANTS:
            continue
        for label, entry in record["entries"].items():
            kind = "averaged weights (EMA)" if name == "ema" else "single network"
            what = record["description"] if "@" not in label else f"snapshot after {entry['epochs']} epochs"
            add(kind, what, probabilities[label], entry["epochs"], entry["minutes"], record["train_images"])
    if "snapshots" in results:
        probabilities, record = results["snapshots"]
        ordered = sorted(record["entries"].items(), key=lambda item: item[1]["epochs"])
        for count in range(2, len(ordered) + 1):
            labels_so_far = [label for label, _ in ordered[:count]]
            last = ordered[count - 1][1]
            add("snapshot ensemble", f"mean of the first {count} snapshots",
                ensemble_probabilities([probabilities[label] for label in labels_so_far]),
                last["epochs"], last["minutes"], record["train_images"])
    members = [name for name in INDEPENDENT_SEEDS if name in results]
    for count in range(2, len(members) + 1):
        chosen = [results[name] for name in members[:count]]
        entries = [next(iter(record["entries"].values())) for _, record in chosen]
        add("independent ensemble", f"mean of {count} networks, one seed each",
            ensemble_probabilities([next(iter(probabilities.values())) for probabilities, _ in chosen]),
            sum(entry["epochs"] for entry in entries), sum(entry["minutes"] for entry in entries),
            chosen[0][1]["train_images"])
    return points


def print_summary(results, labels):
    print("| variant | what | epochs | validation errors (accuracy) | with TTA | validation loss | minutes |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, (probabilities, record) in results.items():
        for label, entry in record["entries"].items():
            found = errors(probabilities[label], labels)
            print(f"| {label} | {record['description']} | {entry['epochs']} | {found} ({1 - found / len(labels):.2%}) | "
                  f"{entry['tta_errors']} | {mean_log_loss(probabilities[label], labels):.4f} | {entry['minutes']:.1f} |")
    curve_results = {name: result for name, result in results.items() if name not in FULL_BUDGET_VARIANTS}
    if curve_results:
        write_curve(curve_results, labels)
    full_budget = {name: result for name, result in results.items() if name in FULL_BUDGET_VARIANTS}
    if full_budget:
        write_full_budget(full_budget, labels)


def write_curve(results, labels):
    points = curve_points(results, labels)
    print("\nThe curve (validation errors against training compute):")
    for point in sorted(points, key=lambda point: (point["kind"], point["epochs"])):
        print(f"  {point['kind']:<24} {point['epochs']:>3} epochs {point['minutes']:>6.1f} min  "
              f"{point['errors']:>3} errors ({point['accuracy']:.2%})  {point['what']}")
    cpus = {trained_on(record) for _, record in results.values()}
    write_text_atomically(CURVE_PATH, json.dumps(
        {"validation_images": len(labels), "cpu": sorted(cpus), "points": points}, indent=1) + "\n")
    print(f"\nCurve points written to {CURVE_PATH.relative_to(config.PROJ_ROOT)} (trained on: {'; '.join(sorted(cpus))})")


def write_full_budget(results, labels):
    runs = full_budget_runs(results, labels, {name: variant["description"] for name, variant in VARIANTS.items()})
    print("\nNotebook 04's full budget (validation errors of each snapshot, and of the mean of the three):")
    print("| run | trained on | snapshots | mean of snapshots | minutes |")
    print("|---|---|---|---:|---:|")
    for run in runs:
        snapshots = " / ".join(f"{errors} @{epochs}" for epochs, errors in run["snapshot_errors"].items())
        print(f"| {run['variant']} | {run['trained_on']} | {snapshots} | {run['ensemble_errors']} | {run['minutes']:.1f} |")
    designs = {}
    for run in runs:
        designs.setdefault(run["design"], []).append(run)
    summary = {design: {"seeds": len(group),
                        "mean_last_snapshot_errors": float(np.mean([list(run["snapshot_errors"].values())[-1]
                                                                    for run in group])),
                        "mean_ensemble_errors": float(np.mean([run["ensemble_errors"] for run in group]))}
               for design, group in designs.items()}
    for design, figures in summary.items():
        print(f"  {design:<16} {figures['seeds']} seed(s): last snapshot {figures['mean_last_snapshot_errors']:.1f} "
              f"errors on average, mean of snapshots {figures['mean_ensemble_errors']:.1f}")
    write_text_atomically(FULL_BUDGET_PATH, json.dumps(
        {"validation_images": len(labels), "runs": runs, "designs": summary}, indent=1) + "\n")
    print(f"Written to {FULL_BUDGET_PATH.relative_to(config.PROJ_ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("variants", nargs="*", metavar="VARIANT", help=f"any of: {', '.join(VARIANTS)}")
    parser.add_argument("--summary", action="store_true", help="train nothing; summarise the kept results")
    parser.add_argument("--full-budget", action="store_true",
                        help=f"train the full-budget variants: {', '.join(FULL_BUDGET_VARIANTS)}")
    parser.add_argument("--precision", default="auto", choices=("auto", *PRECISIONS),
                        help="Keras dtype policy to train in (default: the fastest on this CPU)")
    arguments = parser.parse_args()
    default = list(FULL_BUDGET_VARIANTS) if arguments.full_budget else [
        name for name in VARIANTS if name not in FULL_BUDGET_VARIANTS]
    names = [] if arguments.summary else (arguments.variants or default)
    if not arguments.variants:  # hours in all: resume, training only what is not kept
        kept = [name for name in names if (RESULTS_DIR / f"{name}.json").is_file()]
        names = [name for name in names if name not in kept]
        if kept:
            print(f"kept in {RESULTS_DIR.relative_to(config.PROJ_ROOT)}, not trained again: {', '.join(kept)}")
    if unknown := sorted(set(names) - set(VARIANTS)):
        parser.error(f"unknown variant(s): {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    images, labels = load_train_csv()
    split = split_train_validation(images, labels)
    print(f"{len(split.train_images):,} training and {len(split.val_images):,} validation images")
    for name in names:
        start = time.perf_counter()
        probabilities, record = train_variant(name, split, arguments.precision)
        save_result(name, probabilities, record)
        found = {label: errors(value, split.val_labels) for label, value in probabilities.items()}
        print(f"{name}: validation errors {found} ({(time.perf_counter() - start) / 60:.1f} min)", flush=True)
    print_summary(load_results(), split.val_labels)


if __name__ == "__main__":
    main()
