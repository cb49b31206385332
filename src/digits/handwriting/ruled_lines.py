"""Ruled and squared paper: straight lines that cross the sheet, told from a digit's strokes and removed."""

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from digits.handwriting.masks import stroke_width

# A straight run is bridged over gaps of up to this share of the image's side.
BRIDGED_GAP = 0.02


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
    the crop cut through. A run may have gaps of up to BRIDGED_GAP of the image's side: a faint
    line on a photo breaks up where its ink falls under the threshold or noise cuts it."""
    length = max(3, int(mask.shape[axis] * 0.6))
    gap = max(3, int(mask.shape[axis] * BRIDGED_GAP))
    along = (lambda size: np.ones((1, size))) if axis == 1 else (lambda size: np.ones((size, 1)))
    bridged = ndimage.binary_closing(mask, structure=along(gap))
    labels, count = ndimage.label(ndimage.binary_opening(bridged, structure=along(length)))
    runs = []
    for index in range(1, count + 1):
        pixels = (labels == index) & mask
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
    """Three or more straight runs spaced evenly (within a quarter of their spacing; or each gap a
    whole number of one spacing, within a quarter of it: a line the writing hides across most of its
    length is not found, and leaves a double gap) and thin next to that spacing (each under a fifth
    of it), as the lines of ruled or squared paper are; the bars of an 8 or a 3 cropped tightly are
    as thick as a third of their spacing."""
    if len(runs) < 3:
        return False
    gaps = np.diff(sorted(run.position for run in runs))
    if gaps.min() <= 0:
        return False
    thickest = max(run.thickness for run in runs)
    if np.std(gaps) <= 0.25 * np.mean(gaps):
        return bool(thickest < 0.2 * np.mean(gaps))
    steps = np.round(gaps / gaps.min())
    spacing = gaps.sum() / steps.sum()
    return bool(np.all(np.abs(gaps - steps * spacing) <= 0.25 * spacing) and thickest < 0.2 * spacing)


def _is_paper_line(run, ruled, width):
    """A straight run with paper on both sides for half its length or more (a straight part of a
    curved stroke has ink beside it), and one of a ruled series, or crossing the whole image
    (85% of it) clearly thinner than the strokes (under 60% of their width, by 1.5 pixels or more)."""
    thin = run.crossed >= 0.85 and run.thickness < 0.6 * width and width - run.thickness >= 1.5
    return run.isolated >= 0.5 and (ruled or thin)


def remove_ruled_lines(mask):
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
