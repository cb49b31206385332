"""A small pen digit on a large photo: found on a reduced copy with the paper's brightness (shadow
and all) divided out, and cut out of the full image."""

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from digits.handwriting.image_files import WORKING_SIDE
from digits.handwriting.masks import resize, ring_around, stroke_width

# A large photo's digit is found on a copy of this longer side, where the paper is estimated over a
# window of LOCATE_WINDOW pixels: wider than a pen's stroke there, narrower than the digit.
LOCATE_SIDE, LOCATE_WINDOW = 512, 9

LOCATE_MIN_INK = 0.12  # a stroke takes at least this share of the local paper's brightness

LOCATE_MARGIN = 0.5  # the digit is cut out with this share of its size around it

# Marks from this to that share of a digit's height, beside it in its rows, are digits of its number.
LINE_HEIGHTS = (0.6, 1.6)

# Dark ink is read only on paper at least this bright (a sheet in a deep shadow still is): against a
# dark board or table, noise would read as strong relative contrast.
PAPER_FLOOR = 0.25


def ink_residuals(small, window):
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
    """The box (top, bottom, left, right) of the digit in `mask` and how many digits it holds, or
    None: the connected mark with the most ink that does not touch the border (a shadow's corner,
    the table's edge and specks of texture do, or are small), together with the marks near it (a
    7's bar, a 4 written in two strokes), the digits written in a line with it (`_line_of`), and on a
    sheet of several rows, the digits of the other rows."""
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
    line, digits = _line_of((top, bottom, left, right), [box for box, within in zip(boxes, inside) if within])
    # A sheet of several rows: every mark inside of the digit's height (LINE_HEIGHTS of it) and a
    # tenth of its ink is a digit too, wherever it stands; the box takes them all in.
    height = bottom - top
    sheet = [box for box, within, amount in zip(boxes, inside, ink) if within and amount >= 0.1 * ink[main]
             and LINE_HEIGHTS[0] * height <= box[0].stop - box[0].start <= LINE_HEIGHTS[1] * height]
    if len(sheet) <= digits:
        return line, digits
    return (min(line[0], *(box[0].start for box in sheet)), max(line[1], *(box[0].stop for box in sheet)),
            min(line[2], *(box[1].start for box in sheet)), max(line[3], *(box[1].stop for box in sheet))), len(sheet)


def _line_of(digit, boxes):
    """The box of the number `digit` (top, bottom, left, right) is part of, and how many digits it
    holds: marks of about the digit's height (LINE_HEIGHTS of it) that share half their rows with
    the box and lie within a digit's height of its side join it, one after another."""
    top, bottom, left, right = digit
    height, digits = bottom - top, 1
    joined = True
    while joined:
        joined = False
        for box in boxes:
            rows, columns = box
            tall = rows.stop - rows.start
            if not LINE_HEIGHTS[0] * height <= tall <= LINE_HEIGHTS[1] * height or (left <= columns.start and columns.stop <= right):
                continue
            shared = min(bottom, rows.stop) - max(top, rows.start)
            gap = max(columns.start - right, left - columns.stop, 0)
            if shared >= 0.5 * tall and gap <= height:
                top, bottom = min(top, rows.start), max(bottom, rows.stop)
                left, right = min(left, columns.start), max(right, columns.stop)
                digits, joined = digits + 1, True
    # Digits near the first were taken into its box before: count each mark of a digit's height in it.
    tall = [box for box in boxes if top <= box[0].start and box[0].stop <= bottom and left <= box[1].start
            and box[1].stop <= right and box[0].stop - box[0].start >= LINE_HEIGHTS[0] * (bottom - top)]
    return (top, bottom, left, right), max(digits, len(tall))


@dataclass(frozen=True)
class LocatedDigit:
    """Where a large photo's digit was found: the box cut from the image, and what was learnt there."""

    rows: slice
    columns: slice
    dark_ink: bool
    stroke: float  # stroke width in the full image's pixels


def _stands_alone(small, mask, box, digits, stroke, dark_ink, threshold):
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
    if right - left > 1.5 * digits * (bottom - top):  # no digit is much wider than tall; a paper's edge may be
        return False
    margin = max(3, round(LOCATE_MARGIN * max(bottom - top, right - left)))
    around, ring = ring_around(mask, top, left, bottom, right, margin)
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
    wide = ink_residuals(small[around], 4 * LOCATE_WINDOW)[0 if dark_ink else 1][0]
    rows, columns = slice(top - around[0].start, bottom - around[0].start), slice(left - around[1].start, right - around[1].start)
    missing = (wide[rows, columns] > threshold) & ~ndimage.binary_dilation(marked, iterations=2)
    return missing.sum() <= 0.25 * marked.sum()


def locate_digit(gray, return_steps=False):
    """Where the digit of a large photo lies (a LocatedDigit), or None where it is not a small pen
    digit alone on its paper (then the whole image is read, as any other). With `return_steps`,
    also a dict of the images it looked at (empty where it did not look), for display."""
    found, steps = None, {}
    if is_photo(gray):
        found, steps = _find_pen_digit(gray)
    return (found, steps) if return_steps else found


def _find_pen_digit(gray):
    factor = LOCATE_SIDE / max(gray.shape)
    small = resize(gray, (max(4, round(gray.shape[1] * factor)), max(4, round(gray.shape[0] * factor))))
    found = []
    for dark_ink, (residual, paper) in zip((True, False), ink_residuals(small, LOCATE_WINDOW)):
        threshold = _stroke_threshold(residual)
        mask = residual > threshold
        found_box = _digit_box(mask, residual)
        if found_box is None:
            continue
        box, digits = found_box
        top, bottom, left, right = box
        stroke = stroke_width(mask[top:bottom, left:right])
        if _stands_alone(small, mask, box, digits, stroke, dark_ink, threshold):
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


def is_photo(gray):
    """Whether `gray` is large enough to be a photo of a sheet rather than a crop or a drawing."""
    return max(gray.shape) > 2 * WORKING_SIDE
