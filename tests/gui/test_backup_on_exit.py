"""The app's rolling backup on exit: written to the folder in the settings; a failure is shown
at once and again at the next start, until a backup succeeds."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from crm.app import backup_on_exit, warn_of_failed_backup
from crm.domain.actors import Actor
from crm.domain.enums import Role


def test_backup_on_exit_goes_to_the_configured_folder(qapp, empty_db, settings, tmp_path):
    settings.backup_folder = str(tmp_path / "备份")
    actor = Actor(user_id=None, username="wang", role=Role.MANAGER)
    assert backup_on_exit(empty_db, settings, actor) is None
    files = list((tmp_path / "备份").glob("crm-*.sqlite3"))
    assert len(files) == 1 and files[0].with_name(files[0].name + ".manifest.json").exists()
    assert backup_on_exit(empty_db, settings, None) is None   # never signed in: nothing to do
    assert len(list((tmp_path / "备份").glob("crm-*.sqlite3"))) == 1


def test_a_failed_backup_is_shown_now_and_at_the_next_start(qapp, empty_db, settings, tmp_path,
                                                            monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *a, **k: shown.append(f"{title}|{text}"))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    settings.backup_folder = str(blocker)
    actor = Actor(user_id=None, username="wang", role=Role.MANAGER)
    message = backup_on_exit(empty_db, settings, actor)
    assert message and "备份失败" in message
    assert len(shown) == 1 and str(blocker) in shown[0]
    warn_of_failed_backup(settings, None)
    assert len(shown) == 2 and message in shown[1]
    settings.backup_folder = str(tmp_path / "ok")
    assert backup_on_exit(empty_db, settings, actor) is None
    assert settings.backup_error == ""
    warn_of_failed_backup(settings, None)
    assert len(shown) == 2
