"""The CPU facts recorded with every trained model, and how reports describe and compare them."""

import os
import platform

from digits.modeling.cpu import NATIVE_BFLOAT16_FLAGS, RELEVANT_FLAGS, cpu_flags, cpu_model, cpu_name, cpuinfo_text
from digits.modeling.kernels import native_bfloat16, onednn_enabled


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


def same_numerics(first, second):
    """Whether two recorded CPUs train the same way: instruction sets, kernel library, core count (the
    number of threads can change the order of a kernel's sums) and, where both recorded it, model."""
    if not first or not second:
        return False
    models_differ = first.get("model") and second.get("model") and first["model"] != second["model"]
    return (set(first.get("flags", ())) == set(second.get("flags", ()))
            and first.get("onednn") == second.get("onednn") and first.get("cores") == second.get("cores")
            and not models_differ)
