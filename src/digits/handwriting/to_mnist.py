"""Any image file of one handwritten digit -> an MNIST-style 28x28 (bright digit on black).

The normalisation follows what the MNIST authors describe for their own data: the digit is cropped,
scaled so that its longer side is 20 pixels (aspect ratio kept, anti-aliased) and placed in a 28x28
field so that its centre of mass sits at the centre. Before that, a photographed or scanned digit is
separated from its paper: a table or wall beyond the sheet's edge is painted over, polarity is detected, uneven lighting is flattened where the paper shows
it, a threshold chosen per image separates ink from paper, and ruled or squared lines are removed.
Every decision is read off the image itself and measured against its strokes, so a digit that fills
its frame (thick strokes, a tight crop, a low-resolution scan enlarged) keeps all its ink.

A large photo of a small pen digit (a phone held over a sheet) is read differently at first: the
digit is found on a reduced copy with the paper's brightness, shadow and all, divided out
(`locate_digit`), cut out of the full image, and its thin strokes are widened to MNIST's width."""

import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage

from digits import config
from digits.handwriting.framing import DIGIT_BOX, place_by_centre_of_mass
from digits.handwriting.image_files import WORKING_SIDE, HandwritingError, NoInkFound, load_grayscale
from digits.handwriting.masks import edges_touched, otsu_threshold, resize
from digits.handwriting.paper import ink_is_dark, paper_brightness, paper_is_uneven, paper_only
from digits.handwriting.photo import is_photo, locate_digit
from digits.handwriting.ruled_lines import remove_ruled_lines
from digits.handwriting.strokes import thickened

# Images smaller than TINY_SIDE (8x8 to 16x16 scans) are enlarged to about ENLARGED_SIDE first; a crop
# of a digit that is merely small (24 pixels and up) is read as it is.
TINY_SIDE, ENLARGED_SIDE = 20, 64

MIN_CONTRAST = 0.08  # below this spread between ink and paper there is no digit to find


class SeveralMarksWarning(UserWarning):
    """The image seems to hold more than one digit-sized mark."""


def _digit_components(mask):
    """The connected marks big enough to be part of a digit: specks (dust, noise, paper grain) are
    small beside the largest mark."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    if count == 0:
        return mask
    sizes = ndimage.sum(mask, labels, index=range(1, count + 1))
    return np.isin(labels, [index + 1 for index, size in enumerate(sizes) if size >= 0.08 * sizes.max()])


def _warn_of_several_marks(mask, source):
    """Warn where `mask` holds several digit-sized marks side by side (a number read as one digit)."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    boxes = ndimage.find_objects(labels)
    heights = [box[0].stop - box[0].start for box in boxes]
    big = [box for box, height in zip(boxes, heights) if height >= 0.6 * max(heights, default=0)]
    if len(big) > 1:
        spans = sorted((box[1].start, box[1].stop) for box in big)
        if any(next_start >= stop for (_, stop), (next_start, _) in zip(spans, spans[1:])):
            warnings.warn(f"{source}: {len(big)} separate marks of digit size; reading them as one digit",
                          SeveralMarksWarning, stacklevel=3)


def _working_copy(gray):
    """`gray` reduced to WORKING_SIDE on its longer side if it is larger, else `enlarged_if_tiny`."""
    scale = WORKING_SIDE / max(gray.shape)
    if scale < 1:
        return resize(gray, (max(4, round(gray.shape[1] * scale)), max(4, round(gray.shape[0] * scale))))
    return enlarged_if_tiny(gray)


def enlarged_if_tiny(gray):
    """`gray` enlarged (bicubic) to about ENLARGED_SIDE if it is a tiny scan under TINY_SIDE: at 8x8
    a threshold, a count of pieces or a crop has almost no pixels to work with, and the network's
    20-pixel box would be filled by blocks. Other images are returned as they are."""
    if max(gray.shape) >= TINY_SIDE:
        return gray
    factor = int(np.ceil(ENLARGED_SIDE / max(gray.shape)))
    image = Image.fromarray(np.ascontiguousarray(gray, dtype=np.float32), mode="F")
    enlarged = image.resize((gray.shape[1] * factor, gray.shape[0] * factor), Image.Resampling.BICUBIC)
    return np.clip(np.asarray(enlarged, dtype=np.float32), 0, 1)


def photo_steps(path):
    """Every image a photo file goes through, for display: as stored, upright, where its pen digit
    was found (if it was), then preprocess's steps from its "ink bright" on."""
    upright = load_grayscale(path)
    _, located = locate_digit(upright, return_steps=True)
    _, steps = preprocess(upright, source=str(path), return_steps=True)
    later = {name: image for name, image in steps.items() if name not in ("grayscale",)}
    return {"as stored": load_grayscale(path, upright=False), "upright (EXIF)": upright, **located, **later}


def _paper_window(stroke):
    """The window over which the paper's brightness is estimated beside strokes `stroke` pixels wide."""
    return max(3, int(np.ceil(3 * stroke)) + 1)


def reads_ink_as_dark(gray):
    """Whether `preprocess` takes the ink of `gray` to be darker than its paper (its polarity decision)."""
    _, despeckled, _ = paper_only(_working_copy(np.asarray(gray, dtype=np.float32)))
    return ink_is_dark(despeckled)


def preprocess(gray, source="image", return_steps=False):
    """Turn a grayscale image (float in [0, 1]) of one digit into MNIST's 28x28 format.

    Returns a float32 (28, 28) array in [0, 1], the digit bright on black; with `return_steps`,
    also a dict of the intermediate images, in order, for display.
    """
    marks = ink_marks(gray, source)
    _warn_of_several_marks(marks.mask, source)
    result = framed_mark(marks, marks.mask, marks.steps)
    return (result, marks.steps) if return_steps else result


@dataclass
class InkMarks:
    """An image's ink, separated from its paper: `flat` (ink bright, paper 0, brightest 1), the ink
    `mask` (specks and ruled lines removed), the `threshold` that made it, the steps for display,
    and the `way` it was found, in words."""

    flat: np.ndarray
    mask: np.ndarray
    threshold: float
    steps: dict
    source: str = "image"
    way: str = "the one-digit chain"


def ink_marks(gray, source="image"):
    """The ink of a grayscale image (float in [0, 1]) and its mask: everything `preprocess` does
    before the marks are framed. Raises NoInkFound where there is no ink to read."""
    gray = np.asarray(gray, dtype=np.float32)
    if gray.ndim != 2 or min(gray.shape) < 4:
        raise HandwritingError(f"{source}: expected a 2-D image of at least 4x4 pixels, got shape {gray.shape}")
    steps = {"grayscale": gray}
    located = locate_digit(gray)
    if located is not None:
        # A pen digit small in a large photo: cut out with its margin, at full resolution.
        gray = gray[located.rows, located.columns]
        steps["around the digit"] = gray
    working = _working_copy(gray)
    if located is not None:
        gray, despeckled = working, ndimage.median_filter(working, size=3)
        dark_ink = located.dark_ink
    else:
        gray, despeckled, beyond = paper_only(working)
        if beyond.any():
            steps["paper only"] = gray
        # Polarity: dark ink on light paper, or chalk-like light strokes on dark. The ink becomes bright.
        dark_ink = ink_is_dark(despeckled)
    ink = 1.0 - gray if dark_ink else gray.copy()
    steps["ink bright"] = ink

    if located is not None:
        # The paper's brightness under the strokes, shadow edges kept sharp (see ink_residuals).
        stroke = located.stroke * working.shape[0] / (located.rows.stop - located.rows.start)
        background = ndimage.grey_opening(ink, size=(_paper_window(stroke),) * 2)
        flat = (ink - background) / np.maximum(1.0 - background, 0.05) if dark_ink else ink - background
    else:
        # Uneven light: flattened only where the paper itself varies (a shadow, a lamp), read on the
        # border, where the paper is. Then the paper's brightness is, at each place, a low percentile
        # of the image around it (a third of the image wide): the ink is bright here and covers less
        # than three quarters of such a window even when thick strokes fill the frame.
        smooth_ink = 1.0 - despeckled if dark_ink else despeckled
        rough = smooth_ink > otsu_threshold(smooth_ink)
        if paper_is_uneven(ink, rough):
            background = paper_brightness(ink)
        else:
            paper_pixels = ~ndimage.binary_dilation(rough, iterations=2)
            background = np.full_like(ink, np.median(ink[paper_pixels]) if paper_pixels.any() else float(ink.min()))
        flat = ink - background
    flat = np.clip(flat, 0, None)
    contrast = float(flat.max())
    if contrast < MIN_CONTRAST:
        raise NoInkFound(f"{source}: no ink found (the image is blank or has almost no contrast)")
    flat /= contrast
    steps["background removed"] = flat

    threshold = max(otsu_threshold(flat), 0.15)
    mask = _digit_components(remove_ruled_lines(flat > threshold))
    if not mask.any():
        raise NoInkFound(f"{source}: no ink found after removing the paper's lines")
    if located is None and is_photo(steps["grayscale"]) and edges_touched(mask) >= 2:
        # A digit on a photographed sheet has paper around it; what runs off two edges of the photo
        # is a shadow's or a lamp's edge, or texture: reading it would be a guess.
        raise NoInkFound(f"{source}: no digit found: the image is blank or all texture (what stands out of "
                               "the paper runs off the photo's edges, as a shadow does)")
    steps["ink mask"] = mask.astype(np.float32)
    return InkMarks(flat, mask, threshold, steps, source)


def framed_mark(marks, mask, steps=None):
    """The ink of `marks` under `mask` (some or all of marks.mask) in MNIST's 28x28 form: soft edges
    kept, cropped, strokes widened where thin, scaled to the 20-pixel box, centred by mass.
    `steps`, where given, receives the images on the way."""
    steps = {} if steps is None else steps
    flat, threshold = marks.flat, marks.threshold
    # Soft edges: keep the anti-aliased values around the mask, not a hard binary shape. Values
    # below half the threshold are paper-grey haze (a blurred scan fills a 6's or 8's loop with it).
    near_ink = ndimage.binary_dilation(mask, iterations=1)
    floor = threshold / 2
    soft = np.clip((flat - floor) / max(np.percentile(flat[mask], 90) - floor, 1e-6), 0, 1)
    soft = np.where(near_ink, soft, 0).astype(np.float32)
    rows, columns = np.nonzero(near_ink)
    cropped = soft[rows.min(): rows.max() + 1, columns.min(): columns.max() + 1]
    steps["cropped"] = cropped
    widened = thickened(cropped, mask[rows.min(): rows.max() + 1, columns.min(): columns.max() + 1])
    if widened is not cropped:
        cropped = widened
        steps["strokes thickened"] = cropped

    height, width = cropped.shape
    factor = DIGIT_BOX / max(height, width)
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    digit = np.clip(resize(cropped, size), 0, None)
    if digit.max() <= 0:
        raise HandwritingError(f"{marks.source}: the mark vanished when scaled to {DIGIT_BOX} pixels")
    digit /= digit.max()
    steps["scaled to 20 px"] = digit

    result = place_by_centre_of_mass(digit)
    steps["28x28, centred"] = result
    return result


def image_file_to_mnist(path, return_steps=False):
    """Read an image file and preprocess it (see `preprocess`)."""
    return preprocess(load_grayscale(path), source=str(path), return_steps=return_steps)


def naive_to_mnist(gray):
    """The original notebook's approach: resize the whole image to 28x28, nothing else."""
    return np.clip(resize(np.asarray(gray, dtype=np.float32), (config.IMAGE_SIDE, config.IMAGE_SIDE)), 0, 1)
