"""digits.models: the augmentation pipeline's optional elastic distortion."""

import numpy as np
import pytest

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


@pytest.mark.xfail(strict=True, reason="Keras 3.15's RandomElasticTransform, traced with an unknown batch size as "
                   "in training, bends every image of a batch into copies of its first: a network trained with "
                   "it learns nothing (benchmarks/README.md). Strict: this fails once Keras mends it.")
def test_elastic_distortion_keeps_each_image_of_a_batch_in_a_traced_training_step():
    import tensorflow as tf

    batch = np.zeros((4, 28, 28, 1), dtype="float32")
    for index in range(4):  # four strokes in four different places
        batch[index, 4 + 5 * index:8 + 5 * index, 6:22, 0] = 1.0
    bent = build_augmentation(0, 0.0, 0.0, seed=3, elastic=True)
    step = tf.function(lambda images: bent(images, training=True),
                       input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32)])
    out = step(batch).numpy().reshape(4, -1)
    correlations = np.corrcoef(batch.reshape(4, -1), out)[:4, 4:]
    assert correlations.argmax(axis=0).tolist() == [0, 1, 2, 3]  # each output is still its own image


def test_the_table_of_networks_builds_what_the_notebooks_trained_and_saved():
    from digits import config
    from digits.saved_models import load_model
    from digits.models import MODEL_PREFERENCE, NETWORKS, NETWORKS_BY_NAME

    assert set(MODEL_PREFERENCE) <= set(NETWORKS_BY_NAME)
    for network in NETWORKS:
        saved = load_model(config.MODELS_DIR / f"{network.name}.keras")
        built = network.build()
        assert built.name == network.name
        assert [layer.name for layer in built.layers] == [layer.name for layer in saved.layers], network.name
        assert built.count_params() == saved.count_params(), network.name
