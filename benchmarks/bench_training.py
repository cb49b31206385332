"""Training throughput (images/s) of our training path against a bare fit, per kernel library.

Our path is `digits.modeling.training.train` (seeded, op determinism, per-batch history recorder); the bare fit
is `compile` + `fit` of the same network as the original notebook wrote it (Adam, accuracy, the same
validation images, no callbacks). TensorFlow fixes its kernels (Eigen or oneDNN) when it loads, and
op determinism cannot be turned off once on, so each measurement runs in a process of its own.

The processes run in rounds, every setting once per round, and a setting's rate is the median over
rounds of its per-epoch medians, first epoch (graph tracing) excluded: on these shared 2-core hosts
one epoch can take half as long again as the next, and a slow phase then falls on no setting alone.
(Alternating the two paths' epochs inside one process was tried: it favoured whichever ran second
by about 5%, even with the same bare fit on both sides.)

Printed: ours/bare per network and kernel library, each kernel library against Eigen, what op
determinism alone costs a bare fit, the mildly augmented network against the baseline (target
>= 0.9x), bfloat16 against float32 where the CPU has bf16 instructions (elsewhere it is emulated and
several times slower), and each rate as a fraction of this CPU's float32 matrix-multiply ceiling
(numpy sgemm, measured in the same run).
"""

import argparse
import subprocess
import sys
import time

import numpy as np

from digits.machine import KERNEL_CHOICES, environment_with_kernels, kernel_choices_here
from digits.modeling.training_plans import BATCH_SIZE

NETWORK_NAMES = ("baseline_cnn", "augmented_cnn", "best_cnn")  # the strong and mild augmentations cost the same
MODES = ("ours", "bare", "bare, deterministic")


def measure_here(network, mode, precision, images, epochs, batch_size):
    """Images/s of one path in this process: the median epoch, the first excluded."""
    import keras
    import tensorflow as tf

    from digits.data.kaggle_csv import load_train_csv
    from digits.data.network_input import one_hot, split_train_validation
    from digits.modeling.catalogue import NETWORKS_BY_NAME
    from digits.modeling.training import TrainingSettings, train

    class EpochClock(keras.callbacks.Callback):
        """Seconds per epoch, timed as digits.modeling.training times itself."""

        def __init__(self):
            super().__init__()
            self.seconds = []

        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self._start)

    keras.mixed_precision.set_global_policy(precision)
    build = NETWORKS_BY_NAME[network].build
    all_images, labels = load_train_csv()
    split = split_train_validation(all_images[: images * 5 // 4], labels[: images * 5 // 4])
    if mode == "ours":
        settings = TrainingSettings(batch_size=batch_size, make_optimizer=keras.optimizers.Adam)
        seconds = train(build(), split, epochs + 1, settings, verbose=0).epoch_seconds
    else:
        if mode == "bare, deterministic":
            keras.utils.set_random_seed(0)  # op determinism requires seeded random ops
            tf.config.experimental.enable_op_determinism()
        model = build()
        model.compile(optimizer=keras.optimizers.Adam(), loss="categorical_crossentropy", metrics=["accuracy"])
        clock = EpochClock()
        model.fit(split.train_images, one_hot(split.train_labels), batch_size=batch_size, epochs=epochs + 1,
                  validation_data=(split.val_images, one_hot(split.val_labels)), verbose=0, callbacks=[clock])
        seconds = clock.seconds
    return len(split.train_images) / float(np.median(seconds[1:]))


def measure(network, mode, precision, kernels, arguments):
    """measure_here in a fresh process under the kernel choice `kernels` (a key of KERNEL_CHOICES)."""
    environment = dict(environment_with_kernels(kernels), TF_CPP_MIN_LOG_LEVEL="3", PYTHONHASHSEED="0")
    command = [sys.executable, __file__, "--child", network, mode, precision, "--images", str(arguments.images),
               "--epochs", str(arguments.epochs), "--batch-size", str(arguments.batch_size)]
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{network} {mode} {precision} {kernels}: {result.stderr.strip()[-2000:]}")
    return float(result.stdout.strip().splitlines()[-1])


def training_flops_per_image(network):
    """Floating-point operations to train on one image: 3x the forward pass (the backward pass costs
    about twice the forward), counting the convolutions' and dense layers' multiply-adds as 2 each."""
    import keras

    from digits.modeling.catalogue import NETWORKS_BY_NAME

    model = NETWORKS_BY_NAME[network].build()
    forward = 0
    for layer in model.layers:  # the augmentation block holds no convolution or dense layer
        if isinstance(layer, keras.layers.Conv2D):
            height, width, filters = layer.output.shape[1:]
            forward += 2 * height * width * filters * int(np.prod(layer.kernel.shape[:-1]))
        elif isinstance(layer, keras.layers.Dense):
            forward += 2 * int(np.prod(layer.kernel.shape))
    return 3 * forward


def sgemm_gflops(size=2048, repeats=5):
    """This CPU's float32 matrix-multiply rate through numpy's BLAS, best of `repeats`."""
    generator = np.random.default_rng(0)
    a, b = (generator.random((size, size), dtype=np.float32) for _ in range(2))
    best = float("inf")
    for _ in range(repeats + 1):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--networks", nargs="+", default=NETWORK_NAMES, choices=NETWORK_NAMES)
    parser.add_argument("--kernels", nargs="+", default=None, choices=list(KERNEL_CHOICES),
                        help="kernel libraries to time (default: Eigen, oneDNN, and oneDNN capped at AVX2 on AVX-512)")
    parser.add_argument("--images", type=int, default=4_096, help="training images per epoch")
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per process")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--child", nargs=3, metavar=("NETWORK", "MODE", "PRECISION"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(measure_here(*arguments.child, arguments.images, arguments.epochs, arguments.batch_size))
        return
    from digits.machine import cpu_description, cpu_flags, describe_cpu_kind, native_bfloat16

    cpu = cpu_description()
    kernels = arguments.kernels or kernel_choices_here()
    ceiling = sgemm_gflops()
    print(f"CPU: {cpu['name']} ({cpu['model']}), {cpu['cores']} cores, {describe_cpu_kind(cpu)}")
    print(f"{arguments.images:,} training + {arguments.images // 4:,} validation images, batch {arguments.batch_size}, "
          f"{arguments.epochs} timed epochs per process, {arguments.rounds} rounds; medians")
    print(f"float32 matrix-multiply ceiling (numpy sgemm 2048x2048): {ceiling:.0f} GFLOP/s")
    cases = [(network, "float32") for network in arguments.networks]
    if "best_cnn" in arguments.networks and native_bfloat16(cpu_flags(), KERNEL_CHOICES["oneDNN"]):
        cases.append(("best_cnn", "mixed_bfloat16"))

    def kernels_for(precision):  # under Eigen bfloat16 is emulated, several times slower: not worth timing
        return kernels if precision == "float32" else [kernel for kernel in kernels if kernel != "Eigen"]

    settings = [(network, precision, mode, kernel) for network, precision in cases for kernel in kernels_for(precision)
                for mode in MODES if mode != "bare, deterministic" or kernel == kernels_for(precision)[0]]
    runs = {setting: [] for setting in settings}
    for _ in range(arguments.rounds):
        for setting in settings:
            network, precision, mode, kernel = setting
            runs[setting].append(measure(network, mode, precision, kernel, arguments))
    rate = {setting: float(np.median(values)) for setting, values in runs.items()}
    for network, precision in cases:
        flops = training_flops_per_image(network)
        first = kernels_for(precision)[0]
        for kernel in kernels_for(precision):
            ours, bare = rate[(network, precision, "ours", kernel)], rate[(network, precision, "bare", kernel)]
            gflops = ours * flops / 1e9
            print(f"  {network:13s} {precision:14s} {kernel:21s} bare fit {bare:5.0f} img/s   "
                  f"digits.modeling.training {ours:5.0f} img/s   ours/bare {ours / bare:4.2f}   "
                  f"vs {first} {ours / rate[(network, precision, 'ours', first)]:4.2f}x   "
                  f"{gflops:4.0f} GFLOP/s = {gflops / ceiling:4.0%} of sgemm")
            print(f"      runs: ours {', '.join(f'{value:.0f}' for value in runs[(network, precision, 'ours', kernel)])}; "
                  f"bare {', '.join(f'{value:.0f}' for value in runs[(network, precision, 'bare', kernel)])}")
        deterministic = rate[(network, precision, "bare, deterministic", first)]
        print(f"  {network:13s} {precision:14s} op determinism alone ({first}): deterministic / plain bare fit "
              f"{deterministic / rate[(network, precision, 'bare', first)]:4.2f}")
    for kernel in kernels:
        if ("augmented_cnn", "float32", "ours", kernel) in rate and ("baseline_cnn", "float32", "ours", kernel) in rate:
            print(f"augmented_cnn / baseline_cnn (float32, {kernel}): {rate[('augmented_cnn', 'float32', 'ours', kernel)] / rate[('baseline_cnn', 'float32', 'ours', kernel)]:.2f}x (target >= 0.90)")
        if ("best_cnn", "mixed_bfloat16", "ours", kernel) in rate:
            print(f"best_cnn mixed_bfloat16 / float32 ({kernel}): "
                  f"{rate[('best_cnn', 'mixed_bfloat16', 'ours', kernel)] / rate[('best_cnn', 'float32', 'ours', kernel)]:.2f}x")


if __name__ == "__main__":
    main()
