"""Draw the handwriting test images in ourdata/: digits drawn stroke by stroke, never MNIST.

Each digit has one or two hand-designed stroke skeletons (polylines and arcs in a unit box). Every
image perturbs them like a hand would (jittered points, slant, stroke width, size, position) and
puts them on a different paper (plain, ruled, squared, shaded, noisy, dark), in a different ink,
canvas size and file format; some imitate phone photos (perspective tilt, blur, uneven light, EXIF
orientation). Run once with `python ourdata/make_images.py`; the images are committed.
"""

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

OUT_DIR = Path(__file__).resolve().parent
SEED = 5292002


def arc(cx, cy, rx, ry, start, end, points=24):
    """Points on an elliptic arc, angles in degrees (0 = right, 90 = down, as on screen)."""
    angles = np.radians(np.linspace(start, end, points))
    return [(cx + rx * np.cos(a), cy + ry * np.sin(a)) for a in angles]


SKELETONS = {
    0: [[arc(0.5, 0.5, 0.3, 0.45, -90, 275)], [arc(0.5, 0.5, 0.26, 0.44, -100, 265)]],
    1: [[[(0.5, 0.05), (0.5, 0.95)]], [[(0.3, 0.25), (0.55, 0.05), (0.55, 0.95)]]],
    2: [[arc(0.5, 0.3, 0.28, 0.24, 200, 370) + [(0.2, 0.95), (0.85, 0.95)]],
        [arc(0.48, 0.28, 0.3, 0.22, 190, 380) + [(0.22, 0.92), (0.8, 0.9)]]],
    3: [[arc(0.47, 0.28, 0.28, 0.22, 210, 450) + arc(0.47, 0.72, 0.32, 0.24, -90, 150)]],
    4: [[[(0.62, 0.95), (0.62, 0.05), (0.15, 0.66), (0.85, 0.66)]],
        [[(0.22, 0.05), (0.18, 0.55), (0.82, 0.55)], [(0.66, 0.1), (0.66, 0.95)]]],
    5: [[[(0.8, 0.06), (0.28, 0.06), (0.24, 0.45)] + arc(0.48, 0.66, 0.3, 0.27, -130, 160)]],
    6: [[[(0.7, 0.05), (0.45, 0.3)] + arc(0.5, 0.7, 0.27, 0.25, 200, 560)]],
    7: [[[(0.15, 0.08), (0.85, 0.08), (0.4, 0.95)]], [[(0.15, 0.12), (0.85, 0.08), (0.5, 0.95)], [(0.35, 0.5), (0.75, 0.5)]]],
    8: [[arc(0.5, 0.27, 0.22, 0.22, 90, 450) + arc(0.5, 0.72, 0.28, 0.23, -90, 270)]],
    9: [[arc(0.5, 0.3, 0.26, 0.24, 0, 360) + [(0.75, 0.35), (0.62, 0.95)]]],
}


def draw_digit(digit, variant, rng, canvas, box, width, ink, slant):
    """Draw `digit` onto `canvas` (a PIL image) inside `box` (left, top, size) with a shaky hand."""
    skeleton = SKELETONS[digit][variant % len(SKELETONS[digit])]
    draw = ImageDraw.Draw(canvas)
    left, top, size = box
    for stroke in skeleton:
        points = np.array(stroke, dtype=float)
        points += rng.normal(0, 0.015, points.shape)  # a hand never repeats a stroke exactly
        points[:, 0] = 0.5 + (points[:, 0] - 0.5) * 0.75 + slant * (0.5 - points[:, 1])
        xy = [(left + x * size, top + y * size) for x, y in points]
        draw.line(xy, fill=ink, width=width, joint="curve")
        for x, y in (xy[0], xy[-1]):
            draw.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=ink)


def paper(kind, size, rng, dark=False):
    """A paper background as an RGB array: plain, lined, squared, shaded, noisy."""
    height, width = size[1], size[0]
    base = np.full((height, width, 3), (30, 32, 36) if dark else (245, 243, 236), dtype=float)
    if kind == "lined":
        spacing = max(8, height // 9)
        for y in range(spacing // 2, height, spacing):
            base[y:y + max(1, height // 300 + 1)] = (150, 180, 225)
    elif kind == "squared":
        spacing = max(8, min(height, width) // 8)
        for y in range(spacing // 3, height, spacing):
            base[y:y + max(1, height // 400 + 1)] = (170, 190, 210)
        for x in range(spacing // 3, width, spacing):
            base[:, x:x + max(1, width // 400 + 1)] = (170, 190, 210)
    elif kind == "shaded":
        ramp = np.linspace(1.0, 0.55, width)[None, :, None] * np.linspace(1.0, 0.8, height)[:, None, None]
        base = base * ramp
    elif kind == "noisy":
        base = base + rng.normal(0, 18, base.shape)
    return np.clip(base, 0, 255).astype(np.uint8)


def perspective(image, rng, strength=0.08):
    """Tilt the image as a photo taken at an angle would."""
    width, height = image.size
    shift = lambda: rng.uniform(0, strength)  # noqa: E731
    quad = [shift() * width, shift() * height, shift() * width, (1 - shift()) * height,
            (1 - shift()) * width, (1 - shift()) * height, (1 - shift()) * width, shift() * height]
    return image.transform(image.size, Image.Transform.QUAD, quad, resample=Image.Resampling.BICUBIC,
                           fillcolor=(235, 233, 226))


def uneven_light(image, rng):
    """Darken one corner, as a phone's shadow or a desk lamp does."""
    values = np.asarray(image, dtype=float)
    height, width = values.shape[:2]
    yy, xx = np.mgrid[0:height, 0:width]
    corner = rng.integers(0, 2, 2)
    distance = np.hypot((yy / height) - corner[0], (xx / width) - corner[1]) / np.sqrt(2)
    light = 0.45 + 0.55 * distance
    return Image.fromarray(np.clip(values * light[..., None], 0, 255).astype(np.uint8))


# (digit, name, variant, paper, canvas (w, h), ink, width fraction, slant, size fraction, offset, extras, format)
PLAN = [
    (0, "plain", 0, "plain", (280, 280), (20, 20, 20), 0.06, 0.0, 0.7, (0, 0), "", "png"),
    (0, "lined_blue_ink", 1, "lined", (400, 300), (20, 40, 150), 0.05, 0.1, 0.75, (0.1, 0), "", "jpg"),
    (0, "chalk_on_dark", 0, "plain-dark", (200, 200), (235, 235, 235), 0.08, -0.1, 0.6, (-0.1, 0.05), "", "png"),
    (0, "photo_tilted", 1, "plain", (900, 1200), (30, 30, 35), 0.04, 0.05, 0.5, (0.05, -0.1), "photo", "jpg"),
    (0, "small_canvas", 0, "plain", (36, 36), (0, 0, 0), 0.1, 0.0, 0.8, (0, 0), "", "bmp"),
    (1, "plain", 0, "plain", (300, 300), (10, 10, 10), 0.05, 0.0, 0.7, (0, 0), "", "png"),
    (1, "flag_squared", 1, "squared", (320, 320), (25, 25, 120), 0.05, 0.15, 0.7, (0.1, 0.05), "", "png"),
    (1, "slanted_red", 0, "plain", (250, 300), (180, 20, 20), 0.06, 0.35, 0.65, (0, 0), "", "webp"),
    (1, "photo_blurred", 1, "plain", (800, 800), (40, 40, 40), 0.04, 0.1, 0.45, (-0.15, 0.1), "photo", "jpg"),
    (1, "transparent", 0, "transparent", (256, 256), (0, 0, 0), 0.06, -0.05, 0.7, (0, 0), "", "png"),
    (2, "plain", 0, "plain", (280, 280), (15, 15, 15), 0.07, 0.0, 0.7, (0, 0), "", "png"),
    (2, "lined", 1, "lined", (500, 350), (10, 10, 80), 0.04, 0.1, 0.7, (-0.1, 0.05), "", "png"),
    (2, "noisy", 0, "noisy", (300, 300), (20, 20, 20), 0.07, -0.1, 0.6, (0.1, -0.1), "", "png"),
    (2, "off_centre_small", 1, "plain", (600, 600), (0, 0, 0), 0.02, 0.05, 0.25, (-0.3, -0.25), "", "tiff"),
    (2, "photo_shadow", 0, "plain", (1000, 750), (30, 30, 40), 0.03, 0.1, 0.55, (0.1, 0), "photo", "jpg"),
    (3, "plain", 0, "plain", (280, 280), (0, 0, 0), 0.06, 0.0, 0.7, (0, 0), "", "png"),
    (3, "thick_green", 0, "plain", (300, 300), (20, 110, 40), 0.12, 0.1, 0.65, (0, 0.05), "", "png"),
    (3, "shaded", 0, "shaded", (400, 400), (20, 20, 20), 0.05, -0.1, 0.6, (0.05, 0), "", "jpg"),
    (3, "white_on_black_paint", 0, "plain-dark", (280, 280), (255, 255, 255), 0.09, 0.0, 0.7, (0, 0), "", "gif"),
    (3, "exif_rotated_photo", 0, "plain", (640, 480), (35, 35, 35), 0.04, 0.05, 0.6, (0, 0), "photo exif", "jpg"),
    (4, "closed", 0, "plain", (280, 280), (10, 10, 10), 0.06, 0.0, 0.7, (0, 0), "", "png"),
    (4, "open_lined", 1, "lined", (420, 320), (15, 30, 120), 0.05, 0.1, 0.7, (0, 0), "", "png"),
    (4, "squared_thin", 0, "squared", (360, 360), (0, 0, 0), 0.025, -0.05, 0.6, (0.1, 0.1), "", "png"),
    (4, "palette", 1, "plain", (200, 240), (200, 30, 30), 0.07, 0.15, 0.7, (0, 0), "palette", "png"),
    (4, "photo", 1, "plain", (1200, 900), (30, 30, 30), 0.035, 0.05, 0.5, (-0.1, 0.05), "photo", "jpg"),
    (5, "plain", 0, "plain", (280, 280), (0, 0, 0), 0.06, 0.0, 0.7, (0, 0), "", "png"),
    (5, "slanted", 0, "plain", (300, 300), (30, 30, 30), 0.07, 0.35, 0.65, (0, 0), "", "png"),
    (5, "noisy_blue", 0, "noisy", (350, 300), (20, 30, 160), 0.06, 0.1, 0.65, (0.05, 0), "", "jpg"),
    (5, "sixteen_bit", 0, "plain", (256, 256), (0, 0, 0), 0.06, 0.0, 0.7, (0, 0), "16bit", "png"),
    (5, "photo_tilted", 0, "squared", (900, 900), (30, 30, 30), 0.035, 0.1, 0.5, (0.1, -0.05), "photo", "jpg"),
    (6, "plain", 0, "plain", (280, 280), (0, 0, 0), 0.06, 0.0, 0.7, (0, 0), "", "png"),
    (6, "lined_thick", 0, "lined", (400, 300), (10, 10, 10), 0.1, 0.1, 0.7, (0, 0), "", "png"),
    (6, "chalk", 0, "plain-dark", (300, 300), (220, 220, 200), 0.07, 0.2, 0.6, (-0.05, 0), "", "webp"),
    (6, "large_off_centre", 0, "plain", (1600, 1200), (20, 20, 20), 0.03, 0.05, 0.3, (0.25, 0.2), "", "png"),
    (6, "photo_blurred", 0, "plain", (800, 1000), (40, 40, 40), 0.04, 0.15, 0.5, (0, 0), "photo", "jpg"),
    (7, "plain", 0, "plain", (280, 280), (0, 0, 0), 0.06, 0.0, 0.7, (0, 0), "", "png"),
    (7, "crossed", 1, "plain", (300, 300), (20, 20, 120), 0.06, 0.1, 0.7, (0, 0), "", "png"),
    (7, "squared", 0, "squared", (350, 350), (10, 10, 10), 0.05, -0.1, 0.6, (0, 0.1), "", "bmp"),
    (7, "shaded_red", 1, "shaded", (400, 300), (170, 20, 20), 0.06, 0.1, 0.7, (0.05, 0), "", "png"),
    (7, "photo", 0, "lined", (1000, 800), (30, 30, 40), 0.035, 0.1, 0.55, (0, 0.05), "photo", "jpg"),
    (8, "plain", 0, "plain", (280, 280), (0, 0, 0), 0.06, 0.0, 0.7, (0, 0), "", "png"),
    (8, "thin_lined", 0, "lined", (400, 300), (20, 20, 90), 0.03, 0.1, 0.75, (0, 0), "", "png"),
    (8, "thick_slanted", 0, "plain", (300, 300), (0, 0, 0), 0.11, 0.25, 0.65, (0, 0), "", "jpg"),
    (8, "white_on_black", 0, "plain-dark", (120, 120), (255, 255, 255), 0.08, -0.1, 0.7, (0, 0), "", "png"),
    (8, "photo_shadow", 0, "squared", (900, 1200), (30, 30, 30), 0.035, 0.05, 0.45, (-0.05, 0.1), "photo", "jpg"),
    (9, "plain", 0, "plain", (280, 280), (0, 0, 0), 0.06, 0.0, 0.7, (0, 0), "", "png"),
    (9, "slanted_blue", 0, "plain", (300, 300), (20, 30, 150), 0.06, 0.3, 0.65, (0, 0), "", "png"),
    (9, "noisy", 0, "noisy", (280, 280), (10, 10, 10), 0.07, 0.1, 0.6, (0.1, 0.05), "", "png"),
    (9, "squared_small", 0, "squared", (64, 64), (0, 0, 0), 0.09, 0.0, 0.75, (0, 0), "", "png"),
    (9, "photo_tilted", 0, "plain", (1000, 1000), (35, 35, 35), 0.035, 0.1, 0.5, (0.05, 0.05), "photo", "jpg"),
]


def render(index, plan_row, rng):
    """Draw one planned image; return (PIL image, save options)."""
    digit, name, variant, kind, canvas_size, ink, width_fraction, slant, size_fraction, offset, extras, fmt = plan_row
    dark = kind.endswith("-dark")
    if kind == "transparent":
        canvas = Image.new("RGBA", canvas_size, (255, 255, 255, 0))
        ink = (*ink, 255)
    else:
        canvas = Image.fromarray(paper(kind.replace("-dark", ""), canvas_size, rng, dark))
    side = int(min(canvas_size) * size_fraction)
    left = int((canvas_size[0] - side) / 2 + offset[0] * canvas_size[0])
    top = int((canvas_size[1] - side) / 2 + offset[1] * canvas_size[1])
    draw_digit(digit, variant, rng, canvas, (left, top, side), max(1, round(width_fraction * side)), ink, slant)
    options = {}
    if "photo" in extras:
        canvas = perspective(canvas.convert("RGB"), rng)
        canvas = uneven_light(canvas, rng)
        canvas = canvas.filter(ImageFilter.GaussianBlur(radius=max(1.0, min(canvas_size) / 400)))
    if "exif" in extras:
        # Stored sideways with an EXIF tag saying "rotate 90° clockwise", as phones do.
        canvas = canvas.transpose(Image.Transpose.ROTATE_90)
        exif = Image.Exif()
        exif[0x0112] = 6
        options["exif"] = exif.tobytes()
    if "palette" in extras:
        canvas = canvas.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    if "16bit" in extras:
        values = np.asarray(canvas.convert("L"), dtype=np.uint16) * 257
        canvas = Image.fromarray(values)
    if fmt == "jpg":
        canvas = canvas.convert("RGB")
        options["quality"] = 85
    return canvas, options


def main():
    rng = np.random.default_rng(SEED)
    for old in OUT_DIR.glob("[0-9]_*.*"):
        old.unlink()
    for index, row in enumerate(PLAN):
        image, options = render(index, row, rng)
        path = OUT_DIR / f"{row[0]}_{row[1]}.{row[-1]}"
        buffer = io.BytesIO()
        image.save(buffer, format={"jpg": "JPEG", "tiff": "TIFF", "bmp": "BMP", "gif": "GIF", "webp": "WEBP",
                                   "png": "PNG"}[row[-1]], **options)
        path.write_bytes(buffer.getvalue())
    print(f"wrote {len(PLAN)} images to {OUT_DIR}")


if __name__ == "__main__":
    main()
