"""Draw ourdata/numbers/: synthetic images of numbers of several digits, as people photograph them.

Every digit is drawn from the hand-designed skeletons of make_images.py and make_hard_images.py
(never from MNIST, a font or a real photo), each with its own jitter, size and place on a line that
wobbles a little, in one writer's slant. Eight kinds:
- webcam (8): a 640x480 webcam frame of 3-6 digits in marker: blur, sensor noise, dim uneven light,
  JPEG at quality 75;
- sheet (6): a sheet of 3-4 rows of 3-8 digits in pen, read top to bottom; some a crop of the page,
  some the page on a dark desk; one stored upside down with an EXIF orientation tag of 3;
- diagonal (6): 4-6 digits written along a line 15-40 degrees from the horizontal, up or down, every
  digit turned with the line, in a webcam frame;
- spaced (4): 3 digits far apart (one to two digit heights between them), in a webcam frame;
- phone (8): a 2016x1512 (or 1512x2016) phone photo of 2-5 pen digits, the number 6-12% of the
  frame's height, under the phone's and hand's shadow; some stored sideways with an EXIF tag;
- touching (6): 2-3 thick digits drawn on a white canvas so close that neighbours touch or overlap;
- ruled (8): a webcam frame of 2-5 pen digits on ruled paper (4) or squared paper (4), the printed
  lines paler than the ink and crossing the digits;
- small (4): a webcam frame of 2-5 digits reduced to 320x240 (a webcam's low setting, a photo sent
  on as a thumbnail), its vignette darkening the corners.
The file name is the number, then the kind (`2026_webcam_1.jpg`); a leading zero is kept.
Run once with `python ourdata/make_number_images.py`; the images are committed.
"""

import sys
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_hard_images import EXTRA_SKELETONS, ink_coverage  # noqa: E402  (scripts beside this one)
from make_images import SKELETONS  # noqa: E402
from make_phone_photos import daylight, paper_texture, save, shadow  # noqa: E402

OUT_DIR = Path(__file__).resolve().parent / "numbers"
SEED = 5292006  # other hands than the single-digit scripts'
WEBCAM_SIZE = (640, 480)
SMALL_WEBCAM_SIZE = (320, 240)
PHONE_SIZE = (2016, 1512)


def variants(digit):
    return len(SKELETONS[digit]) + len(EXTRA_SKELETONS[digit])


def number_text(rng, shortest, longest):
    return "".join(str(digit) for digit in rng.integers(0, 10, int(rng.integers(shortest, longest + 1))))


def written_line(text, rng, height, pen, gap, slant):
    """The ink coverage (0-1) of `text` written on one line: each digit `height` pixels tall (give or
    take a tenth), about 0.7 of that wide, `gap` times the height between their boxes (negative:
    overlapping; the skeletons leave about a tenth of the box blank on each side), its top wobbling
    by up to a tenth of the height. A 2-D array just large enough."""
    pad = int(2 * pen) + 4
    widths = [int(height * rng.uniform(0.6, 0.8)) for _ in text]
    step = [int(0.8 * width + gap * height) for width in widths]
    total = sum(step[:-1]) + widths[-1] + 2 * pad
    line = np.zeros((int(1.3 * height) + 2 * pad, max(total, widths[-1] + 2 * pad)))
    left = pad
    for character, width, advance in zip(text, widths, step):
        digit = int(character)
        digit_height = int(height * rng.uniform(0.9, 1.1))
        top = pad + int(rng.uniform(0, 0.1) * height) + (int(1.1 * height) - digit_height) // 2
        patch = ink_coverage(digit, int(rng.integers(0, variants(digit))), rng, (width + 2 * pad, digit_height + 2 * pad),
                             (pad, pad, width, digit_height), pen, slant + rng.normal(0, 0.04), 0.0)
        region = line[top - pad: top + digit_height + pad, left - pad: left + width + pad]
        region[:] = np.maximum(region, patch[: region.shape[0], : region.shape[1]])
        left += advance
    return line


def placed(coverage, shape, rng, margin=0.05):
    """`coverage` put at a random place of a frame of `shape` (rows, columns), `margin` of it clear."""
    frame = np.zeros(shape)
    rows, columns = coverage.shape
    if rows > shape[0] * (1 - 2 * margin) or columns > shape[1] * (1 - 2 * margin):
        scale = min(shape[0] * (1 - 2 * margin) / rows, shape[1] * (1 - 2 * margin) / columns)
        coverage = np.clip(ndimage.zoom(coverage, scale, order=1), 0, 1)
        rows, columns = coverage.shape
    top = int(rng.integers(int(margin * shape[0]), shape[0] - int(margin * shape[0]) - rows + 1))
    left = int(rng.integers(int(margin * shape[1]), shape[1] - int(margin * shape[1]) - columns + 1))
    frame[top: top + rows, left: left + columns] = coverage
    return frame


def on_camera_paper(coverage, rng, paper=(0.55, 0.85), ink=(0.55, 0.8), noise=0.03, blur=(0.8, 1.5), shade=None):
    """Ink coverage -> a grey camera frame (uint8 PIL image): paper of its own brightness and grain,
    ink of its own darkness, the camera's blur, uneven light (and a shadow, if `shade`), sensor noise."""
    shape = coverage.shape
    coverage = ndimage.gaussian_filter(coverage, rng.uniform(*blur))
    brightness = rng.uniform(*paper) * (1 + paper_texture(shape, rng))
    brightness = brightness * (1 - rng.uniform(*ink) * coverage) * daylight(shape, rng)
    if shade is not None:
        brightness = brightness * shadow(shape, rng, soft=shade)
    rows, columns = np.mgrid[0: shape[0], 0: shape[1]]
    vignette = 1 - 0.25 * (((rows / shape[0] - 0.5) ** 2 + (columns / shape[1] - 0.5) ** 2) / 0.5)
    values = brightness * vignette + rng.normal(0, noise, shape)
    return Image.fromarray(np.clip(values * 255, 0, 255).round().astype(np.uint8))


def webcam(rng, text=None, gap=None, angle=0.0):
    text = text or number_text(rng, 3, 6)
    height = rng.uniform(0.15, 0.3) * WEBCAM_SIZE[1]
    gap = rng.uniform(0.05, 0.35) if gap is None else gap
    line = written_line(text, rng, height, pen=height * rng.uniform(0.07, 0.11), gap=gap, slant=rng.uniform(-0.2, 0.25))
    if angle:
        line = np.clip(ndimage.rotate(line, angle, order=1, reshape=True), 0, 1)
    frame = placed(line, WEBCAM_SIZE[::-1], rng)
    return text, on_camera_paper(frame, rng)


def sheet(rng, on_desk):
    """Rows of pen digits on a page: a crop of the page (about A4's shape), or the page on a dark desk."""
    rows = int(rng.integers(3, 5))
    texts = [number_text(rng, 3, 8) for _ in range(rows)]
    height = rng.uniform(32, 48)
    pen = rng.uniform(2, 3.5)
    slant = rng.uniform(-0.2, 0.25)
    lines = [written_line(text, rng, height, pen, rng.uniform(0.05, 0.3), slant) for text in texts]
    page_shape = (594, 420) if not on_desk else (560, 760)
    page = np.zeros(page_shape)
    top = int(rng.uniform(0.06, 0.12) * page_shape[0])
    for line in lines:
        line = line[:, : page_shape[1] - 40]
        left = int(rng.integers(15, max(16, page_shape[1] - line.shape[1] - 15)))
        page[top: top + line.shape[0], left: left + line.shape[1]] = line[: page_shape[0] - top]
        top += int(line.shape[0] * rng.uniform(1.0, 1.5))
    image = on_camera_paper(page, rng, paper=(0.75, 0.92), ink=(0.5, 0.7), noise=0.015, blur=(0.5, 1.0))
    if not on_desk:
        return "".join(texts), image
    desk = np.full((692, 922), rng.uniform(0.08, 0.2)) + rng.normal(0, 0.02, (692, 922))
    frame = Image.fromarray(np.clip(desk * 255, 0, 255).astype(np.uint8))
    frame.paste(image.rotate(rng.uniform(-3, 3), resample=Image.Resampling.BILINEAR, expand=False,
                             fillcolor=int(desk.mean() * 255)), (int(rng.integers(40, 110)), int(rng.integers(30, 100))))
    return "".join(texts), frame


def phone(rng):
    width, height = PHONE_SIZE if rng.random() < 0.5 else PHONE_SIZE[::-1]
    text = number_text(rng, 2, 5)
    digit_height = rng.uniform(0.06, 0.12) * height
    line = written_line(text, rng, digit_height, pen=rng.uniform(2.5, 5), gap=rng.uniform(0.05, 0.3),
                        slant=rng.uniform(-0.2, 0.25))
    frame = placed(line, (height, width), rng, margin=0.12)
    image = on_camera_paper(frame, rng, paper=(0.75, 0.9), ink=(0.45, 0.65), noise=0.012, blur=(0.7, 1.4),
                            shade=bool(rng.random() < 0.5))
    return text, image


def ruled(rng, squared):
    """A webcam frame of 2-5 pen digits on ruled (or squared) paper: the printed lines every 0.9-1.4
    digit heights, one or two pixels wide, paler than the ink, crossing the digits."""
    text = number_text(rng, 2, 5)
    height = rng.uniform(0.12, 0.22) * WEBCAM_SIZE[1]
    line = written_line(text, rng, height, pen=height * rng.uniform(0.06, 0.1), gap=rng.uniform(0.05, 0.3),
                        slant=rng.uniform(-0.2, 0.25))
    frame = placed(line, WEBCAM_SIZE[::-1], rng)
    spacing, width, paleness = height * rng.uniform(0.9, 1.4), int(rng.integers(1, 3)), rng.uniform(0.25, 0.45)
    printed = np.zeros_like(frame)
    for row in np.arange(rng.uniform(0, spacing), frame.shape[0], spacing):
        printed[int(row): int(row) + width] = paleness
    if squared:
        for column in np.arange(rng.uniform(0, spacing), frame.shape[1], spacing):
            printed[:, int(column): int(column) + width] = paleness
    return text, on_camera_paper(np.maximum(frame, printed), rng, paper=(0.7, 0.9), blur=(0.5, 1.0))


def small_webcam(rng):
    text, image = webcam(rng, text=number_text(rng, 2, 5))
    return text, image.resize(SMALL_WEBCAM_SIZE, Image.Resampling.BILINEAR)


def touching(rng):
    text = number_text(rng, 2, 3)
    height = rng.uniform(120, 200)
    line = written_line(text, rng, height, pen=height * rng.uniform(0.09, 0.14), gap=rng.uniform(-0.1, 0.0),
                        slant=rng.uniform(-0.15, 0.2))
    canvas = np.pad(line, 30)
    values = 1 - 0.95 * canvas
    return text, Image.fromarray(np.clip(values * 255, 0, 255).round().astype(np.uint8))


def main():
    rng = np.random.default_rng(SEED)
    OUT_DIR.mkdir(exist_ok=True)
    for old in OUT_DIR.glob("[0-9]*_*.*"):
        old.unlink()

    def write(kind, index, text, image, jpeg, orientation=None):
        save(image, OUT_DIR / f"{text}_{kind}_{index}.{'jpg' if jpeg else 'png'}", jpeg=jpeg, orientation=orientation)

    for index in range(1, 9):
        text, image = webcam(rng)
        write("webcam", index, text, image, jpeg=True)
    for index in range(1, 7):
        text, image = sheet(rng, on_desk=index > 3)
        write("sheet", index, text, image, jpeg=index > 3, orientation=3 if index == 6 else None)
    for index in range(1, 7):
        angle = rng.uniform(15, 40) * (1 if index % 2 else -1)
        text, image = webcam(rng, text=number_text(rng, 4, 6), angle=angle)
        write("diagonal", index, text, image, jpeg=True)
    for index in range(1, 5):
        text, image = webcam(rng, text=number_text(rng, 3, 3), gap=rng.uniform(1.0, 2.0))
        write("spaced", index, text, image, jpeg=True)
    orientations = [None, 6, None, 8, None, None, 3, None]
    for index in range(1, 9):
        text, image = phone(rng)
        write("phone", index, text, image, jpeg=True, orientation=orientations[index - 1])
    for index in range(1, 7):
        text, image = touching(rng)
        write("touching", index, text, image, jpeg=False)
    for index in range(1, 9):  # after every other kind, so that theirs are drawn as before
        text, image = ruled(rng, squared=index > 4)
        write("ruled", index, text, image, jpeg=True)
    for index in range(1, 5):  # after the ruled ones, for the same reason
        text, image = small_webcam(rng)
        write("small", index, text, image, jpeg=True)


if __name__ == "__main__":
    main()
