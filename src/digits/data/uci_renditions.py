"""MNIST digits reduced as the UCI digits were: thresholded, fitted into a 32x32 bitmap and counted
in 4x4 blocks to 8x8 images of ink counts 0-16, in two renditions (benchmarks/low_resolution_study.py
fine-tunes best_cnn on them)."""

import numpy as np
from PIL import Image
from scipy import ndimage

from digits.data.labelled_images import UCI_LEVELS

BITMAP, BLOCK = 32, 4


def _resize(image, size):
    """`image` (float) resized to `size` (width, height), bilinear: it is thresholded after, and
    digits.handwriting.masks.resize's Lanczos rings around a bitmap's edges."""
    picture = Image.fromarray(np.asarray(image, dtype=np.float32), mode="F")
    return np.asarray(picture.resize(size, Image.Resampling.BILINEAR))


def _counts(bitmap):
    """A 32x32 bitmap as an 8x8 dark-on-light grayscale image of ink counts, like load_uci_digits's."""
    counts = bitmap.reshape(BITMAP // BLOCK, BLOCK, BITMAP // BLOCK, BLOCK).sum(axis=(1, 3))
    return 1.0 - counts.astype(np.float32) / UCI_LEVELS


def _cropped_bitmap(image, upscale=1):
    on = _resize(image, (28 * upscale, 28 * upscale)) > 0.5 if upscale > 1 else image > 0.5
    rows, columns = np.nonzero(on)
    return on[rows.min(): rows.max() + 1, columns.min(): columns.max() + 1]


def block_counts(image, rng):
    """UCI's reduction as described: thresholded, fitted to 32x32 (aspect kept or stretched), 8x8 counts."""
    on = _cropped_bitmap(image)
    height, width = on.shape
    if rng.random() < 0.5:
        size = (BITMAP, BITMAP)
    else:
        factor = BITMAP / max(height, width)
        size = (max(1, round(width * factor)), max(1, round(height * factor)))
    bitmap = np.zeros((BITMAP, BITMAP), dtype=bool)
    top, left = (BITMAP - size[1]) // 2, (BITMAP - size[0]) // 2
    bitmap[top: top + size[1], left: left + size[0]] = _resize(on, size) > 0.5
    return _counts(bitmap)


def without_slant(on):
    """`on` sheared so that its principal axis is upright (slant removed by moments)."""
    rows, columns = np.nonzero(on)
    centred_rows = rows - rows.mean()
    shear = float((centred_rows * (columns - columns.mean())).mean() / max((centred_rows**2).mean(), 1e-6))
    moved = np.round(columns - shear * centred_rows).astype(int)
    moved -= moved.min()
    upright = np.zeros((on.shape[0], moved.max() + 1), dtype=bool)
    upright[rows, moved] = True
    return upright


def size_normalised(image, rng):
    """NIST-style normalisation: full height, part of the width, slant removed on half, even strokes."""
    on = _cropped_bitmap(image, upscale=2)
    if rng.random() < 0.5:
        on = without_slant(on)
        rows, columns = np.nonzero(on)
        on = on[rows.min(): rows.max() + 1, columns.min(): columns.max() + 1]
    height, width = on.shape
    natural = width * BITMAP / height * rng.uniform(1.0, 1.5)
    width = int(np.clip(round(min(natural, BITMAP * rng.uniform(0.6, 0.8))), 3, BITMAP))
    bitmap = np.zeros((BITMAP, BITMAP), dtype=bool)
    left = (BITMAP - width) // 2
    bitmap[:, left: left + width] = _resize(on, (width, BITMAP)) > 0.5
    target = rng.uniform(0.2, 0.35) * BITMAP**2
    for _ in range(4):  # widen the strokes towards the target share of ink, never far past it
        grown = ndimage.binary_dilation(bitmap)
        if bitmap.sum() >= target or grown.sum() > 1.25 * target:
            break
        bitmap = grown
    return _counts(bitmap)


RENDERINGS = {"block counts": block_counts, "size-normalised": size_normalised}
