"""Training with one seed, histories that survive saving, and atomic model files."""

import contextlib
import hashlib
import json
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import keras
import numpy as np

from digits import config
from digits.atomic import atomic_path, write_text_atomically
from digits.data import one_hot
from digits.hardware import cpu_description, training_precision
from digits.inference import float32_model, load_model
from digits.run_plan import current_run_estimate


@dataclass
class TrainingHistory:
    """Per-epoch metrics, per-batch losses and timings of one training run (saved as JSON)."""

    epochs: dict = field(default_factory=dict)  # metric name -> one value per epoch
    batch_losses: list = field(default_factory=list)  # one value per training batch, all epochs
    epoch_seconds: list = field(default_factory=list)
    batch_size: int = 0
    train_size: int = 0
    validation_size: int = 0
    seed: int = config.SEED
    precision: str = "float32"
    versions: dict = field(default_factory=dict)  # library versions that trained it
    cpu: dict = field(default_factory=dict)  # the CPU that trained it (digits.hardware.cpu_description)
    run: str = ""  # for a snapshot, the training run it was taken from (its compute is shared); else empty

    @property
    def total_seconds(self):
        return float(sum(self.epoch_seconds))

    def to_frame(self):
        """The per-epoch table: epoch, metrics, seconds."""
        import pandas as pd

        frame = pd.DataFrame(self.epochs)
        frame.insert(0, "epoch", range(1, len(frame) + 1))
        frame["seconds"] = self.epoch_seconds
        return frame.set_index("epoch")


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


class ProgressReporter(keras.callbacks.Callback):
    """Prints after each epoch how long it took and about how long this network, and within
    `make run` the whole run, has left.

    Estimates use the mean of the last three epochs (the first one also traces the graph); the
    run's remaining networks are scaled by how this one's epochs compare with their estimate.
    """

    def __init__(self, name, epochs):
        super().__init__()
        self.name, self.epochs = name, epochs
        self.epoch_seconds = []
        self.run_estimate = current_run_estimate()

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_seconds.append(time.perf_counter() - self._epoch_start)
        recent = self.epoch_seconds[-3:] if len(self.epoch_seconds) > 1 else self.epoch_seconds
        per_epoch = sum(recent) / len(recent)
        left = (self.epochs - epoch - 1) * per_epoch
        line = (f"Epoch {epoch + 1}/{self.epochs} of {self.name} took {self.epoch_seconds[-1]:.0f} s; "
                f"about {left / 60:.1f} min left for this network")
        planned = {network.name: network for network in self.run_estimate.networks} if self.run_estimate else {}
        if self.name in planned and planned[self.name].seconds_per_epoch > 0:
            ratio = per_epoch / planned[self.name].seconds_per_epoch
            line += f", {(left + self.run_estimate.seconds_after(self.name, ratio)) / 60:.0f} min for make run"
        print(line, flush=True)


@contextlib.contextmanager
def precision_policy(name):
    """Build and train under Keras' dtype policy `name` (e.g. "mixed_bfloat16"), then restore it."""
    previous = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy(name)
    try:
        yield
    finally:
        keras.mixed_precision.set_global_policy(previous)


def warmup_cosine_adam(train_size, batch_size, epochs, peak_learning_rate=3e-3, warmup_fraction=0.1, **adam_options):
    """Adam whose learning rate rises linearly to its peak over the first tenth, then decays to 0 on a cosine.

    `adam_options` go to keras.optimizers.Adam, e.g. use_ema=True, ema_momentum=0.999: the weights
    are then replaced by their exponential moving average when training ends."""
    steps = -(-train_size // batch_size) * epochs
    warmup = max(1, int(steps * warmup_fraction))
    schedule = keras.optimizers.schedules.CosineDecay(
        0.0, steps - warmup, warmup_target=peak_learning_rate, warmup_steps=warmup
    )
    return keras.optimizers.Adam(schedule, **adam_options)


def library_versions():
    """Versions of the libraries whose numerics shape a trained model."""
    import platform

    import importlib

    backend = keras.backend.backend()
    return {"python": platform.python_version(), backend: importlib.import_module(backend).__version__,
            "keras": keras.__version__, "numpy": np.__version__}


def seed_everything(seed=config.SEED):
    """Seed Python, NumPy and the Keras backend, and make TensorFlow's ops deterministic.

    (The project trains on TensorFlow; other backends are seeded too, for studies run elsewhere.)"""
    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()


def train(model, split, epochs, batch_size=128, optimizer=None, seed=config.SEED, verbose=2, callbacks=(),
          loss="categorical_crossentropy"):
    """Compile `model` and fit it on `split` (a digits.data.Split); return its TrainingHistory.

    Labels are one-hot encoded for categorical cross-entropy, as in the original analysis (`loss`
    may be another loss on one-hot labels, e.g. with label smoothing).
    The default optimizer is the original's Adadelta with learning_rate=1.0: Keras 3's default
    of 0.001 trains a hundred times more slowly.
    """
    seed_everything(seed)
    model.compile(
        optimizer=optimizer or keras.optimizers.Adadelta(learning_rate=1.0),
        loss=loss,
        metrics=["accuracy"],
    )
    history = TrainingHistory(batch_size=batch_size, train_size=len(split.train_images),
                              validation_size=len(split.val_images), seed=seed,
                              precision=keras.mixed_precision.global_policy().name, versions=library_versions(),
                              cpu=cpu_description())
    # With no validation images (a final model trained on everything) there is nothing to validate on.
    validation = (split.val_images, one_hot(split.val_labels)) if len(split.val_images) else None
    model.fit(
        split.train_images,
        one_hot(split.train_labels),
        batch_size=batch_size,
        epochs=epochs,
        validation_data=validation,
        callbacks=[HistoryRecorder(history), *callbacks],
        verbose=verbose,
    )
    return history


def model_path(name, models_dir=config.MODELS_DIR):
    return Path(models_dir) / f"{name}.keras"


def history_path(name, models_dir=config.MODELS_DIR):
    return Path(models_dir) / f"{name}.history.json"


# The DOS epoch: the earliest time a zip entry can carry.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def make_archive_reproducible(path):
    """Rewrite a saved .keras archive so that the same weights always give the same bytes.

    Keras stamps the save time into metadata.json and into the weights entry's zip header; both
    are replaced by constants, so retraining to identical weights leaves the file unchanged.
    """
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in entries:
            if info.filename == "metadata.json":
                metadata = json.loads(data)
                metadata["date_saved"] = "not recorded (reproducible save)"
                data = json.dumps(metadata).encode()
            archive.writestr(zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH), data, compress_type=info.compress_type)


def save_trained(model, history, name, models_dir=config.MODELS_DIR):
    """Save the model (weights and architecture, no optimizer state) and its history, atomically."""
    # An uncompiled copy drops the optimizer's slots, which would triple the file for nothing.
    # (clone_model compiles its clone, so the copy is made from the config.)
    inference_copy = type(model).from_config(model.get_config())
    inference_copy.set_weights(model.get_weights())
    with atomic_path(model_path(name, models_dir)) as temporary:
        inference_copy.save(temporary)
        make_archive_reproducible(temporary)
    write_text_atomically(history_path(name, models_dir), json.dumps(asdict(history), indent=1) + "\n")


def ensemble_path(models_dir=config.MODELS_DIR):
    return Path(models_dir) / "ensemble.json"


def save_ensemble_members(names, models_dir=config.MODELS_DIR):
    """Record which saved models make up the ensemble, so leftovers of a larger one are not counted."""
    write_text_atomically(ensemble_path(models_dir), json.dumps({"members": list(names)}, indent=1) + "\n")


def load_ensemble_members(models_dir=config.MODELS_DIR):
    """The names of the ensemble's members, in order; empty if no ensemble was recorded."""
    path = ensemble_path(models_dir)
    return json.loads(path.read_text())["members"] if path.is_file() else []


def load_history(name, models_dir=config.MODELS_DIR):
    """The TrainingHistory saved beside model `name`."""
    return TrainingHistory(**json.loads(history_path(name, models_dir).read_text()))


def load_trained(name, models_dir=config.MODELS_DIR):
    """Load model `name` (for evaluation, in float32: digits.inference) and its history from `models_dir`."""
    path = model_path(name, models_dir)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: run its notebook with RETRAIN = True to train it")
    return load_model(path), load_history(name, models_dir)


def train_or_load(name, build_model, split, epochs, retrain=False, models_dir=config.MODELS_DIR,
                  precision="float32", make_optimizer=None, **train_options):
    """Load model `name` if saved (and not `retrain`), else build, train and save it.

    `precision` is a Keras dtype policy, or "auto" for the fastest on this CPU
    (digits.hardware.training_precision). `make_optimizer`, if given, is called after seeding to
    create the optimizer. Returns (model, history, trained_now); the model computes in float32
    either way, so what is reported from it does not depend on the CPU or on how it was trained.
    """
    if not retrain and model_path(name, models_dir).is_file() and history_path(name, models_dir).is_file():
        model, history = load_trained(name, models_dir)
        return model, history, False
    model, history = train_new(name, build_model, split, epochs, precision, make_optimizer, **train_options)
    save_trained(model, history, name, models_dir)
    return float32_model(model), history, True


def train_new(name, build_model, split, epochs, precision="float32", make_optimizer=None, **train_options):
    """Seed, build and train a network as train_or_load does, without saving it; return (model, history).

    The model is returned in the precision it trained in."""
    precision = training_precision(precision)
    print(f"Training {name}: {epochs} epochs on {len(split.train_images):,} images ({precision})", flush=True)
    with precision_policy(precision):
        seed_everything(train_options.get("seed", config.SEED))  # before building: initial weights are random too
        model = build_model()
        if make_optimizer is not None:
            train_options["optimizer"] = make_optimizer()
        train_options["callbacks"] = [*train_options.get("callbacks", ()), ProgressReporter(name, epochs)]
        history = train(model, split, epochs, **train_options)
    return model, history


def weights_checksum(model):
    """A short fingerprint of all weights, to show that two runs produced the same model."""
    digest = hashlib.sha256()
    for weights in model.get_weights():
        digest.update(np.ascontiguousarray(weights).tobytes())
    return digest.hexdigest()[:16]
