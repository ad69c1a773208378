"""走访管理: screening (走访筛选), the week's plan (走访计划), the day's route (今日路线),
supervisor review (主管复核), negotiated repayment plans (还款计划) and effect evaluation
(效果评估), as tabs of one page.

Reads come from crm.queries.visits and writes go through crm.services.visits, both on the
worker; the dialogs are in crm.ui.visit_dialogs. Every tab refreshes when visits, contacts
or customers change (ctx.signals.data_changed).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QSpinBox, QSplitter, QTableView, QTableWidget, QTableWidgetItem,
    QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from crm.domain.actors import Permission
from crm.domain.compliance import local_today
from crm.domain.enums import Bucket, Role, VisitPurpose, VisitStatus
from crm.domain.errors import ValidationError
from crm.domain.records import UserView, VisitPlanView
from crm.queries.visits import (
    CandidateRow, DayRoute, ReviewRow, Screening, ScreeningFilter, get_visit, review_count,
    review_queue, screen_candidates, staff_day, visit_calendar,
)
from crm.services.visits import reschedule_visit, set_route_order
from crm.ui import dates
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.table_model import Column, RecordTableModel, record_view
from crm.ui.visit_dialogs import (
    VISIT_CHANGES, PlanDialog, ReviewDialog, VisitDialog, visit_html, visit_staff,
)

WEEKDAYS = "一二三四五六日"
WATCHED = frozenset({"visits", "contacts", "customers", "tasks"})
STATUS_COLOURS = {
    VisitStatus.DRAFT: "#f6f5f4", VisitStatus.APPOINTED: "#dbeafe",
    VisitStatus.VISITED: "#dcfce7", VisitStatus.NOT_MET: "#fef3c7",
    VisitStatus.PENDING_REVIEW: "#ede9fe", VisitStatus.REVIEWED: "#d1fae5",
    VisitStatus.RETURNED: "#fee2e2", VisitStatus.CANCELLED: "#e5e5e5",
}


def _hhmm(t: time | None) -> str:
    return f"{t:%H:%M}" if t is not None else ""


def _empty_label(name: str) -> QLabel:
    label = QLabel(objectName=name, alignment=Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555; font-size: 14px; padding: 30px")
    return label


def _open_on_enter(view: QTableView, slot: Any) -> None:
    QShortcut(QKeySequence(Qt.Key.Key_Return), view, slot,
              context=Qt.ShortcutContext.WidgetShortcut)
    QShortcut(QKeySequence(Qt.Key.Key_Enter), view, slot,
              context=Qt.ShortcutContext.WidgetShortcut)


class _Panel(QWidget):
    """A tab: reloads when shown after data changed while hidden."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.stale = False
        ctx.signals.data_changed.connect(self._on_data_changed)

    def refresh(self) -> None:
        raise NotImplementedError

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & WATCHED:
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        pass


# ---- 走访筛选 ---------------------------------------------------------------------------

CANDIDATE_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Priority"), lambda r: round(r.score, 1), numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda r: r.name),
    Column(QT_TRANSLATE_NOOP("Columns", "Overdue days"), lambda r: r.overdue_days, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Overdue amount"), lambda r: r.overdue_amount,
           numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Bucket"), lambda r: r.bucket.value),
    Column(QT_TRANSLATE_NOOP("Columns", "Risk"), lambda r: r.risk_level),
    Column(QT_TRANSLATE_NOOP("Columns", "District"), lambda r: r.district),
    Column(QT_TRANSLATE_NOOP("Columns", "Manager"), lambda r: r.owner_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Last visit"), lambda r: r.last_visit_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Unreachable"), lambda r: "失联" if r.unreachable else ""),
    Column(QT_TRANSLATE_NOOP("Columns", "Why"), lambda r: r.explanation),
]


class _ExplainedModel(RecordTableModel):
    """The full text of a cell as its tooltip (the explanation is long)."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)


class ScreeningPanel(_Panel):
    open_customer = Signal(int)
    planned = Signal()

    def __init__(self, ctx: AppContext, page: VisitsPage) -> None:
        super().__init__(ctx)
        self.page = page
        self.plan_dialog: PlanDialog | None = None
        self.manager = QComboBox(objectName="screenManager")
        self.district = QLineEdit(objectName="screenDistrict")
        self.bucket = QComboBox(objectName="screenBucket")
        self.min_amount = QLineEdit(objectName="screenMinAmount")
        self.max_amount = QLineEdit(objectName="screenMaxAmount")
        self.not_visited = QSpinBox(objectName="screenNotVisited", maximum=3650)
        self.unreachable = QCheckBox(objectName="screenUnreachable")
        self.include_planned = QCheckBox(objectName="screenIncludePlanned")
        self.search_button = QPushButton(objectName="screenSearch")
        self.count = QLabel(objectName="screenCount")
        self.plan_button = QPushButton(objectName="screenPlan")
        self.open_button = QPushButton(objectName="screenOpenCustomer")
        self.banner = QLabel(objectName="screenBanner", wordWrap=True)
        self.banner.setStyleSheet("background: #fff4ce; color: #5c3c00; padding: 6px")
        self.banner.hide()
        self.model = _ExplainedModel(CANDIDATE_COLUMNS)
        self.view = record_view(self.model, "screenTable")
        self.view.setWordWrap(False)
        self.why = QLabel(objectName="screenWhy", wordWrap=True)
        self.why.setStyleSheet("color: #333; padding: 4px")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for col, width in enumerate((56, 80, 72, 100, 60, 56, 80, 70, 90, 50)):
            self.view.setColumnWidth(col, width)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.view.doubleClicked.connect(lambda _i: self._open_customer())
        self.empty = _empty_label("screenEmpty")
        for w in (self.district, self.min_amount, self.max_amount):
            w.setMaximumWidth(110)
            w.returnPressed.connect(self.refresh)
        self.manager.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for box in (self.manager, self.bucket):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        for check in (self.unreachable, self.include_planned):
            check.toggled.connect(lambda _v: self.refresh())
        self.not_visited.editingFinished.connect(self.refresh)
        self.search_button.clicked.connect(self.refresh)
        self.plan_button.clicked.connect(self.plan_selected)
        self.open_button.clicked.connect(self._open_customer)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.plan_selected)
        self.manager.setVisible(ctx.actor.role is not Role.MANAGER)
        can_plan = ctx.actor.can(Permission.EDIT_CUSTOMERS) and not ctx.actor.read_only
        self.plan_button.setVisible(can_plan)
        filters = QHBoxLayout()
        self.labels = [QLabel() for _ in range(4)]
        for w in (self.manager, self.labels[0], self.district, self.bucket, self.labels[1],
                  self.min_amount, QLabel("–"), self.max_amount, self.labels[2],
                  self.not_visited, self.unreachable, self.include_planned, self.search_button):
            filters.addWidget(w)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.why)
        self.retranslate()
        self._on_selection()

    def retranslate(self) -> None:
        self.labels[0].setText(self.tr("District"))
        self.labels[1].setText(self.tr("Overdue ¥"))
        self.labels[2].setText(self.tr("Not visited in (days)"))
        self.district.setPlaceholderText(self.tr("All"))
        self.min_amount.setPlaceholderText(self.tr("from"))
        self.max_amount.setPlaceholderText(self.tr("to"))
        self.not_visited.setSpecialValueText(self.tr("any"))
        self.unreachable.setText(self.tr("Phone unreachable"))
        self.include_planned.setText(self.tr("Include planned"))
        self.search_button.setText(self.tr("Search"))
        self.plan_button.setText(self.tr("Plan visits…"))
        self.plan_button.setToolTip("Ctrl+Shift+N")
        self.open_button.setText(self.tr("Open customer"))
        box = self.bucket
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("All buckets"), None)
        for b in Bucket:
            box.addItem(b.label, b)
        box.setCurrentIndex(max(box.findData(current), 0))
        box.blockSignals(False)
        self.model.retranslate()

    def set_users(self, users: Sequence[UserView]) -> None:
        self.manager.blockSignals(True)
        self.manager.clear()
        self.manager.addItem(self.tr("All managers"), None)
        for u in users:
            if u.role is Role.MANAGER:
                self.manager.addItem(u.display_name, u.id)
        self.manager.blockSignals(False)

    @staticmethod
    def _amount(edit: QLineEdit, label: str) -> Decimal | None:
        text = edit.text().strip().replace(",", "").replace("¥", "")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValidationError({"amount": f"{label}不是有效的金额"}) from None

    def current_filter(self) -> ScreeningFilter:
        return ScreeningFilter(
            owner_id=self.manager.currentData(), district=self.district.text().strip() or None,
            bucket=self.bucket.currentData(),
            min_amount=self._amount(self.min_amount, "逾期金额下限"),
            max_amount=self._amount(self.max_amount, "逾期金额上限"),
            not_visited_days=self.not_visited.value() or None,
            unreachable=self.unreachable.isChecked(),
            exclude_planned=not self.include_planned.isChecked())

    def refresh(self) -> None:
        try:
            flt = self.current_filter()
        except ValidationError as exc:
            show_error(self, exc)
            return
        actor = self.ctx.actor
        self.ctx.run(lambda uow, _p: screen_candidates(uow.session, actor, flt),
                     self._on_loaded, widget=self)

    def _on_loaded(self, result: Screening) -> None:
        self.model.set_records(result.rows)
        if result.matched > len(result.rows):
            text = self.tr("%1 customers match; the %2 with the highest priority are shown")
            self.count.setText(text.replace("%1", f"{result.matched:,}")
                               .replace("%2", f"{len(result.rows):,}"))
        else:
            self.count.setText(self.tr("%1 customers match").replace("%1",
                                                                      f"{result.matched:,}"))
        empty = not result.rows
        self.empty.setText(self.tr("No customer needs a visit under these filters. Candidates "
                                   "are overdue customers without a visit already planned; "
                                   "widen the filters or tick “Include planned”."))
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)
        self._on_selection()

    def selected(self) -> list[CandidateRow]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [self.model.record(r) for r in rows]

    def _on_selection(self) -> None:
        chosen = self.selected()
        n = len(chosen)
        if n == 1:
            self.why.setText(f"{chosen[0].name}：{chosen[0].score:.1f} = "
                             + chosen[0].explanation)
        self.why.setVisible(n == 1)
        self.plan_button.setEnabled(n > 0)
        self.open_button.setEnabled(n == 1)
        self.plan_button.setText(self.tr("Plan visits…") if n < 2 else
                                 self.tr("Plan visits for %1 customers…").replace("%1", str(n)))

    def _open_customer(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.open_customer.emit(chosen[0].customer_id)

    def plan_selected(self) -> PlanDialog | None:
        chosen = self.selected()
        if not chosen or not self.plan_button.isVisible():
            return None
        dialog = PlanDialog(self.ctx, [(r.customer_id, r.name) for r in chosen],
                            self.page.staff, self)
        dialog.saved_view.connect(lambda result: self._on_planned(dialog, result))
        self.plan_dialog = dialog
        dialog.open()
        return dialog

    def _on_planned(self, dialog: PlanDialog, result: Any) -> None:
        text = self.tr("%1 visit(s) planned for %2; see 走访计划.").replace(
            "%1", str(len(result.created))).replace(
            "%2", f"{result.created[0].planned_on:%Y-%m-%d}" if result.created else "")
        if dialog.refused:
            text += "\n" + self.tr("Not planned:") + "\n" + "\n".join(
                f"· {name}：{reason}" for name, reason in dialog.refused)
        self.banner.setText(text)
        self.banner.show()
        self.planned.emit()


# ---- 走访计划 ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanRow:
    """One visit of the week in the list under the calendar (its staff joined)."""

    visit_id: int
    planned_on: date
    window: str
    customer_id: int
    customer_name: str
    purpose: VisitPurpose
    status: VisitStatus
    staff: str


PLAN_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Date"), lambda r: r.planned_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Time"), lambda r: r.window),
    Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda r: r.customer_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Purpose"), lambda r: r.purpose),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda r: r.status),
    Column(QT_TRANSLATE_NOOP("Columns", "Staff"), lambda r: r.staff),
]


MIME_VISIT = "application/x-crm-visit"


class _WeekGrid(QTableWidget):
    """The week grid; a cell holding one visit can be dragged to another day (改期)."""

    dropped = Signal(int, int)   # visit id, column (day of the week)

    def __init__(self) -> None:
        super().__init__(0, 7, objectName="weekGrid")
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self._press: Any = None

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        from PySide6.QtCore import QMimeData
        from PySide6.QtGui import QDrag
        from PySide6.QtWidgets import QApplication
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton or \
                (event.position().toPoint() - self._press).manhattanLength() < \
                QApplication.startDragDistance():
            return super().mouseMoveEvent(event)
        item = self.itemAt(self._press)
        ids = list(item.data(Qt.ItemDataRole.UserRole) or []) if item else []
        self._press = None
        if len(ids) != 1:
            return None
        mime = QMimeData()
        mime.setData(MIME_VISIT, str(ids[0]).encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)
        return None

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(MIME_VISIT):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(MIME_VISIT):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if not event.mimeData().hasFormat(MIME_VISIT):
            return
        col = self.columnAt(event.position().toPoint().x())
        if col >= 0:
            event.acceptProposedAction()
            self.dropped.emit(int(bytes(event.mimeData().data(MIME_VISIT)).decode()), col)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


class CalendarPanel(_Panel):
    """The week: a grid of staff × days, and the list of the week's visits below it."""

    open_visit = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.monday = week_start(local_today())
        self.entries: list[Any] = []
        self.prev_button = QPushButton(objectName="weekPrev")
        self.this_button = QPushButton(objectName="weekThis")
        self.next_button = QPushButton(objectName="weekNext")
        self.week_label = QLabel(objectName="weekLabel")
        self.week_label.setStyleSheet("font-weight: bold")
        self.staff_filter = QComboBox(objectName="weekStaff")
        self.staff_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.show_cancelled = QCheckBox(objectName="weekCancelled")
        self.count = QLabel(objectName="weekCount")
        self.hint = QLabel(objectName="weekHint")
        self.hint.setStyleSheet("color: #555")
        self.grid = _WeekGrid()
        self.grid.dropped.connect(lambda vid, col: self.reschedule_to(
            vid, self.monday + timedelta(days=col)))
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid.setWordWrap(False)
        self.grid.verticalHeader().setMinimumSectionSize(30)
        self.grid.cellDoubleClicked.connect(self._on_cell)
        self.model = RecordTableModel(PLAN_COLUMNS)
        self.view = record_view(self.model, "weekList")
        for col, width in enumerate((90, 100, 100, 80, 80)):
            self.view.setColumnWidth(col, width)
        self.view.doubleClicked.connect(lambda i: self._open_row(i.row()))
        _open_on_enter(self.view, lambda: self._open_row(self.view.currentIndex().row()))
        self.empty = _empty_label("weekEmpty")
        self.prev_button.clicked.connect(lambda: self.move_week(-7))
        self.next_button.clicked.connect(lambda: self.move_week(7))
        self.this_button.clicked.connect(lambda: self.set_week(local_today()))
        self.staff_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_cancelled.toggled.connect(lambda _v: self.refresh())
        QShortcut(QKeySequence("Alt+Left"), self, lambda: self.move_week(-7))
        QShortcut(QKeySequence("Alt+Right"), self, lambda: self.move_week(7))
        bar = QHBoxLayout()
        for w in (self.prev_button, self.this_button, self.next_button, self.week_label):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.hint)
        bar.addWidget(self.staff_filter)
        bar.addWidget(self.show_cancelled)
        bar.addWidget(self.count)
        split = QSplitter(Qt.Orientation.Vertical, objectName="weekSplit")
        split.addWidget(self.grid)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.view)
        bl.addWidget(self.empty)
        split.addWidget(bottom)
        split.setSizes([330, 250])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.prev_button.setText(self.tr("◀ Previous week"))
        self.this_button.setText(self.tr("This week"))
        self.next_button.setText(self.tr("Next week ▶"))
        self.prev_button.setToolTip("Alt+←")
        self.next_button.setToolTip("Alt+→")
        self.show_cancelled.setText(self.tr("Show cancelled"))
        self.hint.setText(self.tr("Double-click to open; drag a visit to another day to "
                                  "reschedule it"))
        self.model.retranslate()
        self._fill_grid()

    def set_users(self, users: Sequence[UserView]) -> None:
        self.staff_filter.blockSignals(True)
        self.staff_filter.clear()
        self.staff_filter.addItem(self.tr("All staff"), None)
        for u in users:
            self.staff_filter.addItem(u.display_name, u.id)
        self.staff_filter.blockSignals(False)

    def set_week(self, day: date) -> None:
        self.monday = week_start(day)
        self.refresh()

    def move_week(self, days: int) -> None:
        self.set_week(self.monday + timedelta(days=days))

    def refresh(self) -> None:
        actor, start = self.ctx.actor, self.monday
        staff_id, cancelled = self.staff_filter.currentData(), self.show_cancelled.isChecked()
        self.ctx.run(lambda uow, _p: visit_calendar(
            uow.session, actor, start, start + timedelta(days=6), staff_id=staff_id,
            include_cancelled=cancelled), self._on_loaded, widget=self)

    def _on_loaded(self, entries: list[Any]) -> None:
        self.entries = entries
        rows: dict[int, PlanRow] = {}
        staff: dict[int, list[str]] = {}
        for e in entries:
            staff.setdefault(e.visit_id, [])
            name = e.user_name + ("（主）" if e.lead else "")
            if name not in staff[e.visit_id]:
                staff[e.visit_id].append(name)
            if e.visit_id not in rows:
                window = (f"{_hhmm(e.window_start)}–{_hhmm(e.window_end)}"
                          if e.window_start else "")
                rows[e.visit_id] = PlanRow(e.visit_id, e.planned_on, window, e.customer_id,
                                           e.customer_name, e.purpose, e.status, "")
        plan_rows = [PlanRow(r.visit_id, r.planned_on, r.window, r.customer_id, r.customer_name,
                             r.purpose, r.status, "、".join(staff[r.visit_id]))
                     for r in rows.values()]
        self.model.set_records(plan_rows)
        self.count.setText(self.tr("%1 visits this week").replace("%1", str(len(plan_rows))))
        self.empty.setText(self.tr("No visits planned this week. Plan them from 走访筛选: "
                                   "select customers and press “Plan visits…”."))
        self.empty.setVisible(not plan_rows)
        self.view.setVisible(bool(plan_rows))
        self._fill_grid()

    def _fill_grid(self) -> None:
        days = [self.monday + timedelta(days=i) for i in range(7)]
        end = days[-1]
        self.week_label.setText(f"{self.monday:%Y-%m-%d} – {end:%Y-%m-%d}")
        today = local_today()
        self.grid.setHorizontalHeaderLabels(
            [f"周{WEEKDAYS[i]} {d:%m-%d}" + (" ·今天" if d == today else "")
             for i, d in enumerate(days)])
        people: dict[int, str] = {}
        for e in self.entries:
            people.setdefault(e.user_id, e.user_name)
        order = sorted(people, key=lambda uid: people[uid])
        self.grid.clearContents()
        self.grid.setRowCount(len(order))
        self.grid.setVerticalHeaderLabels([people[u] for u in order])
        cells: dict[tuple[int, int], list[Any]] = {}
        for e in self.entries:
            cells.setdefault((order.index(e.user_id), (e.planned_on - self.monday).days),
                             []).append(e)
        for (row, col), found in cells.items():
            lines = [f"{_hhmm(e.window_start) or '--:--'} {e.customer_name}·{e.status.label}"
                     for e in found]
            item = QTableWidgetItem("\n".join(lines))
            item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            item.setData(Qt.ItemDataRole.UserRole, [e.visit_id for e in found])
            item.setToolTip("\n".join(f"{line}（{e.purpose.label}）"
                                      for line, e in zip(lines, found)))
            statuses = {e.status for e in found}
            colour = STATUS_COLOURS.get(found[0].status, "#fff") if len(statuses) == 1 \
                else "#fff"
            item.setBackground(QBrush(QColor(colour)))
            self.grid.setItem(row, col, item)
        self.grid.resizeRowsToContents()

    def reschedule_to(self, visit_id: int, day: date) -> None:
        """Drag and drop: the visit to another day, same time window (clash-checked)."""
        entry = next((e for e in self.entries if e.visit_id == visit_id), None)
        if entry is None or entry.planned_on == day:
            return
        actor = self.ctx.actor
        self.ctx.run(lambda uow, _p: reschedule_visit(
            uow, actor, visit_id, entry.version, day, entry.window_start, entry.window_end),
            lambda _v: None, widget=self, changes=VISIT_CHANGES)

    def cell_visits(self, row: int, col: int) -> list[int]:
        item = self.grid.item(row, col)
        return list(item.data(Qt.ItemDataRole.UserRole) or []) if item else []

    def _on_cell(self, row: int, col: int) -> None:
        ids = self.cell_visits(row, col)
        if len(ids) == 1:
            self.open_visit.emit(ids[0])
        elif ids:  # several: select them in the list below to choose
            self.view.clearSelection()
            for r, rec in enumerate(self.model.records):
                if rec.visit_id in ids:
                    self.view.selectRow(r)
                    break
            self.view.setFocus()

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_visit.emit(self.model.record(row).visit_id)


# ---- 今日路线 ---------------------------------------------------------------------------

@dataclass(frozen=True)
class StopRow:
    position: int
    visit_id: int
    customer_id: int
    customer_name: str
    district: str
    address: str
    window: str
    status: VisitStatus
    latitude: float | None
    longitude: float | None


STOP_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "No."), lambda r: r.position, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Time"), lambda r: r.window),
    Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda r: r.customer_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda r: r.status),
    Column(QT_TRANSLATE_NOOP("Columns", "District"), lambda r: r.district),
    Column(QT_TRANSLATE_NOOP("Columns", "Address"), lambda r: r.address),
]


class RouteSketch(QWidget):
    """A schematic of the stops (no map: branch PCs are offline): numbered dots joined in the
    current order, the start point as a square."""

    def __init__(self) -> None:
        super().__init__(objectName="routeSketch")
        self.points: list[tuple[float, float]] = []
        self.start: tuple[float, float] | None = None
        self.setMinimumSize(260, 220)

    def set_stops(self, stops: Sequence[StopRow], start: tuple[float, float] | None) -> None:
        self.points = [(s.latitude, s.longitude) for s in stops
                       if s.latitude is not None and s.longitude is not None]
        self.start = start
        self.update()

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#fafafa"))
        p.setPen(QPen(QColor("#ccc")))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        pts = ([self.start] if self.start else []) + self.points
        if not self.points:
            p.setPen(QColor("#777"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.tr("No coordinates: stops are ordered by district, street and "
                               "house number"))
            return
        lats, lons = [a for a, _b in pts], [b for _a, b in pts]
        margin = 24
        w, h = self.width() - 2 * margin, self.height() - 2 * margin
        span_lat = max(max(lats) - min(lats), 1e-6)
        span_lon = max(max(lons) - min(lons), 1e-6)

        def at(pt: tuple[float, float]) -> QPointF:
            return QPointF(margin + (pt[1] - min(lons)) / span_lon * w,
                           margin + (max(lats) - pt[0]) / span_lat * h)
        p.setPen(QPen(QColor("#1a5fb4"), 2))
        for a, b in zip(pts, pts[1:]):
            p.drawLine(at(a), at(b))
        if self.start:
            c = at(self.start)
            p.fillRect(int(c.x()) - 5, int(c.y()) - 5, 10, 10, QColor("#26a269"))
        for i, pt in enumerate(self.points, start=1):
            c = at(pt)
            p.setBrush(QColor("#c64600"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(c, 9, 9)
            p.setPen(QColor("white"))
            p.drawText(int(c.x()) - 9, int(c.y()) - 9, 18, 18, Qt.AlignmentFlag.AlignCenter,
                       str(i))


class RoutePanel(_Panel):
    """One staff member's day in route order: move stops, take the proposed order, print."""

    open_visit = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        from crm.ui.print_preview import BriefingButton

        super().__init__(ctx)
        self.route: DayRoute | None = None
        self.day = QDateEdit(dates.today(), objectName="routeDay", calendarPopup=True,
                             displayFormat="yyyy-MM-dd")
        self.staff = QComboBox(objectName="routeStaff")
        self.staff.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.summary = QLabel(objectName="routeSummary", wordWrap=True)
        self.summary.setStyleSheet("padding: 4px; background: #eef4fb")
        self.up_button = QPushButton(objectName="routeUp")
        self.down_button = QPushButton(objectName="routeDown")
        self.apply_button = QPushButton(objectName="routeApply")
        self.usernames: dict[int, str] = {}
        self.pack_button = BriefingButton(ctx, self.customer_ids, pack=True,
                                          route=self.pack_route)
        self.model = RecordTableModel(STOP_COLUMNS)
        self.view = record_view(self.model, "routeTable", sortable=False)
        for col, width in enumerate((40, 100, 90, 80, 80)):
            self.view.setColumnWidth(col, width)
        self.view.doubleClicked.connect(lambda i: self._open_row(i.row()))
        _open_on_enter(self.view, lambda: self._open_row(self.view.currentIndex().row()))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._sync())
        self.sketch = RouteSketch()
        self.empty = _empty_label("routeEmpty")
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.staff.currentIndexChanged.connect(lambda _i: self.refresh())
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.apply_button.clicked.connect(self.apply_proposed)
        QShortcut(QKeySequence("Ctrl+Up"), self, lambda: self.move(-1))
        QShortcut(QKeySequence("Ctrl+Down"), self, lambda: self.move(1))
        self.staff.setVisible(ctx.actor.role is not Role.MANAGER)
        bar = QHBoxLayout()
        self.day_label, self.staff_label = QLabel(), QLabel()
        for w in (self.day_label, self.day, self.staff_label, self.staff):
            bar.addWidget(w)
        self.staff_label.setVisible(self.staff.isVisibleTo(self))
        bar.addStretch(1)
        for w in (self.up_button, self.down_button, self.apply_button, self.pack_button):
            bar.addWidget(w)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.view)
        ll.addWidget(self.empty)
        split = QSplitter(objectName="routeSplit")
        split.addWidget(left)
        split.addWidget(self.sketch)
        split.setSizes([700, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.retranslate()
        self._sync()

    def retranslate(self) -> None:
        self.day_label.setText(self.tr("Day"))
        self.staff_label.setText(self.tr("Staff"))
        self.up_button.setText(self.tr("Move up"))
        self.down_button.setText(self.tr("Move down"))
        self.up_button.setToolTip("Ctrl+↑")
        self.down_button.setToolTip("Ctrl+↓")
        self.apply_button.setText(self.tr("Use the suggested order"))
        self.pack_button.setText(self.tr("Print the day's visit pack"))
        self.pack_button.setMinimumWidth(self.pack_button.sizeHint().width() + 14)
        self.model.retranslate()

    def set_users(self, users: Sequence[UserView]) -> None:
        self.staff.blockSignals(True)
        self.staff.clear()
        me = self.ctx.actor.user_id
        self.usernames = {u.id: u.username for u in users}
        for u in users:
            self.staff.addItem(u.display_name, u.id)
        self.staff.setCurrentIndex(max(self.staff.findData(me), 0))
        self.staff.blockSignals(False)

    def _day(self) -> date:
        return self.day.date().toPython()

    def user_id(self) -> int | None:
        return self.staff.currentData() if self.staff.count() else self.ctx.actor.user_id

    def pack_route(self) -> tuple[str, date] | None:
        """(username, day) for the day's visit pack (route cover, stops in order)."""
        uid = self.user_id()
        name = self.usernames.get(uid) if uid is not None else None
        if name is None and uid == self.ctx.actor.user_id:
            name = self.ctx.actor.username
        if name is None or not self.model.rowCount():
            return None
        return name, self._day()

    def customer_ids(self) -> list[int]:
        return [r.customer_id for r in self.model.records]

    def refresh(self) -> None:
        uid, day, actor = self.user_id(), self._day(), self.ctx.actor
        if uid is None:
            self._on_loaded(None)
            return

        def work(uow: Any, _p: Any) -> Any:
            from crm.queries.visits import day_route
            return day_route(uow.session, actor, uid, day), staff_day(uow.session, actor, uid,
                                                                       day)
        self.ctx.run(work, self._on_loaded, widget=self)

    def _on_loaded(self, result: tuple[DayRoute, list[VisitPlanView]] | None) -> None:
        route, views = result if result else (None, [])
        self.route = route
        by_id = {v.id: v for v in views}
        rows = []
        for i, s in enumerate(route.stops if route else (), start=1):
            v = by_id.get(s.visit_id)
            rows.append(StopRow(i, s.visit_id, v.customer_id if v else 0, s.customer_name,
                                s.district, s.address_masked, v.window_text if v else "",
                                v.status if v else VisitStatus.DRAFT, s.latitude, s.longitude))
        self.model.set_records(rows)
        self.sketch.set_stops(rows, route.start if route else None)
        if route and rows:
            text = self.tr("Suggested order: ") + route.proposed.summary_zh
            if route.current_km is not None:
                text += "\n" + self.tr("Current order: about %1 km").replace(
                    "%1", f"{route.current_km:.1f}")
            if tuple(r.visit_id for r in rows) == route.proposed.order:
                text += "\n" + self.tr("The current order is the suggested one.")
            self.summary.setText(text)
        else:
            self.summary.setText("")
        self.summary.setVisible(bool(rows))
        self.empty.setText(self.tr("No visits on this day. Plan visits from 走访筛选, or pick "
                                   "another day."))
        self.empty.setVisible(not rows)
        self.view.setVisible(bool(rows))
        self._sync()

    def _sync(self) -> None:
        row = self.view.currentIndex().row() if self.view.selectionModel().hasSelection() else -1
        n = self.model.rowCount()
        writer = self.ctx.actor.can(Permission.EDIT_CUSTOMERS) and not self.ctx.actor.read_only
        self.up_button.setEnabled(writer and row > 0)
        self.down_button.setEnabled(writer and 0 <= row < n - 1)
        proposed = self.route.proposed.order if self.route else ()
        self.apply_button.setEnabled(writer and n > 1 and
                                     tuple(r.visit_id for r in self.model.records) != proposed)
        self.pack_button.setEnabled(n > 0)

    def move(self, step: int) -> None:
        row = self.view.currentIndex().row()
        ids = [r.visit_id for r in self.model.records]
        target = row + step
        if not (0 <= row < len(ids) and 0 <= target < len(ids)):
            return
        ids[row], ids[target] = ids[target], ids[row]
        self.save_order(ids, select=target)

    def apply_proposed(self) -> None:
        if self.route is not None:
            self.save_order(list(self.route.proposed.order), select=0)

    def save_order(self, ids: list[int], select: int = -1) -> None:
        uid, day, actor = self.user_id(), self._day(), self.ctx.actor
        if uid is None:
            return

        self._select_after = select   # the reload on data_changed selects the moved stop
        self.ctx.run(lambda uow, _p: set_route_order(uow, actor, uid, day, ids),
                     lambda _r: None, widget=self, changes=frozenset({"visits"}))

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & WATCHED:
            select = getattr(self, "_select_after", -1)
            self._select_after = -1
            uid, day, actor = self.user_id(), self._day(), self.ctx.actor
            if uid is None:
                return

            def work(uow: Any, _p: Any) -> Any:
                from crm.queries.visits import day_route
                return day_route(uow.session, actor, uid, day), staff_day(uow.session, actor,
                                                                           uid, day)

            def loaded(result: Any) -> None:
                self._on_loaded(result)
                if 0 <= select < self.model.rowCount():
                    self.view.selectRow(select)
            self.ctx.run(work, loaded, widget=self)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_visit.emit(self.model.record(row).visit_id)


# ---- 主管复核 ---------------------------------------------------------------------------

REVIEW_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda r: r.visit.customer_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Date"), lambda r: r.visit.planned_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Result"),
           lambda r: "" if r.visit.met_customer is None else
           ("见到客户" if r.visit.met_customer else "未见到客户")),
    Column(QT_TRANSLATE_NOOP("Columns", "Staff"), lambda r: r.visit.staff_names),
    Column(QT_TRANSLATE_NOOP("Columns", "Willingness"), lambda r: r.visit.willingness,
           numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Ability"), lambda r: r.visit.ability, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Flags"), lambda r: "；".join(r.flags)),
]


class _FlaggedModel(RecordTableModel):
    """Reports with a safety incident or an override in red."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and \
                self.records[index.row()].highlighted:
            return QBrush(QColor("#b00020"))
        return super().data(index, role)


class ReviewPanel(_Panel):
    open_customer = Signal(int)
    count_changed = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.review_dialog: ReviewDialog | None = None
        self.total = 0
        self.model = _FlaggedModel(REVIEW_COLUMNS)
        self.view = record_view(self.model, "reviewTable")
        for col, width in enumerate((90, 90, 80, 140, 60, 60)):
            self.view.setColumnWidth(col, width)
        self.view.doubleClicked.connect(lambda _i: self.review_selected())
        _open_on_enter(self.view, self.review_selected)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.detail = QTextBrowser(objectName="reviewDetail")
        self.empty = _empty_label("reviewEmpty")
        self.count = QLabel(objectName="reviewCount")
        self.review_button = QPushButton(objectName="reviewOpen")
        self.open_button = QPushButton(objectName="reviewOpenCustomer")
        self.review_button.clicked.connect(self.review_selected)
        self.open_button.clicked.connect(self._open_customer)
        bar = QHBoxLayout()
        bar.addWidget(self.review_button)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        bar.addWidget(self.count)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.view)
        tl.addWidget(self.empty)
        split = QSplitter(Qt.Orientation.Vertical, objectName="reviewSplit")
        split.addWidget(top)
        split.addWidget(self.detail)
        split.setSizes([330, 250])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.retranslate()
        self._on_selection()

    def retranslate(self) -> None:
        self.review_button.setText(self.tr("Review…"))
        self.review_button.setToolTip("Enter")
        self.open_button.setText(self.tr("Open customer"))
        self.model.retranslate()

    def refresh(self) -> None:
        actor = self.ctx.actor
        self.ctx.run(lambda uow, _p: (review_queue(uow.session, actor),
                                      review_count(uow.session, actor)),
                     self._on_loaded, widget=self)

    def _on_loaded(self, result: tuple[list[ReviewRow], int]) -> None:
        rows, total = result
        self.total = total
        self.model.set_records(rows)
        shown = f"{len(rows)} / {total}" if total > len(rows) else str(total)
        self.count.setText(self.tr("%1 reports awaiting review").replace("%1", shown))
        self.empty.setText(self.tr("No visit reports await review. Managers send a report "
                                   "here when they record a visit."))
        self.empty.setVisible(not rows)
        self.view.setVisible(bool(rows))
        self.detail.clear()
        self._on_selection()
        self.count_changed.emit(total)

    def selected(self) -> ReviewRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _on_selection(self) -> None:
        row = self.selected()
        self.review_button.setEnabled(row is not None)
        self.open_button.setEnabled(row is not None)
        if row is not None:
            self.detail.setHtml(visit_html(row.visit, row.flags))

    def review_selected(self) -> ReviewDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = ReviewDialog(self.ctx, row.visit, row.flags, self)
        self.review_dialog = dialog
        dialog.open()
        return dialog

    def _open_customer(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_customer.emit(row.visit.customer_id)


# ---- the page -------------------------------------------------------------------------------

class VisitsPage(QWidget):
    """The 走访管理 navigation page."""

    open_customer = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        from crm.ui.pages.repayment_plans import RepaymentPlansWidget
        from crm.ui.pages.visit_effects import VisitEffectsWidget

        self.ctx = ctx
        self.users: list[UserView] = []
        self.staff: list[UserView] = []
        self.visit_dialog: VisitDialog | None = None
        self.title = QLabel(objectName="visitsTitle")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold; padding: 4px 2px")
        self.tabs = QTabWidget(objectName="visitsTabs", documentMode=True)
        self.screening = ScreeningPanel(ctx, self)
        self.calendar = CalendarPanel(ctx)
        self.route = RoutePanel(ctx)
        self.review = ReviewPanel(ctx) if ctx.actor.can(Permission.REVIEW) else None
        self.plans = RepaymentPlansWidget(ctx)
        self.effects = VisitEffectsWidget(ctx)
        self.tabs.addTab(self.screening, "")
        self.tabs.addTab(self.calendar, "")
        self.tabs.addTab(self.route, "")
        if self.review is not None:
            self.tabs.addTab(self.review, "")
            self.review.count_changed.connect(lambda _n: self.retranslate())
            self.review.open_customer.connect(self.open_customer)
        self.tabs.addTab(self.plans, "")
        self.tabs.addTab(self.effects, "")
        self.screening.open_customer.connect(self.open_customer)
        self.screening.planned.connect(self._after_planning)
        self.calendar.open_visit.connect(self.open_visit)
        self.route.open_visit.connect(self.open_visit)
        self.tabs.currentChanged.connect(self._on_tab)
        self._shown: set[int] = set()
        QShortcut(QKeySequence("F5"), self, self.refresh_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.retranslate()
        self._load_users()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Visit management"))
        texts = [self.tr("Screening"), self.tr("Visit plan"), self.tr("Day route")]
        if self.review is not None:
            texts.append(self.tr("Supervisor review") +
                         (f" ({self.review.total})" if self.review.total else ""))
        texts += [self.tr("Repayment plans"), self.tr("Effect evaluation")]
        for i, text in enumerate(texts):
            self.tabs.setTabText(i, text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _load_users(self) -> None:
        from crm.services.users import list_users

        actor = self.ctx.actor
        self.ctx.run(lambda uow, _p: list_users(uow, actor), self._on_users, widget=self)

    def _on_users(self, users: list[UserView]) -> None:
        self.users = users
        self.staff = visit_staff(users)
        self.screening.set_users(users)
        self.calendar.set_users(self.staff)
        self.route.set_users(self.staff)
        self.screening.refresh()
        self.calendar.refresh()
        self.route.refresh()
        if self.review is not None:
            self.review.refresh()

    def _on_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget in (self.plans, self.effects) and index not in self._shown:
            self._shown.add(index)
            widget.refresh()

    def refresh_current(self) -> None:
        widget = self.tabs.currentWidget()
        widget.refresh()  # type: ignore[attr-defined]

    def _after_planning(self) -> None:
        dialog = self.screening.plan_dialog
        if dialog is not None and dialog.saved is not None and dialog.saved.created:
            self.calendar.set_week(dialog.saved.created[0].planned_on)

    def plan_repayment(self, visit: VisitPlanView) -> Any:
        """The 还款计划 tab with the plan dialog open for the visit's customer, linked to it."""
        self.tabs.setCurrentWidget(self.plans)
        return self.plans.new_plan(customer_id=visit.customer_id,
                                   customer_name=visit.customer_name, visit_id=visit.id)

    def open_visit(self, visit_id: int) -> None:
        actor = self.ctx.actor
        self.ctx.run(lambda uow, _p: get_visit(uow.session, actor, visit_id),
                     self._show_visit, widget=self)

    def _show_visit(self, view: VisitPlanView) -> None:
        dialog = VisitDialog(self.ctx, view, self)
        dialog.open_customer.connect(self.open_customer)
        dialog.open_customer.connect(lambda _c: dialog.accept())
        dialog.plan_repayment.connect(lambda v: (dialog.accept(), self.plan_repayment(v)))
        self.visit_dialog = dialog
        dialog.open()
