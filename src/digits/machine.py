"""The machine a network is trained and evaluated on: its CPU (name, model, vector extensions), the
kernel library TensorFlow runs there (oneDNN or Eigen, chosen before TensorFlow loads), the training
precision that follows from both, the GPU if one computes, and the library versions whose numerics
shape a model. Keras is imported only where a function needs it: the kernel choice must run before
TensorFlow loads."""

import contextlib
import os
import platform
import sys
from pathlib import Path

# The CPU

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


# TensorFlow's kernel library

# TensorFlow 2.21 turns its oneDNN kernels on by default only on CPUs with one of these.
ONEDNN_DEFAULT_FLAGS = ("avx512_vnni", "avx512_bf16", "avx_vnni", "amx_bf16")

# The kernel choices an x86-64 CPU can lead TensorFlow to, as the settings that force each one.
KERNEL_CHOICES = {
    "Eigen": {"TF_ENABLE_ONEDNN_OPTS": "0"},
    "oneDNN": {"TF_ENABLE_ONEDNN_OPTS": "1"},
    "oneDNN capped at AVX2": {"TF_ENABLE_ONEDNN_OPTS": "1", "ONEDNN_MAX_CPU_ISA": "AVX2"},
}


def onednn_enabled(flags, environ=os.environ):
    """Whether TensorFlow will run its oneDNN kernels: TF_ENABLE_ONEDNN_OPTS, else its CPU rule."""
    setting = environ.get("TF_ENABLE_ONEDNN_OPTS", "").strip().lower()
    if setting in ("0", "false"):
        return False
    if setting in ("1", "true"):
        return True
    return any(flag in flags for flag in ONEDNN_DEFAULT_FLAGS)


def wants_onednn(flags):
    """Whether the project asks TensorFlow for its oneDNN kernels on a CPU with these flags.

    oneDNN on every x86-64 CPU with AVX2 and FMA, including those where TensorFlow would pick Eigen:
    on an AVX2-only CPU our training path ran up to 1.5x faster with oneDNN (best_cnn 1.36x, the
    baseline no slower) and stayed deterministic, and the stored outputs are identical under both
    (benchmarks/README.md). From flags, never from a timing, like the precision."""
    return {"avx2", "fma"} <= set(flags)


def choose_tensorflow_kernels(cpuinfo=None, environ=os.environ, modules=sys.modules):
    """Set TF_ENABLE_ONEDNN_OPTS=1 where wants_onednn says so, before TensorFlow loads (it reads the
    setting once). A setting already made, e.g. TF_ENABLE_ONEDNN_OPTS=0 for Eigen, is kept; once
    TensorFlow is loaded nothing changes. Returns whether it set it."""
    if "TF_ENABLE_ONEDNN_OPTS" in environ or "tensorflow" in modules:
        return False
    if not wants_onednn(cpu_flags(cpuinfo_text() if cpuinfo is None else cpuinfo)):
        return False
    environ["TF_ENABLE_ONEDNN_OPTS"] = "1"
    return True


def kernel_choices_here(flags=None):
    """The names of KERNEL_CHOICES that differ on this CPU: the cap at AVX2 changes nothing without AVX-512."""
    flags = cpu_flags() if flags is None else flags
    return [name for name in KERNEL_CHOICES if name != "oneDNN capped at AVX2" or "avx512f" in flags]


def environment_with_kernels(choice, environ=os.environ):
    """A copy of `environ` for a process that is to run under KERNEL_CHOICES[choice]."""
    settings = KERNEL_CHOICES[choice]
    environment = {key: value for key, value in environ.items() if key not in ("TF_ENABLE_ONEDNN_OPTS", "ONEDNN_MAX_CPU_ISA")}
    environment.update(settings)
    return environment


def native_bfloat16(flags, environ=os.environ):
    """Whether bfloat16 matrix work runs in hardware: a bf16 instruction set, reached through oneDNN."""
    return any(flag in flags for flag in NATIVE_BFLOAT16_FLAGS) and onednn_enabled(flags, environ)


# What is recorded with every trained model

def cpu_description(cpuinfo=None, environ=os.environ):
    """The CPU facts recorded with every trained model: name, relevant flags, kernels in use."""
    text = cpuinfo_text() if cpuinfo is None else cpuinfo
    flags = cpu_flags(text)
    return {
        "name": cpu_name(text),
        "model": cpu_model(text),
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "flags": [flag for flag in RELEVANT_FLAGS if flag in flags],
        "onednn": onednn_enabled(flags, environ),
        "native_bfloat16": native_bfloat16(flags, environ),
    }


def vector_extensions(description):
    """The widest vector instruction set of a recorded CPU: "AVX-512", "AVX2", or its machine name."""
    flags = set(description.get("flags", ()))
    return "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else description.get("machine", "unknown")


def describe_cpu_kind(description):
    """A short phrase for a recorded CPU description, e.g. "AVX-512 with bf16 instructions, oneDNN kernels"."""
    if not description:
        return "an unrecorded CPU"
    flags = set(description.get("flags", ()))
    isa = vector_extensions(description)
    bf16 = "bf16 instructions" if flags & set(NATIVE_BFLOAT16_FLAGS) else "no bf16 instructions"
    kernels = "oneDNN" if description.get("onednn") else "Eigen"
    return f"{isa} with {bf16}, {kernels} kernels"


def named_cpu(description):
    """A recorded CPU by its maker's name and, where recorded, its family and model, e.g. "AMD EPYC
    family 25 model 17": two CPUs of one kind (describe_cpu_kind) can train at different speeds."""
    if not description:
        return "an unrecorded CPU"
    name = " ".join(description.get("name", "an unnamed CPU").replace("(R)", "").replace("(TM)", "").split())
    family, model, *_ = (description.get("model") or "").split(".") + [""]
    return f"{name} family {family} model {model}" if model else name


def same_numerics(first, second):
    """Whether two recorded CPUs train the same way: instruction sets, kernel library, core count (the
    number of threads can change the order of a kernel's sums) and, where both recorded it, model."""
    if not first or not second:
        return False
    models_differ = first.get("model") and second.get("model") and first["model"] != second["model"]
    return (set(first.get("flags", ())) == set(second.get("flags", ()))
            and first.get("onednn") == second.get("onednn") and first.get("cores") == second.get("cores")
            and not models_differ)


# Training precision

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
    import keras

    previous = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy(name)
    try:
        yield
    finally:
        keras.mixed_precision.set_global_policy(previous)


# Library versions

def library_versions():
    """Versions of the libraries whose numerics shape a trained model."""
    import importlib

    import keras
    import numpy as np

    backend = keras.backend.backend()
    return {"python": platform.python_version(), backend: importlib.import_module(backend).__version__,
            "keras": keras.__version__, "numpy": np.__version__}
