"""客户详情 (customer 360): one borrower on one page — the header, the editable basic
information with optimistic locking, and the tabs of finances, loans, contacts, visits,
surveys, feedback, attachments and the customer's audit trail.

Everything is read on the worker through ctx.run; the page reloads only the parts that a
data_changed signal concerns. Unsaved edits of 基本信息 are never replaced by a reload: the
form keeps the version it was read at, so a save after someone else's gets a conflict and
the user chooses field by field.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QChart, QChartView, QDateTimeAxis, QLineSeries, QScatterSeries, QValueAxis,
)
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QEvent, QEventLoop, QModelIndex, Qt,
    QTime, QTimer, QUrl, Signal,
)
from PySide6.QtGui import (
    QColor, QDesktopServices, QGuiApplication, QKeySequence, QPainter, QShortcut,
)
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton,
    QRadioButton, QSplitter, QTableView, QTabWidget, QTextEdit, QToolButton, QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from crm.domain.actors import Permission
from crm.domain.compliance import local_today
from crm.domain.enums import ContactChannel, ContactOutcome, PromiseStatus, RiskLevel
from crm.domain.errors import (
    ConflictError, NotFoundError, PermissionDenied, UserError, ValidationError,
)
from crm.domain.identity import age_on
from crm.domain.records import AuditEventView, CustomerView
from crm.domain.views360 import (
    ContactView, DocumentView, FinancialHistory, FinancialPoint, LoanView,
)
from crm.queries.customer360 import (
    DROP_RATIO, customer_audit, customer_feedback, customer_loans, customer_surveys,
    customer_visits, financial_history,
)
from crm.queries.risk import CustomerRisk, ScorePoint, customer_risk, score_history
from crm.services.audit import ACTIONS, ENTITIES
from crm.services.contacts import contact_timeline
from crm.services.customers import CustomerEdit, get_customer, update_customer
from crm.services.documents import MAX_BYTES, attach, delete_document, list_documents, read_document
from crm.ui.contact_dialog import ContactDialog
from crm.ui.context import AppContext
from crm.ui.dates import qdate
from crm.ui.errors import show_error
from crm.ui.print_preview import BriefingButton
from crm.ui.table_model import Column, RecordTableModel, display, record_view

AUDIT_PAGE = 200
PARTS = frozenset({"customer", "risk", "finance", "loans", "contacts", "visits", "surveys",
                   "feedback", "documents", "audit"})
# what each kind of change (AppSignals.data_changed) means for this page
REFRESH_ON: dict[str, frozenset[str]] = {
    "customers": frozenset({"customer", "risk", "finance", "loans", "audit"}),
    "risk": frozenset({"customer", "risk"}),
    "alerts": frozenset({"risk"}),
    "contacts": frozenset({"customer", "contacts", "audit"}),
    "tasks": frozenset({"contacts"}),  # settling promises touches tasks and promise status
    "documents": frozenset({"documents", "audit"}),
}
EDITABLE = ("name", "occupation", "employer", "monthly_income", "family_situation")
MAX_LENGTH = {"name": 64, "occupation": 64, "employer": 128}
MAX_AMOUNT = Decimal("9999999999999999.99")
RED, GREEN, GREY = QColor("#b00020"), QColor("#2e7d32"), QColor("#666666")
LEVEL_COLOURS = {RiskLevel.LOW: "#2e7d32", RiskLevel.MEDIUM: "#b26a00",
                 RiskLevel.HIGH: "#d84315", RiskLevel.CRITICAL: "#b00020"}


def open_with_system_viewer(path: Path) -> bool:
    """The edge to the desktop (tests replace it)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"¥{value:,.2f}"


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _elide(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _alive(widget: QWidget) -> bool:
    """A callback may arrive after its tab was closed and deleted."""
    return isValid(widget)


# ---- tables ------------------------------------------------------------------------------

class _Model(RecordTableModel):
    """Adds tooltips with the full text of long cells and an optional colour per cell."""

    def __init__(self, columns: Sequence[Column],
                 color: Callable[[Any, Column], QColor | None] | None = None) -> None:
        super().__init__(columns)
        self._color = color

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < len(self.records):
            if role == Qt.ItemDataRole.ToolTipRole:
                text = display(self.columns[index.column()].value(self.records[index.row()]))
                return text if len(text) > 16 else None
            if role == Qt.ItemDataRole.ForegroundRole and self._color is not None:
                return self._color(self.records[index.row()], self.columns[index.column()])
        return super().data(index, role)


def _table(model: RecordTableModel, name: str, sortable: bool = True) -> QTableView:
    view = record_view(model, name, sortable=False)
    view.setWordWrap(False)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.verticalHeader().setDefaultSectionSize(26)
    view.setSortingEnabled(sortable)
    return view


def _empty_label(name: str) -> QLabel:
    label = QLabel(objectName=name, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
    label.setStyleSheet("color: #666; font-size: 14px; padding: 24px")
    label.hide()
    return label


def _fit_columns(view: QTableView, widest: int = 320) -> None:
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for i in range(header.count()):
        if header.sectionSize(i) > widest:
            header.resizeSection(i, widest)


class _Panel(QWidget):
    """A tab's widget: retranslates itself on a language change."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class TablePanel(_Panel):
    """A read-only table with the hint shown while there is nothing to list."""

    def __init__(self, columns: Sequence[Column], name: str, empty_text: Callable[[], str],
                 sortable: bool = True,
                 color: Callable[[Any, Column], QColor | None] | None = None) -> None:
        super().__init__()
        self.model = _Model(columns, color)
        self.view = _table(self.model, f"{name}Table", sortable)
        self.empty = _empty_label(f"{name}Empty")
        self._empty_text = empty_text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        self.retranslate()

    def set_records(self, records: Sequence[Any]) -> None:
        """Replace the rows; the selected record (by id) stays selected across a reload."""
        current = self.view.currentIndex()
        keep = getattr(self.model.record(current.row()), "id", None) if current.isValid() else None
        self.model.set_records(records)
        header = self.view.horizontalHeader()
        if self.view.isSortingEnabled() and header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        _fit_columns(self.view)
        self._sync_empty()
        if keep is not None:
            for row, record in enumerate(self.model.records):
                if getattr(record, "id", None) == keep:
                    self.view.selectRow(row)
                    break

    def _sync_empty(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)

    def retranslate(self) -> None:
        self.empty.setText(self._empty_text())
        self.model.retranslate()


# ---- columns -----------------------------------------------------------------------------

def _rate(value: Decimal | None) -> str | None:
    return None if value is None else f"{value * 100:.2f}%"


LOAN_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Loan number"), lambda ln: ln.loan_no),
    Column(QT_TRANSLATE_NOOP("Columns", "Product"), lambda ln: ln.product),
    Column(QT_TRANSLATE_NOOP("Columns", "Principal"), lambda ln: ln.principal, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Balance"), lambda ln: ln.balance, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Rate"), lambda ln: _rate(ln.rate), numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Disbursed"), lambda ln: ln.disbursed_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Matures"), lambda ln: ln.maturity_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Repayment method"), lambda ln: ln.repayment_method),
    Column(QT_TRANSLATE_NOOP("Columns", "Overdue days"), lambda ln: ln.overdue_days, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Overdue amount"), lambda ln: ln.overdue_amount,
           numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Five-tier class"), lambda ln: ln.effective_class),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda ln: ln.status),
]
REPAYMENT_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda r: r.kind),
    Column(QT_TRANSLATE_NOOP("Columns", "Due date"), lambda r: r.due_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Paid on"), lambda r: r.paid_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Amount due"), lambda r: r.amount_due, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Amount paid"), lambda r: r.amount_paid, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Principal"), lambda r: r.principal, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Interest"), lambda r: r.interest, numeric=True),
]


def _party(c: ContactView) -> str:
    return f"{c.party.label} {c.party_name}".strip()


CONTACT_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Time"), lambda c: c.contacted_at),
    Column(QT_TRANSLATE_NOOP("Columns", "Channel"), lambda c: c.channel),
    Column(QT_TRANSLATE_NOOP("Columns", "Direction"), lambda c: c.direction),
    Column(QT_TRANSLATE_NOOP("Columns", "Contacted"), _party),
    Column(QT_TRANSLATE_NOOP("Columns", "Outcome"), lambda c: c.outcome),
    Column(QT_TRANSLATE_NOOP("Columns", "Summary"), lambda c: c.summary),
    Column(QT_TRANSLATE_NOOP("Columns", "Promised amount"), lambda c: c.promise_amount,
           numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Promised by"), lambda c: c.promise_date),
    Column(QT_TRANSLATE_NOOP("Columns", "Promise status"), lambda c: c.promise_status),
    Column(QT_TRANSLATE_NOOP("Columns", "Next follow-up"), lambda c: c.next_follow_up_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Compliance note"), lambda c: c.compliance_note),
    Column(QT_TRANSLATE_NOOP("Columns", "Recorded by"), lambda c: c.user_name),
]
VISIT_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Planned for"), lambda v: v.planned_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Purpose"), lambda v: v.purpose),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda v: v.status),
    Column(QT_TRANSLATE_NOOP("Columns", "Staff"), lambda v: "、".join(v.staff_names)),
    Column(QT_TRANSLATE_NOOP("Columns", "Met the customer"), lambda v: v.met_customer),
    Column(QT_TRANSLATE_NOOP("Columns", "Findings"), lambda v: v.findings),
    Column(QT_TRANSLATE_NOOP("Columns", "Agreed actions"), lambda v: v.agreed_actions),
    Column(QT_TRANSLATE_NOOP("Columns", "Visited at"), lambda v: v.visited_at),
    Column(QT_TRANSLATE_NOOP("Columns", "Review"), lambda v: v.review_status),
]


def _answers(s: Any) -> str:
    return "；".join(f"{a.question}：{a.score if a.score is not None else a.text}"
                    for a in s.answers)


SURVEY_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Time"), lambda s: s.collected_at),
    Column(QT_TRANSLATE_NOOP("Columns", "Survey"), lambda s: s.template_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Channel"), lambda s: s.channel),
    Column(QT_TRANSLATE_NOOP("Columns", "Collected by"), lambda s: s.collected_by_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Average (1-5)"), lambda s: s.average_score, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Answers"), _answers),
]
FEEDBACK_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Received"), lambda f: f.received_at),
    Column(QT_TRANSLATE_NOOP("Columns", "Kind"), lambda f: f.kind),
    Column(QT_TRANSLATE_NOOP("Columns", "Category"), lambda f: f.category),
    Column(QT_TRANSLATE_NOOP("Columns", "Content"), lambda f: f.content),
    Column(QT_TRANSLATE_NOOP("Columns", "Channel"), lambda f: f.channel),
    Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda f: f.status),
    Column(QT_TRANSLATE_NOOP("Columns", "Due date"), lambda f: f.due_on),
    Column(QT_TRANSLATE_NOOP("Columns", "Handled by"), lambda f: f.assignee_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Resolution"), lambda f: f.resolution),
]
DOCUMENT_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "File name"), lambda d: d.file_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Type"), lambda d: d.mime_type),
    Column(QT_TRANSLATE_NOOP("Columns", "Size"), lambda d: _size(d.size), numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Description"), lambda d: d.description),
    Column(QT_TRANSLATE_NOOP("Columns", "Uploaded by"), lambda d: d.uploaded_by_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Uploaded at"), lambda d: d.created_at),
]
AUDIT_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "Time"), lambda e: e.occurred_at),
    Column(QT_TRANSLATE_NOOP("Columns", "User"), lambda e: e.actor_name),
    Column(QT_TRANSLATE_NOOP("Columns", "Action"), lambda e: ACTIONS.get(e.action, e.action)),
    Column(QT_TRANSLATE_NOOP("Columns", "Object"),
           lambda e: f"{ENTITIES.get(e.entity or '', e.entity or '')} {e.entity_id or ''}".strip()),
    Column(QT_TRANSLATE_NOOP("Columns", "Summary"), lambda e: e.summary),
]


def _as_of(p: FinancialPoint) -> Any:
    return p.as_of or QCoreApplication.translate("FinancePanel", "Now")


def _source(p: FinancialPoint) -> str:
    names = {"current": QCoreApplication.translate("FinancePanel", "Current figures"),
             "import": QCoreApplication.translate("FinancePanel", "Import"),
             "manual": QCoreApplication.translate("FinancePanel", "Entered by hand"),
             "demo": QCoreApplication.translate("FinancePanel", "Demo data")}
    return names.get(p.source, p.source)


def _with_drop(metric: str) -> Callable[[FinancialPoint], Any]:
    def value(p: FinancialPoint) -> Any:
        v = getattr(p, metric)
        return f"↓ {display(v)}" if metric in p.drops and v is not None else v
    return value


FINANCE_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Columns", "As of"), _as_of),
    Column(QT_TRANSLATE_NOOP("Columns", "Monthly income"), _with_drop("monthly_income"),
           numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Assets"), _with_drop("assets"), numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Liabilities"), lambda p: p.liabilities, numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Credit score"), _with_drop("credit_score"),
           numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Overdue amount"), lambda p: p.overdue_amount,
           numeric=True),
    Column(QT_TRANSLATE_NOOP("Columns", "Source"), _source),
]
_FINANCE_METRIC = {FINANCE_COLUMNS[1].title: "monthly_income", FINANCE_COLUMNS[2].title: "assets",
                   FINANCE_COLUMNS[4].title: "credit_score"}


def _finance_color(p: FinancialPoint, col: Column) -> QColor | None:
    return RED if _FINANCE_METRIC.get(col.title) in p.drops else None


def _contact_color(c: ContactView, col: Column) -> QColor | None:
    if col is CONTACT_COLUMNS[8] or col is CONTACT_COLUMNS[6]:
        return {PromiseStatus.BROKEN: RED, PromiseStatus.KEPT: GREEN}.get(c.promise_status)
    if col is CONTACT_COLUMNS[10] and c.compliance_note:
        return RED
    return None


# ---- header ------------------------------------------------------------------------------

class CustomerHeader(_Panel):
    """Name, identity, contact details, owner and the overdue summary, above the tabs."""

    reveal_requested = Signal()
    contact_requested = Signal()

    def __init__(self, can_reveal: bool) -> None:
        super().__init__()
        self.setObjectName("customerHeader")
        self.record: CustomerView | None = None
        self.can_reveal = can_reveal
        self.name = QLabel(objectName="customerName")
        self.name.setStyleSheet("font-size: 20px; font-weight: bold")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel(objectName="customerFacts")
        self.facts.setStyleSheet("font-size: 14px; color: #444")
        self.note = QLabel(objectName="headerNote")
        self.note.setStyleSheet("color: #1565c0")
        self._note_timer = QTimer(self, singleShot=True, interval=8000)
        self._note_timer.timeout.connect(self.note.clear)
        self.contact_button = QPushButton(objectName="logContact")
        self.contact_button.clicked.connect(self.contact_requested)
        self.reveal_button = QPushButton(objectName="reveal")
        self.reveal_button.setEnabled(can_reveal)
        self.reveal_button.clicked.connect(self.reveal_requested)
        self.top = top = QHBoxLayout()     # pages add their own buttons (打印走访简报)
        top.addWidget(self.name)
        top.addSpacing(12)
        top.addWidget(self.facts)
        top.addSpacing(24)
        top.addWidget(self.note, 1)
        top.addWidget(self.contact_button)
        top.addWidget(self.reveal_button)

        self.id_number = self._value("customerIdNumber")
        self.phone = QToolButton(objectName="customerPhone", autoRaise=True)
        self.phone.setCursor(Qt.CursorShape.PointingHandCursor)
        self.phone.clicked.connect(self._on_phone_clicked)
        self.address = self._value("customerAddress")
        self.address.setWordWrap(True)
        self.manager = self._value("customerManager")
        self.segment = self._value("customerSegment")
        self.consent = self._value("customerConsent")
        self.consent.setWordWrap(True)
        self.risk = self._value("customerRisk")
        self.overdue_days = self._value("customerOverdueDays")
        self.overdue_amount = self._value("customerOverdueAmount")
        self.balance = self._value("customerBalance")

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.captions: dict[str, QLabel] = {}
        cells = [[("id", self.id_number), ("phone", self.phone), ("address", self.address)],
                 [("manager", self.manager), ("segment", self.segment), ("consent", self.consent)],
                 [("risk", self.risk), ("overdue_days", self.overdue_days),
                  ("overdue_amount", self.overdue_amount), ("balance", self.balance)]]
        for row, pairs in enumerate(cells):
            for col, (key, widget) in enumerate(pairs):
                caption = QLabel()
                caption.setStyleSheet("color: #666")
                self.captions[key] = caption
                grid.addWidget(caption, row, col * 2, Qt.AlignmentFlag.AlignRight)
                span = 3 if (row < 2 and col == 2) else 1
                grid.addWidget(widget, row, col * 2 + 1, 1, span)
        for c in (1, 3, 5):
            grid.setColumnMinimumWidth(c, 190)
        grid.setColumnStretch(7, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addLayout(grid)
        self.setStyleSheet("QWidget#customerHeader { background: #f4f6f8; "
                           "border-bottom: 1px solid #d0d7de }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.retranslate()

    @staticmethod
    def _value(name: str) -> QLabel:
        label = QLabel(objectName=name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def retranslate(self) -> None:
        captions = {"id": self.tr("ID number"), "phone": self.tr("Phone"),
                    "address": self.tr("Address"), "manager": self.tr("Manager"),
                    "segment": self.tr("Segment"), "consent": self.tr("Consent"),
                    "risk": self.tr("Risk level"), "overdue_days": self.tr("Max overdue days"),
                    "overdue_amount": self.tr("Overdue amount"),
                    "balance": self.tr("Loan balance")}
        for key, text in captions.items():
            self.captions[key].setText(text)
        self.contact_button.setText(self.tr("Log contact (Ctrl+N)"))
        self.contact_button.setToolTip(self.tr("Record a call, message or visit with this "
                                               "customer"))
        self.reveal_button.setToolTip(
            self.tr("Show the full ID number, phone and address; each reveal is recorded in "
                    "the audit trail") if self.can_reveal else
            self.tr("Your role may not see the full ID number, phone and address"))
        if self.record is None:
            self.name.setText(self.tr("Loading…"))
            self.reveal_button.setText(self.tr("Reveal"))
        else:
            self.set_record(self.record)

    def set_record(self, c: CustomerView) -> None:
        self.record = c
        self.name.setText(c.name)
        facts = []
        if c.gender is not None:
            facts.append(c.gender.label)
        if c.birth_date is not None:
            facts.append(self.tr("%1 years old").replace("%1", str(age_on(c.birth_date,
                                                                           local_today()))))
        self.facts.setText(" · ".join(facts))
        self.id_number.setText(c.id_number or "—")
        self.phone.setText(c.phone or self.tr("none on file"))
        self.phone.setEnabled(bool(c.phone))
        tip = self.tr("Click to copy") if c.revealed else self.tr("Reveal first to copy the number")
        if c.phone and not c.phone_valid:
            tip += "\n" + self.tr("This number did not look valid when it was imported")
            self.phone.setStyleSheet("color: #b00020")
        else:
            self.phone.setStyleSheet("")
        self.phone.setToolTip(tip)
        self.address.setText(c.address or "—")
        self.manager.setText(c.owner_name or self.tr("unassigned"))
        self.segment.setText(c.segment or "—")
        self.consent.setText(self._consent(c))
        self._set_risk(c)
        self.reveal_button.setText(self.tr("Hide") if c.revealed else self.tr("Reveal"))

    def _consent(self, c: CustomerView) -> str:
        if not c.consent_scope:
            return self.tr("No consent on file")
        when = display(c.consent_at)[:10] if c.consent_at else ""
        return f"{c.consent_scope}（{when}）" if when else c.consent_scope

    def _set_risk(self, c: CustomerView) -> None:
        if c.risk_level is not None:
            self.captions["risk"].setText(self.tr("Risk level"))
            score = getattr(c, "risk_score", None)
            self.risk.setText(c.risk_level.label if score is None else
                              self.tr("%1 (%2 points)").replace("%1", c.risk_level.label)
                              .replace("%2", str(score)))
            self.risk.setStyleSheet(f"color: {LEVEL_COLOURS[c.risk_level]}; font-weight: bold")
            self.risk.setToolTip(self.tr("The reasons are on the Risk tab"))
        else:  # until risk scoring lands, the worst five-tier class stands in
            self.captions["risk"].setText(self.tr("Five-tier class"))
            self.risk.setText(c.worst_class.label if c.worst_class else "—")
            self.risk.setStyleSheet("")
            self.risk.setToolTip("")
        overdue = c.max_overdue_days > 0
        self.overdue_days.setText(self.tr("%1 days").replace("%1", str(c.max_overdue_days)))
        self.overdue_amount.setText(_money(c.overdue_amount))
        for label in (self.overdue_days, self.overdue_amount):
            label.setStyleSheet("color: #b00020; font-weight: bold" if overdue else "")
        self.balance.setText(_money(c.total_balance))

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self._note_timer.start()

    def _on_phone_clicked(self) -> None:
        c = self.record
        if c is None or not c.phone:
            return
        if not c.revealed:
            # a masked number is useless on the clipboard
            self.show_note(self.tr("The number is masked. Click “Reveal” first, then click the "
                                   "number to copy it."))
            return
        QGuiApplication.clipboard().setText(c.phone.replace(" ", ""))
        self.show_note(self.tr("Copied %1 to the clipboard").replace("%1", c.phone))


# ---- 基本信息 --------------------------------------------------------------------------

def parse_amount(text: str) -> Decimal | None:
    """'8,000.5' -> Decimal('8000.50'); '' -> None; ValueError with the reason otherwise."""
    cleaned = text.strip().replace(",", "").replace("，", "").replace("¥", "").replace("元", "")
    if not cleaned:
        return None
    not_a_number = QCoreApplication.translate("BasicInfoPanel",
                                              "Enter a number, for example 8000 or 8000.50")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(not_a_number) from None
    if not value.is_finite():
        raise ValueError(not_a_number)
    if value < 0:
        raise ValueError(QCoreApplication.translate("BasicInfoPanel", "Amounts cannot be negative"))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(QCoreApplication.translate("BasicInfoPanel",
                                                    "At most two decimal places (fen)"))
    if value > MAX_AMOUNT:
        raise ValueError(QCoreApplication.translate("BasicInfoPanel", "The amount is too large"))
    return value.quantize(Decimal("0.01"))


def _field_text(c: CustomerView, field: str) -> str:
    value = getattr(c, field)
    if field == "monthly_income":
        return "" if value is None else f"{value:.2f}"
    return value or ""


def _same(field: str, a: str, b: str) -> bool:
    if field == "monthly_income":
        try:
            return parse_amount(a) == parse_amount(b)
        except ValueError:
            return False
    return a.strip() == b.strip()


class ConflictDialog(QDialog):
    """Someone saved this customer meanwhile: both versions, field by field; the user picks."""

    def __init__(self, rows: list[tuple[str, str, str, str, bool]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Someone else changed this customer"))
        intro = QLabel(self.tr("While you were editing, someone else saved changes to this "
                               "customer. For each field, choose the value to keep, then save. "
                               "Nothing is overwritten until you do."), wordWrap=True)
        grid = QGridLayout()
        for col, text in enumerate((self.tr("Field"), self.tr("Your change"),
                                    self.tr("Value in the database"))):
            head = QLabel(text)
            head.setStyleSheet("font-weight: bold")
            grid.addWidget(head, 0, col)
        self.groups: dict[str, QButtonGroup] = {}
        self.buttons_of: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        empty = self.tr("(empty)")
        for row, (field, label, mine, theirs, prefer_mine) in enumerate(rows, start=1):
            grid.addWidget(QLabel(label), row, 0)
            mine_button = QRadioButton(_elide(mine) or empty, objectName=f"mine_{field}")
            theirs_button = QRadioButton(_elide(theirs) or empty, objectName=f"theirs_{field}")
            mine_button.setToolTip(mine)
            theirs_button.setToolTip(theirs)
            group = QButtonGroup(self)
            group.addButton(mine_button)
            group.addButton(theirs_button)
            (mine_button if prefer_mine else theirs_button).setChecked(True)
            grid.addWidget(mine_button, row, 1)
            grid.addWidget(theirs_button, row, 2)
            self.groups[field] = group
            self.buttons_of[field] = (mine_button, theirs_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save my choices"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def keep_mine(self) -> set[str]:
        """The fields where the user chose their own change."""
        return {f for f, (mine, _theirs) in self.buttons_of.items() if mine.isChecked()}


class BasicInfoPanel(_Panel):
    """The editable form (only the CustomerEdit fields) and the read-only details beside it."""

    dirty_changed = Signal(bool)
    saved = Signal(bool)          # the save finished: True saved, False not

    def __init__(self, ctx: AppContext, customer_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.customer_id = customer_id
        self.record: CustomerView | None = None   # the version the form was read at
        self.conflict_dialog: ConflictDialog | None = None
        self.saving = False
        self._loading = False
        self._dirty = False
        self._edit_order: list[QWidget] = []
        self._note = ""          # the outcome of the last save, shown until the next edit
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {
            "name": QLineEdit(objectName="editName"),
            "occupation": QLineEdit(objectName="editOccupation"),
            "employer": QLineEdit(objectName="editEmployer"),
            "monthly_income": QLineEdit(objectName="editMonthlyIncome"),
            "family_situation": QPlainTextEdit(objectName="editFamilySituation",
                                               tabChangesFocus=True),
        }
        self.editors["monthly_income"].setAlignment(Qt.AlignmentFlag.AlignRight)
        self.editors["family_situation"].setFixedHeight(84)
        for field, limit in MAX_LENGTH.items():
            self.editors[field].setMaxLength(limit)
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, editor in self.editors.items():
            error = QLabel(objectName=f"error_{field}", wordWrap=True)
            error.setStyleSheet("color: #b00020")
            error.hide()
            self.errors[field] = error
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(editor)
            cell.addWidget(error)
            label = QLabel()
            label.setBuddy(editor)
            self.labels[field] = label
            form.addRow(label, cell)
            if isinstance(editor, QLineEdit):
                editor.textEdited.connect(lambda _t, w=editor: self._on_edited(w))
                editor.textChanged.connect(lambda _t: self._on_changed())
            else:
                editor.textChanged.connect(lambda w=editor: self._on_edited(w))
        self.editing = QGroupBox(objectName="editGroup")
        self.editing.setLayout(form)

        self.readonly: dict[str, QLabel] = {}
        self.readonly_labels: dict[str, QLabel] = {}
        ro_form = QFormLayout()
        for key in ("id_number", "gender", "birth_date", "phone", "address", "district",
                    "assets", "liabilities", "credit_score"):
            value = QLabel(objectName=f"ro_{key}", wordWrap=True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QLabel()
            self.readonly[key], self.readonly_labels[key] = value, caption
            ro_form.addRow(caption, value)
        self.details = QGroupBox(objectName="readonlyGroup")
        self.details.setLayout(ro_form)

        self.save_button = QPushButton(objectName="saveCustomer")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(objectName="revertCustomer")
        self.revert_button.clicked.connect(self.revert)
        self.status = QLabel(objectName="saveStatus")
        bar = QHBoxLayout()
        bar.addWidget(self.save_button)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.status, 1)
        columns = QHBoxLayout()
        columns.addWidget(self.editing, 3)
        columns.addWidget(self.details, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(bar)
        layout.addStretch(1)
        self.writable = ctx.actor.can(Permission.EDIT_CUSTOMERS) and not ctx.actor.read_only
        for editor in self.editors.values():
            editor.setReadOnly(not self.writable)
        self.save_button.setVisible(self.writable)
        self.revert_button.setVisible(self.writable)
        self.retranslate()

    def retranslate(self) -> None:
        texts = {"name": self.tr("&Name"), "occupation": self.tr("&Occupation"),
                 "employer": self.tr("&Employer"),
                 "monthly_income": self.tr("Monthly &income (yuan)"),
                 "family_situation": self.tr("&Family situation")}
        for field, text in texts.items():
            self.labels[field].setText(text)
        self.editors["monthly_income"].setPlaceholderText(self.tr("for example 8000.00"))
        self.editors["family_situation"].setPlaceholderText(
            self.tr("Spouse, children, who else lives with the borrower, changes in the "
                    "family that affect repayment"))
        self.editing.setTitle(self.tr("Basic information"))
        self.details.setTitle(self.tr("From the core banking system (read-only)"))
        ro = {"id_number": self.tr("ID number"), "gender": self.tr("Gender"),
              "birth_date": self.tr("Date of birth"), "phone": self.tr("Phone"),
              "address": self.tr("Address"), "district": self.tr("District"),
              "assets": self.tr("Assets"), "liabilities": self.tr("Liabilities"),
              "credit_score": self.tr("Credit score")}
        for key, text in ro.items():
            self.readonly_labels[key].setText(text)
        self.save_button.setText(self.tr("Save (Ctrl+S)"))
        self.revert_button.setText(self.tr("Revert to saved"))
        self.revert_button.setToolTip(self.tr("Throw away the edits made since the last save. "
                                              "Ctrl+Z undoes the last edit only."))
        self._sync_status()

    # -- the record and the form -------------------------------------------------------------
    def set_record(self, c: CustomerView, *, sensitive: CustomerView | None = None) -> None:
        """Show a freshly read record; unsaved edits keep the version they were made on."""
        if self._dirty or self.saving:
            self.set_readonly(sensitive or c)
            return
        self.record = c
        self._loading = True
        for field, editor in self.editors.items():
            text = _field_text(c, field)
            if isinstance(editor, QLineEdit):
                editor.setText(text)
            else:
                editor.setPlainText(text)
        self._loading = False
        self._edit_order.clear()
        self._clear_errors()
        self.set_readonly(sensitive or c)
        self._on_changed()

    def set_readonly(self, c: CustomerView) -> None:
        values = {"id_number": c.id_number, "gender": c.gender, "birth_date": c.birth_date,
                  "phone": c.phone, "address": c.address, "district": c.district,
                  "assets": _money(c.assets), "liabilities": _money(c.liabilities),
                  "credit_score": c.credit_score}
        for key, value in values.items():
            self.readonly[key].setText(display(value) or "—")

    def values(self) -> dict[str, str]:
        return {f: (e.text() if isinstance(e, QLineEdit) else e.toPlainText())
                for f, e in self.editors.items()}

    def changed_fields(self) -> list[str]:
        if self.record is None:
            return []
        values = self.values()
        return [f for f in EDITABLE if not _same(f, values[f], _field_text(self.record, f))]

    def is_dirty(self) -> bool:
        return bool(self.changed_fields())

    def draft(self) -> CustomerEdit:
        """The changed fields as a CustomerEdit; ValidationError({field: message}) if invalid."""
        values, errors = self.values(), {}
        changed = self.changed_fields()
        if not values["name"].strip():
            errors["name"] = self.tr("The name cannot be empty")
        income: Decimal | None = None
        try:
            income = parse_amount(values["monthly_income"])
        except ValueError as exc:
            errors["monthly_income"] = str(exc)
        else:
            if income is None and "monthly_income" in changed:
                errors["monthly_income"] = self.tr("The income cannot be cleared; enter 0 if "
                                                   "the customer has none")
        if errors:
            raise ValidationError(errors)
        kwargs: dict[str, Any] = {}
        for field in changed:
            kwargs[field] = income if field == "monthly_income" else values[field].strip()
        return CustomerEdit(**kwargs)

    # -- validation and state ------------------------------------------------------------------
    def _on_edited(self, widget: QWidget) -> None:
        if self._loading:
            return
        self._note = ""
        if widget in self._edit_order:
            self._edit_order.remove(widget)
        self._edit_order.append(widget)
        self._on_changed()

    def _on_changed(self) -> None:
        if self._loading:
            return
        self._validate_inline()
        dirty = self.is_dirty()
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        self._sync_status()

    def _validate_inline(self) -> None:
        try:
            self.draft()
        except ValidationError as exc:
            self.show_errors(exc.fields)
        else:
            self._clear_errors()

    def show_errors(self, fields: dict[str, str]) -> None:
        for field, label in self.errors.items():
            label.setText(fields.get(field, ""))
            label.setVisible(field in fields)
        unknown = [m for f, m in fields.items() if f not in self.errors]
        if unknown:
            self.status.setText("；".join(unknown))

    def _clear_errors(self) -> None:
        self.show_errors({})

    def _sync_status(self) -> None:
        if not self.writable:
            self.status.setText(self.tr("Your role can view this information but not change "
                                        "it."))
        elif self.saving:
            self.status.setText(self.tr("Saving…"))
        elif self._dirty:
            self.status.setText(self._note or self.tr("Unsaved changes"))
        else:
            self.status.setText(self._note)
        self.save_button.setEnabled(self._dirty and not self.saving)
        self.revert_button.setEnabled(self._dirty and not self.saving)

    # -- undo ----------------------------------------------------------------------------------
    def undo_last_edit(self) -> bool:
        """Ctrl+Z outside a text field: undo in the field edited last."""
        while self._edit_order:
            editor = self._edit_order[-1]
            document = editor.document() if isinstance(editor, QPlainTextEdit) else editor
            if document.isUndoAvailable():
                self._loading = True           # an undo is not a new edit
                editor.undo()
                self._loading = False
                if not document.isUndoAvailable():
                    self._edit_order.pop()
                editor.setFocus()
                self._on_changed()
                return True
            self._edit_order.pop()
        return False

    def revert(self) -> None:
        if self.record is not None:
            self._dirty, self._note = False, ""
            self.set_record(self.record)

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> bool:
        """Start saving; returns False (and shows why) if there is nothing valid to save."""
        if self.record is None or self.saving:
            return False
        try:
            edit = self.draft()
        except ValidationError as exc:
            self.show_errors(exc.fields)
            self.editors[next(iter(exc.fields))].setFocus()
            return False
        if edit == CustomerEdit():
            return False
        self.saving = True
        self._sync_status()
        actor, cid, version = self.ctx.actor, self.customer_id, self.record.version
        self.ctx.run(lambda uow, _p: update_customer(uow, actor, cid, version, edit),
                     self._on_saved, widget=self, label=self.tr("Saving…"),
                     on_error=self._on_save_failed, changes=frozenset({"customers"}))
        return True

    def _on_saved(self, view: CustomerView) -> None:
        if not _alive(self):
            return
        self.saving, self._dirty = False, False
        self._note = self.tr("Saved")
        self.set_record(view)
        self.dirty_changed.emit(False)
        self.saved.emit(True)

    def _on_save_failed(self, exc: BaseException) -> None:
        if not _alive(self):
            return
        self.saving = False
        if isinstance(exc, ConflictError):
            self._note = self.tr("Someone else saved this customer; reading their version…")
            self._sync_status()
            actor, cid = self.ctx.actor, self.customer_id
            self.ctx.run(lambda uow, _p: get_customer(uow, actor, cid), self._show_conflict,
                         widget=self, on_error=self._on_conflict_failed)
            return
        self._sync_status()
        if isinstance(exc, ValidationError):
            self.show_errors(exc.fields)
        else:
            show_error(self, exc)
        self.saved.emit(False)

    def _on_conflict_failed(self, exc: BaseException) -> None:
        if _alive(self):
            self._sync_status()
            show_error(self, exc)
            self.saved.emit(False)

    def _show_conflict(self, current: CustomerView) -> None:
        if not _alive(self) or self.record is None:
            return
        mine, base = self.values(), self.record
        rows = []
        for field in EDITABLE:
            theirs = _field_text(current, field)
            if not _same(field, mine[field], theirs):
                changed_by_me = not _same(field, mine[field], _field_text(base, field))
                label = re.sub(r"\(&\w\)|&", "", self.labels[field].text())
                rows.append((field, label, mine[field], theirs, changed_by_me))
        if not rows:    # they saved exactly what we have: nothing to choose
            self._dirty = False
            self._note = self.tr("Already saved with the same values")
            self.set_record(current)
            self.saved.emit(True)
            return
        dialog = ConflictDialog(rows, self)
        self.conflict_dialog = dialog
        self._note = self.tr("Choose, field by field, which values to keep")
        self._sync_status()
        dialog.finished.connect(lambda result: self._on_conflict_finished(dialog, current,
                                                                          result))
        dialog.open()

    def _on_conflict_finished(self, dialog: ConflictDialog, current: CustomerView,
                              result: int) -> None:
        self.conflict_dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            self._note = self.tr("Not saved: your changes are still here; save again to "
                                 "compare with the database")
            self._sync_status()
            self.saved.emit(False)
            return
        keep = dialog.keep_mine()
        merged = self.values()
        self._loading = True
        for field in EDITABLE:
            if field not in keep:
                text = _field_text(current, field)
                editor = self.editors[field]
                if isinstance(editor, QLineEdit):
                    editor.setText(text)
                else:
                    editor.setPlainText(text)
                merged[field] = text
        self._loading = False
        self.record = current         # rebase: the next save carries the database's version
        self.set_readonly(current)
        self._on_changed()
        if not self.save():
            self._note = self.tr("Saved: the database already holds the chosen values")
            self._sync_status()
            self.saved.emit(True)

    def save_and_wait(self) -> bool:
        """For closing the tab: save, wait for the outcome (conflict dialog included)."""
        loop = QEventLoop()
        outcome: list[bool] = []

        def finished(ok: bool) -> None:
            outcome.append(ok)
            loop.quit()

        self.saved.connect(finished)
        try:
            if not self.save():
                return False
            if not outcome:
                loop.exec()
        finally:
            self.saved.disconnect(finished)
        return bool(outcome and outcome[0])


# ---- 财务状况 --------------------------------------------------------------------------

class RiskPanel(_Panel):
    """风险: the level and score with the reasons that make it up, the segment and its contact
    strategy, and the score's history as a line chart (a point whenever it changed)."""

    def __init__(self) -> None:
        super().__init__()
        self.risk: CustomerRisk | None = None
        self.points: list[ScorePoint] = []
        self.level = QLabel(objectName="riskLevel")
        self.level.setStyleSheet("font-size: 18px; font-weight: bold")
        self.meta = QLabel(objectName="riskMeta")
        self.meta.setStyleSheet("color: #666")
        self.reasons_title = QLabel()
        self.reasons_title.setStyleSheet("font-weight: bold")
        self.reasons = QLabel(objectName="riskReasons", wordWrap=True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.strategy = QLabel(objectName="riskStrategy", wordWrap=True)
        self.chart_title = QLabel()
        self.chart_title.setStyleSheet("font-weight: bold")
        self.chart = QChart()
        self.chart.setBackgroundRoundness(0)
        self.chart.legend().hide()
        self.chart_view = QChartView(self.chart, objectName="riskChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(200)
        self.chart_view.setMaximumHeight(320)
        self.empty = _empty_label("riskEmpty")
        top = QHBoxLayout()
        top.addWidget(self.level)
        top.addSpacing(16)
        top.addWidget(self.meta, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.reasons_title)
        layout.addWidget(self.reasons)
        layout.addWidget(self.strategy)
        layout.addWidget(self.chart_title)
        layout.addWidget(self.chart_view, 1)
        layout.addWidget(self.empty, 1)
        layout.addStretch(0)
        self.retranslate()

    def retranslate(self) -> None:
        self.reasons_title.setText(self.tr("Why"))
        self.chart_title.setText(self.tr("Score history"))
        self._show()

    def set_risk(self, risk: CustomerRisk, points: Sequence[ScorePoint]) -> None:
        self.risk, self.points = risk, list(points)
        self._show()

    def _show(self) -> None:
        r = self.risk
        scored = r is not None and r.level is not None
        for w in (self.reasons_title, self.reasons, self.strategy, self.chart_title):
            w.setVisible(scored)
        self.meta.setVisible(scored)
        if r is None or r.level is None or r.score is None:
            self.level.setText(self.tr("Not scored yet") if r is not None else "")
            self.level.setStyleSheet("font-size: 18px; font-weight: bold; color: #666")
            self.chart_view.hide()
            self.empty.setVisible(r is not None)
            self.empty.setText(self.tr("This customer has not been scored yet. Scores are "
                                       "worked out by the risk recompute (风险预警 page, or "
                                       "after each import)."))
            return
        self.level.setText(self.tr("%1 risk · %2 points").replace("%1", r.level.label)
                           .replace("%2", str(r.score)))
        self.level.setStyleSheet(f"font-size: 18px; font-weight: bold; "
                                 f"color: {LEVEL_COLOURS[r.level]}")
        meta = [self.tr("Segment: %1").replace("%1", r.segment or "—")]
        if r.cadence_days:
            meta.append(self.tr("contact every %1 days").replace("%1", str(r.cadence_days)))
        if r.version is not None:
            meta.append(self.tr("rule set version %1").replace("%1", str(r.version)))
        self.meta.setText(" · ".join(meta))
        self.reasons.setText("\n".join(f"• {f.reason}" for f in r.reasons) if r.reasons else
                             self.tr("No risk rule fires for this customer."))
        self.strategy.setText(self.tr("Strategy: %1").replace("%1", r.strategy)
                              if r.strategy else "")
        self.strategy.setVisible(bool(r.strategy))
        self._draw(r)

    def _draw(self, r: CustomerRisk) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        points = [(QDateTime.fromSecsSinceEpoch(int(p.at.timestamp())), p.score)
                  for p in self.points]
        if not points:
            self.chart_view.hide()
            self.empty.show()
            self.empty.setText(self.tr("The score has not changed since it was first worked "
                                       "out: a point is recorded each time the score, level "
                                       "or reasons change."))
            return
        now = QDateTime.currentDateTime()
        if points[-1][0] < now:  # the score holds until today
            points.append((now, r.score))  # type: ignore[arg-type]
        self.empty.hide()
        self.chart_view.show()
        line = QLineSeries()
        line.setPointsVisible(True)
        line.setColor(QColor(LEVEL_COLOURS[r.level]))  # type: ignore[index]
        previous: int | None = None
        for moment, score in points:
            ms = moment.toMSecsSinceEpoch()
            if previous is not None:  # a step: the score holds until the next change
                line.append(ms - 1, previous)
            line.append(ms, score)
            previous = score
        self.chart.addSeries(line)
        x_axis, y_axis = QDateTimeAxis(), QValueAxis()
        x_axis.setFormat("yyyy-MM-dd")
        first, last = points[0][0], points[-1][0]
        if first.daysTo(last) < 2:
            first, last = first.addDays(-3), last.addDays(3)
        x_axis.setRange(first, last)
        x_axis.setTickCount(min(max(len(points), 2), 6))
        y_axis.setRange(0, 100)
        y_axis.setLabelFormat("%.0f")
        y_axis.setTitleText(self.tr("Score"))
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        line.attachAxis(x_axis)
        line.attachAxis(y_axis)


class FinancePanel(_Panel):
    """Current figures, their history as a line chart with falls marked, and the table."""

    METRICS = (("monthly_income", QT_TRANSLATE_NOOP("FinancePanel", "Monthly income")),
               ("assets", QT_TRANSLATE_NOOP("FinancePanel", "Assets")),
               ("liabilities", QT_TRANSLATE_NOOP("FinancePanel", "Liabilities")),
               ("credit_score", QT_TRANSLATE_NOOP("FinancePanel", "Credit score")))

    def __init__(self) -> None:
        super().__init__()
        self.history: FinancialHistory | None = None
        self.current: dict[str, QLabel] = {}
        self.current_captions: dict[str, QLabel] = {}
        figures = QHBoxLayout()
        for key in ("monthly_income", "assets", "liabilities", "credit_score", "overdue_amount"):
            box = QVBoxLayout()
            caption, value = QLabel(), QLabel(objectName=f"current_{key}")
            caption.setStyleSheet("color: #666")
            value.setStyleSheet("font-size: 16px; font-weight: bold")
            box.addWidget(caption)
            box.addWidget(value)
            figures.addLayout(box)
            figures.addSpacing(24)
            self.current[key], self.current_captions[key] = value, caption
        figures.addStretch(1)
        self.metric = QComboBox(objectName="financeMetric")
        for key, _text in self.METRICS:
            self.metric.addItem("", key)
        self.metric.currentIndexChanged.connect(lambda _i: self._draw())
        self.metric_label = QLabel()
        self.legend = QLabel(objectName="financeLegend")
        self.legend.setStyleSheet("color: #666")
        self.chart_bar = QWidget()
        bar = QHBoxLayout(self.chart_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.metric_label)
        bar.addWidget(self.metric)
        bar.addSpacing(12)
        bar.addWidget(self.legend, 1)
        self.chart = QChart()
        self.chart.setBackgroundRoundness(0)
        self.chart.legend().hide()
        self.chart_view = QChartView(self.chart, objectName="financeChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(240)
        self.empty = _empty_label("financeEmpty")
        self.table = TablePanel(FINANCE_COLUMNS, "finance", lambda: "", sortable=False,
                                color=_finance_color)
        self.table.view.setMaximumHeight(180)
        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addWidget(self.chart_bar)
        layout.addWidget(self.chart_view, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        captions = {"monthly_income": self.tr("Monthly income"), "assets": self.tr("Assets"),
                    "liabilities": self.tr("Liabilities"), "credit_score": self.tr("Credit score"),
                    "overdue_amount": self.tr("Overdue amount")}
        for key, text in captions.items():
            self.current_captions[key].setText(text)
        for i, (_key, text) in enumerate(self.METRICS):
            self.metric.setItemText(i, QCoreApplication.translate("FinancePanel", text))
        self.metric_label.setText(self.tr("Chart"))
        self.legend.setText(self.tr("Red dots mark a fall of %1 or more since the previous "
                                    "figure").replace("%1", f"{DROP_RATIO:.0%}"))
        self.table.retranslate()
        self._draw()

    def set_history(self, history: FinancialHistory) -> None:
        self.history = history
        c = history.current
        for key in ("monthly_income", "assets", "liabilities", "overdue_amount"):
            self.current[key].setText(_money(getattr(c, key)))
        self.current["credit_score"].setText("—" if c.credit_score is None
                                             else str(c.credit_score))
        self.table.set_records(history.points)
        self._draw()

    def _points(self, metric: str) -> list[tuple[QDateTime, float, bool]]:
        assert self.history is not None
        out = []
        for p in self.history.points:
            value = getattr(p, metric)
            if value is None:
                continue
            day = p.as_of or local_today()
            out.append((QDateTime(qdate(day), QTime(0, 0)),
                        float(value), metric in p.drops))
        return out

    def _draw(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        metric = self.metric.currentData()
        points = self._points(metric) if self.history is not None else []
        has_history = self.history is not None and len(self.history.points) > 1
        self.chart_bar.setVisible(has_history)
        self.table.setVisible(has_history)
        self.chart_view.setVisible(has_history and bool(points))
        self.empty.setVisible(self.history is not None and not (has_history and points))
        self.empty.setText(
            self.tr("No values of this figure are on file yet.") if has_history else
            self.tr("No history yet: only the current figures above are on file. The chart "
                    "appears once figures from an earlier date have been recorded (for example "
                    "by a later import)."))
        if not has_history or not points:
            return
        line, drops = QLineSeries(), QScatterSeries()
        line.setPointsVisible(True)
        drops.setColor(RED)
        drops.setBorderColor(RED)
        drops.setMarkerSize(11)
        for moment, value, dropped in points:
            line.append(moment.toMSecsSinceEpoch(), value)
            if dropped:
                drops.append(moment.toMSecsSinceEpoch(), value)
        self.chart.addSeries(line)
        self.chart.addSeries(drops)
        x_axis, y_axis = QDateTimeAxis(), QValueAxis()
        x_axis.setFormat("yyyy-MM-dd")
        x_axis.setTitleText(self.tr("Date"))
        first, last = points[0][0], points[-1][0]
        if first == last:
            first, last = first.addDays(-15), last.addDays(15)
        x_axis.setRange(first, last)
        x_axis.setTickCount(min(max(len(points), 2), 6))
        values = [v for _m, v, _d in points]
        low, high = min(values), max(values)
        pad = (high - low) * 0.1 or max(abs(high) * 0.1, 1.0)
        y_axis.setRange(max(low - pad, 0.0) if low >= 0 else low - pad, high + pad)
        y_axis.setLabelFormat("%.0f")
        y_axis.setTitleText(self.tr("Score") if metric == "credit_score"
                            else self.tr("Yuan"))
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (line, drops):
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)


# ---- 贷款 --------------------------------------------------------------------------------

class LoansPanel(_Panel):
    """Each loan; selecting one shows its repayment history below."""

    def __init__(self) -> None:
        super().__init__()
        self.loans = TablePanel(LOAN_COLUMNS, "loans", self._empty_text)
        self.repayments = TablePanel(REPAYMENT_COLUMNS, "repayments", self._no_repayments)
        self.repayments_title = QLabel(objectName="repaymentsTitle")
        self.repayments_title.setStyleSheet("font-weight: bold")
        self.loans.view.selectionModel().currentRowChanged.connect(self._on_loan_changed)
        self.lower = lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addWidget(self.repayments_title)
        lower_layout.addWidget(self.repayments, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, objectName="loansSplitter")
        splitter.addWidget(self.loans)
        splitter.addWidget(lower)
        splitter.setSizes([220, 260])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate()

    def _empty_text(self) -> str:
        return self.tr("No loans on file for this customer yet. Loans come in with the core "
                       "banking list (File → Import customer list…).")

    def _no_repayments(self) -> str:
        return self.tr("No repayment history recorded for this loan yet.")

    def retranslate(self) -> None:
        self.loans.retranslate()
        self.repayments.retranslate()
        self._sync_title()

    def set_loans(self, loans: Sequence[LoanView]) -> None:
        current = self.selected_loan()
        self.loans.set_records(loans)
        rows = [r for r in range(self.loans.model.rowCount())
                if current and self.loans.model.record(r).id == current.id]
        if rows or loans:
            self.loans.view.selectRow(rows[0] if rows else 0)
        else:
            self.repayments.set_records([])
            self._sync_title()

    def selected_loan(self) -> LoanView | None:
        index = self.loans.view.currentIndex()
        return self.loans.model.record(index.row()) if index.isValid() else None

    def _on_loan_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        loan = self.loans.model.record(current.row()) if current.isValid() else None
        self.repayments.set_records(loan.repayments if loan else [])
        self._sync_title()

    def _sync_title(self) -> None:
        loan = self.selected_loan()
        self.repayments_title.setText(
            self.tr("Repayment history of %1").replace("%1", loan.loan_no) if loan else
            self.tr("Select a loan to see its repayment history"))
        self.lower.setVisible(self.loans.model.rowCount() > 0)
        self.repayments.setVisible(loan is not None)


# ---- 联系记录 ------------------------------------------------------------------------------

class ContactsPanel(_Panel):
    """The timeline, newest first, filtered by channel and outcome."""

    filter_changed = Signal()
    add_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.channel = QComboBox(objectName="contactChannelFilter")
        self.channel.addItem("", None)
        for ch in ContactChannel:
            self.channel.addItem(ch.label, ch)
        self.outcome = QComboBox(objectName="contactOutcomeFilter")
        self.outcome.addItem("", None)
        for oc in ContactOutcome:
            self.outcome.addItem(oc.label, oc)
        for box in (self.channel, self.outcome):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _i: self.filter_changed.emit())
        self.add_button = QPushButton(objectName="addContact")
        self.add_button.clicked.connect(self.add_requested)
        self.count = QLabel(objectName="contactCount")
        bar = QHBoxLayout()
        self.filter_label = QLabel()
        for w in (self.filter_label, self.channel, self.outcome):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.count)
        bar.addWidget(self.add_button)
        self.table = TablePanel(CONTACT_COLUMNS, "contacts", self._empty_text, sortable=False,
                                color=_contact_color)
        self.detail = QTextEdit(objectName="contactDetail", readOnly=True)
        self.detail.setMaximumHeight(110)
        self.table.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        self.retranslate()

    def filters(self) -> tuple[ContactChannel | None, ContactOutcome | None]:
        # a StrEnum stored as item data comes back from Qt as a plain str
        channel, outcome = self.channel.currentData(), self.outcome.currentData()
        return (ContactChannel(channel) if channel else None,
                ContactOutcome(outcome) if outcome else None)

    def _empty_text(self) -> str:
        if self.filters() != (None, None):
            return self.tr("No contact matches these filters.")
        return self.tr("No contacts recorded yet. Press Ctrl+N or “Log contact” to record a "
                       "call, message or visit.")

    def retranslate(self) -> None:
        self.filter_label.setText(self.tr("Show"))
        self.channel.setItemText(0, self.tr("All channels"))
        self.outcome.setItemText(0, self.tr("All outcomes"))
        self.add_button.setText(self.tr("Log contact…"))
        self.detail.setPlaceholderText(self.tr("Select a contact to read it in full"))
        self.table.retranslate()

    def set_contacts(self, contacts: Sequence[ContactView]) -> None:
        self.table.retranslate()          # the empty text depends on the filters
        self.table.set_records(contacts)
        self.count.setText(self.tr("%1 shown").replace("%1", str(len(contacts))))
        self.count.setVisible(bool(contacts))
        self.detail.setVisible(bool(contacts))
        self.detail.clear()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        c: ContactView = self.table.model.record(current.row())
        lines = [f"{display(c.contacted_at)}  {c.channel.label}  {c.direction.label}  "
                 f"{_party(c)}  {c.outcome.label}", c.summary]
        if c.promise_amount is not None:
            status = c.promise_status.label if c.promise_status else ""
            lines.append(self.tr("Promise: %1 by %2 (%3)").replace("%1", _money(c.promise_amount))
                         .replace("%2", display(c.promise_date)).replace("%3", status))
        if c.compliance_note:
            lines.append(self.tr("Compliance: %1").replace("%1", c.compliance_note))
        self.detail.setPlainText("\n".join(line for line in lines if line))


# ---- 附件 --------------------------------------------------------------------------------

class AttachmentsPanel(_Panel):
    """Documents of the customer: add (button or drop), open with the system viewer, delete."""

    def __init__(self, ctx: AppContext, customer_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.customer_id = customer_id
        self.setAcceptDrops(True)
        self.add_button = QPushButton(objectName="addAttachment")
        self.open_button = QPushButton(objectName="openAttachment")
        self.delete_button = QPushButton(objectName="deleteAttachment")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        writer = ctx.actor.can(Permission.EDIT_CUSTOMERS) and not ctx.actor.read_only
        self.add_button.setEnabled(writer)
        self.setAcceptDrops(writer)
        self.hint = QLabel(objectName="attachmentHint")
        self.hint.setStyleSheet("color: #666")
        self.message = QLabel(objectName="attachmentMessage", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()
        bar = QHBoxLayout()
        for w in (self.add_button, self.open_button, self.delete_button):
            bar.addWidget(w)
        bar.addSpacing(12)
        bar.addWidget(self.hint, 1)
        self.table = TablePanel(DOCUMENT_COLUMNS, "documents", self._empty_text)
        self.table.view.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.view.selectionModel().selectionChanged.connect(lambda *_: self._sync())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self._pending = 0
        self._problems: list[str] = []
        self._sync()
        self.retranslate()

    def _empty_text(self) -> str:
        return self.tr("No attachments yet. Click “Add attachment…” or drop scans, photos or "
                       "PDFs here (up to 20 MB each).")

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add attachment…"))
        self.open_button.setText(self.tr("Open"))
        self.delete_button.setText(self.tr("Delete"))
        self.hint.setText(self.tr("You can also drop files onto this tab. Up to 20 MB each."))
        self.table.retranslate()

    def set_documents(self, docs: Sequence[DocumentView]) -> None:
        self.table.set_records(docs)
        self._sync()

    def selected(self) -> DocumentView | None:
        rows = self.table.view.selectionModel().selectedRows()
        return self.table.model.record(rows[0].row()) if rows else None

    def _sync(self) -> None:
        doc = self.selected()
        self.open_button.setEnabled(doc is not None)
        self.delete_button.setEnabled(doc is not None and self.add_button.isEnabled())

    # -- the edges (tests replace them) -------------------------------------------------------
    def choose_files(self) -> list[str]:
        files, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Add attachment"), "",
            self.tr("Scans, photos and PDFs (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.bmp "
                    "*.heic);;All files (*)"))
        return files

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Delete attachment"), text)
        return answer == QMessageBox.StandardButton.Yes

    # -- adding ------------------------------------------------------------------------------
    def _on_add_clicked(self) -> None:
        files = self.choose_files()
        if files:
            self.add_files(files)

    def add_files(self, paths: Sequence[str]) -> None:
        """Attach each file in its own transaction; problems are listed together at the end."""
        self.message.hide()
        self._problems = []
        self._pending += len(paths)
        too_big = self.tr("%1 is %2, over the 20 MB limit for one attachment, and was not "
                          "saved. Compress the images or split the PDF, then try again.")
        unreadable = self.tr("%1 could not be read: %2")
        actor, cid = self.ctx.actor, self.customer_id
        for path in paths:
            def work(uow: Any, _p: Any, path: str = path) -> DocumentView:
                name = Path(path).name
                try:
                    size = os.path.getsize(path)
                    if size > MAX_BYTES:     # refuse before reading a huge file into memory
                        raise ValidationError({"file": too_big.replace("%1", name)
                                               .replace("%2", _size(size))})
                    data = Path(path).read_bytes()
                except OSError as exc:
                    raise UserError(unreadable.replace("%1", name)
                                    .replace("%2", exc.strerror or str(exc))) from None
                return attach(uow, actor, cid, name, data)

            self.ctx.run(work, self._on_attached, widget=self, label=self.tr("Attaching…"),
                         on_error=lambda exc, p=path: self._on_attach_failed(p, exc),
                         changes=frozenset({"documents"}))

    def _on_attached(self, _doc: DocumentView) -> None:
        self._one_done()

    def _on_attach_failed(self, path: str, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            self._one_done()
            show_error(self, exc)
            return
        name = Path(path).name
        text = exc.message
        self._problems.append(text if name in text else f"{name}：{text}")
        self._one_done()

    def _one_done(self) -> None:
        self._pending -= 1
        if self._pending == 0 and self._problems and _alive(self):
            self.message.setText("\n".join(self._problems))
            self.message.show()

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        files = [f for f in files if os.path.isfile(f)]
        if files:
            event.acceptProposedAction()
            self.add_files(files)

    # -- opening and deleting -------------------------------------------------------------------
    def open_selected(self) -> None:
        doc = self.selected()
        if doc is None:
            return
        actor = self.ctx.actor

        def work(uow: Any, _p: Any) -> Path:
            content = read_document(uow, actor, doc.id)
            folder = Path(tempfile.mkdtemp(prefix="crm-attachment-"))
            path = folder / (Path(content.file_name).name or f"attachment-{content.id}")
            path.write_bytes(content.data)
            return path

        self.ctx.run(work, self._on_written, widget=self, label=self.tr("Opening…"),
                     changes=frozenset({"documents"}))   # the viewing is audited

    def _on_written(self, path: Path) -> None:
        if not open_with_system_viewer(path) and _alive(self):
            self.message.setText(self.tr("No program on this computer opens %1. The file was "
                                         "saved as %2.").replace("%1", path.name)
                                 .replace("%2", str(path)))
            self.message.show()

    def delete_selected(self) -> None:
        doc = self.selected()
        if doc is None or not self.confirm(
                self.tr("Delete the attachment “%1”? The audit trail keeps its name and "
                        "fingerprint.").replace("%1", doc.file_name)):
            return
        actor = self.ctx.actor
        self.message.hide()
        self.ctx.run(lambda uow, _p: delete_document(uow, actor, doc.id), lambda _r: None,
                     widget=self, changes=frozenset({"documents"}))


# ---- 变更记录 ------------------------------------------------------------------------------

class AuditTrailPanel(_Panel):
    """The customer's audit trail, newest first, paged; the selected event's values below."""

    def __init__(self, ctx: AppContext, customer_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.customer_id = customer_id
        self.table = TablePanel(AUDIT_COLUMNS, "audit", self._empty_text, sortable=False)
        self.more = QPushButton(objectName="auditMore")
        self.more.clicked.connect(self._on_more_clicked)
        self.more.hide()
        self.detail = QTextEdit(objectName="auditDetail", readOnly=True)
        self.detail.setMaximumHeight(120)
        self.table.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.more)
        layout.addWidget(self.detail)
        self.retranslate()

    def _empty_text(self) -> str:
        return self.tr("No changes recorded for this customer yet.")

    def retranslate(self) -> None:
        self.more.setText(self.tr("Load more"))
        self.detail.setPlaceholderText(self.tr("Select an entry to see the values before and "
                                               "after"))
        self.table.retranslate()

    def set_events(self, events: Sequence[AuditEventView]) -> None:
        self.table.set_records(events)
        self.more.setVisible(len(events) == AUDIT_PAGE)
        self.detail.setVisible(bool(events))
        self.detail.clear()

    def _on_more_clicked(self) -> None:
        records = self.table.model.records
        if not records:
            return
        actor, cid, last = self.ctx.actor, self.customer_id, records[-1].id

        def loaded(rows: list[AuditEventView]) -> None:
            if _alive(self):
                self.table.model.append_records(rows)
                self.more.setVisible(len(rows) == AUDIT_PAGE)

        self.ctx.run(lambda uow, _p: customer_audit(uow.session, actor, cid, last, AUDIT_PAGE),
                     loaded, widget=self)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        e = self.table.model.record(current.row())
        parts = [e.summary]
        if e.before:
            parts.append(self.tr("Before: %1").replace(
                "%1", json.dumps(e.before, ensure_ascii=False, default=str)))
        if e.after:
            parts.append(self.tr("After: %1").replace(
                "%1", json.dumps(e.after, ensure_ascii=False, default=str)))
        self.detail.setPlainText("\n".join(parts))


# ---- the page ----------------------------------------------------------------------------

def _load(uow: Any, actor: Any, customer_id: int, parts: frozenset[str],
          channel: ContactChannel | None, outcome: ContactOutcome | None) -> dict[str, Any]:
    """On the worker: read the requested parts of the page, each inside the actor's scope."""
    s, out = uow.session, {}
    if "customer" in parts:
        out["customer"] = get_customer(uow, actor, customer_id)
    readers: dict[str, Callable[[], Any]] = {
        "risk": lambda: (customer_risk(s, actor, customer_id),
                         score_history(s, actor, customer_id)),
        "finance": lambda: financial_history(s, actor, customer_id),
        "loans": lambda: customer_loans(s, actor, customer_id),
        "contacts": lambda: contact_timeline(uow, actor, customer_id, channel, outcome),
        "visits": lambda: customer_visits(s, actor, customer_id),
        "surveys": lambda: customer_surveys(s, actor, customer_id),
        "feedback": lambda: customer_feedback(s, actor, customer_id),
        "documents": lambda: list_documents(uow, actor, customer_id),
        "audit": lambda: customer_audit(s, actor, customer_id, None, AUDIT_PAGE),
    }
    for part, read in readers.items():
        if part in parts:
            out[part] = read()
    return out


class Customer360(QWidget):
    """One customer: header and tabs. Opened by the customer list as a closable tab."""

    title_changed = Signal(str)
    loaded = Signal()                # a load finished and the page shows it

    TABS = (("basic", QT_TRANSLATE_NOOP("Customer360", "Basic information")),
            ("risk", QT_TRANSLATE_NOOP("Customer360", "Risk")),
            ("finance", QT_TRANSLATE_NOOP("Customer360", "Finances")),
            ("loans", QT_TRANSLATE_NOOP("Customer360", "Loans")),
            ("contacts", QT_TRANSLATE_NOOP("Customer360", "Contacts")),
            ("visits", QT_TRANSLATE_NOOP("Customer360", "Visits")),
            ("surveys", QT_TRANSLATE_NOOP("Customer360", "Satisfaction")),
            ("feedback", QT_TRANSLATE_NOOP("Customer360", "Feedback")),
            ("documents", QT_TRANSLATE_NOOP("Customer360", "Attachments")),
            ("audit", QT_TRANSLATE_NOOP("Customer360", "Change history")))

    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.setObjectName("customer360")
        self.record: CustomerView | None = None
        self.revealed: CustomerView | None = None
        self.contact_dialog: ContactDialog | None = None
        self._ever_loaded = False
        self._pending: set[str] = set()
        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self._run_reload)

        self.header = CustomerHeader(ctx.actor.can(Permission.REVEAL))
        self.header.reveal_requested.connect(self._on_header_reveal_requested)
        self.header.contact_requested.connect(self.add_contact)
        self.print_button = BriefingButton(
            ctx, lambda: [self.customer_id], pack=False, parent=self.header,
            file_hint=lambda: self.record.name if self.record else "")
        self.header.top.insertWidget(self.header.top.indexOf(self.header.reveal_button),
                                     self.print_button)
        self.blocked = QLabel(objectName="blocked", alignment=Qt.AlignmentFlag.AlignCenter,
                              wordWrap=True)
        self.blocked.setStyleSheet("color: #b00020; font-size: 15px; padding: 40px")
        self.blocked.hide()
        self.basic = BasicInfoPanel(ctx, customer_id)
        self.basic.dirty_changed.connect(lambda _d: self.retranslate())
        self.risk = RiskPanel()
        self.finance = FinancePanel()
        self.loans = LoansPanel()
        self.contacts = ContactsPanel()
        self.contacts.filter_changed.connect(lambda: self.reload({"contacts"}))
        self.contacts.add_requested.connect(self.add_contact)
        self.visits = TablePanel(VISIT_COLUMNS, "visits", lambda: self.tr(
            "No visits recorded yet. Visits planned and recorded on the Visits page appear "
            "here."))
        self.surveys = TablePanel(SURVEY_COLUMNS, "surveys", lambda: self.tr(
            "No satisfaction survey answers recorded yet."))
        self.feedback = TablePanel(FEEDBACK_COLUMNS, "feedback", lambda: self.tr(
            "No feedback recorded yet: no complaints, suggestions or praise from this "
            "customer."))
        self.documents = AttachmentsPanel(ctx, customer_id)
        self.audit = AuditTrailPanel(ctx, customer_id)
        self.tabs = QTabWidget(objectName="customer360Tabs")
        self.tab_widgets: dict[str, QWidget] = {
            "basic": self.basic, "risk": self.risk, "finance": self.finance,
            "loans": self.loans,
            "contacts": self.contacts, "visits": self.visits, "surveys": self.surveys,
            "feedback": self.feedback, "documents": self.documents, "audit": self.audit}
        for key, _title in self.TABS:
            self.tabs.addTab(self.tab_widgets[key], "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.blocked, 1)
        layout.addWidget(self.tabs, 1)

        QShortcut(QKeySequence("Ctrl+N"), self, self.add_contact)
        QShortcut(QKeySequence("Ctrl+S"), self, self._on_save_shortcut)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self, self._on_undo_shortcut)
        self.retranslate()
        ctx.signals.data_changed.connect(self._on_data_changed)
        self.reload(PARTS)

    def retranslate(self) -> None:
        for i, (key, title) in enumerate(self.TABS):
            text = QCoreApplication.translate("Customer360", title)
            if key == "basic" and self.basic.is_dirty():
                text += " *"
            self.tabs.setTabText(i, text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- loading -------------------------------------------------------------------------------
    def reload(self, parts: set[str] | frozenset[str]) -> None:
        """Reload these parts soon; requests arriving together become one read."""
        self._pending |= set(parts) & PARTS
        self._reload_timer.start()

    def _run_reload(self) -> None:
        parts, self._pending = frozenset(self._pending), set()
        if not parts:
            return
        actor, cid = self.ctx.actor, self.customer_id
        channel, outcome = self.contacts.filters()
        self.ctx.run(lambda uow, _p: _load(uow, actor, cid, parts, channel, outcome),
                     self._on_loaded, widget=self, label=self.tr("Loading customer…"),
                     on_error=self._on_load_failed)

    def _on_loaded(self, data: dict[str, Any]) -> None:
        if not _alive(self):
            return
        self._ever_loaded = True
        if "customer" in data:
            self.record = data["customer"]
            self._show_record()
            self.basic.set_record(self.record, sensitive=self._sensitive())
            self.title_changed.emit(self.record.name)
        if "risk" in data:
            self.risk.set_risk(*data["risk"])
        if "finance" in data:
            self.finance.set_history(data["finance"])
        if "loans" in data:
            self.loans.set_loans(data["loans"])
        if "contacts" in data:
            self.contacts.set_contacts(data["contacts"])
        for part, panel in (("visits", self.visits), ("surveys", self.surveys),
                            ("feedback", self.feedback)):
            if part in data:
                panel.set_records(data[part])
        if "documents" in data:
            self.documents.set_documents(data["documents"])
        if "audit" in data:
            self.audit.set_events(data["audit"])
        self.loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        if not _alive(self):
            return
        if isinstance(exc, (NotFoundError, PermissionDenied)) or (
                isinstance(exc, UserError) and not self._ever_loaded):
            # out of scope (or gone): say so plainly and show nothing of the customer
            self.header.hide()
            self.tabs.hide()
            self.blocked.setText(self.tr("This customer cannot be opened: %1")
                                 .replace("%1", exc.message))   # type: ignore[attr-defined]
            self.blocked.show()
            self.title_changed.emit(self.tr("Not available"))
            self.loaded.emit()
            return
        show_error(self, exc)

    def _sensitive(self) -> CustomerView | None:
        """The record with the revealed ID, phone and address, while revealed."""
        if self.record is None:
            return None
        if self.revealed is None:
            return self.record
        r = self.revealed
        return replace(self.record, id_number=r.id_number, phone=r.phone, address=r.address,
                       revealed=True)

    def _show_record(self) -> None:
        shown = self._sensitive()
        if shown is not None:
            self.header.set_record(shown)

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        parts: set[str] = set()
        for kind in kinds:
            parts |= REFRESH_ON.get(kind, frozenset())
        if parts and _alive(self) and not self.blocked.isVisible():
            self.reload(parts)

    # -- reveal --------------------------------------------------------------------------------
    def _on_header_reveal_requested(self) -> None:
        if self.revealed is not None:       # hide again: nothing to read or audit
            self.revealed = None
            self._show_record()
            if self.record is not None:
                self.basic.set_readonly(self.record)
            return
        actor, cid = self.ctx.actor, self.customer_id
        self.ctx.run(lambda uow, _p: get_customer(uow, actor, cid, reveal=True),
                     self._on_revealed, widget=self)

    def _on_revealed(self, view: CustomerView) -> None:
        if not _alive(self):
            return
        self.revealed = view
        self._show_record()
        shown = self._sensitive()
        if shown is not None:
            self.basic.set_readonly(shown)
        self.reload({"audit"})       # the reveal is in the trail now

    # -- contacts ------------------------------------------------------------------------------
    def add_contact(self) -> None:
        """记录联系 (Ctrl+N): the quick-add dialog; the timeline refreshes when it saves."""
        if self.record is None or self.contact_dialog is not None:
            return
        dialog = ContactDialog(self.ctx, self.customer_id, self, customer_name=self.record.name)
        self.contact_dialog = dialog
        dialog.finished.connect(lambda result: self._on_contact_dialog_finished(dialog, result))
        dialog.open()

    def _on_contact_dialog_finished(self, dialog: ContactDialog, result: int) -> None:
        self.contact_dialog = None
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self.tabs.setCurrentWidget(self.contacts)
            self.reload({"contacts", "customer", "audit"})

    # -- keyboard and closing ------------------------------------------------------------------
    def _on_save_shortcut(self) -> None:
        if self.basic.is_dirty():
            self.basic.save()

    def _on_undo_shortcut(self) -> None:
        if self.basic.undo_last_edit():
            self.tabs.setCurrentWidget(self.basic)

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """The edge to the user (tests replace it): Save, Discard or Cancel."""
        name = self.record.name if self.record else ""
        return QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("The basic information of %1 has unsaved changes. Save them before "
                    "closing?").replace("%1", name),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)

    def may_close(self) -> bool:
        """Called before the tab closes: unsaved edits are saved, discarded or kept open."""
        if not self.basic.is_dirty():
            return True
        self.tabs.setCurrentWidget(self.basic)
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Discard:
            return True
        if answer == QMessageBox.StandardButton.Save:
            return self.basic.save_and_wait()
        return False
