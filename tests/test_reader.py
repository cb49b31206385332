"""digits.reader: the flagged 1s reader_cnn learns from, and reader_cnn as the network that reads files."""

import numpy as np
import pytest

from digits import config
from digits.handwriting.predict import default_model_path
from digits.reader.flagged_ones import flagged_one
from digits.reader.training import flagged_training_ones


def upright_one(height=20, width=3, column=14):
    """A plain 1: a vertical bar of MNIST's size, bright on black."""
    image = np.zeros((28, 28), np.float32)
    image[4:4 + height, column - width // 2: column - width // 2 + width] = 1.0
    return image


def test_a_flag_goes_down_to_the_left_from_the_top_of_the_one():
    flagged = flagged_one(upright_one(), np.random.default_rng(0), (30, 30))
    rows, columns = np.nonzero(flagged > 0.3)
    top = rows.min()
    height = rows.max() - top + 1
    stem = np.median(columns[rows > top + height // 2])  # the lower half is the stem alone
    near_top = rows < top + height / 4
    # The flag reaches well left of the stem near the top, and nowhere right of it.
    assert columns[near_top].min() < stem - 3
    assert columns.max() <= stem + 2
    # Framed as MNIST frames a digit: 20 pixels high, in 28x28.
    assert flagged.shape == (28, 28) and height in (19, 20, 21)


def test_the_flags_angle_follows_the_angles_asked_for():
    steep = flagged_one(upright_one(), np.random.default_rng(0), (15, 15))
    wide = flagged_one(upright_one(), np.random.default_rng(0), (60, 60))
    # Turned further from the stem, the same length reaches further left.
    assert np.nonzero(wide > 0.3)[1].min() < np.nonzero(steep > 0.3)[1].min()


def test_a_mark_too_small_for_a_skeleton_gets_no_flag():
    dot = np.zeros((28, 28), np.float32)
    dot[13:15, 13:15] = 1.0
    assert flagged_one(dot, np.random.default_rng(0), (15, 40)) is None


def test_the_flagged_training_ones_are_the_first_ones_and_repeat_with_the_seed():
    images = np.stack([np.uint8(upright_one(column=column) * 255) for column in range(8, 20)])
    labels = np.array([1, 7] * 6)
    first = flagged_training_ones(images, labels, count=4, seed=3)
    assert first.shape == (4, 28, 28, 1) and first.dtype == np.float32
    np.testing.assert_array_equal(first, flagged_training_ones(images, labels, count=4, seed=3))
    assert not np.array_equal(first, flagged_training_ones(images, labels, count=4, seed=4))


def test_files_are_read_by_reader_cnn_where_it_is_saved_else_by_best_cnn(tmp_path):
    (tmp_path / "best_cnn.keras").touch()
    assert default_model_path(tmp_path).name == "best_cnn.keras"
    (tmp_path / "reader_cnn.keras").touch()
    assert default_model_path(tmp_path).name == "reader_cnn.keras"


@pytest.mark.skipif(not (config.MODELS_DIR / "reader_cnn.keras").is_file(), reason="needs the committed reader_cnn")
def test_the_committed_reader_is_best_cnn_fine_tuned_and_reads_a_flagged_one_as_one():
    from digits.modeling.saved_models import load_history, load_model, model_path

    reader, best = load_model(model_path("reader_cnn")), load_model(model_path("best_cnn"))
    assert reader.name == "reader_cnn"
    assert [layer.name for layer in reader.layers] == [layer.name for layer in best.layers]
    history = load_history("reader_cnn")
    assert (len(history.epoch_seconds), history.train_size, history.precision) == (2, 43_500, "float32")
    flagged = flagged_one(upright_one(), np.random.default_rng(0), (35, 35))[np.newaxis, ..., np.newaxis]
    assert reader.predict(flagged, verbose=0).argmax() == 1
