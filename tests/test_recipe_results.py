"""digits.evaluation.recipe_results: our networks beside the Kaggle recipes on the same test images."""

import numpy as np
import pytest

from digits.evaluation.recipe_results import (
    recipe_rows,
    binomial_standard_error,
    cpu_and_precision,
    paired_disagreements,
    recipe_summary,
    same_test_images_table,
)

AVX2 = {"flags": ["avx2", "fma"], "machine": "x86_64"}
RUNS = {
    "deotte_recipe/seed0": {"recipe": "deotte_recipe", "title": 'Deotte, "25 Million Images", one network',
                            "image_passes": 1_701_000, "minutes": 59.6, "cpu": AVX2, "precision": "float32",
                            "test_errors": 136, "test_accuracy": 0.995143},
    "deotte_recipe/seed1": {"recipe": "deotte_recipe", "title": 'Deotte, "25 Million Images", one network',
                            "image_passes": 1_701_000, "minutes": 61.0, "cpu": AVX2, "precision": "float32",
                            "test_errors": 128, "test_accuracy": 0.995429},
}


def test_the_recipes_runs_become_rows_named_by_seed():
    rows = recipe_rows(RUNS)
    assert [row["network"] for row in rows] == ["deotte_recipe seed0", "deotte_recipe seed1"]
    assert rows[0]["what"] == "Deotte's recipe" and rows[0]["trained on"] == "AVX2, float32"
    table = same_test_images_table(rows)
    assert list(table.index) == ["deotte_recipe seed0", "deotte_recipe seed1"]  # most errors first
    assert table.loc["deotte_recipe seed1", "test accuracy"] == "99.54%"
    assert cpu_and_precision({"flags": ["avx512f", "avx512_bf16"]}, "mixed_bfloat16") == "AVX-512, bfloat16"


def test_a_recipe_is_summarised_over_its_seeds_and_judged_against_binomial_noise():
    summary = recipe_summary(RUNS, ours_errors=120, ours_passes=1_764_000, test_images=28_000)
    row = summary.loc["deotte_recipe"]
    assert row["errors per seed"] == "136 / 128" and row["mean errors"] == "132" and row["seed spread"] == 8
    assert row["ours fewer errors"] == "12" and row["ours: image passes"] == "1.76 M"
    halves = recipe_summary({"a/seed0": {**RUNS["deotte_recipe/seed0"], "recipe": "a", "test_errors": 179},
                             "a/seed1": {**RUNS["deotte_recipe/seed1"], "recipe": "a", "test_errors": 158}},
                            ours_errors=120, ours_passes=1_764_000, test_images=28_000)
    assert halves.loc["a", "mean errors"] == "168.5" and halves.loc["a", "ours fewer errors"] == "48.5"
    noise = np.hypot(binomial_standard_error(132, 28_000), binomial_standard_error(120, 28_000))
    assert row["in standard errors"] == pytest.approx(12 / noise, abs=0.05)
    assert binomial_standard_error(112, 28_000) == pytest.approx(np.sqrt(112 * (1 - 112 / 28_000)))


def test_paired_disagreements_count_images_only_one_network_gets_right():
    labels = np.array([0, 1, 2, 3, 4])
    ours = np.array([0, 1, 9, 9, 4])
    theirs = np.array([0, 9, 2, 9, 9])
    assert paired_disagreements(ours, theirs, labels) == (2, 1)


def test_recipe_runs_become_marks_named_by_author_and_seed():
    from digits import config
    from digits.evaluation.recipe_results import recipe_accuracy_marks, test_errors

    runs = {"deotte_recipe/seed1": {"title": "Deotte, \"25 Million Images\", one network", "seed": config.SEED + 1,
                                    "image_passes": 1_701_000, "test_accuracy": 0.9954}}
    assert recipe_accuracy_marks(runs) == [("Deotte, seed 1", 1_701_000, 0.9954)]
    assert test_errors(np.eye(10)[[1, 2, 3]], [1, 2, 4]) == 1
