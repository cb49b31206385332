"""digits.plots: every figure builds from small inputs, and save_figure writes a PNG."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from digits import plots
from digits.evaluate import confusion, most_confident_errors
from digits.train import TrainingHistory


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
        plots.plot_digit_counts(pd.Series([1, 1, 7]), "t", "digit"),
        plots.plot_confusion_heatmap(confusion(labels, probabilities.argmax(axis=1)), "t"),
        plots.plot_error_gallery(images / 255.0, most_confident_errors(probabilities, labels, 4), probabilities),
    ]
    assert all(isinstance(figure, Figure) for figure in figures)
    plots.save_figure(figures[0], "counts", figures_dir=tmp_path)
    assert (tmp_path / "counts.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
