"""Every third-party package the code imports is declared in pyproject.toml, and requirements.txt
(the full lock, `make lock`) pins every package pyproject names at a version pyproject allows.

The Makefile installs requirements.txt and then the package with --no-deps, so pyproject's list is
never exercised by that install: this test is what keeps the two lists and the imports in step.
"""

import ast
import re
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
# Import names that differ from the distribution's name on PyPI.
DISTRIBUTION_OF = {"PIL": "pillow", "sklearn": "scikit-learn", "skimage": "scikit-image", "IPython": "ipython", "yaml": "pyyaml"}
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


def pyproject_requirements():
    """Every requirement of pyproject.toml, its optional groups' included."""
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    groups = [project["dependencies"], *project.get("optional-dependencies", {}).values()]
    return [Requirement(text) for group in groups for text in group]


def declared_in_pyproject():
    return {normalised(requirement.name) for requirement in pyproject_requirements()}


def pinned_in_requirements():
    """{package: [versions]} of the lock; a package may be pinned twice, for different Pythons or platforms."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].split(";")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins.setdefault(normalised(name), []).append(version.strip())
    return pins


def test_every_package_the_code_imports_is_declared_and_pinned():
    needed = {normalised(DISTRIBUTION_OF.get(module, module)) for module in third_party(imported_top_level_modules(ROOT / "src"))}
    assert needed, "no third-party imports found: the scan is broken"
    assert needed - declared_in_pyproject() == set(), "imported by src/ but missing from pyproject.toml"
    pins = pinned_in_requirements()
    assert {name for name in needed if name not in pins} == set(), "imported by src/ but not pinned in requirements.txt"


def test_every_requirement_is_pinned_exactly():
    versions = [version for pinned in pinned_in_requirements().values() for version in pinned]
    assert len(versions) > 100, "the lock holds every transitive package, not only the direct ones"
    assert all(version and re.fullmatch(r"[0-9][0-9a-z.]*", version) for version in versions)


def test_the_lock_pins_what_pyproject_asks_at_versions_it_allows():
    pins = pinned_in_requirements()
    for requirement in pyproject_requirements():
        pinned = pins.get(normalised(requirement.name))
        assert pinned, f"{requirement.name} is in pyproject.toml but not in requirements.txt: run `make lock`"
        assert all(requirement.specifier.contains(version) for version in pinned), (
            f"requirements.txt pins {requirement.name}=={pinned}, outside pyproject's {requirement.specifier}")


def test_the_installed_versions_are_the_locked_ones():
    from importlib.metadata import PackageNotFoundError, version

    pins, mismatched = pinned_in_requirements(), []
    for requirement in pyproject_requirements():
        try:
            installed = version(requirement.name)
        except PackageNotFoundError:
            continue  # an optional group not installed here
        if installed not in pins[normalised(requirement.name)]:
            mismatched.append(f"{requirement.name} {installed} (locked: {pins[normalised(requirement.name)]})")
    assert mismatched == [], "run `make setup` to install the lock"


def test_the_scan_sees_an_undeclared_import(tmp_path):
    (tmp_path / "module.py").write_text("import numpy\nfrom PIL import Image\nimport json\nimport surely_not_declared\n")
    found = {normalised(DISTRIBUTION_OF.get(module, module)) for module in third_party(imported_top_level_modules(tmp_path))}
    assert found == {"numpy", "pillow", "surely-not-declared"}
    assert "surely-not-declared" not in declared_in_pyproject()
