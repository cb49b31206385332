"""Second opinions on where the ink is, for the images the one-digit chain gives up on.

digits.handwriting.to_mnist.ink_marks commits early to one reading of an image (photo or not, which
polarity, even light or not) and says "no digit found" where that reading fails: a phone photo whose
shadow runs off its edges, thin light strokes on a dark board. Here the same image is read several
ways with scikit-image's building blocks, with no decision taken before the networks see the result:

- the paper's light flattened as in a phone photo (digits.handwriting.photo.ink_residuals: a
  grey-level closing for dark ink, an opening for light ink), over a window of a sixteenth and of a
  quarter of the image (thin pen strokes; thick marker strokes, which the narrow window would hollow
  out);
- Otsu's threshold on what stands out;
- ruled or squared paper's lines removed (digits.handwriting.ruled_lines), so that a digit written
  touching a line is not dropped with it;
- what touches the image's edge dropped (a shadow's or a table's edge, the sheet's border), specks
  (small for the frame, and for the largest mark: a page of small digits keeps them), and marks no
  darker (or, light ink, lighter) than the paper around them.

The number reader (digits.handwriting.read_number) reads every candidate and keeps the one its
networks find likeliest; the verifier refuses the marks that are not digits.
"""

import numpy as np
from skimage.filters import threshold_otsu
from skimage.measure import label, regionprops
from skimage.morphology import remove_small_objects
from skimage.segmentation import clear_border
from skimage.transform import resize

from digits.handwriting.masks import ring_around
from digits.handwriting.photo import ink_residuals
from digits.handwriting.ruled_lines import remove_ruled_lines
from digits.handwriting.to_mnist import MIN_CONTRAST, InkMarks, enlarged_if_tiny

# Candidates are made on a copy of this longer side: a pen digit a tenth of a phone photo's height is
# still 50 pixels tall there, and a 12-megapixel photo costs milliseconds.
CANDIDATE_SIDE = 512
# The paper's light is estimated over windows of these shares of the longer side.
WINDOW_SHARES = (1 / 16, 1 / 4)
# A stroke stands out at least this much (a share of the brightest mark) above the paper.
THRESHOLD_FLOOR = 0.15
# Marks smaller than this share of the image are specks, or than this share of the largest mark where
# that is smaller: on a page of small digits every digit is under the first.
SPECK_SHARE, SPECK_OF_LARGEST = 0.0005, 0.25


def _working_copy(gray):
    scale = CANDIDATE_SIDE / max(gray.shape)
    if scale >= 1:
        return enlarged_if_tiny(gray)
    shape = (max(4, round(gray.shape[0] * scale)), max(4, round(gray.shape[1] * scale)))
    return resize(gray, shape, anti_aliasing=True).astype(np.float32)


def _without_specks(mask):
    if not mask.any():
        return mask
    largest = int(np.bincount(label(mask, connectivity=1).ravel())[1:].max())
    return remove_small_objects(mask, max_size=max(4, int(min(SPECK_SHARE * mask.size, SPECK_OF_LARGEST * largest))))


def _against_the_paper(gray, mask, dark_ink):
    """`mask` without the marks no darker (dark ink) or lighter (light ink) than the paper around
    them, a ring half their size wide: between the strokes of a bold letter the closing's "paper" is
    the strokes themselves, and the background caught between them stands out as "ink" that is no
    darker than the background beyond the letter."""
    labels = label(mask, connectivity=1)
    for mark in regionprops(labels, intensity_image=gray):
        top, left, bottom, right = mark.bbox
        margin = max(2, max(bottom - top, right - left) // 2)
        around, ring = ring_around(gray, top, left, bottom, right, margin)
        contrast = float(np.median(gray[around][ring]) - np.median(mark.image_intensity[mark.image]))
        if (contrast if dark_ink else -contrast) < MIN_CONTRAST:
            mask = mask & (labels != mark.label)
    return mask


def flattened_ink_candidates(gray, source="image"):
    """The candidate InkMarks of a grayscale image (float in [0, 1]): one per window and polarity
    where a mark stands out, none on a blank image. Their masks hold no mark touching the edge."""
    gray = _working_copy(np.asarray(gray, dtype=np.float32))
    candidates = []
    for share in WINDOW_SHARES:
        window = max(9, round(max(gray.shape) * share)) | 1
        for dark_ink, (flat, _) in zip((True, False), ink_residuals(gray, window)):
            if flat.max() < MIN_CONTRAST:
                continue
            flat = (flat / flat.max()).astype(np.float32)
            threshold = max(float(threshold_otsu(flat)), THRESHOLD_FLOOR)
            inside = clear_border(remove_ruled_lines(flat > threshold))
            mask = _against_the_paper(gray, _without_specks(inside), dark_ink)
            if mask.any():
                steps = {"ink against the paper": flat, "ink mask": mask.astype(np.float32)}
                polarity = "dark" if dark_ink else "light"
                way = f"{polarity} ink, 1/{round(1 / share)}-side window, threshold {threshold:.2f}"
                candidates.append(InkMarks(flat, mask, threshold, steps, source, way))
    return candidates
