"""The sign-in dialog and the first-start dialog that creates the administrator."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from crm.domain.actors import Actor
from crm.domain.errors import UserError, ValidationError
from crm.persistence.engine import Database
from crm.services.auth import create_first_admin, sign_in
from crm.ui.errors import show_error
from crm.ui.runner import OperationRunner
from crm.ui.settings import AppSettings


class LoginDialog(QDialog):
    def __init__(self, db: Database, settings: AppSettings, runner: OperationRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.settings, self.runner = db, settings, runner
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Sign in — Post-loan CRM"))
        self.setMinimumWidth(380)
        self.username = QLineEdit(settings.last_username, objectName="username")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.message = QLabel(objectName="message", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        self.database = QLabel(self.tr("Database: %1").replace("%1", db.description),
                               wordWrap=True)
        self.database.setStyleSheet("color: gray")
        self.buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton(self.tr("Sign in"), objectName="signIn", default=True)
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_sign_in_clicked)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Post-loan management"), alignment=Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 18px; font-weight: bold; margin: 8px")
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.database)
        layout.addWidget(self.buttons)
        (self.password if self.username.text() else self.username).setFocus()

    def _on_sign_in_clicked(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip() or not password:
            self.message.setText(self.tr("Enter your user name and password."))
            return
        self.sign_in_button.setEnabled(False)
        self.message.setText(self.tr("Signing in…"))
        self.runner.run(lambda _p: sign_in(self.db, username, password), self._on_signed_in,
                        self._on_failed)

    def _on_signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.settings.last_username = actor.username
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.sign_in_button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, UserError):
            self.message.setText(exc.message)
        else:
            self.message.clear()
            show_error(self, exc)


class FirstAdminDialog(QDialog):
    """Shown on a database with no users: creates the administrator account."""

    def __init__(self, db: Database, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("First start: create the administrator"))
        self.setMinimumWidth(440)
        intro = QLabel(self.tr("This database has no users yet. Create the administrator "
                               "account; it manages users, branches and settings."), wordWrap=True)
        self.username = QLineEdit("admin", objectName="username")
        self.display_name = QLineEdit(self.tr("Administrator"), objectName="displayName")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(objectName="confirm", echoMode=QLineEdit.EchoMode.Password)
        self.branch_name = QLineEdit(objectName="branchName")
        self.branch_name.setPlaceholderText(self.tr("e.g. Xihu Sub-branch"))
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, widget in (
            ("username", self.tr("User name"), self.username),
            ("display_name", self.tr("Display name"), self.display_name),
            ("password", self.tr("Password (8+ chars, letters and digits)"), self.password),
            ("confirm", self.tr("Repeat password"), self.confirm),
            ("branch", self.tr("Branch name"), self.branch_name),
        ):
            form.addRow(label, widget)
            err = QLabel(objectName=f"error_{key}")
            err.setStyleSheet("color: #b00020")
            err.hide()
            form.addRow("", err)
            self.errors[key] = err
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create administrator"))
        buttons.accepted.connect(self._on_create_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _show_errors(self, fields: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(fields.get(key, ""))
            label.setVisible(key in fields)

    def _on_create_clicked(self) -> None:
        if self.password.text() != self.confirm.text():
            self._show_errors({"confirm": self.tr("The two passwords differ.")})
            return
        self._show_errors({})
        args = (self.username.text(), self.display_name.text(), self.password.text())
        branch = self.branch_name.text().strip() or "本支行"
        self.ok_button.setEnabled(False)
        self.runner.run(lambda _p: create_first_admin(self.db, *args, branch_name=branch),
                        self._on_created, self._on_failed)

    def _on_created(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._show_errors(exc.fields)
        else:
            show_error(self, exc)
