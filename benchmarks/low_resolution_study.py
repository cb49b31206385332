"""Can training on MNIST reduced to 8x8 teach best_cnn to read 8x8 scans? A fine-tuning study.

Notebook 05 reads the UCI digits (8x8 counts of ink in the 4x4 blocks of a 32x32 bitmap, made by
NIST's programs) at about 96%. This study asks whether the network, rather than the preprocessing,
is what falls short: it makes low-resolution renditions of MNIST training images, passes them
through digits.handwriting's preprocessing exactly as a scan would be, and fine-tunes a copy of the
committed best_cnn on all 42,000 training images plus those renditions. Two kinds of rendition:

- block counts: the digit thresholded, scaled to fit a 32x32 bitmap (aspect kept, or stretched to
  fill it, half each), and reduced to 8x8 counts of 4x4 blocks, as UCI's description says;
- size-normalised: as NIST's normalisation is described (the digit scaled to the bitmap's full
  height and part of its width, slant removed on half of them, strokes widened until the ink
  covers 20-35% of the bitmap), then the same 8x8 counts.

Each fine-tuned network is scored on renditions of 1,500 held-out training images per kind (images
it did not see reduced; best_cnn saw every training image at full resolution), on the 28,000 test
images (MNIST errors must not rise) and on the UCI digits as a check, in notebook 05's three forms.
Fixed seeds: the same figures on every run of one machine; training runs in the CPU's fastest
precision (digits.machine), so other CPUs give slightly different figures.

    python benchmarks/low_resolution_study.py [--renditions 12000] [--epochs 4]
"""

import argparse
import tempfile
import time
import warnings
from multiprocessing import Pool
from pathlib import Path

import numpy as np

import digits  # noqa: F401  before keras: it chooses TensorFlow's kernels, which load with keras
from digits import config
from digits.data.kaggle_csv import load_test_csv, load_train_csv
from digits.data.labelled_images import labelled_image_files, load_uci_digits, save_as_image_files
from digits.data.network_input import Split, to_network_input
from digits.data.uci_renditions import RENDERINGS
from digits.evaluation.predictions import accuracy, predict_probabilities
from digits.evaluation.recipe_results import test_errors
from digits.handwriting.image_files import label_from_filename
from digits.handwriting.predict import predict_files, predict_images
from digits.modeling.model_copies import float32_model
from digits.modeling.saved_models import load_model
from digits.modeling.schedules import warm_restart_adam
from digits.modeling.training import TrainingSettings, build_and_train
from digits.reports.reading_accuracy import reading_accuracy
from digits.reports.submission import load_answer_key

HELD_OUT = 1500  # training images per kind kept out of the renditions, to score them on


def _preprocessed(job):
    """One rendition through digits.handwriting's preprocessing; None where it finds no digit."""
    from digits.handwriting.to_mnist import preprocess

    kind, image, seed = job
    warnings.simplefilter("ignore")  # several-marks warnings: the rendition is read as one digit anyway
    try:
        return preprocess(RENDERINGS[kind](image / 255.0, np.random.default_rng(seed)))
    except ValueError:
        return None


def renditions(kind, images, labels, seeds):
    """Preprocessed 28x28 renditions of `images` (uint8) and their labels, dropping unreadable ones."""
    with Pool(2) as pool:
        jobs = [(kind, image, int(seed)) for image, seed in zip(images, seeds)]
        results = pool.map(_preprocessed, jobs, chunksize=64)
    kept = [index for index, result in enumerate(results) if result is not None]
    return np.stack([results[index] for index in kept])[..., np.newaxis], np.asarray(labels)[kept]


def fine_tuned(images, labels, epochs, peak_learning_rate=3e-4):
    """A copy of the committed best_cnn trained `epochs` more epochs (one warm-up + cosine cycle), in
    the CPU's fastest precision, as digits.modeling.training trains every network."""
    import keras

    split = Split(images, labels, images[:0], labels[:0])
    settings = TrainingSettings(precision="auto", make_optimizer=lambda: warm_restart_adam(
        len(images), TrainingSettings.batch_size, epochs, peak_learning_rate))
    model, _ = build_and_train("best_cnn_low_resolution",
                               lambda: keras.saving.load_model(config.MODELS_DIR / "best_cnn.keras", compile=False),
                               split, epochs, settings, verbose=0)
    return float32_model(model)


def scores(model, dev_sets, test_images, test_labels, uci_forms, uci_labels, ourdata):
    """One row of the table: accuracy on each dev set, test errors, UCI accuracy per form, ourdata right."""
    row = {kind: accuracy(predict_probabilities(model, images), labels) for kind, (images, labels) in dev_sets.items()}
    row["test errors"] = test_errors(predict_probabilities(model, test_images), test_labels)
    read = reading_accuracy({form: (uci_labels, read(model)) for form, read in uci_forms.items()})
    row.update({form: correct / total for form, correct, total in zip(read["images"], read["correct"], read["of"])})
    row["ourdata"] = int(reading_accuracy({str(index): ([label_from_filename(path) for path in paths],
                                                        predict_files(paths, model))
                                           for index, paths in enumerate(ourdata)})["correct"].sum())
    return row


def uci_readers(folder, images, labels):
    """Notebook 05's three forms of the UCI digits, each as a function of the model that reads them:
    the 8x8 arrays, and 64x64 PNG files (written once into `folder`) dark on light and light on dark."""
    (folder / "dark").mkdir()
    (folder / "light").mkdir()
    dark = save_as_image_files(images, labels, folder / "dark", side=64)
    light = save_as_image_files(images, labels, folder / "light", side=64, light_on_dark=True)
    return {"UCI 8x8 arrays": lambda model: predict_images(list(images), model),
            "UCI files, dark on light": lambda model: predict_files(dark, model),
            "UCI files, light on dark": lambda model: predict_files(light, model)}


def print_table(rows):
    """`rows` (network: {column: value}) as a Markdown table, shares as percentages."""
    columns = list(next(iter(rows.values())))
    print("| network | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for network, row in rows.items():
        cells = [f"{value:.1%}" if isinstance(value, float) else str(value) for value in row.values()]
        print(f"| {network} | " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renditions", type=int, default=12_000, help="training images reduced, per kind")
    parser.add_argument("--epochs", type=int, default=4)
    arguments = parser.parse_args()
    started = time.perf_counter()
    train_images, train_labels = load_train_csv()
    rng = np.random.default_rng(config.SEED)
    order = rng.permutation(len(train_images))
    held_out, pool = order[:len(RENDERINGS) * HELD_OUT], order[len(RENDERINGS) * HELD_OUT:]
    dev_sets, extra = {}, {}
    for number, kind in enumerate(RENDERINGS):
        dev = held_out[number * HELD_OUT: (number + 1) * HELD_OUT]
        dev_sets[f"dev: {kind}"] = renditions(kind, train_images[dev], train_labels[dev], dev)
        chosen = rng.choice(pool, arguments.renditions, replace=False)
        extra[kind] = renditions(kind, train_images[chosen], train_labels[chosen], chosen + len(train_images))
    print(f"renditions made in {time.perf_counter() - started:.0f} s", flush=True)

    test_images, test_labels = to_network_input(load_test_csv()), load_answer_key()
    uci_images, uci_labels = load_uci_digits()
    ourdata = [labelled_image_files(folder) for folder in (config.OURDATA_DIR, config.OURDATA_DIR / "hard",
                                                            config.OURDATA_DIR / "phone")]
    full = (to_network_input(train_images), train_labels)
    mixes = {"best_cnn as committed": None,
             **{f"+ {arguments.renditions:,} {kind}": [extra[kind]] for kind in RENDERINGS},
             "+ both": list(extra.values())}
    rows = {}
    with tempfile.TemporaryDirectory() as folder:
        uci_forms = uci_readers(Path(folder), uci_images, uci_labels)
        for mix, parts in mixes.items():
            if parts is None:
                model = load_model(config.MODELS_DIR / "best_cnn.keras")
            else:
                model = fine_tuned(np.concatenate([full[0], *(images for images, _ in parts)]),
                                   np.concatenate([full[1], *(labels for _, labels in parts)]), arguments.epochs)
            rows[mix] = scores(model, dev_sets, test_images, test_labels, uci_forms, uci_labels, ourdata)
            print(f"{mix}: {rows[mix]} ({time.perf_counter() - started:.0f} s)", flush=True)

    print(f"\nFine-tuned {arguments.epochs} epochs on the 42,000 training images plus the renditions named "
          f"(ourdata: of {sum(len(paths) for paths in ourdata)} synthetic files)")
    print_table(rows)


if __name__ == "__main__":
    main()
