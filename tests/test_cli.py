"""The command line end to end: predict on ourdata/ and on a bad file, submit and score."""

import subprocess
import sys

import pytest

from digits import config
from digits.command_line.main import main
from digits.data.labelled_images import labelled_image_files
from digits.handwriting.image_files import label_from_filename

HAS_MODEL = (config.MODELS_DIR / "augmented_cnn.keras").is_file()


def run_cli(*arguments):
    """The command as a user runs it: `python -m digits ...` in a new process."""
    return subprocess.run([sys.executable, "-m", "digits", *map(str, arguments)], capture_output=True, text=True)


def run_here(capsys, *arguments):
    """The command run by the same `main` in this process, where TensorFlow is already loaded (a new
    process spends most of its time loading it): its exit code, stdout and stderr, as `run_cli`'s."""
    capsys.readouterr()
    code = main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(arguments, code, captured.out, captured.err)


@pytest.mark.skipif(not HAS_MODEL, reason="needs a committed model")
def test_predict_prints_one_line_per_file_in_order_and_reports_bad_files(tmp_path, capsys):
    files = labelled_image_files()[:6]
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG not really")
    blank = tmp_path / "blank.png"
    from PIL import Image

    Image.new("L", (50, 50), 255).save(blank)
    arguments = [files[0], broken, *files[1:3], blank, *files[3:]]
    result = run_here(capsys, "predict", "--model", config.MODELS_DIR / "augmented_cnn.keras", *arguments)
    assert result.returncode != 0
    lines = result.stdout.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == [str(path) for path in files]
    for line in lines:
        _, digit, confidence = line.split("\t")
        assert digit in "0123456789" and len(confidence.split(".")[1]) == 4 and 0 <= float(confidence) <= 1
    errors = result.stderr.strip().splitlines()
    assert any(str(broken) in line and "not a readable image" in line for line in errors)
    assert any(str(blank) in line and "no ink" in line for line in errors)


@pytest.mark.skipif(not HAS_MODEL, reason="needs a committed model")
def test_predict_reads_the_image_files_of_a_folder_in_name_order_and_names_an_empty_one(tmp_path, capsys):
    import shutil

    folder, empty = tmp_path / "photos", tmp_path / "empty"
    folder.mkdir(), empty.mkdir()
    files = labelled_image_files()[:3]
    for index, path in enumerate(reversed(files)):
        shutil.copy(path, folder / f"{index}_{path.name}")
    (folder / "notes.txt").write_text("not an image")
    (folder / "inner").mkdir()
    result = run_here(capsys, "predict", "--model", config.MODELS_DIR / "augmented_cnn.keras", folder, empty, files[0])
    lines = [line.split("\t")[0] for line in result.stdout.strip().splitlines()]
    assert lines == [str(folder / f"{index}_{path.name}") for index, path in enumerate(reversed(files))] + [str(files[0])]
    assert result.returncode == 1 and f"{empty}: a folder with no image files in it" in result.stderr


@pytest.mark.skipif(not HAS_MODEL, reason="needs a committed model")
def test_predict_reads_ourdata_correctly_with_the_default_model():
    files = labelled_image_files()
    result = run_cli("predict", *files)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # TensorFlow's C++ start-up notices do not reach the terminal
    predicted = [int(line.split("\t")[1]) for line in result.stdout.strip().splitlines()]
    right = sum(digit == label_from_filename(path) for digit, path in zip(predicted, files))
    assert right / len(files) >= 0.9


@pytest.mark.skipif(not HAS_MODEL, reason="needs a committed model")
def test_predict_boxes_shows_where_each_digit_was_found(tmp_path, capsys):
    import numpy as np
    from PIL import Image, ImageDraw

    page = Image.new("L", (300, 140), 235)  # a 1 and a 7 side by side, dark on light paper
    draw = ImageDraw.Draw(page)
    draw.line([(80, 20), (80, 120)], fill=20, width=9)
    draw.line([(170, 20), (240, 20), (190, 120)], fill=20, width=9)
    page.save(tmp_path / "seventeen.png")
    result = run_here(capsys, "predict", "--boxes", tmp_path / "boxes", tmp_path / "seventeen.png")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\t")[1] == "17"
    boxed = np.asarray(Image.open(tmp_path / "boxes" / "seventeen.png.boxes.png").convert("RGB")).astype(int)
    green = (boxed[..., 1] > 150) & (boxed[..., 0] < 100)
    columns = np.flatnonzero(green.any(axis=0))
    # Two green boxes, one around each digit: their outlines leave a gap of columns between them.
    assert len(columns) and (np.diff(columns) > 1).any()
    assert [path.name for path in (tmp_path / "boxes").iterdir()] == ["seventeen.png.boxes.png"]  # no temporary left


def test_score_without_answer_key_explains(tmp_path):
    submission = tmp_path / "guess.csv"
    submission.write_text("ImageId,Label\n1,3\n")
    result = run_cli("score", submission, "--answer-key", tmp_path / "absent.csv")
    assert result.returncode == 2 and "no answer key" in result.stderr


def test_data_command_keeps_existing_files(tmp_path):
    (tmp_path / "train.csv").write_text("x")
    (tmp_path / "test.csv").write_text("y")
    result = run_cli("data", "--data-dir", tmp_path, "--quiet")
    assert result.returncode == 0 and "Keeping the existing" in result.stdout


@pytest.mark.parametrize("command", ["predict", "submit"])
def test_a_corrupt_model_file_is_reported_as_unreadable_not_missing(tmp_path, capsys, command):
    corrupt = tmp_path / "model.keras"
    corrupt.write_bytes(b"PK\x03\x04" + bytes(100))  # a zip header and nothing usable
    arguments = ["--model", corrupt, labelled_image_files()[0]] if command == "predict" else \
        ["--model", corrupt, "--out", tmp_path / "out.csv"]
    result = run_here(capsys, command, *arguments)
    assert result.returncode == 1
    assert f"{corrupt} is not a readable Keras model" in result.stderr and "not found" not in result.stderr
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.skipif(not HAS_MODEL, reason="needs a committed model")
def test_pipeline_comparison_counts_each_part_under_both_pipelines():
    from digits.handwriting.image_files import label_from_filename, load_grayscale
    from digits.handwriting.predict import predict_files
    from digits.reports.reading_accuracy import naive_image_predictions, pipeline_comparison
    from digits.modeling.saved_models import load_model

    files = labelled_image_files()[:10]
    model = load_model(config.MODELS_DIR / "augmented_cnn.keras")
    naive = naive_image_predictions([load_grayscale(path) for path in files], model)
    table = pipeline_comparison({"some": ([label_from_filename(path) for path in files], naive,
                                          predict_files(files, model))})
    assert list(table["pipeline"]) == ["naive resize (original notebook)", "the project's preprocess"]
    assert list(table["of"]) == [10, 10]
    # The naive pipeline feeds dark digits on white paper to a network trained on the reverse.
    assert table["correct"].iloc[1] >= 9 > table["correct"].iloc[0]


@pytest.mark.skipif(not (config.MEMBER_PROBABILITIES.is_file() and config.TEST_CSV.is_file()),
                    reason="needs the committed members' probabilities and make data")
def test_ensemble_check_says_whether_notebook_06_can_run_and_trains_nothing(capsys):
    stored = run_here(capsys, "ensemble", "--check", "--members", 1)
    assert stored.returncode == 0 and "1 members are stored" in stored.stdout
    missing = run_here(capsys, "ensemble", "--check", "--members", 99)
    assert missing.returncode == 1 and "not the 99 asked" in missing.stderr and "make ensemble" in missing.stderr
    assert not (config.MODELS_DIR / "ensemble_member99.keras").exists()
