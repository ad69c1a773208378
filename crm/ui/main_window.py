"""The main window: navigation, pages (built on first visit), menus, status bar, saved layout."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox, QSplitter, QStackedWidget,
    QStyle, QWidget,
)

from crm.ui import i18n
from crm.ui.actions import ACTIONS, MENUS
from crm.ui.context import AppContext
from crm.ui.settings import AppSettings
from crm.ui.pages.placeholder import PlaceholderPage


SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".csv")


def _dropped_spreadsheet(mime: QMimeData) -> str:
    """The local path of one dropped Excel/CSV file, or ''."""
    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) == 1 and urls[0].isLocalFile() and \
            urls[0].toLocalFile().lower().endswith(SPREADSHEETS):
        return urls[0].toLocalFile()
    return ""


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: QStyle.StandardPixmap
    build: Callable[[AppContext], QWidget]


def _placeholder(title: str, message: str) -> Callable[[AppContext], QWidget]:
    return lambda _ctx: PlaceholderPage(title, message)


def _lazy(module: str, name: str) -> Callable[[AppContext], QWidget]:
    """Import a page's module on first visit, so start-up loads only what it shows."""
    def build(ctx: AppContext) -> QWidget:
        import importlib

        return getattr(importlib.import_module(module), name)(ctx)
    return build


PAGES: tuple[PageSpec, ...] = (
    PageSpec("today", QT_TRANSLATE_NOOP("Navigation", "Today"),
             QStyle.StandardPixmap.SP_FileDialogDetailedView, _lazy("crm.ui.pages.today",
                                                                  "TodayPage")),
    PageSpec("customers", QT_TRANSLATE_NOOP("Navigation", "Customers"),
             QStyle.StandardPixmap.SP_DirHomeIcon, _lazy("crm.ui.pages.customers",
                                                       "CustomersPage")),
    PageSpec("risk", QT_TRANSLATE_NOOP("Navigation", "Risk alerts"),
             QStyle.StandardPixmap.SP_MessageBoxWarning, _lazy("crm.ui.pages.risk", "RiskPage")),
    PageSpec("visits", QT_TRANSLATE_NOOP("Navigation", "Visits"),
             QStyle.StandardPixmap.SP_DialogYesButton, _lazy("crm.ui.pages.visits",
                                                             "VisitsPage")),
    PageSpec("surveys", QT_TRANSLATE_NOOP("Navigation", "Surveys"),
             QStyle.StandardPixmap.SP_FileDialogContentsView, _lazy("crm.ui.pages.surveys",
                                                                    "SurveysPage")),
    PageSpec("reports", QT_TRANSLATE_NOOP("Navigation", "Reports"),
             QStyle.StandardPixmap.SP_FileDialogInfoView, _lazy("crm.ui.pages.reports",
                                                                "ReportsPage")),
    PageSpec("admin", QT_TRANSLATE_NOOP("Navigation", "Administration"),
             QStyle.StandardPixmap.SP_ComputerIcon, _lazy("crm.ui.pages.admin", "AdminPage")),
)


class MainWindow(QMainWindow):
    """Shown at once as a shell (navigation, menus, "opening the database…"); `attach(ctx)`
    fills it in once the database is open and someone has signed in."""

    def __init__(self, settings: AppSettings, ctx: AppContext | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.ctx: AppContext = None  # type: ignore[assignment]  # set by attach()
        self.setObjectName("mainWindow")
        self.nav = QListWidget(objectName="nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setMinimumWidth(140)
        self.nav.setMaximumWidth(200)
        self.nav.setStyleSheet("QListWidget#nav { font-size: 14px } "
                               "QListWidget#nav::item { padding: 8px 6px }")
        self.stack = QStackedWidget(objectName="pages")
        self.pages: dict[str, QWidget] = {}
        self.due_count = 0
        self.setAcceptDrops(True)
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
        self._set_attached(False)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """The database is open and the user signed in: show their data."""
        self.ctx = ctx
        self.db_label.setText(ctx.db.description)
        self.state_label.clear()
        self._set_attached(True)
        self.retranslate()
        self.nav.setCurrentRow(0)
        self._on_nav_current_row_changed(0)
        ctx.signals.data_changed.connect(self._on_data_changed)

    def show_state(self, text: str) -> None:
        """A line in the status bar while there is no database yet ("opening…")."""
        self.state_label.setText(text)

    def _set_attached(self, attached: bool) -> None:
        self.nav.setEnabled(attached)
        for key, action in self.actions_by_id.items():
            if key not in ("quit", "about"):
                action.setEnabled(attached)

    # -- building ---------------------------------------------------------------------------
    def _build_actions(self) -> dict[str, QAction]:
        handlers: dict[str, Callable[[], None]] = {
            "settings": self._on_settings_triggered, "quit": self.close,
            "import": lambda _checked=False: self.open_import(),
            "export": lambda _checked=False: self.open_export(),
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
        self.db_label = QLabel(objectName="statusDatabase")
        self.state_label = QLabel(objectName="statusState")
        self.statusBar().addWidget(self.state_label, 1)
        for w in (self.user_label, self.branch_label, self.db_label):
            self.statusBar().addPermanentWidget(w)

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Post-loan CRM"))
        for row, spec in enumerate(PAGES):
            self.nav.item(row).setText(QCoreApplication.translate("Navigation", spec.title))
        self._show_badge()
        for spec in ACTIONS:
            self.actions_by_id[spec.id].setText(QCoreApplication.translate("Actions", spec.text))
        for key, menu in self._menus.items():
            menu.setTitle(QCoreApplication.translate("Menus", MENUS[key]))
        if self.ctx is None:
            return
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
            if isinstance(getattr(type(widget), "open_customer", None), Signal):
                widget.open_customer.connect(self.open_customer)
            if isinstance(getattr(type(widget), "open_customer_list", None), Signal):
                widget.open_customer_list.connect(self.open_customer_list)
            if isinstance(getattr(type(widget), "due_count_changed", None), Signal):
                widget.due_count_changed.connect(self.set_due_count)
        return self.pages[key]

    def open_customer(self, customer_id: int) -> QWidget:
        """Open the customer 360 page as a tab of the customers page, from anywhere."""
        page = self.show_page("customers")
        return page.open_customer(customer_id)

    def open_customer_list(self, definition: dict) -> None:  # type: ignore[type-arg]
        """The customer list with a filter (a segment matrix cell, say)."""
        page = self.show_page("customers")
        page.tabs.setCurrentIndex(0)
        page.list.apply_definition(definition)

    def set_due_count(self, count: int) -> None:
        self.due_count = count
        self._show_badge()

    def _show_badge(self) -> None:
        title = QCoreApplication.translate("Navigation", PAGES[0].title)
        self.nav.item(0).setText(f"{title}  ({self.due_count})" if self.due_count else title)

    def refresh_due_count(self) -> None:
        from crm.services.tasks import due_count

        self.ctx.run(lambda uow, _p: due_count(uow, self.ctx.actor), self.set_due_count)

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {"tasks", "contacts", "customers"} and "today" not in self.pages:
            self.refresh_due_count()

    def show_page(self, key: str) -> QWidget:
        self.nav.setCurrentRow([s.key for s in PAGES].index(key))
        return self.pages[key]

    def _on_nav_current_row_changed(self, row: int) -> None:
        if row < 0 or self.ctx is None:
            return
        self.stack.setCurrentWidget(self.page(PAGES[row].key))

    # -- actions ----------------------------------------------------------------------------
    def _on_settings_triggered(self) -> None:
        from crm.ui.settings_dialog import SettingsDialog   # loaded when first asked for

        dialog = SettingsDialog(self.ctx.settings, self.ctx.runner, self,
                                current_url=self.ctx.db.url.render_as_string(hide_password=False))
        before = self.ctx.settings.language
        if dialog.exec() and self.ctx.settings.language != before:
            i18n.install(self.ctx.settings.language)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, QCoreApplication.translate("MainWindow", "About"),
                          QCoreApplication.translate("MainWindow", "Post-loan CRM for bank branches.\nDatabase: %1")
                          .replace("%1", self.ctx.db.description if self.ctx else "—"))

    def open_import(self, path: str = "") -> None:
        from crm.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self, path=path)
        wizard.open_customer.connect(self.open_customer)
        wizard.exec()

    def open_export(self) -> None:
        from crm.ui.export_dialog import ExportDialog

        ExportDialog(self.ctx, self).exec()

    # -- Qt events --------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if _dropped_spreadsheet(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = _dropped_spreadsheet(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.open_import(path)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _restore_layout(self) -> None:
        geometry = self.settings.geometry("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        state = self.settings.geometry("main/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.settings.set_geometry("main/geometry", self.saveGeometry())
        self.settings.set_geometry("main/splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)
