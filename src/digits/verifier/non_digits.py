"""Synthetic images of what is not a digit, in MNIST's form: what a reader meets on paper besides
digits and must refuse. Drawn here, from a seed, so nothing is downloaded:

- letters and symbols (Latin, Greek, punctuation) from the fonts matplotlib ships, mostly redrawn
  with a pen of one width along the glyph's skeleton, jittered (a smooth random displacement, as
  handwriting varies) and slanted;
- scribbles: random curves and loops drawn with a pen of random width;
- pieces of digits: a half or a corner of an MNIST digit, framed as if it were whole;
- marks that are not writing: specks, a horizontal stroke, paper grain.

Every image goes through MNIST's framing (digits.handwriting.framing), as a real candidate does.
Nothing narrow is kept: in MNIST's form a narrow mark is a 1 (a slash, a bracket, an I or an l
cannot be told from one), and letters written like digits (O and o) are left out likewise.
"""

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from scipy import ndimage

from digits import config
from digits.handwriting.framing import DIGIT_BOX, place_by_centre_of_mass
from digits.handwriting.masks import resize

# Left out, as they are written like digits: O o (0), Z z (2), b (6), g q (9); I l are too narrow.
LETTERS = ("ABCDEFGHJKLMNPQRSTUVWXYacdefhjkmnprstuvwxy"
           "ΓΔΘΛΞΠΣΦΨΩαβγδεζηθλμξπρσφχψω" "+-×÷=?#&@%*<>~$€£")
KINDS = ("letter", "scribble", "piece of a digit", "mark")
# Letters are what people write besides digits: they take two shares of five, the others one each.
SHARES = ("letter", "letter", "scribble", "piece of a digit", "mark")
CANVAS = 96
# Narrower marks (width over height) would be 1s: half of MNIST's 1s are narrower, and under 1% of
# any other digit (the first 5,000 of train.csv).
NARROWEST = 0.45


def font_files():
    """The TrueType fonts matplotlib ships (DejaVu, STIX, Computer Modern): on every machine it runs on."""
    import matplotlib

    return sorted(str(path) for path in (Path(matplotlib.get_data_path()) / "fonts" / "ttf").glob("*.ttf")
                  if not path.name.startswith(("STIXSiz", "cmex", "cmsy", "STIXNonUni")))


def framed(ink, narrowest=NARROWEST):
    """`ink` (bright on black, any size) cropped to its mark, scaled to the 20-pixel box, placed by
    its centre of mass in 28x28; None where nothing is left, or where the mark is narrower than
    `narrowest` of its height."""
    rows, columns = np.nonzero(ink > 0.05)
    if rows.size < 4:
        return None
    cropped = ink[rows.min(): rows.max() + 1, columns.min(): columns.max() + 1]
    if cropped.shape[1] < narrowest * cropped.shape[0]:
        return None
    factor = DIGIT_BOX / max(cropped.shape)
    size = (max(1, round(cropped.shape[1] * factor)), max(1, round(cropped.shape[0] * factor)))
    digit = np.clip(resize(cropped.astype(np.float32), size), 0, None)
    if digit.max() <= 0:
        return None
    return place_by_centre_of_mass(digit / digit.max())


def jittered(ink, rng, strength):
    """`ink` displaced by a smooth random field (pixels of `strength` at most): a pen's wobble."""
    field = [ndimage.gaussian_filter(rng.uniform(-1, 1, ink.shape), 8) for _ in range(2)]
    field = [part / (np.abs(part).max() + 1e-9) * strength for part in field]
    rows, columns = np.meshgrid(np.arange(ink.shape[0]), np.arange(ink.shape[1]), indexing="ij")
    return ndimage.map_coordinates(ink, [rows + field[0], columns + field[1]], order=1)


def _pen(image, rng):
    """A pen's width: the strokes thinned, kept or thickened, then slightly blurred."""
    width = rng.choice([0, 0, 3, 5, 7])
    if width:
        image = image.filter(ImageFilter.MaxFilter(int(width)))
    return image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 1.2))))


def letter(rng, fonts):
    """A letter or symbol from a font, mostly redrawn as a pen would write it: the glyph's skeleton
    (scikit-image) traced with a round pen of random width, as handwriting has strokes of one
    width where a font has thick and thin ones. One in four keeps the font's own strokes (print)."""
    image = Image.new("L", (CANVAS, CANVAS))
    font = ImageFont.truetype(fonts[rng.integers(len(fonts))], int(rng.integers(48, 68)))
    ImageDraw.Draw(image).text((CANVAS / 2, CANVAS / 2), LETTERS[rng.integers(len(LETTERS))], fill=255,
                               font=font, anchor="mm")
    # Slant, a wider or narrower hand, a tilt and a wobble: a font's one shape of each letter
    # spread over the shapes people write.
    stretch = rng.uniform(0.7, 1.4)
    image = image.transform(image.size, Image.Transform.AFFINE,
                            (stretch, rng.uniform(-0.35, 0.35), CANVAS / 2 * (1 - stretch), 0, 1, 0),
                            Image.Resampling.BILINEAR)
    ink = np.asarray(image.rotate(float(rng.uniform(-20, 20)), Image.Resampling.BILINEAR), dtype=np.float32) / 255
    ink = jittered(ink, rng, rng.uniform(1, 9))
    if rng.random() < 0.25:
        return np.asarray(_pen(Image.fromarray((ink * 255).astype(np.uint8)), rng), dtype=np.float32) / 255
    from skimage.morphology import disk, skeletonize

    stroke = ndimage.binary_dilation(skeletonize(ink > 0.5), disk(int(rng.integers(1, 5))))
    return ndimage.gaussian_filter(stroke.astype(np.float32), rng.uniform(0.5, 1.5))


def scribble(rng):
    image = Image.new("L", (CANVAS, CANVAS))
    points = rng.uniform(10, CANVAS - 10, (int(rng.integers(4, 9)), 2))
    # Catmull-Rom-like smoothing: a dense path through the points.
    path = np.concatenate([np.linspace(a, b, 12, endpoint=False) for a, b in zip(points, points[1:])])
    path = ndimage.gaussian_filter1d(path, 3, axis=0)
    ImageDraw.Draw(image).line([tuple(point) for point in path], fill=255, width=int(rng.integers(3, 10)), joint="curve")
    return np.asarray(image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.5, 1.5)))), dtype=np.float32) / 255


def piece_of_a_digit(rng, digits):
    """The top or bottom third to half of an MNIST digit, or its top left quarter: what a crop that
    missed part of a digit holds. (A left or right strip of a digit is a bar, which is a 1.)"""
    image = digits[rng.integers(len(digits))].astype(np.float32) / 255
    rows, columns = np.nonzero(image > 0.1)
    top, bottom, left, right = rows.min(), rows.max() + 1, columns.min(), columns.max() + 1
    cut = rng.uniform(0.3, 0.5)
    side = rng.integers(3)
    if side == 0:
        image = image[top: top + max(2, int((bottom - top) * cut))]
    elif side == 1:
        image = image[bottom - max(2, int((bottom - top) * cut)): bottom]
    else:
        image = image[top: top + int((bottom - top) * 0.5), left: left + int((right - left) * 0.5)]
    return image


def mark(rng):
    """Specks, a horizontal stroke or paper grain. (The edge of a shadow, a filled shape, is not
    drawn: reduced to its shape, as digit_or_not sees it, it is a stroke like a 1's.)"""
    choice = rng.choice([0, 1, 3])
    ink = np.zeros((CANVAS, CANVAS), dtype=np.float32)
    if choice == 0:
        for _ in range(int(rng.integers(2, 7))):
            row, column = rng.integers(5, CANVAS - 5, 2)
            ink[row - 2: row + 2, column - 2: column + 2] = 1
    elif choice == 1:
        image = Image.new("L", (CANVAS, CANVAS))
        y = CANVAS / 2
        tilt = rng.uniform(-12, 12)
        ImageDraw.Draw(image).line([(10, y - tilt), (CANVAS - 10, y + tilt)], fill=255, width=int(rng.integers(3, 10)))
        ink = np.asarray(_pen(image, rng), dtype=np.float32) / 255
    else:
        ink = (ndimage.gaussian_filter(rng.random((CANVAS, CANVAS)), 1.5) > 0.55).astype(np.float32)
    return ink


def non_digit_images(count, digits, seed=None):
    """`count` synthetic non-digits (count, 28, 28) float32 in [0, 1] and the kind of each, drawn
    from `seed` in the SHARES of KINDS. `digits`: MNIST images (N, 28, 28) uint8 to cut pieces from."""
    seed = config.SEED if seed is None else seed
    rng = np.random.default_rng(seed)
    fonts = font_files()
    images, kinds = [], []
    while len(images) < count:
        kind = SHARES[len(images) % len(SHARES)]
        if kind == "letter":
            ink = letter(rng, fonts)
        elif kind == "scribble":
            ink = scribble(rng)
        elif kind == "piece of a digit":
            ink = piece_of_a_digit(rng, digits)
        else:
            ink = mark(rng)
        image = framed(ink)
        if image is not None:
            images.append(image)
            kinds.append(kind)
    return np.stack(images), np.array(kinds)
