"""Calibration: how well a network's confidence matches how often it is right."""

import numpy as np
import pandas as pd


def _bin_edges(bins):
    return np.linspace(0.1, 1.0, bins + 1)


def _bin_of(confidence, bins):
    """Each confidence's bin, 0..bins-1: equal widths over [0.1, 1], each closed on the right."""
    return np.clip(np.digitize(confidence, _bin_edges(bins)[1:-1], right=True), 0, bins - 1)


def reliability_table(probabilities, labels, bins=10):
    """Calibration by confidence bin: how many predictions, their mean confidence, and their accuracy.

    Bins span [0.1, 1] (a top probability over ten classes is never below 0.1); empty bins are dropped.
    """
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == np.asarray(labels)
    edges = _bin_edges(bins)
    which = _bin_of(confidence, bins)
    rows = []
    for index in range(bins):
        members = which == index
        if members.any():
            rows.append({"from": edges[index], "to": edges[index + 1], "predictions": int(members.sum()),
                         "mean confidence": float(confidence[members].mean()), "accuracy": float(correct[members].mean())})
    return pd.DataFrame(rows)


def expected_calibration_error(probabilities, labels, bins=10):
    """ECE: the prediction-weighted mean gap between confidence and accuracy over confidence bins."""
    confidence = probabilities.max(axis=1)
    correct = (probabilities.argmax(axis=1) == np.asarray(labels)).astype(float)
    return _ece_of(confidence, correct, _bin_of(confidence, bins), bins)


def _ece_of(confidence, correct, which, bins):
    """ECE from per-prediction confidence, correctness and bin index (the bins of reliability_table):
    the sum over bins of |total confidence - total right|, over all predictions."""
    counts = np.bincount(which, minlength=bins)
    gaps = np.abs(np.bincount(which, confidence, bins) - np.bincount(which, correct, bins))
    return float(gaps.sum() / counts.sum())


def ece_difference_standard_error(first, second, labels, bins=10, resamples=1000, seed=0):
    """One standard error of ECE(first) - ECE(second) for two networks' probabilities on the same
    images: the spread of that difference over bootstrap resamples of the images, drawn alike for both
    (a paired bootstrap). Where ECE's gaps come from a few confident errors, this is wide."""
    labels = np.asarray(labels)
    parts = []
    for probabilities in (first, second):
        confidence = probabilities.max(axis=1)
        parts.append((confidence, (probabilities.argmax(axis=1) == labels).astype(float), _bin_of(confidence, bins)))
    generator = np.random.default_rng(seed)
    differences = []
    for _ in range(resamples):
        sample = generator.integers(0, len(labels), len(labels))
        first_ece, second_ece = (_ece_of(confidence[sample], correct[sample], which[sample], bins)
                                 for confidence, correct, which in parts)
        differences.append(first_ece - second_ece)
    return float(np.std(differences, ddof=1))
