"""Learning-rate schedules and the Adam optimisers that use them."""

import math
from dataclasses import dataclass

import keras
from keras import ops


@dataclass(frozen=True)
class WarmRestarts:
    """A run of `cycles` learning-rate cycles of `epochs_per_cycle` epochs each, a warm restart
    starting each cycle (notebook 04's plan: 3 x 14)."""

    cycles: int
    epochs_per_cycle: int

    @property
    def epochs(self):
        return self.cycles * self.epochs_per_cycle


def steps_per_epoch(images, batch_size):
    """Optimizer steps in one epoch: every image is seen, so the last batch may be short."""
    return -(-images // batch_size)


def warmup_cosine_adam(train_size, batch_size, epochs, peak_learning_rate=3e-3, warmup_fraction=0.1, **adam_options):
    """Adam whose learning rate rises linearly to its peak over the first tenth, then decays to 0 on a cosine.

    `adam_options` go to keras.optimizers.Adam, e.g. use_ema=True, ema_momentum=0.999: the weights
    are then replaced by their exponential moving average when training ends."""
    steps = steps_per_epoch(train_size, batch_size) * epochs
    warmup = max(1, int(steps * warmup_fraction))
    schedule = keras.optimizers.schedules.CosineDecay(
        0.0, steps - warmup, warmup_target=peak_learning_rate, warmup_steps=warmup
    )
    return keras.optimizers.Adam(schedule, **adam_options)


@keras.saving.register_keras_serializable(package="digits")
class WarmRestartCosine(keras.optimizers.schedules.LearningRateSchedule):
    """A learning rate that repeats, every `steps_per_cycle` steps, a linear warm-up from 0 to
    `peak_learning_rate` over `warmup_fraction` of the cycle and a cosine decay back to 0."""

    def __init__(self, steps_per_cycle, peak_learning_rate=3e-3, warmup_fraction=0.1):
        self.steps_per_cycle = int(steps_per_cycle)
        self.peak_learning_rate = float(peak_learning_rate)
        self.warmup_fraction = float(warmup_fraction)

    def __call__(self, step):
        warmup = max(1, int(self.steps_per_cycle * self.warmup_fraction))
        position = ops.mod(ops.cast(step, "float32"), float(self.steps_per_cycle))
        rising = self.peak_learning_rate * position / warmup
        progress = (position - warmup) / max(1, self.steps_per_cycle - warmup)
        falling = 0.5 * self.peak_learning_rate * (1.0 + ops.cos(math.pi * progress))
        return ops.where(position < warmup, rising, falling)

    def get_config(self):
        return {"steps_per_cycle": self.steps_per_cycle, "peak_learning_rate": self.peak_learning_rate,
                "warmup_fraction": self.warmup_fraction}


def warm_restart_adam(train_size, batch_size, epochs_per_cycle, peak_learning_rate=3e-3, warmup_fraction=0.1):
    """Adam on a WarmRestartCosine schedule whose cycles last `epochs_per_cycle` epochs."""
    steps_per_cycle = steps_per_epoch(train_size, batch_size) * epochs_per_cycle
    return keras.optimizers.Adam(WarmRestartCosine(steps_per_cycle, peak_learning_rate, warmup_fraction))
