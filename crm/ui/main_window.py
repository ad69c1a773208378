"""The main window: navigation, pages (built on first visit), menus, status bar, saved layout."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox, QSplitter, QStackedWidget,
    QStyle, QWidget,
)

from crm.ui import i18n
from crm.ui.actions import ACTIONS, MENUS
from crm.ui.context import AppContext
from crm.ui.pages.admin import AdminPage
from crm.ui.pages.placeholder import PlaceholderPage
from crm.ui.settings_dialog import SettingsDialog


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: QStyle.StandardPixmap
    build: Callable[[AppContext], QWidget]


def _placeholder(title: str, message: str) -> Callable[[AppContext], QWidget]:
    return lambda _ctx: PlaceholderPage(title, message)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("today", QT_TRANSLATE_NOOP("Navigation", "Today"),
             QStyle.StandardPixmap.SP_FileDialogDetailedView, _placeholder(
                 "Today", QT_TRANSLATE_NOOP("Pages", "Your day will start here: follow-ups due, "
                 "promises to pay due today and broken yesterday, today's visits, open alerts "
                 "and surveys due. This page is not built yet; it comes with the customer "
                 "workspace."))),
    PageSpec("customers", QT_TRANSLATE_NOOP("Navigation", "Customers"),
             QStyle.StandardPixmap.SP_DirHomeIcon, _placeholder(
                 "Customers", QT_TRANSLATE_NOOP("Pages", "The customer list and the customer "
                 "360 page are not built yet. They come with the customer workspace; the import "
                 "of the core-banking Excel lists comes with the import wizard."))),
    PageSpec("risk", QT_TRANSLATE_NOOP("Navigation", "Risk alerts"),
             QStyle.StandardPixmap.SP_MessageBoxWarning, _placeholder(
                 "Risk alerts", QT_TRANSLATE_NOOP("Pages", "Risk scores with their reasons, the "
                 "alert queue and customer segments are not built yet."))),
    PageSpec("visits", QT_TRANSLATE_NOOP("Navigation", "Visits"),
             QStyle.StandardPixmap.SP_DialogYesButton, _placeholder(
                 "Visits", QT_TRANSLATE_NOOP("Pages", "Visit screening, two-person plans, "
                 "appointments, the day's route, visit records and supervisor review are not "
                 "built yet."))),
    PageSpec("surveys", QT_TRANSLATE_NOOP("Navigation", "Surveys"),
             QStyle.StandardPixmap.SP_FileDialogContentsView, _placeholder(
                 "Surveys", QT_TRANSLATE_NOOP("Pages", "Satisfaction survey templates, answer "
                 "entry, analysis and remediation cases are not built yet."))),
    PageSpec("reports", QT_TRANSLATE_NOOP("Navigation", "Reports"),
             QStyle.StandardPixmap.SP_FileDialogInfoView, _placeholder(
                 "Reports", QT_TRANSLATE_NOOP("Pages", "The management dashboard and the monthly "
                 "report are not built yet."))),
    PageSpec("admin", QT_TRANSLATE_NOOP("Navigation", "Administration"),
             QStyle.StandardPixmap.SP_ComputerIcon, AdminPage),
)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.nav = QListWidget(objectName="nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setMinimumWidth(140)
        self.nav.setMaximumWidth(200)
        self.nav.setStyleSheet("QListWidget#nav { font-size: 14px } "
                               "QListWidget#nav::item { padding: 8px 6px }")
        self.stack = QStackedWidget(objectName="pages")
        self.pages: dict[str, QWidget] = {}
        for spec in PAGES:
            item = QListWidgetItem(self.style().standardIcon(spec.icon), "")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the page on first visit
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        splitter = QSplitter(objectName="mainSplitter")
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 1030])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.actions_by_id = self._build_actions()
        self._build_status_bar()
        self.retranslate()
        self._restore_layout()
        self.nav.setCurrentRow(0)

    # -- building ---------------------------------------------------------------------------
    def _build_actions(self) -> dict[str, QAction]:
        handlers: dict[str, Callable[[], None]] = {
            "settings": self._on_settings_triggered, "quit": self.close,
            "about": self._on_about_triggered,
        }
        for row, spec in enumerate(PAGES):
            handlers[f"nav_{spec.key}"] = lambda _checked=False, r=row: self.nav.setCurrentRow(r)
        menus = {key: self.menuBar().addMenu("") for key in MENUS}
        actions: dict[str, QAction] = {}
        for spec in ACTIONS:
            action = QAction(self, objectName=f"action_{spec.id}")
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            action.triggered.connect(handlers[spec.id])
            menus[spec.menu].addAction(action)
            actions[spec.id] = action
        self._menus = menus
        return actions

    def _build_status_bar(self) -> None:
        self.user_label = QLabel(objectName="statusUser")
        self.branch_label = QLabel(objectName="statusBranch")
        self.db_label = QLabel(self.ctx.db.description, objectName="statusDatabase")
        for w in (self.user_label, self.branch_label, self.db_label):
            self.statusBar().addPermanentWidget(w)

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Post-loan CRM"))
        for row, spec in enumerate(PAGES):
            self.nav.item(row).setText(QCoreApplication.translate("Navigation", spec.title))
        for spec in ACTIONS:
            self.actions_by_id[spec.id].setText(QCoreApplication.translate("Actions", spec.text))
        for key, menu in self._menus.items():
            menu.setTitle(QCoreApplication.translate("Menus", MENUS[key]))
        actor = self.ctx.actor
        self.user_label.setText(QCoreApplication.translate("MainWindow", "User: %1 (%2)")
                                .replace("%1", actor.display_name or actor.username)
                                .replace("%2", actor.role.label))
        self.branch_label.setText(QCoreApplication.translate("MainWindow", "Branch: %1")
                                  .replace("%1", self.ctx.branch_name or "—"))

    # -- navigation -------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page widget, built on first use so start-up does no page work."""
        if key not in self.pages:
            row = [s.key for s in PAGES].index(key)
            widget = PAGES[row].build(self.ctx)
            widget.setObjectName(f"page_{key}")
            old = self.stack.widget(row)
            self.stack.insertWidget(row, widget)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[key] = widget
        return self.pages[key]

    def show_page(self, key: str) -> QWidget:
        self.nav.setCurrentRow([s.key for s in PAGES].index(key))
        return self.pages[key]

    def _on_nav_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentWidget(self.page(PAGES[row].key))

    # -- actions ----------------------------------------------------------------------------
    def _on_settings_triggered(self) -> None:
        dialog = SettingsDialog(self.ctx.settings, self.ctx.runner, self,
                                current_url=self.ctx.db.url.render_as_string(hide_password=False))
        before = self.ctx.settings.language
        if dialog.exec() and self.ctx.settings.language != before:
            i18n.install(self.ctx.settings.language)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, QCoreApplication.translate("MainWindow", "About"),
                          QCoreApplication.translate("MainWindow", "Post-loan CRM for bank branches.\nDatabase: %1")
                          .replace("%1", self.ctx.db.description))

    # -- Qt events --------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _restore_layout(self) -> None:
        geometry = self.ctx.settings.geometry("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        state = self.ctx.settings.geometry("main/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.ctx.settings.set_geometry("main/geometry", self.saveGeometry())
        self.ctx.settings.set_geometry("main/splitter", self.splitter.saveState())
        self.ctx.settings.sync()
        super().closeEvent(event)
