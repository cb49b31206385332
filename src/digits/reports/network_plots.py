"""Figures of what a network computes inside (digits.evaluation.network_view): filters, feature maps,
saliency and the two-dimensional map of its penultimate features."""

import matplotlib.pyplot as plt
import numpy as np

from digits import config


def plot_filters(filters, title, columns=8):
    """Convolution kernels (filters, height, width), each on its own symmetric colour scale: red
    weights add ink's response, blue subtract it."""
    rows = int(np.ceil(len(filters) / columns))
    figure, axes = plt.subplots(rows, columns, figsize=(columns * 0.9, rows * 0.9 + 0.5), squeeze=False)
    for axis in axes.flat:
        axis.axis("off")
    for axis, kernel in zip(axes.flat, filters):
        bound = float(np.abs(kernel).max()) or 1.0
        axis.imshow(kernel, cmap="RdBu_r", vmin=-bound, vmax=bound)
    figure.suptitle(title)
    return figure


def plot_feature_maps(image, maps, title, per_block=8):
    """One image (28, 28), then a row per block: the first `per_block` channels of its output there
    (`maps`: {block name: (height, width, channels)}); blocks reduced to 1x1 are left out."""
    maps = {name: output for name, output in maps.items() if output.shape[0] > 1 or output.shape[1] > 1}
    figure, axes = plt.subplots(len(maps), per_block + 1, figsize=((per_block + 1) * 0.95, len(maps) * 1.05),
                                squeeze=False)
    for axis in axes.flat:
        axis.axis("off")
    axes[0, 0].imshow(np.squeeze(image), cmap="gray", vmin=0, vmax=1)
    for row, (name, output) in zip(axes, maps.items()):
        row[1].set_title(f"{name}: {output.shape[0]}x{output.shape[1]}x{output.shape[2]}", fontsize=7, loc="left")
        for axis, channel in zip(row[1:], range(min(per_block, output.shape[-1]))):
            axis.imshow(output[:, :, channel], cmap="viridis")
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_saliency(images, maps, titles, title, columns=6):
    """Each image beside its saliency map (the map drawn over a faint copy of the image)."""
    rows = int(np.ceil(len(images) / columns))
    figure, axes = plt.subplots(rows, 2 * columns, figsize=(2 * columns * 1.05, rows * 1.5), squeeze=False)
    for axis in axes.flat:
        axis.axis("off")
    for index, (image, saliency, label) in enumerate(zip(images, maps, titles)):
        row, column = divmod(index, columns)
        left, right = axes[row, 2 * column], axes[row, 2 * column + 1]
        left.imshow(np.squeeze(image), cmap="gray", vmin=0, vmax=1)
        left.set_title(label, fontsize=7)
        right.imshow(np.squeeze(image), cmap="gray", vmin=0, vmax=1, alpha=0.35)
        right.imshow(saliency, cmap="inferno", alpha=0.75)
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_feature_space(points, labels, marks, title):
    """Points (N, 2) coloured by digit, each digit's name at its centre, and `marks` ({legend text:
    boolean mask}) drawn over them as rings."""
    figure, axis = plt.subplots(figsize=(8.5, 7.5))
    colours = plt.get_cmap("tab10")
    for digit in range(config.NUM_CLASSES):
        chosen = np.asarray(labels) == digit
        axis.scatter(points[chosen, 0], points[chosen, 1], s=3, color=colours(digit), alpha=0.5, linewidths=0)
        centre = np.median(points[chosen], axis=0)
        axis.text(centre[0], centre[1], str(digit), fontsize=16, weight="bold", ha="center", va="center",
                  color=colours(digit), bbox={"facecolor": "white", "alpha": 0.7, "edgecolor": "none"})
    for (text, mask), (colour, size) in zip(marks.items(), (("black", 40), ("red", 90))):
        axis.scatter(points[mask, 0], points[mask, 1], s=size, facecolors="none", edgecolors=colour, linewidths=1,
                     label=f"{text} ({int(np.sum(mask))})")
    axis.legend(loc="lower right", fontsize=9)
    axis.set(title=title, xticks=[], yticks=[])
    return figure
