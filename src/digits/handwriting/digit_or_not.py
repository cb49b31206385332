"""Is a candidate a digit at all? A learned decision where a rule would guess.

The network that reads digits (best_cnn) is trained on digits only, so it gives every mark a digit,
a letter or a scribble too, often at high confidence. A second, small network answers only whether
a 28x28 image (in MNIST's form, as the reader makes it) is a digit: trained on all of train.csv's
digits against synthetic images of what is not one (letters, symbols, scribbles, pieces of digits,
specks: digits.handwriting.non_digits), with mild rotation, zoom and shifts. The
reading network is not changed, so its answers and its MNIST figures stay what they are; this one
adds the probability that an image is not a digit. (A head on best_cnn's own features was tried
first and refused 3% of MNIST's test digits at even odds: features learnt to tell digits apart do
not keep what sets a letter apart from them.)
"""

import numpy as np
from scipy import ndimage

from digits import config

NETWORK = "digit_or_not"
# An image whose probability of not being a digit is above this is refused: the lowest that refuses
# at most 2% of the digit images of the development set's tune part and of MNIST's test images
# (benchmarks/README.md states the sweep and both error rates).
NOT_A_DIGIT_ABOVE = 0.8
# A mark in a line with a digit accepted, and of its height, is refused only above this: there a
# digit is far likelier than anything else. (It refuses 0.44% of MNIST's test digits, against 1.57%.)
IN_A_NUMBER_ABOVE = 0.95
NEGATIVES = 42_000  # as many as train.csv has digits
EPOCHS, BATCH = 12, 128  # 12 epochs refused more of tune's letters than 6, and fewer of its digits


def shape_only(images):
    """Each 28x28 image (N, 28, 28[, 1], brightness in [0, 1]) reduced to its shape: the skeleton of
    its ink (scikit-image) redrawn with one pen, 3 pixels wide and softly edged. What a real
    letter and a synthetic one differ in (pen width, anti-aliasing, the blur of a scan) is gone, so
    the network can learn only what sets a digit apart: its shape. (Trained on the images as they
    are, it told synthetic letters from MNIST's digits by their texture, and real letters passed.)"""
    from skimage.morphology import skeletonize

    images = np.asarray(images, dtype=np.float32).reshape(-1, config.IMAGE_SIDE, config.IMAGE_SIDE)
    pen = ndimage.generate_binary_structure(2, 1)
    shapes = [ndimage.gaussian_filter(ndimage.binary_dilation(skeletonize(image > 0.4), pen).astype(np.float32), 0.6)
              for image in images]
    return np.stack(shapes)[..., np.newaxis]


def training_set(images, labels, seed=None):
    """(images (N, 28, 28, 1) float32, is_not_digit (N,) 0/1, kinds): every training digit, and
    NEGATIVES synthetic non-digits drawn from `seed` (their pieces cut from digits other than 1s)."""
    from digits.handwriting.non_digits import non_digit_images

    seed = config.SEED if seed is None else seed
    others, kinds = non_digit_images(NEGATIVES, images[labels != 1], seed=seed + 1)
    inputs = shape_only(np.concatenate([images.astype(np.float32) / 255, others]))
    return inputs, np.r_[np.zeros(len(images)), np.ones(len(others))].astype(np.float32), np.r_[np.full(len(images), "digit"), kinds]


def build_digit_or_not(seed=None):
    """A small CNN with one sigmoid output: the probability that the image is not a digit."""
    import keras
    from keras import layers

    seed = config.SEED if seed is None else seed
    keras.utils.set_random_seed(seed)
    return keras.Sequential([
        keras.Input((config.IMAGE_SIDE, config.IMAGE_SIDE, 1), name="image"),
        layers.RandomRotation(0.04, seed=seed, fill_mode="constant"),
        layers.RandomZoom(0.1, seed=seed + 1, fill_mode="constant"),
        layers.RandomTranslation(0.1, 0.1, seed=seed + 2, fill_mode="constant"),
        layers.Conv2D(32, 3, activation="relu"), layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dropout(0.3), layers.Dense(64, activation="relu"),
        layers.Dense(1, activation="sigmoid", name="not_a_digit"),
    ], name=NETWORK)


def train_digit_or_not(models_dir=None, seed=None):
    """Train the network on train.csv's digits and the synthetic non-digits; save it with its history."""
    import keras

    from digits.data.kaggle_csv import load_train_csv
    from digits.data.provenance import training_data_fingerprint
    from digits.machine import cpu_description, library_versions
    from digits.modeling.history import TrainingHistory
    from digits.modeling.saved_models import save_trained
    from digits.modeling.training import HistoryRecorder, seed_everything

    seed = config.SEED if seed is None else seed
    images, labels = load_train_csv()
    inputs, is_not_digit, _ = training_set(images, labels, seed)
    model = build_digit_or_not(seed)
    seed_everything(seed)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])
    history = TrainingHistory(batch_size=BATCH, train_size=len(inputs), seed=seed, precision=model.dtype_policy.name,
                              versions=library_versions(), cpu=cpu_description(),
                              train_data_sha256=training_data_fingerprint())
    model.fit(inputs, is_not_digit, batch_size=BATCH, epochs=EPOCHS, callbacks=[HistoryRecorder(history)], verbose=2)
    save_trained(model, history, NETWORK, models_dir)
    return model, history


def load_verifier():
    """The committed digit_or_not network (its LiteRT copy where current: see
    digits.modeling.litert_copies); None where it is not saved (nothing is then refused)."""
    from digits.modeling.saved_models import is_saved, model_path, network_for_reading

    return network_for_reading(model_path(NETWORK)) if is_saved(NETWORK) else None


def not_a_digit_probability(model, images):
    """The network's probability that each 28x28 image (N, 28, 28[, 1]) is not a digit."""
    return np.asarray(model.predict(shape_only(images), batch_size=512, verbose=0), dtype=np.float64)[:, 0]


def refused_at(verifier, readings_images, thresholds):
    """For each threshold (rows) and each reading (columns): whether the reader would refuse it, all
    of its marks judged not digits above the threshold. `readings_images`: per reading, the 28x28
    images of the marks it read (none: refused, as nothing was found)."""
    counts = [len(images) for images in readings_images]
    if sum(counts):
        doubt = not_a_digit_probability(verifier, np.concatenate([np.asarray(images) for images in readings_images if len(images)]))
    else:
        doubt = np.zeros(0)
    starts = np.r_[0, np.cumsum(counts)]
    lowest = np.array([doubt[start:stop].min() if stop > start else np.inf for start, stop in zip(starts, starts[1:])])
    return lowest[np.newaxis, :] > np.asarray(thresholds, dtype=np.float64)[:, np.newaxis]
