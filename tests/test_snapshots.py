"""digits.modeling.snapshots: the warm-restart schedule, snapshot names, and one run saved as several networks."""

import numpy as np
import pytest

from conftest import bar_digits
from digits.data.network_input import split_train_validation
from digits.evaluation.compute_curve import compute_curve, training_runs
from digits.modeling.history import TrainingHistory
from digits.modeling.networks import build_baseline_cnn
from digits.modeling.saved_models import load_history, model_path, weights_checksum
from digits.modeling.schedules import WarmRestartCosine, WarmRestarts
from digits.modeling.snapshots import snapshot_names, train_snapshots_or_load, truncated_history


@pytest.fixture(scope="module")
def everything():
    """1,000 synthetic digits (conftest.bar_digits), all for training."""
    return split_train_validation(*bar_digits(1_000, seed=8), validation_size=0)


def test_the_schedule_warms_up_decays_to_zero_and_restarts():
    schedule = WarmRestartCosine(steps_per_cycle=100, peak_learning_rate=1e-2, warmup_fraction=0.1)
    rates = np.array([float(schedule(step)) for step in range(300)])
    assert rates[0] == 0.0 and rates[5] == pytest.approx(5e-3) and rates[10] == pytest.approx(1e-2)
    assert np.all(np.diff(rates[10:100]) <= 0) and rates[99] < 1e-5  # a cosine down to (almost) zero
    np.testing.assert_allclose(rates[100:200], rates[:100], atol=1e-9)  # every cycle is the same
    assert WarmRestartCosine.from_config(schedule.get_config()).get_config() == schedule.get_config()


def test_snapshot_names_end_with_the_run_name():
    assert snapshot_names("best_cnn", 3) == ["best_cnn_snapshot1", "best_cnn_snapshot2", "best_cnn"]
    assert snapshot_names("best_cnn", 1, run=2) == ["best_cnn_run2"]


def test_a_snapshot_history_is_the_run_up_to_it():
    history = TrainingHistory(epochs={"loss": [3.0, 2.0, 1.0]}, batch_losses=list(range(12)), epoch_seconds=[1.0, 2.0, 4.0])
    first = truncated_history(history, 1, run="best_cnn")
    assert first.epochs == {"loss": [3.0]} and first.batch_losses == [0, 1, 2, 3] and first.total_seconds == 1.0
    assert first.run == "best_cnn" and history.run == ""


def test_one_run_gives_a_saved_network_per_cycle(tmp_path, everything):
    models, histories, trained_now = train_snapshots_or_load("net", build_baseline_cnn, everything, WarmRestarts(2, 1),
                                                             models_dir=tmp_path, verbose=0)
    assert trained_now and len(models) == 2
    assert [len(history.epoch_seconds) for history in histories] == [1, 2]
    assert [history.run for history in histories] == ["net", "net"]
    assert "val_loss" not in histories[0].epochs and histories[0].validation_size == 0
    assert model_path("net_snapshot1", tmp_path).is_file() and model_path("net", tmp_path).is_file()
    assert weights_checksum(models[0]) != weights_checksum(models[1])  # the second cycle moved the weights
    assert load_history("net", tmp_path).epochs == histories[1].epochs
    loaded, _, trained_again = train_snapshots_or_load("net", build_baseline_cnn, everything, WarmRestarts(2, 1),
                                                       models_dir=tmp_path)
    assert not trained_again
    assert [weights_checksum(model) for model in loaded] == [weights_checksum(model) for model in models]


def test_snapshots_of_one_run_count_its_compute_once():
    run = [TrainingHistory(epoch_seconds=[1.0] * epochs, run="best_cnn") for epochs in (14, 28, 42)]
    other = TrainingHistory(epoch_seconds=[1.0] * 14)
    assert [len(history.epoch_seconds) for history in training_runs([*run, other])] == [42, 14]
    assert len(training_runs([other, TrainingHistory(epoch_seconds=[1.0] * 14)])) == 2  # separate runs add up


def test_the_compute_curve_gives_each_network_and_the_means_of_snapshots_and_runs():
    labels = np.array([0, 1, 2, 3])
    right, wrong = np.eye(10)[labels], np.eye(10)[[1, 1, 2, 3]]
    histories = [TrainingHistory(epoch_seconds=[60.0] * epochs, train_size=1_000, run="a") for epochs in (1, 2)]
    histories.append(TrainingHistory(epoch_seconds=[60.0] * 3, train_size=1_000))  # a second run, no snapshots
    curve = compute_curve([wrong, right * 0.6 + wrong * 0.4, right], histories, labels)
    assert curve["kind"].tolist() == ["single network", "single network", "snapshot ensemble", "single network",
                                      "independent ensemble"]
    assert curve["image_passes"].tolist() == [1_000, 2_000, 2_000, 3_000, 5_000]
    assert curve["minutes"].tolist() == [1.0, 2.0, 2.0, 3.0, 5.0]
    # The snapshots' mean gets the first image wrong (0.3 for 0 against 0.7 for 1); the runs' mean does not.
    assert curve["accuracy"].tolist() == [0.75, 1.0, 0.75, 1.0, 1.0]


def test_the_presented_model_is_chosen_on_validation_errors():
    import pandas as pd

    from digits.evaluation.ensembles import presented_model

    def study(mean_errors):
        return pd.DataFrame({"what": ["snapshot after 15 epochs", "snapshot after 45 epochs",
                                      "mean of the first 3 snapshots"], "errors": [44, 36, mean_errors]})

    assert presented_model(study(36)) == ("best_cnn", "validation errors: mean of the 3 snapshots 36, best snapshot "
                                                      "(snapshot after 45 epochs) 36; the model presented: best_cnn")
    assert presented_model(study(35))[0] == "ensemble"


def test_a_snapshot_run_refuses_an_optimizer_it_would_replace(tmp_path, everything):
    from digits.modeling.schedules import warmup_cosine_adam
    from digits.modeling.training import TrainingSettings

    settings = TrainingSettings(make_optimizer=lambda: warmup_cosine_adam(1_000, 128, 1))
    with pytest.raises(ValueError, match="without make_optimizer"):
        train_snapshots_or_load("net", build_baseline_cnn, everything, WarmRestarts(2, 1), settings, models_dir=tmp_path)
