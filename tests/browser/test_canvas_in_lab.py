"""The drawing canvas of notebook 05 in a real JupyterLab, drawn on with the mouse in chromium."""

import shutil

import pytest

from digits import config
from digits.handwriting.canvas import EXAMPLE_STROKES

from .conftest import SCREENSHOTS_DIR, jupyter_lab

NOTEBOOK = "05_handwriting.ipynb"
ANSWER_SECONDS = 60
# The canvas cell imports TensorFlow and loads the network: about 10 s on a quiet 2-core CPU, minutes
# when something heavy runs beside it. Its run is waited for until the kernel says it is done; only
# then must the canvas be there.
CELL_SECONDS = 360
CANVAS_SECONDS = 30


def draw(page, paper, strokes):
    """Draw `strokes` (canvas coordinates) on the canvas element with many small mouse moves each."""
    box = paper.bounding_box()
    scale = box["width"] / 280
    for stroke in strokes:
        x, y = stroke[0]
        page.mouse.move(box["x"] + x * scale, box["y"] + y * scale)
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(box["x"] + x * scale, box["y"] + y * scale, steps=12)
        page.mouse.up()


def answer_after(page, answer, action):
    """Run `action` (a drawing or a click), then wait until the widget shows a new answer."""
    action()
    page.wait_for_function(
        "(element) => element.textContent !== 'Reading…' && element.textContent !== 'Draw a digit'",
        arg=answer.element_handle(), timeout=ANSWER_SECONDS * 1000)
    return answer.text_content()


@pytest.fixture
def notebook_page(page, tmp_path, request):
    """Notebook 05 (a copy) open in a fresh JupyterLab server, at `request.param`: "lab/tree" for
    JupyterLab, "notebooks" for Jupyter Notebook 7."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(config.PROJ_ROOT / "notebooks" / NOTEBOOK, notebooks / NOTEBOOK)
    with jupyter_lab(notebooks, tmp_path) as (url, token):
        page.goto(f"{url}/{request.param}/{NOTEBOOK}?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell")
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
        yield page


def run_canvas_cell(page):
    """Run the canvas cell (Shift+Enter in it) and return the canvas; on a timeout, fail with what the
    cell shows and a screenshot of the page."""
    cell = page.locator(".jp-CodeCell").filter(has_text="DigitCanvas()").last
    prompt = cell.locator(".jp-InputPrompt")
    for _ in range(3):  # a keystroke that lands while the page is still settling is lost: press again
        cell.scroll_into_view_if_needed()
        cell.locator(".cm-content").click()
        page.keyboard.press("Shift+Enter")
        try:  # the prompt turns from "[ ]:" to "[*]:" (running) or "[1]:" (done)
            page.wait_for_function(r"(prompt) => /\[(\*|\d+)\]/.test(prompt.textContent)",
                                   arg=prompt.element_handle(), timeout=15_000)
            break
        except Exception:
            continue
    paper = page.locator(".digits-canvas-paper")
    try:  # done: "[1]:"; then the widget draws itself
        page.wait_for_function(r"(prompt) => /\[\d+\]/.test(prompt.textContent)",
                               arg=prompt.element_handle(), timeout=CELL_SECONDS * 1000)
        paper.wait_for(state="visible", timeout=CANVAS_SECONDS * 1000)
    except Exception as error:
        SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS_DIR / "canvas_failure.png"))
        pytest.fail(f"no canvas: its cell did not finish within {CELL_SECONDS} s or the canvas did not appear "
                    f"{CANVAS_SECONDS} s after; the cell shows: {cell.inner_text()[-500:]!r} "
                    f"(screenshot: {SCREENSHOTS_DIR / 'canvas_failure.png'}; {error})")
    paper.scroll_into_view_if_needed()
    return paper


@pytest.mark.parametrize("notebook_page", ["lab/tree"], indirect=True)
def test_drawing_1_0_7_in_jupyterlab_reads_those_digits_and_bad_drawings_get_a_message(notebook_page):
    page = notebook_page
    paper = run_canvas_cell(page)
    answer, clear = page.locator(".digits-canvas-answer"), page.locator(".digits-canvas-clear")
    for digit in (1, 0, 7):
        shown = answer_after(page, answer, lambda: draw(page, paper, EXAMPLE_STROKES[digit]))
        assert shown == f"It reads {digit}", f"drew a {digit}, the canvas says {shown!r}"
        guesses = page.locator(".digits-canvas-guess").all_text_contents()
        assert len(guesses) == 3 and guesses[0].startswith(f"{digit}: "), guesses
        if digit == 7:
            SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
            page.locator(".digits-canvas").screenshot(path=str(SCREENSHOTS_DIR / "canvas.png"))
        clear.click()
        assert answer.text_content() == "Draw a digit"
    # A press and release with no movement (a dot), and a scribble over everything: messages, never a
    # traceback. (An empty canvas cannot be sent from the page; tests/test_canvas.py covers it.)
    shown = answer_after(page, answer, lambda: draw(page, paper, [[(140, 140)]]))
    assert shown.startswith("no digit found: the mark is too small"), shown
    clear.click()
    scribble = [[(5, y), (275, y + 14)] for y in range(5, 275, 12)]
    shown = answer_after(page, answer, lambda: draw(page, paper, scribble))
    assert shown.startswith("no digit found: the ink covers"), shown
    clear.click()
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0


@pytest.mark.parametrize("notebook_page", ["notebooks"], indirect=True)
def test_the_canvas_also_works_in_jupyter_notebook_7(notebook_page):
    page = notebook_page
    paper = run_canvas_cell(page)
    answer = page.locator(".digits-canvas-answer")
    shown = answer_after(page, answer, lambda: draw(page, paper, EXAMPLE_STROKES[7]))
    assert shown == "It reads 7", shown
