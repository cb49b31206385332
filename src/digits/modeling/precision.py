"""Training precision: float32, or mixed bfloat16 where the CPU computes bfloat16 natively."""

import contextlib
import os

import keras

from digits.modeling.cpu import cpu_flags, cpuinfo_text
from digits.modeling.kernels import native_bfloat16

PRECISIONS = ("float32", "mixed_bfloat16")


def training_precision(requested="auto", cpuinfo=None, environ=os.environ):
    """The Keras dtype policy to train in: `requested`, or for "auto" what is fastest on this CPU.

    mixed_bfloat16 only where bfloat16 is native: there it trained best_cnn 2.0x faster than
    float32, while emulated it ran 7x slower (benchmarks/README.md). The choice comes from the CPU's
    flags, never from a timing, so one machine always makes the same choice and the same weights.
    """
    if requested in PRECISIONS:
        return requested
    if requested != "auto":
        raise ValueError(f"precision {requested!r}: expected 'auto' or one of {', '.join(PRECISIONS)}")
    flags = cpu_flags(cpuinfo_text() if cpuinfo is None else cpuinfo)
    return "mixed_bfloat16" if native_bfloat16(flags, environ) else "float32"


@contextlib.contextmanager
def precision_policy(name):
    """Build and train under Keras' dtype policy `name` (e.g. "mixed_bfloat16"), then restore it."""
    previous = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy(name)
    try:
        yield
    finally:
        keras.mixed_precision.set_global_policy(previous)
