"""Small operations on grey images and ink masks that every stage of preprocessing uses."""

import numpy as np
from PIL import Image
from scipy import ndimage
from skimage.filters import threshold_otsu


def resize(values, size):
    """Resize a float image to `size` (width, height) with anti-aliasing."""
    image = Image.fromarray(np.ascontiguousarray(values, dtype=np.float32), mode="F")
    return np.asarray(image.resize(size, Image.Resampling.LANCZOS), dtype=np.float32)


def otsu_threshold(values):
    """The threshold that best separates `values` (in [0, 1]) into two classes: Otsu's method
    (scikit-image) on 256 bins of [0, 1] whatever the values' own range, the bins the rules'
    thresholds were chosen with. Values all of one grey: the first bin's centre."""
    counts, edges = np.histogram(values, bins=256, range=(0.0, 1.0))
    centres = (edges[:-1] + edges[1:]) / 2
    if np.count_nonzero(counts) < 2:  # nothing to separate (scikit-image would raise)
        return float(centres[0])
    return float(threshold_otsu(hist=(counts, centres)))


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


def pieces(mask, smallest):
    """How many connected pieces of at least `smallest` pixels `mask` has."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    return int(np.sum(np.bincount(labels.ravel())[1:] >= smallest)) if count else 0


def ring_around(image, top, left, bottom, right, margin):
    """The box (top, left, bottom, right) of `image` grown by `margin` on every side (clipped to the
    image), as a pair of slices, and the boolean ring of that grown box that lies outside the box."""
    around = (slice(max(0, top - margin), bottom + margin), slice(max(0, left - margin), right + margin))
    ring = np.ones(image[around].shape, dtype=bool)
    ring[top - around[0].start: bottom - around[0].start, left - around[1].start: right - around[1].start] = False
    return around, ring


def border_pixels(shape):
    border = np.zeros(shape, dtype=bool)
    border[0], border[-1], border[:, 0], border[:, -1] = True, True, True, True
    return border


def edges_touched(mask):
    """How many of the image's four edges `mask` reaches."""
    return int(mask[0].any()) + int(mask[-1].any()) + int(mask[:, 0].any()) + int(mask[:, -1].any())


def solidity(region):
    """The region's area over the area of its convex hull: 1 for a strip or a triangle."""
    from scipy.spatial import ConvexHull, QhullError

    rows, columns = np.nonzero(region)
    corners = np.concatenate([np.stack([rows + dr, columns + dc], axis=1) for dr in (0, 1) for dc in (0, 1)])
    try:
        return float(region.sum() / ConvexHull(corners).volume)
    except QhullError:  # a single row or column: as solid as it gets
        return 1.0


def disk(radius):
    offsets = np.arange(-int(np.ceil(radius)), int(np.ceil(radius)) + 1)
    return np.hypot(*np.meshgrid(offsets, offsets)) <= radius
