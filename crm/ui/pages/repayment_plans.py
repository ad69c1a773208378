"""还款计划 (repayment plans: list, plan dialog, approve, sign, payments, agreement PDF). Hosted as a tab of the 走访管理 page (crm/ui/pages/visits.py)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from crm.ui.context import AppContext


class RepaymentPlansWidget(QWidget):
    """Stub until built: the visits page can already host it as a tab."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        QVBoxLayout(self).addWidget(QLabel("…"))

    def refresh(self) -> None:
        """Reload from the database (called when the tab is shown or data changed)."""
