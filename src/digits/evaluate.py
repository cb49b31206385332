"""Predictions and error analysis: wrong-prediction tables, confusion, per-digit errors."""

import logging

import numpy as np
import pandas as pd
from sklearn.metrics import classification_report, confusion_matrix

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


def confusion(labels, guesses):
    """The 10x10 confusion matrix as a table: rows the actual digit, columns the guess."""
    matrix = confusion_matrix(labels, guesses, labels=DIGITS)
    return pd.DataFrame(
        matrix, index=pd.Index(DIGITS, name="actual"), columns=pd.Index(DIGITS, name="predicted")
    )


def classification_report_text(labels, guesses):
    """scikit-learn's per-digit precision, recall and F1, as text with four decimals."""
    return classification_report(labels, guesses, labels=DIGITS, digits=4)


def most_confident_errors(probabilities, labels, count=12):
    """The `count` wrong predictions the model was surest of, most confident first."""
    errors = wrong_predictions(probabilities, labels)
    return errors.sort_values("Confidence", ascending=False, kind="stable").head(count)


def errors_per_digit(probabilities, labels):
    """How many images of each actual digit were misclassified (all ten digits, zeros included)."""
    errors = wrong_predictions(probabilities, labels)
    return errors["Actual"].value_counts().reindex(DIGITS, fill_value=0).rename("errors")


def top_two(probabilities):
    """The two most probable classes and their probabilities, per image: (N, 2) ints, (N, 2) floats."""
    order = np.argsort(-probabilities, axis=1, kind="stable")[:, :2]
    return order, np.take_along_axis(probabilities, order, axis=1)


def compare_models(probabilities_by_model, labels):
    """One row per model: validation accuracy, error count, and errors for each true digit."""
    rows = {}
    for name, probabilities in probabilities_by_model.items():
        per_digit = errors_per_digit(probabilities, labels)
        rows[name] = {"accuracy": round(accuracy(probabilities, labels), 4), "errors": int(per_digit.sum()),
                      **{f"errors on {digit}": int(count) for digit, count in per_digit.items()}}
    return pd.DataFrame.from_dict(rows, orient="index")


def reliability_table(probabilities, labels, bins=10):
    """Calibration by confidence bin: how many predictions, their mean confidence, and their accuracy.

    Bins span [0.1, 1] (a top probability over ten classes is never below 0.1); empty bins are dropped.
    """
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == np.asarray(labels)
    edges = np.linspace(0.1, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    rows = []
    for index in range(bins):
        members = which == index
        if members.any():
            rows.append({"from": edges[index], "to": edges[index + 1], "predictions": int(members.sum()),
                         "mean confidence": float(confidence[members].mean()), "accuracy": float(correct[members].mean())})
    return pd.DataFrame(rows)


def expected_calibration_error(probabilities, labels, bins=10):
    """ECE: the prediction-weighted mean gap between confidence and accuracy over confidence bins."""
    table = reliability_table(probabilities, labels, bins)
    weights = table["predictions"] / table["predictions"].sum()
    return float(np.sum(weights * np.abs(table["mean confidence"] - table["accuracy"])))
