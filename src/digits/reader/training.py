"""reader_cnn's training: the committed best_cnn, in float32, trained EPOCHS more epochs (one warm-up
and cosine cycle peaking at PEAK_LEARNING_RATE) on all of train.csv plus FLAGGED 1s given a flag
(flagged_ones) at ANGLES. benchmarks/continental_ones_study.py compared this mix with others: 3,000
flags at 20-50 degrees taught the network to read 7s as 1s (25 of MNIST's test 7s); a control
fine-tuned with no flags read no more of the development set's numbers than best_cnn."""

import numpy as np

from digits import config

NETWORK = "reader_cnn"
STARTS_FROM = "best_cnn"
FLAGGED, ANGLES = 1500, (15, 40)  # the first FLAGGED of train.csv's 1s, flagged at ANGLES degrees
EPOCHS, PEAK_LEARNING_RATE = 2, 3e-4


def flagged_training_ones(images, labels, count=FLAGGED, angles=ANGLES, seed=None):
    """The first `count` of train.csv's 1s (`images` uint8, `labels`) with a flag, as network input."""
    from digits.reader.flagged_ones import flagged_ones

    seed = config.SEED if seed is None else seed
    ones = np.flatnonzero(labels == 1)[:count]
    return flagged_ones(images[ones], np.random.default_rng(seed + count), angles)


def training_set(images, labels, count=FLAGGED, angles=ANGLES, seed=None):
    """(network input, labels): all of `images` (uint8, train.csv's) and `labels`, followed by the first
    `count` of their 1s with a flag (none where `count` is 0)."""
    from digits.data.network_input import to_network_input

    inputs = to_network_input(images)
    if not count:
        return inputs, labels
    extra = flagged_training_ones(images, labels, count, angles, seed)
    return np.concatenate([inputs, extra]), np.concatenate([labels, np.ones(len(extra), labels.dtype)])


def fine_tune(images, labels, epochs=EPOCHS, peak_learning_rate=PEAK_LEARNING_RATE, name=NETWORK, models_dir=None):
    """(network, history): a float32 copy of the committed best_cnn named `name`, trained `epochs`
    more epochs on `images` (network input) and `labels`, not saved. Float32 on every CPU: a saved
    network's bfloat16 policy would be emulated, and slow, where the CPU has no bfloat16."""
    from digits.data.network_input import Split
    from digits.modeling.saved_models import load_model, model_path
    from digits.modeling.schedules import warm_restart_adam
    from digits.modeling.training import TrainingSettings, build_and_train

    def build():
        network = load_model(model_path(STARTS_FROM, models_dir))
        # Renamed in place: a rebuilt copy would draw its dropout layers' seeds afresh, another run.
        network.name = name
        return network

    split = Split(images, labels, images[:0], labels[:0])
    settings = TrainingSettings(precision="float32", make_optimizer=lambda: warm_restart_adam(
        len(images), TrainingSettings.batch_size, epochs, peak_learning_rate))
    return build_and_train(name, build, split, epochs, settings, verbose=0)


def train_reader_cnn(models_dir=None):
    """Train reader_cnn on train.csv and its flagged 1s; save it (with its LiteRT copy) and its history."""
    from digits.data.kaggle_csv import load_train_csv
    from digits.modeling.saved_models import save_trained

    model, history = fine_tune(*training_set(*load_train_csv()), models_dir=models_dir)
    save_trained(model, history, NETWORK, models_dir)
    return model, history
