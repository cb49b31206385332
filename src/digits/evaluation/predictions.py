"""A network's predictions: class probabilities, guesses, and the table of right and wrong ones."""

import logging

import numpy as np
import pandas as pd

from digits import config

DIGITS = list(range(config.NUM_CLASSES))


def predict_probabilities(model, images, batch_size=1024):
    """Class probabilities (N, 10) for images (N, 28, 28, 1) float32 in [0, 1]."""
    # Predicting with several models in turn makes TensorFlow warn about retracing, which is
    # expected here and would only clutter notebook outputs.
    logger = logging.getLogger("tensorflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return np.asarray(model.predict(images, batch_size=batch_size, verbose=0), dtype=np.float32)
    finally:
        logger.setLevel(level)


def prediction_table(probabilities, labels):
    """One row per image: its guess, the actual label, and the model's confidence in its guess."""
    guesses = probabilities.argmax(axis=1)
    return pd.DataFrame(
        {"Guess": guesses, "Actual": np.asarray(labels), "Confidence": probabilities.max(axis=1)}
    )


def wrong_predictions(probabilities, labels):
    """The rows of `prediction_table` where the guess is wrong, keeping each image's index."""
    table = prediction_table(probabilities, labels)
    return table[table["Guess"] != table["Actual"]]


def accuracy(probabilities, labels):
    """The fraction of images whose most probable class is the label."""
    return float(np.mean(probabilities.argmax(axis=1) == np.asarray(labels)))


def top_two(probabilities):
    """The two most probable classes and their probabilities, per image: (N, 2) ints, (N, 2) floats."""
    order = np.argsort(-probabilities, axis=1, kind="stable")[:, :2]
    return order, np.take_along_axis(probabilities, order, axis=1)
