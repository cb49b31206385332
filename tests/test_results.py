"""digits.reports.results_table: the table of every model, metrics.json and the README block."""

import keras
import pandas as pd
import pytest

from digits.data.provenance import file_sha256
from digits.evaluation.ensembles import save_ensemble_members
from digits.modeling.history import TrainingHistory
from digits.modeling.saved_models import save_trained
from digits.reports.metrics_comparison import accuracy_noise, compare_metrics, comparison_verdict
from digits.reports.readme_results import metrics_markdown, update_readme_results
from digits.reports.results_table import model_results_table

METRICS = {
    "baseline_cnn": {"description": "02 the original network", "parameters": 1_199_882, "epochs": 10,
                     "training_seconds": 170.0, "validation_accuracy": 0.9905, "validation_images": 8_400,
                     "test_accuracy": 0.988071, "weights_sha256": "0123456789abcdef"},
    "ensemble": {"description": "05 mean of 4 networks", "parameters": 1_307_304, "epochs": 60,
                 "training_seconds": 1500, "validation_accuracy": None, "validation_images": None,
                 "test_accuracy": 0.9975},
}


def test_markdown_table_has_a_row_per_model():
    lines = metrics_markdown(METRICS).splitlines()
    assert len(lines) == 4
    assert lines[2] == "| `baseline_cnn` | 02 the original network | 1,199,882 | 2.8 min | 99.05% of 8,400 | 98.81% |"
    assert lines[3].endswith("| 25.0 min | — | 99.75% |")


def test_comparison_gives_differences():
    old = {"baseline_cnn": dict(METRICS["baseline_cnn"], test_accuracy=0.98)}
    table = compare_metrics(METRICS, old)
    assert table.loc["baseline_cnn", "test_accuracy change"] == pytest.approx(0.008071)
    assert pd.isna(table.loc["ensemble", "test_accuracy committed"])
    assert table.loc["baseline_cnn", "same weights"]


def test_comparison_flags_changed_weights():
    old = {"baseline_cnn": dict(METRICS["baseline_cnn"], weights_sha256="fedcba9876543210")}
    table = compare_metrics(METRICS, old)
    assert not table.loc["baseline_cnn", "same weights"]


def test_readme_block_is_replaced_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- results:start -->\nold\n<!-- results:end -->\noutro\n")
    update_readme_results("| new |", readme)
    assert readme.read_text() == "intro\n<!-- results:start -->\n| new |\n<!-- results:end -->\noutro\n"
    (tmp_path / "plain.md").write_text("no markers")
    with pytest.raises(ValueError, match="markers"):
        update_readme_results("x", tmp_path / "plain.md")


def test_the_ensemble_is_one_row_counting_only_its_recorded_members_at_their_steady_pace(tmp_path):
    def tiny_model():
        inputs = keras.Input(shape=(4,))
        return keras.Model(inputs, keras.layers.Dense(10)(inputs))

    # member1's last epoch spans a pause of the machine: its median epoch is a minute.
    for name, seconds in (("best_cnn", [60.0]), ("member1", [60.0, 60.0, 3_000.0]), ("member2", [600.0])):
        history = TrainingHistory(epochs={"val_accuracy": [0.99]}, epoch_seconds=seconds, validation_size=2_000)
        save_trained(tiny_model(), history, name, tmp_path)
    save_ensemble_members(["best_cnn", "member1"], tmp_path)  # member2 is a leftover
    table = model_results_table(tmp_path, tmp_path / "no-submissions", tmp_path / "no-answer-key.csv")
    assert list(table.index) == ["best_cnn", "ensemble"]  # the members are not rows of their own
    assert table.loc["ensemble", "what"] == "06 mean of 2 networks"
    assert table.loc["ensemble", "training minutes"] == 4.0  # 1 + 3 x 1, not 1 + 52
    assert table.loc["ensemble", "parameters"] == 2 * 50


def test_an_ensemble_whose_members_learnt_from_other_data_has_no_row(tmp_path):
    from digits.reports.results_table import model_records

    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, keras.layers.Dense(10)(inputs))
    train_csv = tmp_path / "train.csv"
    train_csv.write_text("label\n1\n")
    save_trained(model, TrainingHistory(epoch_seconds=[60.0], train_data_sha256="0" * 64), "member1", tmp_path)
    save_ensemble_members(["member1"], tmp_path)
    records = model_records(tmp_path, tmp_path / "no-submissions", tmp_path / "no-answer-key.csv", train_csv)
    assert [record["model"] for record in records] == []
    save_trained(model, TrainingHistory(epoch_seconds=[60.0], train_data_sha256=file_sha256(train_csv)), "member1",
                 tmp_path)
    records = model_records(tmp_path, tmp_path / "no-submissions", tmp_path / "no-answer-key.csv", train_csv)
    assert [record["model"] for record in records] == ["ensemble"]


FAST_CPU = {"name": "AMD EPYC", "flags": ["avx2", "fma", "avx512f", "avx512_bf16"], "onednn": True, "cores": 2}
SLOW_CPU = {"name": "AMD EPYC", "flags": ["avx2", "fma"], "onednn": False, "cores": 2}
TRAINED = {"precision": "float32", "versions": {"tensorflow": "2.21.0"}, "cpu": FAST_CPU}


def entry(**changes):
    return {**METRICS["baseline_cnn"], "test_images": 28_000, **TRAINED, **changes}


def test_weights_that_differ_after_training_alike_are_flagged():
    table = compare_metrics({"baseline_cnn": entry()}, {"baseline_cnn": entry(weights_sha256="fedcba9876543210")})
    assert table.loc["baseline_cnn", "trained as committed"] == "yes"
    assert not table.loc["baseline_cnn", "weights as expected"]
    assert comparison_verdict(table) == ["baseline_cnn: retrained as the committed model was, yet its weights differ"]


def test_another_cpu_or_precision_does_not_expect_identical_weights():
    new = entry(cpu=SLOW_CPU, test_accuracy=0.988071 + 3 / 28_000)
    table = compare_metrics({"baseline_cnn": new}, {"baseline_cnn": entry(weights_sha256="fedcba9876543210")})
    row = table.loc["baseline_cnn"]
    assert row["trained as committed"].startswith("no: 10 epochs, float32 on AVX2 with no bf16 instructions, Eigen kernels; committed: ")
    assert row["weights as expected"]
    assert not row["test_accuracy beyond noise"]  # 3 images of 28,000
    assert comparison_verdict(table)[0].startswith("every difference is within")


def test_a_changed_training_plan_does_not_expect_identical_weights():
    table = compare_metrics({"baseline_cnn": entry(epochs=42, validation_images=None)},
                            {"baseline_cnn": entry(weights_sha256="fedcba9876543210")})
    assert table.loc["baseline_cnn", "trained as committed"].startswith("no: 42 epochs")
    assert table.loc["baseline_cnn", "weights as expected"]


def test_accuracy_changes_are_judged_against_binomial_noise():
    # At 98.8% on 28,000 images two standard errors of a difference are 0.18%: 60 images.
    assert accuracy_noise(0.988, 28_000) == pytest.approx(0.00184, abs=1e-5)
    table = compare_metrics({"baseline_cnn": entry(test_accuracy=0.988071 - 60 / 28_000)}, {"baseline_cnn": entry()})
    assert table.loc["baseline_cnn", "test_accuracy beyond noise"]
    assert comparison_verdict(table) == ["baseline_cnn: test accuracy changed by -0.2143%, beyond the noise of 0.1835%"]


def test_the_terminal_comparison_is_a_few_short_lines():
    from digits.reports.metrics_comparison import describe_comparison

    new = {"baseline_cnn": entry(test_accuracy=0.988071 - 60 / 28_000), "best_cnn": entry(validation_accuracy=None)}
    lines = describe_comparison(new, {"baseline_cnn": entry()})
    assert lines[0] == "Now against the committed figures. Weights:"
    assert lines[1] == "  baseline_cnn: identical; identical weights expected"
    assert lines[3].startswith("  baseline_cnn: validation ") and "test 98.807% -> 98.593% (noise 0.183%)" in lines[3]
    assert lines[4] == "  best_cnn: test — -> 98.807%"  # no committed figure, so no noise to judge by
    assert lines[5] == "baseline_cnn: test accuracy changed by -0.2143%, beyond the noise of 0.1835%"
    assert max(len(line) for line in lines) <= 120


def test_a_paused_epoch_does_not_count_in_the_steady_training_time():
    from digits.modeling.history import TrainingHistory, steady_seconds

    assert steady_seconds([30.0, 32.0, 540.0, 31.0]) == 31.5 * 4
    assert TrainingHistory(epoch_seconds=[30.0, 32.0, 540.0]).steady_seconds == 96.0
    assert steady_seconds([]) == 0.0
