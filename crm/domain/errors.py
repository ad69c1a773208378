"""Errors the user is told about in plain Chinese, as opposed to bugs."""
from __future__ import annotations


class UserError(Exception):
    """An error caused by input or environment; its message is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(UserError):
    """One message per form field: {field: message}."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = dict(fields)
        super().__init__("；".join(self.fields.values()))


class NotFoundError(UserError):
    pass


class PermissionDenied(UserError):
    pass


class ConflictError(UserError):
    """Someone else saved the record since it was read (optimistic locking)."""


class AuthenticationError(UserError):
    pass


class AccountLocked(AuthenticationError):
    pass


class BadFileError(UserError):
    pass


class DatabaseError(UserError):
    """The database could not be used: unreachable, corrupt, read-only, too new."""


class DatabaseUnavailable(DatabaseError):
    pass


class DatabaseTooNew(DatabaseError):
    pass


class DatabaseCorrupt(DatabaseError):
    pass


class DatabaseReadOnly(DatabaseError):
    pass
