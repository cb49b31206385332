"""digits.handwriting: image files of one digit -> MNIST-style 28x28, with clear errors."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image, ImageDraw
from scipy import ndimage

from digits.handwriting import (HandwritingError, SeveralMarksWarning, image_file_to_mnist, label_from_filename,
                                load_grayscale, naive_to_mnist, preprocess)


def drawn_seven(size=(200, 160), ink=0, paper=255, offset=(0, 0), width=9):
    """A dark 7 on light paper (or the reverse), as a grayscale PIL image."""
    image = Image.new("L", size, paper)
    left, top = 60 + offset[0], 30 + offset[1]
    ImageDraw.Draw(image).line([(left, top), (left + 70, top), (left + 25, top + 100)], fill=ink, width=width)
    return image


def test_output_is_28x28_in_range_with_a_20_pixel_digit():
    digit = preprocess(np.asarray(drawn_seven(), dtype=np.float32) / 255)
    assert digit.shape == (28, 28) and digit.dtype == np.float32
    assert digit.min() == 0.0 and digit.max() == pytest.approx(1.0)
    rows, columns = np.nonzero(digit > 0.05)
    assert max(rows.max() - rows.min() + 1, columns.max() - columns.min() + 1) in (20, 21)
    assert digit[0].sum() == 0 and digit[:, 0].sum() == 0  # MNIST's empty margin


def test_centre_of_mass_is_centred_within_a_pixel():
    for offset in [(0, 0), (-50, -25), (60, 40)]:
        digit = preprocess(np.asarray(drawn_seven(size=(300, 240), offset=offset), dtype=np.float32) / 255)
        centre = np.array(ndimage.center_of_mass(digit))
        assert np.all(np.abs(centre - 13.5) <= 1.0), (offset, centre)


def test_both_polarities_give_the_same_digit():
    dark_on_light = preprocess(np.asarray(drawn_seven(ink=0, paper=255), dtype=np.float32) / 255)
    light_on_dark = preprocess(np.asarray(drawn_seven(ink=255, paper=0), dtype=np.float32) / 255)
    assert np.abs(dark_on_light - light_on_dark).max() < 0.05


def test_ruled_lines_are_removed():
    plain = np.asarray(drawn_seven(), dtype=np.float32) / 255
    ruled = plain.copy()
    for row in range(12, 160, 22):
        ruled[row:row + 2] = np.minimum(ruled[row:row + 2], 0.6)  # blue-ish lines, lighter than ink
    clean, steps = preprocess(ruled, return_steps=True)
    assert np.abs(clean - preprocess(plain)).mean() < 0.03
    # No horizontal line survives in the mask: no mask row is ink across most of the width.
    assert steps["ink mask"].mean(axis=1).max() < 0.5


def test_uneven_light_is_flattened():
    plain = np.asarray(drawn_seven(), dtype=np.float32) / 255
    shadow = np.linspace(1.0, 0.5, plain.shape[1])[None, :]
    assert np.abs(preprocess(plain * shadow) - preprocess(plain)).mean() < 0.03


def test_exif_orientation_is_honoured(tmp_path):
    upright = drawn_seven()
    stored_sideways = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    stored_sideways.save(tmp_path / "photo.jpg", exif=exif.tobytes(), quality=95)
    upright.save(tmp_path / "upright.png")
    assert load_grayscale(tmp_path / "photo.jpg").shape == (160, 200)
    difference = np.abs(image_file_to_mnist(tmp_path / "photo.jpg") - image_file_to_mnist(tmp_path / "upright.png"))
    assert difference.mean() < 0.03


def test_modes_and_formats_read_alike(tmp_path):
    gray = drawn_seven()
    reference = image_file_to_mnist(_saved(gray, tmp_path / "gray.png"))
    rgba = Image.new("RGBA", gray.size, (0, 0, 0, 0))  # black ink, opaque only where drawn
    rgba.putalpha(Image.eval(gray, lambda value: 255 - value))
    variants = {
        "rgb.jpg": gray.convert("RGB"),
        "rgba.png": rgba,
        "palette.gif": gray.convert("P"),
        "sixteen.png": Image.fromarray(np.asarray(gray, dtype=np.uint16) * 257),
        "image.bmp": gray,
        "image.tiff": gray,
        "image.webp": gray.convert("RGB"),
    }
    for name, image in variants.items():
        result = image_file_to_mnist(_saved(image, tmp_path / name))
        assert np.abs(result - reference).mean() < 0.03, name


def _saved(image, path):
    image.save(path)
    return path


def test_blank_image_is_an_error(tmp_path):
    path = _saved(Image.new("L", (100, 100), 255), tmp_path / "blank.png")
    with pytest.raises(HandwritingError, match=r"blank.png: no ink found"):
        image_file_to_mnist(path)


def test_corrupt_and_non_image_files_are_errors(tmp_path):
    (tmp_path / "notes.txt").write_text("not an image")
    with pytest.raises(HandwritingError, match=r"notes.txt: not a readable image"):
        image_file_to_mnist(tmp_path / "notes.txt")
    good = _saved(drawn_seven(), tmp_path / "cut.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(good[: len(good) // 2])
    with pytest.raises(HandwritingError, match=r"cut.png: not a readable image"):
        image_file_to_mnist(tmp_path / "cut.png")


def test_two_digits_side_by_side_warn():
    image = Image.new("L", (300, 150), 255)
    draw = ImageDraw.Draw(image)
    draw.line([(40, 20), (40, 130)], fill=0, width=8)
    draw.ellipse([150, 20, 250, 130], outline=0, width=8)
    with pytest.warns(SeveralMarksWarning, match="2 separate marks"):
        preprocess(np.asarray(image, dtype=np.float32) / 255)


def test_a_single_digit_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        preprocess(np.asarray(drawn_seven(), dtype=np.float32) / 255)


def test_naive_pipeline_and_labels_from_names():
    assert naive_to_mnist(np.ones((90, 70), dtype=np.float32)).shape == (28, 28)
    assert label_from_filename("ourdata/7_slanted.png") == 7
    with pytest.raises(ValueError, match="does not start with its digit"):
        label_from_filename("slanted.png")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arrays(np.float32, st.tuples(st.integers(4, 80), st.integers(4, 80)),
              elements=st.floats(0, 1, width=32)))
def test_random_images_give_a_valid_digit_or_a_clear_error(values):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SeveralMarksWarning)
        try:
            digit = preprocess(values)
        except HandwritingError as error:
            assert str(error).startswith("image: ")
            return
    assert digit.shape == (28, 28) and digit.dtype == np.float32
    assert np.isfinite(digit).all() and digit.min() >= 0 and digit.max() <= 1
