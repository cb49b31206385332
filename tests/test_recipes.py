"""digits.modeling.recipes and the networks they build: the published settings, as our code trains them."""

import keras
import numpy as np

from digits.data.network_input import Split
from digits.modeling.networks import block_table, build_best_cnn, build_deotte_cnn, build_ghouzam_cnn
from digits.modeling.recipes import DEOTTE, GHOUZAM, RECIPES, train_recipe


def test_the_published_networks_have_their_published_sizes():
    assert build_ghouzam_cnn().count_params() == 887_530
    # Deotte's network is best_cnn's but with biases in the convolutions and normalisation after ReLU.
    deotte, best = build_deotte_cnn(), build_best_cnn()
    conv_biases = sum(layer.filters for layer in deotte.layers if isinstance(layer, keras.layers.Conv2D))
    assert deotte.count_params() == best.count_params() + conv_biases == 327_242
    assert [type(layer).__name__ for layer in deotte.layers[1:4]] == ["Conv2D", "BatchNormalization", "Conv2D"]


def test_the_recipes_keep_their_published_settings():
    assert (GHOUZAM.epochs, GHOUZAM.batch_size, DEOTTE.epochs, DEOTTE.batch_size) == (30, 86, 45, 64)
    optimizer = GHOUZAM.make_optimizer()
    assert isinstance(optimizer, keras.optimizers.RMSprop) and optimizer.rho == 0.9
    [plateau] = GHOUZAM.make_callbacks()
    assert (plateau.monitor, plateau.patience, plateau.factor, plateau.min_lr) == ("val_accuracy", 3, 0.5, 1e-5)
    [annealer] = DEOTTE.make_callbacks()
    assert np.isclose(annealer.schedule(10), 1e-3 * 0.95**10)
    assert set(RECIPES) == {"ghouzam_recipe", "deotte_recipe"}


def test_a_recipe_trains_through_the_package_with_its_callbacks(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.random((96, 28, 28, 1), dtype=np.float32)
    labels = rng.integers(0, 10, 96)
    split = Split(images[:64], labels[:64], images[64:], labels[64:])
    tiny = DEOTTE.__class__(**{**DEOTTE.__dict__, "epochs": 2})
    model, history = train_recipe(tiny, split, precision="float32", verbose=0)
    # The annealer set the second epoch's rate to 1e-3 x 0.95; the history knows the batch and sizes.
    assert np.isclose(float(model.optimizer.learning_rate), 0.95e-3)
    assert (history.batch_size, history.train_size, history.validation_size) == (64, 64, 32)
    assert model.name == "deotte_recipe"


def test_block_table_groups_a_convolution_with_its_normalisation():
    table = block_table(build_best_cnn())
    assert table.loc["stage1_a", "layers"] == "Conv2D + BatchNormalization + Activation"
    assert table.loc["head", "output shape"] == "1 x 1 x 128"
    assert table["parameters"].sum() == build_best_cnn().count_params()
