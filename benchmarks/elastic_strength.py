"""How hard does elastic distortion make the training digits? best_cnn's accuracy on distorted copies.

The committed best_cnn (99.58% on the test set, 119 errors) reads the first 3,000 training images, clean, with
notebook 04's rotation, zoom and shift, and bent by digits.modeling.elastic at several strengths (alpha, sigma),
alone and before that augmentation. Where a well-trained network no longer recognises a bent digit,
the bending has likely made it another digit or none: a training image whose label now misleads.
These are images best_cnn trained on (every labelled image did), so its clean accuracy is near 100%
and the drop is the distortion's. Fixed seeds: the same figures on every run of one machine.

    python benchmarks/elastic_strength.py [--images 3000]
"""

import argparse

import numpy as np

import digits  # noqa: F401  before keras: it chooses TensorFlow's kernels, which load with keras
from digits import config
from digits.data.kaggle_csv import load_train_csv
from digits.data.network_input import to_network_input
from digits.evaluation.predictions import predict_probabilities
from digits.modeling.augmentation import MILD_AUGMENTATION, build_augmentation
from digits.modeling.elastic import SIMARD_ALPHA, SIMARD_SIGMA, RandomElasticDistortion
from digits.modeling.saved_models import load_model

# (alpha, sigma): Simard's, then milder ones. The field's spread falls as sigma grows (alpha / sigma).
SETTINGS = ((SIMARD_ALPHA, SIMARD_SIGMA), (34.0, 5.0), (36.0, 6.0), (20.0, 4.0), (8.0, 3.0))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", type=int, default=3000)
    arguments = parser.parse_args()
    images, labels = load_train_csv()
    images, labels = to_network_input(images[:arguments.images]), np.asarray(labels[:arguments.images])
    model = load_model(config.MODELS_DIR / "best_cnn.keras")
    augmentation = build_augmentation(MILD_AUGMENTATION, seed=config.SEED)

    def accuracy(batch):
        return float((predict_probabilities(model, batch).argmax(axis=1) == labels).mean())

    print(f"best_cnn on the first {len(labels):,} training images:")
    print(f"  clean                                  {accuracy(images):.2%}")
    print(f"  rotation, zoom, shift (the plan)       {accuracy(np.asarray(augmentation(images, training=True))):.2%}")
    print("| alpha | sigma | displacement s.d. (px) | bent | bent, then the plan's augmentation |")
    print("|---:|---:|---:|---:|---:|")
    for alpha, sigma in SETTINGS:
        layer = RandomElasticDistortion(alpha, sigma, seed=config.SEED)
        spread = float(np.asarray(layer.displacements(256, 28, 28)).std())
        bent = np.asarray(layer(images, training=True))
        both = np.asarray(augmentation(bent, training=True))
        print(f"| {alpha:g} | {sigma:g} | {spread:.2f} | {accuracy(bent):.2%} | {accuracy(both):.2%} |")


if __name__ == "__main__":
    main()
