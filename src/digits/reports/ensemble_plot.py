"""Notebook 06's figure: an ensemble's accuracy against the compute it took, in image passes and in
training operations, beside networks trained here and results quoted from their authors."""

import matplotlib.pyplot as plt
from matplotlib.ticker import LogLocator, NullFormatter

from digits.evaluation.ensemble_study import PETA
from digits.evaluation.standard_errors import accuracy_standard_error
from digits.reports.plots import PLAIN_NUMBER

# (column, scale, axis label) of each panel.
COMPUTE_AXES = (("image_passes", 1e6, "training compute: million image passes (epochs x images)"),
                ("training_flops", PETA, "training compute: petaFLOPs (10^15 operations)"))


def plot_ensemble_against_compute(curve, singles, marks, quoted, target, test_images):
    """Two panels, compute in image passes (left) and in training operations (right), log scale.

    `curve`: the first-k ensembles (digits.evaluation.ensemble_study.first_k_curve), drawn as a line
    with a band of one binomial standard error on `test_images` images; `singles`: the members alone
    (image_passes, training_flops, accuracy); `marks`: [(label, image passes, training FLOPs,
    accuracy)] of other networks scored on the same images; `quoted`: published results
    (ensemble_study.quoted_table), hollow, on other test images; `target`: (accuracy, label), a line.
    """
    figure, axes = plt.subplots(1, 2, figsize=(13, 5), sharey=True)
    for axis, (column, scale, label) in zip(axes, COMPUTE_AXES):
        x = curve[column] / scale
        accuracy = curve["accuracy"] * 100
        line, = axis.plot(x, accuracy, marker="o", label="mean of the first k networks (k = 1..K)")
        error = accuracy_standard_error(curve["accuracy"], test_images) * 100
        axis.fill_between(x, accuracy - error, accuracy + error, color=line.get_color(), alpha=0.15, linewidth=0)
        axis.scatter(singles[column] / scale, singles["accuracy"] * 100, s=16, color=line.get_color(), alpha=0.5,
                     zorder=3, label="each network alone (its seed)")
        for name, passes, flops, value in marks:
            where = (passes if column == "image_passes" else flops) / scale
            axis.scatter(where, value * 100, marker="X", s=45, color="black", zorder=4)
            axis.annotate(name, (where, value * 100), xytext=(5, -3), textcoords="offset points", fontsize=7, va="top")
        axis.scatter(quoted[column] / scale, quoted["accuracy"] * 100, marker="D", s=36, facecolors="none",
                     edgecolors="dimgrey", zorder=4, label="quoted: reported on MNIST's 10,000 test images")
        # Labels alternate above and below, left to right, so that neighbours at about the same
        # accuracy do not overwrite each other.
        for position, (name, row) in enumerate(quoted.sort_values(column).iterrows()):
            above = position % 2 == 0
            axis.annotate(name, (row[column] / scale, row["accuracy"] * 100), xytext=(0, 6 if above else -6),
                          textcoords="offset points", fontsize=7, color="dimgrey", ha="center",
                          va="bottom" if above else "top")
        axis.axhline(target[0] * 100, color="grey", linestyle="--", linewidth=1, label=target[1])
        axis.set(xscale="log", xlabel=label)
        # Plain numbers (0.5, 1, 2) rather than powers of ten, at 1, 2 and 5 times each power.
        axis.xaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
        axis.xaxis.set_major_formatter(PLAIN_NUMBER)
        axis.xaxis.set_minor_formatter(NullFormatter())
        shown = [*(curve[column] / scale), *(quoted[column] / scale)]
        axis.set_xlim(min(shown) / 1.5, max(shown) * 2.5)  # room for the labels right of the points
        axis.grid(True, which="both", alpha=0.3)
    low, _ = axes[0].get_ylim()
    axes[0].set_ylim(low, quoted["accuracy"].max() * 100 + 0.06)  # room for the highest label
    axes[0].set_ylabel("test accuracy (%)")
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=8, frameon=False)
    figure.suptitle("Accuracy against training compute: our networks on the 28,000 test images, and quoted results")
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    return figure
