"""Draw ourdata/hard/: digits that fill their frame, the kind of image that defeated the preprocessing.

Five kinds, eleven images per digit (110 in all), each drawn stroke by stroke from hand-designed
skeletons (those of make_images.py and more variants below), never from MNIST or a font:
- fill: the digit fills most of a small image, with thick strokes softened by blur;
- tight: cropped so tightly around the digit that its ink touches the border;
- lowres: drawn 8 to 16 pixels high, then enlarged 5 to 10 times with blur, as a thumbnail or a
  low-resolution scan is;
- brush: a thick brush on a small canvas (24 to 40 pixels);
- thin: a hairline on a big canvas;
- sheet (two per digit, 20 in all, drawn after the others with a seed of their own): a small digit on
  a sheet of paper that does not fill the photo: a band of table or wall along one edge, or a corner
  of it, beyond the paper's slightly tilted edge and its shadow; light paper on a dark table, or a
  dark board (chalk-like strokes) against a light wall.
Strokes are drawn four times larger and reduced, so their edges are anti-aliased like a scan's.
Run once with `python ourdata/make_hard_images.py`; the images are committed.
"""

import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from scipy import ndimage

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_images import SKELETONS, arc  # noqa: E402  (a script beside this one, not a package)

OUT_DIR = Path(__file__).resolve().parent / "hard"
SEED = 5292003  # not make_images.py's seed: other hands
SUPERSAMPLE = 4

# More ways of writing each digit, so that the set is not one hand's: per digit a list of
# skeletons, each a list of strokes, each a list of (x, y) points in a unit box.
EXTRA_SKELETONS = {
    0: [[arc(0.5, 0.5, 0.24, 0.46, -80, 290)]],
    1: [[[(0.3, 0.25), (0.55, 0.05), (0.55, 0.95)], [(0.32, 0.95), (0.78, 0.95)]]],
    2: [[arc(0.5, 0.28, 0.27, 0.22, 190, 360) + [(0.3, 0.85)] + arc(0.26, 0.88, 0.07, 0.07, -60, 300)
         + [(0.85, 0.93)]]],
    3: [[[(0.2, 0.08), (0.8, 0.08), (0.45, 0.42)] + arc(0.47, 0.68, 0.32, 0.27, -90, 150)]],
    4: [[[(0.58, 0.05), (0.15, 0.65), (0.85, 0.65)], [(0.62, 0.32), (0.62, 0.95)]]],
    5: [[[(0.78, 0.05), (0.3, 0.05), (0.27, 0.42)] + arc(0.5, 0.65, 0.3, 0.3, -150, 150)]],
    6: [[arc(0.62, 0.45, 0.38, 0.42, 250, 180) + arc(0.5, 0.72, 0.26, 0.23, 180, 540)]],
    7: [[[(0.15, 0.08), (0.85, 0.08), (0.7, 0.35), (0.5, 0.7), (0.45, 0.95)]]],
    8: [[arc(0.5, 0.26, 0.2, 0.21, 0, 360), arc(0.5, 0.7, 0.27, 0.25, 0, 360)]],
    9: [[arc(0.48, 0.3, 0.27, 0.25, 0, 360), [(0.75, 0.3), (0.75, 0.95)]]],
}


def skeleton_for(digit, variant):
    choices = SKELETONS[digit] + EXTRA_SKELETONS[digit]
    return choices[variant % len(choices)]


def ink_coverage(digit, variant, rng, size, box, width, slant, blur):
    """How much ink covers each pixel (0-1) of a canvas of `size` (w, h): the digit drawn in `box`
    (left, top, width, height) with strokes `width` pixels wide, softened by `blur` pixels."""
    big = Image.new("L", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), 0)
    draw = ImageDraw.Draw(big)
    left, top, box_width, box_height = (value * SUPERSAMPLE for value in box)
    pen = max(1, round(width * SUPERSAMPLE))
    for stroke in skeleton_for(digit, variant):
        points = np.array(stroke, dtype=float)
        points += rng.normal(0, 0.015, points.shape)
        points[:, 0] = 0.5 + (points[:, 0] - 0.5) * 0.8 + slant * (0.5 - points[:, 1])
        xy = [(left + x * box_width, top + y * box_height) for x, y in points]
        draw.line(xy, fill=255, width=pen, joint="curve")
        for x, y in (xy[0], xy[-1]):
            draw.ellipse([x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2], fill=255)
    if blur > 0:
        big = big.filter(ImageFilter.GaussianBlur(blur * SUPERSAMPLE))
    return np.asarray(big.resize(size, Image.Resampling.BOX), dtype=float) / 255.0


def on_paper(coverage, rng, dark_paper=False, noise=0.0):
    """Ink coverage -> an 8-bit grayscale image: ink of its own darkness on paper of its own shade."""
    paper = rng.uniform(0.82, 0.98)
    ink = rng.uniform(0.02, 0.3)
    values = paper + (ink - paper) * coverage
    if noise:
        values = values + rng.normal(0, noise, values.shape)
    if dark_paper:
        values = 1.0 - values
    return Image.fromarray(np.clip(values * 255, 0, 255).round().astype(np.uint8))


def fill(digit, variant, rng):
    side = int(rng.integers(48, 161))
    height = side * rng.uniform(0.86, 0.98)
    width = side * rng.uniform(0.8, 0.98)
    box = ((side - width) / 2, (side - height) / 2, width, height)
    coverage = ink_coverage(digit, variant, rng, (side, side), box, height * rng.uniform(0.11, 0.2),
                            rng.uniform(-0.25, 0.3), side * rng.uniform(0.01, 0.03))
    return on_paper(coverage, rng, dark_paper=rng.random() < 0.2, noise=rng.choice([0.0, 0.02]))


def tight(digit, variant, rng):
    side = int(rng.integers(80, 201))
    box = (side * 0.15, side * 0.1, side * 0.7, side * 0.8)
    coverage = ink_coverage(digit, variant, rng, (side, side), box, side * rng.uniform(0.07, 0.14),
                            rng.uniform(-0.2, 0.3), side * rng.uniform(0.005, 0.015))
    rows, columns = np.nonzero(coverage > 0.5)
    inset = int(rng.integers(0, 3))  # 0: the crop grazes the ink; more: it cuts into it
    crop = coverage[rows.min() + inset: rows.max() + 1 - inset, columns.min() + inset: columns.max() + 1 - inset]
    return on_paper(crop, rng, dark_paper=rng.random() < 0.2)


def lowres(digit, variant, rng):
    height = int(rng.integers(8, 17))
    size = (height + int(rng.integers(1, 5)), height + int(rng.integers(1, 5)))
    box = ((size[0] - height * 0.85) / 2, (size[1] - height) / 2, height * 0.85, height)
    coverage = ink_coverage(digit, variant, rng, size, box, rng.uniform(1.2, 2.6), rng.uniform(-0.2, 0.3), 0.3)
    small = on_paper(coverage, rng, dark_paper=rng.random() < 0.2)
    factor = int(rng.integers(5, 11))
    enlarged = small.resize((size[0] * factor, size[1] * factor), rng.choice([Image.Resampling.BICUBIC,
                                                                             Image.Resampling.BILINEAR]))
    return enlarged.filter(ImageFilter.GaussianBlur(factor * rng.uniform(0.2, 0.5)))


def brush(digit, variant, rng):
    side = int(rng.integers(24, 41))
    height = side * rng.uniform(0.72, 0.95)
    box = ((side - height * 0.85) / 2, (side - height) / 2, height * 0.85, height)
    coverage = ink_coverage(digit, variant, rng, (side, side), box, rng.uniform(4, 7), rng.uniform(-0.2, 0.3), 0.4)
    return on_paper(coverage, rng, dark_paper=rng.random() < 0.3)


def thin(digit, variant, rng):
    size = (int(rng.integers(600, 1401)), int(rng.integers(600, 1201)))
    height = min(size) * rng.uniform(0.3, 0.7)
    box = (rng.uniform(0.1, 0.9) * (size[0] - height), rng.uniform(0.1, 0.9) * (size[1] - height), height * 0.85, height)
    coverage = ink_coverage(digit, variant, rng, size, box, rng.uniform(1.0, 2.2), rng.uniform(-0.2, 0.3), 0.0)
    return on_paper(coverage, rng, noise=0.01)


def _beyond_edge(size, rng):
    """Where the photo shows what lies beyond the sheet: a boolean mask, True off the paper, cut
    by a slightly tilted straight edge along one side, or by a diagonal one across a corner."""
    width, height = size
    rows, columns = np.mgrid[0:height, 0:width]
    if rng.random() < 0.6:  # a band along one edge
        side = int(rng.integers(4))
        depth = rng.uniform(0.08, 0.25)
        tilt = rng.uniform(-0.06, 0.06)
        across, along, extent = ((columns / width, rows / height, 1) if side in (0, 1) else (rows / height, columns / width, 1))
        across = across if side in (0, 2) else 1 - across
        return across < depth + tilt * (along - 0.5) * extent
    corner = int(rng.integers(4))
    x = columns / width if corner in (0, 2) else 1 - columns / width
    y = rows / height if corner in (0, 1) else 1 - rows / height
    return x / rng.uniform(0.25, 0.5) + y / rng.uniform(0.25, 0.5) < 1


def sheet(digit, variant, rng, dark_board=False):
    size = (int(rng.integers(320, 901)), int(rng.integers(280, 801)))
    off_paper = _beyond_edge(size, rng)
    # A small digit on the paper, kept clear of its edge.
    height = min(size) * rng.uniform(0.2, 0.45)
    rows, columns = np.nonzero(~off_paper)
    for _ in range(100):
        left = rng.uniform(0.05, 0.95) * (size[0] - height)
        top = rng.uniform(0.05, 0.95) * (size[1] - height)
        box = (left, top, height * 0.85, height)
        margin = int(0.06 * min(size))
        window = off_paper[max(0, int(top) - margin): int(top + height) + margin,
                           max(0, int(left) - margin): int(left + height) + margin]
        if not window.any():
            break
    coverage = ink_coverage(digit, variant, rng, size, box, height * rng.uniform(0.06, 0.12),
                            rng.uniform(-0.2, 0.3), 0.6)
    paper, ink, beyond = ((rng.uniform(0.08, 0.25), rng.uniform(0.75, 0.95), rng.uniform(0.8, 0.97)) if dark_board
                          else (rng.uniform(0.8, 0.97), rng.uniform(0.02, 0.3), rng.uniform(0.03, 0.35)))
    values = paper + (ink - paper) * coverage
    # The sheet's shadow falls on the paper along its edge; the table or wall has a grain of its own.
    distance = ndimage.distance_transform_edt(~off_paper)
    values = values * (1 - 0.35 * np.exp(-distance / (0.015 * min(size))))
    grain = ndimage.gaussian_filter(rng.normal(0, 0.05, off_paper.shape), 3)
    values = np.where(off_paper, beyond + grain, values) + rng.normal(0, 0.01, values.shape)
    image = Image.fromarray(np.clip(values * 255, 0, 255).round().astype(np.uint8))
    return image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.2)))


# Per digit: (kind, how many); 11 images per digit.
KINDS = [(fill, 3), (tight, 2), (lowres, 3), (brush, 2), (thin, 1)]
SHEET_SEED = SEED + 1


def main():
    rng = np.random.default_rng(SEED)
    OUT_DIR.mkdir(exist_ok=True)
    for old in OUT_DIR.glob("[0-9]_*.*"):
        old.unlink()
    for digit in range(10):
        variant = int(rng.integers(0, 10))
        for kind, count in KINDS:
            for index in range(count):
                image = kind(digit, variant, rng)
                variant += 1
                jpeg = rng.random() < 0.25
                path = OUT_DIR / f"{digit}_{kind.__name__}_{index + 1}.{'jpg' if jpeg else 'png'}"
                buffer = io.BytesIO()
                image.save(buffer, format="JPEG" if jpeg else "PNG", **({"quality": 80} if jpeg else {}))
                path.write_bytes(buffer.getvalue())
    # The sheets come after, from a generator of their own, so that the images above stay as they were.
    rng = np.random.default_rng(SHEET_SEED)
    for digit in range(10):
        for index, dark_board in enumerate((False, True)):
            image = sheet(digit, int(rng.integers(0, 10)), rng, dark_board=dark_board)
            jpeg = rng.random() < 0.5
            path = OUT_DIR / f"{digit}_sheet_{index + 1}.{'jpg' if jpeg else 'png'}"
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG" if jpeg else "PNG", **({"quality": 85} if jpeg else {}))
            path.write_bytes(buffer.getvalue())


if __name__ == "__main__":
    main()
