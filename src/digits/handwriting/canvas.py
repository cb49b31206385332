"""A drawing canvas for notebook 05: draw a digit, see what the network reads and the 28x28 it saw.

The widget is an anywidget: its JavaScript (canvas.js, beside this file) draws dark ink on white
paper and sends the canvas's pixels once per finished stroke as one binary buffer; Python runs
them through `digits.handwriting.to_mnist.preprocess` and the model, as `digits predict` does with a file,
and sends back the answer, its three most probable digits and the 28x28 image the network saw.
"""

from pathlib import Path

import anywidget
import numpy as np
import traitlets
from PIL import Image, ImageDraw

CANVAS_SIDE = 280  # pixels: ten times MNIST's 28
STROKE_WIDTH = 18  # pixels: about MNIST's stroke once the digit is scaled to its 20-pixel box
SMALLEST_DIGIT = 0.1  # of the canvas side: a mark smaller than this in both directions is a dot
MOST_INK = 0.3  # of the canvas: a digit's strokes cover less (a large "8" about a fifth)

# Digits drawn as strokes of (x, y) points on the canvas, for the notebook's example and the tests.
EXAMPLE_STROKES = {
    1: [[(150, 50), (140, 235)]],
    0: [[(140, 45), (95, 80), (80, 140), (95, 205), (140, 235), (185, 205), (200, 140), (185, 80), (140, 45)]],
    7: [[(80, 55), (205, 55), (150, 150), (120, 235)]],
}
# A scribble that is no digit: a zigzag of four strokes, as a W or an M would be drawn.
EXAMPLE_SCRIBBLE = [[(50, 70), (90, 220), (140, 90), (190, 220), (230, 70)]]


def draw_strokes(strokes, side=CANVAS_SIDE, width=STROKE_WIDTH):
    """A grayscale canvas (float32 in [0, 1], white paper) with `strokes` drawn in black, as the widget draws."""
    canvas = Image.new("L", (side, side), 255)
    pen = ImageDraw.Draw(canvas)
    for stroke in strokes:
        pen.line(stroke, fill=0, width=width, joint="curve")
        for x, y in (stroke[0], stroke[-1]):  # round ends, as the browser's lineCap "round"
            pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=0)
    return np.asarray(canvas, dtype=np.float32) / 255.0


def drawing_from_bytes(data, side=CANVAS_SIDE):
    """The canvas's grayscale pixels (one byte each, row by row) as a float array in [0, 1]."""
    values = np.frombuffer(data, dtype=np.uint8)
    if values.size != side * side:
        raise ValueError(f"expected {side}x{side} = {side * side:,} pixels from the canvas, got {values.size:,}")
    return values.reshape(side, side).astype(np.float32) / 255.0


def _no_digit(reason):
    return {"message": f"no digit found: {reason}"}


def read_drawing(gray, model, verifier=None):
    """What the network reads in a drawing (grayscale, dark ink on white): a dict for the widget.

    {"digit", "top3": [[digit, probability], ...], "image": 784 bytes of the 28x28 it saw} or,
    for a drawing that holds no single digit, {"message": "no digit found: ..."}; with `verifier`
    (digit_or_not), a drawing it judges not a digit gets {"message": "not a digit ..."}.
    """
    from digits.handwriting.predict import predict_images

    ink = np.asarray(gray) < 0.5
    if not ink.any():
        return _no_digit("the canvas is empty; draw a digit")
    rows, columns = np.nonzero(ink)
    extent = max(rows.max() - rows.min() + 1, columns.max() - columns.min() + 1)
    if extent < SMALLEST_DIGIT * ink.shape[0]:
        return _no_digit("the mark is too small for a digit (a dot?); draw the digit larger")
    if ink.mean() > MOST_INK:
        return _no_digit(f"the ink covers {ink.mean():.0%} of the canvas, more than one digit does; "
                         "press Clear and draw one digit")
    (outcome,) = predict_images([gray], model, names=["the drawing"], verifier=verifier)
    if outcome.error:
        return _no_digit(outcome.error.removeprefix("the drawing: "))
    if outcome.refused:
        return {"message": f"not a digit (it is {outcome.not_a_digit:.0%} sure): a letter or a scribble? "
                           "Press Clear and draw one digit"}
    order = np.argsort(outcome.probabilities)[::-1][:3]
    return {"digit": outcome.digit,
            "top3": [[int(digit), round(float(outcome.probabilities[digit]), 4)] for digit in order],
            "image": np.round(outcome.image * 255).astype(np.uint8).ravel().tolist()}


def describe_answer(answer):
    """The canvas's answer as one line, e.g. "It reads 7; its three most probable digits: 7 (99.9%), ..."."""
    if "message" in answer:
        return answer["message"]
    guesses = ", ".join(f"{digit} ({'<0.1%' if probability < 0.001 else f'{probability:.1%}'})"
                        for digit, probability in answer["top3"])
    return f"It reads {answer['digit']}; its three most probable digits: {guesses}"


def load_drawing_model():
    """The network that reads files (predict.default_model_path), in float32, loaded once per canvas."""
    from digits.handwriting.predict import default_model_path
    from digits.modeling.saved_models import load_model

    return load_model(default_model_path())


def load_drawing_verifier():
    """digit_or_not, which refuses a drawing that is not a digit; None where it is not saved."""
    from digits.handwriting.digit_or_not import load_verifier

    return load_verifier()


class DigitCanvas(anywidget.AnyWidget):
    """Draw a digit with the mouse, a pen or a finger; after each stroke the network's answer appears."""

    _esm = Path(__file__).with_name("canvas.js")
    side = traitlets.Int(CANVAS_SIDE).tag(sync=True)
    stroke_width = traitlets.Int(STROKE_WIDTH).tag(sync=True)
    answer = traitlets.Dict().tag(sync=True)

    def __init__(self, model=None, verifier=None, **kwargs):
        super().__init__(**kwargs)
        self.model = model if model is not None else load_drawing_model()
        self.verifier = verifier if verifier is not None else load_drawing_verifier()
        self.drawings = 0  # numbers each answer, so that two equal answers in a row still reach the page
        self.on_msg(self._on_message)

    def _on_message(self, widget, content, buffers):
        if content.get("type") == "clear":
            self.answer = {}
        elif content.get("type") == "drawing":
            self.drawings += 1
            try:
                answer = read_drawing(drawing_from_bytes(buffers[0], self.side), self.model, self.verifier)
            except Exception as error:  # shown in the widget: a traceback would land in the cell instead
                answer = {"message": f"could not read the drawing: {error}"}
            self.answer = {**answer, "drawing": self.drawings}

    def _repr_mimebundle_(self, **kwargs):
        # Where widgets do not render (GitHub, the HTML pages, nbval), the text is what readers see.
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = ("The drawing canvas appears here when this notebook runs in JupyterLab or "
                              "Jupyter Notebook 7 (make lab).")
        return bundle
