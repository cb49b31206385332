"""Network builders. Layers carry fixed names, so summaries read the same in every run."""

import keras
from keras import layers

from digits import config

INPUT_SHAPE = (config.IMAGE_SIDE, config.IMAGE_SIDE, 1)


def build_baseline_cnn(name="baseline_cnn", augmentation=None):
    """The original notebook's network: 2 convolutions, max-pooling, dropout, 2 dense layers.

    1,199,882 parameters. With `augmentation` (a layer or model) the same network sees augmented
    images during training; inference is unchanged.
    """
    inputs = keras.Input(shape=INPUT_SHAPE, name="image")
    features = augmentation(inputs) if augmentation is not None else inputs
    features = layers.Conv2D(32, 3, activation="relu", name="conv_32")(features)
    features = layers.Conv2D(64, 3, activation="relu", name="conv_64")(features)
    features = layers.MaxPooling2D(2, name="max_pool")(features)
    features = layers.Dropout(0.25, name="dropout_conv")(features)
    features = layers.Flatten(name="flatten")(features)
    features = layers.Dense(128, activation="relu", name="dense_128")(features)
    features = layers.Dropout(0.5, name="dropout_dense")(features)
    outputs = layers.Dense(config.NUM_CLASSES, activation="softmax", name="probabilities")(features)
    return keras.Model(inputs, outputs, name=name)


def conv_block(features, filters, kernel, name, strides=1):
    """Convolution (no bias: batch normalisation supplies it), batch normalisation, ReLU."""
    padding = "same" if strides > 1 else "valid"
    features = layers.Conv2D(filters, kernel, strides=strides, padding=padding, use_bias=False, name=f"{name}_conv")(features)
    features = layers.BatchNormalization(name=f"{name}_bn")(features)
    return layers.Activation("relu", name=f"{name}_relu")(features)


def build_best_cnn(name="best_cnn", augmentation=None, width=32, dropout=0.4):
    """A batch-normalised 7-convolution network (about 0.33 M parameters at width 32).

    Two stages of two 3x3 convolutions and a stride-2 5x5 convolution that halves the image
    (a learned pooling), then a 4x4 convolution over what is left, dropout after each stage:
    the design of the strongest public Kaggle notebooks for this competition.
    """
    inputs = keras.Input(shape=INPUT_SHAPE, name="image")
    features = augmentation(inputs) if augmentation is not None else inputs
    for stage, filters in enumerate((width, 2 * width), start=1):
        features = conv_block(features, filters, 3, f"stage{stage}_a")
        features = conv_block(features, filters, 3, f"stage{stage}_b")
        features = conv_block(features, filters, 5, f"stage{stage}_down", strides=2)
        features = layers.Dropout(dropout, name=f"stage{stage}_dropout")(features)
    features = conv_block(features, 4 * width, 4, "head")
    features = layers.Flatten(name="flatten")(features)
    features = layers.Dropout(dropout, name="head_dropout")(features)
    outputs = layers.Dense(config.NUM_CLASSES, name="logits")(features)
    outputs = layers.Activation("softmax", dtype="float32", name="probabilities")(outputs)
    return keras.Model(inputs, outputs, name=name)


def build_ghouzam_cnn(name="ghouzam_cnn", augmentation=None):
    """Yassine Ghouzam's "Introduction to CNN Keras" network (Kaggle, 2017), layer for layer.

    Two 5x5 and two 3x3 "same" convolutions with ReLU, max-pooling and dropout 0.25 after each
    pair, a 256-unit dense layer with dropout 0.5: 887,530 parameters, most of them in the dense layer.
    """
    inputs = keras.Input(shape=INPUT_SHAPE, name="image")
    features = augmentation(inputs) if augmentation is not None else inputs
    for stage, (filters, kernel) in enumerate(((32, 5), (64, 3)), start=1):
        for position in ("a", "b"):
            features = layers.Conv2D(filters, kernel, padding="same", activation="relu",
                                     name=f"stage{stage}_{position}_conv")(features)
        features = layers.MaxPooling2D(2, name=f"stage{stage}_pool")(features)
        features = layers.Dropout(0.25, name=f"stage{stage}_dropout")(features)
    features = layers.Flatten(name="flatten")(features)
    features = layers.Dense(256, activation="relu", name="dense_256")(features)
    features = layers.Dropout(0.5, name="dense_dropout")(features)
    outputs = layers.Dense(config.NUM_CLASSES, name="logits")(features)
    outputs = layers.Activation("softmax", dtype="float32", name="probabilities")(outputs)
    return keras.Model(inputs, outputs, name=name)


def build_deotte_cnn(name="deotte_cnn", augmentation=None):
    """One network of Chris Deotte's "25 Million Images" ensemble (Kaggle, 2018), layer for layer.

    The same seven convolutions, strides and dropout as build_best_cnn; his order is convolution
    (with bias), ReLU, then batch normalisation, where best_cnn normalises before the ReLU and
    drops the convolution's bias.
    """
    inputs = keras.Input(shape=INPUT_SHAPE, name="image")
    features = augmentation(inputs) if augmentation is not None else inputs

    def conv(features, filters, kernel, block, strides=1):
        padding = "same" if strides > 1 else "valid"
        features = layers.Conv2D(filters, kernel, strides=strides, padding=padding, activation="relu",
                                 name=f"{block}_conv")(features)
        return layers.BatchNormalization(name=f"{block}_bn")(features)

    for stage, filters in enumerate((32, 64), start=1):
        features = conv(features, filters, 3, f"stage{stage}_a")
        features = conv(features, filters, 3, f"stage{stage}_b")
        features = conv(features, filters, 5, f"stage{stage}_down", strides=2)
        features = layers.Dropout(0.4, name=f"stage{stage}_dropout")(features)
    features = conv(features, 128, 4, "head")
    features = layers.Flatten(name="flatten")(features)
    features = layers.Dropout(0.4, name="head_dropout")(features)
    outputs = layers.Dense(config.NUM_CLASSES, name="logits")(features)
    outputs = layers.Activation("softmax", dtype="float32", name="probabilities")(outputs)
    return keras.Model(inputs, outputs, name=name)


def block_table(model):
    """One row per block of `model`: layers whose names share a prefix (stage1_a_conv, stage1_a_bn and
    stage1_a_relu form block stage1_a), with the block's layer types, output shape and parameters.

    A compact view of a deep network, where model.summary() lists every layer."""
    import pandas as pd

    rows = {}
    for layer in model.layers:
        stem, _, part = layer.name.rpartition("_")
        block = stem if part in ("conv", "bn", "relu") else layer.name
        row = rows.setdefault(block, {"block": block, "layers": [], "output shape": None, "parameters": 0})
        row["layers"].append(type(layer).__name__)
        row["output shape"] = tuple(layer.output.shape[1:])
        row["parameters"] += layer.count_params()
    table = pd.DataFrame(list(rows.values()))
    table["layers"] = table["layers"].map(" + ".join)
    table["output shape"] = table["output shape"].map(lambda shape: " x ".join(map(str, shape)))
    return table.set_index("block")
