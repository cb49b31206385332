"""How steady the handwriting reader is: the development set beside the checkout
(config.HANDWRITING_DEV_DIR) read as it is and after each of a few mild changes a photo or a scan
meets on its way to the reader (reduced or enlarged, blurred, saved as a low-quality JPEG, with less
contrast or light, turned a little, with more paper around). A person reads every changed image as
the original; a reader that is right on an image but not on its slightly blurred copy was right by
luck, and will be wrong on much real handwriting it never saw.

Prints, per change and per part (`tune`, `report`), how many images of each kind are read right
(digits and numbers read exactly, non-digits refused) and how many readings differ from the
unchanged image's. --errors lists tune's changed readings (only ever look at tune's: looking at
report's makes it tuned).
Run: make robustness-study
"""

import argparse
import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter, ImageOps

from digits import config
from digits.handwriting.digit_or_not import load_verifier
from digits.handwriting.image_files import load_grayscale
from digits.handwriting.predict import default_model_path
from digits.handwriting.read_number import read_images
from digits.machine import cpu_description, describe_cpu_kind
from digits.modeling.saved_models import load_model
from digits.reports.reading_accuracy import development_scores, load_development_manifest

# An image smaller than this on its shorter side is not reduced further: a 28-pixel drawing halved
# is no longer what anyone would bring.
SMALLEST_TO_HALVE = 64
# The blur's Gaussian radius: this share of the image's shorter side (a photo a little out of focus
# is blurred in proportion to its size), never under half a pixel.
BLUR_SHARE, LEAST_BLUR = 1 / 200, 0.5


def _paper(image):
    """The image's median grey: what its paper looks like, to fill what a change uncovers."""
    return int(np.median(np.asarray(image)))


def _as_jpeg(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def _halved(image):
    if min(image.size) < SMALLEST_TO_HALVE:
        return image
    return image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)


CHANGES = {
    "as it is": lambda image: image,
    "half the pixels each way": _halved,
    "twice the pixels each way": lambda image: image.resize((2 * image.width, 2 * image.height), Image.Resampling.BICUBIC),
    "blurred (a 200th of its side)": lambda image: image.filter(ImageFilter.GaussianBlur(
        max(BLUR_SHARE * min(image.size), LEAST_BLUR))),
    "JPEG at quality 40": lambda image: _as_jpeg(image, 40),
    "half the contrast": lambda image: ImageEnhance.Contrast(image).enhance(0.5),
    "darker (70% of the light)": lambda image: ImageEnhance.Brightness(image).enhance(0.7),
    "turned 5 degrees": lambda image: image.rotate(5, resample=Image.Resampling.BILINEAR, fillcolor=_paper(image)),
    "half again of paper around": lambda image: ImageOps.expand(
        image, border=(image.width // 4, image.height // 4), fill=_paper(image)),
}


def changed(gray, change):
    """Grayscale image `gray` (float in [0, 1]) after CHANGES[change], as float in [0, 1]."""
    image = Image.fromarray(np.uint8(np.round(np.clip(gray, 0, 1) * 255)))
    return np.asarray(CHANGES[change](image), dtype=np.float32) / 255


def right_counts(manifest, readings):
    """'right of images' per part and kind: a compact row of development_scores."""
    scores = development_scores(manifest, readings)
    return {f"{part}: {what}": f"{row['right']} of {row['images']}" for (part, what), row in scores.iterrows()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["tune"], help="also list this part's readings that a change alters")
    parser.add_argument("--verifier", type=Path, help="another digit_or_not network's .keras file (default: the committed one)")
    arguments = parser.parse_args()
    folder = config.HANDWRITING_DEV_DIR
    if not (folder / "manifest.tsv").is_file():
        print(f"skipped: no development set at {folder} (set DIGITS_HANDWRITING_DEV to its folder)")
        return 0
    import pandas as pd

    manifest = load_development_manifest(folder)
    model_file = default_model_path()
    model = load_model(model_file)
    verifier = load_model(arguments.verifier) if arguments.verifier else load_verifier()
    grays = [load_grayscale(folder / name) for name in manifest["file"]]
    print(f"{len(manifest)} real images read by {model_file.stem} (every digit, "
          f"{arguments.verifier.name if arguments.verifier else 'digit_or_not'} refusing) on "
          f"{describe_cpu_kind(cpu_description())}, as they are and changed")
    rows, unchanged = {}, None
    for change in CHANGES:
        readings = [reading.digits for reading in read_images([changed(gray, change) for gray in grays], model,
                                                               verifier, names=list(manifest["file"]))]
        unchanged = readings if unchanged is None else unchanged
        differ = [index for index, (now, before) in enumerate(zip(readings, unchanged)) if now != before]
        rows[change] = {**right_counts(manifest, readings),
                        **{f"{part}: read otherwise": int(sum(manifest.at[index, "part"] == part for index in differ))
                           for part in ("tune", "report")}}
        if arguments.errors:
            for index in differ:
                if manifest.at[index, "part"] == arguments.errors:
                    print(f"{change}\t{manifest.at[index, 'file']}\t{manifest.at[index, 'label']}\t"
                          f"{unchanged[index]}\t{readings[index]}")
    table = pd.DataFrame(rows).T
    for part in ("tune", "report"):
        print(f"\n{part}:")
        print(table[[column for column in table.columns if column.startswith(part)]]
              .rename(columns=lambda column: column.split(": ", 1)[1]).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
