"""Augmentation cost per training batch: notebook 04's pipeline alone, with our elastic distortion
(digits.modeling.elastic) in front, and with Keras' RandomElasticTransform in front instead.

Each pipeline runs as a training step runs it: traced, batch size unknown, on batches of 128 random
28x28 images. The pipelines take turns in rounds, so that a machine's noise falls on all of them alike;
ratios to the plain pipeline are the figures to compare. Keras' layer is timed although it bends every
image of a batch into a copy of the batch's first when traced so (tests/test_models.py): the time is
what it would cost.

    python benchmarks/bench_augmentation.py [--rounds 5] [--batches 40]
"""

import argparse
import platform
import time
from dataclasses import replace

import keras
import numpy as np
import tensorflow as tf

import digits  # noqa: F401  before keras: it chooses TensorFlow's kernels, which load with keras
from digits.modeling.augmentation import MILD_AUGMENTATION, build_augmentation
from digits.machine import cpu_description, describe_cpu_kind
from digits.modeling.training_plans import BATCH_SIZE



def pipelines():
    keras_elastic = keras.layers.RandomElasticTransform(factor=1.0, scale=1.0, value_range=(0.0, 1.0), seed=3,
                                                       fill_mode="constant", fill_value=0.0)
    plain = build_augmentation(MILD_AUGMENTATION)
    return {
        "rotation, zoom, shift (the plan)": plain,
        "  + digits.modeling.elastic": build_augmentation(replace(MILD_AUGMENTATION, elastic=True)),
        "  + keras RandomElasticTransform": keras.Sequential([keras_elastic, build_augmentation(MILD_AUGMENTATION)]),
    }


def traced(layer):
    return tf.function(lambda images: layer(images, training=True),
                       input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32)])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batches", type=int, default=40, help="batches per pipeline per round")
    arguments = parser.parse_args()
    images = np.random.default_rng(0).random((BATCH_SIZE, 28, 28, 1), dtype=np.float32)
    steps = {name: traced(layer) for name, layer in pipelines().items()}
    for step in steps.values():  # trace and warm up
        step(images)
    seconds = {name: [] for name in steps}
    for _ in range(arguments.rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            for _ in range(arguments.batches):
                step(images).numpy()
            seconds[name].append((time.perf_counter() - start) / arguments.batches)
    print(f"{describe_cpu_kind(cpu_description())}, {platform.machine()}, keras {keras.__version__}")
    print(f"ms per batch of {BATCH_SIZE} (median of {arguments.rounds} rounds of {arguments.batches}), and against the plan's:")
    plain = np.median(next(iter(seconds.values())))
    for name, times in seconds.items():
        print(f"  {name:<36} {np.median(times) * 1000:6.1f} ms   x{np.median(times) / plain:4.1f}")


if __name__ == "__main__":
    main()
