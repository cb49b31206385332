"""digits.evaluation.augmentation_study: the full-budget study's tables, and when a change counts as beating the plan."""

import json

from digits import config
from digits.evaluation.augmentation_study import against_plan, load_full_budget_study, plan_seed_spread, runs_table


def _run(variant, seed, last_errors, paired=None):
    design = variant.removesuffix("_seed1")
    run = {"variant": variant, "design": design, "description": f"{design} description", "seed": config.SEED + seed,
           "trained_on": "AVX2", "precision": "float32", "epochs": 42, "image_passes": 42 * 100, "minutes": 40.0,
           "snapshot_errors": {"14": last_errors + 10, "28": last_errors + 3, "42": last_errors},
           "last_snapshot_tta_errors": last_errors - 1, "ensemble_errors": last_errors + 1}
    if paired:
        run["paired_with_plan"] = {"only_this_right": paired[0], "only_plan_right": paired[1]}
    return run


def _study(*runs):
    return {"validation_images": 8400, "runs": list(runs), "designs": {}}


def test_a_change_beats_the_plan_only_by_two_standard_errors_and_with_every_seed():
    study = _study(_run("plan", 1, 40), _run("plan_seed1", 2, 44),
                   _run("plan_elastic", 1, 25, paired=(20, 5)), _run("plan_elastic_seed1", 2, 30, paired=(18, 4)),
                   _run("plan_rotation10", 1, 35, paired=(15, 10)), _run("plan_rotation10_seed1", 2, 50, paired=(3, 9)))
    table = against_plan(study)
    elastic = table.loc["plan_elastic description"]
    assert elastic["its errors"] == "25 / 30" and elastic["plan's errors"] == "40 / 44"
    assert elastic["fewer errors"] == 29 and elastic["in standard errors"] == round(29 / 47 ** 0.5, 1)
    assert elastic["helps beyond noise"]
    rotation = table.loc["plan_rotation10 description"]
    assert rotation["fewer errors"] == -1 and not rotation["helps beyond noise"]
    assert plan_seed_spread(study) == 4


def test_a_change_that_wins_overall_but_loses_with_one_seed_does_not_count():
    study = _study(_run("plan", 1, 40), _run("plan_seed1", 2, 44),
                   _run("plan_elastic", 1, 10, paired=(60, 2)), _run("plan_elastic_seed1", 2, 45, paired=(5, 6)))
    row = against_plan(study).iloc[0]
    assert row["in standard errors"] > 2 and not row["helps beyond noise"]


def test_a_change_without_its_plan_seed_on_its_machine_is_not_compared_and_one_plan_seed_has_no_spread():
    elsewhere = dict(_run("plan_elastic", 1, 30, paired=(9, 1)), trained_on="AVX-512 with native bf16")
    study = _study(_run("plan", 1, 40), _run("plan_elastic_seed1", 2, 30), elsewhere)
    assert against_plan(study).empty and plan_seed_spread(study) is None


def test_the_runs_table_has_every_snapshot_and_the_study_loads_only_where_recorded(tmp_path):
    study = _study(_run("plan", 1, 40), _run("plan_elastic", 1, 25, paired=(20, 5)))
    table = runs_table(study)
    assert list(table.index) == ["plan", "plan_elastic"]
    assert table.loc["plan_elastic", "seed"] == 1  # added to config.SEED, not the raw seed
    assert table.loc["plan", "trained on"].split(", ")[0] in ("AVX2", "AVX-512")
    assert table.loc["plan", ["errors @14", "errors @28", "errors @42", "last with TTA", "mean of snapshots"]].tolist() \
        == [50, 43, 40, 39, 41]
    assert load_full_budget_study(tmp_path / "absent.json") is None
    (tmp_path / "study.json").write_text(json.dumps(study))
    assert load_full_budget_study(tmp_path / "study.json") == study


def test_a_runs_design_is_its_name_without_the_seed():
    from digits.evaluation.augmentation_study import design_of

    assert [design_of(name) for name in ("plan", "plan_seed1", "plan_rotation10_seed1", "plan_elastic")] == [
        "plan", "plan", "plan_rotation10", "plan_elastic"]
