"""A number of several digits: an image's ink marks grouped into digits in reading order, and
where two digits touch, the places where they may be cut apart.

The grouping is geometry only (scikit-image's connected components and their boxes): marks that
overlap in their columns belong to one digit (a 5's detached bar, a 4 written in two strokes);
marks much shorter than the tallest join the digit nearest them, save a line under, over or
through several digits, which is left out, as is a form's box or a circle around a digit; the
digits form rows by their vertical overlap, read top to bottom and each left to right; a single line written on a slant
(three or more digits whose centres lie on one line turned more than LEAST_SLANT from the
horizontal) is first turned level, its digits with it (`level_line`). Whether a wide mark is one digit or two
touching is not guessed from its shape (MNIST's 0s, 2s and 5s are often wider than tall): the
reader (digits.handwriting.read_number) reads it whole and cut at each of `cuts`, and keeps what its
networks find more likely.
"""

import numpy as np
from skimage.measure import LineModelND, label, regionprops
from skimage.transform import rotate

# Marks shorter than this share of the tallest are parts of a digit (a bar, a dot), not digits.
DIGIT_HEIGHT_SHARE = 0.6
# A line under, over or through a number is at least this many times as wide as it is tall.
LINE_ASPECT = 4
# A box or a circle around a digit holds marks spanning at least this share of its height.
FRAMED_SHARE = 0.4
# A dash, a dot or a comma beside a digit holds less than this share of the digit's ink.
BESIDE_INK_SHARE = 0.5
# Two marks whose columns overlap by this share of the narrower one are one digit.
SAME_COLUMNS = 0.5
# Only marks at least this wide for their height are tried as two touching digits.
WIDE_ENOUGH_TO_CUT = 0.9
# A line of digits is turned level where it slopes more than this many degrees (and up to the most):
# a hand's usual drift along a line is left alone, and a steeper column is no line of one number.
LEAST_SLANT, MOST_SLANT = 10.0, 60.0
# ... and its digits' centres lie within this share of their median height of one straight line.
ON_ONE_LINE = 0.35


def _boxes(mask):
    """(row0, column0, row1, column1) of each 8-connected mark of `mask`, with its pixel mask."""
    labels = label(mask, connectivity=2)
    return [(region.bbox, labels == region.label) for region in regionprops(labels)]


def _encloses(outer, inner):
    """Whether box `outer` holds box `inner` strictly inside it, clear of its edges."""
    return outer[0] < inner[0] and outer[1] < inner[1] and inner[2] < outer[2] and inner[3] < outer[3]


def _without_frames(marks):
    """`marks` without those that enclose other marks spanning at least FRAMED_SHARE of their height
    (a digit, whole or in pieces): a form's printed box or a circle drawn around a digit, not a digit
    (a 0 or a 6 holds no such marks)."""
    def is_frame(box):
        inside = [other for other, _ in marks if _encloses(box, other)]
        if not inside:
            return False
        span = max(other[2] for other in inside) - min(other[0] for other in inside)
        return span >= FRAMED_SHARE * (box[2] - box[0])

    return [(box, pixels) for box, pixels in marks if not is_frame(box)]


def _column_overlap(first, second):
    overlap = min(first[3], second[3]) - max(first[1], second[1])
    return overlap / max(1, min(first[3] - first[1], second[3] - second[1]))


def _merged(box, other):
    return (min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3]))


def _digit_sized(marks):
    """(the marks of a digit's height, the shorter ones): DIGIT_HEIGHT_SHARE of the tallest or more."""
    tallest = max(mark[0][2] - mark[0][0] for mark in marks)
    tall = [mark for mark in marks if mark[0][2] - mark[0][0] >= DIGIT_HEIGHT_SHARE * tallest]
    return tall, [mark for mark in marks if mark[0][2] - mark[0][0] < DIGIT_HEIGHT_SHARE * tallest]


def digit_groups(mask):
    """The marks of boolean `mask` grouped into digits: a list of boolean masks of mask's shape, in
    reading order (rows top to bottom, each left to right). One group where mask holds one digit."""
    marks = _without_frames(_boxes(mask))
    if not marks:
        return []
    tall, small = _digit_sized(marks)
    digits = [[box, pixels] for box, pixels in tall]
    merging = True
    while merging:  # digit-sized marks sharing their columns and rows are one digit
        merging = False
        for first in range(len(digits)):
            for second in range(first + 1, len(digits)):
                a, b = digits[first][0], digits[second][0]
                rows_meet = min(a[2], b[2]) > max(a[0], b[0])
                if rows_meet and _column_overlap(a, b) >= SAME_COLUMNS:
                    digits[first] = [_merged(a, b), digits[first][1] | digits[second][1]]
                    del digits[second]
                    merging = True
                    break
            if merging:
                break
    for box, pixels in small:  # a shorter mark joins the digit whose box is nearest its centre ...
        spanned = sum(box[1] <= (digit[0][1] + digit[0][3]) / 2 <= box[3] for digit in digits)
        if spanned >= 2 and box[3] - box[1] >= LINE_ASPECT * (box[2] - box[0]):
            continue  # ... unless it is a line across two digits or more: under, over or through a number
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        nearest = min(digits, key=lambda digit: _distance_to_box(centre, digit[0]))
        nearest[0], nearest[1] = _merged(nearest[0], box), nearest[1] | pixels
    return [pixels for _, pixels in _reading_order(digits)]


def without_marks_beside(group):
    """The digit group `group` (a boolean mask) without its marks shorter than DIGIT_HEIGHT_SHARE of
    its tallest whose middle column lies beyond its digit-sized marks' columns: a dash, a dot or a
    comma written beside a digit, where a 5's bar or a 7's cross lies over it; together they hold under
    BESIDE_INK_SHARE of the rest's ink (what holds more is no dash: pieces of a letter). None where it
    has no such marks."""
    marks = _boxes(group)
    tall, small = _digit_sized(marks)
    beside = [pixels for box, pixels in small
              if not any(other[1] <= (box[1] + box[3]) / 2 <= other[3] for other, _ in tall)]
    if not beside:
        return None
    core = group & ~np.logical_or.reduce(beside)
    return core if (group & ~core).sum() < BESIDE_INK_SHARE * core.sum() else None


def line_slant(mask):
    """The angle in degrees (positive: falling to the right) of the one line of digits in `mask`, or
    0.0 where it holds fewer than three digit-sized marks, or several lines, or one that is level
    within LEAST_SLANT: the total-least-squares line (scikit-image's LineModelND) through the
    centres of its digit-sized marks."""
    marks = _boxes(mask)
    if len(marks) < 3:
        return 0.0
    digits = [box for box, _ in _digit_sized(marks)[0]]
    if len(digits) < 3:
        return 0.0
    centres = np.array([((box[1] + box[3]) / 2, (box[0] + box[2]) / 2) for box in digits])  # (x, y)
    line = LineModelND.from_estimate(centres)
    if not line:
        return 0.0
    height = float(np.median([box[2] - box[0] for box in digits]))
    if line.residuals(centres).max() > ON_ONE_LINE * height:
        return 0.0
    dx, dy = line.direction
    angle = float(np.degrees(np.arctan2(dy, dx)))
    angle = (angle + 90) % 180 - 90  # the line's direction, left to right
    return angle if LEAST_SLANT <= abs(angle) <= MOST_SLANT else 0.0


def level_line(flat, mask):
    """`flat` (ink bright) and its `mask` turned so that their line of digits is level (line_slant),
    on a canvas large enough to hold them; as they are where it is level already."""
    angle = line_slant(mask)
    if angle == 0.0:
        return flat, mask
    # scikit-image turns counter-clockwise as shown: a line falling to the right comes up level.
    turned = rotate(flat, angle, resize=True, order=1, mode="constant", cval=0.0, preserve_range=True)
    turned_mask = rotate(mask.astype(np.float32), angle, resize=True, order=1, mode="constant", cval=0.0) >= 0.5
    return turned.astype(flat.dtype), turned_mask


def _distance_to_box(point, box):
    row = max(box[0] - point[0], 0, point[0] - box[2])
    column = max(box[1] - point[1], 0, point[1] - box[3])
    return float(np.hypot(row, column))


def _reading_order(digits):
    """Rows by vertical overlap (a digit whose centre lies within a row's span joins it), top to
    bottom; each row left to right."""
    rows = []
    for digit in sorted(digits, key=lambda digit: (digit[0][0] + digit[0][2]) / 2):
        centre = (digit[0][0] + digit[0][2]) / 2
        for row in rows:
            if row["top"] <= centre <= row["bottom"]:
                row["digits"].append(digit)
                row["top"], row["bottom"] = min(row["top"], digit[0][0]), max(row["bottom"], digit[0][2])
                break
        else:
            rows.append({"top": digit[0][0], "bottom": digit[0][2], "digits": [digit]})
    return [digit for row in rows for digit in sorted(row["digits"], key=lambda digit: digit[0][1])]


def cuts(mask, most=3):
    """Up to `most` columns where the single mark `mask` may be two touching digits: within its
    middle three fifths, where a column crosses the ink once (two digits touch at a point or along
    one stroke, while a 0, a wide 2 or a 5 is crossed two or three times there), thinnest first.
    Empty for a mark narrower than WIDE_ENOUGH_TO_CUT of its height."""
    rows, columns = np.nonzero(mask)
    if rows.size == 0:
        return []
    top, bottom, left, right = rows.min(), rows.max() + 1, columns.min(), columns.max() + 1
    if right - left < WIDE_ENOUGH_TO_CUT * (bottom - top):
        return []
    box = mask[top:bottom, left:right]
    runs = (np.diff(box.astype(np.int8), axis=0, prepend=0) == 1).sum(axis=0)
    ink = box.sum(axis=0)
    width = right - left
    middle = np.arange(int(0.2 * width), int(0.8 * width) + 1)
    once = [column for column in middle if runs[column] == 1]
    # Neighbouring columns are one place to cut: keep the thinnest of each stretch.
    places = []
    for column in sorted(once, key=lambda column: (ink[column], column)):
        if all(abs(column - other) > width // 10 for other in places):
            places.append(column)
    return [left + column for column in places[:most]]


def split_at(mask, column):
    """`mask` cut at `column`: (the part to its left, the part from it rightwards)."""
    left, right = mask.copy(), mask.copy()
    left[:, column:] = False
    right[:, :column] = False
    return left, right
