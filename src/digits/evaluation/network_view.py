"""What a trained network computes inside: its first convolution's filters, an image's feature maps
after each block, the gradient of its answer with respect to the pixels (saliency), and its
penultimate features laid out in two dimensions (t-SNE, scikit-learn)."""

import numpy as np

from digits import config


def first_convolution_filters(model):
    """The first convolution's kernels as (filters, height, width) for a one-channel input."""
    import keras

    convolution = next(layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D))
    kernels = np.asarray(convolution.get_weights()[0], dtype=np.float32)  # (height, width, 1, filters)
    return np.moveaxis(kernels[:, :, 0, :], -1, 0)


def block_outputs(model):
    """The layers whose outputs are a block's result: every activation but the last (the probabilities)."""
    import keras

    activations = [layer for layer in model.layers if isinstance(layer, (keras.layers.Activation, keras.layers.ReLU))]
    return activations[:-1]


def feature_maps(model, images):
    """{block layer name: its output (N, height, width, channels)} for `images` (N, 28, 28, 1)."""
    import keras

    layers = block_outputs(model)
    probe = keras.Model(model.inputs, [layer.output for layer in layers])
    # Called directly, not through predict(): each new probe would trace a new predict function.
    outputs = probe([np.asarray(images, dtype=np.float32)], training=False)
    return {layer.name: np.asarray(output) for layer, output in zip(layers, outputs)}


def penultimate_features(model, images, batch_size=1024):
    """The input of the last dense layer, (N, features): what the classifier separates linearly."""
    import keras

    last_dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)][-1]
    probe = keras.Model(model.inputs, last_dense.input)
    images = np.asarray(images, dtype=np.float32)
    batches = [probe([images[start:start + batch_size]], training=False) for start in range(0, len(images), batch_size)]
    return np.concatenate([np.asarray(batch, dtype=np.float32) for batch in batches])


def saliency(model, images, classes, copies=32, noise=0.15, seed=None):
    """|d probability of `classes` / d pixel| for each image (N, 28, 28), averaged over `copies` noisy
    copies of it (SmoothGrad: Smilkov et al., 2017; the plain gradient of Simonyan, Vedaldi and
    Zisserman, 2014, is too speckled to read): where a little more or less ink would move the
    network's answer most. `noise` is the noise's standard deviation on the 0-1 pixel scale;
    copies=1, noise=0 gives the plain gradient. TensorFlow backend."""
    import tensorflow as tf

    seed = config.SEED if seed is None else seed
    images = np.asarray(images, dtype=np.float32)
    rng = np.random.default_rng(seed)
    total = np.zeros(images.shape[:3], dtype=np.float32)
    for _ in range(copies):
        inputs = tf.convert_to_tensor(images + rng.normal(0, noise, images.shape).astype(np.float32))
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            chosen = tf.gather(model(inputs, training=False), np.asarray(classes), axis=1, batch_dims=1)
        total += np.abs(tape.gradient(chosen, inputs).numpy())[..., 0]
    return total / copies


def two_dimensional_map(features, seed=None):
    """`features` (N, d) placed in two dimensions by t-SNE (scikit-learn, PCA start), for a figure."""
    from sklearn.manifold import TSNE

    seed = config.SEED if seed is None else seed
    return TSNE(n_components=2, init="pca", perplexity=30, random_state=seed).fit_transform(features)
