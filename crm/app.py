"""Start the desktop app: open and upgrade the database, sign in, show the main window."""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from crm import logs
from crm.domain.actors import Actor
from crm.domain.errors import DatabaseError, UserError
from crm.persistence.engine import Database, connect
from crm.persistence.migrate import upgrade
from crm.services.auth import needs_first_admin
from crm.services.users import list_branches
from crm.ui import i18n
from crm.ui.context import AppContext, AppSignals
from crm.ui.errors import show_crash
from crm.ui.login import FirstAdminDialog, LoginDialog
from crm.ui.main_window import MainWindow
from crm.ui.runner import OperationRunner
from crm.ui.settings import AppSettings
from crm.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)


def open_database(url: str | None) -> Database:
    db = connect(url)
    try:
        db.check()
        upgrade(db)
    except BaseException:
        db.dispose()
        raise
    return db


def open_with_recovery(cli_url: str | None, settings: AppSettings,
                       runner: OperationRunner) -> Database | None:
    """Open the database; on failure explain, and offer the settings to fix the address."""
    url = cli_url or settings.db_url or None
    while True:
        try:
            return open_database(url)
        except DatabaseError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("App", "Cannot open the database"),
                              exc.message)
            fix = box.addButton(QCoreApplication.translate("App", "Settings…"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QCoreApplication.translate("App", "Quit"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not fix:
                return None
            dialog = SettingsDialog(settings, runner, current_url=url or "")
            if not dialog.exec():
                return None
            url = settings.db_url or None


def branch_name(db: Database, actor: Actor) -> str:
    if actor.branch_id is None:
        return ""
    with db.uow(actor) as uow:
        return next((b.name for b in list_branches(uow) if b.id == actor.branch_id), "")


def build_main_window(db: Database, actor: Actor, settings: AppSettings,
                      runner: OperationRunner) -> MainWindow:
    ctx = AppContext(db, actor, settings, runner, AppSignals(), branch_name(db, actor))
    return MainWindow(ctx)


def _install_excepthook() -> None:
    def hook(kind, value, tb):  # type: ignore[no-untyped-def]
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        if isinstance(value, UserError):
            QMessageBox.warning(QApplication.activeWindow(), QCoreApplication.translate("App", "Cannot continue"), value.message)
            return
        show_crash(QApplication.activeWindow(), value.with_traceback(tb))

    sys.excepthook = hook


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="main.py", description="贷后管理 CRM 桌面程序")
    parser.add_argument("--db", metavar="URL", help="数据库地址（默认：CRM_DB_URL 或 db/crm.sqlite3）")
    args, qt_args = parser.parse_known_args(argv)
    log_path = logs.setup()
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("PostLoanCRM")
    app.setOrganizationName("PostLoanCRM")
    settings = AppSettings()
    i18n.install(settings.language)
    _install_excepthook()
    log.info("starting; log at %s", log_path)
    runner = OperationRunner(app)
    db = open_with_recovery(args.db, settings, runner)
    if db is None:
        return 1
    actor: Actor | None = None
    if needs_first_admin(db):
        first = FirstAdminDialog(db, runner)
        if not first.exec():
            return 1
        actor = first.actor
    if actor is None:
        login = LoginDialog(db, settings, runner)
        if not login.exec():
            return 1
        actor = login.actor
    assert actor is not None
    window = build_main_window(db, actor, settings, runner)
    window.show()
    code = app.exec()
    runner.wait()
    db.dispose()
    return code
