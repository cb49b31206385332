"""The cross-validation networks: stratified folds from the seed, and their stored probabilities."""

import json

import numpy as np
import pytest

from conftest import tiny_network, write_csv
from digits import config
from digits.data.kaggle_csv import PIXEL_COLUMNS, TRAIN_COLUMNS
from digits.data.provenance import OtherDataError, file_sha256
from digits.evaluation.fold_predictions import load_fold_probabilities, write_fold_probabilities
from digits.evaluation.member_predictions import record_path
from digits.modeling.cross_validation import (FOLDS, fold_network_names, fold_of_each_image, fold_seed,
                                              fold_split)
from digits.modeling.ensemble_members import ENSEMBLE_SIZE, member_seed
from digits.modeling.history import TrainingHistory
from digits.modeling.saved_models import save_trained


def test_folds_are_stratified_disjoint_and_fixed_by_the_seed():
    labels = np.repeat(np.arange(10), 50)
    np.random.default_rng(3).shuffle(labels)
    folds = fold_of_each_image(labels)
    assert np.bincount(folds).tolist() == [100] * FOLDS
    for fold in range(FOLDS):
        assert np.bincount(labels[folds == fold], minlength=10).tolist() == [10] * 10
    assert np.array_equal(folds, fold_of_each_image(labels))
    assert not np.array_equal(folds, fold_of_each_image(labels, seed=config.SEED + 1))


def test_each_network_learns_from_the_other_folds_only():
    rng = np.random.default_rng(4)
    images = rng.integers(0, 256, (50, 28, 28), dtype=np.uint8)
    images[:, 0, 0] = np.arange(50)  # each image's row, to follow it
    labels = np.repeat(np.arange(10), 5)
    folds = fold_of_each_image(labels)
    for fold in range(FOLDS):
        split = fold_split(images, labels, folds, fold)
        learnt = np.rint(split.train_images[:, 0, 0, 0] * 255).astype(int)
        held_out = np.rint(split.val_images[:, 0, 0, 0] * 255).astype(int)
        assert set(held_out) == set(np.flatnonzero(folds == fold)) and not set(learnt) & set(held_out)
        assert len(learnt) + len(held_out) == 50


def test_no_network_shares_a_seed_with_an_ensemble_member():
    seeds = [fold_seed(fold) for fold in range(FOLDS)] + [member_seed(k) for k in range(1, ENSEMBLE_SIZE + 1)]
    assert len(set(seeds)) == len(seeds) and config.SEED not in seeds


@pytest.fixture
def fold_data(tmp_path):
    rng = np.random.default_rng(5)
    labels = np.repeat(np.arange(10), FOLDS)
    train_csv = write_csv(tmp_path / "train.csv", TRAIN_COLUMNS,
                          [[label, *row] for label, row in zip(labels, rng.integers(0, 256, (50, 784)).tolist())])
    test_csv = write_csv(tmp_path / "test.csv", PIXEL_COLUMNS, rng.integers(0, 256, (4, 784)).tolist())
    for fold, name in enumerate(fold_network_names()):
        save_trained(tiny_network(fold), TrainingHistory(train_data_sha256=file_sha256(train_csv)), name, tmp_path)
    return tmp_path, train_csv, test_csv, labels


def test_each_image_is_answered_by_the_network_that_did_not_learn_it(fold_data):
    from digits.data.kaggle_csv import load_train_csv
    from digits.data.network_input import to_network_input
    from digits.evaluation.predictions import predict_probabilities
    from digits.modeling.saved_models import load_trained

    folder, train_csv, test_csv, labels = fold_data
    path = folder / "folds.npz"
    record = write_fold_probabilities(fold_network_names(), path, folder, train_csv, test_csv)
    out_of_fold, folds, tests = load_fold_probabilities(path, train_csv, test_csv)
    assert record["networks"] == list(tests) == fold_network_names()
    assert np.array_equal(folds, fold_of_each_image(labels)) and out_of_fold.shape == (50, 10)
    images = to_network_input(load_train_csv(train_csv, use_cache=False)[0])
    for fold, name in enumerate(fold_network_names()):
        own = predict_probabilities(load_trained(name, folder, train_csv)[0], images[folds == fold])
        np.testing.assert_allclose(out_of_fold[folds == fold], own, atol=1e-3)
        assert tests[name].shape == (4, 10)


def test_a_partial_changed_or_foreign_store_is_refused(fold_data):
    folder, train_csv, test_csv, _ = fold_data
    path = folder / "folds.npz"
    write_fold_probabilities(fold_network_names()[:2], path, folder, train_csv, test_csv)
    with pytest.raises(FileNotFoundError, match="holds 2 of the 5.*make folds"):
        load_fold_probabilities(path, train_csv, test_csv)
    write_fold_probabilities(fold_network_names(), path, folder, train_csv, test_csv)
    other_test = write_csv(folder / "other.csv", PIXEL_COLUMNS, [[0] * 784])
    with pytest.raises(OtherDataError, match="another other.csv"):
        load_fold_probabilities(path, train_csv, other_test)
    record = json.loads(record_path(path).read_text())
    record["npz_sha256"] = "0" * 64
    record_path(path).write_text(json.dumps(record))
    with pytest.raises(ValueError, match="not the one recorded"):
        load_fold_probabilities(path, train_csv, test_csv)


def test_the_fold_table_scores_each_network_on_the_fold_it_held_out():
    from digits.evaluation.fold_predictions import fold_table

    labels = np.repeat(np.arange(10), FOLDS)
    folds = fold_of_each_image(labels)
    misread = np.flatnonzero(folds == 2)[:3]  # three images of the third fold read as the next digit
    read = labels.copy()
    read[misread] = (labels[misread] + 1) % 10
    out_of_fold = np.eye(10)[read]
    histories = {name: TrainingHistory(seed=fold_seed(fold), train_size=40, epoch_seconds=[60.0, 60.0])
                 for fold, name in enumerate(fold_network_names())}
    table = fold_table(out_of_fold, folds, labels, histories)
    assert table["held out"].tolist() == [10] * FOLDS
    assert table["errors"].tolist() == [0, 0, 3, 0, 0] and table.loc["fold_cnn3", "accuracy"] == 0.7
    assert table.loc["fold_cnn1", "seed"] == f"SEED + {fold_seed(0) - config.SEED}"
    assert table["minutes"].tolist() == [2.0] * FOLDS


def test_the_cleaned_network_learns_from_every_image_but_the_flagged_ones(tmp_path):
    import pandas as pd

    from digits.modeling.cleaned_labels import flagged_train_rows, without_rows

    images = np.zeros((20, 28, 28), dtype=np.uint8)
    images[:, 0, 0] = np.arange(20)
    labels = np.arange(20) % 10
    table = tmp_path / "label_issues.csv"
    pd.DataFrame({"train_row": [3, 17], "given": [3, 7], "suggested": [5, 1], "label_quality": [0.0, 0.01]}).to_csv(table, index=False)
    split = without_rows(images, labels, flagged_train_rows(table))
    learnt = np.rint(split.train_images[:, 0, 0, 0] * 255).astype(int)
    assert sorted(learnt) == [row for row in range(20) if row not in (3, 17)] and len(split.val_images) == 0
    assert split.train_labels.tolist() == labels[learnt].tolist()
    with pytest.raises(FileNotFoundError, match="make folds"):
        flagged_train_rows(tmp_path / "missing.csv")
