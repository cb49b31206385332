"""Labelled handwriting beyond MNIST, and how well each pipeline reads it (notebook 04's tables).

Two sources: image files whose names give their digit (ourdata/), and real handwriting nobody here
drew, the UCI optical recognition digits shipped with scikit-learn. `digits.predict` reads them;
this module scores what it read against the true digits, beside the original notebook's naive
pipeline (the whole image resized to 28x28, as it is).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from digits import config
from digits.handwriting import naive_to_mnist

UCI_LEVELS = 16  # each 8x8 value of a UCI digit counts the inked pixels of a 4x4 block
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp"}


def labelled_image_files(directory=config.OURDATA_DIR):
    """The image files in `directory` whose names start with their true digit, sorted by name."""
    return sorted(path for path in directory.iterdir()
                  if path.suffix.lower() in IMAGE_SUFFIXES and path.name[:1].isdigit())


def load_uci_digits():
    """The UCI digits as dark-on-light grayscale images (N, 8, 8) float32 in [0, 1], and their labels.

    scikit-learn's `load_digits`: the test part of the UCI "Optical Recognition of Handwritten
    Digits" data (Alpaydin and Kaynak, 1998), 1,797 digits written by 13 people (the 30 other writers
    of the 43 made its training part). Each was scanned, thresholded to a 32x32 bitmap size-normalised
    to its frame and reduced to 8x8 counts of ink pixels per 4x4 block (0-16). Drawn here as a
    user's scan would be, dark ink on light paper, so that they go through the same preprocessing
    (digits.handwriting) as any image file."""
    from sklearn.datasets import load_digits

    uci = load_digits()
    images = 1.0 - uci.images.astype(np.float32) / UCI_LEVELS
    return images, uci.target.astype(np.int64)


def save_as_image_files(images, labels, directory, side=64, light_on_dark=False):
    """Write grayscale images (N, H, W) in [0, 1] as `side` x `side` PNG files named after their
    label ("7_0042.png"), enlarged as an image viewer would (bicubic), optionally inverted.
    Returns the paths, in the images' order."""
    from PIL import Image

    directory = Path(directory)
    paths = []
    for index, (image, label) in enumerate(zip(images, labels)):
        values = 1.0 - image if light_on_dark else image
        picture = Image.fromarray(np.round(np.clip(values, 0, 1) * 255).astype(np.uint8))
        path = directory / f"{label}_{index:04d}.png"
        picture.resize((side, side), Image.Resampling.BICUBIC).save(path)
        paths.append(path)
    return paths


def naive_images(grays):
    """The original notebook's network inputs: each grayscale image resized to 28x28, as it is."""
    return np.stack([naive_to_mnist(gray) for gray in grays])[..., np.newaxis]


def naive_image_predictions(grays, model):
    """The digits the model reads in the original notebook's inputs (`naive_images`)."""
    from digits.evaluate import predict_probabilities

    return predict_probabilities(model, naive_images(grays)).argmax(axis=1)


def results_table(outcomes, true_digits):
    """One row per file (a digits.predict.FilePrediction each): name, true digit, prediction,
    confidence and whether it is right."""
    return pd.DataFrame({
        "file": [Path(outcome.path).name for outcome in outcomes],
        "true": true_digits,
        "predicted": [outcome.digit for outcome in outcomes],
        "confidence": [round(outcome.confidence, 4) if outcome.confidence is not None else None for outcome in outcomes],
        "correct": [outcome.digit == truth for outcome, truth in zip(outcomes, true_digits)],
    })


def reading_accuracy(parts):
    """How many images of each part the pipeline reads right: `parts` = {name: (true digits,
    digits.predict outcomes)}; an unreadable image counts as wrong."""
    rows = []
    for part, (truth, outcomes) in parts.items():
        correct = sum(outcome.digit == digit for outcome, digit in zip(outcomes, truth))
        rows.append({"images": part, "correct": int(correct), "of": len(truth), "accuracy": f"{correct / len(truth):.1%}"})
    return pd.DataFrame(rows)


def pipeline_comparison(parts):
    """Per part and pipeline, how many images are read right.

    `parts` = {name: (true digits, naive guesses, digits.predict outcomes of the proper pipeline)}."""
    rows = []
    for part, (truth, naive_guesses, outcomes) in parts.items():
        truth = np.asarray(truth)
        proper = np.array([-1 if outcome.digit is None else outcome.digit for outcome in outcomes])
        for pipeline, guesses in (("naive resize (original notebook)", np.asarray(naive_guesses)),
                                  ("digits.handwriting.preprocess", proper)):
            correct = int((guesses == truth).sum())
            rows.append({"images": part, "pipeline": pipeline, "correct": correct, "of": len(truth),
                         "accuracy": f"{correct / len(truth):.1%}"})
    return pd.DataFrame(rows)
