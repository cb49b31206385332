"""Memory and time to read large photos of one digit (digits.handwriting), each in a fresh process.

A 12-megapixel phone photo (4032x3024 JPEG at quality 85, stored sideways with an EXIF tag, a small
pen digit in a shadow, drawn by ourdata/make_phone_photos.py) must go through the whole
preprocessing in at most 0.5 s and 300 MB. A 100-megapixel photo: a JPEG is decoded at reduced scale
(draft mode); other formats are decoded once, then reduced; the target is well under 1 GB of peak
memory. Also checks that a 400-megapixel PNG (a decompression bomb) is refused by name without being
decoded.

Then `digits predict`'s reader (digits.handwriting.read_number.read_files: every digit, the
verifier refusing) on the same 12-megapixel photo, and on a folder of 100 such photos (ten distinct
ones, digits 0-9, each copied ten times) in one call: the networks' loading timed apart from the reading. Target: one
photo in at most 1 s and 300 MB on 2 cores.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

MEASURE = """
import resource, sys, time
from digits.handwriting.image_files import HandwritingError
from digits.handwriting.to_mnist import image_file_to_mnist
start = time.perf_counter()
try:
    digit, steps = image_file_to_mnist(sys.argv[1], return_steps=True)
    outcome = "read" + (" (the pen digit found and cut out)" if "around the digit" in steps else "")
except HandwritingError as error:
    outcome = "refused: " + str(error)[:90]
print(f"{time.perf_counter() - start:.2f}\\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}\\t{outcome}")
"""
MEASURE_READER = """
import resource, sys, time
from pathlib import Path
start = time.perf_counter()
from digits.handwriting.digit_or_not import load_verifier
from digits.handwriting.predict import default_model_path
from digits.handwriting.read_number import read_files
from digits.modeling.saved_models import network_for_reading
model, verifier = network_for_reading(default_model_path()), load_verifier()
loaded = time.perf_counter()
loaded_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
paths = sorted(Path(sys.argv[1]).glob("*.jpg")) if Path(sys.argv[1]).is_dir() else [Path(sys.argv[1])]
readings = read_files(paths, model, verifier)
done = time.perf_counter()
right = sum(reading.digits == path.name[0] for reading, path in zip(readings, paths))
runtime = "Keras" if "tensorflow" in sys.modules else "LiteRT"
print(f"{runtime}\t{loaded - start:.2f}\t{loaded_peak:.0f}\t{done - loaded:.2f}\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}\t{len(paths)}\t{right}")
"""
BASELINE = "import resource, digits.handwriting; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"


def write_phone_photo(path):
    """A 12-megapixel synthetic phone photo of a pen 7 with a hard-edged shadow, stored with EXIF tag 6."""
    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ourdata"))
    import make_phone_photos

    make_phone_photos.PHOTO_SIZE = (4032, 3024)
    rng = np.random.default_rng(make_phone_photos.SEED)
    image = make_phone_photos.photo(7, 0, rng, soft_shadow=False, with_table=False)
    make_phone_photos.save(image, path, jpeg=True, orientation=6)


def write_phone_folder(folder, count=100):
    """`count` 12-megapixel phone photos, named by their digit: ten distinct ones (digits 0-9, each in
    its own shadow), copied to make up the count (drawing one takes seconds; reading it does not)."""
    import shutil

    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ourdata"))
    import make_phone_photos

    make_phone_photos.PHOTO_SIZE = (4032, 3024)
    rng = np.random.default_rng(make_phone_photos.SEED)
    folder.mkdir()
    for digit in range(10):
        image = make_phone_photos.photo(digit, 1, rng, soft_shadow=digit % 2 == 0, with_table=False)
        make_phone_photos.save(image, folder / f"{digit}_photo_000.jpg", jpeg=True, orientation=6)
    for index in range(10, count):
        shutil.copyfile(folder / f"{index % 10}_photo_000.jpg", folder / f"{index % 10}_photo_{index:03d}.jpg")


def write_photos(folder):
    from PIL import Image, ImageDraw

    write_phone_photo(folder / "7_phone_12mp.jpg")
    write_phone_folder(folder / "phone_folder")

    photo = Image.new("L", (12_000, 8_400), 235)  # 100.8 megapixels
    ImageDraw.Draw(photo).line([(4_000, 2_000), (8_000, 2_000), (5_500, 7_000)], fill=20, width=500)
    photo.save(folder / "photo_100mp.jpg", quality=85)
    photo.save(folder / "photo_100mp.png")
    photo.convert("RGB").save(folder / "photo_100mp_rgb.png")
    from digits.handwriting.image_files import png_declaring_size

    return [folder / "7_phone_12mp.jpg", folder / "photo_100mp.jpg", folder / "photo_100mp.png", folder / "photo_100mp_rgb.png",
            png_declaring_size(folder / "bomb_400mp.png", 20_000, 20_000)]


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        write_photos(Path(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory() as folder:
        # Written by a child process: Linux carries a parent's peak memory into the children it starts.
        subprocess.run([sys.executable, __file__, "--write", folder], check=True)
        paths = [Path(folder) / name for name in ("7_phone_12mp.jpg", "photo_100mp.jpg", "photo_100mp.png", "photo_100mp_rgb.png",
                                                  "bomb_400mp.png")]
        base = float(subprocess.run([sys.executable, "-c", BASELINE], capture_output=True, text=True, check=True).stdout)
        print(f"peak memory of a process that only imports digits.handwriting: {base:.0f} MB")
        print("| file | size on disk | seconds | peak memory (MB) | outcome |")
        print("|---|---:|---:|---:|---|")
        for path in paths:
            result = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True)
            seconds, peak, outcome = result.stdout.strip().split("\t")
            print(f"| {path.name} | {path.stat().st_size / 1e6:.1f} MB | {seconds} | {peak} | {outcome.replace(folder, '')} |")
        print("\ndigits predict's reader (every digit, the verifier refusing), networks loaded first:")
        print("| photos | networks run by | loading the networks (s) | peak memory then (MB) | reading (s) | per photo (s) | peak memory at the end (MB) | read right |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for target in (paths[0], Path(folder) / "phone_folder"):
            result = subprocess.run([sys.executable, "-c", MEASURE_READER, str(target)], capture_output=True, text=True, check=True)
            runtime, loading, loaded_peak, reading, peak, count, right = result.stdout.strip().split("\t")
            print(f"| {count} | {runtime} | {loading} | {loaded_peak} | {reading} | {float(reading) / int(count):.2f} | {peak} | {right} of {count} |")


if __name__ == "__main__":
    main()
