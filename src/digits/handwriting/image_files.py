"""Image files of handwriting, opened upright (EXIF orientation) and as grey values in [0, 1]."""

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

WORKING_SIDE = 256  # big photos are reduced to this longer side first: faster, and scale-independent


class HandwritingError(ValueError):
    """An image that cannot be turned into a digit; the message names the file and the reason."""


class NoInkFound(HandwritingError):
    """An image read without fault in which the one-digit chain found no ink or no digit to read."""


# Photos are decoded at no more than about this longer side (JPEG's draft mode, then Image.reduce):
# preprocessing works at WORKING_SIDE, and a 100-megapixel photo must not need gigabytes.
DECODE_SIDE = 4 * WORKING_SIDE


# The brands of an ISO media file's `ftyp` box that pillow-heif reads (HEIC and HEIF; AVIF is Pillow's own).
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


def _file_start(path, size=512):
    """The first `size` bytes of `path` (empty where it cannot be read: Pillow then names the problem)."""
    try:
        with open(path, "rb") as file:
            return file.read(size)
    except OSError:
        return b""


def _register_heif_if_needed(start):
    """Let Pillow open a file that starts with `start` through pillow-heif where it is a HEIC/HEIF
    file (an iPhone's photo): registered only then, as it costs tens of milliseconds and a few megabytes."""
    if start[4:8] == b"ftyp" and start[8:12] in HEIF_BRANDS:
        import pillow_heif

        pillow_heif.register_heif_opener()


def _open_reduced(path, upright=True):
    """Open and decode `path`, at a reduced size when it is far larger than preprocessing needs.

    Pillow refuses images above twice its MAX_IMAGE_PIXELS (about 179 megapixels) as possible
    decompression bombs; that is reported as an error naming the file. Below it, a large image
    costs its own pixels once at most (JPEGs are decoded at 1/2 to 1/8 scale, never in full).
    """
    if not path.exists():
        raise HandwritingError(f"{path}: no such file")
    if path.is_dir():
        raise HandwritingError(f"{path}: a folder, not an image file")
    start = _file_start(path)
    _register_heif_if_needed(start)
    with warnings.catch_warnings():
        # Between 89 and 179 megapixels Pillow only warns: such photos are handled by reducing them.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                if image.format == "JPEG" and max(image.size) > 2 * DECODE_SIDE:
                    scale = DECODE_SIDE / max(image.size)
                    image.draft(image.mode, (round(image.width * scale), round(image.height * scale)))
                image.load()
                if image.mode == "P":
                    image = image.convert("RGBA")
                factor = max(image.size) // DECODE_SIDE
                if factor >= 2:
                    try:
                        image = image.reduce(factor)
                    except ValueError:  # a mode reduce() does not support (e.g. 16-bit)
                        image = image.resize((max(1, image.width // factor), max(1, image.height // factor)))
                return ImageOps.exif_transpose(image) if upright else image
        except Image.DecompressionBombError as error:
            raise HandwritingError(f"{path}: image too large to read safely ({error})") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            reason = _what_it_is(start) or " ".join(str(error).split())  # one line: some decoders end theirs in a newline
            raise HandwritingError(f"{path}: not a readable image ({reason})") from None


def _what_it_is(start):
    """What a file Pillow cannot open holds, from its first bytes `start`, where it is a kind people
    mistake for an image."""
    start = start.lstrip().lower()
    if start.startswith(b"%pdf"):
        return "a PDF document: save its page as a PNG or JPEG image"
    if b"<svg" in start:
        return "an SVG vector drawing: export it as a PNG image"
    return None


def load_grayscale(path, upright=True):
    """Read any image file as grayscale float32 in [0, 1] (0 black), EXIF orientation applied.

    Transparent pixels are composited on paper of the tone that sets off what is drawn: white
    under dark or coloured ink, black under white or pale strokes (a drawing app's white pen on a
    transparent canvas, which on white would vanish). 16-bit images keep their range. Images much
    larger than preprocessing needs are reduced while decoding (see `_open_reduced`).
    """
    image = _open_reduced(Path(path), upright)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "RGB" and "transparency" in image.info):
        image = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", image.size, _paper_under(image)), image)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        values = np.asarray(image, dtype=np.float32)
        top = 65535.0 if values.max() > 255 or image.mode.startswith("I;16") else 255.0
        return np.clip(values / top, 0, 1)
    if image.mode == "F":
        values = np.asarray(image, dtype=np.float32)
        return np.clip(values / max(values.max(), 1.0), 0, 1)
    return np.asarray(image.convert("L"), dtype=np.float32) / 255.0


def _paper_under(image):
    """The opaque colour to put under RGBA `image`: black where what it draws (its pixels at least
    half opaque) is mostly light (grey above 0.75), else white."""
    alpha = np.asarray(image.getchannel("A"))
    drawn = np.asarray(image.convert("L"))[alpha >= 128]
    light = drawn.size > 0 and np.median(drawn) > 0.75 * 255 and alpha.min() < 128
    return (0, 0, 0, 255) if light else (255, 255, 255, 255)


def label_from_filename(path):
    """The true digit of an ourdata/ file, whose name starts with it (`7_slanted.png` -> 7)."""
    name = Path(path).name
    if not name[:1].isdigit():
        raise ValueError(f"{path}: file name does not start with its digit")
    return int(name[0])


def number_from_filename(path):
    """The true number and the kind of an ourdata/numbers/ file, named `<number>_<kind>_<n>.<ext>`
    (`0172_webcam_3.jpg` -> ("0172", "webcam")): a leading zero is part of the number."""
    number, kind, *_ = Path(path).stem.split("_") + ["", ""]
    if not number.isdigit() or not kind:
        raise ValueError(f"{path}: file name is not <number>_<kind>_<n>")
    return number, kind


def png_declaring_size(path, width, height):
    """Write a PNG that declares `width` x `height` pixels and holds none: what a decompression bomb
    looks like to a reader before it decodes (the tests and benchmarks/bench_large_image.py check
    the size guard with it). Returns `path`."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b""))
    return path
