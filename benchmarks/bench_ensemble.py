"""The ensemble's prediction: every member loaded from models/, rebuilt for prediction
(digits.modeling.inference), run on the 28,000 test images in float32 and averaged, from a fresh
process, as `python -m digits ensemble` does; one member as loaded beside its rebuilt copy (the
ratio); and reading the stored probabilities instead, as notebook 06 does. Target: the whole
prediction in at most 60 s on a 2-core CPU."""

import platform
import time

import keras

import digits  # noqa: F401  before keras: it chooses TensorFlow's kernels, which load with keras
from digits.data.kaggle_csv import load_test_csv
from digits.data.network_input import to_network_input
from digits.evaluation.ensembles import ensemble_probabilities
from digits.evaluation.member_predictions import load_ensemble
from digits.evaluation.predictions import predict_probabilities
from digits.machine import cpu_description, describe_cpu_kind
from digits.modeling.ensemble_members import ENSEMBLE_SIZE, member_names
from digits.modeling.inference import inference_model
from digits.modeling.saved_models import is_saved, load_trained

REPEATS = 3


def main():
    cpu = cpu_description()
    print(f"machine: {cpu['name']}, {cpu['cores']} cores, {describe_cpu_kind(cpu)}; Python {platform.python_version()}, "
          f"keras {keras.__version__}")
    names = [name for name in member_names(ENSEMBLE_SIZE) if is_saved(name)]
    start = time.perf_counter()
    images = to_network_input(load_test_csv())
    read = time.perf_counter()
    models = [inference_model(load_trained(name)[0]) for name in names]
    loaded = time.perf_counter()
    probabilities = [predict_probabilities(model, images) for model in models]
    ensemble = ensemble_probabilities(probabilities)
    predicted = time.perf_counter()
    print(f"{len(names)} members on {len(images):,} test images: test.csv read in {read - start:.1f} s, models loaded "
          f"and rebuilt in {loaded - read:.1f} s, predicted and averaged in {predicted - loaded:.1f} s "
          f"({(predicted - loaded) / len(names):.1f} s a network); in all {predicted - start:.1f} s (target: 60 s)")
    as_loaded = load_trained(names[0])[0]
    predict_probabilities(as_loaded, images[:256])  # traces its graph, as the rebuilt one's was above
    seconds = {"as loaded": [], "rebuilt": []}
    for _ in range(REPEATS):  # alternated, so that a slow spell of a shared host slows both
        for label, model in (("as loaded", as_loaded), ("rebuilt", models[0])):
            start = time.perf_counter()
            predict_probabilities(model, images)
            seconds[label].append(time.perf_counter() - start)
    fastest = {label: min(times) for label, times in seconds.items()}
    print(f"{names[0]} alone, fastest of {REPEATS}: {fastest['as loaded']:.1f} s as loaded, {fastest['rebuilt']:.1f} s "
          f"rebuilt for prediction ({fastest['as loaded'] / fastest['rebuilt']:.2f}x); every run: "
          + "; ".join(f"{label} " + ", ".join(f"{each:.1f}" for each in times) for label, times in seconds.items()))
    start = time.perf_counter()
    stored, _ = load_ensemble(len(names))
    reading = time.perf_counter() - start
    same = (ensemble_probabilities(list(stored.values())).argmax(axis=1) == ensemble.argmax(axis=1)).mean()
    print(f"reading the stored probabilities instead (notebook 06): {reading:.2f} s; the same guess for {same:.4%} "
          "of the images as predicting afresh")


if __name__ == "__main__":
    main()
