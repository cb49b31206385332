"""What the notebooks and commands report from the committed models, as JSON, at printed precision.

Run as `python tests/portable_outputs.py OUT.json` by tests/test_portability.py, once per kernel
choice (TensorFlow's kernel library is fixed when it loads, so each choice needs its own process).
Every value is computed with the functions the notebooks call and formatted as they print it.
"""

import json
import sys

import numpy as np

from digits import config
from digits.data.kaggle_csv import load_test_csv, load_train_csv
from digits.data.labelled_images import labelled_image_files
from digits.data.network_input import split_train_validation, to_network_input
from digits.evaluation.calibration import expected_calibration_error, reliability_table
from digits.evaluation.compute_curve import compute_curve
from digits.evaluation.errors import (
    classification_report_text,
    compare_models,
    confused_pairs,
    confusion,
    errors_per_digit,
    most_confident_errors,
)
from digits.evaluation.predictions import accuracy, predict_probabilities, top_two, wrong_predictions
from digits.handwriting.image_files import label_from_filename
from digits.handwriting.predict import default_model_path, predict_files
from digits.modeling.saved_models import load_model, load_trained
from digits.modeling.snapshots import snapshot_names
from digits.reports.reading_accuracy import results_table

VALIDATION_MODELS = ("baseline_cnn", "augmented_strong_cnn", "augmented_cnn")  # notebooks 02 and 03


def validation_outputs(probabilities, labels):
    """What notebooks 02 and 03 print about one model on the validation split."""
    guesses = probabilities.argmax(axis=1)
    confident = most_confident_errors(probabilities, labels, count=12)
    first_two, their_probabilities = top_two(probabilities[confident.index])
    return {
        "accuracy": f"{accuracy(probabilities, labels):.2%}",
        "wrong predictions": wrong_predictions(probabilities, labels).round(3).to_string(),
        "confusion": confusion(labels, guesses).to_string(),
        "report": classification_report_text(labels, guesses),
        "errors per digit": errors_per_digit(probabilities, labels).to_string(),
        "most confident errors": confident.round(3).to_string(),
        "their top two": [first_two.tolist(), np.round(their_probabilities, 2).tolist()],
    }


def scored_outputs(probabilities, answer_key):
    """What a submission of these predictions scores, as describe_test_score prints it."""
    guesses = probabilities.argmax(axis=1)
    errors = int((guesses != answer_key).sum())
    return {"guesses": guesses.tolist(), "score": f"{1 - errors / len(answer_key):.4%} ({errors} errors)"}


def main(out_path):
    from digits.reports.submission import load_answer_key

    images, labels = load_train_csv()
    test_images = to_network_input(load_test_csv())
    answer_key = load_answer_key()
    outputs = {}

    split = split_train_validation(images, labels, seed=config.SEED)
    validation = {}
    for name in VALIDATION_MODELS:
        model, _ = load_trained(name)
        validation[name] = predict_probabilities(model, split.val_images)
        outputs[f"{name} validation"] = validation_outputs(validation[name], split.val_labels)
        outputs[f"{name} test"] = scored_outputs(predict_probabilities(model, test_images), answer_key)
    outputs["03 comparison"] = compare_models(validation, split.val_labels).to_string()

    # Notebook 06 reads the ensemble members' stored probabilities, so nothing it prints depends on the
    # kernels; notebook 04 predicts its three snapshots.
    names = snapshot_names("best_cnn", 3)
    members = [load_trained(name) for name in names]
    member_test = [predict_probabilities(model, test_images) for model, _ in members]
    best_test = member_test[names.index("best_cnn")]
    outputs["04 best_cnn test"] = scored_outputs(best_test, answer_key)
    curve = compute_curve(member_test, [history for _, history in members], answer_key)
    outputs["04 curve"] = curve.assign(accuracy=curve["accuracy"].map("{:.2%}".format)).to_string()
    remaining = most_confident_errors(best_test, answer_key, count=24)
    outputs["04 best_cnn's surest errors"] = [remaining.index.tolist(),
                                              np.round(top_two(best_test[remaining.index])[1], 2).tolist()]
    outputs["04 confused pairs"] = confused_pairs(answer_key, best_test.argmax(axis=1)).to_string()
    outputs["04 ECE"] = f"{expected_calibration_error(best_test, answer_key):.4f}"
    outputs["04 reliability"] = reliability_table(best_test, answer_key).round(4).to_string()

    # Notebook 05 reads files with the network that reads them (reader_cnn), and scores it on the test images.
    reader = load_model(default_model_path())
    outputs["05 reader test"] = scored_outputs(predict_probabilities(reader, test_images), answer_key)
    files = labelled_image_files()
    predictions = predict_files(files, reader)
    outputs["05 ourdata"] = results_table(predictions, [label_from_filename(path) for path in files]).to_string()
    outputs["05 probabilities"] = np.round(np.stack([outcome.probabilities for outcome in predictions]), 2).tolist()

    with open(out_path, "w") as stream:
        json.dump(outputs, stream)


if __name__ == "__main__":
    main(sys.argv[1])
