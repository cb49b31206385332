"""digits.models: the augmentation pipeline's optional elastic distortion."""

import numpy as np

from digits.models import build_augmentation


def _digit():
    image = np.zeros((1, 28, 28, 1), dtype="float32")
    image[0, 6:22, 12:16, 0] = 1.0  # a thick vertical stroke, a "1"
    return image


def test_elastic_distortion_bends_images_in_training_only_and_keeps_their_range():
    plain = build_augmentation(0, 0.0, 0.0, seed=3)
    bent = build_augmentation(0, 0.0, 0.0, seed=3, elastic=True)
    assert "random_elastic" in [layer.name for layer in bent.layers]
    assert "random_elastic" not in [layer.name for layer in plain.layers]
    image = _digit()
    trained = np.asarray(bent(image, training=True))
    assert np.abs(trained - image).max() > 0.1  # the stroke moved
    assert trained.min() >= 0.0 and trained.max() <= 1.0
    np.testing.assert_array_equal(np.asarray(bent(image, training=False)), image)
    np.testing.assert_array_equal(np.asarray(plain(image, training=True)), image)  # nothing else moves it
