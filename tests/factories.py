"""Small builders for test data, written through the ORM like the services do."""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from crm.domain.actors import Actor
from crm.domain.enums import Role
from crm.domain.identity import make_id_number, parse_id_number
from crm.domain.pinyin import name_keys
from crm.models import Branch, Customer, User
from crm.persistence.engine import Database
from crm.services.auth import actor_for, hash_password

_seq = itertools.count(1)
PASSWORD = "Passw0rd!"
_HASH = hash_password(PASSWORD)


def branch(db: Database, code: str = "0101", name: str = "西湖支行") -> int:
    with db.uow(Actor.cli()) as uow:
        b = Branch(code=code, name=name)
        uow.session.add(b)
        uow.commit()
        return b.id


def user(db: Database, username: str, role: Role = Role.MANAGER, branch_id: int | None = None,
         display_name: str | None = None) -> Actor:
    with db.uow(Actor.cli()) as uow:
        u = User(username=username, display_name=display_name or username, role=role,
                 branch_id=branch_id, password_hash=_HASH)
        uow.session.add(u)
        uow.commit()
        return actor_for(u)


def customer(db: Database, name: str = "张三", owner: Actor | None = None,
             branch_id: int | None = None, phone: str = "+8613800138000",
             overdue_days: int = 0) -> int:
    n = next(_seq)
    number = make_id_number("330106", date(1980, 1, 1 + n % 28), n % 1000)
    info = parse_id_number(number)
    full, initials = name_keys(name)
    with db.uow(Actor.cli()) as uow:
        c = Customer(id_number=number, name=name, name_pinyin=full, name_initials=initials,
                     id_last4=number[-4:], gender=info.gender, birth_date=info.birth_date,
                     phone=phone, phone_last4=phone[-4:], address="杭州市西湖区文三路1号",
                     district="西湖区", owner_id=owner.user_id if owner else None,
                     branch_id=branch_id if branch_id is not None else (owner.branch_id if owner else None),
                     max_overdue_days=overdue_days, overdue_amount=Decimal("0"),
                     monthly_income=Decimal("8000.00"))
        uow.session.add(c)
        uow.commit()
        return c.id


def issued_survey_codes(db: Database, owner: Actor, names: Sequence[str]
                        ) -> tuple[list[int], list[str], Any]:
    """Customers of `owner`, each with a paper survey code issued on the default template:
    (customer ids, codes, template)."""
    from crm.services.surveys import ensure_default_template, issue_survey_codes

    ids = [customer(db, n, owner) for n in names]
    with db.uow(Actor.cli()) as uow:
        t = ensure_default_template(uow)
        codes = [i.code for i in issue_survey_codes(uow, owner, ids, t.id)]
        uow.commit()
    return ids, codes, t
