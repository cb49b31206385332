"""Every third-party package the code imports is declared in pyproject.toml and pinned in requirements.txt.

The Makefile installs requirements.txt and then the package with --no-deps, so pyproject's list is
never exercised by an install: this test is what keeps the two lists and the imports in step.
"""

import ast
import re
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
# Import names that differ from the distribution's name on PyPI.
DISTRIBUTION_OF = {"PIL": "pillow", "sklearn": "scikit-learn", "IPython": "ipython", "yaml": "pyyaml"}
# Imported only where a user runs Keras on another backend (a study on a GPU); never installed here.
OPTIONAL = {"jax"}


def imported_top_level_modules(folder):
    modules = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


def third_party(modules):
    return {module for module in modules if module not in sys.stdlib_module_names and module != "digits"} - OPTIONAL


def normalised(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_in_pyproject():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return {normalised(re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0]) for requirement in dependencies}


def pinned_in_requirements():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[normalised(name)] = version
    return pins


def test_every_package_the_code_imports_is_declared_and_pinned():
    needed = {normalised(DISTRIBUTION_OF.get(module, module)) for module in third_party(imported_top_level_modules(ROOT / "src"))}
    assert needed, "no third-party imports found: the scan is broken"
    assert needed - declared_in_pyproject() == set(), "imported by src/ but missing from pyproject.toml"
    pins = pinned_in_requirements()
    assert {name for name in needed if not pins.get(name)} == set(), "imported by src/ but not pinned in requirements.txt"


def test_every_requirement_is_pinned_exactly():
    assert all(version and re.fullmatch(r"[0-9][0-9a-z.]*", version) for version in pinned_in_requirements().values())


def test_the_scan_sees_an_undeclared_import(tmp_path):
    (tmp_path / "module.py").write_text("import numpy\nfrom PIL import Image\nimport json\nimport surely_not_declared\n")
    found = {normalised(DISTRIBUTION_OF.get(module, module)) for module in third_party(imported_top_level_modules(tmp_path))}
    assert found == {"numpy", "pillow", "surely-not-declared"}
    assert "surely-not-declared" not in declared_in_pyproject()
