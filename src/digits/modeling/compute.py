"""Training compute counted in operations: floating-point operations per image, from layer shapes.

Image passes (epochs x images) flatter big networks: one pass through ttdoucet's residual network
costs about twenty passes through best_cnn. So each network's work is counted from its layers:
a convolution costs 2 x (output height x width) x (kernel height x width) x input channels x output
channels (a multiply and an add per weight per output position), a dense layer 2 x inputs x outputs.
Batch normalisation, activations, pooling and the augmentation layers are left out (a few percent
of best_cnn's convolutions). Training costs about three forward passes per image: the forward pass,
and a backward pass of about twice its work (the gradients with respect to activations and weights).
"""

import keras

# Forward plus backward, in forward passes.
TRAINING_PASSES_PER_IMAGE = 3


def _all_layers(layer):
    for inner in getattr(layer, "layers", ()):
        yield inner
        yield from _all_layers(inner)


def forward_flops(model):
    """Floating-point operations of one forward pass of one image through `model`'s convolutions and
    dense layers (see the module's docstring); augmentation layers are not counted."""
    total = 0
    for layer in _all_layers(model):
        if isinstance(layer, keras.layers.Conv2D):
            _, height, width, channels_out = layer.output.shape
            kernel_height, kernel_width, channels_in, _ = layer.kernel.shape
            total += 2 * height * width * kernel_height * kernel_width * channels_in * channels_out
        elif isinstance(layer, keras.layers.Dense):
            inputs, outputs = layer.kernel.shape
            positions = 1
            for size in layer.output.shape[1:-1]:  # a dense layer applied at every position
                positions *= size
            total += 2 * inputs * outputs * positions
    return int(total)


def training_flops_per_image(model):
    """Floating-point operations to train `model` on one image once (a forward and a backward pass)."""
    return TRAINING_PASSES_PER_IMAGE * forward_flops(model)
