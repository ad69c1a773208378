"""Customer use cases: read one (masked unless revealed, audited) and edit basic fields."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from crm.domain.actors import Actor, Permission
from crm.domain.errors import ConflictError, PermissionDenied, ValidationError
from crm.domain.identity import display_phone, parse_phone
from crm.domain.masking import mask_address, mask_id, mask_phone
from crm.domain.pinyin import name_keys
from crm.domain.records import CustomerView
from crm.models import Customer, User
from crm.persistence.uow import CONFLICT, UnitOfWork
from crm.queries.customers import scoped_customer


def get_customer(uow: UnitOfWork, actor: Actor, customer_id: int,
                 reveal: bool = False) -> CustomerView:
    """Masked by default; a reveal needs the permission and writes an audit event."""
    c = scoped_customer(uow.session, actor, customer_id)
    if reveal:
        actor.require(Permission.REVEAL)
        uow.audit("reveal", f"查看客户 {c.name} 的完整证件号码和电话", entity="customers",
                  entity_id=str(c.id), customer_id=c.id)
    owner = uow.session.get(User, c.owner_id) if c.owner_id else None
    return CustomerView(
        id=c.id, name=c.name,
        id_number=c.id_number if reveal else mask_id(c.id_number),
        gender=c.gender, birth_date=c.birth_date,
        phone=display_phone(c.phone or "") if reveal else mask_phone(c.phone),
        phone_valid=c.phone_valid,
        address=(c.address or "") if reveal else mask_address(c.address),
        district=c.district or "", occupation=c.occupation or "", employer=c.employer or "",
        monthly_income=c.monthly_income, assets=c.assets, liabilities=c.liabilities,
        credit_score=c.credit_score, family_situation=c.family_situation or "",
        owner_id=c.owner_id, owner_name=owner.display_name if owner else "",
        branch_id=c.branch_id, segment=c.segment or "", risk_level=c.risk_level,
        worst_class=c.worst_class, total_balance=c.total_balance,
        overdue_amount=c.overdue_amount, max_overdue_days=c.max_overdue_days,
        consent_scope=c.consent_scope or "", consent_at=c.consent_at, version=c.version,
        revealed=reveal)


@dataclass(frozen=True)
class CustomerEdit:
    """The editable basic fields of 基本信息; None leaves a field as it is."""

    name: str | None = None
    occupation: str | None = None
    employer: str | None = None
    monthly_income: Decimal | None = None
    family_situation: str | None = None


def update_customer(uow: UnitOfWork, actor: Actor, customer_id: int, expected_version: int,
                    edit: CustomerEdit) -> CustomerView:
    actor.require(Permission.EDIT_CUSTOMERS)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看")
    c = scoped_customer(uow.session, actor, customer_id)
    if c.version != expected_version:
        raise ConflictError(CONFLICT)
    errors: dict[str, str] = {}
    if edit.name is not None and not edit.name.strip():
        errors["name"] = "客户名称不能为空"
    if edit.monthly_income is not None and edit.monthly_income < 0:
        errors["monthly_income"] = "月收入不能为负数"
    if errors:
        raise ValidationError(errors)
    if edit.name is not None:
        c.name = edit.name.strip()
        c.name_pinyin, c.name_initials = name_keys(c.name)
    for field in ("occupation", "employer", "monthly_income", "family_situation"):
        value = getattr(edit, field)
        if value is not None:
            setattr(c, field, value)
    uow.flush()
    return get_customer(uow, actor, customer_id)


def update_contact_details(uow: UnitOfWork, actor: Actor, customer_id: int, *,
                           phone: str | None = None, address: str | None = None,
                           district: str | None = None, source: str = "") -> list[str]:
    """Apply a new phone / address / district found on a visit or a call; None keeps a field.

    No expected version: the change is an explicit fact reported by whoever met the
    customer. The row change is audited automatically; an extra "contact_details" event names
    where it came from (`source`, e.g. "走访记录 #12"). Returns the Chinese names of the
    fields that changed. An invalid phone is kept as written and flagged, as on import.
    """
    actor.require(Permission.EDIT_CUSTOMERS)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看")
    c = scoped_customer(uow.session, actor, customer_id)
    errors: dict[str, str] = {}
    if address is not None and len(address.strip()) > 255:
        errors["new_address"] = "地址不能超过 255 个字"
    if district is not None and len(district.strip()) > 64:
        errors["new_district"] = "区县不能超过 64 个字"
    if errors:
        raise ValidationError(errors)
    changed: list[str] = []
    parsed = parse_phone(phone) if phone is not None and phone.strip() else None
    if parsed is not None and parsed.value != c.phone:
        c.phone, c.phone_valid, c.phone_last4 = parsed.value, parsed.valid, parsed.last4
        changed.append("电话")
    if address is not None and address.strip() and address.strip() != (c.address or ""):
        c.address = address.strip()
        changed.append("地址")
    if district is not None and district.strip() and district.strip() != (c.district or ""):
        c.district = district.strip()
        changed.append("区县")
    if changed:
        uow.flush()
        uow.audit("contact_details", f"更新客户 {c.name} 的{'、'.join(changed)}"
                  + (f"（来源：{source}）" if source else ""),
                  entity="customers", entity_id=str(c.id), customer_id=c.id,
                  after={"fields": changed, "source": source})
    return changed
