"""The independent ensemble: networks trained with notebook 04's plan, each from its own seed.

Member k (1, 2, ...) is best_cnn's design trained exactly as best_cnn was (three warm-restart cycles
of 14 epochs on all 42,000 labelled images, batches of 128), from the seed `member_seed(k)`. Only
its last network is kept. Members are trained one at a time and each is saved as it finishes, so a
long run can stop and resume: `python -m digits ensemble` trains only the members not saved yet.
"""

from digits import config
from digits.modeling.training_plans import PLANS

# Fixed before any member is trained: the ensemble averages all of them, never a chosen few.
ENSEMBLE_SIZE = 10
# Keras is imported only where a network is trained or loaded: the command line imports this module.
# Member seeds step by 100: a network's augmentation layers use its seed and the next three, so
# no two members share a random stream, and none shares best_cnn's (config.SEED itself).
SEED_STEP = 100


def member_seed(index):
    """The seed of member `index` (1-based)."""
    if index < 1:
        raise ValueError(f"ensemble members are numbered from 1, not {index}")
    return config.SEED + SEED_STEP * index


def member_name(index):
    return f"ensemble_member{index:02d}"


def member_names(size=ENSEMBLE_SIZE):
    return [member_name(index) for index in range(1, size + 1)]


def train_with_best_plan(name, seed, split, models_dir=None, precision=None):
    """Train best_cnn's design from `seed` with notebook 04's plan (digits.modeling.training_plans)
    on `split`'s training images and save it as `name` with its history (seed, precision, CPU,
    library versions, epoch times, the SHA-256 of data/train.csv). Returns the history."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    from digits.modeling.catalogue import NETWORKS_BY_NAME
    from digits.modeling.saved_models import save_trained
    from digits.modeling.schedules import warm_restart_adam
    from digits.modeling.training import TrainingSettings, build_and_train

    plan = PLANS["best_cnn"]
    train_size = len(split.train_images)
    settings = TrainingSettings(batch_size=plan.batch_size, seed=seed, precision=precision or plan.precision,
                                make_optimizer=lambda: warm_restart_adam(train_size, plan.batch_size, plan.epochs_per_cycle))
    model, history = build_and_train(name, lambda: NETWORKS_BY_NAME["best_cnn"].build(seed), split, plan.epochs, settings)
    save_trained(model, history, name, models_dir)
    return history


def train_member(index, split, models_dir=None, precision=None):
    """Train member `index` on `split` (all labelled images of data/train.csv) and save it."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    return train_with_best_plan(member_name(index), member_seed(index), split, models_dir, precision)


def train_missing_members(size=ENSEMBLE_SIZE, models_dir=None, precision=None):
    """Train, one after another, the members of an ensemble of `size` that are not saved yet.

    Returns the names trained now."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    from digits.data.kaggle_csv import load_train_csv
    from digits.data.network_input import split_train_validation
    from digits.modeling.saved_models import is_saved

    missing = [index for index in range(1, size + 1) if not is_saved(member_name(index), models_dir)]
    if not missing:
        return []
    images, labels = load_train_csv()
    everything = split_train_validation(images, labels, validation_size=0)
    trained = []
    for index in missing:
        history = train_member(index, everything, models_dir, precision)
        trained.append(member_name(index))
        print(f"Saved {member_name(index)} (seed {member_seed(index)}): {history.total_seconds / 60:.1f} min "
              f"in {history.precision}", flush=True)
    return trained


def load_members(size=ENSEMBLE_SIZE, models_dir=None):
    """The saved members (float32 models) and their histories, in order; fails if one is missing."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    from digits.modeling.saved_models import is_saved, load_trained

    missing = [name for name in member_names(size) if not is_saved(name, models_dir)]
    if missing:
        raise FileNotFoundError(f"ensemble members not trained yet: {', '.join(missing)} (run `make ensemble`)")
    loaded = [load_trained(name, models_dir) for name in member_names(size)]
    return [model for model, _ in loaded], [history for _, history in loaded]
