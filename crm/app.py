"""Start the desktop app: show the window at once, open the database on the worker, sign in.

Nothing that needs SQLAlchemy is imported before the window is on screen: the window
appears in a fraction of a second, and a slow or unreachable PostgreSQL server shows as
"opening the database…" in a responsive window instead of a program that seems not to start.
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from crm import logs
from crm.domain.actors import Actor
from crm.domain.errors import DatabaseCorrupt, DatabaseError, UserError
from crm.ui import i18n
from crm.ui.context import AppContext, AppSignals
from crm.ui.errors import show_crash
from crm.ui.main_window import MainWindow
from crm.ui.runner import OperationRunner
from crm.ui.settings import AppSettings

if TYPE_CHECKING:
    from crm.persistence.engine import Database

log = logging.getLogger(__name__)


def open_database(url: str | None) -> Database:
    from crm.persistence.engine import connect
    from crm.persistence.migrate import upgrade

    db = connect(url)
    try:
        db.check()
        upgrade(db)
    except BaseException:
        db.dispose()
        raise
    return db


def branch_name(db: Database, actor: Actor) -> str:
    from crm.services.users import list_branches

    if actor.branch_id is None:
        return ""
    with db.uow(actor) as uow:
        return next((b.name for b in list_branches(uow) if b.id == actor.branch_id), "")


def build_main_window(db: Database, actor: Actor, settings: AppSettings,
                      runner: OperationRunner) -> MainWindow:
    ctx = AppContext(db, actor, settings, runner, AppSignals(), branch_name(db, actor))
    return MainWindow(settings, ctx)


def sign_in_dialogs(db: Database, settings: AppSettings, runner: OperationRunner,
                    parent: MainWindow | None = None) -> Actor | None:
    """First start: create the administrator; otherwise the sign-in dialog."""
    from crm.services.auth import needs_first_admin
    from crm.ui.login import FirstAdminDialog, LoginDialog

    if needs_first_admin(db):
        first = FirstAdminDialog(db, runner, parent)
        return first.actor if first.exec() else None
    login = LoginDialog(db, settings, runner, parent)
    return login.actor if login.exec() else None


def ask_to_fix(exc: DatabaseError, settings: AppSettings, runner: OperationRunner,
               url: str | None, parent: MainWindow | None = None) -> bool:
    """Explain why the database can't be opened; True when the user changed the address or
    restored a backup over a damaged file (then the start is tried again)."""
    from crm.ui.settings_dialog import SettingsDialog

    box = QMessageBox(QMessageBox.Icon.Warning,
                      QCoreApplication.translate("App", "Cannot open the database"), exc.message,
                      parent=parent)
    restore = None
    if isinstance(exc, DatabaseCorrupt) and sqlite_file(url) is not None:
        restore = box.addButton(QCoreApplication.translate("App", "Restore from a backup…"),
                                QMessageBox.ButtonRole.ActionRole)
    fix = box.addButton(QCoreApplication.translate("App", "Settings…"),
                        QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("App", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if restore is not None and box.clickedButton() is restore:
        return offer_restore(settings, url, parent)
    if box.clickedButton() is not fix:
        return False
    return bool(SettingsDialog(settings, runner, parent, current_url=url or "").exec())


def sqlite_file(url: str | None) -> Path | None:
    """The local database file behind `url` (None for PostgreSQL or an in-memory database)."""
    from crm.persistence.engine import parse_url, resolve_url

    try:
        parsed = parse_url(resolve_url(url))
    except DatabaseError:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or \
            parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def ask_backup_file(parent: QWidget | None, folder: str) -> Path | None:
    """The edge to the user: pick a backup file (tests replace it)."""
    path, _f = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("App", "Choose a backup to restore"), folder,
        QCoreApplication.translate("App", "Database backups (*.sqlite3 *.db *.bak);;All files (*)"))
    return Path(path) if path else None


def offer_restore(settings: AppSettings, url: str | None, parent: QWidget | None = None) -> bool:
    """Restore a chosen backup over the damaged local database (checked first; the damaged
    file is kept as .before-restore). True when restored, so the start is tried again."""
    from crm.services.backup import restore_sqlite

    target = sqlite_file(url)
    if target is None:
        return False
    backup = ask_backup_file(parent, settings.backup_folder or default_backup_folder())
    if backup is None:
        return False
    try:
        result = restore_sqlite(backup, target)
    except UserError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("App", "Restore failed"),
                            exc.message)
        return False
    kept = (QCoreApplication.translate("App", "The damaged file was kept as %1.")
            .replace("%1", str(result.previous)) if result.previous else "")
    QMessageBox.information(parent, QCoreApplication.translate("App", "Restored"),
                            QCoreApplication.translate("App", "Restored the backup of %1. ")
                            .replace("%1", result.backup_created_at[:16].replace("T", " "))
                            + kept)
    return True


def default_backup_folder() -> str:
    return str(logs.data_dir() / "backups")


def backup_on_exit(db: Database, settings: AppSettings, actor: Actor | None,
                   parent: MainWindow | None = None) -> str | None:
    """The rolling backup when the app closes (SQLite); returns the error message, if any.

    A failure is logged, shown now and remembered, so the next start shows it again until a
    backup succeeds: it is never silent.
    """
    if db.backend != "sqlite" or actor is None or not settings.backup_on_exit:
        return None
    from datetime import datetime, timezone

    from crm.services.backup import rolling_backup

    folder = settings.backup_folder or default_backup_folder()
    try:
        result = rolling_backup(db, folder, datetime.now(timezone.utc), actor)
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, the user is told
        message = exc.message if isinstance(exc, UserError) else f"{type(exc).__name__}: {exc}"
        log.error("backup on exit to %s failed: %s", folder, message)
        settings.backup_error = message
        settings.sync()
        QMessageBox.warning(parent, QCoreApplication.translate("App", "Backup failed"),
                            QCoreApplication.translate(
                                "App", "The automatic backup on exit failed:\n%1\n\nFolder: %2")
                            .replace("%1", message).replace("%2", folder))
        return message
    log.info("backup on exit: %s", result.path)
    if settings.backup_error:
        settings.backup_error = ""
        settings.sync()
    return None


def warn_of_failed_backup(settings: AppSettings, parent: MainWindow | None) -> None:
    """At start: the backup on the last exit failed."""
    if settings.backup_error:
        QMessageBox.warning(parent, QCoreApplication.translate("App", "Backup failed"),
                            QCoreApplication.translate(
                                "App", "The automatic backup when the program last closed "
                                "failed:\n%1\n\nCheck that the backup folder exists, is writable and has "
                                "free space.")
                            .replace("%1", settings.backup_error))


class Startup:
    """Open the database on the worker, then sign in, then fill the window."""

    def __init__(self, app: QApplication, window: MainWindow, settings: AppSettings,
                 runner: OperationRunner, url: str | None) -> None:
        self.app, self.window, self.settings, self.runner = app, window, settings, runner
        self.url = url
        self.db: Database | None = None
        self.actor: Actor | None = None

    def start(self) -> None:
        self.window.show_state(QCoreApplication.translate("App", "Opening the database…"))
        url = self.url
        self.runner.run(lambda _p: open_database(url), self._on_opened, self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseError):
            if ask_to_fix(exc, self.settings, self.runner, self.url, self.window):
                self.url = self.settings.db_url or None
                self.start()
                return
        elif isinstance(exc, UserError):
            QMessageBox.warning(self.window, QCoreApplication.translate("App", "Cannot continue"),
                                exc.message)
        else:
            show_crash(self.window, exc)
        self.app.exit(1)

    def _on_opened(self, db: Database) -> None:
        self.db = db
        self.window.show_state("")
        actor = sign_in_dialogs(db, self.settings, self.runner, self.window)
        if actor is None:
            self.app.exit(1)
            return
        self.actor = actor
        warn_of_failed_backup(self.settings, self.window)
        self.window.attach(AppContext(db, actor, self.settings, self.runner, AppSignals(),
                                      branch_name(db, actor)))


def _install_excepthook() -> None:
    def hook(kind, value, tb):  # type: ignore[no-untyped-def]
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        if isinstance(value, UserError):
            QMessageBox.warning(QApplication.activeWindow(),
                                QCoreApplication.translate("App", "Cannot continue"), value.message)
            return
        show_crash(QApplication.activeWindow(), value.with_traceback(tb))

    sys.excepthook = hook


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="main.py", description="贷后管理 CRM 桌面程序")
    parser.add_argument("--db", metavar="URL", help="数据库地址（默认：CRM_DB_URL 或 db/crm.sqlite3）")
    parser.add_argument("--smoke-test", action="store_true",
                        help="自检：打开（临时）数据库和每个页面后退出，供安装包检查")
    parser.add_argument("--smoke-shot", metavar="PNG", help="自检时保存主窗口截图")
    args, qt_args = parser.parse_known_args(argv)
    log_path = logs.setup()
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("PostLoanCRM")
    app.setOrganizationName("PostLoanCRM")
    from crm.ui.gc_guard import MainThreadGC

    collector = MainThreadGC(app)   # Qt objects are only ever garbage-collected on this thread
    if args.smoke_test:
        from crm.ui import smoke

        return smoke.run(app, args.db, args.smoke_shot)
    settings = AppSettings()
    i18n.install(settings.language)
    _install_excepthook()
    log.info("starting; log at %s", log_path)
    runner = OperationRunner(app)
    window = MainWindow(settings)
    window.show()
    startup = Startup(app, window, settings, runner, args.db or settings.db_url or None)
    QTimer.singleShot(0, startup.start)
    code = app.exec()
    runner.wait()
    collector.stop()
    if startup.db is not None:
        backup_on_exit(startup.db, settings, startup.actor)
        startup.db.dispose()
    return code
