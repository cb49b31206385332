"""digits.reports.plots: every figure builds from small inputs, and save_figure writes a PNG."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from digits.evaluation.errors import confusion, most_confident_errors
from digits.modeling.history import TrainingHistory
from digits.reports import plots


def test_every_plot_returns_a_figure(tmp_path):
    rng = np.random.default_rng(5)
    images = rng.integers(0, 256, size=(40, 28, 28), dtype=np.uint8)
    labels = np.arange(40) % 10
    probabilities = rng.dirichlet(np.ones(10), size=40).astype(np.float32)
    history = TrainingHistory(
        epochs={"loss": [1.0, 0.5], "val_loss": [0.8, 0.4], "accuracy": [0.6, 0.8], "val_accuracy": [0.7, 0.9]},
        batch_losses=list(np.linspace(2.3, 0.2, 60)), epoch_seconds=[1.0, 1.0],
    )
    figures = [
        plots.plot_class_counts(labels),
        plots.plot_digit_grid(images[:6], [str(label) for label in labels[:6]]),
        plots.plot_pixel_intensities(images),
        plots.plot_mean_digits(images, labels),
        plots.plot_training_curves(history, "t"),
        plots.plot_batch_losses(history, "t"),
        plots.plot_error_counts(pd.Series([1, 1, 7]), "t", "digit"),
        plots.plot_confusion_heatmap(confusion(labels, probabilities.argmax(axis=1)), "t"),
        plots.plot_error_gallery(images / 255.0, most_confident_errors(probabilities, labels, 4), probabilities),
    ]
    assert all(isinstance(figure, Figure) for figure in figures)
    for figure in figures:  # each draws something: bars, lines, images or cells
        assert any(axis.lines or axis.images or axis.patches or axis.collections for axis in figure.axes), figure
    counts = figures[0].axes[0].patches
    assert sorted(round(bar.get_height()) for bar in counts) == sorted(np.bincount(labels).tolist())
    grid = [axis for axis in figures[1].axes if axis.images]
    assert [axis.get_title() for axis in grid] == [str(label) for label in labels[:6]]
    assert len([axis for axis in figures[3].axes if axis.images]) == 10  # one mean image per digit
    plots.save_figure(figures[0], "counts", "Bar chart of images per digit.", figures_dir=tmp_path)
    assert (tmp_path / "counts.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="alternative text"):
        plots.save_figure(figures[0], "counts", " ", figures_dir=tmp_path)


def test_a_saved_figure_is_shown_in_a_notebook_with_its_alternative_text(tmp_path, monkeypatch):
    import IPython
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())  # as if inside a running kernel
    monkeypatch.setattr(IPython.display, "display", lambda figure, metadata: shown.append((figure, metadata)))
    figure = plots.plot_class_counts(np.array([0, 1, 1]))
    plots.save_figure(figure, "counts", "Bar chart of images per digit.", figures_dir=tmp_path)
    assert shown == [(figure, {"image/png": {"alt": "Bar chart of images per digit."}})]


def test_training_curves_without_validation_mark_the_snapshots():
    history = TrainingHistory(epochs={"loss": [1.0, 0.5, 0.4, 0.3], "accuracy": [0.6, 0.8, 0.85, 0.9]},
                              epoch_seconds=[1.0] * 4)
    figure = plots.plot_training_curves(history, "t", snapshot_epochs=[2, 4])
    left = figure.axes[0]
    assert [text.get_text() for text in left.get_legend().get_texts()] == ["training", "snapshot taken"]
    assert len(left.lines) == 3  # the training curve and one line per snapshot


def test_the_compute_curve_joins_each_kind_through_its_mean():
    table = pd.DataFrame({"kind": ["single network"] * 3 + ["snapshot ensemble"],
                          "image_passes": [500_000, 500_000, 1_000_000, 1_000_000],
                          "minutes": [5.0, 5.0, 10.0, 10.0], "accuracy": [0.99, 0.994, 0.995, 0.996]})
    figure = plots.plot_accuracy_against_compute({"validation": table}, reference=(25_000_000, "elsewhere"))
    axis = figure.axes[0]
    single = axis.lines[0]
    np.testing.assert_allclose(single.get_xdata(), [0.5, 1.0])
    np.testing.assert_allclose(single.get_ydata(), [99.2, 99.5])
    # A budget 25 times beyond the points is named in the legend, not drawn: the points keep the width.
    assert len(axis.lines) == 2 and axis.get_xlim()[1] < 2.0
    legend = [text.get_text() for text in axis.get_legend().get_texts()]
    assert legend == ["single network", "snapshot ensemble", "off the axis: elsewhere, 25.0 M passes"]
    assert axis.get_xlabel().startswith("training compute") and "10.0 per million passes" in axis.child_axes[0].get_xlabel()
    nearby = plots.plot_accuracy_against_compute({"validation": table}, reference=(1_500_000, "near"))
    assert nearby.axes[0].lines[-1].get_xdata()[0] == 1.5  # within reach: a dashed line at the budget


def test_the_learning_rate_plot_shows_every_step_of_the_schedule():
    from digits.modeling.schedules import WarmRestartCosine

    figure = plots.plot_learning_rate(WarmRestartCosine(200, peak_learning_rate=3e-3), 100, 6, "three cycles")
    line = figure.axes[0].lines[0]
    assert len(line.get_xdata()) == 600 and line.get_xdata()[-1] == 5.99
    rates = line.get_ydata()
    assert rates[0] == 0 and np.isclose(rates.max(), 3e-3) and rates[200] == 0  # each cycle restarts from zero
    assert figure.axes[0].get_title() == "three cycles" and figure.axes[0].get_xlabel() == "epoch"


def test_reliability_diagrams_of_two_models_sit_side_by_side():
    from digits.evaluation.calibration import reliability_table

    rng = np.random.default_rng(3)
    labels = rng.integers(0, 10, 500)
    sure = np.eye(10)[labels] * 0.9 + 0.01
    figure = plots.plot_reliability_diagram({"one": reliability_table(sure, labels),
                                             "other": reliability_table(rng.dirichlet(np.ones(10), 500), labels)},
                                            "two models")
    assert [axis.get_title().splitlines()[0] for axis in figure.axes[:2]] == ["one", "other"]
    assert len(figure.axes) == 4 and figure.texts[0].get_text() == "two models"


def test_grids_galleries_and_previews_carry_the_title_they_are_given():
    rng = np.random.default_rng(0)
    images = rng.random((4, 28, 28)).astype(np.float32)
    errors = pd.DataFrame({"Actual": [1, 2], "Guess": [7, 3], "Confidence": [0.9, 0.8]}, index=[0, 3])
    probabilities = rng.dirichlet(np.ones(10), 4)
    gallery = plots.plot_error_gallery(images, errors, probabilities, title="Baseline CNN: its errors")
    assert gallery._suptitle.get_text() == "Baseline CNN: its errors"
    assert [axis.get_title() for axis in gallery.axes[:2]][0].startswith("true 1, said 7")
    grid = plots.plot_digit_grid(images, ["a", "b", "c", "d"], title="Four images")
    assert grid._suptitle.get_text() == "Four images" and grid.axes[1].get_title() == "b"
    means = plots.plot_mean_digits((rng.random((20, 28, 28)) * 255).astype(np.uint8), np.arange(20) % 10)
    assert means._suptitle.get_text() == "Mean image of each digit in train.csv"
    assert any(axis.get_ylabel() == "mean pixel value" for axis in means.axes)  # the colour bar


def test_the_augmentation_preview_names_each_augmentation_under_its_title():
    import keras

    identity = keras.layers.Identity()
    preview = plots.plot_augmentation_preview(np.zeros((2, 28, 28, 1), np.float32), {"strong": identity, "mild": identity},
                                              copies=2, title="Two images")
    assert preview._suptitle.get_text() == "Two images"
    assert [axis.get_title(loc="left") for axis in preview.axes[1:5]] == ["strong", "", "mild", ""]


def test_the_ensemble_plot_puts_each_point_at_its_compute_on_both_axes():
    from digits.reports.ensemble_plot import plot_ensemble_against_compute

    curve = pd.DataFrame({"image_passes": [1e6, 2e6], "training_flops": [1e14, 2e14], "accuracy": [0.995, 0.996]},
                         index=pd.Index([1, 2], name="networks"))
    singles = pd.DataFrame({"image_passes": [1e6, 1e6], "training_flops": [1e14, 1e14], "accuracy": [0.995, 0.994]})
    quoted = pd.DataFrame({"image_passes": [5e6], "training_flops": [4e15], "accuracy": [0.998]}, index=["theirs"])
    figure = plot_ensemble_against_compute(curve, singles, [("recipe", 1.5e6, 3e14, 0.993)], quoted,
                                           (0.997, "target"), 28_000)
    passes, operations = figure.axes[:2]
    np.testing.assert_allclose(passes.lines[0].get_xdata(), [1, 2])  # million image passes
    np.testing.assert_allclose(operations.lines[0].get_xdata(), [0.1, 0.2])  # petaFLOPs
    np.testing.assert_allclose(operations.lines[0].get_ydata(), [99.5, 99.6])
    # The quoted result sits further right in operations than in passes, relative to ours.
    assert [text.get_text() for text in operations.texts] == ["recipe", "theirs"]
    assert operations.texts[1].xy == pytest.approx((4.0, 99.8))
    assert passes.texts[0].xy == pytest.approx((1.5, 99.3)) and operations.texts[0].xy == pytest.approx((0.3, 99.3))
    assert passes.lines[-1].get_ydata()[0] == pytest.approx(99.7)  # the target line
    assert len(figure.legends) == 1 and "quoted" in " ".join(text.get_text() for text in figure.legends[0].get_texts())


def test_the_architecture_diagram_says_what_to_install_without_graphviz(tmp_path, monkeypatch, capsys):
    import keras

    from digits.reports.plots import save_architecture_diagram

    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)])
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` here
    assert save_architecture_diagram(model, "diagram", "alt", tmp_path) is None
    assert "install Graphviz" in capsys.readouterr().out and not (tmp_path / "diagram.png").exists()


def test_training_curves_name_the_epochs_they_leave_below_the_axis():
    history = TrainingHistory(epochs={"loss": [2.0, 0.5, 0.3, 0.2], "accuracy": [0.5, 0.95, 0.99, 0.995],
                                      "val_accuracy": [0.6, 0.97, 0.991, 0.996], "val_loss": [1.0, 0.4, 0.3, 0.2]},
                              epoch_seconds=[1.0] * 4)
    left = plots.plot_training_curves(history, "t", accuracy_from=0.98).axes[0]
    assert [text.get_text() for text in left.texts] == ["epochs 1, 2 below 98%: off the axis"]
    assert left.get_ylim()[1] <= 1.0 and left.yaxis.get_major_formatter()(0.99, 0) == "99.0%"
    assert len(plots.plot_training_curves(history, "t").axes[0].texts) == 0


def test_reliability_bins_with_few_predictions_are_told_apart_and_counted():
    table = pd.DataFrame({"from": [0.5, 0.9], "to": [0.6, 1.0], "predictions": [4, 996],
                          "mean confidence": [0.55, 0.995], "accuracy": [0.5, 0.998]})
    figure = plots.plot_reliability_diagram(table, "t")
    top, bottom = figure.axes[0], figure.axes[1]
    hatched = [bar for bar in top.patches if bar.get_hatch()]
    assert len(hatched) == 1 and np.isclose(hatched[0].get_height(), 0.5)
    assert [text.get_text() for text in bottom.texts] == ["4", "996"]
    assert top.get_title().endswith("(+0.30 points)")  # the top bin's gap, which the bars cannot show


def test_doubtful_labels_are_titled_with_row_label_and_reading():
    images = np.zeros((30, 28, 28), dtype=np.uint8)
    issues = pd.DataFrame({"row": [12, 3], "given": [4, 1], "suggested": [9, 7], "label_quality": [0.001, 0.02]})
    figure = plots.plot_doubtful_labels(images, issues, title="Flagged")
    assert [axis.get_title() for axis in figure.axes[:2]] == ["row 12\nlabel 4, reads 9", "row 3\nlabel 1, reads 7"]
    assert figure._suptitle.get_text() == "Flagged"
