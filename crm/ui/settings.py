"""The user's settings, one typed object over QSettings."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}


class AppSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self._s = store or QSettings("PostLoanCRM", "crm")

    def _str(self, key: str, default: str = "") -> str:
        value = self._s.value(key, default)
        return str(value) if value is not None else default

    @property
    def language(self) -> str:
        lang = self._str("ui/language", "zh_CN")
        return lang if lang in LANGUAGES else "zh_CN"

    @language.setter
    def language(self, value: str) -> None:
        self._s.setValue("ui/language", value)

    @property
    def db_url(self) -> str:
        return self._str("db/url")

    @db_url.setter
    def db_url(self, value: str) -> None:
        self._s.setValue("db/url", value.strip())

    @property
    def last_username(self) -> str:
        return self._str("auth/last_username")

    @last_username.setter
    def last_username(self, value: str) -> None:
        self._s.setValue("auth/last_username", value)

    @property
    def backup_folder(self) -> str:
        """Where the rolling backups on exit go; empty: the default under the user data folder."""
        return self._str("backup/folder")

    @backup_folder.setter
    def backup_folder(self, value: str) -> None:
        self._s.setValue("backup/folder", value.strip())

    @property
    def backup_on_exit(self) -> bool:
        return self._str("backup/on_exit", "true").lower() not in ("false", "0", "no")

    @backup_on_exit.setter
    def backup_on_exit(self, value: bool) -> None:
        self._s.setValue("backup/on_exit", "true" if value else "false")

    @property
    def backup_error(self) -> str:
        """The last failed backup on exit, shown at the next start until a backup succeeds."""
        return self._str("backup/last_error")

    @backup_error.setter
    def backup_error(self, value: str) -> None:
        self._s.setValue("backup/last_error", value)

    def geometry(self, key: str) -> QByteArray | None:
        value = self._s.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self._s.setValue(f"layout/{key}", value)

    def sync(self) -> None:
        self._s.sync()
