"""A page whose feature is not built yet: it says so plainly, and what will come."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, title: str, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title_src, self._message_src = title, message
        self.title = QLabel(objectName="pageTitle")
        self.title.setStyleSheet("font-size: 20px; font-weight: bold")
        self.message = QLabel(objectName="pageMessage", wordWrap=True)
        self.message.setStyleSheet("color: #555; font-size: 14px")
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addSpacing(12)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(QCoreApplication.translate("Navigation", self._title_src))
        self.message.setText(QCoreApplication.translate("Pages", self._message_src))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
