"""Read every digit in an image, in reading order: a number (`2026`), one digit, or none.

Each image's ink is found as for one digit (digits.handwriting.to_mnist.ink_marks). Where that
finds no ink, or in a photo finds no digit the verifier accepts, the ink is found in several other
ways, the light flattened with scikit-image's building blocks (digits.handwriting.flattened_ink),
and the likeliest reading is kept. The marks are grouped into digits (digits.handwriting.numbers), and each group is
framed in MNIST's form. A group
that may be two touching digits is also read cut at each place numbers.cuts proposes; the reading
kept is the likelier: the whole read as one digit, or both parts read as digits (the product of the
networks' probabilities). The digit_or_not network, where given, weighs every reading too and
refuses what is not a digit (digits.handwriting.digit_or_not)."""

import warnings
from dataclasses import dataclass

import numpy as np

from digits.handwriting.flattened_ink import flattened_ink_candidates
from digits.handwriting.image_files import HandwritingError, NoInkFound, load_grayscale
from digits.handwriting.numbers import cuts, digit_groups, split_at
from digits.handwriting.photo import is_photo
from digits.handwriting.to_mnist import framed_mark, ink_marks

# A cut keeps at least this share of the mark's ink on each side: a sliver is not a digit.
SMALLEST_PART = 0.15


@dataclass(frozen=True)
class DigitRead:
    """One digit of a reading: the digit, the reader's probability, the verifier's probability that
    it is not a digit (None without a verifier), its 28x28 image and its box (row0, col0, row1, col1)
    in the working image."""

    digit: int
    confidence: float
    not_a_digit: float | None
    image: np.ndarray
    box: tuple


@dataclass(frozen=True)
class NumberReading:
    """The outcome for one image: the digits read (a string, in reading order) and the lowest of
    their probabilities; or, where it holds no digit, `refused`; or the error that stopped it."""

    path: str
    digits: str | None = None
    confidence: float | None = None
    parts: tuple = ()  # a DigitRead per digit read
    refused_parts: tuple = ()  # the marks the verifier judged not to be digits
    error: str | None = None
    warning: str | None = None
    ink: np.ndarray | None = None  # the image of the ink the boxes of `parts` refer to (ink bright)

    @property
    def refused(self):
        """Whether no digit was found although there was ink: every mark was judged not a digit."""
        return self.error is None and not self.parts

    @property
    def not_a_digit(self):
        """Where refused: the verifier's lowest probability that a mark is not a digit."""
        return min((part.not_a_digit for part in self.refused_parts), default=None)


def _box(mask):
    rows, columns = np.nonzero(mask)
    return (int(rows.min()), int(columns.min()), int(rows.max()) + 1, int(columns.max()) + 1)


def candidate_readings(marks):
    """For each digit group of InkMarks `marks`: its candidate readings, each a list of (mask,
    28x28 image) (the whole; each cut's two parts)."""
    candidates = []
    for group in digit_groups(marks.mask):
        options = [[group]]
        ink = group.sum()
        for column in cuts(group):
            left, right = split_at(group, column)
            if min(left.sum(), right.sum()) >= SMALLEST_PART * ink:
                options.append([left, right])
        candidates.append([[(mask, framed_mark(marks, mask)) for mask in option] for option in options])
    return candidates


def read_candidates(candidates, model, verifier=None):
    """Read each image's candidate_readings: for each, (DigitRead per digit kept, DigitRead per mark
    refused). One batch through the networks for all of them."""
    from digits.handwriting.digit_or_not import NOT_A_DIGIT_ABOVE, not_a_digit_probability

    masks = [(mask, image) for groups in candidates for options in groups for option in options for mask, image in option]
    if not masks:
        return [([], []) for _ in candidates]
    images = np.stack([image for _, image in masks])[..., np.newaxis].astype(np.float32)
    probabilities = np.asarray(model.predict(images, batch_size=256, verbose=0))
    doubt = not_a_digit_probability(verifier, images) if verifier is not None else np.zeros(len(images))
    # How likely each image is one digit: the reader's top probability, times the verifier's
    # probability that it is a digit at all.
    likelihood = iter(probabilities.max(axis=1) * (1 - doubt))
    reads = iter(DigitRead(int(row.argmax()), float(row.max()), None if verifier is None else float(p), image[..., 0],
                           _box(mask)) for row, p, image, (mask, _) in zip(probabilities, doubt, images, masks))
    results = []
    for groups in candidates:
        kept, refused = [], []
        for options in groups:
            scored = [([next(reads) for _ in option], float(np.prod([next(likelihood) for _ in option])))
                      for option in options]
            best, _ = max(scored, key=lambda pair: pair[1])  # the first (the whole) wins a tie
            for part in best:
                is_digit = part.not_a_digit is None or part.not_a_digit <= NOT_A_DIGIT_ABOVE
                (kept if is_digit else refused).append(part)
        results.append((kept, refused))
    return results


def ink_candidates(gray, source="image"):
    """The InkMarks to read in a grayscale image: (the first choice, or None; the others). The first
    choice is the one-digit chain's (to_mnist.ink_marks); the others, for a photo or where the chain
    finds no ink, flattened_ink's (the light flattened several ways). Raises the chain's error where
    no candidate holds a mark."""
    try:
        chain = ink_marks(gray, source)
    except NoInkFound:
        others = flattened_ink_candidates(gray, source)
        if not others:
            raise
        return None, others
    return chain, flattened_ink_candidates(gray, source) if is_photo(gray) else []


def _likelihood(reads):
    """How likely a candidate's marks are digits: the mean of the reader's top probability times the
    verifier's probability that it is a digit, over every mark read, refused ones too."""
    return float(np.mean([part.confidence * (1 - (part.not_a_digit or 0)) for part in reads])) if reads else -1.0


def read_images(grays, model, verifier=None, names=None):
    """A NumberReading for each grayscale image (2-D float array in [0, 1]); `names` name them in
    errors (default "image 0", "image 1", ...)."""
    names = names or [f"image {index}" for index in range(len(grays))]
    return _read([lambda gray=gray, name=name: ink_candidates(gray, name) for gray, name in zip(grays, names)],
                 names, model, verifier)


def read_files(paths, model, verifier=None):
    """A NumberReading for each image file, in order; a file that cannot be read carries its error."""
    return _read([lambda path=path: ink_candidates(load_grayscale(path), str(path)) for path in paths],
                 [str(path) for path in paths], model, verifier)


def _readings_of(candidates):
    """(first choice, others) as (InkMarks, its candidate_readings) pairs, the first None where there
    is none; a candidate that cannot be framed is left out. Raises the first error where none can be."""
    first, others = candidates
    readings, first_error = [], None
    for marks in ([] if first is None else [first]) + others:
        try:
            readings.append((marks, candidate_readings(marks)))
        except HandwritingError as error:
            readings.append(None)
            first_error = first_error or error
    if all(reading is None for reading in readings):
        raise first_error
    others = [reading for reading in readings[first is not None:] if reading is not None]
    return (None if first is None else readings[0]), others


def _read(finders, names, model, verifier):
    found, outcomes = [], []
    for find_candidates, name in zip(finders, names):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                readings = _readings_of(find_candidates())
            except HandwritingError as error:
                outcomes.append(NumberReading(name, error=str(error)))
                continue
        found.append((len(outcomes), readings))
        outcomes.append(NumberReading(name, warning="; ".join(str(w.message) for w in caught) or None))
    # One batch through the networks for every candidate of every image. An image keeps its first
    # choice's reading where that reads a digit, else the likeliest of the others'.
    flat = [reading for _, (first, others) in found for _, reading in ([first] if first else []) + others]
    results = iter(read_candidates(flat, model, verifier))
    for position, (first, others) in found:
        first = None if first is None else (first[0], next(results))
        others = [(marks, next(results)) for marks, _ in others]
        if first is not None and (first[1][0] or not others):
            marks, (kept, refused) = first
        else:
            marks, (kept, refused) = max(others, key=lambda other: _likelihood(other[1][0] + other[1][1]))
        outcome = outcomes[position]
        digits = "".join(str(part.digit) for part in kept) or None
        confidence = min((part.confidence for part in kept), default=None)
        outcomes[position] = NumberReading(outcome.path, digits, confidence, tuple(kept), tuple(refused),
                                           warning=outcome.warning, ink=marks.flat)
    return outcomes


def boxed_ink(reading):
    """Where each digit of a NumberReading was found, as an RGB PIL image: the ink it was read from,
    each digit's box in green with the digit above it, each refused mark's box in red."""
    from PIL import Image, ImageDraw, ImageFont

    scale = max(1, round(400 / max(reading.ink.shape)))
    gray = (np.clip(reading.ink, 0, 1) * 255).astype(np.uint8)
    image = Image.fromarray(gray).resize((gray.shape[1] * scale, gray.shape[0] * scale), Image.Resampling.NEAREST)
    image = image.convert("RGB")
    draw, font = ImageDraw.Draw(image), ImageFont.load_default(size=14)
    for part, colour in [(part, (40, 200, 40)) for part in reading.parts] + [(part, (220, 40, 40)) for part in reading.refused_parts]:
        top, left, bottom, right = (value * scale for value in part.box)
        draw.rectangle((left - 1, top - 1, right, bottom), outline=colour, width=2)
        draw.text((left, max(0, top - 16)), str(part.digit) if colour[1] > 100 else "not a digit", fill=colour, font=font)
    return image
