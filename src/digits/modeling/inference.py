"""A trained network rebuilt for prediction alone: the same answers, less work per image.

At prediction time a network's augmentation and dropout pass images through unchanged, and a batch
normalisation after a convolution is a fixed scale and shift per channel, which folds into that
convolution's kernel and bias: w' = w * s and b' = (b - mean) * s + beta, with s = gamma / sqrt(var + eps).
The rebuilt network skips the identities and does the convolution and the normalisation in one pass over
the activations instead of two. It answers as the original does up to float32 rounding (a probability
moves by about 1e-6), in float32 on every CPU. Only networks that are one chain of layers (every network
here) are rebuilt; any other shape is returned as it is.
"""

import keras
import numpy as np
from keras import layers

from digits.modeling.elastic import RandomElasticDistortion

# Layers that return their input unchanged when not training. Named one by one: not every random
# layer is one (RandomCrop crops at prediction too).
PASS_THROUGH_AT_PREDICTION = (layers.Dropout, layers.SpatialDropout2D, layers.GaussianNoise, layers.RandomRotation,
                              layers.RandomZoom, layers.RandomTranslation, layers.RandomFlip, layers.RandomContrast,
                              layers.RandomBrightness, RandomElasticDistortion)


def _is_pass_through(layer):
    """Whether `layer` leaves images unchanged at prediction: dropout, or augmentation (random
    distortions, alone or as a nested model made only of them)."""
    if isinstance(layer, PASS_THROUGH_AT_PREDICTION):
        return True
    inner = getattr(layer, "layers", None)
    return bool(inner) and all(_is_pass_through(each) for each in inner)


def _chain(model):
    """The layers of `model` after its input, in order, if each takes the previous one's output
    alone; else None."""
    if not isinstance(model, keras.Model) or len(model.inputs) != 1 or len(model.outputs) != 1:
        return None
    if isinstance(model, keras.Sequential):
        return list(model.layers)
    configs = model.get_config().get("layers")
    if not configs or configs[0]["class_name"] != "InputLayer":
        return None
    previous = configs[0]["config"]["name"]
    for config in configs[1:]:
        nodes = config.get("inbound_nodes", [])
        arguments = nodes[0]["args"] if len(nodes) == 1 else []
        if len(arguments) != 1 or arguments[0].get("config", {}).get("keras_history", [None])[0] != previous:
            return None
        previous = config["config"]["name"]
    return [model.get_layer(config["config"]["name"]) for config in configs[1:]]


def _folds(convolution, normalisation):
    """Whether `normalisation` follows `convolution` directly: not after an activation inside it."""
    return (isinstance(convolution, layers.Conv2D) and isinstance(normalisation, layers.BatchNormalization)
            and convolution.get_config()["activation"] == "linear" and convolution.data_format == "channels_last"
            and normalisation.axis in (-1, [-1], 3, [3]))


def folded_convolution(convolution, normalisation):
    """A float32 Conv2D that computes `normalisation(convolution(x))` at prediction time."""
    channels = convolution.filters
    gamma = normalisation.gamma.numpy() if normalisation.scale else np.ones(channels)
    beta = normalisation.beta.numpy() if normalisation.center else np.zeros(channels)
    mean, variance = normalisation.moving_mean.numpy(), normalisation.moving_variance.numpy()
    scale = gamma.astype(np.float64) / np.sqrt(variance.astype(np.float64) + normalisation.epsilon)
    bias = convolution.bias.numpy().astype(np.float64) if convolution.use_bias else np.zeros(channels)
    config = {**convolution.get_config(), "use_bias": True, "dtype": "float32", "name": f"{convolution.name}_folded"}
    folded = layers.Conv2D.from_config(config)
    folded.build(convolution.input.shape)
    folded.set_weights([(convolution.kernel.numpy().astype(np.float64) * scale).astype(np.float32),
                        ((bias - mean) * scale + beta).astype(np.float32)])
    return folded


def inference_model(model):
    """`model` rebuilt for prediction (see the module's docstring), or `model` itself if it is not one
    chain of layers. The original is unchanged; the rebuilt one shares its other layers."""
    chain = _chain(model)
    if chain is None:
        return model
    inputs = keras.Input(shape=model.inputs[0].shape[1:], dtype="float32", name=model.inputs[0].name)
    features, position = inputs, 0
    while position < len(chain):
        layer = chain[position]
        following = chain[position + 1] if position + 1 < len(chain) else None
        if _is_pass_through(layer):
            position += 1
        elif following is not None and _folds(layer, following):
            features = folded_convolution(layer, following)(features)
            position += 2
        else:
            features = layer(features)
            position += 1
    return keras.Model(inputs, features, name=f"{model.name}_for_prediction")
