"""Every name the code uses is defined: pyflakes over crm/ (undefined names only; a missing
import in a rarely used menu handler crashed 设置… for a whole release)."""
from __future__ import annotations

from pathlib import Path

import pyflakes.api
import pyflakes.messages
import pyflakes.reporter

ROOT = Path(__file__).resolve().parents[2]


class _Collect(pyflakes.reporter.Reporter):
    def __init__(self) -> None:
        self.problems: list[str] = []

    def flake(self, message) -> None:  # type: ignore[no-untyped-def,override]
        if isinstance(message, (pyflakes.messages.UndefinedName,
                                pyflakes.messages.UndefinedExport,
                                pyflakes.messages.UndefinedLocal)):
            self.problems.append(str(message))

    def syntaxError(self, filename, msg, lineno, offset, text) -> None:  # type: ignore[no-untyped-def,override] # noqa: N802
        self.problems.append(f"{filename}:{lineno}: {msg}")

    def unexpectedError(self, filename, msg) -> None:  # type: ignore[no-untyped-def,override] # noqa: N802
        self.problems.append(f"{filename}: {msg}")


def test_no_undefined_names_in_the_program():
    reporter = _Collect()
    for path in sorted((ROOT / "crm").rglob("*.py")) + [ROOT / "main.py"]:
        pyflakes.api.checkPath(str(path), reporter)
    assert reporter.problems == []
