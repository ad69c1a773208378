"""打印走访简报 / 生成走访资料包 from the app: preview shows the generated PDF, printing goes
to an A4 printer (here a PDF printer), save writes the file, Cancel stops generation."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from crm.domain.enums import Role
from crm.ui import print_preview
from crm.ui.context import AppContext, AppSignals
from crm.ui.pages.customer360 import Customer360
from crm.ui.pages.customers import CustomerListPanel
from crm.ui.print_preview import BriefingButton, a4_printer
from tests import factories

WAIT = 20000
needs_poppler = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils needed")


@pytest.fixture
def world(empty_db, settings, runner, zh):
    db = empty_db
    branch = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, branch, "王经理")
    ids = [factories.customer(db, name, wang) for name in ("张三", "李四")]
    ctx = AppContext(db, wang, settings, runner, AppSignals(), "西湖支行")
    return ctx, ids


@pytest.fixture
def messages(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: seen.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: seen.append(text))
    return seen


def idle(qtbot, ctx) -> None:
    qtbot.waitUntil(lambda: not ctx.runner.running, timeout=WAIT)


def pdfinfo(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout


def test_preview_shows_the_pack_that_prints(qtbot, world, messages):
    ctx, ids = world
    button = BriefingButton(ctx, lambda: ids, pack=True)
    qtbot.addWidget(button)
    assert button.text() == "生成走访资料包"
    assert [a.text() for a in button.menu().actions() if a.text()] == [
        "打印预览…", "打印…", "保存为 PDF…", "每位客户一个 PDF，保存到文件夹…",
        "打印完整手机号（记入审计）"]
    button.preview_action.trigger()
    qtbot.waitUntil(lambda: button.job is not None and button.job.dialog is not None,
                    timeout=WAIT)
    dialog = button.job.dialog
    qtbot.addWidget(dialog)
    assert dialog.page_count() == 4                   # cover, two sheets, the summary
    assert dialog.pages_label.text() == "共 4 页，A4"
    assert dialog.print_button.text() == "打印…" and "打印预览" in dialog.windowTitle()
    temp = dialog.path
    assert temp.exists()
    dialog.reject()
    assert not temp.exists() and not temp.parent.exists()   # no copy of customer data left
    assert messages == []


@needs_poppler
def test_print_sends_a4_pages_to_the_printer(qtbot, world, tmp_path, monkeypatch, messages):
    ctx, ids = world
    out = tmp_path / "printed.pdf"

    def printer(_parent):
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        return a4_printer(p)
    monkeypatch.setattr(print_preview, "ask_printer", printer)
    temps: list[Path] = []
    real = print_preview.print_pdf
    monkeypatch.setattr(print_preview, "print_pdf",
                        lambda path, *a, **k: (temps.append(path), real(path, *a, **k))[1])
    button = BriefingButton(ctx, lambda: ids[:1], pack=False)
    qtbot.addWidget(button)
    button.print_action.trigger()
    qtbot.waitUntil(lambda: out.exists() and not ctx.runner.running, timeout=WAIT)
    idle(qtbot, ctx)
    info = pdfinfo(out)
    assert "Pages:           1" in info and "(A4)" in info
    assert temps and not temps[0].parent.exists()
    assert messages == []


@needs_poppler
def test_save_as_pdf_writes_the_file(qtbot, world, tmp_path, monkeypatch, messages):
    ctx, ids = world
    target = tmp_path / "走访资料包.pdf"
    monkeypatch.setattr(print_preview, "ask_save_path", lambda _p, suggested: target)
    button = BriefingButton(ctx, lambda: ids, pack=True)
    qtbot.addWidget(button)
    button.save_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=WAIT)
    assert messages == [f"共 4 页，已保存到 {target}"]
    assert "Pages:           4" in pdfinfo(target)


@needs_poppler
def test_one_pdf_per_customer_goes_into_a_new_folder(qtbot, world, tmp_path, monkeypatch,
                                                     messages):
    ctx, ids = world
    (tmp_path / "走访资料包").mkdir()           # an earlier pack: never written into
    (tmp_path / "走访资料包" / "old.pdf").write_bytes(b"%PDF-1.4 old")
    monkeypatch.setattr(print_preview, "ask_folder", lambda _p: tmp_path)
    button = BriefingButton(ctx, lambda: ids, pack=True)
    qtbot.addWidget(button)
    assert button.folder_action in button.menu().actions()
    button.folder_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=WAIT)
    folder = tmp_path / "走访资料包 (2)"
    files = sorted(p.name for p in folder.glob("*.pdf"))
    assert messages == [f"已保存 {len(files)} 个文件（共 4 页），位于 {folder}"]
    assert files[0].startswith("0_封面") or files[0].startswith("00_封面")
    assert any("走访情况汇总表" in f for f in files)
    assert sum(int(pdfinfo(folder / f).split("Pages:")[1].split()[0]) for f in files) == 4
    assert (tmp_path / "走访资料包" / "old.pdf").read_bytes() == b"%PDF-1.4 old"


def test_a_single_sheet_offers_no_folder(qtbot, world):
    ctx, ids = world
    button = BriefingButton(ctx, lambda: ids[:1], pack=False)
    qtbot.addWidget(button)
    assert button.folder_action not in button.menu().actions()


def test_a_route_pack_needs_a_day_and_says_when_it_has_no_visits(qtbot, world, tmp_path,
                                                                  monkeypatch, messages):
    from datetime import date

    ctx, _ids = world
    chosen: list[tuple[str, date] | None] = [None]
    button = BriefingButton(ctx, lambda: [], pack=True, route=lambda: chosen[0])
    qtbot.addWidget(button)
    button.preview_action.trigger()
    assert messages == ["请先选择有走访安排的人员和日期。"] and button.job is None
    chosen[0] = ("wang", date(2026, 5, 20))
    monkeypatch.setattr(print_preview, "ask_save_path", lambda _p, s: tmp_path / s)
    button.save_action.trigger()
    assert button.job is not None and button.job.suggested == "走访资料包_wang_2026-05-20.pdf"
    qtbot.waitUntil(lambda: bool(messages[1:]), timeout=WAIT)
    assert not list(tmp_path.glob("*.pdf"))
    assert len(messages) == 2 and "王经理在 2026-05-20 没有走访安排" in messages[1]


def test_nothing_selected_says_so(qtbot, world, messages):
    ctx, _ids = world
    button = BriefingButton(ctx, lambda: [], pack=True)
    qtbot.addWidget(button)
    button.preview_action.trigger()
    assert messages == ["请先在列表中选择一位或多位客户（按住 Ctrl 或 Shift 可多选）。"]
    assert button.job is None


def test_cancel_stops_generation_and_keeps_no_file(qtbot, world, tmp_path, monkeypatch,
                                                   messages):
    ctx, ids = world
    target = tmp_path / "cancelled.pdf"
    monkeypatch.setattr(print_preview, "ask_save_path", lambda _p, _s: target)
    button = BriefingButton(ctx, lambda: ids, pack=True)
    qtbot.addWidget(button)
    button.save_action.trigger()
    for op in list(ctx.runner.running):
        op.cancel()                    # as Cancel on the progress dialog does
    qtbot.waitUntil(lambda: bool(messages), timeout=WAIT)
    assert messages == ["已取消生成走访资料，未保存文件。"]
    assert list(tmp_path.glob("cancelled*")) == []


def test_pages_offer_printing(qtbot, world, messages):
    ctx, ids = world
    page = Customer360(ctx, ids[0])
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.record is not None, timeout=WAIT)
    assert page.print_button.text() == "打印走访简报" and page.print_button.isEnabled()
    panel = CustomerListPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT)
    panel.view.selectAll()
    assert sorted(panel.selected_customer_ids()) == sorted(ids)
    assert panel.pack_button.text() == "生成走访资料包"
    idle(qtbot, ctx)
