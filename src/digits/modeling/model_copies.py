"""Copies of networks: the same design holding given weights, and float32 copies, so every figure
reported from a model has the same numerics on every CPU, whatever precision it was trained in."""

def copy_with_weights(model, weights=None, model_config=None):
    """A new, uncompiled network built from `model_config` (by default `model`'s own) holding
    `weights` (by default `model`'s). clone_model would compile its clone, with optimizer slots."""
    copy = type(model).from_config(model.get_config() if model_config is None else model_config)
    copy.set_weights(model.get_weights() if weights is None else weights)
    return copy


LOW_PRECISIONS = ("bfloat16", "float16")


def _float32_policies(model_config):
    """A copy of a model config in which every layer's dtype policy computes in float32, and every
    input layer takes float32: a nested model (the augmentation) built under a mixed policy records
    its input as bfloat16, which would round every pixel to 8 significant bits."""
    if isinstance(model_config, dict):
        if model_config.get("class_name") == "DTypePolicy":
            return {**model_config, "config": {**model_config["config"], "name": "float32"}}
        copy = {key: _float32_policies(value) for key, value in model_config.items()}
        if model_config.get("class_name") == "InputLayer" and copy["config"].get("dtype") in LOW_PRECISIONS:
            copy["config"] = {**copy["config"], "dtype": "float32"}
        return copy
    if isinstance(model_config, list):
        return [_float32_policies(value) for value in model_config]
    return model_config


def _all_layers(layer):
    yield layer
    for inner in getattr(layer, "layers", ()):
        yield from _all_layers(inner)


def computes_in_float32(model):
    """Whether every layer of `model` (nested ones included) computes in float32 and every nested
    model takes its input in float32."""
    return all(layer.dtype_policy.compute_dtype == "float32"
               and all(tensor.dtype == "float32" for tensor in getattr(layer, "inputs", None) or ())
               for layer in _all_layers(model))


def float32_model(model):
    """`model` itself if it computes in float32, else a float32 copy with the same weights.

    Mixed-precision models keep their weights in float32, so the copy loses nothing.
    """
    if computes_in_float32(model):
        return model
    return copy_with_weights(model, model_config=_float32_policies(model.get_config()))
