"""digits.handwriting.canvas: what the drawing canvas answers, for digits and for drawings that hold none."""

import numpy as np
import pytest

from digits.handwriting.canvas import (
    CANVAS_SIDE,
    EXAMPLE_SCRIBBLE,
    EXAMPLE_STROKES,
    DigitCanvas,
    describe_answer,
    draw_strokes,
    drawing_from_bytes,
    load_drawing_verifier,
    read_drawing,
)
from digits.handwriting.predict import default_model_path
from digits.modeling.saved_models import is_saved, load_model


@pytest.fixture(scope="module")
def model():
    return load_model(default_model_path())


@pytest.mark.parametrize("digit", sorted(EXAMPLE_STROKES))
def test_the_example_drawings_read_as_their_digits(model, digit):
    answer = read_drawing(draw_strokes(EXAMPLE_STROKES[digit]), model)
    assert answer["digit"] == digit
    assert [guess for guess, _ in answer["top3"]][0] == digit and len(answer["top3"]) == 3
    probabilities = [probability for _, probability in answer["top3"]]
    assert probabilities == sorted(probabilities, reverse=True) and 0 < sum(probabilities) <= 1.0001
    image = np.array(answer["image"])
    assert image.shape == (784,) and image.max() == 255 and image[:28].max() == 0  # bright digit, black border


@pytest.mark.parametrize("strokes, reason", [
    ([], "the canvas is empty"),
    ([[(140, 140), (141, 141)]], "too small for a digit"),
    ([[(0, y), (279, y + 10)] for y in range(0, 280, 14)], "more than one digit does"),
])
def test_a_drawing_without_a_digit_gets_a_message(model, strokes, reason):
    answer = read_drawing(draw_strokes(strokes), model)
    assert answer == {"message": answer["message"]} and answer["message"].startswith("no digit found: ")
    assert reason in answer["message"]


def test_the_canvas_bytes_become_a_grayscale_image_and_a_wrong_size_is_named():
    pixels = np.arange(CANVAS_SIDE * CANVAS_SIDE) % 256
    gray = drawing_from_bytes(pixels.astype(np.uint8).tobytes())
    assert gray.shape == (CANVAS_SIDE, CANVAS_SIDE) and gray.dtype == np.float32
    np.testing.assert_allclose(gray.ravel(), pixels / 255.0)
    with pytest.raises(ValueError, match="expected 280x280 = 78,400 pixels from the canvas, got 10"):
        drawing_from_bytes(bytes(10))


def test_the_widget_answers_each_stroke_without_raising_and_says_where_it_works(model):
    canvas = DigitCanvas(model)
    seven = np.round(draw_strokes(EXAMPLE_STROKES[7]) * 255).astype(np.uint8).tobytes()
    canvas._on_message(canvas, {"type": "drawing"}, [memoryview(seven)])
    assert canvas.answer["digit"] == 7 and canvas.answer["drawing"] == 1
    canvas._on_message(canvas, {"type": "drawing"}, [memoryview(b"\x00" * 12)])  # a broken message
    assert canvas.answer["message"].startswith("could not read the drawing: expected 280x280")
    canvas._on_message(canvas, {"type": "clear"}, [])
    assert canvas.answer == {}
    bundle = canvas._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "JupyterLab" in data["text/plain"] and "application/vnd.jupyter.widget-view+json" in data


def test_an_answer_reads_as_one_line_with_tiny_probabilities_as_below_a_tenth_of_a_percent():
    answer = {"digit": 7, "top3": [[7, 0.9981], [1, 0.0012], [4, 0.0002]], "image": []}
    assert describe_answer(answer) == "It reads 7; its three most probable digits: 7 (99.8%), 1 (0.1%), 4 (<0.1%)"
    assert describe_answer({"message": "no digit found: x"}) == "no digit found: x"


@pytest.mark.skipif(not is_saved("digit_or_not"), reason="needs the committed digit_or_not")
def test_with_the_verifier_a_scribble_is_not_a_digit_and_the_example_digits_still_read(model):
    verifier = load_drawing_verifier()
    answer = read_drawing(draw_strokes(EXAMPLE_SCRIBBLE), model, verifier)
    assert answer == {"message": answer["message"]} and answer["message"].startswith("not a digit (it is ")
    for digit, strokes in EXAMPLE_STROKES.items():
        assert read_drawing(draw_strokes(strokes), model, verifier)["digit"] == digit
