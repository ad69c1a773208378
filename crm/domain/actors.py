"""Who is acting, and what each role may do (data scope is enforced in services/queries)."""
from __future__ import annotations

import getpass
from dataclasses import dataclass
from enum import StrEnum

from crm.domain.enums import Role
from crm.domain.errors import PermissionDenied


class Permission(StrEnum):
    READ_CUSTOMERS = "read_customers"
    EDIT_CUSTOMERS = "edit_customers"
    REVEAL = "reveal"
    EXPORT = "export"
    EXPORT_UNMASKED = "export_unmasked"
    IMPORT = "import"
    REVIEW = "review"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    READ_AUDIT = "read_audit"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.MANAGER: frozenset({
        Permission.READ_CUSTOMERS, Permission.EDIT_CUSTOMERS, Permission.REVEAL,
        Permission.EXPORT, Permission.IMPORT,
    }),
    Role.SUPERVISOR: frozenset({
        Permission.READ_CUSTOMERS, Permission.EDIT_CUSTOMERS, Permission.REVEAL,
        Permission.EXPORT, Permission.EXPORT_UNMASKED, Permission.IMPORT, Permission.REVIEW,
    }),
    Role.ADMIN: frozenset({
        Permission.READ_CUSTOMERS, Permission.MANAGE_USERS, Permission.MANAGE_SETTINGS,
        Permission.READ_AUDIT, Permission.EXPORT, Permission.IMPORT,
    }),
    Role.AUDITOR: frozenset({
        Permission.READ_CUSTOMERS, Permission.READ_AUDIT, Permission.EXPORT,
    }),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in user (or the command-line operator) a service acts for."""

    user_id: int | None
    username: str
    role: Role
    branch_id: int | None = None
    display_name: str = ""
    operator: bool = False  # the command line acting as the database's operator

    @classmethod
    def cli(cls) -> "Actor":
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "unknown"
        return cls(None, f"cli:{who}", Role.ADMIN, None, f"命令行 {who}", operator=True)

    def can(self, permission: Permission) -> bool:
        return self.operator or permission in _GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(f"当前角色（{self.role.label}）无权执行此操作")

    @property
    def sees_all_branches(self) -> bool:
        return self.operator or self.role in (Role.ADMIN, Role.AUDITOR)

    @property
    def read_only(self) -> bool:
        return not self.operator and self.role is Role.AUDITOR
