"""Where the project finds itself and its data: a checkout, a non-editable install, Kaggle's input."""

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import tiny_network, write_csv
from digits import config
from digits.data.kaggle_csv import PIXEL_COLUMNS, TRAIN_COLUMNS


def make_project(folder):
    (folder / "src" / "digits").mkdir(parents=True)
    (folder / "pyproject.toml").write_text("[project]\nname = 'digits'\n")
    return folder


def test_an_installed_package_finds_the_checkout_it_is_run_from(tmp_path):
    checkout = make_project(tmp_path / "checkout")
    (checkout / "notebooks").mkdir()
    site_packages = tmp_path / "venv" / "lib" / "python3.11"  # where a non-editable install puts it
    site_packages.mkdir(parents=True)
    assert config._project_root({}, site_packages, checkout / "notebooks") == checkout
    assert config._project_root({}, site_packages, tmp_path) == tmp_path  # outside any checkout: here
    assert config._project_root({"DIGITS_ROOT": str(tmp_path / "x")}, checkout, checkout) == tmp_path / "x"
    assert config._project_root({}, checkout, tmp_path) == checkout  # an editable install: its own tree


def test_kaggle_input_is_the_data_folder_when_present(tmp_path):
    kaggle = tmp_path / "kaggle" / "input" / "digit-recognizer"
    assert config._data_dir(tmp_path, {}, kaggle) == tmp_path / "data"
    kaggle.mkdir(parents=True)
    (kaggle / "train.csv").write_text("label\n")
    (kaggle / "test.csv").write_text("pixel0\n")
    assert config._data_dir(tmp_path, {}, kaggle) == kaggle
    assert config._data_dir(tmp_path, {"DIGITS_DATA_DIR": str(tmp_path / "mine")}, kaggle) == tmp_path / "mine"


@pytest.fixture
def kaggle_folder(tmp_path):
    """A folder laid out like Kaggle's: train.csv, test.csv, sample_submission.csv; no answer key."""
    rng = np.random.default_rng(7)
    folder = tmp_path / "digit-recognizer"
    folder.mkdir()
    write_csv(folder / "train.csv", TRAIN_COLUMNS, [[label, *row] for label, row in
                                                    zip(range(10), rng.integers(0, 256, (10, 784)).tolist())])
    write_csv(folder / "test.csv", PIXEL_COLUMNS, rng.integers(0, 256, (6, 784)).tolist())
    pd.DataFrame({"ImageId": range(1, 7), "Label": 0}).to_csv(folder / "sample_submission.csv", index=False)
    return folder


def run_digits(*arguments, data_dir):
    environment = dict(os.environ, DIGITS_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "digits", *arguments], capture_output=True, text=True,
                          env=environment, timeout=300)


def test_a_kaggle_folder_is_kept_and_submitted_in_its_order(kaggle_folder, tmp_path):
    built = run_digits("data", data_dir=kaggle_folder)
    assert built.returncode == 0 and "Keeping the existing train.csv and test.csv" in built.stdout
    assert "without an answer key" in built.stdout and not (kaggle_folder / "mnist_places.csv").exists()
    model_file = tmp_path / "mine.keras"
    tiny_network(0).save(model_file)
    submitted = run_digits("submit", "--model", str(model_file), "--out", str(tmp_path / "submission.csv"),
                           data_dir=kaggle_folder)
    assert submitted.returncode == 0, submitted.stderr
    written = pd.read_csv(tmp_path / "submission.csv")
    sample = pd.read_csv(kaggle_folder / "sample_submission.csv")
    assert written.columns.tolist() == sample.columns.tolist()
    assert written["ImageId"].tolist() == sample["ImageId"].tolist()


def test_a_sample_submission_of_other_data_is_refused(kaggle_folder, tmp_path):
    from digits.modeling.saved_models import load_model
    from digits.reports.submission import make_submission

    pd.DataFrame({"ImageId": range(1, 10), "Label": 0}).to_csv(kaggle_folder / "sample_submission.csv", index=False)
    model_file = tmp_path / "mine.keras"
    tiny_network(0).save(model_file)
    with pytest.raises(ValueError, match="lists 9 ImageIds, not 1 to 6"):
        make_submission(load_model(model_file), tmp_path / "submission.csv", kaggle_folder / "test.csv")
    assert not (tmp_path / "submission.csv").exists()
