"""Training with one seed: the fit loop, callbacks that record and report it, and train-or-load."""

import time
from collections.abc import Callable
from dataclasses import dataclass

import keras

from digits import config
from digits.data.network_input import one_hot
from digits.data.provenance import training_data_fingerprint
from digits.machine import cpu_description, library_versions, precision_policy, training_precision
from digits.modeling.history import TrainingHistory
from digits.modeling.model_copies import float32_model
from digits.modeling.saved_models import is_saved, load_trained, save_trained
from digits.modeling.training_plans import BATCH_SIZE


class HistoryRecorder(keras.callbacks.Callback):
    """Records per-batch losses and per-epoch metrics and times into a TrainingHistory.

    Keras 3 reports at each batch the running mean of the epoch's loss (weighted by batch size),
    not the batch's own loss, so the batch loss is recovered from two successive running means.
    """

    def __init__(self, history):
        super().__init__()
        self.history_record = history

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.perf_counter()
        self._previous_mean = 0.0

    def on_train_batch_end(self, batch, logs=None):
        running_mean = float(logs["loss"])
        size, total = self.history_record.batch_size, self.history_record.train_size
        seen_before, seen = batch * size, min((batch + 1) * size, total)  # the last batch may be short
        self.history_record.batch_losses.append((seen * running_mean - seen_before * self._previous_mean) / (seen - seen_before))
        self._previous_mean = running_mean

    def on_epoch_end(self, epoch, logs=None):
        self.history_record.epoch_seconds.append(time.perf_counter() - self._epoch_start)
        for name, value in (logs or {}).items():
            self.history_record.epochs.setdefault(name, []).append(float(value))


# Extra notes for each epoch's progress line, added by whoever runs a larger plan (`make run` adds
# how long the whole run has left: digits.command_line.progress). Each is called as
# note(network name, mean seconds per recent epoch, seconds this network has left) -> text or None.
EPOCH_NOTES = []


class ProgressReporter(keras.callbacks.Callback):
    """Prints after each epoch how long it took and about how long this network has left, followed
    by the notes in EPOCH_NOTES.

    Estimates use the mean of the last three epochs (the first one also traces the graph).
    """

    def __init__(self, name, epochs, notes=None):
        super().__init__()
        self.name, self.epochs = name, epochs
        self.notes = EPOCH_NOTES if notes is None else notes
        self.epoch_seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_seconds.append(time.perf_counter() - self._epoch_start)
        recent = self.epoch_seconds[-3:] if len(self.epoch_seconds) > 1 else self.epoch_seconds
        per_epoch = sum(recent) / len(recent)
        left = (self.epochs - epoch - 1) * per_epoch
        line = (f"Epoch {epoch + 1}/{self.epochs} of {self.name} took {self.epoch_seconds[-1]:.0f} s; "
                f"about {left / 60:.1f} min left for this network")
        for note in self.notes:
            text = note(self.name, per_epoch, left)
            if text:
                line += f", {text}"
        print(line, flush=True)


def seed_everything(seed=config.SEED):
    """Seed Python, NumPy and the Keras backend, and make TensorFlow's ops deterministic.

    (The project trains on TensorFlow; other backends are seeded too, for studies run elsewhere.)"""
    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()


@dataclass(frozen=True)
class TrainingSettings:
    """How a network is trained, beyond its data and its epochs: what travels together from a
    notebook's parameters to the fit loop."""

    batch_size: int = BATCH_SIZE
    seed: int = config.SEED
    # A Keras dtype policy, or "auto": the fastest on this CPU (digits.machine).
    precision: str = "float32"
    # Called after seeding to create the optimizer; None: the original's Adadelta with learning rate
    # 1.0 (Keras 3's default of 0.001 trains a hundred times more slowly).
    make_optimizer: Callable | None = None
    # Categorical cross-entropy on one-hot labels, as in the original analysis, or another loss on
    # one-hot labels (e.g. with label smoothing).
    loss: object = "categorical_crossentropy"


def train(model, split, epochs, settings=TrainingSettings(), verbose=2, callbacks=()):
    """Compile `model` and fit it on `split` (a digits.data.network_input.Split) for `epochs` epochs
    as `settings` say; return its TrainingHistory."""
    # Seeded again here, after the network was built: the batches' order and the augmentation then
    # follow from the seed alone, however many random numbers building the network drew.
    seed_everything(settings.seed)
    optimizer = settings.make_optimizer() if settings.make_optimizer else keras.optimizers.Adadelta(learning_rate=1.0)
    model.compile(optimizer=optimizer, loss=settings.loss, metrics=["accuracy"])
    history = TrainingHistory(batch_size=settings.batch_size, train_size=len(split.train_images),
                              validation_size=len(split.val_images), seed=settings.seed,
                              precision=model.dtype_policy.name,  # what the network computes in
                              versions=library_versions(), cpu=cpu_description(),
                              train_data_sha256=training_data_fingerprint())
    # With no validation images (a final model trained on everything) there is nothing to validate on.
    validation = (split.val_images, one_hot(split.val_labels)) if len(split.val_images) else None
    model.fit(
        split.train_images,
        one_hot(split.train_labels),
        batch_size=settings.batch_size,
        epochs=epochs,
        validation_data=validation,
        callbacks=[HistoryRecorder(history), *callbacks],
        verbose=verbose,
    )
    return history


def train_or_load(name, build_model, split, epochs, settings=TrainingSettings(), retrain=False,
                  models_dir=None, **fit_options):
    """Load model `name` if saved (and not `retrain`), else build, train and save it.

    `fit_options` (verbose, callbacks) go to `train`. Returns (model, history, trained_now); the
    model computes in float32 either way, so what is reported from it does not depend on the CPU or
    on how it was trained.
    """
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    if not retrain and is_saved(name, models_dir):
        model, history = load_trained(name, models_dir)
        return model, history, False
    model, history = build_and_train(name, build_model, split, epochs, settings, **fit_options)
    save_trained(model, history, name, models_dir)
    return float32_model(model), history, True


def build_and_train(name, build_model, split, epochs, settings=TrainingSettings(), **fit_options):
    """Seed, build and train a network as train_or_load does, without saving it; return (model, history).

    The model is returned in the precision it trained in."""
    precision = training_precision(settings.precision)
    print(f"Training {name}: {epochs} epochs on {len(split.train_images):,} images ({precision})", flush=True)
    with precision_policy(precision):
        seed_everything(settings.seed)  # before building: initial weights are random too
        model = build_model()
        fit_options["callbacks"] = [*fit_options.get("callbacks", ()), ProgressReporter(name, epochs)]
        history = train(model, split, epochs, settings, **fit_options)
    return model, history
