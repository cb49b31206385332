"""Draw ourdata/phone/: synthetic phone photos of a pen digit on paper, and tiny frame-touching scans.

Two kinds, both drawn from the hand-designed skeletons of make_images.py and make_hard_images.py
(never from MNIST, a font or a real photo):
- photo (40, four per digit): a 2016x1512 (or 1512x2016) photo of a sheet of paper with a small
  digit written in ballpoint pen: a 2-5 pixel stroke, the digit 8-15% of the frame's height and
  well off-centre; paper with its own texture and a gradient of daylight; a large shadow of the phone
  and hand over a third to a half of the sheet (30-50% darker), with a straight or curved edge, hard
  or soft, that may cross the digit; camera blur, sensor noise and JPEG at quality 85; some show a
  strip of table along one border; some are stored sideways with an EXIF orientation tag (6, 8 or 3).
- tiny (20, two per digit): a digit scanned, size-normalised to touch every side of its frame and
  reduced to 8x8 or 12x12 pixels, as the UCI digits are; one dark on light, one light on dark.
Run once with `python ourdata/make_phone_photos.py`; the images are committed.
"""

import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_hard_images import ink_coverage  # noqa: E402  (scripts beside this one, not a package)

OUT_DIR = Path(__file__).resolve().parent / "phone"
SEED = 5292005  # other hands than make_images.py's and make_hard_images.py's
PHOTO_SIZE = (2016, 1512)
# What an EXIF orientation tag asks a viewer to do, undone when the photo is stored: the stored
# pixels are the upright photo turned the other way.
STORED_SIDEWAYS = {6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270, 3: Image.Transpose.ROTATE_180}
EXIF_ORIENTATION = 0x0112


def paper_texture(shape, rng):
    """Paper grain: fine noise smoothed over a pixel or two, plus a faint blotchy fibre pattern."""
    grain = ndimage.gaussian_filter(rng.normal(0, 1, shape), 1.2)
    fibres = ndimage.gaussian_filter(rng.normal(0, 1, (shape[0] // 8 + 1, shape[1] // 8 + 1)), 2)
    fibres = ndimage.zoom(fibres, 8, order=1)[: shape[0], : shape[1]]
    return 0.025 * grain / grain.std() + 0.015 * fibres / fibres.std()


def daylight(shape, rng):
    """Uneven daylight: a linear gradient in a random direction, 10-25% from one side to the other."""
    rows, columns = np.mgrid[0 : shape[0], 0 : shape[1]]
    angle = rng.uniform(0, 2 * np.pi)
    position = (np.cos(angle) * columns / shape[1] + np.sin(angle) * rows / shape[0])
    position = (position - position.min()) / (position.max() - position.min())
    return 1.0 - rng.uniform(0.10, 0.25) * position


def shadow(shape, rng, soft):
    """The phone's and hand's shadow over a third to a half of the frame, 30-50% darker, behind a
    straight or a curved edge; `soft` blurs the edge over 40-90 pixels, else over 2-4."""
    rows, columns = np.mgrid[0 : shape[0], 0 : shape[1]].astype(float)
    covered = rng.uniform(0.33, 0.5)
    if rng.random() < 0.5:  # a straight edge at a random angle
        angle = rng.uniform(0, 2 * np.pi)
        signed = np.cos(angle) * columns + np.sin(angle) * rows
    else:  # a curved edge: the rim of a large disc centred off the frame
        centre = (rng.uniform(-0.6, 1.6) * shape[0], rng.choice([-0.5, 1.5]) * shape[1])
        signed = -np.hypot(rows - centre[0], columns - centre[1])
    inside = signed >= np.quantile(signed, 1 - covered)
    edge = rng.uniform(40, 90) if soft else rng.uniform(2, 4)
    darkness = rng.uniform(0.30, 0.50)
    return 1.0 - darkness * ndimage.gaussian_filter(inside.astype(float), edge)


def table_strip(shape, rng):
    """Where a strip of table shows beyond the sheet along one border (4-10% of the frame): a mask."""
    rows, columns = np.mgrid[0 : shape[0], 0 : shape[1]]
    side = rng.integers(0, 4)
    depth = rng.uniform(0.04, 0.10)
    tilt = rng.uniform(-0.03, 0.03)
    if side < 2:
        across = rows / shape[0] if side == 0 else 1 - rows / shape[0]
        return across < depth + tilt * (columns / shape[1] - 0.5)
    across = columns / shape[1] if side == 2 else 1 - columns / shape[1]
    return across < depth + tilt * (rows / shape[0] - 0.5)


def photo(digit, variant, rng, soft_shadow, with_table):
    """One upright synthetic phone photo (RGB) of `digit` written in ballpoint pen."""
    width, height = PHOTO_SIZE if rng.random() < 0.5 else PHOTO_SIZE[::-1]
    digit_height = int(rng.uniform(0.08, 0.15) * height)
    digit_width = int(digit_height * rng.uniform(0.65, 0.85))
    pen = rng.uniform(2, 5)
    # Well off-centre: the digit's centre at least a sixth of the frame away from the frame's centre.
    margin = int(0.12 * min(width, height))
    while True:
        left = int(rng.integers(margin, width - margin - digit_width))
        top = int(rng.integers(margin, height - margin - digit_height))
        centre = np.array([(left + digit_width / 2) / width, (top + digit_height / 2) / height])
        if np.abs(centre - 0.5).max() >= 1 / 6:
            break
    pad = int(3 * pen) + 8
    patch = ink_coverage(digit, variant, rng, (digit_width + 2 * pad, digit_height + 2 * pad),
                         (pad, pad, digit_width, digit_height), pen, rng.uniform(-0.25, 0.25), 0.0)
    coverage = np.zeros((height, width))
    coverage[top - pad : top + digit_height + pad, left - pad : left + digit_width + pad] = patch
    coverage = ndimage.gaussian_filter(coverage, rng.uniform(0.7, 1.4))  # the camera's blur

    shape = (height, width)
    paper = rng.uniform(0.78, 0.92) * (1 + paper_texture(shape, rng))
    # A ballpoint's line is far from black, and thinner than the camera's blur: its contrast is low.
    ink_darkness = rng.uniform(0.45, 0.65)
    brightness = paper * (1 - ink_darkness * coverage)
    if with_table:
        table = ndimage.gaussian_filter(table_strip(shape, rng).astype(float), 2)
        brightness = brightness * (1 - table) + rng.uniform(0.15, 0.35) * table
    brightness = brightness * daylight(shape, rng) * shadow(shape, rng, soft_shadow)
    warm = np.array([1.0, 0.97, 0.9]) if rng.random() < 0.5 else np.array([0.95, 0.97, 1.0])
    ink_colour = np.array([0.35, 0.4, 0.9]) if rng.random() < 0.6 else np.array([1.0, 1.0, 1.0])
    tint = warm * (1 - coverage[..., None]) + warm * ink_colour * coverage[..., None]
    rgb = brightness[..., None] * tint + rng.normal(0, 0.012, (height, width, 3))  # sensor noise
    return Image.fromarray(np.clip(rgb * 255, 0, 255).round().astype(np.uint8))


def tiny(digit, variant, rng, light_on_dark):
    """A digit that touches every side of its frame, reduced to 8x8 or 12x12 as a scanner's thumbnail
    (each pixel the mean ink of its block), dark on light or the reverse."""
    side = int(rng.choice([8, 12]))
    block = 4
    big = side * block
    pen = rng.uniform(0.10, 0.16) * big
    # Size-normalised: the skeleton's box is the frame, less half a pen, so the ink reaches every side.
    coverage = ink_coverage(digit, variant, rng, (big, big), (pen / 2, pen / 2, big - pen, big - pen), pen,
                            rng.uniform(-0.2, 0.2), 0.0)
    coverage = (coverage > 0.5).astype(float)  # the UCI scans were thresholded to a bitmap first
    counts = coverage.reshape(side, block, side, block).mean(axis=(1, 3))
    values = counts if light_on_dark else 1.0 - counts
    return Image.fromarray(np.clip(values * 255, 0, 255).round().astype(np.uint8))


def save(image, path, jpeg, orientation=None):
    """Write `image` as PNG or JPEG (quality 85), stored turned with an EXIF orientation tag if given."""
    buffer = io.BytesIO()
    options = {"quality": 85} if jpeg else {}
    if orientation:
        exif = Image.Exif()
        exif[EXIF_ORIENTATION] = orientation
        image = image.transpose(STORED_SIDEWAYS[orientation])
        options["exif"] = exif.tobytes()
    image.save(buffer, format="JPEG" if jpeg else "PNG", **options)
    path.write_bytes(buffer.getvalue())


def main():
    rng = np.random.default_rng(SEED)
    OUT_DIR.mkdir(exist_ok=True)
    for old in OUT_DIR.glob("[0-9]_*.*"):
        old.unlink()
    orientations = [None, 6, None, 8, None, 3, None]  # seven long: the tags fall on every kind of photo
    for digit in range(10):
        for index in range(4):
            soft = index % 2 == 0
            image = photo(digit, int(rng.integers(0, 10)), rng, soft_shadow=soft, with_table=index == 3)
            orientation = orientations[(digit * 4 + index) % len(orientations)]
            edge = "soft" if soft else "hard"
            save(image, OUT_DIR / f"{digit}_photo_{edge}_shadow_{index + 1}.jpg", jpeg=True, orientation=orientation)
    for digit in range(10):
        for index, light_on_dark in enumerate((False, True)):
            image = tiny(digit, int(rng.integers(0, 10)), rng, light_on_dark)
            tone = "light_on_dark" if light_on_dark else "dark_on_light"
            save(image, OUT_DIR / f"{digit}_tiny_{tone}.png", jpeg=False)


if __name__ == "__main__":
    main()
