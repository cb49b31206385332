"""How wide MNIST's strokes are, in pixels at 28x28: the figures behind digits.handwriting's
MNIST_THINNEST_STROKE and MNIST_TYPICAL_STROKE (strokes thinner than the first, once a digit is
scaled, are widened to the second).

Measured as `digits.handwriting.masks.stroke_width` measures a digit's mask (twice the distance from a
stroke's middle line to its edge, at the 75th percentile along the middle lines), on the ink above
half of the first 3,000 images of data/train.csv, and on what the preprocessing makes of the
synthetic images in ourdata/ for comparison.
"""

import numpy as np

import digits  # noqa: F401  (before keras: digits chooses TensorFlow's kernels)
from digits import config
from digits.data.kaggle_csv import load_train_csv
from digits.data.labelled_images import labelled_image_files
from digits.handwriting.masks import stroke_width
from digits.handwriting.to_mnist import image_file_to_mnist

PERCENTILES = (5, 25, 50, 75, 95)


def widths(images):
    return np.array([stroke_width(image > 0.5) for image in images])


def main():
    images, _ = load_train_csv()
    mnist = images[:3000].reshape(-1, config.IMAGE_SIDE, config.IMAGE_SIDE).astype(np.float32) / 255
    rows = {"MNIST (first 3,000 of train.csv)": widths(mnist)}
    for folder in ("", "hard", "phone"):
        files = labelled_image_files(config.OURDATA_DIR / folder)
        rows[f"ourdata/{folder + '/' if folder else ''} after preprocessing"] = widths(
            [image_file_to_mnist(path) for path in files])
    print("| images | " + " | ".join(f"{p}th percentile" for p in PERCENTILES) + " |")
    print("|---|" + "---:|" * len(PERCENTILES))
    for name, values in rows.items():
        print(f"| {name} | " + " | ".join(f"{value:.2f}" for value in np.percentile(values, PERCENTILES)) + " |")


if __name__ == "__main__":
    main()
