"""Two famous public Kaggle recipes for this competition, at their published settings, trained by our code.

They are what notebook 04 compares its own design with, on the same 28,000 test images.
Each recipe was checked against copies of its published notebook; where ours differs, `differences`
says how and why (Keras 3 has no ImageDataGenerator, so augmentation is done by preprocessing layers).
"""

from dataclasses import dataclass, field

import keras

from digits import config
from digits.modeling.augmentation import Augmentation, build_augmentation
from digits.modeling.networks import build_deotte_cnn, build_ghouzam_cnn

# Both notebooks hold out 10% of train.csv for validation: 37,800 / 4,200 images.
VALIDATION_FRACTION = 0.1
# Both use ImageDataGenerator(rotation_range=10, zoom_range=0.1, width/height_shift_range=0.1).
RECIPE_AUGMENTATION = Augmentation(rotation_degrees=10, zoom=0.1, shift=0.1)

_AUGMENTATION_DIFFERENCE = (
    "augmentation by Keras preprocessing layers instead of ImageDataGenerator: zoom keeps the aspect "
    "ratio (ImageDataGenerator zooms each axis independently) and the uncovered border is filled with "
    "black, MNIST's background, where ImageDataGenerator repeats the nearest edge pixel (also black "
    "unless a stroke touches the edge)"
)
_EPOCH_DIFFERENCE = (
    "every epoch sees every training image (the last batch is short); the notebooks' steps_per_epoch "
    "= images // batch drops the remainder"
)


@dataclass(frozen=True)
class Recipe:
    """A published training recipe: network, optimizer, schedule, batch, epochs and augmentation."""

    name: str
    title: str
    source: str
    build_network: object  # a digits.modeling.networks builder taking name= and augmentation=
    epochs: int
    batch_size: int
    make_optimizer: object  # called after seeding
    make_callbacks: object  # returns the learning-rate callbacks
    published: str  # the result its author reported, and on what
    differences: tuple = field(default_factory=tuple)

    def build(self, seed=config.SEED):
        """The recipe's network with its augmentation layers, seeded with `seed`."""
        return self.build_network(name=self.name, augmentation=build_augmentation(RECIPE_AUGMENTATION, seed=seed))


def _deotte_learning_rate(epoch, learning_rate=None):
    return 1e-3 * 0.95**epoch


GHOUZAM = Recipe(
    name="ghouzam_recipe",
    title="Ghouzam, \"Introduction to CNN Keras\"",
    source="https://www.kaggle.com/code/yassineghouzam/introduction-to-cnn-keras-0-997-top-6",
    build_network=build_ghouzam_cnn,
    epochs=30,
    batch_size=86,
    make_optimizer=lambda: keras.optimizers.RMSprop(learning_rate=1e-3, rho=0.9, epsilon=1e-8),
    # Keras 2 logged accuracy as "val_acc"; Keras 3 calls it "val_accuracy".
    make_callbacks=lambda: [keras.callbacks.ReduceLROnPlateau(monitor="val_accuracy", patience=3, factor=0.5,
                                                              min_lr=1e-5, verbose=0)],
    published="99.67% on its 4,200-image validation split; 0.99671 on Kaggle's public leaderboard (7,000 images)",
    differences=(_AUGMENTATION_DIFFERENCE, _EPOCH_DIFFERENCE,
                 "the split is sklearn's train_test_split with our seed, not random_state=2"),
)

DEOTTE = Recipe(
    name="deotte_recipe",
    title="Deotte, \"25 Million Images! [0.99757] MNIST\", one network of the ensemble",
    source="https://www.kaggle.com/code/cdeotte/25-million-images-0-99757-mnist",
    build_network=build_deotte_cnn,
    epochs=45,
    batch_size=64,
    make_optimizer=lambda: keras.optimizers.Adam(learning_rate=1e-3),
    make_callbacks=lambda: [keras.callbacks.LearningRateScheduler(_deotte_learning_rate)],
    published="an ensemble of 15 such networks: 0.99757 on Kaggle's public leaderboard",
    differences=(_AUGMENTATION_DIFFERENCE, _EPOCH_DIFFERENCE,
                 "one network, not the ensemble of 15; his split is unseeded, ours uses our seed"),
)

RECIPES = {recipe.name: recipe for recipe in (GHOUZAM, DEOTTE)}


def train_recipe(recipe, split, seed=config.SEED, precision="auto", verbose=2):
    """Seed, build and train `recipe` on `split` as its notebook does; return (model, TrainingHistory).

    The model is returned in the precision it trained in ("auto": the fastest on this CPU, as in
    notebook 04, so the comparison spends the same kind of arithmetic)."""
    from digits.modeling.training import TrainingSettings, build_and_train

    settings = TrainingSettings(batch_size=recipe.batch_size, seed=seed, precision=precision,
                                make_optimizer=recipe.make_optimizer)
    return build_and_train(recipe.name, lambda: recipe.build(seed), split, recipe.epochs, settings,
                           callbacks=recipe.make_callbacks(), verbose=verbose)
