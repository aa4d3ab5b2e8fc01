"""pyproject.toml lists the packages by hand (config/ is mapped into the wheel, which find() cannot do).

A package folder missing from that list would be left out of the wheel and break only installed users, so the
list is checked against the folders that hold Python modules (``migrations/versions`` ships as package data).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    source = REPO / "tasks"
    on_disk = {
        ".".join(module.parent.relative_to(source).parts)
        for module in source.rglob("*.py")
        if "__pycache__" not in module.parts and module.parent.name != "versions"
    }
    assert on_disk <= listed, f"missing from [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert listed - on_disk == {"chidao.config_files"}
