"""The ensemble's prediction: every member loaded from models/ and run on the 28,000 test images, then
averaged, from a fresh process, as `python -m digits` would; and reading the stored probabilities
instead, as notebook 06 does. Target: the whole prediction in at most 60 s on a 2-core CPU."""

import platform
import time

import keras

import digits  # noqa: F401  before keras: it chooses TensorFlow's kernels, which load with keras
from digits.data.kaggle_csv import load_test_csv
from digits.data.network_input import to_network_input
from digits.evaluation.ensembles import ensemble_probabilities
from digits.evaluation.member_predictions import load_ensemble
from digits.evaluation.predictions import predict_probabilities
from digits.modeling.cpu_record import cpu_description, describe_cpu_kind
from digits.modeling.ensemble_members import ENSEMBLE_SIZE, member_names
from digits.modeling.saved_models import is_saved, load_trained


def main():
    cpu = cpu_description()
    print(f"machine: {cpu['name']}, {cpu['cores']} cores, {describe_cpu_kind(cpu)}; Python {platform.python_version()}, "
          f"keras {keras.__version__}")
    names = [name for name in member_names(ENSEMBLE_SIZE) if is_saved(name)]
    start = time.perf_counter()
    images = to_network_input(load_test_csv())
    read = time.perf_counter()
    models = [load_trained(name)[0] for name in names]
    loaded = time.perf_counter()
    probabilities = [predict_probabilities(model, images) for model in models]
    ensemble = ensemble_probabilities(probabilities)
    predicted = time.perf_counter()
    print(f"{len(names)} members on {len(images):,} test images: test.csv read in {read - start:.1f} s, models loaded "
          f"in {loaded - read:.1f} s, predicted and averaged in {predicted - loaded:.1f} s "
          f"({(predicted - loaded) / len(names):.1f} s a network); in all {predicted - start:.1f} s (target: 60 s)")
    start = time.perf_counter()
    stored, _ = load_ensemble(len(names))
    seconds = time.perf_counter() - start
    same = (ensemble_probabilities(list(stored.values())).argmax(axis=1) == ensemble.argmax(axis=1)).mean()
    print(f"reading the stored probabilities instead (notebook 06): {seconds:.2f} s; the same guess for {same:.4%} "
          "of the images as predicting afresh")


if __name__ == "__main__":
    main()
