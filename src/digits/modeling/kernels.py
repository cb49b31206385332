"""TensorFlow's kernel library (oneDNN or Eigen), chosen for this CPU before TensorFlow loads, and
whether bfloat16 then runs in hardware."""

import os
import sys

from digits.modeling.cpu import NATIVE_BFLOAT16_FLAGS, cpu_flags, cpuinfo_text

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
