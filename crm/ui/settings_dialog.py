"""Settings: interface language, and the database URL with a connection test."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QVBoxLayout, QWidget,
)

from crm.domain.errors import UserError
from crm.persistence.engine import connect, resolve_url
from crm.ui.runner import OperationRunner
from crm.ui.settings import LANGUAGES, AppSettings


def test_connection(url: str) -> str:
    db = connect(url)
    try:
        db.check()
        return db.description
    finally:
        db.dispose()


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, runner: OperationRunner,
                 parent: QWidget | None = None, current_url: str = "") -> None:
        super().__init__(parent)
        self.settings, self.runner = settings, runner
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(560)
        self.language = QComboBox(objectName="language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(LANGUAGES).index(settings.language))
        self.db_url = QLineEdit(settings.db_url or current_url or resolve_url(None),
                                objectName="dbUrl")
        self.db_url.setPlaceholderText("sqlite:///C:/CRM/crm.sqlite3  |  "
                                       "postgresql://user:password@server/crm")
        self.test_button = QPushButton(self.tr("Test connection"), objectName="testConnection")
        self.test_button.clicked.connect(self._on_test_clicked)
        self.result = QLabel(objectName="testResult", wordWrap=True)
        url_row = QHBoxLayout()
        url_row.addWidget(self.db_url, 1)
        url_row.addWidget(self.test_button)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Database"), url_row)
        form.addRow("", self.result)
        note = QLabel(self.tr("A new database address takes effect the next time the program "
                              "starts. A PostgreSQL database is shared by every PC of the branch."),
                      wordWrap=True)
        note.setStyleSheet("color: gray")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _on_test_clicked(self) -> None:
        url = self.db_url.text()
        self.test_button.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Connecting…"))
        self.runner.run(lambda _p: test_connection(url), self._on_test_ok, self._on_test_failed)

    def _on_test_ok(self, description: str) -> None:
        self.test_button.setEnabled(True)
        self.result.setStyleSheet("color: #1b5e20")
        self.result.setText(self.tr("Connected: %1").replace("%1", description))

    def _on_test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.result.setStyleSheet("color: #b00020")
        self.result.setText(exc.message if isinstance(exc, UserError) else repr(exc))

    def _on_save_clicked(self) -> None:
        self.settings.language = self.language.currentData()
        self.settings.db_url = self.db_url.text()
        self.settings.sync()
        self.accept()
