"""digits.handwriting: image files of one digit -> MNIST-style 28x28, with clear errors."""

import warnings

import numpy as np
import pillow_heif
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image, ImageDraw, ImageFilter
from scipy import ndimage

from digits.handwriting.image_files import (HandwritingError, label_from_filename, load_grayscale,
                                           png_declaring_size)
from digits.handwriting.photo import locate_digit
from digits.handwriting.to_mnist import SeveralMarksWarning, image_file_to_mnist, naive_to_mnist, preprocess

pillow_heif.register_heif_opener()  # so that the tests can write HEIC files (the reader registers it itself)


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


def test_a_ruled_series_is_found_with_a_line_the_writing_hides():
    from digits.handwriting.ruled_lines import StraightRun, _is_ruled_series

    def runs(positions, thickness=1.0):
        return [StraightRun(np.zeros((1, 1), dtype=bool), thickness, position, 1.0, 1.0) for position in positions]

    assert _is_ruled_series(runs([8, 31, 53, 76, 98]))
    assert _is_ruled_series(runs([8, 31, 53, 98, 120, 143]))  # the line at 76 hidden: a double gap
    assert not _is_ruled_series(runs([8, 30, 52, 74, 96, 151]))  # a gap of two and a half spacings
    assert not _is_ruled_series(runs([8, 31, 53, 98], thickness=6.0))  # bars, not thin lines


def test_uneven_light_is_flattened():
    plain = np.asarray(drawn_seven(), dtype=np.float32) / 255
    shadow = np.linspace(1.0, 0.5, plain.shape[1])[None, :]
    assert np.abs(preprocess(plain * shadow) - preprocess(plain)).mean() < 0.03


@pytest.mark.parametrize("part, darkness, softness", [(0.2, 0.7, 0), (0.2, 0.7, 10), (0.33, 0.6, 3), (0.33, 0.7, 10),
                                                     (0.33, 0.5, 25)])
def test_a_shadow_over_part_of_the_page_is_flattened(part, darkness, softness):
    # A shadow across the left `part` of the page, its edge sharp or blurred over `softness` pixels:
    # darker than the threshold between paper and ink, so the rough ink mask takes it in.
    plain = np.asarray(drawn_seven(), dtype=np.float32) / 255
    light = np.ones(plain.shape[1])
    light[: int(part * light.size)] = darkness
    if softness:
        light = ndimage.gaussian_filter1d(light, softness)
    assert np.abs(preprocess(plain * light[None, :]) - preprocess(plain)).mean() < 0.03


def test_exif_orientation_is_honoured(tmp_path):
    upright = drawn_seven()
    stored_sideways = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    stored_sideways.save(tmp_path / "photo.jpg", exif=exif.tobytes(), quality=95)
    stored_sideways.convert("RGB").save(tmp_path / "photo.heic", exif=exif.tobytes(), quality=95)  # an iPhone's
    upright.save(tmp_path / "upright.png")
    for photo in ("photo.jpg", "photo.heic"):
        assert load_grayscale(tmp_path / photo).shape == (160, 200), photo
        difference = np.abs(image_file_to_mnist(tmp_path / photo) - image_file_to_mnist(tmp_path / "upright.png"))
        assert difference.mean() < 0.03, photo


def test_a_heic_photo_is_read_where_nothing_registered_pillow_heif_first(tmp_path):
    import subprocess
    import sys

    drawn_seven().convert("RGB").save(tmp_path / "photo.heic")
    read = "from digits.handwriting.image_files import load_grayscale; import sys; print(load_grayscale(sys.argv[1]).shape)"
    result = subprocess.run([sys.executable, "-c", read, str(tmp_path / "photo.heic")], capture_output=True, text=True)
    assert result.stdout.strip() == "(160, 200)", result.stderr


def test_modes_and_formats_read_alike(tmp_path):
    gray = drawn_seven()
    reference = image_file_to_mnist(_saved(gray, tmp_path / "gray.png"))
    rgba = Image.new("RGBA", gray.size, (0, 0, 0, 0))  # black ink, opaque only where drawn
    rgba.putalpha(Image.eval(gray, lambda value: 255 - value))
    white_pen = Image.new("RGBA", gray.size, (255, 255, 255, 0))  # a drawing app's white pen, canvas left clear
    white_pen.putalpha(rgba.getchannel("A"))
    variants = {
        "rgb.jpg": gray.convert("RGB"),
        "rgba.png": rgba,
        "white_pen.png": white_pen,
        "palette.gif": gray.convert("P"),
        "sixteen.png": Image.fromarray(np.asarray(gray, dtype=np.uint16) * 257),
        "image.bmp": gray,
        "image.tiff": gray,
        "image.webp": gray.convert("RGB"),
        "photo.heic": gray.convert("RGB"),
        "image.avif": gray.convert("RGB"),
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


def test_otsu_threshold_parts_two_tones_and_takes_one_grey_without_error():
    from digits.handwriting.masks import otsu_threshold

    rng = np.random.default_rng(0)
    two_tones = np.where(rng.random((40, 40)) < 0.3, 0.2, 0.8) + rng.normal(0, 0.02, (40, 40))
    assert 0.25 < otsu_threshold(np.clip(two_tones, 0, 1)) < 0.75
    assert otsu_threshold(np.full((10, 10), 0.6)) < 0.01  # the first bin: everything lies above it


def test_corrupt_and_non_image_files_are_errors(tmp_path):
    (tmp_path / "notes.txt").write_text("not an image")
    with pytest.raises(HandwritingError, match=r"notes.txt: not a readable image"):
        image_file_to_mnist(tmp_path / "notes.txt")
    good = _saved(drawn_seven(), tmp_path / "cut.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(good[: len(good) // 2])
    with pytest.raises(HandwritingError, match=r"cut.png: not a readable image"):
        image_file_to_mnist(tmp_path / "cut.png")


def test_a_cut_heic_photo_is_named_in_one_line(tmp_path):
    drawn_seven().convert("RGB").save(tmp_path / "whole.heic")
    whole = (tmp_path / "whole.heic").read_bytes()
    (tmp_path / "cut.heic").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(HandwritingError, match=r"cut.heic: not a readable image \(") as raised:
        image_file_to_mnist(tmp_path / "cut.heic")
    assert "\n" not in str(raised.value)


def test_a_missing_file_or_a_folder_is_named_as_such(tmp_path):
    with pytest.raises(HandwritingError, match=r"absent.png: no such file$"):
        image_file_to_mnist(tmp_path / "absent.png")
    with pytest.raises(HandwritingError, match=r": a folder, not an image file$"):
        image_file_to_mnist(tmp_path)


def test_a_pdf_or_an_svg_is_named_as_such_with_what_to_do(tmp_path):
    pdf, svg = tmp_path / "scan.pdf", tmp_path / "drawing.svg"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    svg.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0L9 9"/></svg>')
    with pytest.raises(HandwritingError, match=r"scan.pdf: not a readable image \(a PDF document: save its page as a PNG"):
        image_file_to_mnist(pdf)
    with pytest.raises(HandwritingError, match=r"drawing.svg: not a readable image \(an SVG vector drawing"):
        image_file_to_mnist(svg)


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


# Digits that fill their frame: thick strokes, tight crops, low resolution (issue: the paper's
# background estimate and the ruled-line removal used to take such strokes for paper).

def drawn_digit(shape, size, width, margin, ink=0.1, paper=0.95):
    """A `shape` ("zero", "one" or "seven") with strokes `width` pixels wide, drawn four times larger
    and reduced (soft anti-aliased edges), on a canvas cropped to the ink plus `margin` pixels
    (negative: the crop cuts into the ink). Returns (grayscale image, ink coverage), floats in [0, 1]."""
    scale = 4
    big = Image.new("L", (size * scale, size * scale), 0)
    draw = ImageDraw.Draw(big)
    pen, low, high = width * scale, size * scale * 0.2, size * scale * 0.8
    if shape == "zero":
        draw.ellipse([low + size * scale * 0.08, low - size * scale * 0.1, high - size * scale * 0.08,
                      high + size * scale * 0.1], outline=255, width=pen)
    elif shape == "one":  # with a flag: a bare vertical bar cropped to its width would leave no paper
        middle = size * scale / 2
        draw.line([(middle - size * scale * 0.15, low + size * scale * 0.05), (middle, low - size * scale * 0.1),
                   (middle, high + size * scale * 0.1)], fill=255, width=pen, joint="curve")
    else:
        draw.line([(low, low), (high, low), (low + size * scale * 0.2, high)], fill=255, width=pen, joint="curve")
    coverage = np.asarray(big.resize((size, size), Image.Resampling.BOX), dtype=np.float32) / 255
    rows, columns = np.nonzero(coverage > 0.5)
    top, bottom = max(rows.min() - margin, 0), min(rows.max() + 1 + margin, size)
    left, right = max(columns.min() - margin, 0), min(columns.max() + 1 + margin, size)
    coverage = coverage[top:bottom, left:right]
    return paper + (ink - paper) * coverage, coverage


def assert_digit_survives(gray, coverage):
    """The ink mask keeps the digit whole: in as many pieces as were drawn, over the same extent, and
    (where the image is not reduced first) with about as much ink."""
    _, steps = preprocess(gray, return_steps=True)
    located = locate_digit(gray)  # a small pen digit in a large image is cut out first
    if located is not None:
        coverage = coverage[located.rows, located.columns]
    mask, drawn = steps["ink mask"] > 0, coverage > 0.5
    connectivity = np.ones((3, 3))
    assert ndimage.label(mask, connectivity)[1] == ndimage.label(drawn, connectivity)[1]
    scale = mask.shape[0] / drawn.shape[0]  # big images are reduced before the mask is made
    for found, wanted in zip(ndimage.find_objects(mask.astype(int))[0], ndimage.find_objects(drawn.astype(int))[0]):
        tolerance = max(2, 0.05 * (wanted.stop - wanted.start) * scale)
        assert abs(found.start - wanted.start * scale) <= tolerance and abs(found.stop - wanted.stop * scale) <= tolerance
    if scale == 1:
        assert 0.75 <= mask.sum() / drawn.sum() <= 1.35, mask.sum() / drawn.sum()


CROPS = [
    (96, 16, 6),    # fills the frame with thick strokes
    (120, 14, 0),   # cropped tightly: the ink touches the border
    (120, 14, -2),  # cropped into the ink: more ink than paper on the border
    (32, 6, 2),     # a thick brush on a small canvas
    (400, 2, 60),   # a thin pen on a big canvas
    (1000, 2, 200),
]


@pytest.mark.parametrize("shape, size, width, margin", [(shape, *crop) for shape in ("zero", "one", "seven")
                                                         for crop in CROPS])
@pytest.mark.parametrize("light_on_dark", [False, True])
def test_digits_that_fill_their_frame_survive(shape, size, width, margin, light_on_dark):
    gray, coverage = drawn_digit(shape, size, width, margin)
    assert_digit_survives(1 - gray if light_on_dark else gray, coverage)


def test_a_thick_digit_in_a_shadow_survives():
    gray, coverage = drawn_digit("zero", 200, 24, 40)
    shadow = np.linspace(1.0, 0.45, gray.shape[1])[None, :]  # a lamp on the left, dark on the right
    assert_digit_survives(gray * shadow, coverage)


def test_a_low_resolution_digit_enlarged_with_blur_survives():
    small, _ = drawn_digit("seven", 12, 2, 1)
    enlarged = Image.fromarray((small * 255).astype(np.uint8)).resize((small.shape[1] * 8, small.shape[0] * 8),
                                                                       Image.Resampling.BICUBIC)
    gray = np.asarray(enlarged.filter(ImageFilter.GaussianBlur(3)), dtype=np.float32) / 255
    _, steps = preprocess(gray, return_steps=True)
    mask = steps["ink mask"] > 0
    assert ndimage.label(mask, np.ones((3, 3)))[1] == 1
    assert 0.1 < mask.mean() < 0.6  # a whole 7, neither lost nor swallowed by the background


@st.composite
def framed_digits(draw):
    shape = draw(st.sampled_from(["zero", "one", "seven"]))
    size = draw(st.integers(40, 160))
    width = max(2, round(draw(st.floats(0.03, 0.16)) * size))
    light_on_dark = draw(st.booleans())
    # Crops with a margin, crops that touch the ink, crops that cut a quarter of a stroke off.
    return shape, size, width, draw(st.integers(-(width // 4), 12)), light_on_dark


# Derandomized: the same 40 examples in every run, so that `make test` is as deterministic as the
# rest; the cases known to fail are kept below as strict expected failures.
@settings(max_examples=40, deadline=None, derandomize=True)
@given(framed_digits())
def test_any_stroke_width_and_crop_margin_keep_the_digit(digit):
    shape, size, width, margin, light_on_dark = digit
    gray, coverage = drawn_digit(shape, size, width, margin)
    assert_digit_survives(1 - gray if light_on_dark else gray, coverage)


@pytest.mark.xfail(strict=True, reason="light ink cropped to the ink: the border is mixed, ink and paper are in as many "
                                      "pieces, and the tie goes to dark ink")
@pytest.mark.parametrize("shape, size, width, margin", [("one", 49, 5, 0), ("one", 58, 8, -2), ("seven", 43, 2, 0),
                                                        ("seven", 58, 2, 0)])
def test_known_limit_light_digits_cropped_to_their_ink(shape, size, width, margin):
    # Found by sweeping the property above over a grid (4 of 1,698 cases): the same digits dark on
    # light survive.
    gray, coverage = drawn_digit(shape, size, width, margin)
    assert_digit_survives(1 - gray, coverage)


def test_thick_strokes_are_not_taken_for_ruled_lines_but_thin_lines_are():
    gray, coverage = drawn_digit("zero", 120, 14, 0)  # two straight thick sides across the image
    assert_digit_survives(gray, coverage)
    ruled = gray.copy()
    ruled[5::20] = np.minimum(ruled[5::20], 0.5)  # one-pixel lines every 20 rows, across the digit
    _, steps = preprocess(ruled, return_steps=True)
    paper = ndimage.binary_dilation(coverage > 0.02, iterations=2) == 0
    assert not (steps["ink mask"] > 0)[paper].any()  # nothing of the lines is left where no ink was drawn
    assert_digit_survives(ruled, coverage)


def test_a_decompression_bomb_is_an_error_naming_the_file(tmp_path):
    bomb = png_declaring_size(tmp_path / "huge.png", 20_000, 20_000)
    with pytest.raises(HandwritingError, match=r"huge\.png: image too large"):
        load_grayscale(bomb)


def test_one_hostile_file_does_not_lose_the_others(tmp_path):
    from digits.handwriting.predict import preprocess_files

    bomb = png_declaring_size(tmp_path / "huge.png", 20_000, 20_000)
    good = _saved(drawn_seven(), tmp_path / "7.png")
    images, positions, outcomes = preprocess_files([bomb, good])
    assert positions == [1] and len(images) == 1
    assert "huge.png" in outcomes[0].error and outcomes[1].error is None


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_a_large_photo_is_reduced_while_decoding_and_reads_alike(tmp_path, suffix):
    from digits.handwriting.image_files import DECODE_SIDE

    small = drawn_seven(size=(400, 320), width=18)
    large = small.resize((4000, 3200), Image.Resampling.BICUBIC)
    path = tmp_path / f"large{suffix}"
    large.save(path)
    gray = load_grayscale(path)
    assert DECODE_SIDE <= max(gray.shape) < 2 * DECODE_SIDE
    assert np.abs(image_file_to_mnist(path) - preprocess(np.asarray(small, dtype=np.float32) / 255)).mean() < 0.03


def _with_table(image, region, tone):
    """`image` (grayscale PIL) with `region` (a boolean mask) painted `tone`: a table or wall beyond
    the sheet, and a shadow darkening the paper for a few pixels along its edge."""
    values = np.asarray(image, dtype=np.float32) / 255
    distance = ndimage.distance_transform_edt(~region)
    values = values * (1 - 0.3 * np.exp(-distance / 4))
    return np.where(region, tone, values).astype(np.float32)


@pytest.mark.parametrize("where", ["left band", "bottom band", "corner"])
@pytest.mark.parametrize("dark_board", [False, True], ids=["light paper, dark table", "dark board, light wall"])
def test_what_lies_beyond_the_sheet_is_not_ink(where, dark_board):
    ink, paper, beyond = (230, 40, 0.9) if dark_board else (0, 235, 0.12)
    plain = drawn_seven(size=(320, 260), ink=ink, paper=paper, offset=(60, 50))
    rows, columns = np.mgrid[0:260, 0:320]
    region = {"left band": columns < 60 + rows // 20, "bottom band": rows > 225,
              "corner": columns / 120 + rows / 100 < 1}[where]
    photo, steps = preprocess(_with_table(plain, region, beyond), return_steps=True)
    assert "paper only" in steps
    assert np.abs(photo - preprocess(np.asarray(plain, dtype=np.float32) / 255)).mean() < 0.03


def test_a_digit_touching_the_border_is_not_taken_for_a_table():
    tight = np.asarray(drawn_seven(size=(200, 160), width=30), dtype=np.float32)[25:140, 55:140] / 255
    _, steps = preprocess(tight, return_steps=True)
    assert "paper only" not in steps


# Phone photos of a pen digit: a small digit, a thin stroke, a shadow across the sheet, EXIF tags.

def pen_photo(shadow_edge, size=(2016, 1512), digit_box=(1200, 400, 150), pen=3, ink_darkness=0.55, seed=0):
    """A synthetic phone photo: a 7 in a `pen`-pixel stroke inside `digit_box` (left, top, height),
    on textured paper, with a shadow (40% darker) over the columns right of `shadow_edge`, whose edge
    is 3 pixels soft; dark ink, a gradient of daylight. Returns (grayscale float image, ink mask)."""
    rng = np.random.default_rng(seed)
    width, height = size
    image = Image.new("L", size, 0)
    left, top, digit_height = digit_box
    corners = [(left, top), (left + 0.7 * digit_height, top), (left + 0.25 * digit_height, top + digit_height)]
    ImageDraw.Draw(image).line(corners, fill=255, width=pen, joint="curve")
    coverage = ndimage.gaussian_filter(np.asarray(image, dtype=np.float32) / 255, 1.0)
    paper = 0.85 * (1 + ndimage.gaussian_filter(rng.normal(0, 0.03, (height, width)), 1.2))
    light = np.linspace(1.0, 0.85, width)[None, :]
    shade = 1 - 0.4 * ndimage.gaussian_filter1d((np.arange(width) >= shadow_edge).astype(float), 3)[None, :]
    gray = paper * light * shade * (1 - ink_darkness * coverage) + rng.normal(0, 0.01, (height, width))
    return np.clip(gray, 0, 1).astype(np.float32), coverage > 0.25


def test_a_shadow_edge_crossing_a_pen_digit_is_not_taken_for_ink():
    # The edge runs down the middle of the digit's box: half the 7 lies in the shadow.
    gray, ink = pen_photo(shadow_edge=1260)
    located = locate_digit(gray)
    assert located is not None and located.dark_ink
    _, steps = preprocess(gray, return_steps=True)
    mask = steps["ink mask"] > 0
    drawn = ink[located.rows, located.columns]
    scale = mask.shape[0] / drawn.shape[0]
    near_ink = ndimage.binary_dilation(drawn, iterations=3)
    # Every ink pixel of the mask lies on the drawn 7 (within 3 pixels), none along the shadow's edge.
    resized = np.asarray(Image.fromarray(near_ink).resize(mask.shape[::-1], Image.Resampling.NEAREST))
    assert (mask & ~resized).sum() <= 0.02 * mask.sum(), scale
    # And both halves of the 7 are there, the lit one and the shadowed one.
    edge_column = round((1260 - located.columns.start) * mask.shape[1] / drawn.shape[1])
    assert mask[:, :edge_column].sum() > 0 and mask[:, edge_column:].sum() > 0


def test_a_pen_digit_in_a_photo_reads_like_the_same_digit_drawn_large():
    gray, _ = pen_photo(shadow_edge=900, digit_box=(1400, 1100, 160))  # well off-centre, in the shadow
    reference = preprocess(np.asarray(drawn_seven(width=16), dtype=np.float32) / 255)
    assert np.abs(preprocess(gray) - reference).mean() < 0.08


def test_a_thin_pen_stroke_is_thickened_to_mnist_width():
    from digits.handwriting.masks import stroke_width
    from digits.handwriting.strokes import MNIST_THINNEST_STROKE

    gray, _ = pen_photo(shadow_edge=10_000, pen=2)
    digit, steps = preprocess(gray, return_steps=True)
    assert "strokes thickened" in steps
    assert stroke_width(digit > 0.5) >= MNIST_THINNEST_STROKE
    # A stroke already as wide as MNIST's is left as it is.
    _, steps = preprocess(np.asarray(drawn_seven(width=16), dtype=np.float32) / 255, return_steps=True)
    assert "strokes thickened" not in steps


def test_a_blank_photo_with_a_shadow_says_no_digit_found():
    gray, _ = pen_photo(shadow_edge=1000, ink_darkness=0.0)
    with pytest.raises(HandwritingError, match="no digit found: the image is blank or all texture"):
        preprocess(gray, source="blank.jpg")


@pytest.mark.parametrize("orientation, stored", [(6, Image.Transpose.ROTATE_90), (8, Image.Transpose.ROTATE_270),
                                                 (3, Image.Transpose.ROTATE_180)])
def test_a_phone_photo_stored_sideways_is_read_upright(tmp_path, orientation, stored):
    gray, _ = pen_photo(shadow_edge=1500)
    upright = Image.fromarray((gray * 255).astype(np.uint8))
    exif = Image.Exif()
    exif[0x0112] = orientation
    upright.transpose(stored).save(tmp_path / "photo.jpg", exif=exif.tobytes(), quality=85)
    upright.save(tmp_path / "upright.png")
    assert load_grayscale(tmp_path / "photo.jpg").shape == gray.shape
    difference = np.abs(image_file_to_mnist(tmp_path / "photo.jpg") - image_file_to_mnist(tmp_path / "upright.png"))
    assert difference.mean() < 0.03


def tiny_scan(shape, side=8, light_on_dark=False):
    """A digit size-normalised to touch every side of a 32x32 frame, thresholded, then reduced to
    `side` x `side` by counting the ink in each block, as the UCI scans were."""
    _, coverage = drawn_digit(shape, 64, 9, -1)
    frame = np.asarray(Image.fromarray((coverage * 255).astype(np.uint8)).resize((32, 32)), dtype=np.float32) / 255
    block = 32 // side
    counts = (frame > 0.5).reshape(side, block, side, block).mean(axis=(1, 3)).astype(np.float32)
    return counts if light_on_dark else 1 - counts


@pytest.mark.parametrize("shape", ["zero", "one", "seven"])
@pytest.mark.parametrize("side", [8, 16])
@pytest.mark.parametrize("light_on_dark", [False, True])
def test_tiny_frame_touching_digits_are_read_in_both_polarities(shape, side, light_on_dark):
    from digits.handwriting.to_mnist import reads_ink_as_dark

    scan = tiny_scan(shape, side, light_on_dark)
    border = np.concatenate([scan[0], scan[-1], scan[:, 0], scan[:, -1]])
    assert (border > 0.5).any() and (border < 0.5).any()  # the ink touches the frame: a mixed border
    assert reads_ink_as_dark(scan) is not light_on_dark
    # Both polarities give the same 28x28 image.
    assert np.abs(preprocess(scan) - preprocess(1 - scan)).max() < 0.05


@pytest.mark.parametrize("shape", ["zero", "one", "seven"])
@pytest.mark.parametrize("light_on_dark", [False, True])
def test_tiny_scans_keep_their_solid_strokes(shape, light_on_dark):
    # A thick digit touching its 8x8 frame leaves partly inked blocks on the border: that haze is not
    # uneven light, and flattening it would hollow the strokes out.
    scan = tiny_scan(shape, 8, light_on_dark)
    _, steps = preprocess(scan, return_steps=True)
    flat = steps["background removed"]
    factor = flat.shape[0] // scan.shape[0]  # tiny scans are enlarged before the paper is read
    rows, columns = np.nonzero((scan if light_on_dark else 1 - scan) == 1)  # fully inked blocks
    assert flat[factor * rows + factor // 2, factor * columns + factor // 2].min() > 0.8
