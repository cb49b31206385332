"""Operations counted from layer shapes."""

import keras
import pytest
from keras import layers

from digits.modeling.catalogue import NETWORKS_BY_NAME
from digits.modeling.compute import forward_flops, training_flops_per_image
from digits.modeling.networks import build_deotte_cnn


def test_a_convolution_and_a_dense_layer_are_counted_by_hand():
    inputs = keras.Input((10, 12, 3))
    features = layers.Conv2D(4, 3, padding="valid")(inputs)  # 8 x 10 positions, 3x3x3 weights each, 4 filters
    features = layers.MaxPooling2D(2)(features)  # not counted
    features = layers.Flatten()(features)  # 4 x 5 x 4 = 80
    outputs = layers.Dense(7)(features)
    model = keras.Model(inputs, outputs)
    assert forward_flops(model) == 2 * (8 * 10 * 3 * 3 * 3 * 4) + 2 * (80 * 7)
    assert training_flops_per_image(model) == 3 * forward_flops(model)


def test_strides_and_nested_models_are_counted():
    inner = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(2, 3, strides=2, padding="same")])
    outer = keras.Sequential([keras.Input((8, 8, 1)), inner, layers.Flatten(), layers.Dense(3)])
    assert forward_flops(outer) == 2 * (4 * 4 * 3 * 3 * 1 * 2) + 2 * (32 * 3)


def test_best_cnn_costs_what_its_layer_shapes_say_and_deottes_as_much():
    best = NETWORKS_BY_NAME["best_cnn"].build()
    by_hand = (26 * 26 * 9 * 1 * 32 + 24 * 24 * 9 * 32 * 32 + 12 * 12 * 25 * 32 * 32
               + 10 * 10 * 9 * 32 * 64 + 8 * 8 * 9 * 64 * 64 + 4 * 4 * 25 * 64 * 64
               + 1 * 1 * 16 * 64 * 128 + 128 * 10)
    assert forward_flops(best) == 2 * by_hand
    # The augmentation in front of it is free; Deotte's network has the same convolutions.
    assert forward_flops(build_deotte_cnn()) == forward_flops(best)
    assert forward_flops(best) == pytest.approx(30.3e6, rel=0.01)


def test_the_quoted_networks_cost_what_their_published_layers_say():
    from digits.modeling.quoted_networks import QUOTED_RESULTS, build_doucet_resnet, build_matuzas_se_net

    best = forward_flops(NETWORKS_BY_NAME["best_cnn"].build())
    doucet = (28 * 28 * 25 * 128 + 28 * 28 * 9 * 128 * 128 + 14 * 14 * 9 * 128 * 128 + 14 * 14 * 9 * 128 * 256
              + 7 * 7 * 9 * 256 * 256 + 7 * 7 * 9 * 256 * 512 + 4 * 4 * 9 * 512 * 512 + 512 * 10)
    assert forward_flops(build_doucet_resnet()) == 2 * doucet
    assert 20 < forward_flops(build_doucet_resnet()) / best < 25  # "about twenty times best_cnn's"
    matuzas = (28 * 28 * 9 * 128 + 2 * 28 * 28 * 9 * 128 * 128 + 3 * 28 * 28 * 9 * 128 * 128
               + 3 * 14 * 14 * 9 * 128 * 128 + 3 * (128 * 4 + 4 * 128) + 256 * 10)
    assert forward_flops(build_matuzas_se_net()) == 2 * matuzas
    deotte = QUOTED_RESULTS[0]
    assert deotte.image_passes == 15 * 35 * 59_968
