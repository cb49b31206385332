"""digits.evaluation.network_view and its figures: filters, feature maps, saliency, the feature map."""

import matplotlib

matplotlib.use("Agg")

import keras
import numpy as np

from digits.evaluation.network_view import (block_outputs, feature_maps, first_convolution_filters,
                                            penultimate_features, saliency, two_dimensional_map)
from digits.reports import network_plots


def small_convnet():
    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(4, 3, name="a_conv"), keras.layers.Activation("relu", name="a_relu"),
        keras.layers.Conv2D(6, 3, strides=2, name="b_conv"), keras.layers.Activation("relu", name="b_relu"),
        keras.layers.Flatten(name="flatten"), keras.layers.Dense(10, name="logits"),
        keras.layers.Activation("softmax", name="probabilities"),
    ])


def test_filters_maps_and_features_come_from_the_named_layers():
    model = small_convnet()
    filters = first_convolution_filters(model)
    assert filters.shape == (4, 3, 3)
    np.testing.assert_array_equal(filters[2], model.get_layer("a_conv").get_weights()[0][:, :, 0, 2])
    assert [layer.name for layer in block_outputs(model)] == ["a_relu", "b_relu"]
    images = np.random.default_rng(1).random((2, 28, 28, 1)).astype(np.float32)
    maps = feature_maps(model, images)
    assert {name: output.shape for name, output in maps.items()} == {"a_relu": (2, 26, 26, 4), "b_relu": (2, 12, 12, 6)}
    assert (maps["a_relu"] >= 0).all()  # after a ReLU
    features = penultimate_features(model, images)
    assert features.shape == (2, 12 * 12 * 6)
    np.testing.assert_allclose(features, maps["b_relu"].reshape(2, -1), rtol=1e-5)


def test_saliency_is_where_the_answer_depends_on_the_pixels():
    # A network that looks at one pixel only: its answer moves with that pixel and no other.
    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10),
                              keras.layers.Activation("softmax")])
    kernel = np.zeros((784, 10), dtype=np.float32)
    kernel[5 * 28 + 7] = np.linspace(-1, 1, 10)
    model.layers[1].set_weights([kernel, np.zeros(10, dtype=np.float32)])
    images = np.full((3, 28, 28, 1), 0.5, dtype=np.float32)
    plain = saliency(model, images, classes=[0, 9, 9], copies=1, noise=0.0)
    assert plain.shape == (3, 28, 28)
    assert (plain[:, 5, 7] > 0).all() and np.count_nonzero(plain) == 3
    smoothed = saliency(model, images, classes=[0, 9, 9], copies=8)  # noise moves the value, not the place
    assert np.count_nonzero(smoothed) == 3 and (smoothed[:, 5, 7] > 0).all()


def test_the_two_dimensional_map_keeps_separate_groups_apart():
    rng = np.random.default_rng(2)
    features = np.concatenate([rng.normal(0, 1, (40, 8)), rng.normal(12, 1, (40, 8))])
    points = two_dimensional_map(features)
    assert points.shape == (80, 2)
    first, second = points[:40].mean(axis=0), points[40:].mean(axis=0)
    spread = max(points[:40].std(axis=0).max(), points[40:].std(axis=0).max())
    assert np.linalg.norm(first - second) > 3 * spread


def test_the_figures_draw_what_they_are_given():
    model = small_convnet()
    images = np.random.default_rng(3).random((4, 28, 28, 1)).astype(np.float32)
    figure = network_plots.plot_filters(first_convolution_filters(model), "filters")
    assert sum(1 for axis in figure.axes if axis.images) == 4
    maps = {name: output[0] for name, output in feature_maps(model, images[:1]).items()}
    figure = network_plots.plot_feature_maps(images[0], maps, "maps", per_block=3)
    assert sum(1 for axis in figure.axes if axis.images) == 1 + 2 * 3
    one_by_one = dict(maps, head=np.ones((1, 1, 5)))
    assert sum(1 for axis in network_plots.plot_feature_maps(images[0], one_by_one, "m", per_block=3).axes
               if axis.images) == 1 + 2 * 3
    figure = network_plots.plot_saliency(images, saliency(model, images, [1, 2, 3, 4]), list("abcd"), "saliency", columns=2)
    assert [axis.get_title() for axis in figure.axes if axis.get_title()] == list("abcd")
    points = np.random.default_rng(4).random((40, 2))
    labels = np.arange(40) % 10
    figure = network_plots.plot_feature_space(points, labels, {"errors": labels == 3}, "map")
    assert [text.get_text() for text in figure.axes[0].get_legend().get_texts()] == ["errors (4)"]
