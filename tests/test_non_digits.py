"""The synthetic non-digits digit_or_not learns from, and the refusal rule its threshold is chosen by
(digits.verifier.non_digits, digits.handwriting.digit_or_not)."""

import numpy as np
import pytest

from digits.reports.reading_accuracy import refused_at
from digits.verifier.non_digits import KINDS, LETTERS, NARROWEST, font_files, letter, non_digit_images


def mnist_like_digits(count=20, seed=0):
    """Blobs of MNIST's size and range: enough to cut pieces from."""
    rng = np.random.default_rng(seed)
    images = np.zeros((count, 28, 28), dtype=np.uint8)
    for image in images:
        top, left = rng.integers(4, 8, 2)
        image[top: top + 18, left: left + 12] = 255
    return images


def test_no_letter_drawn_is_one_written_like_a_digit():
    assert not set(LETTERS) & set("0123456789OoZzbgqIl")


def test_a_letter_is_ink_on_black_inside_the_canvas():
    ink = letter(np.random.default_rng(3), font_files())
    assert ink.shape == (96, 96) and ink.min() >= 0 and 0.5 < ink.max() <= 1.0 + 1e-6
    assert ink[0].max() < 0.05 and ink[-1].max() < 0.05  # nothing drawn across the edges
    assert 0.005 < (ink > 0.5).mean() < 0.4  # strokes, not a filled square or a speck


def test_non_digit_images_come_in_mnist_form_from_the_seed():
    digits = mnist_like_digits()
    images, kinds = non_digit_images(60, digits, seed=5)
    again, _ = non_digit_images(60, digits, seed=5)
    other, _ = non_digit_images(60, digits, seed=6)
    assert images.shape == (60, 28, 28) and images.dtype == np.float32
    assert images.min() >= 0 and np.allclose(images.max(axis=(1, 2)), 1.0, atol=1e-5)
    assert set(kinds) <= set(KINDS) and (kinds == "letter").sum() == 24  # two shares of five
    np.testing.assert_array_equal(images, again)
    assert not np.array_equal(images, other)
    columns = (images > 0.05).any(axis=1).sum(axis=1)
    rows = (images > 0.05).any(axis=2).sum(axis=1)
    assert (columns >= NARROWEST * rows - 2).all()  # no narrow mark: it would be a 1


class DoubtByBrightness:
    """A stand-in for digit_or_not: its 'probability of not a digit' is an image's mean brightness
    times ten (the images here are nearly black, so it stays in [0, 1])."""

    def predict(self, images, batch_size=None, verbose=0):
        return np.asarray(images).reshape(len(images), -1).mean(axis=1, keepdims=True) * 10


def image_with(doubt):
    """A 28x28 image whose reduced shape DoubtByBrightness scores about `doubt` (a bar of its length)."""
    image = np.zeros((28, 28), dtype=np.float32)
    image[14, 2: 2 + int(doubt * 24)] = 1.0
    return image


def test_a_reading_is_refused_only_where_every_mark_is_doubted_above_the_threshold():
    doubts = DoubtByBrightness().predict
    one_doubtful, mixed, nothing = [image_with(0.9)], [image_with(0.9), image_with(0.1)], []
    from digits.handwriting.digit_or_not import shape_only

    scores = doubts(shape_only(np.stack(one_doubtful + mixed)))[:, 0]
    assert scores[0] > scores[2]
    thresholds = [scores[2] - 1e-6, (scores[0] + scores[2]) / 2, scores[0] + 1e-6]
    refused = refused_at(DoubtByBrightness(), [one_doubtful, mixed, nothing], thresholds)
    assert refused.shape == (3, 3)
    np.testing.assert_array_equal(refused[:, 0], [True, True, False])  # its one mark is above, then below
    np.testing.assert_array_equal(refused[:, 1], [True, False, False])  # kept once its clearer mark passes
    assert refused[:, 2].all()  # nothing found: nothing to read


@pytest.mark.parametrize("thresholds", [[0.5], [0.2, 0.8]])
def test_no_readings_give_an_empty_table(thresholds):
    assert refused_at(DoubtByBrightness(), [], thresholds).shape == (len(thresholds), 0)
