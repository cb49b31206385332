"""New figures against the committed ones (`make run` ends with this): what retraining should
reproduce exactly, and which changes are beyond the noise of retraining with other numerics."""

import math

import pandas as pd

from digits.evaluation.standard_errors import accuracy_standard_error
from digits.machine import describe_cpu_kind, same_numerics


def trained_alike(new, old):
    """Whether two metrics entries come from training that should give identical weights: the same
    plan (epochs, parameters, validation images), precision, library versions and kind of CPU
    (digits.machine.same_numerics)."""
    same_plan = all(new.get(key) == old.get(key) for key in ("epochs", "parameters", "validation_images"))
    return (same_plan and new.get("precision") == old.get("precision") and new.get("versions") == old.get("versions")
            and same_numerics(new.get("cpu"), old.get("cpu")))


def _how_trained(entry):
    return (f"{entry.get('epochs', '?')} epochs, {entry.get('precision', '?')} on "
            f"{describe_cpu_kind(entry.get('cpu'))}")


def accuracy_noise(accuracy, images):
    """Two binomial standard errors of the difference between two accuracies near `accuracy` on
    `images` images: a change smaller than this is what retraining with other numerics gives by chance."""
    return 2 * math.sqrt(2) * float(accuracy_standard_error(accuracy, images))  # of a difference of two


def compare_metrics(new, old):
    """New against committed figures, judged by what can be expected.

    Per model: whether it was retrained like the committed one (same precision, versions, kind of
    CPU), so that identical weights are expected; whether they are; and each accuracy's change
    against two binomial standard errors, flagged only beyond them.
    """
    rows = []
    for name, entry in new.items():
        before = old.get(name, {})
        row = {"model": name}
        if entry.get("weights_sha256") and before.get("weights_sha256"):
            alike = trained_alike(entry, before)
            row["trained as committed"] = "yes" if alike else f"no: {_how_trained(entry)}; committed: {_how_trained(before)}"
            row["same weights"] = entry["weights_sha256"] == before["weights_sha256"]
            row["weights as expected"] = row["same weights"] or not alike
        for key, images_key in (("validation_accuracy", "validation_images"), ("test_accuracy", "test_images")):
            row[f"{key} now"] = entry.get(key)
            row[f"{key} committed"] = before.get(key)
            if entry.get(key) is not None and before.get(key) is not None:
                change = entry[key] - before[key]
                row[f"{key} change"] = round(change, 6)
                images = entry.get(images_key) or before.get(images_key)
                if images:
                    noise = accuracy_noise(before[key], images)
                    row[f"{key} noise (2 SE)"] = round(noise, 6)
                    row[f"{key} beyond noise"] = abs(change) > noise
        row["training_seconds now"] = entry.get("training_seconds")
        row["training_seconds committed"] = before.get("training_seconds")
        rows.append(row)
    return pd.DataFrame(rows).set_index("model")


def comparison_verdict(table):
    """One line per finding that needs a reader's attention; a reassuring line if there is none."""
    def flagged(row, column):
        value = row.get(column)
        return value is not None and not pd.isna(value) and bool(value)

    findings = []
    for name, row in table.iterrows():
        if "weights as expected" in row and not pd.isna(row["weights as expected"]) and not row["weights as expected"]:
            findings.append(f"{name}: retrained as the committed model was, yet its weights differ")
        for key in ("validation_accuracy", "test_accuracy"):
            if flagged(row, f"{key} beyond noise"):
                findings.append(f"{name}: {key.replace('_', ' ')} changed by {row[f'{key} change']:+.4%}, "
                                f"beyond the noise of {row[f'{key} noise (2 SE)']:.4%}")
    return findings or ["every difference is within what retraining explains (weights where expected, "
                        "accuracies within two standard errors)"]


def _missing(value):
    return value is None or pd.isna(value)


def _accuracy_line(name, row):
    """One model's accuracies, committed and now, with the noise a change is judged against."""
    parts = []
    for key, label in (("validation_accuracy", "validation"), ("test_accuracy", "test")):
        now, before = row.get(f"{key} now"), row.get(f"{key} committed")
        if _missing(now) and _missing(before):
            continue
        text = f"{label} {'—' if _missing(before) else f'{before:.3%}'} -> {'—' if _missing(now) else f'{now:.3%}'}"
        noise = row.get(f"{key} noise (2 SE)")
        if not _missing(noise):
            text += f" (noise {noise:.3%})"
        parts.append(text)
    return f"  {name}: {'; '.join(parts)}" if parts else None


def describe_comparison(new, old):
    """The comparison as short lines for the terminal: weights per model, accuracies per model (committed
    -> now), then the verdict."""
    comparison = compare_metrics(new, old)
    lines = ["Now against the committed figures. Weights:"]
    compared = comparison.dropna(subset=["same weights"]) if "same weights" in comparison else comparison.iloc[:0]
    for name, row in compared.iterrows():
        expected = "identical weights expected" if row["trained as committed"] == "yes" else \
            f"identical weights not expected (retrained {row['trained as committed'].removeprefix('no: ')})"
        lines.append(f"  {name}: {'identical' if row['same weights'] else 'different'}; {expected}")
    lines.append("Accuracies, committed -> now (a change beyond noise exceeds two binomial standard errors):")
    lines += [line for name, row in comparison.iterrows() if (line := _accuracy_line(name, row))]
    return lines + comparison_verdict(comparison)
