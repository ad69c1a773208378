"""Data scope as SQL: a manager sees own customers, a supervisor the branch, others everything."""
from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

from crm.domain.actors import Actor, Permission
from crm.domain.enums import Role
from crm.models import Customer


def customer_scope(actor: Actor) -> ColumnElement[bool]:
    if not actor.can(Permission.READ_CUSTOMERS):
        return false()
    if actor.sees_all_branches:
        return true()
    if actor.role is Role.MANAGER:
        return Customer.owner_id == actor.user_id if actor.user_id is not None else false()
    if actor.role is Role.SUPERVISOR:
        return Customer.branch_id == actor.branch_id if actor.branch_id is not None else false()
    return false()
