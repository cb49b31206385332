"""Inference speed: the 28,000 test images per model, and `python -m digits predict` on 100 files."""

import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import keras

import digits  # noqa: F401  before keras: it chooses TensorFlow's kernels, which load with keras
from digits import config
from digits.data.kaggle_csv import load_test_csv
from digits.data.labelled_images import labelled_image_files
from digits.data.network_input import to_network_input
from digits.evaluation.predictions import predict_probabilities
from digits.modeling.catalogue import NETWORKS
from digits.modeling.saved_models import load_model


def main():
    images = to_network_input(load_test_csv())
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, keras {keras.__version__}")
    print(f"predicting {len(images):,} test images (batch 1024, after one warm-up batch):")
    for name in (network.name for network in NETWORKS):
        path = config.MODELS_DIR / f"{name}.keras"
        if not path.is_file():
            continue
        model = load_model(path)
        predict_probabilities(model, images[:1024])
        start = time.perf_counter()
        predict_probabilities(model, images)
        seconds = time.perf_counter() - start
        print(f"  {name:14s} {seconds:6.2f} s   {len(images) / seconds:8.0f} images/s")

    files = labelled_image_files()
    with tempfile.TemporaryDirectory() as folder:
        copies = [Path(folder) / f"{index:03d}_{path.name}" for index, path in enumerate(files * 2)][:100]
        for source, copy in zip(files * 2, copies):
            shutil.copy(source, copy)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "digits", "predict", *map(str, copies)],
                                capture_output=True, text=True)
        seconds = time.perf_counter() - start
    lines = result.stdout.strip().splitlines()
    print(f"python -m digits predict on {len(copies)} files: {seconds:.1f} s for the whole command "
          f"(start-up and model loading included), {len(lines)} predictions, exit code {result.returncode}")


if __name__ == "__main__":
    main()
