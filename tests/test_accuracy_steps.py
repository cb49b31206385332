"""The table from baseline_cnn to best_cnn: counts, paired standard errors, and the stored runs' checks."""

import json

import numpy as np
import pytest

from digits.data.provenance import OtherDataError, file_sha256
from digits.evaluation.accuracy_steps import STEP_RUNS, Step, accuracy_steps_table, load_step_runs
from digits.evaluation.member_predictions import write_reproducible_npz


def test_each_step_is_scored_against_the_one_before():
    labels = np.zeros(1000, dtype=int)
    first = labels.copy()
    first[:30] = 1  # 30 wrong
    second = labels.copy()
    second[20:35] = 1  # 15 wrong: 0-19 mended, 20-29 still wrong, 30-34 new
    folds = [second.copy(), second.copy()]
    folds[1][35:39] = 2  # one of two networks also misses 4 more: 17 errors on average
    table = accuracy_steps_table([Step("a", "start", [first], [1.0]), Step("b", "one change", [second], [2.0]),
                                  Step("c", "two networks", folds, [3.0, 5.0])], labels)
    assert table.loc["a", "test errors"] == 30 and np.isnan(table.loc["a", "change in errors"])
    assert table.loc["b", "test errors"] == 15 and table.loc["b", "change in errors"] == -15
    # Only-one-right counts: 20 images only b reads right, 5 only a: McNemar's root of 25, nearly.
    assert table.loc["b", "standard error"] == pytest.approx(np.sqrt(25), rel=0.02)
    assert table.loc["c", "test errors"] == 17 and table.loc["c", "change in errors"] == 2
    assert table.loc["c", "networks"] == 2 and table.loc["c", "minutes per network"] == 4.0
    assert table.loc["c", "accuracy"] == pytest.approx(1 - 17 / 1000)


def test_the_four_runs_change_one_thing_each():
    assert [run.name for run in STEP_RUNS] == ["network", "precision", "schedule", "epochs"]
    for before, after in zip(STEP_RUNS, STEP_RUNS[1:]):
        changed = [field for field in ("precision", "epochs", "adam") if getattr(before, field) != getattr(after, field)]
        assert len(changed) == 1, (before.name, after.name, changed)
    from digits.evaluation.accuracy_steps import step_runs_table

    shown = step_runs_table()
    assert shown.loc["epochs", "epochs"] == "3 x 14" and shown.loc["network", "optimizer"] == "Adadelta"


def _store(tmp_path, test_csv, names):
    results, answers = tmp_path / "steps.json", tmp_path / "steps.npz"
    write_reproducible_npz(answers, {name: np.full(5, index, dtype=np.uint8) for index, name in enumerate(names)})
    runs = {name: {"minutes": 1.0, "epoch_seconds": [30.0, 31.0],
                   "cpu": {"name": "AMD EPYC", "model": "25.17.1"}} for name in names}
    results.write_text(json.dumps({"test_csv_sha256": file_sha256(test_csv), "runs": runs}))
    return results, answers


def test_stored_runs_come_back_in_the_order_of_the_steps(tmp_path):
    test_csv = tmp_path / "test.csv"
    test_csv.write_text("pixel0\n0\n")
    results, answers = _store(tmp_path, test_csv, ["epochs", "network"])
    records, stored = load_step_runs(results, answers, test_csv)
    assert list(records) == ["network", "epochs"] and stored["epochs"].tolist() == [0] * 5


def test_runs_for_another_test_csv_are_refused(tmp_path):
    test_csv = tmp_path / "test.csv"
    test_csv.write_text("pixel0\n0\n")
    results, answers = _store(tmp_path, test_csv, ["network"])
    test_csv.write_text("pixel0\n1\n")
    with pytest.raises(OtherDataError, match="make accuracy-steps"):
        load_step_runs(results, answers, test_csv)


def test_the_read_table_leaves_the_first_change_blank():
    from digits.evaluation.accuracy_steps import formatted_steps_table

    labels = np.zeros(100, dtype=int)
    worse = labels.copy()
    worse[:3] = 1
    shown = formatted_steps_table(accuracy_steps_table([Step("a", "start", [labels], [1.0]),
                                                        Step("b", "worse", [worse], [2.0])], labels))
    assert shown.loc["a", "change in errors"] == "" and shown.loc["b", "change in errors"] == "+3"
    assert shown.loc["b", "accuracy"] == "97.00%" and shown.loc["a", "standard error"] == ""
