"""Turn driver errors that are the environment's fault into clear Chinese messages."""
from __future__ import annotations

from sqlalchemy import exc as sa_exc

from crm.domain.errors import (
    DatabaseCorrupt, DatabaseError, DatabaseReadOnly, DatabaseUnavailable, UserError,
)

_SQLITE = (
    ("database is locked", DatabaseUnavailable,
     "数据库正被另一个程序写入（例如正在导入），请稍后重试。"),
    ("database or disk is full", DatabaseError, "磁盘空间已满，数据未保存。请清理磁盘后重试。"),
    ("disk i/o error", DatabaseError, "读写数据库文件时发生磁盘错误，数据未保存。"),
    ("readonly database", DatabaseReadOnly,
     "数据库文件是只读的，无法保存。请检查文件和所在文件夹的写入权限。"),
    ("file is not a database", DatabaseCorrupt,
     "数据库文件已损坏或不是本系统的数据库文件。可以从备份恢复。"),
    ("database disk image is malformed", DatabaseCorrupt,
     "数据库文件已损坏。可以从备份恢复。"),
    ("unable to open database file", DatabaseUnavailable,
     "无法打开数据库文件：文件夹不存在或没有写入权限。"),
)


# the server went away under an open connection (restart, pg_terminate_backend, network)
_DROPPED = ("server closed the connection", "terminating connection", "connection was closed",
            "consuming input failed", "connection reset", "connection is lost", "ssl syscall",
            "lost synchronization", "the connection is closed", "admin shutdown")
DROPPED = ("与数据库服务器的连接中断{where}，刚才的操作没有保存。"
           "服务器恢复后，下一次操作会自动重新连接；请稍后重试。")
LOCK_TIMEOUT = ("数据正被另一位用户的操作占用{where}（例如正在导入），等待超时，本次操作没有保存。"
                "请稍后重试。")


def translate(error: BaseException, where: str = "") -> UserError | None:
    """The UserError for an environment failure, or None when it looks like our bug."""
    if not isinstance(error, sa_exc.DBAPIError):
        return None
    text = str(error.orig if error.orig is not None else error).lower()
    suffix = f"（{where}）" if where else ""
    for needle, cls, message in _SQLITE:
        if needle in text:
            return cls(message + suffix)
    if error.connection_invalidated or any(s in text for s in _DROPPED):
        if "could not" not in text and "refused" not in text:
            return DatabaseUnavailable(DROPPED.format(where=suffix))
    if "lock timeout" in text or "could not obtain lock" in text:
        return DatabaseUnavailable(LOCK_TIMEOUT.format(where=suffix))
    if isinstance(error, sa_exc.OperationalError) or error.connection_invalidated:
        if any(s in text for s in ("connection", "could not", "server closed", "timeout",
                                   "refused", "terminating", "password authentication",
                                   "does not exist")):
            return DatabaseUnavailable(
                "无法连接数据库服务器" + suffix + "。请检查网络和数据库地址，"
                "可在“设置”中修改数据库地址并测试连接。")
    return None
