"""digits.evaluation.label_audit: planted label errors ranked first and counted; published lists placed."""

import numpy as np
import pandas as pd
import pytest

from digits import config
from digits.data.build import MNIST_TRAIN_SIZE, load_mnist_places
from digits.evaluation.label_audit import (LABEL_ISSUE_COLUMNS, PUBLISHED_TEST_SET_ERRORS,
                                           FLAGGED_SHARE, PUBLISHED_TRAINING_SET_ERRORS, confident_learning_issues,
                                           label_issues, published_errors, write_label_issues)


def confident_probabilities(true_labels, rng, confidence=0.95):
    """Probabilities of a good classifier: most mass on the true class, the rest spread at random."""
    rest = rng.dirichlet(np.ones(config.NUM_CLASSES), size=len(true_labels)) * (1 - confidence)
    rest[np.arange(len(true_labels)), true_labels] += confidence
    return rest / rest.sum(axis=1, keepdims=True)


def planted_errors(seed=0, images=1000, planted=15):
    """Labels of a confident classifier's images, `planted` of them changed to another class."""
    rng = np.random.default_rng(seed)
    true_labels = np.repeat(np.arange(10), images // 10)
    probabilities = confident_probabilities(true_labels, rng)
    given = true_labels.copy()
    rows = rng.choice(len(given), size=planted, replace=False)
    given[rows] = (given[rows] + 1 + rng.integers(0, 9, size=planted)) % 10
    return true_labels, given, probabilities, rows


def test_the_audit_flags_its_share_with_the_planted_errors_first():
    true_labels, given, probabilities, planted = planted_errors()
    issues = label_issues(given, probabilities, share=0.03)
    assert len(issues) == 30 and issues["label_quality"].is_monotonic_increasing
    # A confident classifier gives a changed label almost nothing: every planted error ranks above
    # every clean label, and the other 15 flagged are clean labels the classifier read right.
    assert set(issues["row"][:15]) == set(planted)
    flagged = issues.set_index("row")
    assert (flagged["suggested"] == true_labels[flagged.index]).all()
    assert (flagged["given"] == given[flagged.index]).all()
    assert len(label_issues(given, probabilities)) == round(FLAGGED_SHARE * len(given)) == 10


def test_confident_learning_flags_about_the_planted_errors():
    true_labels, given, probabilities, planted = planted_errors()
    issues = confident_learning_issues(given, probabilities)
    # It prunes as many labels per class pair as it estimates are wrong, so it may miss a few of
    # them; it flags no clean label of a confident classifier.
    assert set(issues["row"]) <= set(planted) and len(issues) >= 12
    assert issues["label_quality"].is_monotonic_increasing
    assert (issues["suggested"] == true_labels[issues["row"]]).all()
    assert confident_learning_issues(true_labels, probabilities).empty


def test_probabilities_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match="shape"):
        label_issues(np.zeros(5, dtype=int), np.full((5, 3), 1 / 3))


def test_the_table_has_the_committed_columns(tmp_path):
    issues = pd.DataFrame({"row": [7, 3], "given": [4, 1], "suggested": [9, 7], "label_quality": [0.001, 0.02]})
    write_label_issues(issues, tmp_path / "label_issues.csv")
    table = pd.read_csv(tmp_path / "label_issues.csv")
    assert table.columns.tolist() == LABEL_ISSUE_COLUMNS and table["train_row"].tolist() == [7, 3]


def test_published_errors_are_placed_in_the_project_rows():
    # A record of places for all 70,000 images, as the build writes it, from a known order.
    order = np.random.default_rng(1).permutation(70_000)
    places = pd.DataFrame({"file": ["train.csv"] * 42_000 + ["test.csv"] * 28_000,
                           "row": np.r_[np.arange(42_000), np.arange(28_000)],
                           "mnist_set": np.where(order < MNIST_TRAIN_SIZE, "train", "test"),
                           "mnist_index": np.where(order < MNIST_TRAIN_SIZE, order, order - MNIST_TRAIN_SIZE)})
    table = published_errors(places)
    assert len(table) == len(PUBLISHED_TEST_SET_ERRORS) + len(PUBLISHED_TRAINING_SET_ERRORS) == 35
    position = {(row.file, row.row): index for index, row in enumerate(places.itertuples())}
    for entry in table.itertuples():
        source_place = order[position[(entry.file, entry.row)]]
        assert source_place == entry.mnist_index + (MNIST_TRAIN_SIZE if entry.mnist_set == "test" else 0)


@pytest.mark.skipif(not config.MNIST_PLACES_CSV.is_file(), reason="needs the data built by `make data`")
def test_the_published_test_set_errors_carry_their_given_labels_here():
    """The paper's given labels are this build's labels at the places the record names: a check
    that the record of MNIST places (and the source's order) is right."""
    from digits.data.kaggle_csv import load_train_csv

    _, train_labels = load_train_csv()
    test_labels = pd.read_csv(config.TEST_LABELS_CSV)["Label"].to_numpy()
    table = published_errors(load_mnist_places())
    tested = table[table["source"].str.startswith("Northcutt")]
    here = [train_labels[row] if file == "train.csv" else test_labels[row] for file, row in zip(tested["file"], tested["row"])]
    assert here == tested["given"].tolist()


def test_accuracy_where_sure_leaves_out_the_same_images_for_every_model():
    from digits.evaluation.label_audit import accuracy_where_labels_are_sure

    labels = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    guesses = {"a": np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 0]),   # wrong on 9, a doubtful label
               "b": np.array([1, 1, 2, 3, 4, 5, 6, 7, 8, 9])}   # wrong on 0, a sure one
    table = accuracy_where_labels_are_sure(guesses, labels, {"one": [9], "two": [0, 9]})
    assert table.loc["a", ("all images", "errors")] == 1 and table.loc["a", ("all images", "accuracy")] == 0.9
    assert table.loc["a", ("without one", "errors")] == 0 and table.loc["a", ("without one", "accuracy")] == 1.0
    assert table.loc["b", ("without one", "errors")] == 1
    assert table.loc["b", ("without one", "accuracy")] == pytest.approx(8 / 9)
    assert table.loc["b", ("without two", "errors")] == 0 and table.loc["b", ("without two", "accuracy")] == 1.0


def test_published_errors_are_marked_where_the_audit_flags_them_too():
    from digits.evaluation.label_audit import audit_published

    published = pd.DataFrame({"file": ["train.csv", "train.csv", "test.csv"], "row": [1, 2, 1]})
    train_labels, test_labels = np.array([0, 1, 2]), np.array([3, 4])
    train_probabilities = np.eye(10)[[0, 7, 2]] * 0.9 + 0.01   # row 1 read as 7: its label most in doubt
    test_probabilities = np.eye(10)[[3, 4]] * 0.9 + 0.01
    audited = audit_published(published, (train_labels, train_probabilities), (test_labels, test_probabilities),
                              {"flagged here": ([1], []), "another set": ([2], [1])})
    assert audited["flagged here"].tolist() == [True, False, False]
    assert audited["another set"].tolist() == [False, True, True]
    assert audited["label here"].tolist() == [1, 2, 4] and audited["read as"].tolist() == [7, 2, 4]
    assert audited["doubt rank"].tolist() == [1, 3, 2]  # ties keep row order
    assert audited["read with"].tolist() == pytest.approx([0.91, 0.91, 0.91])


def test_found_within_counts_the_published_errors_inside_each_budget():
    from digits.evaluation.label_audit import found_within

    table = found_within([1, 5, 40, 400], images=1000, shares=[0.001, 0.01, 0.5])
    assert table["labels flagged"].tolist() == [1, 10, 500]
    assert table["published errors among them"].tolist() == [1, 2, 4] and set(table["of"]) == {4}
