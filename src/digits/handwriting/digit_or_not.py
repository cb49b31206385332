"""Is a candidate a digit at all? A learned decision where a rule would guess.

The network that reads digits (reader_cnn, or best_cnn) is trained on digits only, so it gives every
mark a digit, a letter or a scribble too, often at high confidence. A second, small network answers only whether
a 28x28 image (in MNIST's form, as the reader makes it) is a digit: trained on all of train.csv's
digits against synthetic images of what is not one (letters, symbols, scribbles, pieces of digits,
specks: digits.verifier, which trains it), with mild rotation, zoom and shifts. The
reading network is not changed, so its answers and its MNIST figures stay what they are; this one
adds the probability that an image is not a digit. (A head on best_cnn's own features was tried
first and refused 3% of MNIST's test digits at even odds: features learnt to tell digits apart do
not keep what sets a letter apart from them.)
"""

import numpy as np
from scipy import ndimage

from digits import config

NETWORK = "digit_or_not"
# An image whose probability of not being a digit is above this is refused: the lowest that refuses
# at most 2% of the digit images of the development set's tune part and of MNIST's test images
# (benchmarks/README.md states the sweep and both error rates).
NOT_A_DIGIT_ABOVE = 0.8
# A mark in a line with a digit accepted, and of its height, is refused only above this: there a
# digit is far likelier than anything else. (It refuses 0.44% of MNIST's test digits, against 1.57%.)
IN_A_NUMBER_ABOVE = 0.95


def shape_only(images):
    """Each 28x28 image (N, 28, 28[, 1], brightness in [0, 1]) reduced to its shape: the skeleton of
    its ink (scikit-image) redrawn with one pen, 3 pixels wide and softly edged. What a real
    letter and a synthetic one differ in (pen width, anti-aliasing, the blur of a scan) is gone, so
    the network can learn only what sets a digit apart: its shape. (Trained on the images as they
    are, it told synthetic letters from MNIST's digits by their texture, and real letters passed.)"""
    from skimage.morphology import skeletonize

    images = np.asarray(images, dtype=np.float32).reshape(-1, config.IMAGE_SIDE, config.IMAGE_SIDE)
    pen = ndimage.generate_binary_structure(2, 1)
    shapes = [ndimage.gaussian_filter(ndimage.binary_dilation(skeletonize(image > 0.4), pen).astype(np.float32), 0.6)
              for image in images]
    return np.stack(shapes)[..., np.newaxis]


def load_verifier():
    """The committed digit_or_not network (its LiteRT copy where current: see
    digits.modeling.litert_copies); None where it is not saved (nothing is then refused)."""
    from digits.modeling.saved_models import is_saved, model_path, network_for_reading

    return network_for_reading(model_path(NETWORK)) if is_saved(NETWORK) else None


def not_a_digit_probability(model, images):
    """The network's probability that each 28x28 image (N, 28, 28[, 1]) is not a digit."""
    return np.asarray(model.predict(shape_only(images), batch_size=512, verbose=0), dtype=np.float64)[:, 0]
