"""今日工作: what is due today, counted by kind; each row opens its customer.

Promises are settled first (kept / broken as of today), so "broken yesterday" is current
the first time a manager opens the app in the morning.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QHBoxLayout,
    QLabel, QPushButton, QVBoxLayout, QWidget,
)

from crm.domain.actors import Permission
from crm.domain.compliance import local_today
from crm.domain.enums import Role
from crm.domain.views360 import TodayRow, TodaySummary
from crm.queries.risk import missed_alert_count
from crm.services.promises import settle_promises
from crm.services.repayment_plans import check_adherence
from crm.services.surveys import (
    case_notices, escalate_overdue_cases, schedule_periodic_surveys,
)
from crm.services.tasks import complete_task, reassign_task, snooze_task, today_summary
from crm.services.users import list_users
from crm.ui import dates
from crm.ui.context import AppContext
from crm.ui.table_model import Column, RecordTableModel, record_view

WEEKDAYS = "一二三四五六日"
# section attribute, English title (context "Today"), colour of the count
SECTIONS = (
    ("follow_ups_overdue", QT_TRANSLATE_NOOP("Today", "Overdue follow-ups"), "#b00020"),
    ("follow_ups_due", QT_TRANSLATE_NOOP("Today", "Follow-ups due today"), "#1a5fb4"),
    ("promises_due", QT_TRANSLATE_NOOP("Today", "Promises due today"), "#1a5fb4"),
    ("promises_broken", QT_TRANSLATE_NOOP("Today", "Promises broken yesterday"), "#b00020"),
    ("visits_today", QT_TRANSLATE_NOOP("Today", "Visits today"), "#26a269"),
    ("open_alerts", QT_TRANSLATE_NOOP("Today", "Open risk alerts"), "#c64600"),
    ("surveys_due", QT_TRANSLATE_NOOP("Today", "Satisfaction follow-ups due"), "#613583"),
)


class _Item:
    """A row of the table: the TodayRow plus the section it came from."""

    __slots__ = ("row", "section")

    def __init__(self, row: TodayRow, section: str) -> None:
        self.row, self.section = row, section


def _section_title(key: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Today", dict((k, t) for k, t, _c in SECTIONS)[key])


COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda i: _section_title(i.section)),
    Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda i: i.row.customer_name),
    Column(QT_TRANSLATE_NOOP("Columns", "What"), lambda i: i.row.what),
    Column(QT_TRANSLATE_NOOP("Columns", "Due"), lambda i: i.row.due_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Manager"), lambda i: i.row.owner_name),
]


class SnoozeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Snooze"))
        self.until = QDateEdit(dates.today().addDays(1), calendarPopup=True,
                               displayFormat="yyyy-MM-dd", objectName="snoozeUntil")
        self.until.setMinimumDate(dates.today().addDays(1))
        form = QFormLayout(self)
        form.addRow(self.tr("Until"), self.until)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ReassignDialog(QDialog):
    def __init__(self, users: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reassign"))
        self.owner = QComboBox(objectName="reassignOwner")
        for u in users:
            if u.active and u.role in (Role.MANAGER, Role.SUPERVISOR):
                self.owner.addItem(f"{u.display_name}（{u.role.label}）", u.id)
        form = QFormLayout(self)
        form.addRow(self.tr("To"), self.owner)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class TodayPage(QWidget):
    open_customer = Signal(int)
    due_count_changed = Signal(int)
    open_missed_alerts = Signal()  # the 风险预警 queue, escalated / past response time only

    def __init__(self, ctx: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today
        self.summary: TodaySummary | None = None
        self.current_section = ""
        self._settled = False
        self.title = QLabel(objectName="todayTitle")
        self.title.setStyleSheet("font-size: 18px; font-weight: bold")
        self.cards: dict[str, QPushButton] = {}
        cards = QGridLayout()       # two rows of four: fits a 1024-pixel screen
        for n, (key, _t, colour) in enumerate(SECTIONS):
            button = QPushButton(objectName=f"card_{key}", checkable=True)
            button.setMinimumHeight(58)
            button.setStyleSheet(
                f"QPushButton {{ text-align: left; padding: 6px 10px; border: 1px solid #ccc; "
                f"border-left: 4px solid {colour}; border-radius: 3px; background: #fafafa }}"
                "QPushButton:checked { background: #e8eef8 }")
            button.clicked.connect(lambda _c=False, k=key: self._on_card_clicked(k))
            self.cards[key] = button
            cards.addWidget(button, n // 4, n % 4)
        # escalated or unanswered risk alerts: not a list here, it opens the alert queue
        self.missed: int | None = None
        self.missed_card = QPushButton(objectName="card_missed_alerts")
        self.missed_card.setMinimumHeight(58)
        self.missed_card.setCursor(Qt.CursorShape.PointingHandCursor)
        self.missed_card.setStyleSheet(
            "QPushButton { text-align: left; padding: 6px 10px; border: 1px solid #ccc; "
            "border-left: 4px solid #b00020; border-radius: 3px; background: #fff4f4 }")
        self.missed_card.clicked.connect(self._on_missed_clicked)
        n = len(SECTIONS)
        cards.addWidget(self.missed_card, n // 4, n % 4)
        # remediation cases put before this user (a supervisor): new ones to note, overdue
        # ones escalated; a banner, since a supervisor's lists hold the whole branch's tasks
        self.notices: Any = None
        self.case_banner = QPushButton(objectName="todayCaseNotices")
        self.case_banner.setCursor(Qt.CursorShape.PointingHandCursor)
        self.case_banner.setStyleSheet(
            "QPushButton { text-align: left; padding: 6px 10px; border: 1px solid #c7b3e5; "
            "border-left: 4px solid #613583; border-radius: 3px; background: #f5f0fb; "
            "font-weight: bold }")
        self.case_banner.clicked.connect(self._on_case_banner_clicked)
        self.case_banner.hide()
        self.model = RecordTableModel(COLUMNS)
        self.view = record_view(self.model, "todayTable")
        self.view.doubleClicked.connect(self._on_view_activated)
        self.view.activated.connect(self._on_view_activated)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._sync_buttons())
        for col, width in enumerate((150, 100, 420, 100)):
            self.view.setColumnWidth(col, width)
        self.empty = QLabel(objectName="todayEmpty", alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555; font-size: 14px; padding: 40px")
        self.open_button = QPushButton(objectName="todayOpen")
        self.done_button = QPushButton(objectName="todayDone")
        self.snooze_button = QPushButton(objectName="todaySnooze")
        self.reassign_button = QPushButton(objectName="todayReassign")
        self.refresh_button = QPushButton(objectName="todayRefresh")
        self.open_button.clicked.connect(lambda: self._on_view_activated(self.view.currentIndex()))
        self.done_button.clicked.connect(self._on_done_clicked)
        self.snooze_button.clicked.connect(self._on_snooze_clicked)
        self.reassign_button.clicked.connect(self._on_reassign_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        self.reassign_button.setVisible(ctx.actor.can(Permission.REVIEW))
        buttons = QHBoxLayout()
        for b in (self.open_button, self.done_button, self.snooze_button, self.reassign_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(cards)
        layout.addWidget(self.case_banner)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        self.empty.hide()
        self.more = QLabel(objectName="todayMore")  # a section longer than the rows listed
        self.more.setStyleSheet("color: #8a5a00")
        layout.addWidget(self.more)
        self.more.hide()
        self.retranslate()
        ctx.signals.data_changed.connect(self._on_data_changed)
        self.refresh()

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        day = self.today or local_today()
        self.title.setText(self.tr("Today — %1").replace(
            "%1", f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"))
        self.open_button.setText(self.tr("Open customer"))
        self.done_button.setText(self.tr("Mark done"))
        self.snooze_button.setText(self.tr("Snooze…"))
        self.reassign_button.setText(self.tr("Reassign…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self._show_cards()
        self.model.retranslate()
        self._show_empty()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_cards(self) -> None:
        for key, title, _c in SECTIONS:
            count = getattr(self.summary, key).count if self.summary else None
            self.cards[key].setText(f"{_section_title(key)}\n"
                                    + ("…" if count is None else f"{count:,}"))
        self.missed_card.setText(self.tr("Escalated or overdue alerts") + "\n"
                                 + ("…" if self.missed is None else f"{self.missed:,}"))
        self.missed_card.setToolTip(self.tr(
            "Risk alerts not acknowledged within their response time, or escalated to the "
            "supervisor. Click to open them on the Risk alerts page."))
        n = self.notices
        self.case_banner.setVisible(bool(n and n.total))
        if n and n.total:
            self.case_banner.setText(
                self.tr("Satisfaction remediation: %1 new cases for you to note, %2 overdue "
                        "cases escalated to you — click to open the remediation cases")
                .replace("%1", str(n.opened)).replace("%2", str(n.escalated)))

    def _show_empty(self) -> None:
        empty = self.summary is not None and self.model.rowCount() == 0
        if empty:
            self.empty.setText(
                self.tr("Nothing in this list.") if self.current_section else
                self.tr("Nothing is due today. Follow-ups you schedule when logging a contact "
                        "(Ctrl+N on a customer) and promises to pay appear here on their day."))
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)
        shown = [key for key, _t, _c in SECTIONS
                 if not self.current_section or key == self.current_section]
        cut = [getattr(self.summary, key) for key in shown] if self.summary is not None else []
        hidden = sum(sec.count - len(sec.rows) for sec in cut)
        self.more.setVisible(hidden > 0)
        if hidden > 0:
            self.more.setText(self.tr(
                "%1 more items are not listed: each kind lists its %2 most urgent (your own "
                "first). Work through these, or open the Customers page to filter the rest.")
                .replace("%1", f"{hidden:,}").replace("%2", str(max(len(sec.rows) for sec in cut))))

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        actor, today = self.ctx.actor, self.today
        self.ctx.run(lambda uow, _p: today_summary(uow, actor, today), self._on_loaded,
                     widget=self)
        self.ctx.run(lambda uow, _p: missed_alert_count(uow.session, actor,
                                                               datetime.now(timezone.utc)),
                     self._on_missed_loaded)
        self.ctx.run(lambda uow, _p: case_notices(uow, actor), self._on_notices_loaded)

    def _on_notices_loaded(self, notices: Any) -> None:
        self.notices = notices
        self._show_cards()

    def _open_tab(self, page_key: str, tab: str) -> Any:
        """Show a page of the main window on one of its tabs; the tab, or None."""
        window = self.window()
        if not hasattr(window, "show_page"):
            return None
        page = window.show_page(page_key)
        widget = getattr(page, tab, None)
        if widget is not None:
            page.tabs.setCurrentWidget(widget)
        return widget

    def _on_case_banner_clicked(self) -> None:
        """Open 满意度调查 → 整改工单 (the notices are tasks in the list below as well)."""
        self._open_tab("surveys", "cases")

    def _on_missed_loaded(self, count: int) -> None:
        self.missed = count
        self._show_cards()

    def _on_missed_clicked(self) -> None:
        """Open the 风险预警 alert queue showing only these alerts."""
        self.open_missed_alerts.emit()
        alerts = self._open_tab("risk", "alerts")
        if alerts is not None:
            alerts.escalated.setChecked(True)

    def _on_loaded(self, summary: TodaySummary) -> None:
        self.summary = summary
        self._fill()
        self.due_count_changed.emit(summary.due_count)
        if not self._settled and not self.ctx.actor.read_only:
            # settle promises (kept / broken as of today) after the page is on screen: on a
            # large database the first settle of the day takes a while
            self._settled = True
            today = self.today
            self.ctx.run(lambda uow, _p: settle_promises(uow, today), self._on_settled)
            # and mark repayment-plan instalments paid / missed (missed: a task and an alert)
            self.ctx.run(lambda uow, _p: check_adherence(uow, today), self._on_adherence)
            # and escalate satisfaction remediation cases past their due date to the supervisor
            self.ctx.run(lambda uow, _p: escalate_overdue_cases(uow, today), self._on_escalated)
            # and create the periodic satisfaction-survey tasks of the segments that have one
            self.ctx.run(lambda uow, _p: schedule_periodic_surveys(uow, today),
                         self._on_surveys_scheduled)

    def _on_settled(self, result: Any) -> None:
        if result.kept or result.broken or result.tasks_created:
            self.refresh()

    def _on_escalated(self, escalated: int) -> None:
        if escalated:
            self.ctx.signals.data_changed.emit(frozenset({"cases", "tasks"}))
            self.refresh()

    def _on_surveys_scheduled(self, created: int) -> None:
        if created:
            self.ctx.signals.data_changed.emit(frozenset({"tasks"}))
            self.refresh()

    def _on_adherence(self, result: Any) -> None:
        if result.paid or result.missed or result.settled or result.defaulted:
            self.ctx.signals.data_changed.emit(frozenset({"plans", "tasks", "alerts"}))

    def _fill(self) -> None:
        assert self.summary is not None
        items = []
        for key, _t, _c in SECTIONS:
            if self.current_section and key != self.current_section:
                continue
            items += [_Item(r, key) for r in getattr(self.summary, key).rows]
        self.model.set_records(items)
        for key, button in self.cards.items():
            button.setChecked(key == self.current_section)
        self._show_cards()
        self._show_empty()
        self._sync_buttons()

    def _on_card_clicked(self, key: str) -> None:
        self.current_section = "" if self.current_section == key else key
        if self.summary is not None:
            self._fill()

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {"tasks", "contacts", "customers", "visits", "alerts"}:
            self.refresh()

    # -- actions ------------------------------------------------------------------------------
    def _current(self) -> _Item | None:
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def _sync_buttons(self) -> None:
        item = self._current()
        has_task = item is not None and item.row.task_id is not None
        self.open_button.setEnabled(item is not None and item.row.customer_id is not None)
        for b in (self.done_button, self.snooze_button, self.reassign_button):
            b.setEnabled(has_task and not self.ctx.actor.read_only)

    def _on_view_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        item = self.model.record(index.row())
        if item.row.customer_id is not None:
            self.open_customer.emit(item.row.customer_id)

    def _on_done_clicked(self) -> None:
        item = self._current()
        if item is None or item.row.task_id is None:
            return
        task_id = item.row.task_id
        self.ctx.run(lambda uow, _p: complete_task(uow, self.ctx.actor, task_id), lambda _v: None,
                     widget=self, changes=frozenset({"tasks"}))

    def _on_snooze_clicked(self) -> None:
        item = self._current()
        if item is None or item.row.task_id is None:
            return
        dialog = SnoozeDialog(self)
        if not dialog.exec():
            return
        until, task_id = dialog.until.date().toPython(), item.row.task_id
        self.ctx.run(lambda uow, _p: snooze_task(uow, self.ctx.actor, task_id, until,
                                                 self.today),
                     lambda _v: None, widget=self, changes=frozenset({"tasks"}))

    def _on_reassign_clicked(self) -> None:
        item = self._current()
        if item is None or item.row.task_id is None:
            return
        self.ctx.run(lambda uow, _p: list_users(uow, self.ctx.actor),
                     lambda users, t=item.row.task_id: self._reassign(t, users), widget=self)

    def _reassign(self, task_id: int, users: list[Any]) -> None:
        dialog = ReassignDialog(users, self)
        if not dialog.exec() or dialog.owner.currentData() is None:
            return
        owner = dialog.owner.currentData()
        self.ctx.run(lambda uow, _p: reassign_task(uow, self.ctx.actor, task_id, owner),
                     lambda _v: None, widget=self, changes=frozenset({"tasks"}))
