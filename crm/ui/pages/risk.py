"""风险预警: the alert queue (filters, bulk acknowledge, steps, detail), with the segment
matrix and the rule admin as tabs; recompute with progress and Cancel."""
from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QInputDialog, QLabel, QMessageBox,
    QPushButton, QSpinBox, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from crm.domain.actors import Permission
from crm.domain.enums import AlertAction, AlertStatus, RiskLevel, Role
from crm.queries.risk import OPEN, AlertDetail, AlertFilter, AlertView, alert_detail, \
    alert_page, rule_names
from crm.services import alerts
from crm.services.risk import recompute
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.table_model import Column, RecordTableModel, display, record_view

LIMIT = 500
CLOSED = (AlertStatus.DISMISSED, AlertStatus.RESOLVED)
STATUS_CHOICES = (  # key, English, statuses
    ("open", QT_TRANSLATE_NOOP("Risk", "Open"), OPEN),
    ("new", QT_TRANSLATE_NOOP("Risk", "New"), (AlertStatus.NEW,)),
    ("in_progress", QT_TRANSLATE_NOOP("Risk", "In progress"),
     (AlertStatus.ACKNOWLEDGED, AlertStatus.IN_PROGRESS)),
    ("closed", QT_TRANSLATE_NOOP("Risk", "Closed"), CLOSED),
    ("all", QT_TRANSLATE_NOOP("Risk", "All statuses"), ()),
)
COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Level"), lambda a: a.level),
    Column(QT_TRANSLATE_NOOP("Columns", "Customer"), lambda a: a.customer_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Rule"), lambda a: a.rule_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Reason"), lambda a: a.reason),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda a: a.status),
    Column(QT_TRANSLATE_NOOP("Columns", "Manager"), lambda a: a.owner_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Raised"), lambda a: a.raised_at),
    Column(QT_TRANSLATE_NOOP("Columns", "Respond by"), lambda a: a.respond_by),
    Column(QT_TRANSLATE_NOOP("Columns", "Escalated"), lambda a: a.escalated),
]
LEVEL_COLOURS = {RiskLevel.CRITICAL: "#b00020", RiskLevel.HIGH: "#c64600",
                 RiskLevel.MEDIUM: "#1a5fb4", RiskLevel.LOW: "#555"}


def _now() -> datetime:
    return datetime.now(timezone.utc)


class AlertQueuePanel(QWidget):
    open_customer = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.level = QComboBox(objectName="alertLevel")
        self.status = QComboBox(objectName="alertStatus")
        self.rule = QComboBox(objectName="alertRule")
        self.manager = QComboBox(objectName="alertManager")
        self.age = QSpinBox(objectName="alertAge", maximum=3650)
        self.escalated = QCheckBox(objectName="alertEscalated")
        self.count = QLabel(objectName="alertCount")
        self.ack_button = QPushButton(objectName="alertAcknowledge")
        self.action_button = QPushButton(objectName="alertAction")
        self.close_button = QPushButton(objectName="alertClose")
        self.open_button = QPushButton(objectName="alertOpenCustomer")
        self.recompute_button = QPushButton(objectName="riskRecompute")
        self.model = RecordTableModel(COLUMNS)
        self.view = record_view(self.model, "alertTable")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.view.doubleClicked.connect(lambda _i: self._on_open_clicked())
        for col, width in enumerate((56, 80, 150, 330, 70, 80, 125, 125)):
            self.view.setColumnWidth(col, width)
        self.detail = QTextBrowser(objectName="alertDetail")
        self.empty = QLabel(objectName="alertEmpty", alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555; font-size: 14px; padding: 30px")
        self._build_layout()
        for box in (self.level, self.status, self.rule, self.manager):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.age.valueChanged.connect(lambda _v: self.refresh())
        self.escalated.toggled.connect(lambda _v: self.refresh())
        self.ack_button.clicked.connect(self._on_ack_clicked)
        self.action_button.clicked.connect(self._on_action_clicked)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.recompute_button.clicked.connect(self._on_recompute_clicked)
        can_act = ctx.actor.can(Permission.EDIT_CUSTOMERS) and not ctx.actor.read_only
        for b in (self.ack_button, self.action_button, self.close_button):
            b.setVisible(can_act)
        self.recompute_button.setVisible(ctx.actor.can(Permission.REVIEW)
                                         or ctx.actor.can(Permission.MANAGE_SETTINGS))
        self.manager.setVisible(ctx.actor.role is not Role.MANAGER)
        self.retranslate()
        self._load_options()
        ctx.signals.data_changed.connect(self._on_data_changed)

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        for w in (self.level, self.status, self.rule, self.manager):
            filters.addWidget(w)
        self.age_label = QLabel()
        filters.addWidget(self.age_label)
        filters.addWidget(self.age)
        filters.addWidget(self.escalated)
        filters.addStretch(1)
        filters.addWidget(self.count)
        buttons = QHBoxLayout()
        for b in (self.ack_button, self.action_button, self.close_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.recompute_button)
        split = QSplitter(Qt.Orientation.Vertical, objectName="alertSplit")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.view)
        top_layout.addWidget(self.empty)
        split.addWidget(top)
        split.addWidget(self.detail)
        split.setSizes([420, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)

    def retranslate(self) -> None:
        self._fill_combo(self.level, self.tr("All levels"),
                         [(lvl.label, lvl.value) for lvl in reversed(list(RiskLevel))])
        self._fill_combo(self.status, None,
                         [(self.tr_risk(text), key) for key, text, _s in STATUS_CHOICES])
        self.age_label.setText(self.tr("Older than (days)"))
        self.escalated.setText(self.tr("Escalated only"))
        self.detail.setPlaceholderText(self.tr(
            "Select an alert above to see why it was raised, its history and the customer."))
        self.ack_button.setText(self.tr("Acknowledge selected"))
        self.action_button.setText(self.tr("Record action…"))
        self.close_button.setText(self.tr("Close…"))
        self.open_button.setText(self.tr("Open customer"))
        self.recompute_button.setText(self.tr("Recompute risk"))
        self.model.retranslate()

    @staticmethod
    def tr_risk(text: str) -> str:
        from PySide6.QtCore import QCoreApplication
        return QCoreApplication.translate("Risk", text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def _fill_combo(box: QComboBox, all_text: str | None, items: list[tuple[str, Any]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        if all_text is not None:
            box.addItem(all_text, None)
        for text, data in items:
            box.addItem(text, data)
        box.setCurrentIndex(max(box.findData(current), 0))
        box.blockSignals(False)

    def _load_options(self) -> None:
        from crm.services.users import list_users

        actor = self.ctx.actor

        def work(uow: Any, _p: Any) -> Any:
            users = list_users(uow, actor) if actor.role is not Role.MANAGER else []
            return rule_names(uow.session), users
        self.ctx.run(work, self._on_options, widget=self)

    def _on_options(self, result: Any) -> None:
        names, users = result
        self._fill_combo(self.rule, self.tr("All rules"), [(n, c) for c, n in names.items()])
        self._fill_combo(self.manager, self.tr("All managers"),
                         [(u.display_name, u.id) for u in users if u.role is Role.MANAGER])
        self.refresh()

    # -- loading ------------------------------------------------------------------------------
    def current_filter(self) -> AlertFilter:
        statuses = dict((k, s) for k, _t, s in STATUS_CHOICES)[self.status.currentData() or "open"]
        level = self.level.currentData()
        return AlertFilter(levels=(RiskLevel(level),) if level else (), statuses=statuses,
                           rule_code=self.rule.currentData(), owner_id=self.manager.currentData(),
                           min_age_days=self.age.value() or None,
                           escalated_only=self.escalated.isChecked())

    def refresh(self) -> None:
        flt, actor = self.current_filter(), self.ctx.actor
        self.ctx.run(lambda uow, _p: alert_page(uow.session, actor, flt, _now(), limit=LIMIT),
                     self._on_loaded, widget=self)

    def _on_loaded(self, result: tuple[int, list[AlertView]]) -> None:
        total, rows = result
        self.model.set_records(rows)
        shown = f"{len(rows):,} / {total:,}" if total > len(rows) else f"{total:,}"
        self.count.setText(self.tr("%1 alerts").replace("%1", shown))
        empty = not rows
        self.empty.setText(self.tr("No alerts match. Alerts are raised when a risk recompute "
                                   "finds a rule newly firing or a level rising; imports "
                                   "recompute the customers they touch."))
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)
        self.detail.clear()
        self._on_selection()

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {"alerts", "customers", "risk"}:
            self.refresh()

    # -- selection and detail -------------------------------------------------------------------
    def selected(self) -> list[AlertView]:
        return [self.model.record(i.row()) for i in self.view.selectionModel().selectedRows()]

    def _on_selection(self) -> None:
        chosen = self.selected()
        self.ack_button.setEnabled(any(a.status is AlertStatus.NEW for a in chosen))
        one = len(chosen) == 1 and chosen[0].status not in CLOSED
        self.action_button.setEnabled(one)
        self.close_button.setEnabled(one)
        self.open_button.setEnabled(len(chosen) == 1)
        if len(chosen) == 1:
            alert_id, actor = chosen[0].id, self.ctx.actor
            self.ctx.run(lambda uow, _p: alert_detail(uow.session, actor, alert_id, _now()),
                         self._show_detail, widget=self)

    def _show_detail(self, d: AlertDetail) -> None:
        a, c = d.alert, d.customer
        risk_title = self.tr("Customer risk")
        points = self.tr("points")
        steps = self.tr("Steps")
        colour = LEVEL_COLOURS.get(a.level, "#000")
        lines = [f"<h3 style='color:{colour}'>{escape(a.level.label)} · {escape(a.rule_name)}"
                 f" — {escape(c.name)}</h3>", f"<p>{escape(a.reason)}</p>"]
        if c.level is not None:
            lines.append(f"<p><b>{escape(risk_title)}</b>：{escape(c.level.label)}"
                         f"（{c.score} {escape(points)}）"
                         + (f"，{escape(c.segment)}" if c.segment else "") + "</p>")
        if c.reasons:
            lines.append("<ul>" + "".join(f"<li>{escape(r.reason)}</li>" for r in c.reasons)
                         + "</ul>")
        if c.strategy:
            lines.append(f"<p><i>{escape(c.strategy)}</i></p>")
        lines.append(f"<p><b>{escape(steps)}</b></p><ol>")
        for e in d.events:
            what = e.action.label if e.action else e.status.label
            lines.append(f"<li>{escape(display(e.at))} {escape(e.user_name)}：{escape(what)}"
                         + (f" — {escape(e.note)}" if e.note else "") + "</li>")
        self.detail.setHtml("".join(lines) + "</ol>")

    # -- actions ------------------------------------------------------------------------------
    def _done(self, changes: frozenset[str] = frozenset({"alerts"})) -> dict[str, Any]:
        return {"widget": self, "changes": changes}

    def _on_ack_clicked(self) -> None:
        ids = [a.id for a in self.selected() if a.status is AlertStatus.NEW]
        if ids:
            self.ctx.run(lambda uow, _p: alerts.bulk_acknowledge(uow, ids), lambda _n: None,
                         **self._done())

    def _on_action_clicked(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        actions = list(AlertAction)
        label, ok = QInputDialog.getItem(self, self.tr("Record action"), self.tr("Action"),
                                         [a.label for a in actions], 0, False)
        if not ok:
            return
        note, ok = QInputDialog.getText(self, self.tr("Record action"), self.tr("Note"))
        if not ok:
            return
        action, alert_id = actions[[a.label for a in actions].index(label)], chosen[0].id
        self.ctx.run(lambda uow, _p: alerts.take_action(uow, alert_id, action, note),
                     lambda _v: None, **self._done(frozenset({"alerts", "tasks"})))

    def _on_close_clicked(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        labels = [s.label for s in CLOSED]
        label, ok = QInputDialog.getItem(self, self.tr("Close alert"), self.tr("Outcome"),
                                         labels, 0, False)
        if not ok:
            return
        note, ok = QInputDialog.getText(self, self.tr("Close alert"), self.tr("Note (required)"))
        if not ok:
            return
        status, alert_id = CLOSED[labels.index(label)], chosen[0].id
        self.ctx.run(lambda uow, _p: alerts.close_alert(uow, alert_id, status, note),
                     lambda _v: None, **self._done())

    def _on_open_clicked(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.open_customer.emit(chosen[0].customer_id)

    def _on_recompute_clicked(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def work(p: Any) -> Any:
            return recompute(db, actor, progress=p, cancel=lambda: p.cancelled)
        self.ctx.runner.run(work, self._on_recomputed, lambda e: show_error(self, e),
                            label=self.tr("Recomputing risk…"), widget=self)

    def _on_recomputed(self, result: Any) -> None:
        QMessageBox.information(self, self.tr("Recompute risk"), result.summary())
        self.ctx.signals.data_changed.emit(frozenset({"alerts", "customers", "tasks", "risk"}))


class RiskPage(QWidget):
    """The 风险预警 navigation page: alert queue, segment matrix, rules."""

    open_customer = Signal(int)
    open_customer_list = Signal(dict)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        from crm.ui.pages.risk_rules import RiskRulesPanel
        from crm.ui.pages.segments import SegmentsPanel

        self.tabs = QTabWidget(objectName="riskTabs", documentMode=True)
        self.alerts = AlertQueuePanel(ctx)
        self.segments = SegmentsPanel(ctx)
        self.rules = RiskRulesPanel(ctx)
        for w in (self.alerts, self.segments, self.rules):
            self.tabs.addTab(w, "")
        self.alerts.open_customer.connect(self.open_customer)
        self.segments.open_customer_list.connect(self.open_customer_list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.retranslate()

    def retranslate(self) -> None:
        for i, text in enumerate((self.tr("Alert queue"), self.tr("Customer segments"),
                                  self.tr("Risk rules"))):
            self.tabs.setTabText(i, text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
