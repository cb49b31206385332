"""Saved models, loaded for evaluation with the same numerics on every CPU.

Every figure the project reports from a model (notebooks, `submit`, `score`, `predict`, the results
table) is computed in float32, whatever precision the model was trained in. bfloat16 rounds
differently where a CPU computes it natively (AVX512_BF16, AMX) and where TensorFlow emulates it
(AVX2), which changed test predictions between machines; in float32 TensorFlow's two kernel
libraries (oneDNN and Eigen) and oneDNN's instruction sets agree to about 1e-6 in a probability,
far below what any output prints (tests/test_portability.py checks this on the committed models).
The kernel library itself is left to TensorFlow: forcing one would make bfloat16 training slow.
"""

import zipfile
from pathlib import Path

import keras


class UnreadableModelError(ValueError):
    """A file that is not a Keras model this version of Keras can read."""


def _float32_policies(config):
    """A copy of a model config in which every layer's dtype policy computes in float32."""
    if isinstance(config, dict):
        if config.get("class_name") == "DTypePolicy":
            return {**config, "config": {**config["config"], "name": "float32"}}
        return {key: _float32_policies(value) for key, value in config.items()}
    if isinstance(config, list):
        return [_float32_policies(value) for value in config]
    return config


def _all_layers(layer):
    yield layer
    for inner in getattr(layer, "layers", ()):
        yield from _all_layers(inner)


def computes_in_float32(model):
    """Whether every layer of `model` (nested ones included) computes in float32."""
    return all(layer.dtype_policy.compute_dtype == "float32" for layer in _all_layers(model))


def float32_model(model):
    """`model` itself if it computes in float32, else a float32 copy with the same weights.

    Mixed-precision models keep their weights in float32, so the copy loses nothing.
    """
    if computes_in_float32(model):
        return model
    copy = type(model).from_config(_float32_policies(model.get_config()))
    copy.set_weights(model.get_weights())
    return copy


def load_model(path):
    """Load the .keras model at `path` for evaluation (float32, not compiled).

    Raises FileNotFoundError if there is no file, UnreadableModelError if it is not a Keras model.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such model file")
    if path.suffix != ".keras" or not zipfile.is_zipfile(path):
        raise UnreadableModelError(f"{path} is not a readable Keras model (expected a .keras archive)")
    try:
        model = keras.models.load_model(path, compile=False)
    except Exception as error:  # Keras reports damaged archives with many exception types
        raise UnreadableModelError(f"{path} is not a readable Keras model: {error}") from error
    return float32_model(model)
