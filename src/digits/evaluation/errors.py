"""Error analysis: the confusion matrix, per-digit errors, the classification report, the most
confident mistakes."""

import pandas as pd
from sklearn.metrics import classification_report, confusion_matrix

from digits.evaluation.predictions import DIGITS, accuracy, wrong_predictions


def confusion(labels, guesses):
    """The 10x10 confusion matrix as a table: rows the actual digit, columns the guess."""
    matrix = confusion_matrix(labels, guesses, labels=DIGITS)
    return pd.DataFrame(
        matrix, index=pd.Index(DIGITS, name="actual"), columns=pd.Index(DIGITS, name="predicted")
    )


def classification_report_text(labels, guesses):
    """scikit-learn's per-digit precision, recall and F1, as text with four decimals."""
    return classification_report(labels, guesses, labels=DIGITS, digits=4)


def most_confident_errors(probabilities, labels, count=12):
    """The `count` wrong predictions the model was surest of, most confident first."""
    errors = wrong_predictions(probabilities, labels)
    return errors.sort_values("Confidence", ascending=False, kind="stable").head(count)


def errors_per_digit(probabilities, labels):
    """How many images of each actual digit were misclassified (all ten digits, zeros included)."""
    errors = wrong_predictions(probabilities, labels)
    return errors["Actual"].value_counts().reindex(DIGITS, fill_value=0).rename("errors")


def compare_models(probabilities_by_model, labels):
    """One row per model: validation accuracy, error count, and errors for each true digit."""
    rows = {}
    for name, probabilities in probabilities_by_model.items():
        per_digit = errors_per_digit(probabilities, labels)
        rows[name] = {"accuracy": round(accuracy(probabilities, labels), 4), "errors": int(per_digit.sum()),
                      **{f"errors on {digit}": int(count) for digit, count in per_digit.items()}}
    return pd.DataFrame.from_dict(rows, orient="index")


def confused_pairs(labels, guesses):
    """Every (actual, guessed) pair of digits a network confuses, most frequent first: how many
    images, and that pair's share of all the errors."""
    table = confusion(labels, guesses)
    rows = [{"actual": actual, "guessed": guessed, "errors": int(table.loc[actual, guessed])}
            for actual in DIGITS for guessed in DIGITS if actual != guessed and table.loc[actual, guessed]]
    pairs = pd.DataFrame(rows, columns=["actual", "guessed", "errors"])
    pairs = pairs.sort_values(["errors", "actual", "guessed"], ascending=[False, True, True], ignore_index=True)
    pairs["share of errors"] = (pairs["errors"] / max(1, pairs["errors"].sum())).map("{:.1%}".format)
    pairs.index += 1
    return pairs.rename_axis("rank")
