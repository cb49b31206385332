"""Command line: `python -m digits COMMAND` (data, submit, score, predict, results, estimate, ensemble, folds, verifier, litert, site)."""

import argparse
import os
import sys
from pathlib import Path

from digits import config
from digits.modeling.ensemble_members import ENSEMBLE_SIZE


def _data(arguments):
    from digits.data.build import build_data

    build_data(arguments.data_dir, progress=not arguments.quiet)
    return 0


def _submit(arguments):
    from digits.data.provenance import OtherDataError, check_same_training_data
    from digits.modeling.saved_models import history_path, load_history, load_model
    from digits.reports.submission import make_submission

    model_file = Path(arguments.model)
    model = load_model(model_file)
    # The train.csv beside the test images says which data they are; a model without a history
    # beside it (one of your own) records nothing to compare with.
    if history_path(model_file.stem, model_file.parent).is_file():
        history = load_history(model_file.stem, model_file.parent)
        try:
            check_same_training_data(model_file.stem, history, Path(arguments.test_csv).parent / "train.csv")
        except OtherDataError as refusal:
            if not arguments.allow_other_data:
                print(f"refused: {refusal}", file=sys.stderr)
                return 2
            print(f"warning (--allow-other-data): {refusal}", file=sys.stderr)
    guesses = make_submission(model, arguments.out, arguments.test_csv)
    print(f"wrote {len(guesses):,} predictions to {arguments.out}")
    return 0


def _score(arguments):
    from digits.reports.submission import NoAnswerKeyError, score_submission

    try:
        score, errors = score_submission(arguments.submission, arguments.answer_key)
    except NoAnswerKeyError as missing:
        print(f"cannot score: {missing}", file=sys.stderr)
        return 2
    print(f"{arguments.submission}: test accuracy {score:.4%} ({errors} errors)")
    return 0


def _predict(arguments):
    import warnings

    from digits.data.labelled_images import image_files_in
    from digits.handwriting.digit_or_not import load_verifier
    from digits.handwriting.predict import default_model_path
    from digits.handwriting.read_number import read_files
    from digits.modeling.litert_copies import StaleCopyWarning
    from digits.modeling.saved_models import network_for_reading

    with warnings.catch_warnings(record=True, action="always", category=StaleCopyWarning) as stale:
        model = network_for_reading(arguments.model or default_model_path())
        verifier = load_verifier()
    for warning in stale:
        if issubclass(warning.category, StaleCopyWarning):
            print(f"note: {warning.message}", file=sys.stderr)
    files, failures = [], 0
    for name in arguments.files:  # a folder stands for the image files in it
        path = Path(name)
        found = image_files_in(path) if path.is_dir() else [name]
        if not found:
            failures += 1
            print(f"error: {name}: a folder with no image files in it", file=sys.stderr)
        files += found
    for outcome in read_files(files, model, verifier):
        if arguments.boxes and outcome.ink is not None:
            _write_boxes(outcome, Path(arguments.boxes))
        if outcome.warning:
            print(f"warning: {outcome.warning}", file=sys.stderr)
        if outcome.error:
            failures += 1
            print(f"error: {outcome.error}", file=sys.stderr)
        elif outcome.refused:
            failures += 1
            print(f"{outcome.path}\tnone\t{outcome.not_a_digit:.4f}")
        else:
            print(f"{outcome.path}\t{outcome.digits}\t{outcome.confidence:.4f}")
    return 1 if failures else 0


def _write_boxes(outcome, folder):
    from digits.atomic import atomic_path
    from digits.reports.plots import boxed_ink

    with atomic_path(folder / f"{Path(outcome.path).name}.boxes.png") as temporary:
        boxed_ink(outcome).save(temporary, format="PNG")


def _results(arguments):
    import json

    from digits.reports.metrics_comparison import describe_comparison
    from digits.reports.metrics_file import collect_metrics, write_metrics
    from digits.reports.readme_results import metrics_markdown, update_readme_results

    metrics = collect_metrics()
    if arguments.write:
        write_metrics(metrics)
        update_readme_results(metrics_markdown(metrics))
        print("wrote models/metrics.json and the README's results table")
    print(metrics_markdown(metrics))
    if arguments.compare:
        committed = Path(arguments.compare)
        old = json.loads(committed.read_text()) if committed.is_file() else {}
        print("\n" + "\n".join(describe_comparison(metrics, old)))
    return 0


def _estimate(arguments):
    from digits.machine import cpu_description, describe_cpu_kind
    from digits.command_line.plan import save_estimate
    from digits.command_line.timing_probe import describe_estimate, estimate_run

    cpu = cpu_description()
    print(f"This machine: {cpu['name']}, {cpu['cores']} cores, {describe_cpu_kind(cpu)}")
    print("Timing a few training steps of each network to estimate make run:", flush=True)
    estimate = estimate_run(progress=lambda line: print(line, flush=True))
    print("\n".join(describe_estimate(estimate)), flush=True)
    if arguments.save:
        save_estimate(estimate, arguments.save)
    return 0


def _ensemble(arguments):
    from digits.data.provenance import OtherDataError
    from digits.evaluation.member_predictions import load_ensemble, write_member_probabilities
    from digits.modeling.ensemble_members import member_names, train_missing_members
    from digits.modeling.saved_models import is_saved

    if arguments.check:  # whether notebook 06 can run here: its members stored, and from these data
        try:
            load_ensemble(arguments.members)
        except (FileNotFoundError, OtherDataError) as missing:
            print(f"the ensemble cannot be shown: {missing}", file=sys.stderr)
            return 1
        print(f"the ensemble's {arguments.members} members are stored for data/test.csv")
        return 0
    trained = train_missing_members(arguments.members)
    saved = [name for name in member_names(arguments.members) if is_saved(name)]
    print(f"ensemble of {arguments.members}: {len(trained)} trained now, {len(saved)} saved in models/")
    record = write_member_probabilities(saved)
    print(f"wrote the test probabilities of {len(record['members'])} members to {config.MEMBER_PROBABILITIES.name}")
    return 0


def _folds(arguments):
    from digits.evaluation.fold_predictions import write_fold_probabilities
    from digits.modeling.cross_validation import FOLDS, fold_network_names, train_missing_fold_networks
    from digits.modeling.saved_models import is_saved

    if arguments.check:  # whether notebook 07 can run here: all five stored, and from these data
        from digits.data.provenance import OtherDataError
        from digits.evaluation.fold_predictions import load_fold_probabilities

        try:
            load_fold_probabilities()
        except (FileNotFoundError, OtherDataError, ValueError) as missing:
            print(f"the cross-validation networks cannot be shown: {missing}", file=sys.stderr)
            return 1
        from digits.modeling.cleaned_labels import CLEANED_NETWORK

        if not is_saved(CLEANED_NETWORK):
            print(f"{CLEANED_NETWORK} (trained without the flagged labels) is not saved: run `make folds`", file=sys.stderr)
            return 1
        print(f"the {FOLDS} cross-validation networks' probabilities and {CLEANED_NETWORK} are stored for data/")
        return 0
    trained = train_missing_fold_networks(log=lambda line: print(line, flush=True))
    saved = [name for name in fold_network_names() if is_saved(name)]
    print(f"cross-validation: {len(trained)} of {FOLDS} networks trained now, {len(saved)} saved in models/")
    record = write_fold_probabilities(saved)
    print(f"wrote the probabilities of {len(record['networks'])} networks to {config.FOLD_PROBABILITIES.name}")
    if len(saved) < FOLDS:
        return 0
    from digits.data.kaggle_csv import load_train_csv
    from digits.evaluation.fold_predictions import load_fold_probabilities
    from digits.evaluation.label_audit import label_issues, write_label_issues
    from digits.modeling.cleaned_labels import train_cleaned_network

    issues = label_issues(load_train_csv()[1], load_fold_probabilities()[0])
    write_label_issues(issues)
    print(f"wrote the {len(issues)} flagged training labels to {config.LABEL_ISSUES_CSV.name}")
    train_cleaned_network(log=lambda line: print(line, flush=True))
    return 0


def _verifier(arguments):
    from digits.handwriting.digit_or_not import NETWORK
    from digits.verifier.training import train_digit_or_not

    _, history = train_digit_or_not()
    print(f"saved models/{NETWORK}.keras: {history.epochs['accuracy'][-1]:.4f} training accuracy, "
          f"{history.total_seconds / 60:.1f} min")
    return 0


def _reader(arguments):
    from digits.reader.training import NETWORK, train_reader_cnn

    _, history = train_reader_cnn()
    print(f"saved models/{NETWORK}.keras: {history.epochs['accuracy'][-1]:.4f} training accuracy, "
          f"{history.total_seconds / 60:.1f} min")
    return 0


def _litert(arguments):
    from digits.modeling.litert_copies import COPIED_NETWORKS, write_copy
    from digits.modeling.saved_models import load_model, model_path

    for name in COPIED_NETWORKS:
        path = model_path(name)
        if path.is_file():
            print(f"wrote {write_copy(load_model(path), path)}")
    return 0


def _site(arguments):
    from digits.reports.html_site import build_site

    pages = build_site(arguments.html_dir)
    print(f"wrote {Path(arguments.html_dir) / 'index.html'}, linking {len(pages)} notebook pages")
    return 0


def build_parser():
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m digits", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    data = commands.add_parser("data", help="build data/train.csv, test.csv and test_labels.csv from MNIST")
    data.add_argument("--data-dir", default=config.DATA_DIR, help="where to write the CSVs (default: data/)")
    data.add_argument("--quiet", action="store_true", help="no progress bar")
    data.set_defaults(handler=_data)

    submit = commands.add_parser("submit", help="write a Kaggle submission for data/test.csv")
    submit.add_argument("--model", required=True, help="a saved .keras model")
    submit.add_argument("--out", required=True, help="the submission CSV to write (ImageId,Label)")
    submit.add_argument("--test-csv", default=config.TEST_CSV, help="default: data/test.csv")
    submit.add_argument("--allow-other-data", action="store_true",
                        help="submit even if the model was trained beside another train.csv than the one beside "
                             "--test-csv (its score there may be leaked); prints a warning")
    submit.set_defaults(handler=_submit)

    score = commands.add_parser("score", help="accuracy of a submission against data/test_labels.csv")
    score.add_argument("submission", help="a submission CSV (ImageId,Label)")
    score.add_argument("--answer-key", default=config.TEST_LABELS_CSV, help="default: data/test_labels.csv")
    score.set_defaults(handler=_score)

    predict = commands.add_parser(
        "predict", help="read the digits in image files (photos, scans, drawings): one digit or a number",
        description="Prints FILE<TAB>DIGITS<TAB>CONFIDENCE for each file read: DIGITS every digit found, left to "
                    "right and rows top to bottom (7, or 2026), CONFIDENCE the lowest of their probabilities. "
                    "Prints FILE<TAB>none<TAB>P where the image holds no digit (P: the probability that its "
                    "likeliest mark is not one); files that cannot be read are named on stderr. Exits with 1 if "
                    "any file gave no digit, after printing every result.")
    predict.add_argument("files", nargs="+", help="image files, each of a digit or a number (PNG, JPEG, HEIC, AVIF, BMP, "
                         "GIF, TIFF, WebP), or folders of them (each read in name order, not its subfolders)")
    predict.add_argument("--model", help="a saved .keras model (default: reader_cnn, the network that reads files, "
                         "or where it is not saved the best committed one)")
    predict.add_argument("--boxes", metavar="DIR", help="also write DIR/FILE.boxes.png for each file read: the ink "
                         "found, each digit boxed in green with its reading, each mark judged not a digit in red")
    predict.set_defaults(handler=_predict)

    results = commands.add_parser("results", help="the results table of every model")
    results.add_argument("--write", action="store_true", help="also write models/metrics.json and the README table")
    results.add_argument("--compare", help="a metrics.json to compare with (the committed figures)")
    results.set_defaults(handler=_results)

    estimate = commands.add_parser("estimate", help="estimate how long make run takes on this machine (about a minute)")
    estimate.add_argument("--save", help="also write the estimate as JSON here (make run's progress lines read it)")
    estimate.set_defaults(handler=_estimate)

    ensemble = commands.add_parser("ensemble", help="train the ensemble's members not saved yet (hours; resumes)")
    ensemble.add_argument("--members", type=int, default=ENSEMBLE_SIZE, help=f"default: {ENSEMBLE_SIZE}")
    ensemble.add_argument("--check", action="store_true",
                          help="train nothing: say whether the members' test predictions are stored for data/")
    ensemble.set_defaults(handler=_ensemble)

    folds = commands.add_parser("folds", help="train the five cross-validation networks not saved yet, store "
                                "their out-of-fold and test probabilities, write the label audit and train "
                                "cleaned_cnn without its flagged labels (hours; resumes)")
    folds.add_argument("--check", action="store_true",
                       help="train nothing: say whether their probabilities are stored for data/")
    folds.set_defaults(handler=_folds)

    verifier = commands.add_parser("verifier", help="train digit_or_not, the network that tells a digit from what "
                                   "is not one, on train.csv and synthetic non-digits (minutes)")
    verifier.set_defaults(handler=_verifier)

    reader = commands.add_parser("reader", help="train reader_cnn, the network that reads image files: best_cnn "
                                 "fine-tuned on train.csv with synthetic continental 1s (minutes)")
    reader.set_defaults(handler=_reader)

    litert = commands.add_parser("litert", help="write the LiteRT copies of the networks digits predict runs "
                                 "(models/*.tflite; written whenever they are trained)")
    litert.set_defaults(handler=_litert)

    site = commands.add_parser("site", help="add index.html and page links to the rendered notebooks (make html)")
    site.add_argument("html_dir", nargs="?", default=config.HTML_DIR,
                      help="the notebooks rendered by nbconvert (default: build/html/)")
    site.set_defaults(handler=_site)
    return parser


def main(argv=None):
    """Run the command named in `argv` and return its exit code."""
    arguments = build_parser().parse_args(argv)
    try:
        return arguments.handler(arguments)
    except (OSError, ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def silence_native_stderr(environ=os.environ):
    """Send what native code writes to the process's stderr to /dev/null, keeping Python's sys.stderr
    (our messages, warnings) on the terminal.

    TensorFlow's C++ start-up notices (absl's "All log messages before absl::InitializeLog()", CUDA
    probes, graph attribute notes) bypass Python and, before absl starts, ignore
    TF_CPP_MIN_LOG_LEVEL. DIGITS_NATIVE_LOGS=1 keeps them, for debugging.
    """
    if environ.get("DIGITS_NATIVE_LOGS") == "1":
        return
    sys.stderr.flush()
    terminal = os.dup(2)
    sys.stderr = os.fdopen(terminal, "w", buffering=1, encoding=sys.stderr.encoding, errors="backslashreplace")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def run():
    """The console entry point (`digits ...`, `python -m digits ...`): quiet native logs, then main."""
    silence_native_stderr()
    return main()


if __name__ == "__main__":
    sys.exit(run())
