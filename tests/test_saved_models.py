"""digits.modeling.saved_models: models load for evaluation in float32, and unreadable files say so."""

import numpy as np
import pytest

from digits.modeling.augmentation import MILD_AUGMENTATION, build_augmentation
from digits.modeling.model_copies import computes_in_float32, float32_model
from digits.modeling.networks import build_best_cnn
from digits.machine import precision_policy
from digits.modeling.saved_models import UnreadableModelError, load_model


def small_mixed_precision_model():
    with precision_policy("mixed_bfloat16"):
        return build_best_cnn(augmentation=build_augmentation(MILD_AUGMENTATION), width=4)


def test_a_bfloat16_model_is_evaluated_in_float32_with_its_weights():
    model = small_mixed_precision_model()
    assert not computes_in_float32(model)
    copy = float32_model(model)
    assert computes_in_float32(copy)
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), copy.get_weights()))
    images = np.random.default_rng(0).random((8, 28, 28, 1), dtype=np.float32)
    float32_output = copy.predict(images, verbose=0)
    assert float32_output.dtype == np.float32
    # The same weights in bfloat16 compute something close but not identical: the reason for the copy.
    np.testing.assert_allclose(model.predict(images, verbose=0), float32_output, atol=0.05)


def test_the_float32_copy_computes_what_a_float32_network_with_those_weights_computes():
    # The augmentation (a nested model) built under the mixed policy takes bfloat16 input: the copy
    # must not round the pixels to bfloat16 there (0.502 would become 0.504).
    model = small_mixed_precision_model()
    float32_network = build_best_cnn(augmentation=build_augmentation(MILD_AUGMENTATION), width=4)
    float32_network.set_weights(model.get_weights())
    images = np.random.default_rng(1).random((8, 28, 28, 1), dtype=np.float32)
    np.testing.assert_allclose(float32_model(model).predict(images, verbose=0),
                               float32_network.predict(images, verbose=0), rtol=0, atol=1e-6)


def test_a_float32_model_is_used_as_it_is():
    model = build_best_cnn(width=4)
    assert float32_model(model) is model


def test_load_model_returns_a_float32_model(tmp_path):
    path = tmp_path / "mixed.keras"
    small_mixed_precision_model().save(path)
    assert computes_in_float32(load_model(path))


@pytest.mark.parametrize("name, content", [("corrupt.keras", b"PK\x03\x04 truncated"), ("notes.keras", b"hello"),
                                           ("weights.h5", b"\x89HDF")])
def test_a_file_that_is_not_a_keras_model_is_named_as_such(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableModelError, match=f"{name} is not a readable Keras model"):
        load_model(path)


def test_a_missing_model_is_reported_as_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.keras"):
        load_model(tmp_path / "nothing.keras")


def test_a_damaged_archive_is_not_reported_as_missing(tmp_path):
    path = tmp_path / "damaged.keras"
    build_best_cnn(width=4).save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + bytes(len(data) - len(data) // 2))
    with pytest.raises(UnreadableModelError, match="damaged.keras is not a readable Keras model"):
        load_model(path)
