"""The standard errors behind every "within noise" in the project: of an accuracy measured on a
number of images, and of a paired difference between two networks on the same images."""

import numpy as np


def accuracy_standard_error(accuracy, images):
    """One binomial standard error of an accuracy (a number or an array) measured on `images` images."""
    return np.sqrt(accuracy * (1 - accuracy) / images)


def paired_difference_standard_error(only_first_right, only_second_right):
    """One standard error of (only_first_right - only_second_right), McNemar's b - c, for two networks
    scored on the same images: the images both get right or both get wrong do not count."""
    return float(np.sqrt(only_first_right + only_second_right))
