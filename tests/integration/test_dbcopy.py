"""db copy: SQLite -> PostgreSQL and back with checksums; refusal; resume; merge by natural keys."""
from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from crm import cli
from crm.domain.actors import Actor
from crm.domain.compliance import SHANGHAI
from crm.domain.enums import ContactChannel, ContactOutcome, Role
from crm.domain.errors import UserError
from crm.domain.identity import make_id_number, parse_id_number
from crm.domain.pinyin import name_keys
from crm.models import AuditEvent, Base, ContactRecord, Customer, Document, Loan, User
from crm.persistence.engine import connect
from crm.services import dbcopy
from crm.services.contacts import ContactDraft, add_contact
from crm.services.dbcopy import copy_database, table_checksum
from crm.services.demo import seed_demo
from crm.services.documents import attach
from tests import factories

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
PDF = b"%PDF-1.4 \x00\xff\xfe binary \x00 bytes" * 300


@pytest.fixture
def laptop(sqlite_template, tmp_path):
    """A SQLite database filled by the demo seeder and the services, with awkward values."""
    path = tmp_path / "laptop.sqlite3"
    shutil.copy(sqlite_template, path)
    db = connect(f"sqlite:///{path}")
    seed_demo(db, 40, seed=7, today=date(2026, 11, 30))
    with db.uow(Actor.cli()) as uow:
        c = uow.session.scalars(select(Customer).order_by(Customer.id)).first()
        c.name, c.notes = "欧阳娜娜", "家住“西湖”边；偏好微信 😀\n第二行"
        c.monthly_income, c.assets = Decimal("12345.67"), Decimal("0.01")
        c.risk_reasons = [{"rule": "逾期", "权重": 3, "amount": "1.10"}]
        c.consent_at = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=SHANGHAI)
        uow.commit()
        cid = c.id
    admin = Actor.cli()
    with db.uow(admin) as uow:
        attach(uow, admin, cid, "还款凭证.pdf", PDF, "application/pdf", description="扫描件")
        uow.commit()
    yield db
    db.dispose()


def checksums(db):
    with db.engine.connect() as conn:
        return {t.name: table_checksum(conn, t) for t in Base.metadata.sorted_tables}


def test_sqlite_to_postgresql_and_back_is_verified_by_checksums(laptop, pg_url, sqlite_url):
    before = checksums(laptop)
    pg = connect(pg_url)
    report = copy_database(laptop, pg)
    assert report.ok, report.mismatches
    assert report.rows == sum(n for n, _ in before.values())
    by_table = {c.table: c for c in report.checks}
    assert by_table["customers"].source_rows == 40 and by_table["documents"].source_rows == 1
    after = checksums(pg)
    assert {k: v for k, v in after.items() if k != "audit_events"} == \
        {k: v for k, v in before.items() if k != "audit_events"}
    with pg.sessions() as s:
        # the copy itself is in the target's audit trail
        assert s.scalar(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.action == "db_copy")) == 1
        c = s.scalar(select(Customer).where(Customer.name == "欧阳娜娜"))
        assert c.monthly_income == Decimal("12345.67") and c.assets == Decimal("0.01")
        assert c.notes == "家住“西湖”边；偏好微信 😀\n第二行"
        assert c.risk_reasons == [{"rule": "逾期", "权重": 3, "amount": "1.10"}]
        assert c.consent_at == datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=SHANGHAI)
        assert s.scalar(select(Document.content)) == PDF
        top = s.scalar(select(func.max(Customer.id)))
    # the sequences moved past the copied ids: a new row gets a fresh id
    assert factories.customer(pg, "新客户") == top + 1

    back = connect(sqlite_url)
    report2 = copy_database(pg, back)
    assert report2.ok
    again = checksums(back)
    assert {k: v for k, v in again.items() if k not in ("audit_events", "customers")} == \
        {k: v for k, v in before.items() if k not in ("audit_events", "customers")}
    pg.dispose()
    back.dispose()


@pytest.mark.parametrize("target", ["sqlite", "pg"])
def test_a_non_empty_target_is_refused_naming_its_tables(laptop, target, request):
    dst = connect(request.getfixturevalue(f"{target}_url"))
    west = factories.branch(dst, "9999", "别的支行")
    factories.user(dst, "someone", Role.MANAGER, west)
    with pytest.raises(UserError, match="目标数据库不是空的：.*branches、users 已有数据.*--merge"):
        copy_database(laptop, dst)
    with dst.sessions() as s:  # nothing was written
        assert s.scalar(select(func.count()).select_from(Customer)) == 0
    dst.dispose()


def test_an_interrupted_copy_resumes_where_it_stopped(laptop, sqlite_url):
    dst = connect(sqlite_url)
    calls = {"n": 0}

    def cancel_at_loans():
        calls["n"] += 1
        return calls["n"] > 6   # a few tables in, then the user cancels

    with pytest.raises(UserError, match="已取消复制"):
        copy_database(laptop, dst, cancel=cancel_at_loans)
    with dst.engine.connect() as conn:
        assert 0 < len(dbcopy.non_empty_tables(conn)) < 20
    report = copy_database(laptop, dst)
    assert report.ok and any("继续上次中断的复制" in n for n in report.notes)
    assert {k: v for k, v in checksums(dst).items() if k != "audit_events"} == \
        {k: v for k, v in checksums(laptop).items() if k != "audit_events"}
    dst.dispose()


def test_cli_copies_and_fails_loudly_on_a_mismatch(laptop, sqlite_url, tmp_path, capsys,
                                                   monkeypatch):
    src = str(laptop.url)
    assert cli.main(["db", "copy", "--from", src, "--to", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert "已复制" in out and "校验一致" in out
    # a target that silently changes a value on the way is caught by the checksum
    other = tmp_path / "other.sqlite3"
    real = dbcopy._params

    def tamper(names, row):
        params = real(names, row)
        if "p_name" in params and params["p_name"] == "欧阳娜娜":
            params["p_name"] = "欧阳"
        return params

    monkeypatch.setattr(dbcopy, "_params", tamper)
    assert cli.main(["db", "copy", "--from", src, "--to", f"sqlite:///{other}"]) == 2
    err = capsys.readouterr().err
    assert "校验不一致：customers" in err and "内容不同" in err


# --- merge ---------------------------------------------------------------------------------------

def person(db, number_seed: int, name: str, owner: Actor | None, phone: str) -> int:
    number = make_id_number("330106", date(1970, 1, 1) + timedelta(days=number_seed), number_seed)
    info = parse_id_number(number)
    full, initials = name_keys(name)
    with db.uow(Actor.cli()) as uow:
        c = Customer(id_number=number, name=name, name_pinyin=full, name_initials=initials,
                     id_last4=number[-4:], gender=info.gender, birth_date=info.birth_date,
                     phone=phone, phone_last4=phone[-4:], address="杭州市西湖区文三路1号",
                     district="西湖区", owner_id=owner.user_id if owner else None,
                     branch_id=owner.branch_id if owner else None,
                     monthly_income=Decimal("8000.00"), overdue_amount=Decimal("0"))
        uow.session.add(c)
        uow.commit()
        return c.id


def loan(db, customer_id: int, loan_no: str) -> int:
    with db.uow(Actor.cli()) as uow:
        row = Loan(loan_no=loan_no, customer_id=customer_id, product="个人经营贷",
                   principal=Decimal("100000.00"), balance=Decimal("80000.00"),
                   rate=Decimal("0.043500"), disbursed_on=date(2025, 1, 5),
                   maturity_on=date(2028, 1, 5), overdue_days=0, overdue_amount=Decimal("0"))
        uow.session.add(row)
        uow.commit()
        return row.id


def contact(db, actor, customer_id, when, summary):
    draft = ContactDraft(customer_id=customer_id, channel=ContactChannel.PHONE,
                         outcome=ContactOutcome.CONNECTED, summary=summary, contacted_at=when)
    with db.uow(actor) as uow:
        add_contact(uow, actor, draft, now=NOW)
        uow.commit()


def test_merge_a_laptop_into_the_branch_database(db, sqlite_template, tmp_path):
    # the branch database: other rows first, so its ids differ from the laptop's
    branch = db
    east = factories.branch(branch, "0202", "东城支行")
    west = factories.branch(branch, "0101", "西湖支行")
    factories.user(branch, "zhou", Role.MANAGER, east)
    wang_b = factories.user(branch, "wang", Role.MANAGER, west, "王经理")
    person(branch, 900, "无关客户", None, "+8613700000000")
    shared_b = person(branch, 1, "王一", wang_b, "+8613800000001")
    same_b = person(branch, 2, "赵二", wang_b, "+8613800000002")
    loan(branch, same_b, "JJ2025000002")

    path = tmp_path / "laptop.sqlite3"
    shutil.copy(sqlite_template, path)
    lap = connect(f"sqlite:///{path}")
    west_l = factories.branch(lap, "0101", "西湖支行")
    wang_l = factories.user(lap, "wang", Role.MANAGER, west_l, "王经理")
    shared_l = person(lap, 1, "王一", wang_l, "+8613900000009")          # phone differs: conflict
    same_l = person(lap, 2, "赵二", wang_l, "+8613800000002")             # identical
    new_l = person(lap, 3, "钱三", wang_l, "+8613800000003")              # only on the laptop
    loan(lap, same_l, "JJ2025000002")
    loan(lap, new_l, "JJ2025000003")
    contact(lap, wang_l, new_l, datetime(2026, 11, 28, 10, tzinfo=SHANGHAI), "首次联系，客户同意下周还款")
    contact(lap, wang_l, new_l, datetime(2026, 11, 29, 15, tzinfo=SHANGHAI), "再次提醒")
    contact(lap, wang_l, same_l, datetime(2026, 11, 29, 16, tzinfo=SHANGHAI), "赵二已还款")

    report = copy_database(lap, branch, merge=True)
    assert report.ok, report.mismatches
    assert [(c.label, c.field, c.ours, c.theirs) for c in report.conflicts] == \
        [("王一", "手机", "+8613800000001", "+8613900000009")]
    assert report.inserted["customers"] == 1 and report.matched["customers"] == 2
    assert report.inserted["loans"] == 1 and report.inserted["contact_records"] == 3
    assert report.matched["users"] == 1 and report.matched["branches"] == 1

    with branch.sessions() as s:
        assert s.get(Customer, shared_b).phone == "+8613800000001"   # not overwritten
        new_b = s.scalar(select(Customer).where(Customer.name == "钱三"))
        assert new_b.id != new_l and new_b.owner_id == wang_b.user_id
        assert new_b.branch_id == west
        summaries = s.scalars(select(ContactRecord.summary).where(
            ContactRecord.customer_id == new_b.id).order_by(ContactRecord.contacted_at)).all()
        assert summaries == ["首次联系，客户同意下周还款", "再次提醒"]
        users = {u.id for u in s.scalars(select(User))}
        assert set(s.scalars(select(ContactRecord.user_id))) <= users
        loan_b = s.scalar(select(Loan).where(Loan.loan_no == "JJ2025000003"))
        assert loan_b.customer_id == new_b.id
        assert s.scalar(select(func.count()).select_from(Loan)) == 2
        # the laptop's contact on the shared customer joined the branch's record
        assert s.scalar(select(ContactRecord.summary).where(
            ContactRecord.customer_id == same_b)) == "赵二已还款"
        assert s.get(Customer, same_b).last_contact_at is not None
        merge_event = s.scalar(select(AuditEvent).where(AuditEvent.action == "db_merge"))
        assert "冲突 1 处" in merge_event.summary

    # the same merge again adds nothing
    again = copy_database(lap, branch, merge=True)
    assert again.ok and sum(again.inserted.values()) == 0
    assert len(again.conflicts) == 1
    lap.dispose()
