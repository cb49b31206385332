"""Can best_cnn learn a continental 1 (a 1 with a long flag) from synthetic ones? A fine-tuning study.

Much of Europe writes a 1 with a long flag from its top and crosses its 7s; MNIST's writers seldom
do, and best_cnn reads such a 1 as a 7 (a development-set writer's 13, 14, 15, 17, 18 and 19 all read
73-79; notebook 05 finds 1s with a long flag among the UCI writers' errors). This study gives
train.csv's own 1s a flag (digits.reader.flagged_ones: a stroke from the 1's top, down to the left at
an angle to its stem, as long as a fifth to nearly half its height, with the 1's own pen width),
fine-tunes a copy of the committed best_cnn on all 42,000 training images plus those flagged 1s, and
scores each network on: the 28,000 test images (its errors, and 7s read as 1); flagged 1s made from
other training 1s than it saw flagged; UCI's digits as 8x8 arrays (which the project has looked at);
the development set's parts (../shared/handwriting-dev: choose on tune, report's errors never looked
at); the synthetic numbers of ourdata/ and ourdata/'s single digits; the numbers handwriting_study
composes of train.csv's digits. A control row is fine-tuned alike with no flagged 1s. The row with
1,500 flagged 1s at 15-40 degrees is how reader_cnn, the network that reads files, is trained
(digits.reader.training).
Fixed seeds; training runs in float32 on every CPU, though other CPUs' kernels may give slightly
different figures.

    python benchmarks/continental_ones_study.py [--epochs 2]
"""

import argparse
import time

import numpy as np

import digits  # noqa: F401  before keras: it chooses TensorFlow's kernels, which load with keras
from digits import config
from digits.data.kaggle_csv import load_test_csv, load_train_csv
from digits.data.labelled_images import labelled_image_files, load_uci_digits
from digits.data.network_input import to_network_input
from digits.handwriting.digit_or_not import load_verifier
from digits.handwriting.image_files import label_from_filename
from digits.handwriting.predict import predict_images
from digits.handwriting.read_number import read_files, read_images
from digits.modeling.saved_models import load_model
from digits.reader.flagged_ones import flagged_ones
from digits.reader.training import fine_tune, training_set
from digits.reports.reading_accuracy import development_scores, load_development_manifest, number_scores, test_set_errors
from digits.reports.submission import load_answer_key
from handwriting_study import composed_numbers
from low_resolution_study import print_table

# The 1s flagged for training are the first of train.csv's 1s; those scored on come after them.
FLAGGED_FOR_TRAINING = 3000


def scores(model, verifier, scored_ones, test_images, test_labels, uci):
    """One row of the table."""
    test = test_set_errors({model.name: model}, test_images, test_labels).iloc[0]
    row = {"test errors": test["errors"], "test 7s read 1": test["7s read as 1"], "test 1s read 7": test["1s read as 7"]}
    for angles, images in scored_ones.items():
        row[f"flagged 1s at {angles[0]}-{angles[1]} deg read 1"] = float(
            np.mean(model.predict(images, batch_size=512, verbose=0).argmax(axis=1) == 1))
    row["UCI 8x8 arrays"] = float(np.mean([outcome.digit == label for outcome, label in
                                           zip(predict_images(list(uci[0]), model), uci[1])]))
    folder = config.HANDWRITING_DEV_DIR
    if (folder / "manifest.tsv").is_file():
        manifest = load_development_manifest(folder)
        development = development_scores(manifest, [outcome.digits for outcome in
                                                    read_files([folder / name for name in manifest["file"]], model, verifier)])
        for (part, what), counts in development.iterrows():
            row[f"{part}: {what}"] = f"{counts['right']} of {counts['images']}"
    numbers = labelled_image_files(config.OURDATA_DIR / "numbers")
    row["synthetic numbers"] = int(number_scores(numbers, [outcome.digits for outcome in read_files(numbers, model, verifier)])
                                   .loc["all", "right"])
    single = [path for folder in (config.OURDATA_DIR, config.OURDATA_DIR / "hard", config.OURDATA_DIR / "phone")
              for path in labelled_image_files(folder)]
    row["ourdata digits"] = sum(outcome.digits == str(label_from_filename(path))
                                for outcome, path in zip(read_files(single, model, verifier), single))
    grays, composed, _ = composed_numbers()
    row["composed numbers"] = sum(reading.digits == number for reading, number in
                                  zip(read_images(grays, model, verifier), composed))
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=2)
    arguments = parser.parse_args()
    started = time.perf_counter()
    train_images, train_labels = load_train_csv()
    ones = np.flatnonzero(train_labels == 1)
    rng = np.random.default_rng(config.SEED)
    scored_ones = {angles: flagged_ones(train_images[ones[FLAGGED_FOR_TRAINING:]], rng, angles)
                   for angles in ((20, 50), (50, 65))}
    mixes = {"best_cnn as committed": None, "fine-tuned, no flagged 1s": (0, None),
             "+ 1,500 flagged 1s at 15-40 deg": (1500, (15, 40)), "+ 3,000 flagged 1s at 20-50 deg": (3000, (20, 50))}
    test_images, test_labels = to_network_input(load_test_csv()), load_answer_key()
    uci = load_uci_digits()
    verifier = load_verifier()
    rows = {}
    for mix, flags in mixes.items():
        if flags is None:
            model = load_model(config.MODELS_DIR / "best_cnn.keras")
        else:
            count, angles = flags
            model, _ = fine_tune(*training_set(train_images, train_labels, count, angles), arguments.epochs,
                                 name="best_cnn_continental_ones")
        rows[mix] = scores(model, verifier, scored_ones, test_images, test_labels, uci)
        print(f"{mix}: {rows[mix]} ({time.perf_counter() - started:.0f} s)", flush=True)

    print(f"\nFine-tuned {arguments.epochs} epochs on the 42,000 training images plus the flagged 1s named")
    print_table(rows)


if __name__ == "__main__":
    main()
