"""Data scope is enforced in services and queries, not only hidden in the UI."""
from decimal import Decimal

import pytest

from crm.domain.enums import Role
from crm.domain.errors import NotFoundError, PermissionDenied
from crm.queries.audit import AuditFilter, audit_page
from crm.queries.customers import CustomerFilter, count_customers, customer_page, scoped_customer
from crm.services.customers import CustomerEdit, get_customer, update_customer
from tests import factories


@pytest.fixture
def branch_world(db):
    west = factories.branch(db, "0101", "西湖支行")
    east = factories.branch(db, "0202", "滨江支行")
    wang = factories.user(db, "wang", Role.MANAGER, west)
    zhao = factories.user(db, "zhao", Role.MANAGER, west)
    boss = factories.user(db, "boss", Role.SUPERVISOR, west)
    far = factories.user(db, "far", Role.MANAGER, east)
    audit = factories.user(db, "audit", Role.AUDITOR)
    ids = {
        "wang": factories.customer(db, "王一", wang),
        "zhao": factories.customer(db, "赵二", zhao),
        "far": factories.customer(db, "钱三", far),
    }
    return db, {"wang": wang, "zhao": zhao, "boss": boss, "far": far, "audit": audit}, ids


def _visible_ids(db, actor):
    with db.uow(actor) as uow:
        return {r.id for r in customer_page(uow.session, actor, limit=100).rows}


def test_a_manager_cannot_read_another_managers_customer_by_any_function(branch_world):
    db, who, ids = branch_world
    wang, other = who["wang"], ids["zhao"]
    with db.uow(wang) as uow:
        with pytest.raises(NotFoundError):
            get_customer(uow, wang, other)
        with pytest.raises(NotFoundError):
            get_customer(uow, wang, other, reveal=True)
        with pytest.raises(NotFoundError):
            update_customer(uow, wang, other, 1, CustomerEdit(name="改名"))
        with pytest.raises(NotFoundError):
            scoped_customer(uow.session, wang, other)
        with pytest.raises(NotFoundError):
            audit_page(uow.session, wang, AuditFilter(customer_id=other))
        assert count_customers(uow.session, wang) == 1
        assert customer_page(uow.session, wang, CustomerFilter(text="赵")).rows == []
        assert customer_page(uow.session, wang, CustomerFilter(owner_id=who["zhao"].user_id)).rows == []
    assert _visible_ids(db, wang) == {ids["wang"]}


def test_a_supervisor_reads_the_branch_only(branch_world):
    db, who, ids = branch_world
    assert _visible_ids(db, who["boss"]) == {ids["wang"], ids["zhao"]}


def test_an_auditor_reads_everything_and_changes_nothing(branch_world):
    db, who, ids = branch_world
    auditor = who["audit"]
    assert _visible_ids(db, auditor) == set(ids.values())
    with db.uow(auditor) as uow:
        with pytest.raises(PermissionDenied):
            update_customer(uow, auditor, ids["wang"], 1, CustomerEdit(name="改名"))
        with pytest.raises(PermissionDenied):
            get_customer(uow, auditor, ids["wang"], reveal=True)


def test_own_customer_reads_masked_and_reveal_is_audited(branch_world):
    db, who, ids = branch_world
    wang = who["wang"]
    with db.uow(wang) as uow:
        masked = get_customer(uow, wang, ids["wang"])
        assert "********" in masked.id_number and masked.phone == "138****8000"
        full = get_customer(uow, wang, ids["wang"], reveal=True)
        assert full.id_number.isalnum() and len(full.id_number) == 18
        uow.commit()
    with db.uow(who["audit"]) as uow:
        events = audit_page(uow.session, who["audit"], AuditFilter(action="reveal")).rows
    assert [(e.actor_name, e.customer_id) for e in events] == [("wang", ids["wang"])]


def test_edit_own_customer_is_audited_with_before_and_after(branch_world):
    db, who, ids = branch_world
    wang = who["wang"]
    with db.uow(wang) as uow:
        view = update_customer(uow, wang, ids["wang"], 1,
                               CustomerEdit(name="王一一", monthly_income=Decimal("9000.50")))
        uow.commit()
    assert view.name == "王一一" and view.version == 2
    with db.uow(who["audit"]) as uow:
        [event] = audit_page(uow.session, who["audit"],
                             AuditFilter(action="update", entity="customers")).rows
    assert event.before["name"] == "王一" and event.after["name"] == "王一一"
    assert event.after["monthly_income"] == "9000.50" and event.customer_id == ids["wang"]
