"""The plan of `make run` and its estimated durations, as saved for the run's progress lines.

digits.command_line.timing_probe measures the estimate (`make estimate`); this module holds it and reads it
back, and digits.command_line.progress turns it into the run's progress lines.
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from digits.atomic import write_text_atomically
from digits.modeling.training_plans import BATCH_SIZE


@dataclass
class PlannedNetwork:
    """One network that `make run` trains."""

    notebook: str
    name: str
    kind: str  # a key of network_builders()
    epochs: int
    train_images: int
    validation_images: int
    precision: str
    seconds_per_epoch: float = 0.0
    batch_size: int = BATCH_SIZE

    @property
    def seconds(self):
        return self.epochs * self.seconds_per_epoch


@dataclass
class RunEstimate:
    """The whole run: each network's training time, and everything else."""

    networks: list = field(default_factory=list)
    other_seconds: float = 0.0

    @property
    def total_seconds(self):
        return sum(network.seconds for network in self.networks) + self.other_seconds

    def seconds_after(self, name, speed_ratio=1.0):
        """Seconds the run needs after network `name` ends; later training scaled by `speed_ratio`
        (measured / estimated epoch time of the network now training)."""
        names = [network.name for network in self.networks]
        if name not in names:
            return None
        later = self.networks[names.index(name) + 1:]
        return sum(network.seconds for network in later) * speed_ratio + self.other_seconds


def save_estimate(estimate, path):
    write_text_atomically(path, json.dumps(asdict(estimate), indent=1) + "\n")


def load_estimate(path):
    data = json.loads(Path(path).read_text())
    return RunEstimate([PlannedNetwork(**network) for network in data["networks"]], data["other_seconds"])
