"""Real handwriting nobody here drew: the UCI optical recognition digits shipped with scikit-learn.

1,797 digits written by 43 people (a subset of the UCI "Optical Recognition of Handwritten Digits"
data, Alpaydin and Kaynak, 1998), each scanned, thresholded to a 32x32 bitmap and reduced to 8x8
counts of ink pixels per 4x4 block (0-16). They ship inside scikit-learn, so no download is needed.
"""

import numpy as np

UCI_LEVELS = 16  # each 8x8 value counts the inked pixels of a 4x4 block


def load_uci_digits():
    """The 1,797 UCI digits as dark-on-light grayscale images (N, 8, 8) float32 in [0, 1], and their labels.

    Drawn as a user's scan would be, dark ink on light paper, so that they go through the same
    preprocessing (digits.handwriting) as any image file."""
    from sklearn.datasets import load_digits

    uci = load_digits()
    images = 1.0 - uci.images.astype(np.float32) / UCI_LEVELS
    return images, uci.target.astype(np.int64)
