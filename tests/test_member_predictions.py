"""The ensemble members' stored test probabilities: written once, read back checked."""

import json

import numpy as np
import pytest

from conftest import tiny_network, write_csv
from digits import config
from digits.data.kaggle_csv import PIXEL_COLUMNS
from digits.data.provenance import OtherDataError, file_sha256
from digits.evaluation.member_predictions import load_member_probabilities, record_path, write_member_probabilities
from digits.modeling.history import TrainingHistory
from digits.modeling.saved_models import save_trained


@pytest.fixture
def two_members(tmp_path):
    rng = np.random.default_rng(0)
    test_csv = write_csv(tmp_path / "test.csv", PIXEL_COLUMNS, rng.integers(0, 256, (7, 784)).tolist())
    for seed, name in enumerate(("member_a", "member_b")):
        save_trained(tiny_network(seed), TrainingHistory(), name, tmp_path)
    return tmp_path, test_csv


def test_written_probabilities_read_back_as_each_member_predicts(two_members):
    from digits.data.kaggle_csv import load_test_csv
    from digits.data.network_input import to_network_input
    from digits.evaluation.predictions import predict_probabilities
    from digits.modeling.saved_models import load_trained

    folder, test_csv = two_members
    path = folder / "members.npz"
    record = write_member_probabilities(["member_a", "member_b"], path, folder, test_csv)
    assert record["members"] == ["member_a", "member_b"] and record["images"] == 7
    stored = load_member_probabilities(path, test_csv)
    assert list(stored) == ["member_a", "member_b"]
    images = to_network_input(load_test_csv(test_csv))
    for name, probabilities in stored.items():
        assert probabilities.dtype == np.float32 and probabilities.shape == (7, 10)
        np.testing.assert_allclose(probabilities, predict_probabilities(load_trained(name, folder)[0], images), atol=1e-3)
    assert not np.allclose(stored["member_a"], stored["member_b"])
    # Written again from the same models, the file is the same, byte for byte.
    assert write_member_probabilities(["member_a", "member_b"], path, folder, test_csv)["npz_sha256"] == record["npz_sha256"]


def test_a_changed_file_or_another_test_csv_is_refused(two_members):
    folder, test_csv = two_members
    path = folder / "members.npz"
    write_member_probabilities(["member_a"], path, folder, test_csv)
    other = write_csv(folder / "other.csv", PIXEL_COLUMNS, [[0] * 784])
    with pytest.raises(OtherDataError, match="another test.csv"):
        load_member_probabilities(path, other)
    record = json.loads(record_path(path).read_text())
    record["npz_sha256"] = "0" * 64
    record_path(path).write_text(json.dumps(record))
    with pytest.raises(ValueError, match="not the one recorded"):
        load_member_probabilities(path, test_csv)


@pytest.mark.skipif(not (config.MEMBER_PROBABILITIES.is_file() and config.TEST_CSV.is_file()),
                    reason="needs the committed members' probabilities and data/test.csv")
def test_the_committed_probabilities_are_what_the_first_committed_member_predicts():
    from digits.data.kaggle_csv import load_test_csv
    from digits.data.network_input import to_network_input
    from digits.evaluation.predictions import predict_probabilities
    from digits.modeling.saved_models import load_trained

    stored = load_member_probabilities()
    first = next(iter(stored))
    recomputed = predict_probabilities(load_trained(first)[0], to_network_input(load_test_csv()))
    np.testing.assert_allclose(stored[first], recomputed, atol=1e-3)  # float16: about three significant digits
    assert (stored[first].argmax(axis=1) == recomputed.argmax(axis=1)).mean() > 0.9999


def test_the_ensemble_loads_only_when_all_its_members_are_stored_and_from_this_data(tmp_path, monkeypatch):
    from digits.evaluation.member_predictions import load_ensemble
    from digits.modeling import ensemble_members

    rng = np.random.default_rng(1)
    test_csv = write_csv(tmp_path / "test.csv", PIXEL_COLUMNS, rng.integers(0, 256, (5, 784)).tolist())
    train_csv = write_csv(tmp_path / "train.csv", ["label"], [[1]])
    other_train = write_csv(tmp_path / "other_train.csv", ["label"], [[2]])
    names = ensemble_members.member_names(2)
    for seed, name in enumerate(names):
        save_trained(tiny_network(seed), TrainingHistory(train_data_sha256=file_sha256(train_csv)), name, tmp_path)
    path = tmp_path / "members.npz"
    write_member_probabilities(names[:1], path, tmp_path, test_csv, train_csv)
    with pytest.raises(FileNotFoundError, match="holds 1 ensemble members, not the 2 asked.*make ensemble"):
        load_ensemble(2, path, tmp_path, test_csv, train_csv)
    write_member_probabilities(names, path, tmp_path, test_csv, train_csv)
    probabilities, histories = load_ensemble(2, path, tmp_path, test_csv, train_csv)
    assert list(probabilities) == names and len(histories) == 2 and probabilities[names[0]].shape == (5, 10)
    assert list(load_ensemble(1, path, tmp_path, test_csv, train_csv)[0]) == names[:1]
    with pytest.raises(OtherDataError, match="make ensemble"):
        load_ensemble(2, path, tmp_path, test_csv, other_train)
