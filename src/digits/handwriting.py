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
(`locate_digit`), cut out of the full image, and its thin strokes are widened to MNIST's width.
"""

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from scipy import ndimage

from digits import config

DIGIT_BOX = 20  # MNIST: the longer side of the digit after scaling
WORKING_SIDE = 256  # big photos are reduced to this longer side first: faster, and scale-independent
# A large photo's digit is found on a copy of this longer side, where the paper is estimated over a
# window of LOCATE_WINDOW pixels: wider than a pen's stroke there, narrower than the digit.
LOCATE_SIDE, LOCATE_WINDOW = 512, 9
LOCATE_MIN_INK = 0.12  # a stroke takes at least this share of the local paper's brightness
LOCATE_MARGIN = 0.5  # the digit is cut out with this share of its size around it
# Dark ink is read only on paper at least this bright (a sheet in a deep shadow still is): against a
# dark board or table, noise would read as strong relative contrast.
PAPER_FLOOR = 0.25
# MNIST's stroke width in pixels at 28x28 (twice the distance from a stroke's middle to its edge,
# measured as `stroke_width` does on 3,000 training digits, ink above half): the 5th percentile
# and the median (benchmarks/README.md, "MNIST's strokes").
MNIST_THINNEST_STROKE, MNIST_TYPICAL_STROKE = 2.0, 3.1
# Images smaller than TINY_SIDE (8x8 to 16x16 scans) are enlarged to about ENLARGED_SIDE first; a crop
# of a digit that is merely small (24 pixels and up) is read as it is.
TINY_SIDE, ENLARGED_SIDE = 20, 64
MIN_CONTRAST = 0.08  # below this spread between ink and paper there is no digit to find


class HandwritingError(ValueError):
    """An image that cannot be turned into a digit; the message names the file and the reason."""


class SeveralMarksWarning(UserWarning):
    """The image seems to hold more than one digit-sized mark."""


# Photos are decoded at no more than about this longer side (JPEG's draft mode, then Image.reduce):
# preprocessing works at WORKING_SIDE, and a 100-megapixel photo must not need gigabytes.
DECODE_SIDE = 4 * WORKING_SIDE


def _open_reduced(path, upright=True):
    """Open and decode `path`, at a reduced size when it is far larger than preprocessing needs.

    Pillow refuses images above twice its MAX_IMAGE_PIXELS (about 179 megapixels) as possible
    decompression bombs; that is reported as an error naming the file. Below it, a large image
    costs its own pixels once at most (JPEGs are decoded at 1/2 to 1/8 scale, never in full).
    """
    with warnings.catch_warnings():
        # Between 89 and 179 megapixels Pillow only warns: such photos are handled by reducing them.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                if image.format == "JPEG" and max(image.size) > 2 * DECODE_SIDE:
                    scale = DECODE_SIDE / max(image.size)
                    image.draft(image.mode, (round(image.width * scale), round(image.height * scale)))
                image.load()
                if image.mode == "P":
                    image = image.convert("RGBA")
                factor = max(image.size) // DECODE_SIDE
                if factor >= 2:
                    try:
                        image = image.reduce(factor)
                    except ValueError:  # a mode reduce() does not support (e.g. 16-bit)
                        image = image.resize((max(1, image.width // factor), max(1, image.height // factor)))
                return ImageOps.exif_transpose(image) if upright else image
        except Image.DecompressionBombError as error:
            raise HandwritingError(f"{path}: image too large to read safely ({error})") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise HandwritingError(f"{path}: not a readable image ({error})") from None


def load_grayscale(path, upright=True):
    """Read any image file as grayscale float32 in [0, 1] (0 black), EXIF orientation applied.

    Transparent pixels are composited on white, like paper; 16-bit images keep their range. Images
    much larger than preprocessing needs are reduced while decoding (see `_open_reduced`).
    """
    image = _open_reduced(Path(path), upright)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "RGB" and "transparency" in image.info):
        image = image.convert("RGBA")
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, image)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        values = np.asarray(image, dtype=np.float32)
        top = 65535.0 if values.max() > 255 or image.mode.startswith("I;16") else 255.0
        return np.clip(values / top, 0, 1)
    if image.mode == "F":
        values = np.asarray(image, dtype=np.float32)
        return np.clip(values / max(values.max(), 1.0), 0, 1)
    return np.asarray(image.convert("L"), dtype=np.float32) / 255.0


def _resize(values, size):
    """Resize a float image to `size` (width, height) with anti-aliasing."""
    image = Image.fromarray(np.ascontiguousarray(values, dtype=np.float32), mode="F")
    return np.asarray(image.resize(size, Image.Resampling.LANCZOS), dtype=np.float32)


def _otsu_threshold(values):
    """The threshold that best separates `values` (in [0, 1]) into two classes (Otsu's method)."""
    histogram, edges = np.histogram(values, bins=256, range=(0.0, 1.0))
    probabilities = histogram / max(histogram.sum(), 1)
    centres = (edges[:-1] + edges[1:]) / 2
    weight_low = np.cumsum(probabilities)
    mean_low = np.cumsum(probabilities * centres)
    total_mean = mean_low[-1]
    between = (total_mean * weight_low - mean_low) ** 2 / np.maximum(weight_low * (1 - weight_low), 1e-12)
    return float(centres[np.argmax(between)])


def stroke_width(mask):
    """The width in pixels of the strokes in a binary mask: twice the distance from the strokes'
    middle lines (the ridge of the distance transform) to their edges, at its 75th percentile, so
    that long thin paper lines, when they are fewer than three quarters of the ridge, do not set it."""
    if not mask.any():
        return 0.0
    # Padded: a stroke cut by the image's edge ends there, it does not go on beyond it.
    distance = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
    ridge = mask & (distance >= ndimage.maximum_filter(distance, size=3))
    return float(2 * np.percentile(distance[ridge], 75))


@dataclass(frozen=True)
class StraightRun:
    """A straight run of ink across most of the image: a paper line, or a straight stroke."""

    pixels: np.ndarray  # boolean image
    thickness: float  # median over its length: where a line merges with a stroke it is still thin
    position: float  # its row (horizontal) or column (vertical)
    crossed: float  # the fraction of the image's width (or height) it covers
    isolated: float  # paper on both sides, against ink on one side only (see _isolation)


def _straight_runs(mask, axis):
    """The straight runs of `mask` across at least 60% of the image along `axis` (1: horizontal,
    0: vertical), leaving out runs that lie along the border: there a straight run is a stroke
    the crop cut through."""
    length = max(3, int(mask.shape[axis] * 0.6))
    structure = np.ones((1, length)) if axis == 1 else np.ones((length, 1))
    labels, count = ndimage.label(ndimage.binary_opening(mask, structure=structure))
    runs = []
    for index in range(1, count + 1):
        pixels = labels == index
        edges = (pixels[0], pixels[-1]) if axis == 1 else (pixels[:, 0], pixels[:, -1])
        if any(edge.any() for edge in edges):
            continue
        covered = pixels.any(axis=1 - axis)
        thickness = pixels.sum(axis=1 - axis)[covered]
        isolated = _isolation(pixels, mask) if axis == 1 else _isolation(pixels.T, mask.T)
        runs.append(StraightRun(pixels, float(np.median(thickness)), ndimage.center_of_mass(pixels)[1 - axis],
                                covered.sum() / mask.shape[axis], isolated))
    return runs


def _isolation(run, mask):
    """For a horizontal run: of the columns where it has ink just above it or just below it but not
    both, or paper on both sides, the fraction with paper on both sides. A paper line has paper on
    both sides except where strokes cross it (ink on both sides, not counted); the straight part
    of a curved stroke has ink on one side all along."""
    paper_both, ink_one = 0, 0
    for column in np.flatnonzero(run.any(axis=0)):
        rows = np.flatnonzero(run[:, column])
        above = mask[max(rows[0] - 2, 0): rows[0], column].any()
        below = mask[rows[-1] + 1: rows[-1] + 3, column].any()
        paper_both += not (above or below)
        ink_one += above != below
    return paper_both / max(paper_both + ink_one, 1)


def _is_ruled_series(runs):
    """Three or more straight runs spaced evenly (within a quarter of their spacing) and thin next
    to that spacing (each under a fifth of it), as the lines of ruled or squared paper are; the
    bars of an 8 or a 3 cropped tightly are as thick as a third of their spacing."""
    if len(runs) < 3:
        return False
    gaps = np.diff(sorted(run.position for run in runs))
    thickest = max(run.thickness for run in runs)
    return bool(gaps.min() > 0 and np.std(gaps) <= 0.25 * np.mean(gaps) and thickest < 0.2 * np.mean(gaps))


def _is_paper_line(run, ruled, width):
    """A straight run with paper on both sides for half its length or more (a straight part of a
    curved stroke has ink beside it), and one of a ruled series, or crossing the whole image
    (85% of it) clearly thinner than the strokes (under 60% of their width, by 1.5 pixels or more)."""
    thin = run.crossed >= 0.85 and run.thickness < 0.6 * width and width - run.thickness >= 1.5
    return run.isolated >= 0.5 and (ruled or thin)


def _remove_ruled_lines(mask):
    """The mask without its ruled or squared paper lines (see `_is_paper_line`).

    A thick straight run, even one touching the border, is ink: the stem of a tightly cropped 1,
    the sides of a 0 that fills its frame.
    """
    width = stroke_width(mask)
    lines = {1: np.zeros_like(mask), 0: np.zeros_like(mask)}
    thickest = 0.0
    for axis in (1, 0):
        runs = _straight_runs(mask, axis)
        ruled = _is_ruled_series(runs)
        for run in runs:
            if _is_paper_line(run, ruled, width):
                lines[axis] |= run.pixels
                thickest = max(thickest, run.thickness)
    if not (lines[1].any() or lines[0].any()):
        return mask
    # Remove the lines with their anti-aliased edges; where a stroke crosses a line, ink continues
    # on both sides of the gap: close it across the line, and only there.
    removed = {axis: ndimage.binary_dilation(lines[axis], iterations=1) for axis in lines}
    cleaned = mask & ~(removed[1] | removed[0])
    gap = int(np.ceil(thickest)) + 4
    refill = (ndimage.binary_closing(cleaned, structure=np.ones((gap, 1))) & removed[1]) | \
             (ndimage.binary_closing(cleaned, structure=np.ones((1, gap))) & removed[0])
    return (cleaned | refill) & mask


def _digit_components(mask, source):
    """Keep the connected marks big enough to be part of the digit; warn on several digit-sized marks."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    if count == 0:
        return mask
    sizes = ndimage.sum(mask, labels, index=range(1, count + 1))
    # Specks are small relative to the largest mark (dust, noise, paper grain).
    keep = [index + 1 for index, size in enumerate(sizes) if size >= 0.08 * sizes.max()]
    kept = np.isin(labels, keep)
    boxes = ndimage.find_objects(labels)
    tall = [boxes[index - 1] for index in keep]
    heights = [box[0].stop - box[0].start for box in tall]
    big = [box for box, height in zip(tall, heights) if height >= 0.6 * max(heights)]
    if len(big) > 1:
        spans = sorted((box[1].start, box[1].stop) for box in big)
        side_by_side = any(next_start >= stop for (_, stop), (next_start, _) in zip(spans, spans[1:]))
        if side_by_side:
            warnings.warn(f"{source}: {len(big)} separate marks of digit size; reading them as one digit",
                          SeveralMarksWarning, stacklevel=3)
    return kept


def _pieces(mask, smallest):
    """How many connected pieces of at least `smallest` pixels `mask` has."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    return int(np.sum(np.bincount(labels.ravel())[1:] >= smallest)) if count else 0


def _border_pixels(shape):
    border = np.zeros(shape, dtype=bool)
    border[0], border[-1], border[:, 0], border[:, -1] = True, True, True, True
    return border


def _solidity(region):
    """The region's area over the area of its convex hull: 1 for a strip or a triangle."""
    from scipy.spatial import ConvexHull, QhullError

    rows, columns = np.nonzero(region)
    corners = np.concatenate([np.stack([rows + dr, columns + dc], axis=1) for dr in (0, 1) for dc in (0, 1)])
    try:
        return float(region.sum() / ConvexHull(corners).volume)
    except QhullError:  # a single row or column: as solid as it gets
        return 1.0


def _beyond_the_sheet(gray):
    """Where the photo shows what lies beyond the paper: a boolean mask, empty if the paper fills it.

    The sheet is the largest region of one tone (light paper, or a dark board), and it holds most
    of the border. Beyond its edge lies a region of the other tone that hugs the border: it is
    solid (a strip or a corner, at least 85% of its convex hull), runs along the border at least as
    far as along the paper (a stroke touching the border meets the paper along far more of its
    length), and at least twice as thick as the strokes of the digit on the paper. A digit
    that touches it is read as part of it and left alone: nothing is removed then.
    """
    threshold = _otsu_threshold(gray)
    border = _border_pixels(gray.shape)
    for beyond_is_dark in (True, False):
        other_tone = gray <= threshold if beyond_is_dark else gray > threshold
        sheet_labels, count = ndimage.label(~other_tone)
        if count == 0:
            continue
        sheet = sheet_labels == 1 + int(np.argmax(np.bincount(sheet_labels.ravel())[1:]))  # the largest region
        if sheet[border].mean() < 0.5:
            continue
        labels, count = ndimage.label(other_tone, structure=np.ones((3, 3)))
        beyond = np.zeros_like(other_tone)
        touching = set(np.unique(labels[border])) - {0}
        for index in touching:
            region = labels == index
            along_border = region[border].sum()
            along_sheet = (ndimage.binary_dilation(region) & sheet).sum()
            if (region.mean() >= 0.02 and along_border >= 0.05 * border.sum() and along_border >= 0.8 * along_sheet
                    and _solidity(region) >= 0.85):
                beyond |= region
        strokes = other_tone & ~beyond
        if beyond.any() and strokes.any():
            thickness = ndimage.distance_transform_edt(beyond).max()
            if thickness >= 2 * max(stroke_width(strokes), 1.0):
                return beyond
    return np.zeros_like(gray, dtype=bool)


def _paper_instead_of_beyond(gray, beyond):
    """`gray` with what lies beyond the sheet, its edge and the shadow along it, painted in the paper's tone."""
    margin = max(2, round(0.03 * max(gray.shape)))
    edge = ndimage.binary_dilation(beyond, iterations=margin)
    paper = np.median(gray[~edge]) if (~edge).any() else np.median(gray)
    threshold = _otsu_threshold(gray)
    ink = (gray <= threshold) if np.median(gray[beyond]) <= threshold else (gray > threshold)
    # Ink near the edge (the digit) is kept; only the edge's own pixels are repainted.
    keep = ink & ~beyond & ~ndimage.binary_dilation(beyond, iterations=2)
    return np.where(edge & ~keep, paper, gray).astype(np.float32)


def _ink_is_dark(gray):
    """Whether the ink is darker than the paper. The paper is what covers the border, where nine
    tenths of it agree (on one side of the image's Otsu threshold). A crop that cuts into the ink,
    or a scan size-normalised to touch its frame, leaves a mixed border; then the ink is the side in
    fewer pieces: a digit is one or two strokes, while the paper left around it is in several
    (corners, a loop's hole). On a tie, dark ink on light paper, as most scans and photos are."""
    dark = gray <= _otsu_threshold(gray)
    border = np.concatenate([dark[0], dark[-1], dark[:, 0], dark[:, -1]])
    if not 0.1 < border.mean() < 0.9:
        return border.mean() <= 0.1
    smallest = max(2, dark.size // 100)
    dark_pieces, light_pieces = _pieces(dark, smallest), _pieces(~dark, smallest)
    return dark_pieces <= light_pieces


def _paper_brightness(ink, reduced_side=64):
    """The paper's slowly varying brightness under bright ink: the 25th percentile over a window a
    third of the image wide, computed on a copy reduced to `reduced_side` (shading varies slowly)."""
    height, width = ink.shape
    factor = min(1.0, reduced_side / max(height, width))
    small = _resize(ink, (max(4, round(width * factor)), max(4, round(height * factor))))
    window = max(3, int(max(small.shape) / 3))
    paper = ndimage.uniform_filter(ndimage.percentile_filter(small, 25, size=window), window)
    return _resize(paper, (width, height))


def _paper_is_uneven(ink, rough_ink):
    """Whether the paper's brightness varies across the image: its pixels on the border (the ink's
    excluded) spread over more than a sixth of the range between paper and ink."""
    border = np.zeros_like(rough_ink)
    border[:2], border[-2:], border[:, :2], border[:, -2:] = True, True, True, True
    paper = ink[border & ~ndimage.binary_dilation(rough_ink, iterations=2)]
    if paper.size < 8:
        return False  # the ink covers the border: the digit fills the frame, there is no paper to read
    low, high = np.percentile(paper, [5, 95])
    ink_level = np.percentile(ink[rough_ink], 90) if rough_ink.any() else ink.max()
    return bool(high - low > (ink_level - np.median(paper)) / 6)


def _disk(radius):
    offsets = np.arange(-int(np.ceil(radius)), int(np.ceil(radius)) + 1)
    return np.hypot(*np.meshgrid(offsets, offsets)) <= radius


def _thickened(cropped, mask):
    """`cropped` with its strokes widened if, scaled to MNIST's 20-pixel box, they would be thinner
    than MNIST's (MNIST_THINNEST_STROKE): a pen line on a large photo or a hairline on a big canvas
    would otherwise reach the network as a faint thread. They are widened to MNIST's typical width
    by a grey dilation with a disk, which keeps the anti-aliased edges. Thick enough: `cropped` itself."""
    side = max(cropped.shape)
    width = stroke_width(mask) * DIGIT_BOX / side
    if width >= MNIST_THINNEST_STROKE:
        return cropped
    radius = (MNIST_TYPICAL_STROKE - width) / 2 * side / DIGIT_BOX
    margin = int(np.ceil(radius))
    padded = np.pad(cropped, margin)
    return ndimage.grey_dilation(padded, footprint=_disk(radius)).astype(np.float32)


def _place_by_centre_of_mass(digit):
    """Put `digit` (at most 20x20) into a 28x28 field with its centre of mass at the field's centre."""
    field = np.zeros((config.IMAGE_SIDE, config.IMAGE_SIDE), dtype=np.float32)
    height, width = digit.shape
    centre_row, centre_column = ndimage.center_of_mass(digit)
    middle = (config.IMAGE_SIDE - 1) / 2
    top = int(np.clip(round(middle - centre_row), 0, config.IMAGE_SIDE - height))
    left = int(np.clip(round(middle - centre_column), 0, config.IMAGE_SIDE - width))
    field[top:top + height, left:left + width] = digit
    return field


def _working_copy(gray):
    """`gray` reduced to WORKING_SIDE on its longer side if it is larger, or enlarged (bicubic) to
    about ENLARGED_SIDE if it is a tiny scan under TINY_SIDE: at 8x8 a threshold, a count of pieces
    or a crop has almost no pixels to work with, and the network's 20-pixel box would be filled by
    blocks."""
    scale = WORKING_SIDE / max(gray.shape)
    if scale < 1:
        gray = _resize(gray, (max(4, round(gray.shape[1] * scale)), max(4, round(gray.shape[0] * scale))))
    elif max(gray.shape) < TINY_SIDE:
        factor = int(np.ceil(ENLARGED_SIDE / max(gray.shape)))
        image = Image.fromarray(np.ascontiguousarray(gray, dtype=np.float32), mode="F")
        enlarged = image.resize((gray.shape[1] * factor, gray.shape[0] * factor), Image.Resampling.BICUBIC)
        gray = np.clip(np.asarray(enlarged, dtype=np.float32), 0, 1)
    return gray


def _paper_only(gray):
    """A photo of a sheet that does not fill the frame: the table or wall beyond the paper's edge is
    not ink, so it is painted in the paper's tone before anything else reads the image.
    Returns (the image, a despeckled copy, the mask of what lay beyond the sheet)."""
    despeckled = ndimage.median_filter(gray, size=3)  # lone noisy pixels must not decide
    beyond = _beyond_the_sheet(despeckled)
    if beyond.any():
        gray = _paper_instead_of_beyond(gray, beyond)
        despeckled = ndimage.median_filter(gray, size=3)
    return gray, despeckled, beyond


def _ink_residuals(small, window):
    """What stands out of the paper in `small`, for dark ink and for light ink: the paper's brightness
    is the image closed (dark ink) or opened (light ink) over `window` pixels, which removes every
    stroke narrower than that and keeps a shadow's edge, hard or soft, where it is. Dark ink is read
    as the share of the local paper's brightness it takes away, so it counts as much in a shadow as
    in the light; light ink (chalk on a board) by how much brighter than the board it is.
    Returns ((dark ink, its paper), (light ink, its paper)), ink >= 0 and 0 on paper."""
    closed = ndimage.grey_closing(small, size=(window, window))
    opened = ndimage.grey_opening(small, size=(window, window))
    dark = np.where(closed >= PAPER_FLOOR, 1.0 - small / np.maximum(closed, PAPER_FLOOR), 0.0)
    light = small - opened
    return (np.clip(dark, 0, None), closed), (np.clip(light, 0, None), opened)


def _stroke_threshold(residual):
    """Where `residual` stands out of the paper's texture and noise: six times their robust spread
    (median absolute deviation) above their median, and at least LOCATE_MIN_INK."""
    spread = 1.4826 * np.median(np.abs(residual - np.median(residual)))
    return max(6 * spread + float(np.median(residual)), LOCATE_MIN_INK)


def _digit_box(mask, residual):
    """The box (top, bottom, left, right) of the digit in `mask`, or None: the connected mark with the
    most ink that does not touch the border (a shadow's corner, the table's edge and specks of
    texture do, or are small), together with the marks near it (a 7's bar, a 4 written in two strokes)."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    if count == 0:
        return None
    index = np.arange(1, count + 1)
    ink = ndimage.sum(residual, labels, index)
    boxes = ndimage.find_objects(labels)
    height, width = mask.shape
    inside = np.array([box[0].start > 0 and box[1].start > 0 and box[0].stop < height and box[1].stop < width
                       for box in boxes])
    if not inside.any():
        return None
    main = int(np.argmax(np.where(inside, ink, -1)))
    top, bottom = boxes[main][0].start, boxes[main][0].stop
    left, right = boxes[main][1].start, boxes[main][1].stop
    reach = 0.5 * max(bottom - top, right - left)
    for other, box in enumerate(boxes):
        if other == main or not inside[other] or ink[other] < 0.1 * ink[main]:
            continue
        gap_rows = max(box[0].start - bottom, top - box[0].stop, 0)
        gap_columns = max(box[1].start - right, left - box[1].stop, 0)
        if max(gap_rows, gap_columns) <= reach:
            top, bottom = min(top, box[0].start), max(bottom, box[0].stop)
            left, right = min(left, box[1].start), max(right, box[1].stop)
    return top, bottom, left, right


@dataclass(frozen=True)
class LocatedDigit:
    """Where a large photo's digit was found: the box cut from the image, and what was learnt there."""

    rows: slice
    columns: slice
    dark_ink: bool
    stroke: float  # stroke width in the full image's pixels


def _stands_alone(small, mask, box, stroke, dark_ink, threshold):
    """Whether the mark in `box` is a pen digit alone on its paper: digit-sized (three paper windows
    or more) and not much wider than tall, drawn with strokes thinner than a third of the paper window (the other polarity's
    "mark" is the paper between strokes, as wide as the window; a thick digit's strokes are not
    removed from the paper's estimate, so only pieces of them stand out), and almost nothing stands
    out of the paper in a ring around it (ruled or squared lines, a table's edge or a shadow's
    corner running on beyond the mark would), and its ink is darker (or, for light ink, lighter)
    than that paper."""
    top, bottom, left, right = box
    if stroke >= LOCATE_WINDOW / 3 or max(bottom - top, right - left) < 3 * LOCATE_WINDOW:
        return False
    if right - left > 1.5 * (bottom - top):  # no digit is much wider than tall; a paper's edge may be
        return False
    margin = max(3, round(LOCATE_MARGIN * max(bottom - top, right - left)))
    around = (slice(max(0, top - margin), bottom + margin), slice(max(0, left - margin), right + margin))
    ring = np.ones(mask[around].shape, dtype=bool)
    ring[top - around[0].start: bottom - around[0].start, left - around[1].start: right - around[1].start] = False
    if not ring.any() or mask[around][ring].mean() >= 0.01:
        return False
    # The mark must differ from the paper around it in its polarity's direction: between the
    # strokes of a dark digit the opened image finds "light marks" that are just paper.
    paper = float(np.median(small[around][ring]))
    inside, marked = small[top:bottom, left:right], mask[top:bottom, left:right]
    ink = float(np.median(inside[marked]))
    contrast = (paper - ink) / max(paper, 1e-3) if dark_ink else ink - paper
    if contrast < LOCATE_MIN_INK:
        return False
    # And it must hold all the ink in its box: of a stroke wider than the window only the edges
    # stand out (a thin outline); over a window four times wider its inside stands out too.
    wide = _ink_residuals(small[around], 4 * LOCATE_WINDOW)[0 if dark_ink else 1][0]
    rows, columns = slice(top - around[0].start, bottom - around[0].start), slice(left - around[1].start, right - around[1].start)
    missing = (wide[rows, columns] > threshold) & ~ndimage.binary_dilation(marked, iterations=2)
    return missing.sum() <= 0.25 * marked.sum()


def locate_digit(gray, return_steps=False):
    """Where the digit of a large photo lies (a LocatedDigit), or None where it is not a small pen
    digit alone on its paper (then the whole image is read, as any other). With `return_steps`,
    also a dict of the images it looked at (empty where it did not look), for display."""
    found, steps = None, {}
    if _is_photo(gray):
        found, steps = _find_pen_digit(gray)
    return (found, steps) if return_steps else found


def _find_pen_digit(gray):
    factor = LOCATE_SIDE / max(gray.shape)
    small = _resize(gray, (max(4, round(gray.shape[1] * factor)), max(4, round(gray.shape[0] * factor))))
    found = []
    for dark_ink, (residual, paper) in zip((True, False), _ink_residuals(small, LOCATE_WINDOW)):
        threshold = _stroke_threshold(residual)
        mask = residual > threshold
        box = _digit_box(mask, residual)
        if box is None:
            continue
        top, bottom, left, right = box
        stroke = stroke_width(mask[top:bottom, left:right])
        if _stands_alone(small, mask, box, stroke, dark_ink, threshold):
            found.append((stroke, -float(residual[top:bottom, left:right].sum()), dark_ink, box, paper, residual, mask))
    if not found:
        return None, {}
    # Both polarities may find a mark; the pen's is the thinner one.
    stroke, _, dark_ink, (top, bottom, left, right), paper, residual, mask = min(found, key=lambda mark: mark[:2])
    margin = LOCATE_MARGIN * max(bottom - top, right - left) + 2
    rows = slice(max(0, int((top - margin) / factor)), min(gray.shape[0], int(np.ceil((bottom + margin) / factor))))
    columns = slice(max(0, int((left - margin) / factor)), min(gray.shape[1], int(np.ceil((right + margin) / factor))))
    boxed = mask.astype(np.float32)
    cut = (slice(int(rows.start * factor), int(rows.stop * factor)), slice(int(columns.start * factor), int(columns.stop * factor)))
    outline = np.zeros_like(mask)
    outline[cut] = True
    boxed[outline & ~ndimage.binary_erosion(outline, iterations=2)] = 0.6
    steps = {"paper's brightness": paper, "ink against the paper": np.clip(residual / max(residual.max(), 1e-6), 0, 1),
             "strokes, the digit boxed": boxed}
    return LocatedDigit(rows, columns, dark_ink, stroke / factor), steps


def photo_steps(path):
    """Every image a photo file goes through, for display: as stored, upright, where its pen digit
    was found (if it was), then preprocess's steps from its "ink bright" on."""
    upright = load_grayscale(path)
    _, located = locate_digit(upright, return_steps=True)
    _, steps = preprocess(upright, source=str(path), return_steps=True)
    later = {name: image for name, image in steps.items() if name not in ("grayscale",)}
    return {"as stored": load_grayscale(path, upright=False), "upright (EXIF)": upright, **located, **later}


def _is_photo(gray):
    """Whether `gray` is large enough to be a photo of a sheet rather than a crop or a drawing."""
    return max(gray.shape) > 2 * WORKING_SIDE


def _sides_touched(mask):
    return int(mask[0].any()) + int(mask[-1].any()) + int(mask[:, 0].any()) + int(mask[:, -1].any())


def _paper_window(stroke):
    """The window over which the paper's brightness is estimated beside strokes `stroke` pixels wide."""
    return max(3, int(np.ceil(3 * stroke)) + 1)


def reads_ink_as_dark(gray):
    """Whether `preprocess` takes the ink of `gray` to be darker than its paper (its polarity decision)."""
    _, despeckled, _ = _paper_only(_working_copy(np.asarray(gray, dtype=np.float32)))
    return _ink_is_dark(despeckled)


def preprocess(gray, source="image", return_steps=False):
    """Turn a grayscale image (float in [0, 1]) of one digit into MNIST's 28x28 format.

    Returns a float32 (28, 28) array in [0, 1], the digit bright on black; with `return_steps`,
    also a dict of the intermediate images, in order, for display.
    """
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
        gray, despeckled, beyond = _paper_only(working)
        if beyond.any():
            steps["paper only"] = gray
        # Polarity: dark ink on light paper, or chalk-like light strokes on dark. The ink becomes bright.
        dark_ink = _ink_is_dark(despeckled)
    ink = 1.0 - gray if dark_ink else gray.copy()
    steps["ink bright"] = ink

    if located is not None:
        # The paper's brightness under the strokes, shadow edges kept sharp (see _ink_residuals).
        stroke = located.stroke * working.shape[0] / (located.rows.stop - located.rows.start)
        background = ndimage.grey_opening(ink, size=(_paper_window(stroke),) * 2)
        flat = (ink - background) / np.maximum(1.0 - background, 0.05) if dark_ink else ink - background
    else:
        # Uneven light: flattened only where the paper itself varies (a shadow, a lamp), read on the
        # border, where the paper is. Then the paper's brightness is, at each place, a low percentile
        # of the image around it (a third of the image wide): the ink is bright here and covers less
        # than three quarters of such a window even when thick strokes fill the frame.
        smooth_ink = 1.0 - despeckled if dark_ink else despeckled
        rough = smooth_ink > _otsu_threshold(smooth_ink)
        if _paper_is_uneven(ink, rough):
            background = _paper_brightness(ink)
        else:
            paper_pixels = ~ndimage.binary_dilation(rough, iterations=2)
            background = np.full_like(ink, np.median(ink[paper_pixels]) if paper_pixels.any() else float(ink.min()))
        flat = ink - background
    flat = np.clip(flat, 0, None)
    contrast = float(flat.max())
    if contrast < MIN_CONTRAST:
        raise HandwritingError(f"{source}: no ink found (the image is blank or has almost no contrast)")
    flat /= contrast
    steps["background removed"] = flat

    threshold = max(_otsu_threshold(flat), 0.15)
    mask = _remove_ruled_lines(flat > threshold)
    mask = _digit_components(mask, source)
    if not mask.any():
        raise HandwritingError(f"{source}: no ink found after removing the paper's lines")
    if located is None and _is_photo(steps["grayscale"]) and _sides_touched(mask) >= 2:
        # A digit on a photographed sheet has paper around it; what runs off two edges of the photo
        # is a shadow's or a lamp's edge, or texture: reading it would be a guess.
        raise HandwritingError(f"{source}: no digit found: the image is blank or all texture (what stands out of "
                               "the paper runs off the photo's edges, as a shadow does)")
    steps["ink mask"] = mask.astype(np.float32)

    # Soft edges: keep the anti-aliased values around the mask, not a hard binary shape. Values
    # below half the threshold are paper-grey haze (a blurred scan fills a 6's or 8's loop with it).
    near_ink = ndimage.binary_dilation(mask, iterations=1)
    floor = threshold / 2
    soft = np.clip((flat - floor) / max(np.percentile(flat[mask], 90) - floor, 1e-6), 0, 1)
    soft = np.where(near_ink, soft, 0).astype(np.float32)
    rows, columns = np.nonzero(near_ink)
    cropped = soft[rows.min(): rows.max() + 1, columns.min(): columns.max() + 1]
    steps["cropped"] = cropped
    thickened = _thickened(cropped, mask[rows.min(): rows.max() + 1, columns.min(): columns.max() + 1])
    if thickened is not cropped:
        cropped = thickened
        steps["strokes thickened"] = cropped

    height, width = cropped.shape
    factor = DIGIT_BOX / max(height, width)
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    digit = np.clip(_resize(cropped, size), 0, None)
    if digit.max() <= 0:
        raise HandwritingError(f"{source}: the mark vanished when scaled to {DIGIT_BOX} pixels")
    digit /= digit.max()
    steps["scaled to 20 px"] = digit

    result = _place_by_centre_of_mass(digit)
    steps["28x28, centred"] = result
    return (result, steps) if return_steps else result


def image_file_to_mnist(path, return_steps=False):
    """Read an image file and preprocess it (see `preprocess`)."""
    return preprocess(load_grayscale(path), source=str(path), return_steps=return_steps)


def naive_to_mnist(gray):
    """The original notebook's approach: resize the whole image to 28x28, nothing else."""
    return np.clip(_resize(np.asarray(gray, dtype=np.float32), (config.IMAGE_SIDE, config.IMAGE_SIDE)), 0, 1)


def label_from_filename(path):
    """The true digit of an ourdata/ file, whose name starts with it (`7_slanted.png` -> 7)."""
    name = Path(path).name
    if not name[:1].isdigit():
        raise ValueError(f"{path}: file name does not start with its digit")
    return int(name[0])

