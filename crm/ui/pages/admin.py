"""系统管理: users (add, unlock) and the audit trail with filters."""
from __future__ import annotations

import json
from datetime import datetime, time, timezone

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QEvent
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QTabWidget, QTextEdit, QVBoxLayout, QWidget,
)

from crm.domain.actors import Permission
from crm.domain.enums import Role
from crm.domain.errors import ValidationError
from crm.domain.records import AuditEventView, UserDraft, UserView
from crm.services.audit import ACTIONS, ENTITIES, AuditFilter, audit_events
from crm.services.users import add_user, list_branches, list_users, unlock_user
from crm.ui import dates
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.table_model import LOCAL, Column, RecordTableModel, record_view

PAGE = 200


class UsersPanel(QWidget):
    COLUMNS = [
        Column(QT_TRANSLATE_NOOP("Columns", "User name"), lambda u: u.username), Column(QT_TRANSLATE_NOOP("Columns", "Name"), lambda u: u.display_name),
        Column(QT_TRANSLATE_NOOP("Columns", "Role"), lambda u: u.role), Column(QT_TRANSLATE_NOOP("Columns", "Branch"), lambda u: u.branch_name),
        Column(QT_TRANSLATE_NOOP("Columns", "Active"), lambda u: u.active), Column(QT_TRANSLATE_NOOP("Columns", "Locked until"), lambda u: u.locked_until),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = RecordTableModel(self.COLUMNS)
        self.view = record_view(self.model, "usersTable")
        self.add_button = QPushButton(self.tr("Add user…"), objectName="addUser")
        self.unlock_button = QPushButton(self.tr("Unlock"), objectName="unlockUser")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        can_manage = ctx.actor.can(Permission.MANAGE_USERS)
        self.add_button.setEnabled(can_manage)
        self.unlock_button.setEnabled(can_manage)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.unlock_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.run(lambda uow, _p: list_users(uow, self.ctx.actor), self.model.set_records,
                     widget=self)

    def _selected(self) -> UserView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _on_add_clicked(self) -> None:
        dialog = UserDialog(self.ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _on_unlock_clicked(self) -> None:
        user = self._selected()
        if user is None:
            return
        self.ctx.run(lambda uow, _p: unlock_user(uow, self.ctx.actor, user.id),
                     lambda _r: self.refresh(), widget=self, changes=frozenset({"users"}))

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add user…"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.model.retranslate()


class UserDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Add user"))
        self.username = QLineEdit(objectName="username")
        self.display_name = QLineEdit(objectName="displayName")
        self.role = QComboBox(objectName="role")
        for role in Role:
            self.role.addItem(role.label, role)
        self.branch = QComboBox(objectName="branch")
        self.branch.addItem(self.tr("(none)"), None)
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="error", wordWrap=True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Name"), self.display_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Branch"), self.branch)
        form.addRow(self.tr("Initial password"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        ctx.run(lambda uow, _p: list_branches(uow), self._set_branches, widget=self)

    def _set_branches(self, branches: list) -> None:  # type: ignore[type-arg]
        for b in branches:
            self.branch.addItem(f"{b.name}（{b.code}）", b.code)
        if branches:
            self.branch.setCurrentIndex(1)

    def _on_save_clicked(self) -> None:
        draft = UserDraft(self.username.text(), self.display_name.text(), self.role.currentData(),
                          self.password.text(), self.branch.currentData())
        self.ctx.run(lambda uow, _p: add_user(uow, self.ctx.actor, draft), lambda _u: self.accept(),
                     widget=self, on_error=self._on_failed, changes=frozenset({"users"}))

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.error.setText("\n".join(exc.fields.values()))
        else:
            show_error(self, exc)


class AuditPanel(QWidget):
    COLUMNS = [
        Column(QT_TRANSLATE_NOOP("Columns", "Time"), lambda e: e.occurred_at), Column(QT_TRANSLATE_NOOP("Columns", "User"), lambda e: e.actor_name),
        Column(QT_TRANSLATE_NOOP("Columns", "Action"), lambda e: ACTIONS.get(e.action, e.action)),
        Column(QT_TRANSLATE_NOOP("Columns", "Object"),
               lambda e: f"{ENTITIES.get(e.entity or '', e.entity or '')} {e.entity_id or ''}".strip()),
        Column(QT_TRANSLATE_NOOP("Columns", "Summary"), lambda e: e.summary),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = RecordTableModel(self.COLUMNS)
        self.view = record_view(self.model, "auditTable")
        self.view.setSortingEnabled(False)  # newest first, paged from the database
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_changed)
        self.user_filter = QLineEdit(objectName="auditUser")
        self.user_filter.setPlaceholderText(self.tr("User"))
        self.action_filter = QComboBox(objectName="auditAction")
        self.action_filter.addItem(self.tr("All actions"), "")
        for key, label in ACTIONS.items():
            self.action_filter.addItem(label, key)
        today = dates.today()
        self.since = QDateEdit(today.addDays(-30), calendarPopup=True, objectName="auditSince")
        self.until = QDateEdit(today, calendarPopup=True, objectName="auditUntil")
        self.search = QPushButton(self.tr("Search"), objectName="auditSearch", default=True)
        self.more = QPushButton(self.tr("Load more"), objectName="auditMore")
        self.detail = QTextEdit(objectName="auditDetail", readOnly=True)
        self.detail.setMaximumHeight(140)
        self.search.clicked.connect(self.refresh)
        self.more.clicked.connect(self._on_more_clicked)
        bar = QHBoxLayout()
        for w in (self.user_filter, self.action_filter, self.since, QLabel("—"), self.until,
                  self.search):
            bar.addWidget(w)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.more)
        layout.addWidget(self.detail)
        self.refresh()

    def _filter(self) -> AuditFilter:
        def utc(d: QDate, end: bool) -> datetime:
            day = d.toPython()
            local = datetime.combine(day, time.max if end else time.min, LOCAL)
            return local.astimezone(timezone.utc)

        return AuditFilter(actor_name=self.user_filter.text().strip(),
                           action=self.action_filter.currentData() or "",
                           since=utc(self.since.date(), False), until=utc(self.until.date(), True))

    def refresh(self) -> None:
        flt = self._filter()
        self.ctx.run(lambda uow, _p: audit_events(uow, self.ctx.actor, flt, None, PAGE),
                     self._on_loaded, widget=self)

    def _on_loaded(self, rows: list[AuditEventView]) -> None:
        self.model.set_records(rows)
        self.more.setEnabled(len(rows) == PAGE)
        self.view.resizeColumnsToContents()

    def _on_more_clicked(self) -> None:
        if not self.model.records:
            return
        flt, last = self._filter(), self.model.records[-1].id

        def loaded(rows: list[AuditEventView]) -> None:
            self.model.append_records(rows)
            self.more.setEnabled(len(rows) == PAGE)

        self.ctx.run(lambda uow, _p: audit_events(uow, self.ctx.actor, flt, last, PAGE), loaded,
                     widget=self)

    def _on_view_current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        if not current.isValid():
            return
        e = self.model.record(current.row())
        host, before, after = self.tr("Host"), self.tr("Before"), self.tr("After")
        parts = [f"{host}: {e.host or ''}"]
        if e.before:
            parts.append(f"{before}: {json.dumps(e.before, ensure_ascii=False)}")
        if e.after:
            parts.append(f"{after}: {json.dumps(e.after, ensure_ascii=False)}")
        self.detail.setPlainText("\n".join(parts))

    def retranslate(self) -> None:
        self.search.setText(self.tr("Search"))
        self.more.setText(self.tr("Load more"))
        self.user_filter.setPlaceholderText(self.tr("User"))
        self.action_filter.setItemText(0, self.tr("All actions"))
        self.model.retranslate()


class AdminPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.tabs = QTabWidget(objectName="adminTabs")
        self.users = UsersPanel(ctx)
        self.tabs.addTab(self.users, "")
        self.audit: AuditPanel | None = None
        if ctx.actor.can(Permission.READ_AUDIT):
            self.audit = AuditPanel(ctx)
            self.tabs.addTab(self.audit, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.retranslate()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Users"))
        if self.audit is not None:
            self.tabs.setTabText(1, self.tr("Audit trail"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.users.retranslate()
            if self.audit is not None:
                self.audit.retranslate()
        super().changeEvent(event)
