"""Image files whose names give their digit, and how well each pipeline reads them (notebook 04's tables).

`digits.predict` reads files for the command line; this module scores what it read against the
digits in the file names, beside the original notebook's naive pipeline (the whole image resized to
28x28, as it is).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from digits import config
from digits.handwriting import naive_to_mnist

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp"}


def labelled_image_files(directory=config.OURDATA_DIR):
    """The image files in `directory` whose names start with their true digit, sorted by name."""
    return sorted(path for path in directory.iterdir()
                  if path.suffix.lower() in IMAGE_SUFFIXES and path.name[:1].isdigit())


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
