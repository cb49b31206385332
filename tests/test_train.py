"""digits.modeling.training: a training smoke test, saving and loading, and determinism on CPU."""

import json
import re
import zipfile

import keras
import numpy as np
import pytest

from conftest import bar_digits
from digits.data.network_input import split_train_validation
from digits.data.provenance import training_data_fingerprint
from digits.modeling.augmentation import Augmentation, build_augmentation
from digits.modeling.history import TrainingHistory
from digits.modeling.networks import build_baseline_cnn
from digits.modeling.saved_models import load_trained, model_path, save_trained, weights_checksum
from digits.modeling.training import TrainingSettings, train_or_load


@pytest.fixture(scope="module")
def small_split():
    """2,000 synthetic digits (conftest.bar_digits), split as the notebooks split."""
    return split_train_validation(*bar_digits(2_000, seed=4))


def test_one_epoch_gives_a_loadable_model_and_history(tmp_path, small_split):
    model, history, trained_now = train_or_load("smoke", build_baseline_cnn, small_split, epochs=1,
                                                models_dir=tmp_path, verbose=0)
    assert trained_now
    assert set(history.epochs) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert len(history.epochs["loss"]) == 1 and len(history.epoch_seconds) == 1
    assert len(history.batch_losses) == int(np.ceil(1_600 / 128))
    assert history.epochs["val_accuracy"][0] > 0.5  # far above the 0.1 of guessing
    saved = json.loads((tmp_path / "smoke.history.json").read_text())
    assert saved["epochs"]["loss"] == history.epochs["loss"]
    # The record names the data/train.csv beside which it was trained (empty where there is none),
    # the libraries, the CPU and the precision the network computed in.
    assert saved["train_data_sha256"] == training_data_fingerprint()
    assert saved["versions"]["keras"] == keras.__version__ and saved["precision"] == "float32"
    assert saved["cpu"]["cores"] and "onednn" in saved["cpu"]
    loaded, loaded_history = load_trained("smoke", tmp_path)
    assert weights_checksum(loaded) == weights_checksum(model)
    assert loaded_history.batch_losses == history.batch_losses
    assert not list(tmp_path.glob(".*partial*"))
    # With the files present and no retrain, nothing is trained again.
    _, _, trained_again = train_or_load("smoke", build_baseline_cnn, small_split, epochs=1, models_dir=tmp_path)
    assert not trained_again


def test_same_seed_gives_identical_weights(tmp_path, small_split):
    def build():
        return build_baseline_cnn(augmentation=build_augmentation(Augmentation(5, 0.1, 0.1)))

    first, _, _ = train_or_load("a", build, small_split, epochs=1, models_dir=tmp_path / "a", verbose=0)
    second, _, _ = train_or_load("b", build, small_split, epochs=1, models_dir=tmp_path / "b", verbose=0)
    other_seed, _, _ = train_or_load("c", build, small_split, 1, TrainingSettings(seed=7), models_dir=tmp_path / "c",
                                    verbose=0)
    assert weights_checksum(first) == weights_checksum(second)
    assert weights_checksum(first) != weights_checksum(other_seed)


def test_batch_losses_are_per_batch_not_running_means(tmp_path, small_split):
    _, history, _ = train_or_load("losses", build_baseline_cnn, small_split, epochs=1, models_dir=tmp_path, verbose=0)
    losses = np.array(history.batch_losses)
    # The epoch's reported loss is the size-weighted mean of its batches' losses.
    sizes = np.full(len(losses), 128.0)
    sizes[-1] = 1_600 - 128 * (len(losses) - 1)
    assert np.isclose(np.average(losses, weights=sizes), history.epochs["loss"][0], rtol=1e-3)


def test_a_smoothed_loss_is_used_for_training(tmp_path, small_split):
    smoothed = keras.losses.CategoricalCrossentropy(label_smoothing=0.2)
    model, history, _ = train_or_load("smoothed", build_baseline_cnn, small_split, 1, TrainingSettings(loss=smoothed),
                                      models_dir=tmp_path, verbose=0)
    assert model.loss is smoothed
    # No prediction can beat the entropy of the smoothed targets (0.82 and nine 0.02s): 0.867.
    assert history.epochs["val_loss"][0] > 0.86


def test_saving_the_same_weights_twice_gives_identical_files(tmp_path):
    model = build_baseline_cnn()
    save_trained(model, TrainingHistory(), "first", tmp_path)
    save_trained(model, TrainingHistory(), "second", tmp_path)
    first, second = model_path("first", tmp_path), model_path("second", tmp_path)
    # Keras would stamp the current time into the archive; no entry may carry it.
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "not recorded" in archive.read("metadata.json").decode()
    assert first.read_bytes() == second.read_bytes()
    assert weights_checksum(keras.models.load_model(first, compile=False)) == weights_checksum(model)


def test_training_records_its_precision_and_cpu_and_returns_a_float32_model(tmp_path, capsys):
    from digits.machine import cpu_description
    from digits.modeling.model_copies import computes_in_float32

    # Few images: where the CPU lacks bf16 instructions, bfloat16 is emulated and several times slower.
    tiny_split = split_train_validation(*bar_digits(400, seed=4))
    model, history, _ = train_or_load("mixed", build_baseline_cnn, tiny_split, 2,
                                      TrainingSettings(precision="mixed_bfloat16"), models_dir=tmp_path, verbose=0)
    assert history.precision == "mixed_bfloat16"
    # It really trained in bfloat16: the saved network's layers compute in it (what is returned is a float32 copy).
    saved = keras.models.load_model(tmp_path / "mixed.keras", compile=False)
    assert saved.get_layer("conv_32").dtype_policy.name == "mixed_bfloat16"
    assert saved.get_layer("conv_32").compute_dtype == "bfloat16"
    assert history.cpu == cpu_description()
    assert json.loads((tmp_path / "mixed.history.json").read_text())["cpu"]["flags"] == history.cpu["flags"]
    assert computes_in_float32(model)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "Training mixed: 2 epochs on 320 images (mixed_bfloat16)"
    assert printed[1].startswith("Epoch 1/2 of mixed took ") and "min left for this network" in printed[1]
    assert printed[2].endswith("about 0.0 min left for this network")
    assert keras.mixed_precision.global_policy().name == "float32"  # restored after training


def test_progress_lines_count_down_the_whole_run_inside_make_run(tmp_path, small_split, capsys, monkeypatch):
    from digits.modeling import training
    from digits.command_line.plan import PlannedNetwork, RunEstimate, save_estimate
    from digits.command_line.progress import report_run_progress

    plan = [PlannedNetwork("02", name, "baseline", 2, 1_600, 400, "float32", seconds_per_epoch=600.0)
            for name in ("first", "second")]
    save_estimate(RunEstimate(plan, other_seconds=600.0), tmp_path / "estimate.json")
    monkeypatch.setattr(training, "EPOCH_NOTES", [])
    report_run_progress({}, training.EPOCH_NOTES)  # outside make run: no note
    assert training.EPOCH_NOTES == []
    report_run_progress({"DIGITS_RUN_ESTIMATE": str(tmp_path / "estimate.json")}, training.EPOCH_NOTES)
    train_or_load("first", build_baseline_cnn, small_split, epochs=2, models_dir=tmp_path, verbose=0)
    last = capsys.readouterr().out.splitlines()[-1]
    # The second network is scaled by how much faster the first ran than estimated (600 s an epoch):
    # what is left is the 10 minutes outside training and two epochs at this machine's pace, seconds
    # each, a minute or two where other work shares the CPU.
    assert last.startswith("Epoch 2/2 of first")
    minutes = int(re.search(r", (\d+) min for make run$", last)[1])
    assert 10 <= minutes <= 12, last


def test_weight_averaging_replaces_the_weights_when_training_ends(tmp_path, small_split):
    from digits.modeling.schedules import warmup_cosine_adam

    def averaged():
        return warmup_cosine_adam(1_600, 128, 1, use_ema=True, ema_momentum=0.9)

    plain, _, _ = train_or_load("plain", build_baseline_cnn, small_split, 1,
                                TrainingSettings(make_optimizer=lambda: warmup_cosine_adam(1_600, 128, 1)),
                                models_dir=tmp_path / "p", verbose=0)
    ema, _, _ = train_or_load("ema", build_baseline_cnn, small_split, 1, TrainingSettings(make_optimizer=averaged),
                              models_dir=tmp_path / "e", verbose=0)
    # The same seed and batches: the averaged network's weights lie along the plain run's path, past
    # its start (momentum 0.9 forgets the initial weights within tens of steps) and short of its end.
    from digits.modeling.training import seed_everything

    seed_everything()
    start = build_baseline_cnn()
    distance = {name: sum(float(np.sum((np.asarray(a) - np.asarray(b)) ** 2))
                          for a, b in zip(model.trainable_weights, plain.trainable_weights))
                for name, model in (("start", start), ("ema", ema))}
    assert 0 < distance["ema"] < distance["start"]
    assert averaged().use_ema
