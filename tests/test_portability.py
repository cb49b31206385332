"""The committed models report the same figures under every kernel choice an x86-64 CPU leads to.

TensorFlow picks its kernels from the CPU: oneDNN on CPUs with AVX-512 VNNI/bf16 or AMX, Eigen
elsewhere, and oneDNN itself dispatches on the instruction set. Each of those choices is forced
here in its own process (it is fixed when TensorFlow loads), on whatever CPU runs the test, and
everything the notebooks and commands print from the committed models must come out identical.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from digits import config
from digits.machine import environment_with_kernels, kernel_choices_here

HELPER = Path(__file__).with_name("portable_outputs.py")
KERNEL_CHOICES = kernel_choices_here()  # Eigen, oneDNN and, on AVX-512, oneDNN capped at AVX2

NEEDS = [config.TRAIN_CSV, config.TEST_CSV, config.TEST_LABELS_CSV, config.MODELS_DIR / "best_cnn.keras",
         config.MODELS_DIR / "reader_cnn.keras"]


def start_helper(choice, out_path):
    """The helper, started in a process under this kernel choice."""
    environment = dict(environment_with_kernels(choice), TF_CPP_MIN_LOG_LEVEL="2")
    return subprocess.Popen([sys.executable, str(HELPER), str(out_path)], env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def helper_outputs(process, out_path):
    """The helper's outputs once it has finished, or the error it ended with."""
    _, stderr = process.communicate()
    if process.returncode != 0:
        lines = stderr.strip().splitlines() or [f"exit code {process.returncode}"]
        return next((line for line in reversed(lines) if "Error" in line), lines[-1])
    return json.loads(out_path.read_text())


def differences(first, second):
    """The keys whose values differ, with the number of differing test guesses where there are any."""
    found = []
    for key in first:
        if first[key] != second.get(key):
            if isinstance(first[key], dict) and "guesses" in first[key]:
                changed = sum(a != b for a, b in zip(first[key]["guesses"], second[key]["guesses"]))
                found.append(f"{key} ({changed} test predictions changed)")
            else:
                found.append(key)
    return found


@pytest.mark.skipif(not all(path.is_file() for path in NEEDS), reason="needs make data and the committed models")
def test_reported_figures_do_not_depend_on_the_kernels(tmp_path):
    # All at once: each spends a good part of its time in single-threaded set-up, and the
    # results do not depend on the load (the thread count is the same).
    paths = {choice: tmp_path / f"{index}.json" for index, choice in enumerate(KERNEL_CHOICES)}
    processes = {choice: start_helper(choice, paths[choice]) for choice in KERNEL_CHOICES}
    reports = {choice: helper_outputs(process, paths[choice]) for choice, process in processes.items()}
    problems = [f"{choice} failed: {outputs}" for choice, outputs in reports.items() if isinstance(outputs, str)]
    finished = {choice: outputs for choice, outputs in reports.items() if not isinstance(outputs, str)}
    assert finished, "\n".join(problems)
    (reference_choice, reference), *others = finished.items()
    assert len(reference["04 best_cnn test"]["guesses"]) == 28_000
    problems += [f"{choice} differs from {reference_choice} in {', '.join(differences(reference, outputs))}"
                 for choice, outputs in others if differences(reference, outputs)]
    assert not problems, "\n".join(problems)
