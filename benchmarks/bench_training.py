"""Training throughput (images/s) per network, each against a bare `model.fit` on in-memory arrays.

One run, so the ratios compare like with like on a noisy machine:
- digits.train.train (our path: seeded, op determinism, history recorder) vs a bare compile + fit;
- the mildly augmented network vs the baseline (target: >= 0.9x);
- the best network in float32 vs mixed_bfloat16.
"""

import argparse
import platform
import time

import keras
import numpy as np

from digits.data import load_train_csv, one_hot, split_train_validation
from digits.models import NETWORKS_BY_NAME
from digits.train import train

# The strong and mild augmentations cost the same: one of them is timed.
NETWORKS = {name: NETWORKS_BY_NAME[name].build for name in ("baseline_cnn", "augmented_cnn", "best_cnn")}


class EpochClock(keras.callbacks.Callback):
    """Seconds per epoch, nothing else: the bare fit is timed exactly as digits.train times itself."""

    def __init__(self):
        super().__init__()
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._start)


def bare_fit_rate(build, images, labels, batch_size, epochs):
    """Images per second of a plain compile + fit, first epoch (graph tracing) excluded.

    One fit of epochs + 1 epochs, timed per epoch like our path: timing a second `fit` call as a
    whole also counted that call's set-up, and made the bare fit look slower than ours.
    """
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(), loss="categorical_crossentropy")
    clock = EpochClock()
    model.fit(images, labels, batch_size=batch_size, epochs=epochs + 1, verbose=0, callbacks=[clock])
    return len(images) / np.mean(clock.seconds[1:])


def our_rate(build, split, batch_size, epochs):
    """Images per second of digits.train.train, timed by its own per-epoch clock, first epoch excluded."""
    history = train(build(), split, epochs + 1, batch_size=batch_size, optimizer=keras.optimizers.Adam(), verbose=0)
    return len(split.train_images) / np.mean(history.epoch_seconds[1:])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=int, default=8_192, help="training images per epoch")
    parser.add_argument("--epochs", type=int, default=2, help="timed epochs per measurement")
    parser.add_argument("--batch-size", type=int, default=128)
    arguments = parser.parse_args()
    images, labels = load_train_csv()
    split = split_train_validation(images[: arguments.images * 5 // 4], labels[: arguments.images * 5 // 4])
    train_labels = one_hot(split.train_labels)
    from digits.hardware import cpu_description, describe_cpu_kind

    cpu = cpu_description()
    print(f"CPU: {cpu['name']}, {cpu['cores']} cores, {describe_cpu_kind(cpu)}")
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, keras {keras.__version__}; "
          f"{len(split.train_images):,} images, batch {arguments.batch_size}, {arguments.epochs} timed epochs")
    cases = [(name, "float32") for name in NETWORKS] + [("best_cnn", "mixed_bfloat16")]
    # All bare fits first: digits.train turns on op determinism, which stays on for the process.
    bare, rates = {}, {}
    for name, precision in cases:
        keras.mixed_precision.set_global_policy(precision)
        bare[(name, precision)] = bare_fit_rate(NETWORKS[name], split.train_images, train_labels,
                                                arguments.batch_size, arguments.epochs)
    for name, precision in cases:
        keras.mixed_precision.set_global_policy(precision)
        rates[(name, precision)] = our_rate(NETWORKS[name], split, arguments.batch_size, arguments.epochs)
        print(f"  {name:14s} {precision:15s} bare fit {bare[(name, precision)]:7.0f} img/s   "
              f"digits.train {rates[(name, precision)]:7.0f} img/s   ours/bare {rates[(name, precision)] / bare[(name, precision)]:4.2f}")
    keras.mixed_precision.set_global_policy("float32")
    print(f"augmented_cnn / baseline_cnn (float32): "
          f"{rates[('augmented_cnn', 'float32')] / rates[('baseline_cnn', 'float32')]:.2f}x (target >= 0.90)")
    print(f"best_cnn mixed_bfloat16 / float32: "
          f"{rates[('best_cnn', 'mixed_bfloat16')] / rates[('best_cnn', 'float32')]:.2f}x")


if __name__ == "__main__":
    main()
