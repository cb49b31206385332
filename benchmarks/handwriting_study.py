"""How the handwriting reader does on real handwriting it was not made from: the development set
beside the checkout (config.HANDWRITING_DEV_DIR; never copied into the project), per part (`tune`:
choose settings on it; `report`: quote it), per kind of image (a digit, a number, no digit).

The reader is `digits predict`'s: every digit in reading order, refusing what digit_or_not judges
not a digit. --one-digit reads one digit per image with the digit network alone (the reader before
numbers and refusals) for comparison. Prints the table, and each file the reader gets wrong with
--errors (only ever look at `tune`'s errors: looking at `report`'s makes it tuned). --thresholds
prints how many of tune's digits and non-digits, and of MNIST's 28,000 test digits, digit_or_not
refuses at each threshold (tune read with nothing refused while reading): how its threshold is chosen.
Before the real set it scores the synthetic numbers of ourdata/numbers/ per kind (the reader was
developed on them: they show what it handles, not how well it generalises), and numbers composed
of train.csv's digits (`composed_numbers`: many writers' digits side by side at several sizes and
spacings, dark on white; best_cnn was trained on these digits, so this measures how the marks are
grouped, cut and refused, not how unseen digits are read).
Run: make handwriting-study
"""

import argparse
import sys
from pathlib import Path

import numpy as np

from digits import config
from digits.data.labelled_images import labelled_image_files
from digits.handwriting.digit_or_not import NETWORK as VERIFIER, load_verifier
from digits.handwriting.predict import default_model_path, predict_files
from digits.handwriting.read_number import read_files
from digits.machine import cpu_description, describe_cpu_kind
from digits.modeling.saved_models import load_model
from digits.reports.reading_accuracy import development_scores, load_development_manifest, number_scores, refused_at


def read(paths, model, one_digit, verifier):
    """What the reader said about each file: its digits ("2026", "7"), or None where it found no
    digit; and each file's error, if any."""
    if one_digit:
        outcomes = predict_files(paths, model)
        return [None if outcome.digit is None else str(outcome.digit) for outcome in outcomes], outcomes
    outcomes = read_files(paths, model, verifier)
    return [outcome.digits for outcome in outcomes], outcomes


THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95)

# Composed numbers: how many, their digits' heights in pixels, and the space between neighbours as a
# share of that height (negative: each digit overlaps the one before it, so their ink runs together).
COMPOSED, COMPOSED_HEIGHTS, COMPOSED_GAPS = 400, (24, 48, 96, 160), (-0.05, 0.05, 0.2, 0.5)


def composed_numbers(count=COMPOSED, seed=None):
    """`count` images of numbers of two to four of train.csv's digits (drawn from `seed`) side by
    side, dark on white: each digit cut to its ink, scaled to one of COMPOSED_HEIGHTS (each within
    15% of it, its baseline within a fifth of it), spaced by one of COMPOSED_GAPS, a digit's height
    of margin around. Returns (the grey images, their numbers, a table of digits, height and gap)."""
    import pandas as pd
    from PIL import Image

    from digits.data.kaggle_csv import load_train_csv

    rng = np.random.default_rng(config.SEED if seed is None else seed)
    images, labels = load_train_csv()
    grays, numbers, kinds = [], [], []
    for _ in range(count):
        length, height = int(rng.integers(2, 5)), int(rng.choice(COMPOSED_HEIGHTS))
        gap = float(rng.choice(COMPOSED_GAPS))
        chosen = rng.integers(len(images), size=length)
        digits = []
        for index in chosen:
            rows, columns = np.nonzero(images[index] > 25)
            ink = Image.fromarray(images[index][rows.min(): rows.max() + 1, columns.min(): columns.max() + 1])
            tall = max(4, int(height * rng.uniform(0.85, 1.15)))
            digits.append(np.asarray(ink.resize((max(2, round(ink.width * tall / ink.height)), tall),
                                                Image.Resampling.BILINEAR), dtype=np.float32) / 255)
        step = int(gap * height)
        width = sum(digit.shape[1] for digit in digits) + step * (length - 1) + 2 * height
        canvas = np.zeros((max(digit.shape[0] for digit in digits) + int(2.2 * height), width), np.float32)
        column = height
        for digit in digits:
            top = height + int(rng.uniform(0, 0.2) * height)
            place = canvas[top: top + digit.shape[0], column: column + digit.shape[1]]
            np.maximum(place, digit, out=place)
            column += digit.shape[1] + step
        grays.append(1 - canvas)
        numbers.append("".join(str(labels[index]) for index in chosen))
        kinds.append((length, height, gap))
    return grays, numbers, pd.DataFrame(kinds, columns=["digits", "height", "gap"])


def print_composed_numbers(model, verifier, where):
    """The share of composed_numbers read exactly, by length, by height and by gap."""
    from digits.handwriting.read_number import read_images

    grays, numbers, kinds = composed_numbers()
    kinds["right"] = [reading.digits == number for reading, number in zip(read_images(grays, model, verifier), numbers)]
    print(f"{len(grays)} numbers composed of train.csv's digits, {where}: {kinds['right'].sum()} read exactly "
          f"({kinds['right'].mean():.1%})")
    for column in ("digits", "height", "gap"):
        table = kinds.groupby(column)["right"].agg(images="size", right="sum")
        print(table.T.to_string(), end="\n\n")


def print_threshold_sweep(manifest, folder, model, verifier):
    """Per threshold: tune's digit images and non-digit images refused, and MNIST's test digits."""
    from digits.data.kaggle_csv import load_test_csv

    tune = manifest[manifest["part"] == "tune"]
    outcomes = read_files([folder / name for name in tune["file"]], model, verifier=None)
    refused = refused_at(verifier, [[part.image for part in outcome.parts] for outcome in outcomes], THRESHOLDS)
    is_digit = (tune["what"] != "no digit").to_numpy()
    test_images = load_test_csv().astype("float32") / 255
    mnist = refused_at(verifier, test_images[:, np.newaxis], THRESHOLDS)
    print(f"| refused above | tune digits and numbers refused (of {is_digit.sum()}) | tune non-digits refused "
          f"(of {(~is_digit).sum()}) | MNIST test digits refused (of {len(test_images):,}) |")
    print("|---:|---:|---:|---:|")
    for threshold, row, mnist_row in zip(THRESHOLDS, refused, mnist):
        print(f"| {threshold} | {row[is_digit].sum()} ({row[is_digit].mean():.1%}) | {row[~is_digit].sum()} "
              f"({row[~is_digit].mean():.1%}) | {mnist_row.sum():,} ({mnist_row.mean():.2%}) |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["tune"], help="also list the files of this part it reads wrong")
    parser.add_argument("--one-digit", action="store_true",
                        help="read one digit per image with the digit network alone, nothing refused")
    parser.add_argument("--thresholds", action="store_true",
                        help="digit_or_not's refusals at several thresholds, on tune and MNIST's test digits")
    parser.add_argument("--verifier", type=Path, help=f"another {VERIFIER} network's .keras file (default: the committed one)")
    arguments = parser.parse_args()
    folder = config.HANDWRITING_DEV_DIR
    model_file = default_model_path()
    model = load_model(model_file)
    verifier = load_model(arguments.verifier) if arguments.verifier else load_verifier()
    how = "one digit each, nothing refused" if arguments.one_digit else f"every digit, {VERIFIER} refusing"
    where = f"read by {model_file.stem} ({how}) on {describe_cpu_kind(cpu_description())}"
    if not arguments.thresholds:
        numbers = labelled_image_files(config.OURDATA_DIR / "numbers")
        readings, _ = read(numbers, model, arguments.one_digit, verifier)
        print(f"{len(numbers)} synthetic numbers (ourdata/numbers), {where}")
        print(number_scores(numbers, readings).to_string(formatters={"share right": "{:.1%}".format}), end="\n\n")
        if not arguments.one_digit:
            print_composed_numbers(model, verifier, where)
    if not (folder / "manifest.tsv").is_file():
        print(f"skipped: no development set at {folder} (set DIGITS_HANDWRITING_DEV to its folder)")
        return 0
    manifest = load_development_manifest(folder)
    if arguments.thresholds:
        print_threshold_sweep(manifest, folder, model, verifier)
        return 0
    readings, outcomes = read([folder / name for name in manifest["file"]], model, arguments.one_digit, verifier)
    scores = development_scores(manifest, readings)
    print(f"{len(manifest)} real images, {where}")
    print(scores.to_string(formatters={"share right": "{:.1%}".format}))
    if arguments.errors:
        chosen = manifest["part"] == arguments.errors
        for index in manifest.index[chosen]:
            if (readings[index] is None) != (manifest.at[index, "what"] == "no digit") or (
                    readings[index] is not None and readings[index] != manifest.at[index, "label"]):
                print(f"{manifest.at[index, 'file']}\t{manifest.at[index, 'label']}\t{readings[index]}\t"
                      f"{manifest.at[index, 'kind']}\t{(outcomes[index].error or '').replace(f'{folder}/', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
