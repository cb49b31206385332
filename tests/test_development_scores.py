"""digits.reports.reading_accuracy's scores on a development set: digits, numbers, refusals."""

import pandas as pd

from digits.reports.reading_accuracy import development_scores, load_development_manifest


def test_numbers_must_be_read_whole_and_images_without_a_digit_refused(tmp_path):
    rows = [("digits/a_7_1.png", "7", "tune"), ("digits/a_1_1.png", "1", "tune"), ("numbers/b_n2026_1.jpg", "2026", "tune"),
            ("numbers/b_n42_1.jpg", "42", "tune"), ("none/c_none_1.png", "none", "tune"), ("none/c_none_2.png", "none", "report")]
    pd.DataFrame(rows, columns=["file", "label", "part"]).assign(kind="photo", repo="r").to_csv(
        tmp_path / "manifest.tsv", sep="\t", index=False)
    manifest = load_development_manifest(tmp_path)
    assert manifest["what"].tolist() == ["a digit", "a digit", "a number", "a number", "no digit", "no digit"]
    assert manifest["label"].tolist()[2] == "2026"  # kept as text: "07" would not become 7
    scores = development_scores(manifest, ["7", None, "2026", "4", None, "3"])
    assert scores.loc[("tune", "a digit"), "right"] == 1 and scores.loc[("tune", "a digit"), "refused"] == 1
    assert scores.loc[("tune", "a number"), "right"] == 1    # "4" for 42 is wrong
    assert scores.loc[("tune", "no digit"), "right"] == 1 and scores.loc[("report", "no digit"), "right"] == 0
    assert scores.loc[("tune", "a number"), "share right"] == 0.5


def test_synthetic_numbers_are_scored_per_kind_from_their_file_names_leading_zeros_kept():
    import pytest

    from digits.handwriting.image_files import number_from_filename
    from digits.reports.reading_accuracy import number_scores

    assert number_from_filename("ourdata/numbers/0172_webcam_3.jpg") == ("0172", "webcam")
    with pytest.raises(ValueError, match="nope.png"):
        number_from_filename("nope.png")
    paths = ["0172_webcam_1.jpg", "42_webcam_2.jpg", "7722_sheet_1.png"]
    scores = number_scores(paths, ["172", "42", "7722"])  # a dropped leading zero is a wrong reading
    assert scores.loc["webcam", "right"] == 1 and scores.loc["sheet", "right"] == 1
    assert scores.loc["all", "images"] == 3 and scores.loc["all", "share right"] == 0.667
