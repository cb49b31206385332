"""Handwritten digit recognition on the Kaggle Digit Recognizer data (MNIST as CSV)."""

__version__ = "0.1.0"
