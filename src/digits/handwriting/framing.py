"""MNIST's framing: a 20-pixel digit box placed by its centre of mass in a 28x28 field."""

import numpy as np
from scipy import ndimage

from digits import config

DIGIT_BOX = 20  # MNIST: the longer side of the digit after scaling


def place_by_centre_of_mass(digit):
    """Put `digit` (at most 20x20) into a 28x28 field with its centre of mass at the field's centre."""
    field = np.zeros((config.IMAGE_SIDE, config.IMAGE_SIDE), dtype=np.float32)
    height, width = digit.shape
    centre_row, centre_column = ndimage.center_of_mass(digit)
    middle = (config.IMAGE_SIDE - 1) / 2
    top = int(np.clip(round(middle - centre_row), 0, config.IMAGE_SIDE - height))
    left = int(np.clip(round(middle - centre_column), 0, config.IMAGE_SIDE - width))
    field[top:top + height, left:left + width] = digit
    return field
