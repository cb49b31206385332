"""Published networks whose results the project quotes but does not train (hours to days each on
two cores), rebuilt layer for layer in Keras only to count their operations (digits.modeling.compute).

Each builder follows the published code, read on 2026-11-27; `QUOTED_RESULTS` gives, per result,
the network, how much it trained (networks x epochs x images) and the accuracy its authors report on
MNIST's own 10,000 test images: quoted, never measured here, and on other test images than ours.
"""

from dataclasses import dataclass

import keras
from keras import layers

from digits import config
from digits.modeling.networks import INPUT_SHAPE, build_deotte_cnn


def build_doucet_resnet(name="doucet_resnet"):
    """T. Doucet's residual network (github.com/ttdoucet/mnist, mnist.py, `mnist_model`): a 5x5
    convolution to 128 channels, residual blocks (batch normalisation, then the input plus a ReLU'd
    3x3 convolution) at 128, 128, 256 and 512 channels between max-poolings and widening 3x3
    convolutions, average pooling, one dense layer: about 22 times best_cnn's operations per image."""
    inputs = keras.Input(shape=INPUT_SHAPE, name="image")

    def residual(features, channels, block):
        features = layers.BatchNormalization(name=f"{block}_bn")(features)
        branch = layers.Conv2D(channels, 3, padding="same", activation="relu", name=f"{block}_conv")(features)
        return layers.Add(name=f"{block}_add")([features, branch])

    features = layers.Conv2D(128, 5, padding="same", activation="relu", name="stem_conv")(inputs)
    features = residual(features, 128, "res1")
    features = layers.MaxPooling2D(2, name="pool1")(features)
    features = residual(features, 128, "res2")
    for stage, channels in ((2, 256), (3, 512)):
        features = layers.BatchNormalization(name=f"widen{stage}_bn")(features)
        features = layers.Conv2D(channels, 3, padding="same", activation="relu", name=f"widen{stage}_conv")(features)
        features = layers.MaxPooling2D(2, padding="same", name=f"pool{stage}")(features)
        features = residual(features, channels, f"res{stage + 1}")
    features = layers.BatchNormalization(name="head_bn")(features)
    features = layers.GlobalAveragePooling2D(name="average")(features)
    outputs = layers.Dense(config.NUM_CLASSES, activation="softmax", name="probabilities")(features)
    return keras.Model(inputs, outputs, name=name)


def build_matuzas_se_net(name="matuzas_se_net"):
    """Matuzas77's network (github.com/Matuzas77/MNIST-0.17, mnist_classifier.py): three blocks of
    three 3x3 "same" convolutions of 128 channels, each block followed by batch normalisation and a
    squeeze-and-excitation gate (channel ratio 32), average pooling after the second and third blocks,
    global max and average pooling concatenated, one dense layer without bias."""
    inputs = keras.Input(shape=INPUT_SHAPE, name="image")
    features = inputs
    for block in (1, 2, 3):
        for position in (1, 2, 3):
            features = layers.Conv2D(128, 3, padding="same", activation="relu", name=f"block{block}_conv{position}")(features)
        features = layers.BatchNormalization(name=f"block{block}_bn")(features)
        gate = layers.GlobalAveragePooling2D(keepdims=True, name=f"block{block}_squeeze")(features)
        gate = layers.Dense(128 // 32, activation="relu", name=f"block{block}_reduce")(gate)
        gate = layers.Dense(128, activation="sigmoid", name=f"block{block}_excite")(gate)
        features = layers.Multiply(name=f"block{block}_gate")([features, gate])
        if block > 1:
            features = layers.AveragePooling2D(2, name=f"block{block}_pool")(features)
    pooled = layers.Concatenate(name="pools")([layers.GlobalMaxPooling2D(name="max")(features),
                                                layers.GlobalAveragePooling2D(name="mean")(features)])
    outputs = layers.Dense(config.NUM_CLASSES, activation="softmax", use_bias=False, name="probabilities")(pooled)
    return keras.Model(inputs, outputs, name=name)


@dataclass(frozen=True)
class QuotedResult:
    """A published accuracy, with the compute that bought it."""

    label: str
    build_network: object
    networks: int  # trained independently and averaged (1: a single network)
    epochs: int
    images_per_epoch: int
    accuracy: float  # as reported, on MNIST's 10,000 test images
    reported: str  # what the number is and where it is written

    @property
    def image_passes(self):
        return self.networks * self.epochs * self.images_per_epoch


QUOTED_RESULTS = (
    QuotedResult("Deotte, 15 networks", build_deotte_cnn, 15, 35, 937 * 64, 0.99745,
                 "mean of 100 ensembles (github.com/cdeotte/MNIST-CNN-99.75, README; its code: 35 epochs of "
                 "937 batches of 64)"),
    QuotedResult("Doucet, one network", build_doucet_resnet, 1, 10, 60_000, 0.9975,
                 "single networks 'usually in the mid 99.7 to 99.8 range' (read here as 99.75%), ten epochs of MNIST's 60,000 "
                 "(github.com/ttdoucet/mnist, mnist.ipynb)"),
    QuotedResult("Doucet, 35 networks", build_doucet_resnet, 35, 10, 60_000, 0.9982,
                 "a committee of 35 networks (github.com/ttdoucet/mnist, mnist.ipynb and README)"),
    QuotedResult("Matuzas, one network", build_matuzas_se_net, 1, 20, 60_000, 0.99748,
                 "the mean of the 20 single networks' accuracies printed in github.com/Matuzas77/MNIST-0.17, "
                 "MNIST_final_solution.ipynb (99.69-99.81%); 13 + 3 + 3 + 1 epochs of MNIST's 60,000"),
    QuotedResult("Matuzas, 20 networks", build_matuzas_se_net, 20, 20, 60_000, 0.9983,
                 "the mean of 15 runs of the 20-network average ('average 0.17% error', README; errors of "
                 "0.16-0.18% listed in MNIST_final_solution.ipynb)"),
)
