"""LiteRT copies of the networks that read image files: the same answers without TensorFlow.

`digits predict` reads a phone photo in under half a second, but loading TensorFlow and Keras to do
it took 11-13 s and about 730 MB, more than twice the reader's 300 MB budget. So the two networks it
runs (reader_cnn, which reads the digits, or best_cnn where it is not saved, and digit_or_not, which
refuses what is not one) are also kept as LiteRT flatbuffers, models/NAME.tflite: Keras exports them
from the float32 network, and the `ai-edge-litert` interpreter (TensorFlow Lite's runtime, published
by Google on its own, with XNNPACK's CPU kernels) runs them without importing TensorFlow. Every copy
is written when its network is saved, and models/litert.json records the sha256 of the .keras file it
was made from: a copy of another version of the network (one retrained since, by hand) is never used,
and the reader falls back to Keras, saying so. Where the runtime has no wheel (Intel Macs), Keras reads.

On the 28,000 test images the copies give every image the same digit as Keras and the same
refusals, probabilities within about 1e-6 (benchmarks/README.md; tests/test_litert_copies.py
checks the committed copies on a sample).
"""

import contextlib
import json
import os
import warnings
from pathlib import Path

import numpy as np

from digits import config
from digits.atomic import atomic_path, write_text_atomically
from digits.data.provenance import file_sha256

# The networks `digits predict` runs (best_cnn where reader_cnn is not saved): copied whenever they are saved.
COPIED_NETWORKS = ("reader_cnn", "best_cnn", "digit_or_not")
RECORD = "litert.json"


class StaleCopyWarning(UserWarning):
    """A LiteRT copy made from another version of its network: not used."""


def copy_path(keras_file):
    """Where the LiteRT copy of the network saved as `keras_file` is kept: beside it, NAME.tflite."""
    return Path(keras_file).with_suffix(".tflite")


def _record(models_dir):
    path = Path(models_dir) / RECORD
    return json.loads(path.read_text()) if path.is_file() else {}


def write_copy(network, keras_file):
    """Export `network` (float32, as every figure is computed), just saved as `keras_file`, to its
    LiteRT copy, atomically, and record which .keras file it was made from. Needs TensorFlow."""
    keras_file = Path(keras_file)
    with atomic_path(copy_path(keras_file)) as temporary:  # its name ends in .tflite, as the exporter wants
        network.export(str(temporary), format="litert", verbose=False)
    record = _record(keras_file.parent)
    record[keras_file.stem] = {"made_from_sha256": file_sha256(keras_file)}
    write_text_atomically(keras_file.parent / RECORD, json.dumps(record, indent=1, sort_keys=True) + "\n")
    return copy_path(keras_file)


@contextlib.contextmanager
def _native_stderr_silenced():
    """The runtime prints "INFO: Created TensorFlow Lite XNNPACK delegate for CPU." from C++ when it
    first prepares a network; a command's error stream is for the user's files."""
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class LiteRTNetwork:
    """A LiteRT copy that answers as a Keras network does for the reader: `predict(images)` gives
    the (N, outputs) float32 array for (N, 28, 28, 1) float32 images."""

    def __init__(self, path):
        from ai_edge_litert.interpreter import Interpreter

        self.path = Path(path)
        self._interpreter = Interpreter(model_path=str(path))
        self._input = self._interpreter.get_input_details()[0]["index"]
        self._output = self._interpreter.get_output_details()[0]["index"]
        self._batch = None

    def _prepare(self, size):
        if size != self._batch:
            self._interpreter.resize_tensor_input(self._input, (size, config.IMAGE_SIDE, config.IMAGE_SIDE, 1))
            with _native_stderr_silenced():
                self._interpreter.allocate_tensors()
            self._batch = size

    def predict(self, images, batch_size=256, verbose=0):
        """Probabilities for `images`, `batch_size` at a time (`verbose` is Keras' and ignored)."""
        images = np.ascontiguousarray(images, dtype=np.float32).reshape(-1, config.IMAGE_SIDE, config.IMAGE_SIDE, 1)
        answers = []
        for start in range(0, len(images), batch_size):
            batch = images[start: start + batch_size]
            self._prepare(len(batch))
            self._interpreter.set_tensor(self._input, batch)
            self._interpreter.invoke()
            answers.append(self._interpreter.get_tensor(self._output).copy())
        return np.concatenate(answers) if answers else np.zeros((0, 0), dtype=np.float32)


def has_runtime():
    """Whether the LiteRT interpreter is installed (it has wheels for Linux, Windows and Apple's chips)."""
    try:
        import ai_edge_litert.interpreter  # noqa: F401
    except ImportError:
        return False
    return True


def current_copy(keras_file):
    """The LiteRT copy made from the .keras file `keras_file` as it is now, or None: there is none,
    no runtime to run it, or it was made from another version of the network (StaleCopyWarning)."""
    keras_file = Path(keras_file)
    copy = copy_path(keras_file)
    made_from = _record(keras_file.parent).get(keras_file.stem, {}).get("made_from_sha256")
    if not copy.is_file() or made_from is None or not has_runtime():
        return None
    if not keras_file.is_file() or made_from != file_sha256(keras_file):
        warnings.warn(StaleCopyWarning(f"{copy} was made from another version of {keras_file.name}: reading with "
                                       f"Keras instead (python -m digits litert writes a new copy)"), stacklevel=2)
        return None
    return LiteRTNetwork(copy)

