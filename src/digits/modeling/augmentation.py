"""Data augmentation as Keras layers inside the network: random rotation, zoom and shift (and
optionally elastic distortion), active only while training."""

from dataclasses import dataclass

import keras
from keras import layers

from digits import config
from digits.modeling.elastic import SIMARD_ALPHA, SIMARD_SIGMA, RandomElasticDistortion


@dataclass(frozen=True)
class Augmentation:
    """Random distortions of the training images, in ImageDataGenerator's units so the original's
    settings carry over: `rotation_degrees` in degrees, `zoom` as the zoom range, `shift` as a
    fraction of height and width. With `elastic`, every image is first bent by its own random smooth
    displacement field, the classic MNIST distortion (digits.modeling.elastic), by default at its
    published setting (Simard et al. 2003: alpha 34, sigma 4 pixels); a larger `elastic_sigma` or a
    smaller `elastic_alpha` bends less."""

    rotation_degrees: float
    zoom: float
    shift: float
    elastic: bool = False
    elastic_alpha: float = SIMARD_ALPHA
    elastic_sigma: float = SIMARD_SIGMA


# The original notebook's two ImageDataGenerator settings.
STRONG_AUGMENTATION = Augmentation(rotation_degrees=20, zoom=0.7, shift=0.2)
MILD_AUGMENTATION = Augmentation(rotation_degrees=5, zoom=0.1, shift=0.1)


def build_augmentation(augmentation, seed=config.SEED, name="augmentation"):
    """Keras layers that apply `augmentation` (an Augmentation) while training and pass images through
    unchanged otherwise. RandomRotation wants a fraction of a full turn, hence degrees / 360. Empty
    space is filled with black (0), MNIST's background, not the layers' default reflection, which
    would paste stray strokes."""
    fill = {"fill_mode": "constant", "fill_value": 0.0}
    bend = [RandomElasticDistortion(augmentation.elastic_alpha, augmentation.elastic_sigma, seed=seed + 3,
                                    name="random_elastic")] if augmentation.elastic else []
    return keras.Sequential(
        [
            *bend,
            layers.RandomRotation(augmentation.rotation_degrees / 360.0, seed=seed, name="random_rotation", **fill),
            layers.RandomZoom(augmentation.zoom, seed=seed + 1, name="random_zoom", **fill),
            layers.RandomTranslation(augmentation.shift, augmentation.shift, seed=seed + 2, name="random_translation", **fill),
        ],
        name=name,
    )
