"""digits.handwriting.predict on arrays: the same preprocessing as files, errors named, the network's input kept."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digits.data.labelled_images import load_uci_digits
from digits.handwriting.predict import predict_files, predict_images
from digits.handwriting.to_mnist import preprocess, reads_ink_as_dark


class ConstantModel:
    """Stands in for a Keras model: always 90% sure of `digit`."""

    def __init__(self, digit):
        self.row = np.full(10, 0.1 / 9, dtype=np.float32)
        self.row[digit] = 0.9

    def predict(self, batch, batch_size=None, verbose=0):
        return np.tile(self.row, (len(batch), 1))


def drawn_one(size=(120, 160)):
    image = Image.new("L", size, 240)
    ImageDraw.Draw(image).line([(60, 20), (60, 140)], fill=10, width=10)
    return image


def test_arrays_are_read_as_files_are_and_keep_the_networks_input(tmp_path):
    path = tmp_path / "1.png"
    drawn_one().save(path)
    gray = np.asarray(drawn_one(), dtype=np.float32) / 255
    [from_file] = predict_files([path], ConstantModel(1))
    [from_array] = predict_images([gray], ConstantModel(1), names=["my drawing"])
    assert from_array.digit == from_file.digit == 1 and from_array.confidence == pytest.approx(0.9)
    np.testing.assert_array_equal(from_array.image, from_file.image)
    np.testing.assert_array_equal(from_array.image, preprocess(gray))


def test_a_blank_array_is_an_error_naming_it_and_the_others_still_read():
    blank = np.ones((50, 50), dtype=np.float32)
    gray = np.asarray(drawn_one(), dtype=np.float32) / 255
    outcomes = predict_images([blank, gray], ConstantModel(7), names=["blank page", "a one"])
    assert outcomes[0].digit is None and "blank page" in outcomes[0].error and outcomes[0].image is None
    assert outcomes[1].digit == 7 and outcomes[1].error is None


def test_the_polarity_decision_is_reported_as_preprocess_makes_it():
    gray = np.asarray(drawn_one(), dtype=np.float32) / 255
    assert reads_ink_as_dark(gray) and not reads_ink_as_dark(1 - gray)
    # Taken the wrong way round, the paper would become the network's ink: a bright box.
    assert preprocess(gray).mean() < 0.3


def test_uci_digits_are_dark_on_light_with_their_labels():
    images, labels = load_uci_digits()
    assert images.shape == (1797, 8, 8) and images.dtype == np.float32 and labels.shape == (1797,)
    assert images.min() == 0.0 and images.max() == 1.0
    assert np.median(images) > 0.5  # mostly paper: light
    assert np.bincount(labels).tolist()[:3] == [178, 182, 177]


def test_uci_digits_saved_as_files_read_back_enlarged_in_either_polarity(tmp_path):
    from digits.data.labelled_images import save_as_image_files
    from digits.handwriting.image_files import label_from_filename, load_grayscale

    images, labels = load_uci_digits()
    (tmp_path / "dark").mkdir(), (tmp_path / "light").mkdir()
    dark = save_as_image_files(images[:3], labels[:3], tmp_path / "dark", side=64)
    light = save_as_image_files(images[:3], labels[:3], tmp_path / "light", side=32, light_on_dark=True)
    assert [label_from_filename(path) for path in dark] == labels[:3].tolist()
    first_dark, first_light = load_grayscale(dark[0]), load_grayscale(light[0])
    assert first_dark.shape == (64, 64) and first_light.shape == (32, 32)
    # Enlarged, not changed: block means come back within the bicubic filter's smoothing.
    assert np.abs(first_dark.reshape(8, 8, 8, 8).mean(axis=(1, 3)) - images[0]).mean() < 0.08
    assert np.abs((1 - first_light).reshape(8, 4, 8, 4).mean(axis=(1, 3)) - images[0]).mean() < 0.08
