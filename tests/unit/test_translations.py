"""Every user-visible string in the UI has a Chinese translation, and the .qm is current.

Runs Qt's own tools (pyside6-lupdate / lrelease) on a copy of the catalogue, the way
`make i18n` does, so a string added without a translation fails here, not in front of a user.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "crm_zh_CN.ts"
QM = ROOT / "resources" / "i18n" / "crm_zh_CN.qm"
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    files = [ROOT / "crm" / "app.py", *sorted((ROOT / "crm" / "ui").rglob("*.py"))]
    return [str(f) for f in files]


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            out[(name, msg.findtext("source") or "")] = msg.find("translation")
    return out


def test_catalogue_is_current_and_complete(tmp_path):
    work = tmp_path / "crm_zh_CN.ts"
    shutil.copy(TS, work)
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources(), "-ts", str(work)], check=True,
                   capture_output=True)
    found = messages(work)
    assert len(found) > 90
    untranslated = [f"{ctx}: {src}" for (ctx, src), tr in found.items()
                    if tr is None or tr.get("type") == "unfinished" or not (tr.text or "").strip()]
    assert untranslated == [], "run `make i18n` and translate these"
    stale = [f"{ctx}: {src}" for (ctx, src), tr in found.items()
             if tr is not None and tr.get("type") in ("vanished", "obsolete")]
    assert stale == [], "strings no longer in the code: run `make i18n`"
    assert set(found) == set(messages(TS)), "run `make i18n` and commit the catalogue"


def test_compiled_catalogue_matches_the_source(tmp_path):
    out = tmp_path / "x.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == QM.read_bytes(), "run `make i18n` and commit the .qm"


def test_translations_are_chinese():
    found = messages(TS)
    not_chinese = [src for (_ctx, src), tr in found.items()
                   if not any("\u4e00" <= ch <= "\u9fff" for ch in (tr.text or ""))
                   and any(c.isalpha() for c in src) and src not in {"PostgreSQL", "SQLite", "OK"}]
    assert not_chinese == []
