"""Read every digit in an image, in reading order: a number (`2026`), one digit, or none.

Each image's ink is found as for one digit (digits.handwriting.to_mnist.ink_marks). Where that
finds no ink, or no digit the verifier accepts in a photo or in ink that runs off the image's
edges, the ink is found in several other ways, the light flattened with scikit-image's building
blocks (digits.handwriting.flattened_ink), and the likeliest reading is kept. The marks are
grouped into digits (digits.handwriting.numbers), and each group is framed in MNIST's form. A group
that may be two touching digits is also read cut at each place numbers.cuts proposes; the reading
kept is the likelier: the whole read as one digit, or both parts read as digits (the product of the networks' probabilities). The digit_or_not
network, where given, weighs every reading too and refuses what is not a digit
(digits.handwriting.digit_or_not); a cut one of whose parts it refuses is not taken, as a cut
stands for two touching digits. `candidates_of` shows every candidate tried on an image, what each
read and which was kept (notebook 05)."""

import warnings
from dataclasses import dataclass, replace

import numpy as np

from digits.handwriting.flattened_ink import flattened_ink_candidates
from digits.handwriting.image_files import HandwritingError, NoInkFound, load_grayscale
from digits.handwriting.masks import edges_touched
from digits.handwriting.numbers import cuts, digit_groups, level_line, split_at, without_marks_beside
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


def _halves(mask, most):
    """The (left, right) parts of `mask` cut at each of numbers.cuts(mask, most) that leave each
    part SMALLEST_PART of its ink or more."""
    parts = [split_at(mask, column) for column in cuts(mask, most)]
    return [(left, right) for left, right in parts if min(left.sum(), right.sum()) >= SMALLEST_PART * mask.sum()]


def candidate_readings(marks):
    """For each digit group of InkMarks `marks`: its candidate readings, each a list of (mask,
    28x28 image, whether the mask comes from a second cut): the whole; each cut's two parts, and
    where a part is wide enough to be two touching digits itself, that part cut again at its
    likeliest place (three or four digits in a row)."""
    candidates = []
    for group in digit_groups(marks.mask):
        options = [[group]]
        core = without_marks_beside(group)
        if core is not None:  # a dash or a dot beside a digit may be no part of it
            options.append([core])
        recut = set()  # the ids of the parts a second cut made
        for left, right in _halves(group, most=3):
            sides = []
            for side in (left, right):
                again = [list(pair) for pair in _halves(side, most=1)]
                recut.update(id(part) for pair in again for part in pair)
                sides.append([[side]] + again)
            options += [left_parts + right_parts for left_parts in sides[0] for right_parts in sides[1]]
        framed = {}  # each part framed once, however many options hold it
        for option in options:
            for mask in option:
                if id(mask) not in framed:
                    framed[id(mask)] = framed_mark(marks, mask)
        candidates.append([[(mask, framed[id(mask)], id(mask) in recut) for mask in option] for option in options])
    return candidates


def read_candidates(candidates, model, verifier=None):
    """Read each image's candidate_readings: for each, (DigitRead per digit kept, DigitRead per mark
    refused). One batch through the networks for all of them."""
    from digits.handwriting.digit_or_not import NOT_A_DIGIT_ABOVE, not_a_digit_probability

    def is_a_digit(part):
        return part.not_a_digit is None or part.not_a_digit <= NOT_A_DIGIT_ABOVE

    masks = [(mask, image) for groups in candidates for options in groups for option in options for mask, image, _ in option]
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
        chosen = []
        for options in groups:
            scored = []
            for option in options:
                parts, score = [next(reads) for _ in option], float(np.prod([next(likelihood) for _ in option]))
                # A cut stands for two touching digits: where one side is not a digit, the cut is
                # wrong (a letter split into a digit-like loop and a tail), and the whole is read.
                if len(parts) > 1 and any(not is_a_digit(part) for part in parts):
                    score = -1.0
                # A single stroke cut from a part that was itself cut off is a piece of a zigzag or
                # of a letter far likelier than a third touching digit: such a cut is not taken.
                if any(recut and part.digit == 1 for part, (_, _, recut) in zip(parts, option)):
                    score = -1.0
                scored.append((parts, score))
            best, _ = max(scored, key=lambda pair: pair[1])  # the first (the whole) wins a tie
            chosen += best
        results.append(_in_a_number(chosen, is_a_digit))
    return results


def _in_a_number(parts, is_a_digit):
    """(the parts read as digits, those refused), in reading order: a part the verifier doubts is
    kept where it stands in a line with a digit it accepts, of that digit's height, and is doubted no
    more than IN_A_NUMBER_ABOVE: beside a digit, a mark of a digit's size is far likelier a digit.
    Between two such digits, one on each side, it is kept however doubted: a mark of a digit's
    height inside a number is one of its digits (a narrow 0, whose hole the verifier's pen closes)."""
    from digits.handwriting.digit_or_not import IN_A_NUMBER_ABOVE
    from digits.handwriting.numbers import DIGIT_HEIGHT_SHARE

    accepted = [part for part in parts if is_a_digit(part)]

    def digits_in_line(part):
        """The accepted digits in a line with `part` and of its height."""
        height, middle = part.box[2] - part.box[0], (part.box[0] + part.box[2]) / 2
        return [other for other in accepted if other.box[0] <= middle <= other.box[2]
                and DIGIT_HEIGHT_SHARE <= height / (other.box[2] - other.box[0]) <= 1 / DIGIT_HEIGHT_SHARE]

    def kept(part):
        if is_a_digit(part):
            return True
        line, centre = digits_in_line(part), (part.box[1] + part.box[3]) / 2
        between = any(other.box[3] <= centre for other in line) and any(other.box[1] >= centre for other in line)
        return between or (bool(line) and part.not_a_digit <= IN_A_NUMBER_ABOVE)

    keep = [kept(part) for part in parts]
    return [part for part, k in zip(parts, keep) if k], [part for part, k in zip(parts, keep) if not k]


# Images are read this many at a time: the networks see one batch per round, and a folder of photos
# never holds every candidate of every photo in memory at once.
IMAGES_AT_A_TIME = 16


def _likelihood(reads):
    """How much of a candidate reads as digits: the sum of the reader's top probability times the
    verifier's probability that it is a digit, over every mark read, refused ones too. A sum, not a
    mean: a candidate that finds every digit of a number outscores one that finds only its clearest,
    while a mark that is no digit adds almost nothing."""
    return float(np.sum([part.confidence * (1 - (part.not_a_digit or 0)) for part in reads])) if reads else -1.0


def read_images(grays, model, verifier=None, names=None):
    """A NumberReading for each grayscale image (2-D float array in [0, 1]); `names` name them in
    errors (default "image 0", "image 1", ...)."""
    names = names or [f"image {index}" for index in range(len(grays))]
    return _read([lambda gray=gray: np.asarray(gray, dtype=np.float32) for gray in grays], names, model, verifier)


def read_files(paths, model, verifier=None):
    """A NumberReading for each image file, in order; a file that cannot be read carries its error."""
    return _read([lambda path=path: load_grayscale(path) for path in paths], [str(path) for path in paths],
                 model, verifier)


def _read(loaders, names, model, verifier):
    outcomes = []
    for start in range(0, len(loaders), IMAGES_AT_A_TIME):
        stop = start + IMAGES_AT_A_TIME
        outcomes += _read_some(loaders[start:stop], names[start:stop], model, verifier)
    return outcomes


@dataclass
class _Candidate:
    """One way of finding an image's ink: its InkMarks, their candidate_readings, and once the
    networks have read them, the (kept, refused) DigitReads."""

    marks: object
    readings: list
    result: tuple = ([], [])

    @property
    def likelihood(self):
        return _likelihood(self.result[0] + self.result[1])


@dataclass
class _Image:
    """An image on its way through _read_some: its grey values, the error that stopped a candidate,
    the one-digit chain's candidate and flattened_ink's."""

    position: int
    name: str
    gray: np.ndarray
    error: HandwritingError | None = None
    first: _Candidate | None = None
    others: list = ()


def _level(marks):
    """`marks` with their line of digits turned level where it slopes (numbers.level_line)."""
    flat, mask = level_line(marks.flat, marks.mask)
    return marks if mask is marks.mask else replace(marks, flat=flat, mask=mask)


def _framed(candidates, image):
    """A _Candidate for each InkMarks that can be framed, its line of digits level; the first error
    of the others is kept on `image`."""
    framed = []
    for marks in candidates:
        try:
            marks = _level(marks)
            framed.append(_Candidate(marks, candidate_readings(marks)))
        except HandwritingError as error:
            image.error = image.error or error
    return framed


def _read_together(candidates, model, verifier):
    """Read every candidate in one batch through the networks, storing each one's result."""
    for candidate, result in zip(candidates, read_candidates([c.readings for c in candidates], model, verifier)):
        candidate.result = result


def _read_some(loaders, names, model, verifier):
    """Read a few images (_candidates_read) and give each the reading of its chosen candidate."""
    outcomes, images = _candidates_read(loaders, names, model, verifier)
    for image in images:
        chosen, warning = _chosen(image), outcomes[image.position].warning
        outcomes[image.position] = (NumberReading(image.name, error=str(image.error), warning=warning)
                                    if chosen is None else _reading(image.name, chosen, warning))
    return outcomes


def _candidates_read(loaders, names, model, verifier):
    """Load a few images and read their candidates in two rounds. First the one-digit chain's ink
    (to_mnist.ink_marks), all in one batch; then, for each image where that found no ink, or read
    no digit the verifier accepts where its ink is `_doubtful`, flattened_ink's candidates, all in a
    second batch.
    Returns (a NumberReading per image: its error, or only its warnings so far; an _Image per image
    that loaded)."""
    outcomes, images = [], []
    for load, name in zip(loaders, names):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                image = _Image(len(outcomes), name, load())
                try:
                    marks = ink_marks(image.gray, name)
                except NoInkFound as error:
                    image.error = error
                else:
                    image.first = next(iter(_framed([marks], image)), None)
            except HandwritingError as error:
                outcomes.append(NumberReading(name, error=str(error)))
                continue
        images.append(image)
        outcomes.append(NumberReading(name, warning="; ".join(str(w.message) for w in caught) or None))
    _read_together([image.first for image in images if image.first is not None], model, verifier)
    again = [image for image in images if image.first is None or (not image.first.result[0] and _doubtful(image))]
    for image in again:
        image.others = _framed(flattened_ink_candidates(image.gray, image.name), image)
    _read_together([candidate for image in again for candidate in image.others], model, verifier)
    return outcomes, images


def _doubtful(image):
    """Whether the one-digit chain's ink, where none of it was read as a digit, may have been found
    wrongly: in a photo, or where what it found runs off two edges of the image or more (the dark
    corners of a small webcam frame taken for ink; a digit on its paper has paper around it)."""
    return is_photo(image.gray) or edges_touched(image.first.marks.mask) >= 2


def _chosen(image):
    """The candidate whose reading is kept: the likeliest of flattened_ink's where they were made,
    else the one-digit chain's (None where neither found ink)."""
    return max(image.others, key=lambda candidate: candidate.likelihood) if image.others else image.first


def _reading(name, candidate, warning=None):
    kept, refused = candidate.result
    digits = "".join(str(part.digit) for part in kept) or None
    confidence = min((part.confidence for part in kept), default=None)
    return NumberReading(name, digits, confidence, tuple(kept), tuple(refused), warning=warning, ink=candidate.marks.flat)


@dataclass(frozen=True)
class CandidateReading:
    """One way the reader found ink in an image (`way`, as InkMarks.way says), what it read there
    (a NumberReading whose ink is that candidate's), how likely that reading is, and whether it was
    the one kept."""

    way: str
    reading: NumberReading
    likelihood: float
    kept: bool


def candidates_of(gray, model, verifier=None, name="image"):
    """Every candidate the reader tried on grayscale image `gray`, in the order tried, each with what
    it read there, the one kept marked (read_images keeps the same): the one-digit chain's, then
    flattened_ink's where the chain found no ink or, in doubtful ink, no digit the verifier accepts."""
    _, images = _candidates_read([lambda: np.asarray(gray, dtype=np.float32)], [name], model, verifier)
    if not images:
        return []
    image = images[0]
    chosen = _chosen(image)
    tried = ([image.first] if image.first is not None else []) + list(image.others)
    return [CandidateReading(candidate.marks.way, _reading(name, candidate), candidate.likelihood, candidate is chosen)
            for candidate in tried]
