"""Packaging: pyproject and environment.yml agree; the console command is declared."""

from __future__ import annotations

import re

import tomllib
import yaml
from packaging.requirements import Requirement

from conftest import KIT


def _pyproject() -> dict:
    return tomllib.loads((KIT / "pyproject.toml").read_text(encoding="utf-8"))


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_environment_yml_mirrors_pyproject_dependencies() -> None:
    """Every pyproject dependency (and test extra) is in environment.yml with the same range."""
    project = _pyproject()["project"]
    wanted = {
        _normalise(Requirement(r).name): str(Requirement(r).specifier)
        for r in project["dependencies"] + project["optional-dependencies"]["test"]
    }
    env = yaml.safe_load((KIT / "environment.yml").read_text(encoding="utf-8"))
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and not dep.startswith(("python", "pip")):
            req = Requirement(dep)
            conda[_normalise(req.name)] = str(req.specifier)
    assert conda == wanted


def test_console_command_and_python_floor() -> None:
    """`peer-ethics` points at the CLI and Python >= 3.10 is required."""
    project = _pyproject()["project"]
    assert project["scripts"] == {"peer-ethics": "peer_ethics.cli:main"}
    assert project["requires-python"] == ">=3.10"


def test_named_stack_is_pinned_to_its_major_versions() -> None:
    """jupyterlab 4, notebook 7, ipywidgets 8, nbgrader 0.9, voila 0.5 are required."""
    deps = {Requirement(r).name: Requirement(r).specifier for r in _pyproject()["project"]["dependencies"]}
    assert deps["jupyterlab"].contains("4.6.6") and not deps["jupyterlab"].contains("5.0")
    assert deps["notebook"].contains("7.6.5") and not deps["notebook"].contains("8.0")
    assert deps["ipywidgets"].contains("8.1.9") and not deps["ipywidgets"].contains("9.0")
    assert deps["nbgrader"].contains("0.9.6") and not deps["nbgrader"].contains("0.10.0")
    assert deps["voila"].contains("0.5.13") and not deps["voila"].contains("0.6.0")
    assert "matplotlib" in deps


def test_design_card_layout_exists() -> None:
    """The design card's top-level folders and files are present."""
    for name in ("course", "assessments", "widgets", "instructor", "tests", "benchmarks"):
        assert (KIT / name).is_dir(), name
    for name in ("environment.yml", "pyproject.toml", "README.md", ".ci/run"):
        assert (KIT / name).is_file(), name
    assert (KIT / "src/peer_ethics/py.typed").is_file()
