"""How long `make run` will take on this machine: the networks' training plans times a short probe.

The plan (which networks, how many epochs, on how many images, in which batches and precision) is
each network's plan in digits.modeling.training_plans, which the notebooks' `parameters` cells
also take their defaults from. The probe trains each kind of
network for two short epochs here, in the precision it will train in, and times the second (the
first also traces the graph) in parts: the steady time per training step, which scales with the
images, the validation, which scales with the validation images at the measured prediction rate,
and the rest of the epoch, which does not scale. Training is over nine tenths of the run; the rest
is estimated from the number of notebook processes and the images they predict.
"""

import time

import keras
import numpy as np

from digits import config
from digits.data.network_input import VALIDATION_FRACTION
from digits.modeling.schedules import steps_per_epoch
from digits.command_line.plan import PlannedNetwork, RunEstimate

LABELLED_IMAGES = 42_000  # train.csv's rows, in the Kaggle data and in ours
PROBE_IMAGES = 2_048
# Seconds a notebook process spends outside training and prediction (start-up, imports, plots),
# measured on the project's 2-core machines; `make run` starts eleven (3 notebooks retrained, reader_cnn
# trained, 7 notebooks executed).
NOTEBOOK_PROCESS_SECONDS = 15
NOTEBOOK_PROCESSES = 11


def training_plan():
    """The networks `make run` retrains, in order: notebooks 02 and 03 on the 33,600 / 8,400 split,
    notebook 04 on all 42,000 images, then reader_cnn (digits.reader.training)."""
    from digits.machine import training_precision
    from digits.modeling.snapshots import snapshot_names
    from digits.modeling.training_plans import PLANS
    from digits.reader import training as reader

    validation = round(LABELLED_IMAGES * VALIDATION_FRACTION)
    plan = []
    for notebook, name, kind in (("02", "baseline_cnn", "baseline"), ("03", "augmented_strong_cnn", "augmented"),
                                 ("03", "augmented_cnn", "augmented")):
        network = PLANS[name]
        plan.append(PlannedNetwork(notebook, name, kind, network.epochs, LABELLED_IMAGES - validation, validation,
                                   training_precision(network.precision), batch_size=network.batch_size))
    best = PLANS["best_cnn"]
    # One run of its cycles; its snapshots cost nothing extra.
    plan.append(PlannedNetwork("04", snapshot_names("best_cnn", best.cycles)[-1], "best", best.epochs, LABELLED_IMAGES,
                               0, training_precision(best.precision), batch_size=best.batch_size))
    # Then reader_cnn, best_cnn fine-tuned in float32 on all the images and the flagged 1s.
    plan.append(PlannedNetwork("05", reader.NETWORK, "best", reader.EPOCHS, LABELLED_IMAGES + reader.FLAGGED, 0,
                               "float32", batch_size=best.batch_size))
    return plan


def network_builders():
    """A builder for each kind of network in the plan (the strong and mild augmentations cost the same)."""
    from digits.modeling.catalogue import NETWORKS_BY_NAME

    return {kind: NETWORKS_BY_NAME[name].build
            for kind, name in {"baseline": "baseline_cnn", "augmented": "augmented_cnn", "best": "best_cnn"}.items()}


def _probe_images():
    """PROBE_IMAGES random images and labels: timing does not depend on what the pixels show."""
    generator = np.random.default_rng(config.SEED)
    images = generator.random((PROBE_IMAGES, config.IMAGE_SIDE, config.IMAGE_SIDE, 1), dtype=np.float32)
    return images, generator.integers(0, config.NUM_CLASSES, PROBE_IMAGES)


class EpochParts(keras.callbacks.Callback):
    """Times each epoch in parts: when each training step ended, and how long validation took."""

    def __init__(self):
        super().__init__()
        self.epochs = []

    def on_epoch_begin(self, epoch, logs=None):
        self.epochs.append({"begin": time.perf_counter(), "step_ends": [], "validation": 0.0})

    def on_train_batch_end(self, batch, logs=None):
        self.epochs[-1]["step_ends"].append(time.perf_counter())

    def on_test_begin(self, logs=None):
        self._validation_start = time.perf_counter()

    def on_test_end(self, logs=None):
        self.epochs[-1]["validation"] += time.perf_counter() - self._validation_start

    def on_epoch_end(self, epoch, logs=None):
        self.epochs[-1]["end"] = time.perf_counter()


def epoch_seconds_at_scale(parts, batch_size, train_images, validation_images, predictions_per_second):
    """Seconds of one epoch on `train_images` and `validation_images`, from one timed probe epoch.

    The steady step time (between the first and last step's end) times the steps; validation at
    the prediction rate; and once, what the probe epoch spent beyond its steps and validation
    (set-up, the first step's extra time): scaling that with the images overcounted it twentyfold.
    """
    step_ends = parts["step_ends"]
    seconds_per_step = (step_ends[-1] - step_ends[0]) / (len(step_ends) - 1)
    fixed = parts["end"] - parts["begin"] - parts["validation"] - seconds_per_step * len(step_ends)
    steps = steps_per_epoch(train_images, batch_size)
    return seconds_per_step * steps + validation_images / predictions_per_second + max(0.0, fixed)


def probe_network(network, builder):
    """(seconds per training epoch of `network` (a PlannedNetwork) on this machine, in its batch size
    and precision; predictions per second in float32)."""
    batch_size = network.batch_size
    from digits.data.network_input import Split
    from digits.evaluation.predictions import predict_probabilities
    from digits.modeling.model_copies import float32_model
    from digits.machine import precision_policy
    from digits.modeling.training import TrainingSettings, train

    images, labels = _probe_images()
    validation = round(PROBE_IMAGES * network.validation_images / network.train_images)
    split = Split(images, labels, images[:validation], labels[:validation])
    parts = EpochParts()
    with precision_policy(network.precision):
        model = builder()
        train(model, split, 2, TrainingSettings(batch_size=batch_size), verbose=0, callbacks=[parts])
    evaluation_model = float32_model(model)
    predict_probabilities(evaluation_model, images[:256])  # traces the graph
    start = time.perf_counter()
    predict_probabilities(evaluation_model, images)
    predictions_per_second = PROBE_IMAGES / (time.perf_counter() - start)
    seconds_per_epoch = epoch_seconds_at_scale(parts.epochs[1], batch_size, network.train_images,
                                               network.validation_images, predictions_per_second)
    return seconds_per_epoch, predictions_per_second


def estimate_run(test_images=28_000, progress=print):
    """A RunEstimate for `make run` on this machine (takes about a minute on a slow CPU)."""
    plan = training_plan()
    builders = network_builders()
    probed, prediction_seconds = {}, 0.0
    for network in plan:
        key = (network.kind, network.precision, network.validation_images, network.batch_size)
        if key not in probed:
            progress(f"  timing {network.kind} networks in {network.precision} on {PROBE_IMAGES:,} images")
            probed[key] = probe_network(network, builders[network.kind])
        network.seconds_per_epoch, predictions_per_second = probed[key]
        # Each network predicts its validation and test images when retrained and again when executed.
        prediction_seconds += 2 * (network.validation_images + test_images) / predictions_per_second
    return RunEstimate(plan, NOTEBOOK_PROCESSES * NOTEBOOK_PROCESS_SECONDS + prediction_seconds)


def describe_estimate(estimate):
    """The estimate as lines for the terminal: per network, then the total."""
    lines = []
    for network in estimate.networks:
        lines.append(f"  {network.notebook} {network.name:22s} {network.epochs:3d} epochs x "
                     f"{network.seconds_per_epoch:5.0f} s ({network.precision}) = {network.seconds / 60:5.1f} min")
    lines.append(f"  executing and rendering the notebooks, the results table: about {estimate.other_seconds / 60:.1f} min")
    lines.append(f"Estimated time for make run on this machine: about {estimate.total_seconds / 60:.0f} min")
    return lines
