"""The project's trained networks: each one's saved name, where it is presented, and its builder."""

from collections.abc import Callable
from dataclasses import dataclass

from digits import config
from digits.modeling.augmentation import MILD_AUGMENTATION, STRONG_AUGMENTATION, build_augmentation
from digits.modeling.networks import build_baseline_cnn, build_best_cnn
from digits.modeling.training_plans import PLANS


@dataclass(frozen=True)
class Network:
    """One of the project's trained networks: its saved name, notebook, description and builder."""

    name: str
    notebook: str
    description: str
    build: Callable  # build(seed) -> the untrained network, with its augmentation, as its notebook builds it

    @property
    def label(self):
        return f"{self.notebook} {self.description}"

    @property
    def plan(self):
        """How it is trained (digits.modeling.training_plans)."""
        return PLANS[self.name]


# The project's networks in the order of the notebooks. (best_cnn's snapshots and the ensemble come
# from best_cnn's run: digits.modeling.snapshots.)
NETWORKS = (
    Network("baseline_cnn", "02", "the original network", lambda seed=config.SEED: build_baseline_cnn()),
    Network("augmented_strong_cnn", "03", "strong augmentation", lambda seed=config.SEED: build_baseline_cnn(
        "augmented_strong_cnn", build_augmentation(STRONG_AUGMENTATION, seed=seed))),
    Network("augmented_cnn", "03", "mild augmentation", lambda seed=config.SEED: build_baseline_cnn(
        "augmented_cnn", build_augmentation(MILD_AUGMENTATION, seed=seed))),
    Network("best_cnn", "04", "best single network", lambda seed=config.SEED: build_best_cnn(
        augmentation=build_augmentation(MILD_AUGMENTATION, seed=seed))),
)


NETWORKS_BY_NAME = {network.name: network for network in NETWORKS}
