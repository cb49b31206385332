"""Labelled handwriting beyond MNIST: image files named after their digit (ourdata/), and UCI's
scanned digits shipped with scikit-learn, as arrays or written out as image files."""

from pathlib import Path

import numpy as np

from digits import config

UCI_LEVELS = 16  # each 8x8 value of a UCI digit counts the inked pixels of a 4x4 block

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".heic", ".heif", ".avif"}


def image_files_in(directory):
    """The image files (by their suffix) in `directory`, not in its subfolders, sorted by name."""
    return sorted(path for path in Path(directory).iterdir() if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES)


def labelled_image_files(directory=None):
    """The image files in `directory` whose names start with their true digit, sorted by name."""
    directory = config.OURDATA_DIR if directory is None else directory
    return [path for path in image_files_in(directory) if path.name[:1].isdigit()]


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
