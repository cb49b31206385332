"""digits.command_line.timing_probe: the training plan is the networks' plans, and the run's time adds up."""

import pytest

from digits.command_line.plan import PlannedNetwork, RunEstimate, load_estimate, save_estimate
from digits.command_line.timing_probe import describe_estimate, epoch_seconds_at_scale, probe_network, training_plan
from digits.modeling.training_plans import PLANS


def test_the_plan_is_each_networks_training_plan():
    plan = training_plan()
    assert [network.name for network in plan][:4] == ["baseline_cnn", "augmented_strong_cnn", "augmented_cnn", "best_cnn"]
    assert [network.name for network in plan if network.notebook == "04"] == ["best_cnn"]
    assert plan[0].train_images == 33_600 and plan[0].validation_images == 8_400
    best, reader = plan[3], plan[-1]
    assert best.train_images == 42_000 and best.validation_images == 0
    assert best.epochs == PLANS["best_cnn"].cycles * PLANS["best_cnn"].epochs_per_cycle == 42
    assert [network.batch_size for network in plan[:4]] == [PLANS[network.name].batch_size for network in plan[:4]]
    assert best.precision in ("float32", "mixed_bfloat16") and plan[0].precision == "float32"
    # reader_cnn: best_cnn fine-tuned for two epochs in float32 on the 42,000 images and 1,500 flagged 1s.
    assert (reader.name, reader.epochs, reader.train_images, reader.precision) == ("reader_cnn", 2, 43_500, "float32")


def test_the_notebooks_take_their_defaults_from_the_plans():
    """Each training notebook's parameters cell reads its network's plan instead of repeating it."""
    import nbformat

    from digits import config

    for notebook, name in (("02_baseline_cnn", "baseline_cnn"), ("03_augmented_cnn", "augmented_cnn"),
                           ("04_best_model", "best_cnn")):
        cells = nbformat.read(config.NOTEBOOKS_DIR / f"{notebook}.ipynb", as_version=4).cells
        parameters = next(cell.source for cell in cells if "parameters" in cell.metadata.get("tags", []))
        assert f'PLANS["{name}"]' in parameters or "PLAN = PLANS" in parameters, notebook
        assert not any(character.isdigit() for line in parameters.splitlines()
                       for character in line.split("#")[0].split("=", 1)[-1]), f"{notebook} repeats a number"


def test_time_left_after_a_network_scales_the_later_ones():
    networks = [PlannedNetwork("02", name, "baseline", 10, 1_000, 100, "float32", seconds_per_epoch=6.0)
                for name in ("a", "b", "c")]
    estimate = RunEstimate(networks, other_seconds=30.0)
    assert estimate.total_seconds == 210.0
    assert estimate.seconds_after("a") == 150.0
    assert estimate.seconds_after("a", speed_ratio=2.0) == 270.0
    assert estimate.seconds_after("c") == 30.0
    assert estimate.seconds_after("unknown") is None
    assert describe_estimate(estimate)[-1] == "Estimated time for make run on this machine: about 4 min"


def test_an_estimate_survives_saving(tmp_path):
    estimate = RunEstimate([PlannedNetwork("04", "best_cnn", "best", 15, 40_000, 2_000, "float32", 25.0)], 60.0)
    save_estimate(estimate, tmp_path / "estimate.json")
    assert load_estimate(tmp_path / "estimate.json") == estimate


def test_only_the_steps_and_validation_scale_with_the_images():
    # 16 steps of 1 s ending at 1.5 ... 16.5 s (the first 0.5 s slower), 2 s of validation, the epoch
    # ending at 19 s: 1 s of it is neither steps nor validation and is counted once.
    parts = {"begin": 0.0, "step_ends": [1.5 + step for step in range(16)], "validation": 2.0, "end": 19.0}
    seconds = epoch_seconds_at_scale(parts, batch_size=128, train_images=33_600, validation_images=8_400,
                                     predictions_per_second=1_000.0)
    assert seconds == pytest.approx(263 * 1.0 + 8.4 + 1.0)  # 33,600 images are 263 steps of 128
    # Scaling the whole probe epoch (19 s for 2,048 images) would have said 312 s.
    assert 19.0 * 33_600 / 2_048 > seconds * 1.1


def test_the_probe_times_a_network_on_this_machine(monkeypatch):
    from digits.modeling.networks import build_baseline_cnn
    from digits.command_line import timing_probe

    scaled = []

    def recording(parts, *arguments):
        scaled.append((parts, arguments, epoch_seconds_at_scale(parts, *arguments)))
        return scaled[-1][2]

    monkeypatch.setattr(timing_probe, "epoch_seconds_at_scale", recording)
    network = PlannedNetwork("02", "baseline_cnn", "baseline", 10, 33_600, 8_400, "float32")
    seconds_per_epoch, predictions_per_second = probe_network(network, build_baseline_cnn)
    # The second probe epoch is the one scaled: its 16 steps of 128 timed in order inside the epoch,
    # validation on 512 images (the plan's one in five) timed too, scaled to the plan's 33,600 + 8,400.
    [(parts, arguments, expected)] = scaled
    steps = parts["step_ends"]
    assert len(steps) == timing_probe.PROBE_IMAGES // 128 == 16
    assert parts["begin"] < steps[0] and steps == sorted(steps) and steps[-1] < parts["end"]
    assert 0 < parts["validation"] < parts["end"] - parts["begin"]
    assert arguments == (128, 33_600, 8_400, predictions_per_second)
    assert seconds_per_epoch == expected
    step_seconds = (steps[-1] - steps[0]) / 15
    assert seconds_per_epoch >= 263 * step_seconds + 8_400 / predictions_per_second
