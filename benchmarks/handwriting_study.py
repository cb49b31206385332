"""How the handwriting reader does on real handwriting it was not made from: the development set
beside the checkout (config.HANDWRITING_DEV_DIR; never copied into the project), per part (`tune`:
choose settings on it; `report`: quote it), per kind of image (a digit, a number, no digit).

The reader is `digits predict`'s: every digit in reading order, refusing what digit_or_not judges
not a digit. --one-digit reads one digit per image with the digit network alone (the reader before
numbers and refusals) for comparison. Prints the table, and each file the reader gets wrong with
--errors (only ever look at `tune`'s errors: looking at `report`'s makes it tuned).
Run: make handwriting-study
"""

import argparse
import sys

from digits import config
from digits.handwriting.digit_or_not import NETWORK as VERIFIER, load_verifier
from digits.handwriting.predict import default_model_path, predict_files
from digits.handwriting.read_number import read_files
from digits.handwriting.reading_accuracy import development_scores, load_development_manifest
from digits.machine import cpu_description, describe_cpu_kind
from digits.modeling.saved_models import load_model


def read(paths, model, one_digit):
    """What the reader said about each file: its digits ("2026", "7"), or None where it found no
    digit; and each file's error, if any."""
    if one_digit:
        outcomes = predict_files(paths, model)
        return [None if outcome.digit is None else str(outcome.digit) for outcome in outcomes], outcomes
    outcomes = read_files(paths, model, load_verifier())
    return [outcome.digits for outcome in outcomes], outcomes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["tune"], help="also list the files of this part it reads wrong")
    parser.add_argument("--one-digit", action="store_true",
                        help="read one digit per image with the digit network alone, nothing refused")
    arguments = parser.parse_args()
    folder = config.HANDWRITING_DEV_DIR
    if not (folder / "manifest.tsv").is_file():
        print(f"skipped: no development set at {folder} (set DIGITS_HANDWRITING_DEV to its folder)")
        return 0
    manifest = load_development_manifest(folder)
    model_file = default_model_path()
    readings, outcomes = read([folder / name for name in manifest["file"]], load_model(model_file), arguments.one_digit)
    scores = development_scores(manifest, readings)
    how = "one digit each, nothing refused" if arguments.one_digit else f"every digit, {VERIFIER} refusing"
    print(f"{len(manifest)} real images, read by {model_file.stem} ({how}) on {describe_cpu_kind(cpu_description())}")
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
