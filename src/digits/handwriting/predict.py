"""Predict the digit in image files or arrays: each image preprocessed, one batched prediction."""

import warnings
from dataclasses import dataclass

import numpy as np

from digits import config
from digits.handwriting.image_files import HandwritingError
from digits.handwriting.to_mnist import image_file_to_mnist, preprocess
from digits.modeling.saved_models import MODEL_PREFERENCE, model_path


@dataclass(frozen=True)
class FilePrediction:
    """The outcome for one file: a digit and its probability, or the error that stopped it."""

    path: str
    digit: int | None = None
    confidence: float | None = None
    probabilities: np.ndarray | None = None
    error: str | None = None
    warning: str | None = None
    image: np.ndarray | None = None  # the 28x28 the network saw
    not_a_digit: float | None = None  # digits.handwriting.digit_or_not's probability, where a verifier was given

    @property
    def refused(self):
        """Whether the image is judged not to be a digit at all (its digit is then not an answer)."""
        from digits.handwriting.digit_or_not import NOT_A_DIGIT_ABOVE

        return self.not_a_digit is not None and self.not_a_digit > NOT_A_DIGIT_ABOVE


def default_model_path(models_dir=None):
    """The network that reads files: the first of MODEL_PREFERENCE saved in `models_dir`."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    for name in MODEL_PREFERENCE:
        path = model_path(name, models_dir)
        if path.is_file():
            return path
    raise FileNotFoundError(f"no model in {models_dir}: expected one of {', '.join(MODEL_PREFERENCE)}.keras")


def _preprocess_each(sources, names, to_mnist):
    """Preprocess each source with `to_mnist`; return (28x28 arrays of the good ones, their positions,
    a FilePrediction per source, named by `names`)."""
    images, positions, outcomes = [], [], []
    for position, (source, name) in enumerate(zip(sources, names)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                image = to_mnist(source, name)
            except HandwritingError as error:
                outcomes.append(FilePrediction(name, error=str(error)))
                continue
        images.append(image)
        positions.append(position)
        outcomes.append(FilePrediction(name, warning="; ".join(str(w.message) for w in caught) or None, image=image))
    return images, positions, outcomes


def preprocess_files(paths):
    """Preprocess each file; return (28x28 arrays of the good ones, their positions, FilePrediction per file)."""
    return _preprocess_each(paths, [str(path) for path in paths], lambda path, name: image_file_to_mnist(path))


def _predict_preprocessed(images, positions, outcomes, model, verifier=None):
    if images:
        batch = np.stack(images)[..., np.newaxis].astype(np.float32)
        probabilities = np.asarray(model.predict(batch, batch_size=256, verbose=0))
        not_digit = [None] * len(batch)
        if verifier is not None:
            from digits.handwriting.digit_or_not import not_a_digit_probability

            not_digit = not_a_digit_probability(verifier, batch).tolist()
        for position, row, doubt in zip(positions, probabilities, not_digit):
            outcome = outcomes[position]
            outcomes[position] = FilePrediction(outcome.path, int(row.argmax()), float(row.max()), row,
                                                warning=outcome.warning, image=outcome.image, not_a_digit=doubt)
    return outcomes


def predict_files(paths, model, verifier=None):
    """A FilePrediction for each of `paths`, in order; bad files carry an error instead of a digit.
    With `verifier` (the digit_or_not network), each also says how likely it is not a digit."""
    return _predict_preprocessed(*preprocess_files(paths), model, verifier)


def predict_images(grays, model, names=None, verifier=None):
    """A FilePrediction for each grayscale image (2-D float array in [0, 1]), as if read from a file.

    `names` (default "image 0", "image 1", ...) name them in errors and warnings."""
    names = names or [f"image {index}" for index in range(len(grays))]
    prepared = _preprocess_each(grays, names, lambda gray, name: preprocess(gray, source=name))
    return _predict_preprocessed(*prepared, model, verifier)
