"""digit_or_not, the network that tells a digit from what is not one, and its training: all of
train.csv's digits against as many synthetic non-digits (digits.verifier.non_digits), each reduced to
its shape (digits.handwriting.digit_or_not.shape_only) as the reader reduces a candidate."""

import numpy as np

from digits import config
from digits.handwriting.digit_or_not import NETWORK, shape_only

NEGATIVES = 42_000  # as many as train.csv has digits
EPOCHS, BATCH = 12, 128  # 12 epochs refused more of tune's letters than 6, and fewer of its digits


def training_set(images, labels, seed=None):
    """(images (N, 28, 28, 1) float32, is_not_digit (N,) 0/1, kinds): every training digit, and
    NEGATIVES synthetic non-digits drawn from `seed` (their pieces cut from digits other than 1s)."""
    from digits.verifier.non_digits import non_digit_images

    seed = config.SEED if seed is None else seed
    others, kinds = non_digit_images(NEGATIVES, images[labels != 1], seed=seed + 1)
    inputs = shape_only(np.concatenate([images.astype(np.float32) / 255, others]))
    return inputs, np.r_[np.zeros(len(images)), np.ones(len(others))].astype(np.float32), np.r_[np.full(len(images), "digit"), kinds]


def build_digit_or_not(seed=None):
    """A small CNN with one sigmoid output: the probability that the image is not a digit."""
    import keras
    from keras import layers

    seed = config.SEED if seed is None else seed
    keras.utils.set_random_seed(seed)
    return keras.Sequential([
        keras.Input((config.IMAGE_SIDE, config.IMAGE_SIDE, 1), name="image"),
        layers.RandomRotation(0.04, seed=seed, fill_mode="constant"),
        layers.RandomZoom(0.1, seed=seed + 1, fill_mode="constant"),
        layers.RandomTranslation(0.1, 0.1, seed=seed + 2, fill_mode="constant"),
        layers.Conv2D(32, 3, activation="relu"), layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dropout(0.3), layers.Dense(64, activation="relu"),
        layers.Dense(1, activation="sigmoid", name="not_a_digit"),
    ], name=NETWORK)


def train_digit_or_not(models_dir=None, seed=None):
    """Train the network on train.csv's digits and the synthetic non-digits; save it with its history."""
    import keras

    from digits.data.kaggle_csv import load_train_csv
    from digits.data.provenance import training_data_fingerprint
    from digits.machine import cpu_description, library_versions
    from digits.modeling.history import TrainingHistory
    from digits.modeling.saved_models import save_trained
    from digits.modeling.training import HistoryRecorder, seed_everything

    seed = config.SEED if seed is None else seed
    images, labels = load_train_csv()
    inputs, is_not_digit, _ = training_set(images, labels, seed)
    model = build_digit_or_not(seed)
    seed_everything(seed)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])
    history = TrainingHistory(batch_size=BATCH, train_size=len(inputs), seed=seed, precision=model.dtype_policy.name,
                              versions=library_versions(), cpu=cpu_description(),
                              train_data_sha256=training_data_fingerprint())
    model.fit(inputs, is_not_digit, batch_size=BATCH, epochs=EPOCHS, callbacks=[HistoryRecorder(history)], verbose=2)
    save_trained(model, history, NETWORK, models_dir)
    return model, history
