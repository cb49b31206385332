"""Figures. Each returns its matplotlib Figure; `save_figure` writes it to img/.

One colour convention for digits: a 28x28 image is drawn as the network sees it, bright ink on
black; an image file (a photo, a scan) in its own tones.
"""

import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from digits import config
from digits.atomic import atomic_path
from digits.evaluation.standard_errors import accuracy_standard_error


def save_figure(figure, name, alt, figures_dir=None):
    """Save `figure` as img/<name>.png (atomically) and, in a notebook, show it with `alt` as its
    alternative text: a sentence saying what the figure shows, for screen readers and the HTML pages.

    Returns nothing, so that a notebook cell ending with it prints no machine path.
    """
    figures_dir = config.FIGURES_DIR if figures_dir is None else figures_dir
    if not alt or not alt.strip():
        raise ValueError(f"figure {name}: give it alternative text (a sentence saying what it shows)")
    path = Path(figures_dir) / f"{name}.png"
    with atomic_path(path) as temporary:
        # No date in the metadata, so the same figure gives the same bytes.
        figure.savefig(temporary, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    _show_with_alt(figure, alt)


def _show_with_alt(figure, alt):
    """Show `figure` in a running notebook with its alternative text (the inline backend's own
    display has none), then close it so that it is not shown twice. Elsewhere: nothing."""
    from IPython import get_ipython
    from IPython.display import display

    if get_ipython() is None:
        return
    display(figure, metadata={"image/png": {"alt": alt}})
    plt.close(figure)


def plot_class_counts(labels, title="Images per digit in train.csv"):
    """A count plot of the labels, with each bar's count written on it."""
    figure, axes = plt.subplots(figsize=(7, 3.5))
    counts = np.bincount(labels, minlength=config.NUM_CLASSES)
    sns.barplot(x=list(range(config.NUM_CLASSES)), y=counts, color="tab:blue", ax=axes)
    for digit, count in enumerate(counts):
        axes.text(digit, count, f"{count:,}", ha="center", va="bottom", fontsize=8)
    axes.set(xlabel="digit", ylabel="images", title=title)
    return figure


def plot_digit_grid(images, titles, columns=4, size=1.6, cmap="gray", title=None):
    """Images (N, 28, 28) in a grid, each titled (for example with its label), under `title`."""
    rows = int(np.ceil(len(images) / columns))
    lines = max((str(label).count("\n") + 1 for label in titles), default=1)  # room for two-line titles
    figure, axes = plt.subplots(rows, columns, figsize=(columns * size, rows * size * (0.9 + 0.3 * lines)),
                                squeeze=False)
    for axis in axes.flat:
        axis.axis("off")
    for axis, image, label in zip(axes.flat, images, titles):
        axis.imshow(np.squeeze(image), cmap=cmap, vmin=0, vmax=255 if image.dtype == np.uint8 else 1.0)
        axis.set_title(label, fontsize=9)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_pixel_intensities(images):
    """Histogram of all pixel values, with the share of pure-black background stated."""
    values = np.asarray(images).ravel()
    figure, axes = plt.subplots(figsize=(7, 3.5))
    axes.hist(values[values > 0], bins=255, color="tab:blue")
    # Counts in thousands, written out: no "1e6" offset over the axis.
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, position: f"{value / 1000:,.0f}k"))
    axes.set(xlabel="pixel value (0 = black background, 255 = full ink)", ylabel="pixels",
             title=f"Non-zero pixel values ({np.mean(values == 0):.1%} of all pixels are 0)")
    return figure


def plot_mean_digits(images, labels, title="Mean image of each digit in train.csv"):
    """The mean image of each digit: where ink usually falls, on one colour scale (0-255) with its bar."""
    means = [images[labels == digit].mean(axis=0) for digit in range(config.NUM_CLASSES)]
    figure, axes = plt.subplots(1, config.NUM_CLASSES, figsize=(13, 1.9))
    for digit, (axis, mean) in enumerate(zip(axes, means)):
        shown = axis.imshow(mean, cmap="magma", vmin=0, vmax=255)
        axis.set_title(str(digit))
        axis.axis("off")
    figure.colorbar(shown, ax=list(axes), fraction=0.015, pad=0.01, label="mean pixel value")
    figure.suptitle(title, y=1.08)
    return figure


def plot_training_curves(history, title, snapshot_epochs=(), accuracy_from=None):
    """Accuracy (in %) and loss per epoch, training against validation (when there was any), from a
    TrainingHistory; dotted lines mark the epochs after which snapshots were taken.
    `accuracy_from` starts the accuracy axis there (the first epochs' low values would flatten the
    rest); the epochs it leaves below the axis are named on it."""
    epochs = np.arange(1, len(history.epochs["loss"]) + 1)
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    for axis, metric in ((left, "accuracy"), (right, "loss")):
        axis.plot(epochs, history.epochs[metric], marker="o", label="training")
        if f"val_{metric}" in history.epochs:
            axis.plot(epochs, history.epochs[f"val_{metric}"], marker="o", label="validation")
        for index, epoch in enumerate(snapshot_epochs):
            axis.axvline(epoch, color="grey", linestyle=":", label="snapshot taken" if index == 0 else None)
        axis.set(xlabel="epoch", ylabel=metric, xticks=epochs if len(epochs) <= 20 else epochs[4::5])
        axis.legend()
    left.yaxis.set_major_formatter(FuncFormatter(lambda value, position: f"{value:.1%}" if accuracy_from else f"{value:.0%}"))
    left.set_ylabel("accuracy")
    left.set_ylim(top=min(1.0, left.get_ylim()[1]))  # no accuracy above 100% on the axis
    if accuracy_from is not None:
        left.set_ylim(bottom=accuracy_from)
        below = [epoch for epoch, values in zip(epochs, zip(*(history.epochs[name] for name in ("accuracy", "val_accuracy")
                                                             if name in history.epochs))) if min(values) < accuracy_from]
        if below:
            left.text(0.98, 0.03, f"epoch{'s' if len(below) > 1 else ''} {_epoch_list(below)} below {accuracy_from:.0%}: off the axis",
                      transform=left.transAxes, ha="right", va="bottom", fontsize=8, color="dimgrey")
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def _epoch_list(epochs):
    """1, 2, 3 -> "1-3"; 1, 3 -> "1, 3"."""
    epochs = [int(epoch) for epoch in epochs]
    if len(epochs) > 2 and epochs == list(range(epochs[0], epochs[-1] + 1)):
        return f"{epochs[0]}-{epochs[-1]}"
    return ", ".join(map(str, epochs))


def plot_batch_losses(history, title, smoothing=25):
    """Training loss of every batch, with a moving average, epoch boundaries marked."""
    losses = np.asarray(history.batch_losses)
    figure, axes = plt.subplots(figsize=(11, 3.5))
    axes.plot(losses, color="tab:blue", alpha=0.35, linewidth=0.8, label="each batch")
    if len(losses) >= smoothing:
        smooth = np.convolve(losses, np.ones(smoothing) / smoothing, mode="valid")
        axes.plot(np.arange(smoothing - 1, len(losses)), smooth, color="tab:blue", label=f"mean of {smoothing}")
    batches_per_epoch = max(len(losses) // max(len(history.epoch_seconds), 1), 1)
    for boundary in range(batches_per_epoch, len(losses), batches_per_epoch):
        axes.axvline(boundary, color="grey", linewidth=0.5, linestyle=":",
                     label="end of an epoch" if boundary == batches_per_epoch else None)
    axes.set(xlabel="batch", ylabel="loss (log scale)", yscale="log", title=title)
    epochs = axes.secondary_xaxis("top", functions=(lambda batch: batch / batches_per_epoch,
                                                    lambda epoch: epoch * batches_per_epoch))
    epochs.set_xlabel("epoch")
    axes.legend()
    return figure


def plot_error_counts(digits, title, xlabel):
    """A count plot over all ten digits (zeros shown) of a Series of digits."""
    counts = np.bincount(np.asarray(digits, dtype=int), minlength=config.NUM_CLASSES)
    figure, axes = plt.subplots(figsize=(6, 3))
    sns.barplot(x=list(range(config.NUM_CLASSES)), y=counts, color="tab:red", ax=axes)
    axes.set(xlabel=xlabel, ylabel="errors", title=title)
    return figure


def plot_confusion_heatmap(confusion_table, title):
    """The confusion matrix as a heatmap; the diagonal is masked so that the errors stand out."""
    figure, axes = plt.subplots(figsize=(7, 6))
    errors_only = np.eye(len(confusion_table), dtype=bool)
    sns.heatmap(confusion_table, mask=errors_only, annot=True, fmt="d", cmap="Reds", cbar=False,
                linewidths=0.5, linecolor="lightgrey", ax=axes)
    for digit, correct in enumerate(np.diag(confusion_table.to_numpy())):
        axes.text(digit + 0.5, digit + 0.5, str(correct), ha="center", va="center", color="tab:green", fontsize=8)
    axes.set(title=f"{title} (diagonal in green: correct)")
    return figure


def plot_error_gallery(images, errors, probabilities=None, columns=6, title=None):
    """The images of `errors` (a table from most_confident_errors) titled true / guess / confidence,
    under `title` (which model, on which images).

    With `probabilities`, the second guess is shown too.
    """
    from digits.evaluation.predictions import top_two

    def percent(value):  # a second guess of 0.3% is not "0%"
        return "<1%" if value < 0.01 else f"{value:.0%}"

    labels = []
    for row in errors.itertuples():  # itertuples keeps each column's dtype (iterrows makes ints floats)
        label = f"true {row.Actual}, said {row.Guess}\n{row.Confidence:.1%}"
        if probabilities is not None:
            classes, values = top_two(probabilities[row.Index][np.newaxis])
            label = (f"true {row.Actual}, said {row.Guess} ({percent(row.Confidence)})\n"
                     f"then {classes[0, 1]} ({percent(values[0, 1])})")
        labels.append(label)
    return plot_digit_grid(images[errors.index.to_numpy()], labels, columns=columns, size=1.9, title=title)


def plot_doubtful_labels(images, issues, columns=10, title=None):
    """The images of `issues` (digits.evaluation.label_audit.label_issues: row, given, suggested,
    label_quality), each titled with its row, its given label and the class the networks read."""
    labels = [f"row {row.row:,}\nlabel {row.given}, reads {row.suggested}" for row in issues.itertuples()]
    return plot_digit_grid(images[issues["row"].to_numpy()], labels, columns=columns, size=1.35, title=title)


GRAPHVIZ_INSTALL = "Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz; conda: conda install graphviz"


def save_architecture_diagram(model, name, alt, figures_dir=None):
    """Draw `model`'s layers with keras.utils.plot_model into img/<name>.png; return it for display,
    with `alt` as its alternative text.

    Needs Graphviz's `dot` (`make setup` installs it where it can); without it, prints what to
    install and returns None.
    """
    figures_dir = config.FIGURES_DIR if figures_dir is None else figures_dir
    import shutil

    import keras
    from IPython.display import Image

    if shutil.which("dot") is None:
        print(f"The architecture diagram needs Graphviz's `dot`, which is not on the PATH: install Graphviz "
              f"({GRAPHVIZ_INSTALL}) and run this cell again.")
        return None
    path = Path(figures_dir) / f"{name}.png"
    with atomic_path(path) as temporary:
        keras.utils.plot_model(model, to_file=str(temporary), show_shapes=True, show_layer_names=True, dpi=72)
    return Image(filename=str(path), alt=alt)


def plot_augmentation_preview(images, augmentations, copies=4, title=None):
    """Each image in its own row: the original, then `copies` random versions per augmentation.

    `augmentations` maps a name to an augmentation layer (see digits.modeling.augmentation.build_augmentation).
    """
    import keras

    columns = 1 + copies * len(augmentations)
    figure, axes = plt.subplots(len(images), columns, figsize=(columns * 0.9, len(images) * 1.0), squeeze=False)
    batch = np.asarray(images, dtype=np.float32)
    for row, image in enumerate(batch):
        axes[row, 0].imshow(np.squeeze(image), cmap="gray", vmin=0, vmax=1)
    for block, (name, layer) in enumerate(augmentations.items()):
        for copy in range(copies):
            augmented = keras.ops.convert_to_numpy(layer(batch, training=True))
            column = 1 + block * copies + copy
            for row, image in enumerate(augmented):
                axes[row, column].imshow(np.squeeze(image), cmap="gray", vmin=0, vmax=1)
            if copy == 0:
                axes[0, column].set_title(name, fontsize=9, loc="left")
    axes[0, 0].set_title("original", fontsize=9)
    for axis in axes.flat:
        axis.set_xticks([])
        axis.set_yticks([])
    if title:
        figure.suptitle(title, fontsize=10)
    figure.tight_layout(pad=0.3)
    return figure


def plot_pipeline_steps(steps, title):
    """The intermediate images of digits.handwriting.to_mnist.preprocess, left to right."""
    figure, axes = plt.subplots(1, len(steps), figsize=(2.1 * len(steps), 2.5))
    for axis, (name, image) in zip(axes, steps.items()):
        axis.imshow(image, cmap="gray", vmin=0, vmax=1)
        axis.set_title(name, fontsize=9)
        axis.axis("off")
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_handwriting_results(originals, digits, titles, correct, columns=5,
                             caption="each pair: the image file (left), the 28x28 the network saw (right); wrong in red"):
    """Each file's original image beside the 28x28 the model saw, titled with the prediction.

    Titles of wrong predictions are red; `caption` says which column is which.
    """
    rows = int(np.ceil(len(originals) / columns))
    figure, axes = plt.subplots(rows, 2 * columns, figsize=(2 * columns * 1.25, rows * 1.45), squeeze=False)
    for axis in axes.flat:
        axis.axis("off")
    for index, (original, digit, title, right) in enumerate(zip(originals, digits, titles, correct)):
        row, column = divmod(index, columns)
        axes[row, 2 * column].imshow(original, cmap="gray", vmin=0, vmax=1)
        axes[row, 2 * column + 1].imshow(digit, cmap="gray", vmin=0, vmax=1)
        axes[row, 2 * column].set_title(title, fontsize=8, loc="left", color="black" if right else "red")
    figure.tight_layout(pad=0.4)
    figure.suptitle(caption, fontsize=9, y=1.0, va="bottom")  # above the titles, which tight_layout packs to the top
    return figure


# A bin with fewer predictions than this has an accuracy too noisy to read: drawn hatched and pale.
FEW_PREDICTIONS = 30


def plot_reliability_diagram(tables, title):
    """Accuracy against confidence per bin (from digits.evaluation.calibration.reliability_table), with
    the diagonal of perfect calibration and, below, how many predictions fall in each bin (written on
    each bar). Bins of fewer than FEW_PREDICTIONS predictions are hatched and pale; the top bin, which
    holds most predictions and most of the calibration error, is labelled with its gap. `tables` is
    one such table or {name: table}: several models side by side, on the same axes."""
    tables = tables if isinstance(tables, dict) else {"": tables}
    figure, axes = plt.subplots(2, len(tables), figsize=(5.5 * len(tables) + 1.8, 6), sharex=True, sharey="row",
                                squeeze=False, gridspec_kw={"height_ratios": [3, 1]})
    for (name, table), top, bottom in zip(tables.items(), axes[0], axes[1]):
        centres = (table["from"] + table["to"]) / 2
        width = (table["to"] - table["from"]).iloc[0] * 0.9
        few = table["predictions"] < FEW_PREDICTIONS
        top.bar(centres[~few], table["accuracy"][~few], width=width, color="tab:blue", label="accuracy")
        top.bar(centres[few], table["accuracy"][few], width=width, color="tab:blue", alpha=0.35, hatch="//",
                label=f"accuracy, bin of under {FEW_PREDICTIONS} predictions")
        top.plot([0.1, 1], [0.1, 1], color="grey", linestyle="--", label="perfect calibration")
        top.scatter(table["mean confidence"], table["accuracy"], color="black", zorder=3, s=12,
                    label="(mean confidence, accuracy)")
        last = table.iloc[-1]
        gap = 100 * (last["accuracy"] - last["mean confidence"])
        top.set(ylabel="accuracy", ylim=(0, 1.02))
        top.set_title(f"{name}\ntop bin: accuracy {last['accuracy']:.2%}, confidence {last['mean confidence']:.2%} "
                      f"({gap:+.2f} points)".strip(), fontsize=9)
        bottom.bar(centres, table["predictions"], width=width, color="tab:grey")
        for centre, count in zip(centres, table["predictions"]):
            bottom.text(centre, count, f"{count:,}", ha="center", va="bottom", fontsize=7)
        bottom.set(xlabel="confidence (top probability)", ylabel="predictions", yscale="log", xlim=(0.1, 1.0),
                   ylim=(0.5, table["predictions"].max() * 8))
    axes[0, -1].legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8)
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_learning_rate(schedule, steps_per_epoch, epochs, title):
    """A learning-rate schedule step by step over `epochs` epochs, with the epochs along the x axis."""
    steps = np.arange(steps_per_epoch * epochs)
    rates = np.asarray(schedule(steps), dtype=np.float64)
    figure, axes = plt.subplots(figsize=(8, 3))
    axes.plot(steps / steps_per_epoch, rates, color="tab:blue")
    axes.set(xlabel="epoch", ylabel="learning rate", title=title, xlim=(0, epochs), ylim=(0, rates.max() * 1.08))
    axes.grid(True, alpha=0.3)
    figure.tight_layout()
    return figure


PLAIN_NUMBER = FuncFormatter(lambda value, position: f"{value:g}")


def plot_accuracy_against_compute(panels, reference=None, marks=None):
    """Accuracy against training compute, one panel per {title: table}, each table with columns
    kind, image_passes, minutes and accuracy (and images, the number scored, for a band of one
    binomial standard error). Points of a kind at the same compute (several seeds) are drawn each,
    joined through their mean. The top axis converts image passes to minutes at the rate of the
    panel's own networks (marks trained elsewhere ran at other rates). `reference` = (image passes,
    label) marks a compute budget; one far beyond the points is named in the legend instead.
    `marks` = {panel title: [(label, image passes, accuracy), ...]} adds labelled points of other
    networks (e.g. public recipes trained here) to that panel.
    """
    figure, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 4.6), squeeze=False)
    for axis, (title, table) in zip(axes[0], panels.items()):
        for kind, points in table.groupby("kind", sort=False):
            millions = points["image_passes"] / 1e6
            means = points.assign(millions=millions).groupby("millions")["accuracy"].mean()
            line, = axis.plot(means.index, means.to_numpy() * 100, marker="o", label=kind)
            axis.scatter(millions, points["accuracy"] * 100, color=line.get_color(), s=14, zorder=3)
            if "images" in points:  # one binomial standard error of an accuracy measured on that many images
                error = accuracy_standard_error(means, points["images"].iloc[0]) * 100
                axis.fill_between(means.index, means.to_numpy() * 100 - error, means.to_numpy() * 100 + error,
                                  color=line.get_color(), alpha=0.15, linewidth=0)
        rate = float((table["minutes"] / (table["image_passes"] / 1e6)).median())  # minutes per million passes
        axis.set(xscale="log", xlabel="training compute: million image passes (epochs x images)", ylabel="accuracy (%)",
                 title=title)
        top = axis.secondary_xaxis("top", functions=(lambda passes, rate=rate: passes * rate,
                                                     lambda minutes, rate=rate: minutes / rate))
        top.set_xlabel(f"minutes at {rate:.1f} per million passes (this panel's networks on their CPU)")
        shown = [*(table["image_passes"] / 1e6)]
        for label, passes, accuracy in (marks or {}).get(title, ()):
            axis.scatter(passes / 1e6, accuracy * 100, marker="X", s=40, color="black", zorder=4)
            axis.annotate(label, (passes / 1e6, accuracy * 100), xytext=(5, -3), textcoords="offset points",
                          fontsize=7, va="top")
            shown.append(passes / 1e6)
        axis.set_xlim(min(shown) / 1.3, max(shown) * 1.6)
        beyond = reference is not None and reference[0] / 1e6 > max(shown) * 1.6
        if reference is not None and not beyond:
            axis.axvline(reference[0] / 1e6, color="grey", linestyle="--")
            axis.text(reference[0] / 1e6, axis.get_ylim()[1], f"{reference[1]} ", rotation=90, va="top", ha="right",
                      fontsize=8, color="dimgrey")
        for scale in (axis.xaxis, top.xaxis):  # plain numbers (0.5, 1, 2) rather than powers of ten
            scale.set_major_formatter(PLAIN_NUMBER)
            scale.set_minor_formatter(PLAIN_NUMBER)
        axis.grid(True, which="both", alpha=0.3)
        handles, labels = axis.get_legend_handles_labels()
        if beyond:  # far beyond the points: named in the legend instead of stretching the axis to it
            handles.append(Line2D([], [], linestyle="none"))
            labels.append(f"off the axis: {reference[1]}, {reference[0] / 1e6:.1f} M passes")
        low, high = axis.get_ylim()
        axis.set_ylim(low, high + 0.4 * (high - low))  # headroom: the legend sits above the points
        axis.legend(handles, labels, fontsize=8, loc="upper left")
    figure.tight_layout()
    return figure


def boxed_ink(reading):
    """Where each digit of a NumberReading was found, as an RGB PIL image: the ink it was read from,
    each digit's box in green with the digit above it, each refused mark's box in red."""
    from PIL import Image, ImageDraw, ImageFont

    scale = max(1, round(400 / max(reading.ink.shape)))
    gray = (np.clip(reading.ink, 0, 1) * 255).astype(np.uint8)
    image = Image.fromarray(gray).resize((gray.shape[1] * scale, gray.shape[0] * scale), Image.Resampling.NEAREST)
    image = image.convert("RGB")
    side = max(image.size)  # labels and outlines in proportion, readable when the picture is shown small
    draw, font, width = ImageDraw.Draw(image), ImageFont.load_default(size=max(12, side // 25)), max(2, side // 250)
    marks = [(part, str(part.digit), (40, 200, 40)) for part in reading.parts]
    marks += [(part, "not a digit", (220, 40, 40)) for part in reading.refused_parts]
    for part, label, colour in marks:
        top, left, bottom, right = (value * scale for value in part.box)
        draw.rectangle((left - width, top - width, right + width, bottom + width), outline=colour, width=width)
        draw.text((left, max(0, top - font.size - width)), label, fill=colour, font=font)
    return image


def plot_candidate_readings(original, candidates, title):
    """An image beside every candidate the number reader tried on it
    (digits.handwriting.read_number.candidates_of), each the ink it found with every digit boxed in
    green and every mark judged not a digit in red, titled with how it was found, what it read and
    how likely that reading is; the one kept is marked."""
    figure, axes = plt.subplots(1, len(candidates) + 1, figsize=(3.2 * (len(candidates) + 1), 3.4), squeeze=False)
    axes[0, 0].imshow(original, cmap="gray", vmin=0, vmax=1)
    axes[0, 0].set_title(title, fontsize=9, loc="left")
    for axis, candidate in zip(axes[0, 1:], candidates):
        axis.imshow(boxed_ink(candidate.reading))
        said = candidate.reading.digits or "none"
        kept = ": KEPT" if candidate.kept else ""
        axis.set_title(f"{textwrap.fill(candidate.way, 34)}\nread {said}, likelihood {candidate.likelihood:.2f}{kept}",
                       fontsize=8, loc="left", fontweight="bold" if candidate.kept else "normal")
    for axis in axes[0]:
        axis.axis("off")
    figure.tight_layout()
    return figure


def plot_number_readings(originals, readings, titles):
    """Each image beside the ink the number reader read in it, every digit boxed in green with its
    reading and every mark judged not a digit in red (boxed_ink)."""

    figure, axes = plt.subplots(len(readings), 2, figsize=(8, 2.6 * len(readings)), squeeze=False)
    for (left, right), original, reading, title in zip(axes, originals, readings, titles):
        left.imshow(original, cmap="gray", vmin=0, vmax=1)
        right.imshow(boxed_ink(reading))
        left.set_title(title, fontsize=9, loc="left")
        said = "none: no digit" if reading.refused else f"read {reading.digits}"
        right.set_title(f"the ink read: {said}", fontsize=9, loc="left")
        left.axis("off")
        right.axis("off")
    figure.tight_layout()
    return figure
