"""digits.evaluation against scikit-learn and hand-made cases."""

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix

from digits.evaluation.calibration import expected_calibration_error, reliability_table
from digits.evaluation.ensembles import ensemble_probabilities
from digits.evaluation.errors import confusion, errors_per_digit, most_confident_errors
from digits.evaluation.predictions import accuracy, prediction_table, top_two, wrong_predictions


def probabilities_for(guesses, confidences):
    """Probability rows whose argmax is `guesses` with the given top probability."""
    rows = np.full((len(guesses), 10), 0.0, dtype=np.float32)
    for row, (guess, confidence) in enumerate(zip(guesses, confidences)):
        rows[row] = (1 - confidence) / 9
        rows[row, guess] = confidence
    return rows


def test_tables_and_metrics_agree_with_scikit_learn():
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 10, 500)
    guesses = np.where(rng.random(500) < 0.8, labels, rng.integers(0, 10, 500))
    probabilities = probabilities_for(guesses, rng.uniform(0.3, 1.0, 500))
    assert np.isclose(accuracy(probabilities, labels), accuracy_score(labels, guesses))
    assert np.array_equal(confusion(labels, guesses).to_numpy(), confusion_matrix(labels, guesses, labels=range(10)))
    wrong = wrong_predictions(probabilities, labels)
    assert len(wrong) == int(np.sum(guesses != labels))
    assert (wrong["Guess"] != wrong["Actual"]).all()
    per_digit = errors_per_digit(probabilities, labels)
    assert per_digit.index.tolist() == list(range(10)) and per_digit.sum() == len(wrong)
    assert np.array_equal(per_digit.to_numpy(), confusion(labels, guesses).sum(axis=1) - np.diag(confusion(labels, guesses)))


def test_most_confident_errors_are_sorted_and_only_errors():
    labels = np.array([1, 2, 3, 4, 5])
    probabilities = probabilities_for([1, 7, 3, 9, 6], [0.9, 0.6, 0.99, 0.95, 0.7])
    errors = most_confident_errors(probabilities, labels, count=2)
    assert errors.index.tolist() == [3, 4]
    assert errors["Guess"].tolist() == [9, 6]


def test_confusion_includes_digits_never_seen():
    table = confusion(np.array([0, 0, 1]), np.array([0, 1, 1]))
    assert table.shape == (10, 10) and table.loc[0, 1] == 1 and table.to_numpy().sum() == 3


def test_top_two_and_prediction_table():
    probabilities = np.array([[0.1, 0.6, 0.3] + [0.0] * 7], dtype=np.float32)
    classes, values = top_two(probabilities)
    assert classes.tolist() == [[1, 2]] and np.allclose(values, [[0.6, 0.3]])
    table = prediction_table(probabilities, [2])
    assert table.loc[0, "Guess"] == 1 and np.isclose(table.loc[0, "Confidence"], 0.6)


def test_ensemble_is_the_mean():
    first = np.array([[0.9, 0.1] + [0.0] * 8])
    second = np.array([[0.3, 0.7] + [0.0] * 8])
    assert np.allclose(ensemble_probabilities([first, second])[0, :2], [0.6, 0.4])


def test_calibration_of_a_perfectly_calibrated_and_an_overconfident_model():
    rng = np.random.default_rng(6)
    count = 20_000
    confidence = rng.uniform(0.2, 1.0, count)
    labels = rng.integers(0, 10, count)
    right = rng.random(count) < confidence  # right exactly as often as it claims
    guesses = np.where(right, labels, (labels + 1) % 10)
    calibrated = probabilities_for(guesses, confidence)
    assert expected_calibration_error(calibrated, labels) < 0.02
    overconfident = probabilities_for(guesses, np.full(count, 0.999))
    assert abs(expected_calibration_error(overconfident, labels) - (0.999 - right.mean())) < 0.01
    table = reliability_table(calibrated, labels)
    assert table["predictions"].sum() == count


def test_confused_pairs_rank_the_commonest_confusions_first():
    from digits.evaluation.errors import confused_pairs

    labels = np.array([4, 4, 4, 9, 9, 7, 1, 1])
    guesses = np.array([9, 9, 4, 4, 9, 1, 7, 1])
    pairs = confused_pairs(labels, guesses)
    assert pairs[["actual", "guessed", "errors"]].values.tolist() == [[4, 9, 2], [1, 7, 1], [7, 1, 1], [9, 4, 1]]
    assert pairs["share of errors"].tolist() == ["40.0%", "20.0%", "20.0%", "20.0%"]
    assert pairs.index.tolist() == [1, 2, 3, 4]


def test_the_standard_error_of_an_ece_difference_shrinks_with_more_images_and_vanishes_for_one_network():
    from digits.evaluation.calibration import ece_difference_standard_error

    rng = np.random.default_rng(7)

    def two_networks(count):
        labels = rng.integers(0, 10, count)
        right = rng.random(count) < 0.9
        guesses = np.where(right, labels, (labels + 1) % 10)
        return (probabilities_for(guesses, rng.uniform(0.5, 1.0, count)),
                probabilities_for(guesses, np.full(count, 0.95)), labels)

    few, many = two_networks(500), two_networks(20_000)
    small_sample = ece_difference_standard_error(*few, resamples=200)
    large_sample = ece_difference_standard_error(*many, resamples=200)
    assert 0 < large_sample < small_sample / 3  # about the root of 40 apart
    assert ece_difference_standard_error(few[0], few[0], few[2], resamples=50) == 0
