"""The layers of ARCHITECTURE.md, checked on the import statements of every module."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CRM = ROOT / "crm"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages for p in (CRM / pkg).rglob("*.py"))


def offenders(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in paths:
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


CORE = ("domain", "models", "persistence", "queries", "services", "importing", "reports")


def test_there_is_something_to_check():
    # guards the tests below against passing vacuously after a rename
    assert len(modules(*CORE)) > 20 and len(modules("ui")) > 8


def test_core_never_imports_qt():
    """Services, queries and reports run in the CLI and in tests without a display."""
    assert offenders(modules(*CORE), ("PySide6", "shiboken6")) == []


@pytest.mark.parametrize("forbidden", [("sqlalchemy",), ("crm.models",), ("crm.persistence.auditing",)])
def test_ui_goes_through_services_and_queries(forbidden):
    """Widgets never build SQL or touch ORM rows; they call services/queries and get records."""
    assert offenders(modules("ui"), forbidden) == []


def test_domain_is_pure():
    """Domain rules import neither the database nor Qt."""
    assert offenders(modules("domain"), ("sqlalchemy", "PySide6", "crm.models",
                                          "crm.persistence", "crm.services")) == []


def test_the_checker_catches_an_offender(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport sqlalchemy.orm\n")
    assert imports_of(bad) == {"PySide6.QtWidgets", "sqlalchemy.orm"}
