"""Continental 1s made from MNIST's: a 1 given a long flag from its top.

Much of Europe writes a 1 with a long flag from its top (and crosses its 7s); MNIST's writers seldom
do, and a network trained on MNIST alone reads such a 1 as a 7. `flagged_one` draws the flag on one
of train.csv's own 1s: from the top of its skeleton, a stroke down to the left at an angle to the
stem, as long as a fifth to nearly half the 1's height, in the 1's own pen width and brightness, then
frames the whole as MNIST frames a digit."""

import numpy as np
from PIL import Image, ImageDraw

from digits.verifier.non_digits import framed

LENGTHS = (0.2, 0.45)  # the flag's length, a share of the 1's height
DRAWN_AT = 4  # the flag is drawn on the 1 enlarged this many times, then the whole framed as MNIST frames
INK = 0.4  # a pixel brighter than this is the 1's ink, whose skeleton gives the flag's start


def flagged_one(image, rng, angles):
    """MNIST's 1 `image` (28x28, [0, 1]) with a flag: from the top of its skeleton (scikit-image), a
    stroke down to the left at an angle to the stem's direction drawn from `angles` (degrees), of a
    length drawn from LENGTHS, in the 1's pen width and brightness. None for a mark too small."""
    from skimage.morphology import skeletonize

    ink = image > INK
    rows, columns = np.nonzero(skeletonize(ink))
    if rows.size < 8:
        return None
    height = rows.max() - rows.min() + 1
    top = np.argmin(rows)
    upper = rows < rows.min() + height / 3
    stem = np.arctan2(rows[upper].mean() - rows[top], columns[upper].mean() - columns[top])
    direction = stem + np.deg2rad(rng.uniform(*angles))  # turned from down towards the left
    length = rng.uniform(*LENGTHS) * height
    pen = max(1, round(ink.sum() / rows.size * DRAWN_AT))
    start = ((columns[top] + 0.5) * DRAWN_AT, (rows[top] + 0.5) * DRAWN_AT)
    end = (start[0] + length * np.cos(direction) * DRAWN_AT, start[1] + length * np.sin(direction) * DRAWN_AT)
    brightness = int(255 * np.percentile(image[ink], 75))
    side = image.shape[0] * DRAWN_AT
    large = Image.fromarray(np.uint8(np.clip(image, 0, 1) * 255)).resize((side, side), Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(large)
    draw.line([start, end], fill=brightness, width=pen)
    for x, y in (start, end):
        draw.ellipse([x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2], fill=brightness)
    return framed(np.asarray(large, dtype=np.float32) / 255, narrowest=0)


def flagged_ones(images, rng, angles):
    """flagged_one of each of `images` (uint8 28x28), those too small left out, as float32 network
    input (N, 28, 28, 1)."""
    flagged = [flagged_one(image / 255.0, rng, angles) for image in images]
    return np.stack([image for image in flagged if image is not None])[..., np.newaxis]
