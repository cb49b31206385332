"""Stroke width like MNIST's: thin pen lines widened to the width the network was trained on."""

import numpy as np
from scipy import ndimage

from digits.handwriting.framing import DIGIT_BOX
from digits.handwriting.masks import disk, stroke_width

# MNIST's stroke width in pixels at 28x28 (twice the distance from a stroke's middle to its edge,
# measured as `stroke_width` does on 3,000 training digits, ink above half): the 5th percentile
# and the median (benchmarks/README.md, "MNIST's strokes").
MNIST_THINNEST_STROKE, MNIST_TYPICAL_STROKE = 2.0, 3.1


def thickened(cropped, mask):
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
    return ndimage.grey_dilation(padded, footprint=disk(radius)).astype(np.float32)
