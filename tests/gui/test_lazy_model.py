"""The lazy list model: pages arrive with fetchMore, sorting re-queries, Qt's model checks pass."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt

from crm.ui.lazy_model import IdRole, LazyColumn, LazyTableModel


@dataclass(frozen=True)
class Rec:
    id: int
    name: str
    amount: int


ROWS = [Rec(i, f"客户{i:04d}", (i * 37) % 1000) for i in range(1, 1001)]
COLUMNS = [LazyColumn("name", "Name", lambda r: r.name),
           LazyColumn("amount", "Overdue amount", lambda r: r.amount, numeric=True)]


class Source:
    """Keyset paging over ROWS, counting the calls so tests see that paging happened."""

    def __init__(self, key: str = "id", descending: bool = False) -> None:
        self.rows = sorted(ROWS, key=lambda r: (getattr(r, key), r.id), reverse=descending)
        self.calls = 0

    def __call__(self, after, limit):
        self.calls += 1
        start = 0 if after is None else after
        page = self.rows[start:start + limit]
        nxt = start + limit if start + limit < len(self.rows) else None
        return page, nxt


@pytest.fixture
def model(qapp):
    m = LazyTableModel(COLUMNS, page_size=100)
    return m


def test_passes_qt_model_checks(qtmodeltester, model):
    model.reset(Source())
    qtmodeltester.check(model, force_py=True)


def test_first_page_only_then_more_on_demand(model):
    src = Source()
    model.reset(src)
    assert model.rowCount() == 100 and src.calls == 1
    assert model.canFetchMore(QModelIndex())
    model.fetch_until(350)
    assert model.rowCount() == 400 and src.calls == 4
    model.fetch_until(5000)
    assert model.rowCount() == 1000 and not model.canFetchMore(QModelIndex())
    assert [model.record(i).id for i in range(1000)] == list(range(1, 1001))


def test_display_and_id_role(model):
    model.reset(Source())
    idx = model.index(0, 1)
    assert model.data(model.index(0, 0)) == "客户0001"
    assert model.data(idx) == "37"
    assert model.data(idx, Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    assert model.data(idx, IdRole) == 1


def test_sorting_asks_the_source_again(model):
    asked = []
    model.sort_requested.connect(lambda key, desc: asked.append((key, desc)))
    model.reset(Source())
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert asked == [("amount", True)]
    model.reset(Source("amount", True))
    assert model.record(0).amount == 999


def test_a_failing_fetch_is_reported_not_raised(model):
    errors = []
    model.failed.connect(errors.append)

    def broken(after, limit):
        raise RuntimeError("数据库断开")

    model.reset(broken)
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())
    assert isinstance(errors[0], RuntimeError)


def test_the_list_exports_its_current_view_masked_and_audited(qtbot, zh, empty_db, settings,
                                                                runner, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from crm.domain.enums import Role
    from crm.services.audit import AuditFilter, audit_events
    from crm.ui.context import AppContext, AppSignals
    from crm.ui.pages.customers import CustomerListPanel
    from tests import factories

    branch = factories.branch(empty_db)
    manager = factories.user(empty_db, "jingli01", Role.MANAGER, branch, "张经理")
    other = factories.user(empty_db, "jingli02", Role.MANAGER, branch, "李经理")
    factories.customer(empty_db, "王小明", owner=manager, overdue_days=10)
    factories.customer(empty_db, "王大明", owner=manager, overdue_days=40)
    factories.customer(empty_db, "赵六", owner=manager)
    factories.customer(empty_db, "王别人", owner=other)
    panel = CustomerListPanel(AppContext(empty_db, manager, settings, runner, AppSignals()))
    qtbot.addWidget(panel)
    panel.search.setText("王")
    panel.refresh()
    assert panel.model.rowCount() == 2
    out = tmp_path / "view.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    panel.export_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    names = [r[0] for r in rows if r[0] in ("王小明", "王大明", "赵六", "王别人")]
    assert sorted(names) == ["王大明", "王小明"]          # the view, within scope
    assert all("*" in str(r[1]) for r in rows if r[0] in names)   # masked ID
    from crm.domain.actors import Actor

    with empty_db.uow(Actor.cli()) as uow:
        events = audit_events(uow, Actor.cli(), AuditFilter(action="export"), None, 10)
    assert events and "导出" in events[0].summary
