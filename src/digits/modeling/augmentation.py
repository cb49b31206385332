"""Data augmentation as Keras layers inside the network: random rotation, zoom and shift (and
optionally elastic distortion), active only while training."""

import keras
from keras import layers

from digits import config
from digits.modeling.elastic import SIMARD_ALPHA, SIMARD_SIGMA, RandomElasticDistortion

# The original notebook's two ImageDataGenerator settings, in its units (degrees, zoom range, shift fraction).
STRONG_AUGMENTATION = {"rotation_degrees": 20, "zoom": 0.7, "shift": 0.2}

MILD_AUGMENTATION = {"rotation_degrees": 5, "zoom": 0.1, "shift": 0.1}


def build_augmentation(rotation_degrees, zoom, shift, seed=config.SEED, name="augmentation", elastic=False,
                       elastic_alpha=SIMARD_ALPHA, elastic_sigma=SIMARD_SIGMA):
    """Random rotation, zoom and translation layers, active only while training.

    The arguments use ImageDataGenerator's units so the original's settings carry over:
    `rotation_degrees` in degrees (RandomRotation wants a fraction of a full turn), `zoom` as the
    zoom range, `shift` as a fraction of height and width. Empty space is filled with black (0),
    MNIST's background, not the layers' default reflection, which would paste stray strokes.
    With `elastic`, every image is first bent by its own random smooth displacement field, the
    classic MNIST distortion (digits.modeling.elastic), by default at its published setting (Simard et al.
    2003: alpha 34, sigma 4 pixels); a larger `elastic_sigma` or smaller `elastic_alpha` bends less.
    """
    fill = {"fill_mode": "constant", "fill_value": 0.0}
    bend = [RandomElasticDistortion(elastic_alpha, elastic_sigma, seed=seed + 3, name="random_elastic")] if elastic else []
    return keras.Sequential(
        [
            *bend,
            layers.RandomRotation(rotation_degrees / 360.0, seed=seed, name="random_rotation", **fill),
            layers.RandomZoom(zoom, seed=seed + 1, name="random_zoom", **fill),
            layers.RandomTranslation(shift, shift, seed=seed + 2, name="random_translation", **fill),
        ],
        name=name,
    )
