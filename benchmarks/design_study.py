"""Design study for notebook 05: which changes to the best network help, on the validation split only.

Every variant is notebook 05's network and schedule (mixed_bfloat16, batch 128, Adam with warm-up and
cosine decay), trained on notebooks 02-03's 33,600 / 8,400 split, with one change. It reports
validation errors, errors with test-time augmentation (mean over the image and its four one-pixel
shifts), the validation loss, and the errors of ensembles of the variants. The test labels are never
read. 5-9 minutes per 15-epoch variant on 2 CPU cores.

    python benchmarks/design_study.py                  # every variant (`make design-study`)
    python benchmarks/design_study.py reference long   # some, by name
"""

import argparse
import itertools
import tempfile
import time
from pathlib import Path

import keras
import numpy as np

from digits.data import load_train_csv, split_train_validation
from digits.evaluate import ensemble_probabilities, predict_probabilities, tta_probabilities, wrong_predictions
from digits.models import MILD_AUGMENTATION, build_augmentation, build_best_cnn
from digits.train import train_or_load, warmup_cosine_adam

BATCH_SIZE = 128
VARIANTS = {
    "reference": {"description": "notebook 05's design, 15 epochs"},
    "rotation10": {"description": "rotation up to 10 degrees instead of 5", "rotation_degrees": 10},
    "smoothing": {"description": "label smoothing 0.1", "label_smoothing": 0.1},
    "long": {"description": "30 epochs instead of 15", "epochs": 30},
    "ema": {"description": "weights averaged: exponential moving average, momentum 0.999", "ema_momentum": 0.999},
}


def train_variant(name, split, models_dir):
    """Train one variant from scratch; return its trained model and the minutes it took."""
    variant = VARIANTS[name]
    epochs = variant.get("epochs", 15)
    augmentation = dict(MILD_AUGMENTATION, rotation_degrees=variant.get("rotation_degrees", 5))
    loss = keras.losses.CategoricalCrossentropy(label_smoothing=variant.get("label_smoothing", 0.0))
    averaging = {"use_ema": True, "ema_momentum": variant["ema_momentum"]} if "ema_momentum" in variant else {}
    start = time.perf_counter()
    model, _, _ = train_or_load(
        name, lambda: build_best_cnn(augmentation=build_augmentation(**augmentation)), split, epochs,
        retrain=True, models_dir=models_dir, precision="auto", batch_size=BATCH_SIZE, loss=loss,
        make_optimizer=lambda: warmup_cosine_adam(len(split.train_images), BATCH_SIZE, epochs, **averaging), verbose=0,
    )
    return model, (time.perf_counter() - start) / 60


def errors(probabilities, labels):
    return len(wrong_predictions(probabilities, labels))


def mean_log_loss(probabilities, labels):
    return float(-np.log(np.clip(probabilities[np.arange(len(labels)), labels], 1e-7, 1.0)).mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("variants", nargs="*", metavar="VARIANT", help=f"any of: {', '.join(VARIANTS)}")
    names = parser.parse_args().variants or list(VARIANTS)
    if unknown := sorted(set(names) - set(VARIANTS)):
        parser.error(f"unknown variant(s): {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    images, labels = load_train_csv()
    split = split_train_validation(images, labels)
    print(f"{len(split.train_images):,} training and {len(split.val_images):,} validation images")
    print("| variant | what | validation errors (accuracy) | with TTA | validation loss | minutes |")
    print("|---|---|---:|---:|---:|---:|")
    probabilities = {}
    with tempfile.TemporaryDirectory() as models_dir:
        for name in names:
            model, minutes = train_variant(name, split, Path(models_dir))
            probabilities[name] = predict_probabilities(model, split.val_images)
            found = errors(probabilities[name], split.val_labels)
            with_tta = errors(tta_probabilities(model, split.val_images), split.val_labels)
            print(f"| {name} | {VARIANTS[name]['description']} | {found} ({1 - found / len(split.val_labels):.2%}) | "
                  f"{with_tta} | {mean_log_loss(probabilities[name], split.val_labels):.4f} | {minutes:.1f} |", flush=True)
    for size in range(2, len(names) + 1):
        for combination in itertools.combinations(names, size):
            mean = ensemble_probabilities([probabilities[name] for name in combination])
            print(f"ensemble of {' + '.join(combination)}: {errors(mean, split.val_labels)} validation errors")


if __name__ == "__main__":
    main()
