"""The paper under the ink: its edge against a table, its brightness across the sheet, and which tone is ink."""

import numpy as np
from scipy import ndimage

from digits.handwriting.masks import border_pixels, otsu_threshold, pieces, resize, solidity, stroke_width

# Otsu's threshold splits an image into two tones; where that split explains less than this share of
# its grey values' variance (Otsu's own measure of separability), there are no two tones to count
# pieces of: paper under uneven light (a webcam's vignette, a shading) with a little ink. Of the
# images of ourdata/ and of the development set's tune part whose border is mixed, the grey photos of
# numbers whose pieces point the wrong way explain 0.48 to 0.58 of it, tight crops of thick strokes
# 0.87 and more (benchmarks/README.md, "Real handwriting", has the trial).
TWO_TONES = 0.75


def beyond_the_sheet(gray):
    """Where the photo shows what lies beyond the paper: a boolean mask, empty if the paper fills it.

    The sheet is the largest region of one tone (light paper, or a dark board), and it holds most
    of the border. Beyond its edge lies a region of the other tone that hugs the border: it is
    solid (a strip or a corner, at least 85% of its convex hull), runs along the border at least as
    far as along the paper (a stroke touching the border meets the paper along far more of its
    length), and at least twice as thick as the strokes of the digit on the paper. A digit
    that touches it is read as part of it and left alone: nothing is removed then.
    """
    threshold = otsu_threshold(gray)
    border = border_pixels(gray.shape)
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
                    and solidity(region) >= 0.85):
                beyond |= region
        strokes = other_tone & ~beyond
        if beyond.any() and strokes.any():
            thickness = ndimage.distance_transform_edt(beyond).max()
            if thickness >= 2 * max(stroke_width(strokes), 1.0):
                return beyond
    return np.zeros_like(gray, dtype=bool)


def paper_instead_of_beyond(gray, beyond):
    """`gray` with what lies beyond the sheet, its edge and the shadow along it, painted in the paper's tone."""
    margin = max(2, round(0.03 * max(gray.shape)))
    edge = ndimage.binary_dilation(beyond, iterations=margin)
    paper = np.median(gray[~edge]) if (~edge).any() else np.median(gray)
    threshold = otsu_threshold(gray)
    ink = (gray <= threshold) if np.median(gray[beyond]) <= threshold else (gray > threshold)
    # Ink near the edge (the digit) is kept; only the edge's own pixels are repainted.
    keep = ink & ~beyond & ~ndimage.binary_dilation(beyond, iterations=2)
    return np.where(edge & ~keep, paper, gray).astype(np.float32)


def ink_is_dark(gray):
    """Whether the ink is darker than the paper. The paper is what covers the border, where nine
    tenths of it agree (on one side of the image's Otsu threshold). A crop that cuts into the ink,
    a scan size-normalised to touch its frame, or a grey photo whose corners are darker (a webcam's
    vignette) leaves a mixed border. Where the image has two clear tones (`TWO_TONES`), the ink is then
    the side in fewer pieces: a digit is one or two strokes, while the paper left around it is in
    several (corners, a loop's hole); on a tie, dark ink on light paper, as most scans and photos are.
    Where it has not, the ink is the sparse tail of its grey values: dark where they are skewed
    towards dark (scipy's skewness), as a few dark strokes on much paper are."""
    from scipy.stats import skew

    dark = gray <= otsu_threshold(gray)
    border = np.concatenate([dark[0], dark[-1], dark[:, 0], dark[:, -1]])
    if not 0.1 < border.mean() < 0.9:
        return border.mean() <= 0.1
    if _split_explains(gray, dark) < TWO_TONES:
        return bool(skew(gray, axis=None) <= 0)
    smallest = max(2, dark.size // 100)
    dark_pieces, light_pieces = pieces(dark, smallest), pieces(~dark, smallest)
    return dark_pieces <= light_pieces


def _split_explains(gray, dark):
    """The share of `gray`'s variance that its split into `dark` and the rest explains (Otsu's
    separability: the variance between the two classes over the total)."""
    share = dark.mean()
    return float(share * (1 - share) * (gray[dark].mean() - gray[~dark].mean()) ** 2 / max(gray.var(), 1e-12))


def paper_brightness(ink, reduced_side=64):
    """The paper's slowly varying brightness under bright ink: the 25th percentile over a window a
    third of the image wide, computed on a copy reduced to `reduced_side` (shading varies slowly)."""
    height, width = ink.shape
    factor = min(1.0, reduced_side / max(height, width))
    small = resize(ink, (max(4, round(width * factor)), max(4, round(height * factor))))
    window = max(3, int(max(small.shape) / 3))
    paper = ndimage.uniform_filter(ndimage.percentile_filter(small, 25, size=window), window)
    return resize(paper, (width, height))


def _border_halves(shape, band=2):
    """The border `band` pixels deep, cut into the two halves of each side: eight index pairs."""
    height, width = shape
    rows = [(slice(0, band), slice(0, width // 2)), (slice(0, band), slice(width // 2, width))]
    rows += [(slice(height - band, height), columns) for _, columns in rows]
    columns = [(slice(0, height // 2), slice(0, band)), (slice(height // 2, height), slice(0, band))]
    columns += [(rows_, slice(width - band, width)) for rows_, _ in columns]
    return rows + columns


def paper_is_uneven(ink, rough_ink):
    """Whether the paper's brightness varies across the image. Light that varies across a sheet moves
    whole stretches of its border (a shadow covers a side, a lamp brightens one end), while the haze
    around strokes that touch the frame (a blurred or enlarged scan, where a block is partly inked)
    raises only the pixels beside them. So the border is read in halves of each side, by the median
    of its paper (the ink and two pixels around it excluded), and the paper is uneven if those
    medians spread over more than a sixth of the range between paper and ink. A half mostly taken
    for ink is a shadow, not a stroke, if its level is nearer the paper's than the strokes'."""
    paper = ~ndimage.binary_dilation(rough_ink, iterations=2)
    halves = _border_halves(ink.shape)
    levels = [np.median(ink[half][paper[half]]) for half in halves if paper[half].mean() >= 0.5]
    if not levels:
        return False  # the ink covers the border: the digit fills the frame, there is no paper to read
    paper_level = np.median(levels)
    ink_level = np.percentile(ink[rough_ink], 90) if rough_ink.any() else ink.max()
    inked = [np.median(ink[half][rough_ink[half]]) for half in halves if rough_ink[half].mean() >= 0.5]
    levels += [level for level in inked if level - paper_level < (ink_level - paper_level) / 2]
    return bool(max(levels) - min(levels) > (ink_level - paper_level) / 6)


def paper_only(gray):
    """A photo of a sheet that does not fill the frame: the table or wall beyond the paper's edge is
    not ink, so it is painted in the paper's tone before anything else reads the image.
    Returns (the image, a despeckled copy, the mask of what lay beyond the sheet)."""
    despeckled = ndimage.median_filter(gray, size=3)  # lone noisy pixels must not decide
    beyond = beyond_the_sheet(despeckled)
    if beyond.any():
        gray = paper_instead_of_beyond(gray, beyond)
        despeckled = ndimage.median_filter(gray, size=3)
    return gray, despeckled, beyond
