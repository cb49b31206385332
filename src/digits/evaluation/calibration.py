"""Calibration: how well a network's confidence matches how often it is right."""

import numpy as np
import pandas as pd


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
