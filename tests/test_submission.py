"""Kaggle submissions: format, scoring, and a clear message without an answer key."""

import numpy as np
import pytest

from digits.reports.submission import NoAnswerKeyError, describe_test_score, score_submission, write_submission


def test_written_submission_scores_against_its_key(tmp_path):
    truth = np.array([3, 1, 4, 1, 5, 9])
    write_submission(truth, tmp_path / "key.csv")
    guesses = truth.copy()
    guesses[2] = 0
    path = write_submission(guesses, tmp_path / "guess.csv")
    assert path.read_text().splitlines()[:3] == ["ImageId,Label", "1,3", "2,1"]
    score, errors = score_submission(path, tmp_path / "key.csv")
    assert errors == 1 and score == pytest.approx(5 / 6)


@pytest.mark.parametrize("text, message", [
    ("ImageId,Label\n1,1\n2,2\n", "2 rows, expected 3"),
    ("ImageId,Label\n1,1\n3,2\n2,3\n", "line 3: ImageId 3, expected 2"),
    ("Id,Label\n1,1\n2,2\n3,3\n", "expected ImageId,Label"),
    ("ImageId,Label\n1,1\n2,12\n3,3\n", "line 3, column Label: 12 is outside 0-9"),
])
def test_malformed_submissions_are_named(tmp_path, text, message):
    write_submission(np.array([1, 2, 3]), tmp_path / "key.csv")
    (tmp_path / "guess.csv").write_text(text)
    with pytest.raises(ValueError, match=message):
        score_submission(tmp_path / "guess.csv", tmp_path / "key.csv")


def test_without_answer_key_scoring_says_why(tmp_path):
    path = write_submission(np.array([1, 2]), tmp_path / "guess.csv")
    with pytest.raises(NoAnswerKeyError, match="cannot be computed"):
        score_submission(path, tmp_path / "absent.csv")
    assert "no answer key" in describe_test_score(path, tmp_path / "absent.csv")


def test_answer_key_if_available_returns_none_and_says_why(tmp_path, capsys):
    from digits.reports.submission import answer_key_if_available

    assert answer_key_if_available(tmp_path / "absent.csv") is None
    assert "Skipping the test-set analysis" in capsys.readouterr().out
    write_submission(np.array([4, 2]), tmp_path / "key.csv")
    assert answer_key_if_available(tmp_path / "key.csv").tolist() == [4, 2]
