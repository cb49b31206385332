"""digits.machine: CPU flags, the kernels TensorFlow will use, and the training precision."""

import pytest

from digits.machine import (choose_tensorflow_kernels, cpu_description, cpu_flags, describe_cpu_kind,
                            environment_with_kernels, kernel_choices_here, native_bfloat16, onednn_enabled,
                            same_numerics, training_precision)

AVX2_CPU = ("processor\t: 0\ncpu family\t: 23\nmodel\t\t: 49\nmodel name\t: AMD EPYC 7B12\nstepping\t: 0\n"
            "flags\t\t: fpu sse2 avx avx2 fma\n")
BF16_CPU = "processor\t: 0\nmodel name\t: AMD EPYC 9B14\nflags\t\t: fpu avx2 fma avx512f avx512_vnni avx512_bf16\n"


def test_flags_are_read_from_cpuinfo():
    assert {"avx2", "fma"} <= cpu_flags(AVX2_CPU)
    assert "avx512_bf16" in cpu_flags(BF16_CPU)
    assert cpu_flags("") == frozenset()


@pytest.mark.parametrize("cpuinfo, environment, expected", [
    (AVX2_CPU, {}, "float32"),
    (BF16_CPU, {}, "mixed_bfloat16"),
    (BF16_CPU, {"TF_ENABLE_ONEDNN_OPTS": "0"}, "float32"),  # Eigen kernels emulate bfloat16
    (AVX2_CPU, {"TF_ENABLE_ONEDNN_OPTS": "1"}, "float32"),  # oneDNN on, but no bfloat16 instructions
    ("", {}, "float32"),  # unknown CPU
])
def test_auto_precision_is_bfloat16_only_where_it_is_native(cpuinfo, environment, expected):
    assert training_precision("auto", cpuinfo, environment) == expected


def test_a_named_precision_is_kept_and_a_wrong_one_refused():
    assert training_precision("mixed_bfloat16", AVX2_CPU, {}) == "mixed_bfloat16"
    assert training_precision("float32", BF16_CPU, {}) == "float32"
    with pytest.raises(ValueError, match="'bfloat16'.*auto"):
        training_precision("bfloat16", BF16_CPU, {})


def test_onednn_follows_tensorflows_rule_and_the_environment():
    assert not onednn_enabled(cpu_flags(AVX2_CPU), {})
    assert onednn_enabled(cpu_flags(BF16_CPU), {})
    assert onednn_enabled(cpu_flags(AVX2_CPU), {"TF_ENABLE_ONEDNN_OPTS": "1"})
    assert not native_bfloat16(cpu_flags(AVX2_CPU), {"TF_ENABLE_ONEDNN_OPTS": "1"})


def test_onednn_is_asked_for_on_avx2_cpus_before_tensorflow_loads():
    environment = {}
    assert choose_tensorflow_kernels(AVX2_CPU, environment, modules={})
    assert environment == {"TF_ENABLE_ONEDNN_OPTS": "1"} and onednn_enabled(cpu_flags(AVX2_CPU), environment)
    # A user's own choice is kept; TensorFlow already loaded, or a CPU without AVX2, changes nothing.
    for cpuinfo, environment, modules in [(AVX2_CPU, {"TF_ENABLE_ONEDNN_OPTS": "0"}, {}),
                                          (AVX2_CPU, {}, {"tensorflow": object()}),
                                          ("flags\t\t: fpu sse2 avx\n", {}, {}), ("", {}, {})]:
        before = dict(environment)
        assert not choose_tensorflow_kernels(cpuinfo, environment, modules)
        assert environment == before


def test_each_kernel_choice_replaces_the_settings_it_forces():
    assert kernel_choices_here(cpu_flags(AVX2_CPU)) == ["Eigen", "oneDNN"]
    assert kernel_choices_here(cpu_flags(BF16_CPU)) == ["Eigen", "oneDNN", "oneDNN capped at AVX2"]
    user = {"PATH": "/bin", "ONEDNN_MAX_CPU_ISA": "AVX2", "TF_ENABLE_ONEDNN_OPTS": "1"}
    assert environment_with_kernels("Eigen", user) == {"PATH": "/bin", "TF_ENABLE_ONEDNN_OPTS": "0"}
    assert environment_with_kernels("oneDNN capped at AVX2", {"PATH": "/bin"}) == {
        "PATH": "/bin", "TF_ENABLE_ONEDNN_OPTS": "1", "ONEDNN_MAX_CPU_ISA": "AVX2"}
    assert user["TF_ENABLE_ONEDNN_OPTS"] == "1"  # the caller's environment is left as it was


def test_importing_the_package_chose_the_kernels_for_this_cpu():
    import os
    import subprocess
    import sys

    from digits.machine import wants_onednn

    environment = {key: value for key, value in os.environ.items() if key != "TF_ENABLE_ONEDNN_OPTS"}
    answer = subprocess.run([sys.executable, "-c", "import os, digits; print(os.environ.get('TF_ENABLE_ONEDNN_OPTS'))"],
                            capture_output=True, text=True, env=environment, check=True).stdout.strip()
    assert answer == ("1" if wants_onednn(cpu_flags()) else "None")  # on this CPU, whichever it is


def test_description_names_the_cpu_kind_and_compares_numerics():
    slow, fast = cpu_description(AVX2_CPU, {}), cpu_description(BF16_CPU, {})
    assert slow["name"] == "AMD EPYC 7B12" and slow["flags"] == ["avx2", "fma"] and slow["model"] == "23.49.0"
    assert fast["model"] == ""  # not in that cpuinfo
    assert describe_cpu_kind(slow) == "AVX2 with no bf16 instructions, Eigen kernels"
    assert describe_cpu_kind(fast) == "AVX-512 with bf16 instructions, oneDNN kernels"
    assert describe_cpu_kind({}) == "an unrecorded CPU"
    assert same_numerics(fast, dict(fast))
    assert not same_numerics(fast, slow)
    assert not same_numerics(fast, dict(fast, cores=fast["cores"] + 2))
    assert not same_numerics(fast, {})
    # Same flags, another generation: not alike; an unrecorded model does not count against.
    assert not same_numerics(dict(fast, model="25.17.1"), dict(fast, model="26.2.0"))
    assert same_numerics(dict(fast, model="25.17.1"), fast)


def test_an_accelerator_is_named_exactly_where_tensorflow_sees_a_gpu():
    import tensorflow as tf

    from digits.machine import accelerator_name

    name = accelerator_name()
    assert isinstance(name, str) and (name == "") == (not tf.config.list_physical_devices("GPU"))


def test_a_recorded_cpu_is_named_by_maker_family_and_model():
    from digits.machine import named_cpu

    assert named_cpu({"name": "Intel(R) Xeon(R) Processor", "model": "6.207.2"}) == "Intel Xeon Processor family 6 model 207"
    assert named_cpu({"name": "AMD EPYC"}) == "AMD EPYC"  # recorded before models were
    assert named_cpu({}) == "an unrecorded CPU"
