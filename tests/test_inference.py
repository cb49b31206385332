"""digits.modeling.inference: networks rebuilt for prediction answer as the originals do."""

import keras
import numpy as np
import pytest

from digits.modeling.augmentation import MILD_AUGMENTATION, Augmentation, build_augmentation
from digits.modeling.inference import inference_model
from digits.modeling.networks import build_baseline_cnn, build_best_cnn, build_deotte_cnn


def with_trained_statistics(model, seed=0):
    """`model` with random weights and batch-normalisation statistics far from their initial 0 and 1,
    so that a wrong fold shows."""
    rng = np.random.default_rng(seed)
    weights = []
    for variable in model.weights:
        shape = tuple(variable.shape)
        if "moving_variance" in variable.path:
            weights.append(rng.uniform(0.2, 3.0, shape).astype(np.float32))
        elif "moving_mean" in variable.path or "beta" in variable.path:
            weights.append(rng.normal(0.0, 0.5, shape).astype(np.float32))
        elif "gamma" in variable.path:
            weights.append(rng.uniform(0.5, 2.0, shape).astype(np.float32))
        else:
            weights.append(np.asarray(variable.numpy()))
    model.set_weights(weights)
    return model


def images(count=16, seed=1):
    return np.random.default_rng(seed).random((count, 28, 28, 1), dtype=np.float32)


@pytest.mark.parametrize("augmentation", [MILD_AUGMENTATION, Augmentation(5, 0.1, 0.1, elastic=True)])
def test_best_cnn_rebuilt_for_prediction_answers_as_it_does_with_fewer_layers(augmentation):
    keras.utils.set_random_seed(0)
    model = with_trained_statistics(build_best_cnn(augmentation=build_augmentation(augmentation), width=8))
    rebuilt = inference_model(model)
    names = [layer.name for layer in rebuilt.layers]
    assert not any("bn" in name or "dropout" in name or name == "augmentation" for name in names)
    assert sum(name.endswith("_conv_folded") for name in names) == 7
    np.testing.assert_allclose(rebuilt.predict(images(), verbose=0), model.predict(images(), verbose=0),
                               rtol=0, atol=2e-5)
    # The original is untouched and still has its own layers.
    assert "stage1_a_bn" in [layer.name for layer in model.layers]


def test_a_normalisation_after_an_activation_is_kept_and_networks_without_one_only_lose_dropout():
    keras.utils.set_random_seed(1)
    deotte = with_trained_statistics(build_deotte_cnn())
    rebuilt = inference_model(deotte)
    assert any(isinstance(layer, keras.layers.BatchNormalization) for layer in rebuilt.layers)
    np.testing.assert_allclose(rebuilt.predict(images(), verbose=0), deotte.predict(images(), verbose=0),
                               rtol=0, atol=1e-6)
    baseline = build_baseline_cnn()
    rebuilt = inference_model(baseline)
    assert not any(isinstance(layer, keras.layers.Dropout) for layer in rebuilt.layers)
    np.testing.assert_array_equal(rebuilt.predict(images(), verbose=0), baseline.predict(images(), verbose=0))


def test_only_layers_that_pass_images_through_at_prediction_are_skipped():
    from digits.modeling.inference import _is_pass_through

    augmentation = build_augmentation(Augmentation(5, 0.1, 0.1, elastic=True))
    assert _is_pass_through(augmentation) and _is_pass_through(keras.layers.Dropout(0.4))
    assert not _is_pass_through(keras.layers.RandomCrop(20, 20))  # it crops at prediction too
    assert not _is_pass_through(keras.Sequential([keras.layers.RandomZoom(0.1), keras.layers.RandomCrop(20, 20)]))


def test_a_network_that_is_not_one_chain_is_left_as_it_is():
    inputs = keras.Input((28, 28, 1))
    features = keras.layers.Flatten()(inputs)
    branches = keras.layers.Add()([keras.layers.Dense(10)(features), keras.layers.Dense(10)(features)])
    model = keras.Model(inputs, branches)
    assert inference_model(model) is model
