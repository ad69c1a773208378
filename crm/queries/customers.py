"""Customer reads: one customer, and pages of the list, inside the actor's scope."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from crm.domain.actors import Actor
from crm.domain.errors import NotFoundError
from crm.domain.masking import mask_id, mask_phone
from crm.domain.records import CustomerRow, Page
from crm.models import Customer, User
from crm.queries.scope import customer_scope

NOT_FOUND = "客户不存在，或不在您的管辖范围内"


def scoped_customer(session: Session, actor: Actor, customer_id: int) -> Customer:
    """The customer row, or NotFoundError: another manager's customer is 'not found' too."""
    customer = session.scalar(
        select(Customer).where(Customer.id == customer_id, customer_scope(actor)))
    if customer is None:
        raise NotFoundError(NOT_FOUND)
    return customer


@dataclass(frozen=True)
class CustomerFilter:
    text: str = ""
    owner_id: int | None = None
    district: str | None = None


SORTS = {
    "name": Customer.name, "district": Customer.district, "overdue_amount": Customer.overdue_amount,
    "max_overdue_days": Customer.max_overdue_days, "total_balance": Customer.total_balance,
    "last_contact_at": Customer.last_contact_at, "id": Customer.id,
}


def _filtered(actor: Actor, flt: CustomerFilter) -> Select[tuple[Customer, str | None]]:
    owner = aliased(User)
    stmt = (select(Customer, owner.display_name)
            .outerjoin(owner, owner.id == Customer.owner_id)
            .where(customer_scope(actor)))
    if flt.owner_id is not None:
        stmt = stmt.where(Customer.owner_id == flt.owner_id)
    if flt.district:
        stmt = stmt.where(Customer.district == flt.district)
    text = flt.text.strip()
    if text:
        lowered = text.lower()
        conds = [Customer.name.startswith(text, autoescape=True),
                 Customer.name_initials.startswith(lowered, autoescape=True),
                 Customer.name_pinyin.startswith(lowered, autoescape=True)]
        if text.isdigit() and len(text) == 4:
            conds += [Customer.phone_last4 == text, Customer.id_last4 == text]
        if len(text) == 18:
            conds.append(Customer.id_number == text.upper())
        stmt = stmt.where(or_(*conds))
    return stmt


def customer_page(session: Session, actor: Actor, flt: CustomerFilter = CustomerFilter(),
                  sort: str = "id", descending: bool = False, offset: int = 0,
                  limit: int = 200) -> Page[CustomerRow]:
    column = SORTS.get(sort, Customer.id)
    order = [column.desc() if descending else column.asc(), Customer.id]
    stmt = _filtered(actor, flt).order_by(*order).offset(offset).limit(limit)
    rows = [_row(c, owner_name) for c, owner_name in session.execute(stmt)]
    return Page(rows)


def count_customers(session: Session, actor: Actor, flt: CustomerFilter = CustomerFilter()) -> int:
    sub = _filtered(actor, flt).with_only_columns(Customer.id).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def _row(c: Customer, owner_name: str | None) -> CustomerRow:
    return CustomerRow(
        id=c.id, name=c.name, id_masked=mask_id(c.id_number), phone_masked=mask_phone(c.phone),
        district=c.district or "", owner_name=owner_name or "", segment=c.segment or "",
        risk_level=c.risk_level, worst_class=c.worst_class, total_balance=c.total_balance,
        max_overdue_days=c.max_overdue_days, overdue_amount=c.overdue_amount,
        last_contact_at=c.last_contact_at, next_follow_up=c.next_follow_up)


__all__ = ["CustomerFilter", "count_customers", "customer_page", "scoped_customer"]
