"""Elastic distortion: every image bent by its own random smooth displacement field.

The classic MNIST augmentation (Simard, Steinkraus & Platt 2003, "Best practices for convolutional
neural networks applied to visual document analysis", section 2): draw a displacement in [-1, 1] for
every pixel and both directions, smooth the two fields with a Gaussian of standard deviation `sigma`
pixels, scale them by `alpha`, and resample the image at the displaced positions (bilinear). The paper
used sigma 4 and alpha 34 on 28x28 digits: displacements with a standard deviation of about 1.3
pixels in each direction (tests/test_models.py), varying smoothly over the image, like the wobble of
a hand.

Written on keras.ops, so it runs on every Keras backend, and batch-size agnostic: each image of a
batch gets its own field also inside a traced training step, where the batch size is unknown.
(Keras 3.15's RandomElasticTransform does not: traced so, it turns a batch into bent copies of its
first image; tests/test_models.py keeps a check on it.)
"""

import math

import keras
import numpy as np
from keras import ops

SIMARD_ALPHA = 34.0
SIMARD_SIGMA = 4.0


def gaussian_kernel(sigma):
    """A normalised 1-D Gaussian, cut at 3 standard deviations."""
    radius = max(1, math.ceil(3 * sigma))
    offsets = np.arange(-radius, radius + 1, dtype="float64")
    weights = np.exp(-(offsets**2) / (2 * sigma**2))
    return (weights / weights.sum()).astype("float32")


def bilinear_sample(images, rows, columns):
    """Images (batch, height, width, channels) read at fractional positions rows, columns (batch,
    height, width) by bilinear interpolation; positions off the image read 0.

    A gather on the flattened batch, so each image is read at its own positions whatever the batch
    size (keras.ops.image.map_coordinates needs it known when traced on TensorFlow)."""
    batch, height, width, channels = ops.shape(images)[0], images.shape[1], images.shape[2], images.shape[3]
    pixels = ops.reshape(images, (-1, channels))
    first_pixel = ops.reshape(ops.arange(batch, dtype="int32") * (height * width), (-1, 1, 1))
    top, left = ops.floor(rows), ops.floor(columns)
    down, right = rows - top, columns - left  # weights of the next row and column

    def read(row, column):
        inside = (row >= 0) & (row <= height - 1) & (column >= 0) & (column <= width - 1)
        row = ops.cast(ops.clip(row, 0, height - 1), "int32")
        column = ops.cast(ops.clip(column, 0, width - 1), "int32")
        values = ops.take(pixels, ops.reshape(first_pixel + row * width + column, (-1,)), axis=0)
        values = ops.reshape(values, (batch, height, width, channels))
        return values * ops.expand_dims(ops.cast(inside, "float32"), -1)

    def weight(value):
        return ops.expand_dims(value, -1)

    return (weight((1 - down) * (1 - right)) * read(top, left) + weight((1 - down) * right) * read(top, left + 1)
            + weight(down * (1 - right)) * read(top + 1, left) + weight(down * right) * read(top + 1, left + 1))


@keras.saving.register_keras_serializable(package="digits")
class RandomElasticDistortion(keras.layers.Layer):
    """Bends each image by a random smooth displacement field while training; passes images through
    unchanged at inference. Empty space that the bending uncovers is filled with 0 (black)."""

    def __init__(self, alpha=SIMARD_ALPHA, sigma=SIMARD_SIGMA, seed=None, **kwargs):
        super().__init__(**kwargs)
        if alpha < 0 or sigma <= 0:
            raise ValueError(f"elastic distortion needs alpha >= 0 and sigma > 0, got alpha={alpha}, sigma={sigma}")
        self.alpha, self.sigma, self.seed = float(alpha), float(sigma), seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self._kernel = gaussian_kernel(self.sigma)

    def _smooth(self, fields):
        """Gaussian blur of (batch, height, width, 2) fields: one pass down the columns, one along the rows."""
        kernel = ops.convert_to_tensor(self._kernel)
        size = self._kernel.shape[0]
        down = ops.tile(ops.reshape(kernel, (size, 1, 1, 1)), (1, 1, 2, 1))
        across = ops.tile(ops.reshape(kernel, (1, size, 1, 1)), (1, 1, 2, 1))
        fields = ops.depthwise_conv(fields, down, strides=1, padding="same")
        return ops.depthwise_conv(fields, across, strides=1, padding="same")

    def displacements(self, batch, height, width):
        """Random smooth displacement fields, (batch, height, width, 2): rows, then columns, in pixels."""
        noise = keras.random.uniform((batch, height, width, 2), minval=-1.0, maxval=1.0, seed=self.seed_generator)
        return self.alpha * self._smooth(noise)

    def call(self, images, training=False):
        if not training:
            return images
        original_dtype = images.dtype
        images = ops.cast(images, "float32")
        height, width = images.shape[1], images.shape[2]
        field = self.displacements(ops.shape(images)[0], height, width)
        rows = ops.reshape(ops.arange(height, dtype="float32"), (1, height, 1)) + field[..., 0]
        columns = ops.reshape(ops.arange(width, dtype="float32"), (1, 1, width)) + field[..., 1]
        return ops.cast(bilinear_sample(images, rows, columns), original_dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha, "sigma": self.sigma, "seed": self.seed}
