"""Snapshot ensembles: one training run with warm restarts, a saved network at the end of each cycle.

Each cycle is notebook 04's schedule again (a linear warm-up over its first tenth, then a cosine decay
to 0), so the first snapshot is the network a single cycle would train, and each later cycle starts
from the previous minimum with a high learning rate, which moves it to a nearby, different one.
Averaging the snapshots' predictions gives several ensemble members for the price of one run
(Huang et al., "Snapshot Ensembles: Train 1, get M for free", 2017)."""

from dataclasses import replace

import keras

from digits import config
from digits.modeling.model_copies import copy_with_weights, float32_model
from digits.modeling.saved_models import is_saved, load_trained, save_trained
from digits.modeling.schedules import warm_restart_adam
from digits.modeling.training import TrainingSettings, build_and_train


class SnapshotRecorder(keras.callbacks.Callback):
    """Keeps a copy of the weights at the end of every cycle of `epochs_per_cycle` epochs."""

    def __init__(self, epochs_per_cycle):
        super().__init__()
        self.epochs_per_cycle = epochs_per_cycle
        self.snapshots = []  # (epochs trained, list of weight arrays)

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.epochs_per_cycle == 0:
            self.snapshots.append((epoch + 1, [weights.copy() for weights in self.model.get_weights()]))


def snapshot_names(base, cycles, run=0):
    """The saved names of one run's snapshots, in training order. The last snapshot of the first run
    carries `base` itself (e.g. "best_cnn"); earlier ones "<base>_snapshot<k>", other runs "<base>_run<r>..."."""
    run_name = base if run == 0 else f"{base}_run{run}"
    return [f"{run_name}_snapshot{cycle}" for cycle in range(1, cycles)] + [run_name]


def truncated_history(history, epochs, run):
    """The part of a run's TrainingHistory up to `epochs`: what it took to reach that snapshot."""
    batches = len(history.batch_losses) * epochs // len(history.epoch_seconds)
    return replace(history, epochs={name: values[:epochs] for name, values in history.epochs.items()},
                   batch_losses=history.batch_losses[:batches], epoch_seconds=history.epoch_seconds[:epochs], run=run)


def train_snapshots_or_load(base, build_model, split, restarts, settings=TrainingSettings(), run=0, retrain=False,
                            models_dir=None, **fit_options):
    """Load one run's snapshots if all are saved (and not `retrain`), else train the run and save them.

    The run follows `restarts` (a WarmRestarts: cycles x epochs per cycle) with Adam on the
    warm-restart schedule, so `settings` must not name an optimizer of its own (ValueError); with one
    cycle it is an ordinary warm-up + cosine run. Returns (models, histories, trained_now), in training order; models
    compute in float32 (digits.modeling.model_copies), however they were trained.
    """
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    if settings.make_optimizer is not None:
        raise ValueError("a snapshot run trains with Adam on its warm-restart schedule: pass TrainingSettings "
                         "without make_optimizer")
    cycles = restarts.cycles
    names = snapshot_names(base, cycles, run)
    if not retrain and all(is_saved(name, models_dir) for name in names):
        loaded = [load_trained(name, models_dir) for name in names]
        return [model for model, _ in loaded], [history for _, history in loaded], False
    recorder = SnapshotRecorder(restarts.epochs_per_cycle)
    fit_options["callbacks"] = [*fit_options.get("callbacks", ()), recorder]
    train_size = len(split.train_images)
    settings = replace(settings, make_optimizer=lambda: warm_restart_adam(train_size, settings.batch_size,
                                                                          restarts.epochs_per_cycle))
    model, history = build_and_train(names[-1], build_model, split, restarts.epochs, settings, **fit_options)
    models, histories = [], []
    for name, (epochs, weights) in zip(names, recorder.snapshots, strict=True):
        snapshot = copy_with_weights(model, weights)
        histories.append(truncated_history(history, epochs, run=names[-1] if cycles > 1 else ""))
        save_trained(snapshot, histories[-1], name, models_dir)
        models.append(float32_model(snapshot))
    return models, histories, True
