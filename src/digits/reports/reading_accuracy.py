"""How well the handwriting reader reads labelled images (notebook 05's tables, the handwriting study).

Image files whose names give their digit or number (ourdata/), the UCI optical recognition digits
shipped with scikit-learn, and the development set of real images beside the checkout, scored per
part: what `digits.handwriting` read against the truth, beside the original notebook's naive
pipeline (the whole image resized to 28x28, as it is), and digit_or_not's refusals at several
thresholds."""

from pathlib import Path

import numpy as np
import pandas as pd

from digits.handwriting.to_mnist import naive_to_mnist


def naive_images(grays):
    """The original notebook's network inputs: each grayscale image resized to 28x28, as it is."""
    return np.stack([naive_to_mnist(gray) for gray in grays])[..., np.newaxis]


def naive_image_predictions(grays, model):
    """The digits the model reads in the original notebook's inputs (`naive_images`)."""
    from digits.evaluation.predictions import predict_probabilities

    return predict_probabilities(model, naive_images(grays)).argmax(axis=1)


def test_set_errors(networks, images, labels):
    """One row per network (`networks`: name -> model) on the test images: its errors and accuracy,
    and how many 7s it read as 1 and 1s as 7 (the pair a 1 with a long flag moves between)."""
    from digits.evaluation.predictions import predict_probabilities

    rows = {}
    for name, model in networks.items():
        guesses = predict_probabilities(model, images).argmax(axis=1)
        rows[name] = {"errors": int((guesses != labels).sum()), "accuracy": f"{np.mean(guesses == labels):.2%}",
                      "7s read as 1": int(((labels == 7) & (guesses == 1)).sum()),
                      "1s read as 7": int(((labels == 1) & (guesses == 7)).sum())}
    return pd.DataFrame(rows).T.rename_axis("network")


def results_table(outcomes, true_digits):
    """One row per file (a digits.handwriting.predict.FilePrediction each): name, true digit, prediction,
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
    digits.handwriting.predict outcomes)}; an unreadable image counts as wrong."""
    rows = []
    for part, (truth, outcomes) in parts.items():
        correct = sum(outcome.digit == digit for outcome, digit in zip(outcomes, truth))
        rows.append({"images": part, "correct": int(correct), "of": len(truth), "accuracy": f"{correct / len(truth):.1%}"})
    return pd.DataFrame(rows)


def pipeline_comparison(parts):
    """Per part and pipeline, how many images are read right.

    `parts` = {name: (true digits, naive guesses, digits.handwriting.predict outcomes of the proper pipeline)}."""
    rows = []
    for part, (truth, naive_guesses, outcomes) in parts.items():
        truth = np.asarray(truth)
        proper = np.array([-1 if outcome.digit is None else outcome.digit for outcome in outcomes])
        for pipeline, guesses in (("naive resize (original notebook)", np.asarray(naive_guesses)),
                                  ("the project's preprocess", proper)):
            correct = int((guesses == truth).sum())
            rows.append({"images": part, "pipeline": pipeline, "correct": correct, "of": len(truth),
                         "accuracy": f"{correct / len(truth):.1%}"})
    return pd.DataFrame(rows)


def load_development_manifest(folder):
    """The development set's manifest (`manifest.tsv` in `folder`): one row per file with its
    `label` (digits, or "none"), `kind`, `part` (tune or report) and `repo`; `what` names its
    folder: a digit, a number or no digit."""
    folder = Path(folder)
    manifest = pd.read_csv(folder / "manifest.tsv", sep="\t", dtype={"label": str})
    what = {"digits": "a digit", "numbers": "a number", "none": "no digit"}
    return manifest.assign(what=manifest["file"].str.split("/").str[0].map(what))


def development_scores(manifest, readings):
    """How the reader does on each part of the development set: `readings` is, per manifest row, the
    digits it read ("2026", "7") or None where it said there is no digit. A digit or a number counts
    as read when every digit is right and in order; an image with no digit, when it is refused;
    `refused` counts the digit images given no digit."""
    readings = pd.Series(list(readings), index=manifest.index, dtype=object)
    rows = []
    for (part, what), group in manifest.groupby(["part", "what"], sort=True):
        read = readings[group.index]
        if what == "no digit":
            right = int(read.isna().sum())
        else:
            right = int((read == group["label"]).sum())
        rows.append({"part": part, "images of": what, "images": len(group), "right": right,
                     "share right": right / len(group),
                     "refused": int(read.isna().sum()) if what != "no digit" else None})
    return pd.DataFrame(rows).astype({"refused": "Int64"}).set_index(["part", "images of"])


def number_scores(paths, readings):
    """How many of the synthetic number images (ourdata/numbers/) of each kind are read exactly:
    `readings` is, per path, the digits read or None."""
    from digits.handwriting.image_files import number_from_filename

    truth = pd.DataFrame([number_from_filename(path) for path in paths], columns=["number", "kind"])
    truth["right"] = [reading == number for reading, number in zip(readings, truth["number"])]
    scores = truth.groupby("kind", sort=True)["right"].agg(images="size", right="sum")
    scores.loc["all"] = scores.sum()
    scores["share right"] = (scores["right"] / scores["images"]).round(3)
    return scores


def refused_at(verifier, readings_images, thresholds):
    """For each threshold (rows) and each reading (columns): whether the reader would refuse it, all
    of its marks judged not digits above the threshold. `readings_images`: per reading, the 28x28
    images of the marks it read (none: refused, as nothing was found)."""
    from digits.handwriting.digit_or_not import not_a_digit_probability

    counts = [len(images) for images in readings_images]
    if sum(counts):
        doubt = not_a_digit_probability(verifier, np.concatenate([np.asarray(images) for images in readings_images if len(images)]))
    else:
        doubt = np.zeros(0)
    starts = np.r_[0, np.cumsum(counts)]
    lowest = np.array([doubt[start:stop].min() if stop > start else np.inf for start, stop in zip(starts, starts[1:])])
    return lowest[np.newaxis, :] > np.asarray(thresholds, dtype=np.float64)[:, np.newaxis]
