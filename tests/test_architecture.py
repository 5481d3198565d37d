"""The shape of the code: modules use each other only through public names, and no file or
function grows past what a newcomer can read. import-linter checks the direction of imports."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "core",
    "front",
    "coproduce",
    "accounts",
    "forums",
    "glossary",
    "consultations",
    "library",
    "privacy",
)


def _modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _project_module(name: str | None) -> bool:
    return name is not None and bool(name) and name.split(".")[0] in PACKAGES


def _private(name: str) -> bool:
    # Django's model metadata is public API despite its name.
    return name.startswith("_") and not name.startswith("__") and name != "_meta"


def test_no_module_reaches_into_another_modules_private_names() -> None:
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        imported_modules: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and _project_module(node.module):
                for alias in node.names:
                    if _private(alias.name):
                        found.append(
                            f"{path.relative_to(ROOT)}: from {node.module} import {alias.name}"
                        )
                    else:
                        imported_modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if _project_module(alias.name):
                        imported_modules.add(alias.asname or alias.name.split(".")[0])
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and _private(node.attr)
                and isinstance(node.value, ast.Name)
                and node.value.id in imported_modules
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert found == []
