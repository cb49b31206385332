"""The guard against leaked scores: a model is evaluated only beside the train.csv it was trained beside."""

import hashlib
import subprocess

import pytest

from digits import config
from digits.data.provenance import OtherDataError, check_same_training_data, file_sha256, training_data_fingerprint
from digits.modeling.history import TrainingHistory
from digits.modeling.saved_models import load_trained

COMMITTED = "baseline_cnn"
HAS_COMMITTED_MODEL = (config.MODELS_DIR / f"{COMMITTED}.keras").is_file() and config.TRAIN_CSV.is_file()


@pytest.fixture
def foreign_data(tmp_path):
    """A small train/test pair that is not the project's: three labelled rows and two test rows."""
    header = ",".join(f"pixel{index}" for index in range(config.NUM_PIXELS))
    zeros = ",".join(["0"] * config.NUM_PIXELS)
    (tmp_path / "train.csv").write_text(f"label,{header}\n" + "".join(f"{digit},{zeros}\n" for digit in (1, 2, 3)))
    (tmp_path / "test.csv").write_text(f"{header}\n{zeros}\n{zeros}\n")
    return tmp_path


def test_file_sha256_is_the_files_and_follows_a_change(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("label\n1\n")
    assert file_sha256(path) == hashlib.sha256(b"label\n1\n").hexdigest()
    path.write_text("label\n1\n2\n")  # another size: hashed again, not taken from the cache
    assert file_sha256(path) == hashlib.sha256(b"label\n1\n2\n").hexdigest()


def test_the_same_data_passes_and_other_data_is_refused_with_what_to_do(foreign_data, tmp_path):
    recorded = TrainingHistory(train_data_sha256=file_sha256(foreign_data / "train.csv"))
    check_same_training_data("mine", recorded, foreign_data / "train.csv")  # no error
    other = TrainingHistory(train_data_sha256="0" * 64)
    with pytest.raises(OtherDataError, match="mine was trained beside a train.csv with SHA-256 000000000000") as refusal:
        check_same_training_data("mine", other, foreign_data / "train.csv")
    assert "make run" in str(refusal.value) and "--allow-other-data" in str(refusal.value)
    with pytest.raises(OtherDataError, match="there is no"):
        check_same_training_data("mine", other, tmp_path / "absent" / "train.csv")
    check_same_training_data("mine", TrainingHistory(), foreign_data / "train.csv")  # records nothing: passes


@pytest.mark.skipif(not HAS_COMMITTED_MODEL, reason="needs the committed models and data/train.csv")
def test_a_notebook_load_of_a_committed_model_stops_on_other_data(foreign_data):
    model, history = load_trained(COMMITTED)  # beside the project's own train.csv: fine
    assert history.train_data_sha256 == training_data_fingerprint()
    with pytest.raises(OtherDataError, match=f"{COMMITTED} was trained beside"):
        load_trained(COMMITTED, train_csv=foreign_data / "train.csv")
    model, _ = load_trained(COMMITTED, train_csv=foreign_data / "train.csv", allow_other_data=True)
    assert model.count_params() > 0


@pytest.mark.skipif(not HAS_COMMITTED_MODEL, reason="needs the committed models and data/train.csv")
def test_submit_refuses_a_committed_model_on_other_data_unless_allowed(foreign_data, capsys):
    from digits.command_line.main import main

    def submit(*extra):  # the command's own main, in this process (a new one would spend its time loading TensorFlow)
        capsys.readouterr()
        code = main(["submit", "--model", str(config.MODELS_DIR / f"{COMMITTED}.keras"), "--test-csv",
                     str(foreign_data / "test.csv"), "--out", str(foreign_data / "submission.csv"), *extra])
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(extra, code, captured.out, captured.err)

    refused = submit()
    assert refused.returncode == 2 and "refused:" in refused.stderr and "make run" in refused.stderr
    assert not (foreign_data / "submission.csv").exists()
    allowed = submit("--allow-other-data")
    assert allowed.returncode == 0, allowed.stderr
    assert "warning (--allow-other-data)" in allowed.stderr
    assert (foreign_data / "submission.csv").read_text().splitlines()[0] == "ImageId,Label"
