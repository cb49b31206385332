"""Test-time augmentation by whole-pixel shifts: the mean prediction over an image and its shifted
copies (notebook 04's design study tries it; no model of the project uses it)."""

import numpy as np

from digits.evaluation.predictions import predict_probabilities


def shifted(images, rows, columns):
    """Images (N, 28, 28, 1) moved by whole pixels, the uncovered border filled with black."""
    moved = np.roll(images, (rows, columns), axis=(1, 2))
    if rows > 0:
        moved[:, :rows] = 0
    elif rows < 0:
        moved[:, rows:] = 0
    if columns > 0:
        moved[:, :, :columns] = 0
    elif columns < 0:
        moved[:, :, columns:] = 0
    return moved


TTA_SHIFTS = ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1))


def tta_probabilities(model, images, shifts=TTA_SHIFTS, batch_size=1024):
    """The mean prediction over the image and its one-pixel shifts."""
    return np.mean([predict_probabilities(model, shifted(images, *shift), batch_size) for shift in shifts], axis=0)
