"""`main.py --smoke-test`: prove an installed copy (a PyInstaller bundle above all) works.

It exercises what a bundle most often loses: the translations, the migrations, the
Chinese font, the lazily imported libraries (pypinyin, phonenumbers, python-stdnum, the
Excel reader and writer), and every page of the main window. It runs on a throw-away SQLite
file unless --db is given, signs in as a demo account without the login dialog, prints one
line per check and returns 0 when all pass, 1 otherwise.
"""
from __future__ import annotations

import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from PySide6.QtWidgets import QApplication


def _pump(app: QApplication, seconds: float) -> None:
    # QEventLoop's processEvents, not QApplication's: in PySide6 6.12 the static one drops a
    # reference to None on every call (-200 after 200 calls) until Python aborts
    loop = QEventLoop()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        loop.processEvents()
        time.sleep(0.01)


def run(app: QApplication, url: str | None, shot: str | None = None) -> int:
    from crm.paths import RESOURCES
    from crm.ui import i18n

    work = Path(tempfile.mkdtemp(prefix="crm-smoke-"))
    url = url or f"sqlite:///{work / 'smoke.sqlite3'}"
    state: dict[str, object] = {}
    failures = 0

    def check(name: str, step: Callable[[], object]) -> None:
        nonlocal failures
        try:
            detail = step()
            print(f"ok   {name}" + (f": {detail}" if detail else ""), flush=True)
        except Exception:  # noqa: BLE001 - report every failing check, then fail
            failures += 1
            print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)

    def translations() -> str:
        i18n.install("zh_CN")
        text = QCoreApplication.translate("Navigation", "Today")
        if text == "Today":
            raise RuntimeError(f"no Chinese translation loaded from {RESOURCES / 'i18n'}")
        return text

    def database() -> str:
        from crm.app import open_database
        from crm.services.demo import seed_demo

        db = open_database(url)
        state["db"] = db
        seed_demo(db, 30)
        return db.description

    def sign_in() -> str:
        from crm.services.auth import sign_in as authenticate
        from crm.services.demo import DEMO_PASSWORD

        state["actor"] = authenticate(state["db"], "jingli01", DEMO_PASSWORD)  # type: ignore[arg-type]
        return "jingli01"

    def pdf() -> str:
        from reportlab.pdfgen.canvas import Canvas

        from crm.reports.pdf import register_font

        font = register_font()
        out = work / "font.pdf"
        c = Canvas(str(out))
        c.setFont(font, 14)
        c.drawString(72, 720, "客户走访简报 内部资料 注意保密")
        c.save()
        return f"{font}, {out.stat().st_size} bytes"

    def libraries() -> str:
        import phonenumbers
        from pypinyin import lazy_pinyin
        from stdnum.cn import ric

        initials = "".join(p[0] for p in lazy_pinyin("欧阳建国"))
        phone = phonenumbers.format_number(phonenumbers.parse("13812345678", "CN"),
                                           phonenumbers.PhoneNumberFormat.E164)
        ric.compact("11010519491231002X")
        return f"{initials} {phone}"

    def excel() -> str:
        import python_calamine
        import xlsxwriter

        out = work / "smoke.xlsx"
        book = xlsxwriter.Workbook(str(out))
        book.add_worksheet("客户").write_row(0, 0, ["姓名", "余额"])
        book.close()
        rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0)
        return str(rows.to_python()[0])

    def window() -> str:
        from crm.app import build_main_window
        from crm.ui.main_window import PAGES
        from crm.ui.runner import OperationRunner
        from crm.ui.settings import AppSettings

        settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
        runner = OperationRunner(app)
        state["runner"] = runner
        w = build_main_window(state["db"], state["actor"], settings, runner)  # type: ignore[arg-type]
        state["window"] = w
        w.resize(1280, 800)
        w.show()
        for spec in PAGES:
            w.show_page(spec.key)
            _pump(app, 0.3)
            runner.wait()
        w.show_page(PAGES[0].key)
        _pump(app, 1.0)
        if shot:
            w.grab().save(shot)
        return f"{len(PAGES)} pages, title “{w.windowTitle()}”"

    check("translations", translations)
    check("database", database)
    if "db" in state:
        check("sign-in", sign_in)
    check("pdf font", pdf)
    check("libraries", libraries)
    check("excel", excel)
    if "actor" in state:
        check("main window", window)
    runner = state.get("runner")
    if runner is not None:
        runner.wait()  # type: ignore[attr-defined]
    window_ = state.get("window")
    if window_ is not None:
        window_.close()  # type: ignore[attr-defined]
        _pump(app, 0.2)
    db = state.get("db")
    if db is not None:
        db.dispose()  # type: ignore[attr-defined]
    print("smoke test " + ("passed" if not failures else f"FAILED ({failures})"), flush=True)
    return 1 if failures else 0
