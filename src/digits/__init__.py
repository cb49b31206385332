"""Handwritten digit recognition on the Kaggle Digit Recognizer data (MNIST as CSV)."""

from digits.machine import choose_tensorflow_kernels

__version__ = "0.1.0"

# Before anything imports TensorFlow: it fixes its kernel library when it loads.
choose_tensorflow_kernels()
