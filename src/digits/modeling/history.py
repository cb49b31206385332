"""The record of one training run: per-epoch metrics, per-batch losses, timings, and what trained it."""

import statistics
from dataclasses import dataclass, field

from digits import config


def steady_seconds(epoch_seconds):
    """A run's training time at its median epoch: an epoch stretched by a pause (the machine busy with
    other work, or suspended, during a run of hours) does not count."""
    return statistics.median(epoch_seconds) * len(epoch_seconds) if epoch_seconds else 0.0


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
    cpu: dict = field(default_factory=dict)  # the CPU that trained it (digits.machine.cpu_description)
    train_data_sha256: str = ""  # SHA-256 of data/train.csv when it was trained (digits.data.provenance)
    run: str = ""  # for a snapshot, the training run it was taken from (its compute is shared); else empty

    @property
    def image_passes(self):
        """Training compute in image passes: epochs x training images."""
        return len(self.epoch_seconds) * self.train_size

    @property
    def total_seconds(self):
        return float(sum(self.epoch_seconds))

    @property
    def steady_seconds(self):
        """The training time at the median epoch (`steady_seconds`)."""
        return steady_seconds(self.epoch_seconds)

    def to_frame(self):
        """The per-epoch table: epoch, metrics, seconds (to a tenth: timings are noisy beyond that)."""
        import pandas as pd

        frame = pd.DataFrame(self.epochs)
        frame.insert(0, "epoch", range(1, len(frame) + 1))
        frame["seconds"] = [round(seconds, 1) for seconds in self.epoch_seconds]
        return frame.set_index("epoch")
