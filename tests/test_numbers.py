"""Reading a number: marks grouped into digits in reading order, touching digits cut, what is not a
digit refused (digits.handwriting.numbers, read_number, digit_or_not)."""

import numpy as np
import pytest
from PIL import Image, ImageDraw
from scipy import ndimage

from digits import config
from digits.data.labelled_images import load_uci_digits
from digits.handwriting.digit_or_not import NOT_A_DIGIT_ABOVE
from digits.handwriting.numbers import cuts, digit_groups, split_at, without_marks_beside
from digits.handwriting.read_number import read_images

HAS_MODELS = all((config.MODELS_DIR / f"{name}.keras").is_file() for name in ("best_cnn", "digit_or_not"))


def boxes_of(groups):
    return [(int(np.nonzero(g)[0].min()), int(np.nonzero(g)[1].min())) for g in groups]


def test_marks_side_by_side_are_digits_left_to_right_and_rows_top_to_bottom():
    mask = np.zeros((100, 120), bool)
    mask[10:40, 70:76] = True   # top row, right
    mask[10:40, 20:26] = True   # top row, left
    mask[60:90, 40:46] = True   # bottom row
    groups = digit_groups(mask)
    assert boxes_of(groups) == [(10, 20), (10, 70), (60, 40)]
    assert sum(group.sum() for group in groups) == mask.sum()


def test_a_detached_bar_and_a_dot_belong_to_the_digit_beside_them():
    mask = np.zeros((60, 60), bool)
    mask[15:50, 20:25] = True   # a 5's body, seen as a stroke
    mask[10:13, 20:40] = True   # its bar, above and overlapping its columns
    mask[52:54, 30:32] = True   # a dot under it
    assert len(digit_groups(mask)) == 1


def test_a_box_or_a_circle_around_a_digit_is_left_out_but_a_ring_with_a_speck_inside_is_kept():
    mask = np.zeros((80, 140), bool)
    mask[5:75, 5:7] = mask[5:75, 63:65] = mask[5:7, 5:65] = mask[73:75, 5:65] = True  # a printed box
    mask[15:60, 30:35] = True   # the digit inside it
    image = Image.new("1", (140, 80))
    ImageDraw.Draw(image).ellipse((75, 5, 135, 75), outline=1, width=4)  # a 0 ...
    mask |= np.asarray(image)
    mask[38:41, 104:107] = True  # ... with a speck inside
    groups = digit_groups(mask)
    assert len(groups) == 2 and not groups[0][5:7].any() and groups[0][15:60, 30:35].all()
    assert groups[1][38:41, 104:107].all() and groups[1].sum() == mask[:, 70:].sum()


def test_a_line_under_several_digits_is_no_part_of_them_but_a_bar_over_one_is():
    mask = np.zeros((80, 140), bool)
    mask[10:60, 20:25] = mask[10:60, 60:65] = mask[10:60, 100:105] = True  # three digits, seen as strokes
    mask[68:71, 15:110] = True  # a line under them
    mask[5:8, 95:112] = True    # a bar over the last
    groups = digit_groups(mask)
    assert len(groups) == 3 and not any(group[68:71].any() for group in groups) and groups[2][5:8, 95:112].all()


def test_a_dash_beside_a_digit_may_be_left_out_but_a_bar_over_it_or_a_larger_piece_may_not():
    mask = np.zeros((60, 100), bool)
    mask[15:50, 20:25] = True   # a digit, seen as a stroke
    mask[10:13, 16:32] = True   # a bar over it (its middle over the digit): part of it
    assert without_marks_beside(mask) is None
    mask[30:33, 45:55] = True   # a dash beside it
    core = without_marks_beside(mask)
    assert core is not None and not core[30:33, 45:55].any() and core[15:50, 20:25].all()
    mask[20:40, 60:90] = True   # a block beside it, more ink than the digit: no dash
    assert without_marks_beside(mask) is None


def test_a_ring_is_not_cut_but_two_rings_joined_by_a_stroke_are_cut_at_the_join():
    image = Image.new("1", (140, 60))
    ImageDraw.Draw(image).ellipse((10, 5, 80, 55), outline=1, width=5)  # a wide 0
    assert cuts(np.asarray(image)) == []
    pair = Image.new("1", (140, 60))
    draw = ImageDraw.Draw(pair)
    draw.ellipse((5, 5, 60, 55), outline=1, width=5)
    draw.ellipse((80, 5, 135, 55), outline=1, width=5)
    draw.line((58, 30, 82, 30), fill=1, width=4)
    places = cuts(np.asarray(pair))
    assert places and all(58 <= place <= 82 for place in places)
    left, right = split_at(np.asarray(pair), places[0])
    assert left.sum() + right.sum() == np.asarray(pair).sum() and not left[:, places[0]:].any()


def on_paper(digits, gap, shift=0):
    """UCI digits (8x8, as shipped with scikit-learn), enlarged and written dark on light paper side
    by side `gap` pixels apart (negative: overlapping), each lowered by `shift` times its place."""
    images, labels = load_uci_digits()
    tiles = [np.kron(1 - images[np.flatnonzero(labels == digit)[0]], np.ones((12, 12))) for digit in digits]
    page = np.zeros((140, 40 + len(digits) * (96 + gap) + 40))
    for place, tile in enumerate(tiles):
        left = 40 + place * (96 + gap)
        top = 20 + place * shift
        page[top: top + 96, left: left + 96] = np.maximum(page[top: top + 96, left: left + 96], tile)
    return 1 - 0.8 * page


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_number_on_ruled_paper_is_read_when_the_writing_hides_one_of_the_lines():
    from skimage.transform import resize

    from digits.handwriting.image_files import load_grayscale
    from digits.modeling.saved_models import load_model, model_path

    plain = [load_grayscale(config.OURDATA_DIR / f"{digit}_plain.png") for digit in (6, 0)]
    page = np.hstack([resize(image, (200, 160)) for image in plain]).astype(np.float32)
    for row in range(10, page.shape[0], 28):  # dark ruled lines; the one at row 94 runs through the digits
        page[row: row + 2] = np.minimum(page[row: row + 2], 0.55)
    (reading,) = read_images([page], load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert reading.digits == "60"


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_number_is_read_digit_by_digit_and_a_single_digit_as_before():
    from digits.handwriting.predict import predict_images
    from digits.modeling.saved_models import load_model, model_path

    model, verifier = load_model(model_path("best_cnn")), load_model(model_path("digit_or_not"))
    number, single = read_images([on_paper([2, 0, 4], gap=10), on_paper([7], gap=0)], model, verifier)
    assert number.digits == "204" and len(number.parts) == 3
    assert number.confidence == min(part.confidence for part in number.parts)
    (one,) = predict_images([on_paper([7], gap=0)], model)
    assert single.digits == str(one.digit) and single.confidence == pytest.approx(one.confidence)


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_dash_in_a_number_is_not_read_as_part_of_the_digit_beside_it():
    from digits.modeling.saved_models import load_model, model_path

    page = on_paper([1, 2, 7], gap=60)
    page[40:48, 276:316] = 0.2  # a dash after the 2, level with its top, nearer it than the 7
    (reading,) = read_images([page], load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert reading.digits == "127"


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_number_written_in_a_form_s_boxes_is_read_without_them():
    from digits.modeling.saved_models import load_model, model_path

    page = on_paper([2, 0, 4, 7], gap=30)
    for place in range(4):  # a box around each digit, a little wider than its tile
        left, right = 28 + place * 126, 148 + place * 126
        page[8:11, left:right] = page[127:130, left:right] = 0.3
        page[8:130, left:left + 3] = page[8:130, right - 3:right] = 0.3
    (reading,) = read_images([page], load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert reading.digits == "2047"


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_an_underlined_number_is_read_without_its_line():
    from digits.modeling.saved_models import load_model, model_path

    page = on_paper([2, 0, 4, 7], gap=20)
    page[125:130, 30:-30] = 0.2
    (reading,) = read_images([page], load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert reading.digits == "2047"


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_three_and_four_digits_touching_in_a_row_are_cut_apart():
    from digits.handwriting.image_files import load_grayscale
    from digits.modeling.saved_models import load_model, model_path

    def touching(number, overlap=6):
        """ourdata/'s plain pen digits, cropped to their ink, 120 pixels tall, each overlapping the last."""
        tiles = []
        for digit in number:
            image = load_grayscale(config.OURDATA_DIR / f"{digit}_{'closed' if digit == '4' else 'plain'}.png")
            rows, columns = np.nonzero(image < 0.5)
            ink = Image.fromarray(image[rows.min(): rows.max() + 1, columns.min(): columns.max() + 1])
            tiles.append(np.asarray(ink.resize((round(ink.width * 120 / ink.height), 120))))
        page = np.ones((200, sum(tile.shape[1] for tile in tiles) + 120), np.float32)
        left = 60
        for tile in tiles:
            page[40:160, left: left + tile.shape[1]] = np.minimum(page[40:160, left: left + tile.shape[1]], tile)
            left += tile.shape[1] - overlap
        return page

    readings = read_images([touching("404"), touching("3007")], load_model(model_path("best_cnn")),
                           load_model(model_path("digit_or_not")))
    assert [reading.digits for reading in readings] == ["404", "3007"]


def drawn(strokes):
    image = Image.new("L", (200, 200), 235)
    draw = ImageDraw.Draw(image)
    for stroke in strokes:
        draw.line(stroke, fill=20, width=9)
    return np.asarray(image) / 255


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_letter_is_refused_and_other_images_are_still_read():
    from digits.modeling.saved_models import load_model, model_path

    from digits.handwriting.canvas import draw_strokes

    letter_a = draw_strokes([[(70, 230), (140, 50), (210, 230)], [(100, 160), (180, 160)]])  # as on the canvas
    refused, digit = read_images([letter_a, on_paper([3], gap=0)],
                                 load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert refused.refused and refused.digits is None and refused.not_a_digit > NOT_A_DIGIT_ABOVE
    assert digit.digits == "3" and not digit.refused


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_zigzag_is_refused_not_cut_into_two_digits():
    # Cut where a column crosses it once, a W's halves read as 1 and 1 more surely than the whole
    # as one digit; but one half is judged not a digit, so the cut is not taken and the whole is refused.
    from digits.modeling.saved_models import load_model, model_path

    (zigzag,) = read_images([drawn([[(30, 150), (70, 40), (110, 150), (150, 40), (180, 150)]])],
                            load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert zigzag.refused


def number_photo(pen, size=(2016, 1512), height=500, seed=0):
    """A synthetic phone photo of "714" written with a `pen`-pixel stroke, digits `height` pixels tall,
    on textured paper under a hand's soft shadow (45% darker) over the lower right corner."""
    rng = np.random.default_rng(seed)
    width, rows = size
    image = Image.new("L", size, 0)
    draw = ImageDraw.Draw(image)
    top, h = 500, height
    for stroke in ([(400, top), (400 + 0.6 * h, top), (400 + 0.2 * h, top + h)],  # 7
                   [(950, top), (950, top + h)],  # 1
                   [(1425, top + h), (1425, top), (1200, top + 0.65 * h), (1500, top + 0.65 * h)]):  # 4
        draw.line(stroke, fill=255, width=pen, joint="curve")
    coverage = ndimage.gaussian_filter(np.asarray(image, dtype=np.float32) / 255, 1.0)
    paper = 0.85 * (1 + ndimage.gaussian_filter(rng.normal(0, 0.03, (rows, width)), 1.2))
    corner = (np.arange(width)[None, :] >= 1100) & (np.arange(rows)[:, None] >= 900)
    shade = 1 - 0.45 * ndimage.gaussian_filter(corner.astype(float), 25)
    gray = paper * shade * (1 - 0.6 * coverage) + rng.normal(0, 0.01, (rows, width))
    return np.clip(gray, 0, 1).astype(np.float32)


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_shadowed_photo_the_one_digit_chain_gives_up_on_is_read_whole():
    from digits.handwriting.image_files import NoInkFound
    from digits.handwriting.to_mnist import ink_marks
    from digits.modeling.saved_models import load_model, model_path

    photo = number_photo(pen=8)
    with pytest.raises(NoInkFound):  # the shadow's corner runs off two edges: "all texture"
        ink_marks(photo)
    (reading,) = read_images([photo], load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert reading.digits == "714" and reading.error is None


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_small_webcam_frame_whose_dark_corners_the_one_digit_chain_takes_for_ink_is_read():
    # Too small to count as a photo; the chain takes the vignette's dark corners for ink, a mark
    # running off the frame's edges that the verifier refuses. The reader then looks again.
    from digits.handwriting.image_files import load_grayscale
    from digits.handwriting.masks import edges_touched
    from digits.handwriting.photo import is_photo
    from digits.handwriting.to_mnist import ink_marks
    from digits.modeling.saved_models import load_model, model_path

    frame = load_grayscale(config.OURDATA_DIR / "numbers" / "873_small_1.jpg")
    assert not is_photo(frame) and edges_touched(ink_marks(frame).mask) >= 2
    (reading,) = read_images([frame], load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert reading.digits == "873"


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_grey_webcam_frame_whose_border_is_mixed_takes_its_sparse_tail_for_the_ink():
    # A vignette darkens the corners of grey paper: Otsu's threshold splits the paper itself and the
    # border is mixed, with the dark corners in more pieces than the light middle. Its grey values
    # have no two clear tones; the few dark strokes are their sparse tail.
    from digits.handwriting.image_files import load_grayscale
    from digits.handwriting.to_mnist import reads_ink_as_dark
    from digits.modeling.saved_models import load_model, model_path

    frame = load_grayscale(config.OURDATA_DIR / "numbers" / "1017_small_3.jpg")
    assert reads_ink_as_dark(frame) and not reads_ink_as_dark(1 - frame)
    (reading,) = read_images([frame], load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert reading.digits == "1017"


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_photographed_ruled_page_whose_faint_lines_break_up_is_read():
    # The lines fall under the threshold in stretches and the digits touch them: the lines are found
    # across their gaps and removed before what runs off the edges (the lines, with the digits on
    # them) is dropped.
    from digits.handwriting.image_files import load_grayscale
    from digits.modeling.saved_models import load_model, model_path

    page = load_grayscale(config.OURDATA_DIR / "numbers" / "45_ruled_4.jpg")
    (reading,) = read_images([page], load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert reading.digits == "45"


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_every_candidate_tried_is_shown_and_the_one_kept_is_the_reading_given():
    from digits.handwriting.read_number import candidates_of
    from digits.modeling.saved_models import load_model, model_path

    model, verifier = load_model(model_path("best_cnn")), load_model(model_path("digit_or_not"))
    photo = number_photo(pen=8)  # the one-digit chain finds no ink: only flattened_ink's candidates
    tried = candidates_of(photo, model, verifier)
    (reading,) = read_images([photo], model, verifier)
    assert len(tried) > 1 and all(candidate.way != "the one-digit chain" for candidate in tried)
    (kept,) = [candidate for candidate in tried if candidate.kept]
    assert kept.reading.digits == reading.digits == "714"
    assert kept.likelihood == max(candidate.likelihood for candidate in tried)
    plain = np.full((200, 300), 0.9, dtype=np.float32)
    plain[60:140, 140:150] = 0.1  # a small image the chain reads: its candidate alone, kept
    (only,) = candidates_of(plain, model, verifier)
    assert only.way == "the one-digit chain" and only.kept and only.reading.digits == "1"


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_pen_number_in_a_photo_is_found_whole_by_the_one_digit_chain():
    # The chain finds one pen digit small in the photo; the digits in a line with it belong to it.
    from digits.handwriting.photo import locate_digit
    from digits.modeling.saved_models import load_model, model_path

    photo = number_photo(pen=4)
    located = locate_digit(photo)
    assert located is not None and located.columns.start < 400 and located.columns.stop > 1500
    (reading,) = read_images([photo], load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert reading.digits == "714"


def test_the_one_digit_chain_counts_the_digits_its_box_took_in_however_it_took_them():
    from digits.handwriting.photo import _digit_box

    mask = np.zeros((200, 400), bool)
    for left in (100, 120, 140, 160):  # four strokes of a digit's height, close: taken in as near marks
        mask[80:130, left: left + 4] = True
    mask[20:24, 300:304] = True  # a speck, not a digit
    (top, bottom, left, right), digits = _digit_box(mask, mask.astype(np.float32))
    assert (top, bottom, left, right) == (80, 130, 100, 164) and digits == 4


def test_the_one_digit_chain_takes_in_a_sheet_s_other_rows_wherever_they_stand():
    from digits.handwriting.photo import _digit_box

    mask = np.zeros((300, 500), bool)
    mask[40:90, 300:306] = mask[40:90, 330:336] = True   # a row of two digits, top right
    mask[150:200, 60:66] = mask[150:200, 90:96] = mask[150:200, 120:126] = True  # a row of three, lower left
    mask[150:200, 122:140] = True  # the last one heavier: the digit the chain finds first
    mask[250:256, 400:404] = True  # a speck, not a digit
    (top, bottom, left, right), digits = _digit_box(mask, mask.astype(np.float32))
    assert (top, bottom, left, right) == (40, 200, 60, 336) and digits == 5


def sloping_line(angle, digits=(2, 0, 4, 7)):
    """UCI digits written along a line `angle` degrees below the horizontal (negative: above), each
    turned with it: a number written across a page on a slant."""
    from skimage.transform import rotate

    level = on_paper(list(digits), gap=20)
    return 1 - rotate(1 - level, -angle, resize=True, order=1)


def test_a_line_of_digits_on_a_slant_is_turned_level_and_a_level_or_short_one_is_left():
    from digits.handwriting.numbers import level_line, line_slant

    for angle in (-35, 25):
        ink = 1 - sloping_line(angle)
        mask = ink > 0.1
        assert line_slant(mask) == pytest.approx(angle, abs=4)
        flat, level = level_line(ink, mask)
        assert abs(line_slant(level)) < 4 and len(digit_groups(level)) == 4
    level = 1 - on_paper([2, 0, 4, 7], gap=20) > 0.1
    assert line_slant(level) == 0.0 and level_line(level.astype(float), level)[1] is level
    assert line_slant(1 - sloping_line(30, digits=(2, 7)) > 0.1) == 0.0  # two digits: no line to go by


@pytest.mark.skipif(not HAS_MODELS, reason="needs the committed best_cnn and digit_or_not")
def test_a_number_written_on_a_slant_is_read_in_order():
    from digits.modeling.saved_models import load_model, model_path

    # Read as they lie, the rows of a sloping line mix its digits up ("27", nothing at all at 30).
    numbers = [on_paper([7, 1, 2], gap=20), sloping_line(-35, digits=(7, 1, 2)), sloping_line(30, digits=(7, 1, 2))]
    readings = read_images(numbers, load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert [reading.digits for reading in readings] == ["712", "712", "712"]


def test_flattened_ink_drops_what_runs_off_the_edge_and_finds_nothing_on_blank_paper():
    from digits.handwriting.flattened_ink import flattened_ink_candidates

    assert flattened_ink_candidates(np.full((300, 400), 0.8, dtype=np.float32)) == []
    page = np.full((300, 400), 0.85, dtype=np.float32)
    page[100:200, 190:196] = 0.2  # a pen stroke on the sheet
    page[:, :40] = 0.3  # the table beyond the sheet's edge
    candidates = flattened_ink_candidates(page)
    dark = [marks for marks in candidates if marks.mask[150, 192]]
    assert dark and not any(marks.mask[:, :40].any() for marks in candidates)


def test_flattened_ink_keeps_a_page_of_small_digits_and_drops_the_specks_beside_them():
    from digits.handwriting.flattened_ink import SPECK_SHARE, flattened_ink_candidates

    page = np.full((512, 512), 0.85, dtype=np.float32)
    for place in range(8):  # eight small pen strokes, each under SPECK_SHARE of the page
        left = 100 + 40 * place
        page[240:260, left: left + 3] = 0.2
    page[100, 100] = page[400, 300] = 0.2  # two specks of one pixel
    assert 20 * 3 < SPECK_SHARE * page.size
    (dark, *_) = [marks for marks in flattened_ink_candidates(page) if marks.mask[250, 101]]
    assert len(digit_groups(dark.mask)) == 8 and not dark.mask[100, 100] and not dark.mask[400, 300]


def test_flattened_ink_does_not_read_the_board_caught_inside_a_bold_light_letter_as_dark_ink():
    from digits.handwriting.flattened_ink import flattened_ink_candidates

    board = np.full((400, 400), 0.15, dtype=np.float32)
    board[100:300, 100:130] = board[100:300, 190:220] = board[100:130, 100:220] = 0.95  # a bold white n
    candidates = flattened_ink_candidates(board)
    # Closed over a quarter of the image, the n's arch looks like bright "paper" around a dark pocket;
    # the pocket is no darker than the board beyond the letter, so it is no dark ink.
    assert not any(marks.mask[200, 160] for marks in candidates)
    assert any(marks.mask[200, 115] for marks in candidates)  # the light strokes are found


def test_a_doubted_mark_beside_an_accepted_digit_of_its_height_is_kept_as_a_digit_of_the_number():
    from digits.handwriting.digit_or_not import IN_A_NUMBER_ABOVE, NOT_A_DIGIT_ABOVE
    from digits.handwriting.read_number import DigitRead, _in_a_number

    def part(digit, doubt, box):
        return DigitRead(digit, 0.9, doubt, np.zeros((28, 28)), box)

    def is_a_digit(read):
        return read.not_a_digit <= NOT_A_DIGIT_ABOVE

    doubted = (NOT_A_DIGIT_ABOVE + IN_A_NUMBER_ABOVE) / 2
    seven, one = part(7, 0.1, (10, 0, 40, 20)), part(1, doubted, (12, 25, 38, 32))
    too_doubtful, below = part(0, IN_A_NUMBER_ABOVE + 0.01, (10, 40, 40, 60)), part(2, doubted, (60, 0, 90, 20))
    speck = part(1, doubted, (20, 70, 26, 74))
    kept, refused = _in_a_number([seven, one, too_doubtful, below, speck], is_a_digit)
    assert [read.digit for read in kept] == [7, 1] and refused == [too_doubtful, below, speck]
    assert _in_a_number([one], is_a_digit) == ([], [one])  # alone, a doubted mark is refused


def test_a_mark_of_a_digits_height_between_two_accepted_digits_is_kept_however_doubted():
    from digits.handwriting.digit_or_not import NOT_A_DIGIT_ABOVE
    from digits.handwriting.read_number import DigitRead, _in_a_number

    def part(digit, doubt, box):
        return DigitRead(digit, 0.9, doubt, np.zeros((28, 28)), box)

    def is_a_digit(read):
        return read.not_a_digit <= NOT_A_DIGIT_ABOVE

    two, nine, four = part(2, 0.01, (10, 0, 40, 20)), part(9, 0.03, (10, 25, 40, 45)), part(4, 0.01, (10, 70, 40, 90))
    narrow_zero = part(0, 0.99, (10, 52, 40, 62))  # a narrow 0 the verifier takes for a blob
    kept, refused = _in_a_number([two, nine, narrow_zero, four], is_a_digit)
    assert [read.digit for read in kept] == [2, 9, 0, 4] and refused == []
    # At the end of the number, with a digit on one side only, it is refused as before.
    last = part(0, 0.99, (10, 95, 40, 105))
    assert _in_a_number([two, nine, four, last], is_a_digit)[1] == [last]
    # Below the line (not in a line with the digits beside it), it is refused too.
    below = part(0, 0.99, (60, 52, 90, 62))
    assert _in_a_number([two, nine, four, below], is_a_digit)[1] == [below]


def test_a_narrow_0_inside_a_photographed_number_is_read():
    from digits.handwriting.image_files import load_grayscale
    from digits.modeling.saved_models import load_model, model_path

    photo = load_grayscale(config.OURDATA_DIR / "numbers" / "2904_phone_3.jpg")  # the 0 refused at 0.99
    (reading,) = read_images([photo], load_model(model_path("best_cnn")), load_model(model_path("digit_or_not")))
    assert reading.digits == "2904"
