"""How each of the project's networks is trained, written once: its epochs (in warm-restart cycles
for best_cnn), batch size and precision. The notebooks' `parameters` cells take their defaults from
here, and so do the ensemble, the cross-validation networks, the run estimate and the studies.
Keras is not imported: the command line reads these plans."""

from dataclasses import dataclass

# The original notebook's batch size, kept by every network of the project.
BATCH_SIZE = 128


@dataclass(frozen=True)
class TrainingPlan:
    """Epochs as `cycles` x `epochs_per_cycle` (one cycle: a plain run), the batch size, and the
    precision: a Keras dtype policy, or "auto" for the fastest on the CPU (digits.machine)."""

    epochs_per_cycle: int
    cycles: int = 1
    batch_size: int = BATCH_SIZE
    precision: str = "float32"

    @property
    def epochs(self):
        return self.cycles * self.epochs_per_cycle


# The original notebook's plan for its network (10 epochs), and notebook 04's for
# best_cnn: three warm-restart cycles of 14 epochs, in bfloat16 where the CPU computes it natively.
PLANS = {
    "baseline_cnn": TrainingPlan(epochs_per_cycle=10),
    "augmented_strong_cnn": TrainingPlan(epochs_per_cycle=10),
    "augmented_cnn": TrainingPlan(epochs_per_cycle=10),
    "best_cnn": TrainingPlan(epochs_per_cycle=14, cycles=3, precision="auto"),
}
