"""What the CPU is and can do: its name, model and vector extensions, and the GPU if one computes."""

import platform
from pathlib import Path

# The instruction sets that decide which kernels TensorFlow runs and how fast bfloat16 is.
RELEVANT_FLAGS = ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "avx_vnni", "amx_bf16")

# bfloat16 arithmetic in hardware; without it oneDNN and Eigen emulate it, several times slower.
NATIVE_BFLOAT16_FLAGS = ("avx512_bf16", "amx_bf16")


def cpuinfo_text(path="/proc/cpuinfo"):
    try:
        return Path(path).read_text()
    except OSError:  # not Linux: the flags are unknown, and every choice below falls back to float32
        return ""


def cpu_flags(cpuinfo=None):
    """The CPU's instruction-set flags as Linux reports them (empty where unknown)."""
    text = cpuinfo_text() if cpuinfo is None else cpuinfo
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.split(":", 1)[1].split())
    return frozenset()


def cpu_model(cpuinfo):
    """"family.model.stepping" as Linux reports them (e.g. "25.17.1"), or "" where unknown: CPUs
    with the same flags but of other generations can round differently."""
    fields = {}
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key in ("cpu family", "model", "stepping") and key not in fields:
            fields[key] = value.strip()
    return ".".join(fields[key] for key in ("cpu family", "model", "stepping")) if len(fields) == 3 else ""


def cpu_name(cpuinfo):
    for line in cpuinfo.splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def accelerator_name():
    """The GPU the Keras backend computes on (e.g. "NVIDIA H100 80GB HBM3"), or "" on the CPU.

    The project trains on CPUs; a GPU appears only in studies run elsewhere, which record it."""
    import keras

    backend = keras.backend.backend()
    if backend == "jax":
        import jax

        return next((device.device_kind for device in jax.devices() if device.platform == "gpu"), "")
    if backend == "tensorflow":
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
        return tf.config.experimental.get_device_details(gpus[0]).get("device_name", "GPU") if gpus else ""
    return ""
