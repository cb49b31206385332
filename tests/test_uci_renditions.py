"""digits.data.uci_renditions: MNIST digits reduced to 8x8 counts as the UCI scans were."""

import numpy as np

from digits.data import uci_renditions as study


def _tall_bar(width=3):
    """A 28x28 MNIST-like "1": a bright bar 16 rows tall and `width` columns wide, off-centre."""
    image = np.zeros((28, 28), dtype=np.float32)
    image[6:22, 8:8 + width] = 1.0
    return image


def _ink_counts(rendition):
    """A rendition (dark on light, 0-1) back as UCI's 0-16 counts."""
    return np.round((1.0 - rendition) * 16).astype(int)


def test_block_counts_are_eight_by_eight_counts_of_a_bitmap_the_digit_fits():
    for seed in range(6):
        counts = _ink_counts(study.block_counts(_tall_bar(), np.random.default_rng(seed)))
        assert counts.shape == (8, 8) and counts.min() >= 0 and 0 < counts.max() <= 16
        rows = np.nonzero(counts.sum(axis=1))[0]
        assert rows.min() == 0 and rows.max() == 7  # scaled so that its longer side fills the bitmap
    stretched = {seed for seed in range(6)
                 if _ink_counts(study.block_counts(_tall_bar(), np.random.default_rng(seed))).all()}
    assert stretched and len(stretched) < 6  # stretched to fill all 64 blocks sometimes, not always


def test_size_normalised_digits_fill_the_height_and_carry_a_fifth_to_two_fifths_of_ink():
    for seed in range(8):
        counts = _ink_counts(study.size_normalised(_tall_bar(), np.random.default_rng(seed)))
        assert counts.shape == (8, 8)
        assert counts.sum(axis=1).all()  # every row of blocks has ink: the full height
        share = counts.sum() / 1024
        assert 0.1 <= share <= 0.45, share  # widened towards 20-35%, never far past it
        hairline = _ink_counts(study.size_normalised(_tall_bar(width=1), np.random.default_rng(seed)))
        assert hairline.sum() / 1024 >= 0.2  # a 2-pixel line alone would carry 6%


def test_a_slanted_stroke_is_made_upright():
    image = np.zeros((20, 20), dtype=bool)
    for row in range(20):
        image[row, 19 - row] = True  # a diagonal leaning right
    upright = study.without_slant(image)
    assert upright.shape[1] <= 2  # one column, or two where rounding splits it
