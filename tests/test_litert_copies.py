"""LiteRT copies of the reading networks: they answer as Keras does, are used only while they are of
the network saved beside them, and let `digits predict` run without TensorFlow."""

import subprocess
import sys
import warnings

import numpy as np
import pytest

from conftest import tiny_network
from digits.data.labelled_images import labelled_image_files
from digits.modeling.history import TrainingHistory
from digits.modeling.litert_copies import COPIED_NETWORKS, LiteRTNetwork, StaleCopyWarning, current_copy, write_copy
from digits.modeling.saved_models import load_model, model_path, network_for_reading, save_trained

pytest.importorskip("ai_edge_litert", reason="LiteRT has no wheel for this platform")


def images(count, seed=0):
    return np.random.default_rng(seed).random((count, 28, 28, 1), dtype=np.float32)


def saved_tiny(path, seed):
    network = tiny_network(seed)
    network.save(path)
    return network


def test_a_copy_answers_as_its_keras_network_in_batches_of_any_size(tmp_path):
    keras_file = tmp_path / "reader.keras"
    network = saved_tiny(keras_file, seed=1)
    write_copy(network, keras_file)
    copy = current_copy(keras_file)
    assert isinstance(copy, LiteRTNetwork)
    batch = images(300)  # a batch of 256, then one of 44
    expected = network.predict(batch, verbose=0)
    answers = copy.predict(batch, batch_size=256)
    assert answers.shape == (300, 10)
    np.testing.assert_allclose(answers, expected, atol=1e-5)
    np.testing.assert_allclose(copy.predict(batch[:7]), expected[:7], atol=1e-5)


def test_a_copy_of_another_version_of_the_network_is_not_used(tmp_path):
    keras_file = tmp_path / "reader.keras"
    write_copy(saved_tiny(keras_file, seed=1), keras_file)
    retrained = saved_tiny(keras_file, seed=2)  # saved again by hand, its copy left as it was
    with pytest.warns(StaleCopyWarning, match="reader.tflite was made from another version"):
        assert current_copy(keras_file) is None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StaleCopyWarning)
        reader = network_for_reading(keras_file)
    np.testing.assert_allclose(reader.predict(images(5), verbose=0), retrained.predict(images(5), verbose=0), atol=1e-6)


def test_a_network_without_a_copy_is_read_by_keras(tmp_path):
    keras_file = tmp_path / "reader.keras"
    saved_tiny(keras_file, seed=1)
    assert current_copy(keras_file) is None
    assert not isinstance(network_for_reading(keras_file), LiteRTNetwork)


def test_saving_a_network_that_reads_files_writes_its_copy_and_others_get_none(tmp_path):
    save_trained(tiny_network(3), TrainingHistory(), "best_cnn", tmp_path)
    save_trained(tiny_network(4), TrainingHistory(), "baseline_cnn", tmp_path)
    assert isinstance(current_copy(model_path("best_cnn", tmp_path)), LiteRTNetwork)
    assert not (tmp_path / "baseline_cnn.tflite").exists()
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []  # no temporary left


@pytest.mark.parametrize("name", COPIED_NETWORKS)
def test_the_committed_copies_are_of_the_committed_networks_and_answer_as_they_do(name):
    keras_file = model_path(name)
    if not keras_file.is_file():
        pytest.skip(f"{name} is not committed here")
    with warnings.catch_warnings():
        warnings.simplefilter("error", StaleCopyWarning)  # a copy left behind by a retraining fails here
        copy = current_copy(keras_file)
    assert copy is not None, f"no current LiteRT copy of {keras_file.name}: python -m digits litert"
    batch = images(512, seed=5)
    if name == "digit_or_not":
        from digits.handwriting.digit_or_not import shape_only

        batch = shape_only(batch)
    expected = load_model(keras_file).predict(batch, verbose=0)
    np.testing.assert_allclose(copy.predict(batch), expected, atol=1e-5)


@pytest.mark.skipif(not all(model_path(name).is_file() for name in COPIED_NETWORKS), reason="needs the committed networks")
def test_predict_reads_ourdata_without_tensorflow_and_prints_what_keras_would():
    from digits.handwriting.digit_or_not import NETWORK
    from digits.handwriting.predict import default_model_path
    from digits.handwriting.read_number import read_files

    files = labelled_image_files()
    program = ("import sys; from digits.command_line.main import main; code = main(sys.argv[1:]); "
               "print('tensorflow loaded' if 'tensorflow' in sys.modules else 'no tensorflow', code)")
    result = subprocess.run([sys.executable, "-c", program, "predict", *map(str, files)], capture_output=True, text=True)
    *lines, last = result.stdout.strip().splitlines()
    assert last == "no tensorflow 0", result.stderr
    keras_readings = read_files(files, load_model(default_model_path()), load_model(model_path(NETWORK)))
    assert lines == [f"{reading.path}\t{reading.digits}\t{reading.confidence:.4f}" for reading in keras_readings]
