"""Arrays shaped for a network: 28x28x1 images in [0, 1], one-hot labels, the validation split."""

from dataclasses import dataclass

import numpy as np

from digits import config

VALIDATION_FRACTION = 0.2  # the original analysis' 80/20 split: 33,600 / 8,400


@dataclass(frozen=True)
class Split:
    """Images (N, 28, 28, 1) float32 in [0, 1] and integer labels, for training and validation."""

    train_images: np.ndarray
    train_labels: np.ndarray
    val_images: np.ndarray
    val_labels: np.ndarray


def to_network_input(images):
    """Reshape uint8 images (N, 28, 28) to (N, 28, 28, 1) float32 scaled to [0, 1].

    The original notebook fed raw 0-255 values, which made its first epoch's loss 8.9.
    """
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (config.IMAGE_SIDE, config.IMAGE_SIDE):
        raise ValueError(f"expected images of shape (N, 28, 28), got {images.shape}")
    return (images.astype(np.float32) / 255.0)[..., np.newaxis]


def one_hot(labels, num_classes=config.NUM_CLASSES):
    """Encode integer labels as float32 one-hot rows: 3 -> [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"expected a 1-D array of integer labels, got {labels.dtype} of shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in 0-{num_classes - 1}; found {labels.min()}-{labels.max()}")
    return np.eye(num_classes, dtype=np.float32)[labels]


def split_train_validation(images, labels, seed=config.SEED, validation_size=VALIDATION_FRACTION):
    """Split uint8 images and labels; by default as the original analysis did (42,000 -> 33,600 / 8,400).

    `validation_size` is a fraction of the images or, as an int, a number of them; 0 keeps every
    image for training (in their order) and leaves the validation part empty.
    """
    from sklearn.model_selection import train_test_split

    if validation_size == 0:
        return Split(to_network_input(images), np.asarray(labels), to_network_input(images[:0]), np.asarray(labels)[:0])

    train_images, val_images, train_labels, val_labels = train_test_split(
        images, labels, test_size=validation_size, random_state=seed
    )
    return Split(to_network_input(train_images), train_labels, to_network_input(val_images), val_labels)
