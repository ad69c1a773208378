"""The customer list's queries: search kinds, filters, scope, sorting, keyset pages, counts,
saved views and the search index's upkeep - on SQLite and on PostgreSQL."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select, update

from crm.domain.actors import Actor
from crm.domain.compliance import SHANGHAI
from crm.domain.enums import (
    AlertStatus, Bucket, ContactChannel, ContactDirection, ContactOutcome, ContactParty, FiveTier,
    PromiseStatus, RiskLevel, Role,
)
from crm.domain.errors import NotFoundError, ValidationError
from crm.domain.identity import make_id_number
from crm.domain.pinyin import name_keys
from crm.models import ContactRecord, Customer, Loan, RiskAlert, User
from crm.persistence import search_index
from crm.queries import customer_search
from crm.queries import saved_views
from crm.queries.customers import (
    SORT_KEYS, CustomerFilter, count_customers, customer_ids_for_export, customer_keyset_page,
    customer_page, filter_options, plan_search,
)
from tests import factories

TODAY = date(2026, 1, 15)
NOON = datetime(2026, 1, 15, 4, 0, tzinfo=timezone.utc)          # 12:00 in Shanghai
ID_X = "11010119850307003X"                                        # a valid ID ending in X
ID_LEGACY_15 = "110101850307003"                                   # the same, 15-digit form


def _days_ago(n: int, hour: int = 10) -> datetime:
    day = TODAY - timedelta(days=n)
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI).astimezone(timezone.utc)


_seq = iter(range(100, 10_000))


def add_customer(db, name: str, owner: Actor | None, *, branch_id: int | None = None,
                 id_number: str | None = None, phone: str | None = None,
                 district: str | None = "西湖区", segment: str | None = "普通",
                 risk: RiskLevel | None = RiskLevel.LOW, tier: FiveTier | None = FiveTier.NORMAL,
                 days: int = 0, overdue: str = "0", balance: str = "10000",
                 last_contact: datetime | None = None, follow_up: date | None = None,
                 loans: tuple[str, ...] = ()) -> int:
    n = next(_seq)
    number = id_number or make_id_number("330106", date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
                                         n % 1000)
    phone = phone or f"+86139{n:08d}"
    full, initials = name_keys(name)
    with db.uow(Actor.cli()) as uow:
        c = Customer(id_number=number, name=name, name_pinyin=full, name_initials=initials,
                     id_last4=number[-4:], phone=phone, phone_last4=phone[-4:],
                     district=district, segment=segment, risk_level=risk, worst_class=tier,
                     owner_id=owner.user_id if owner else None,
                     branch_id=branch_id if branch_id is not None else (
                         owner.branch_id if owner else None),
                     max_overdue_days=days, overdue_amount=Decimal(overdue),
                     total_balance=Decimal(balance), last_contact_at=last_contact,
                     next_follow_up=follow_up)
        uow.session.add(c)
        uow.flush()
        for no in loans:
            uow.session.add(Loan(loan_no=no, customer_id=c.id, balance=Decimal("1000")))
        uow.commit()
        return c.id


@dataclass
class World:
    db: Any
    who: dict[str, Actor]
    ids: dict[str, int]


@pytest.fixture
def world(db) -> World:
    west = factories.branch(db, "0101", "西湖支行")
    east = factories.branch(db, "0202", "滨江支行")
    who = {
        "wang": factories.user(db, "wang", Role.MANAGER, west, "王经理"),
        "zhao": factories.user(db, "zhao", Role.MANAGER, west, "赵经理"),
        "boss": factories.user(db, "boss", Role.SUPERVISOR, west, "主管"),
        "far": factories.user(db, "far", Role.MANAGER, east, "远经理"),
        "audit": factories.user(db, "audit", Role.AUDITOR, None, "审计"),
    }
    w, z, f = who["wang"], who["zhao"], who["far"]
    ids = {
        "张三": add_customer(db, "张三", w, phone="+8613800001234", loans=("JJ202300000001",),
                           last_contact=_days_ago(40), follow_up=TODAY + timedelta(days=3)),
        "李建国": add_customer(db, "李建国", w, id_number=ID_X, phone="+8613911111234",
                            district="滨江区", segment="关注", risk=RiskLevel.HIGH,
                            tier=FiveTier.SUBSTANDARD, days=45, overdue="5000.50",
                            balance="50000"),
        "王建": add_customer(db, "王建", w, days=30, overdue="800", risk=RiskLevel.MEDIUM,
                           tier=FiveTier.SPECIAL_MENTION, last_contact=_days_ago(30)),
        "赵四": add_customer(db, "赵四", z, phone="+8613722225678", loans=("JJ202400000002",),
                           days=31, overdue="1200", last_contact=_days_ago(29)),
        "欧阳建国华": add_customer(db, "欧阳建国华", z, days=61, overdue="9000",
                               risk=RiskLevel.CRITICAL, tier=FiveTier.DOUBTFUL),
        "孙小明": add_customer(db, "孙小明", z, district=None, segment=None, risk=None, tier=None,
                            days=200, overdue="300", last_contact=_days_ago(1)),
        "李国建": add_customer(db, "李国建", f, phone="+8613600009999", loans=("JJ202300000009",),
                            days=45, overdue="7000", last_contact=None),
    }
    return World(db, who, ids)


def names(db, actor: Actor, flt: CustomerFilter) -> set[str]:
    """The names listed; the same under the default sort (whose index carries the pinyin
    keys and the usual filter columns) and under another one."""
    found = []
    with db.uow(actor) as uow:
        for sort, desc in (("name", False), ("overdue_amount", True)):
            rows, cursor = customer_keyset_page(uow.session, actor, flt, sort, desc, None, 100,
                                                today=TODAY)
            assert cursor is None
            found.append({r.name for r in rows})
    assert found[0] == found[1]
    return found[0]


def search(world: World, text: str, who: str = "boss") -> set[str]:
    return names(world.db, world.who[who], CustomerFilter(text=text))


@pytest.fixture(params=["short", "long", "huge"])
def match_mode(request, monkeypatch):
    """A search runs one of three ways: sort a short id list; walk the sort index testing
    membership in the matches; walk it testing each row itself. The test data is small, so
    the other two are forced by lowering the thresholds."""
    if request.param in ("long", "huge"):
        monkeypatch.setattr(customer_search, "SMALL_MATCH", 0)
    if request.param == "huge":
        monkeypatch.setattr(customer_search, "LARGE_MATCH", 0)
    return request.param


@pytest.mark.usefixtures("match_mode")
# --- search kinds ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("建", {"李建国", "王建", "欧阳建国华"}),            # one character, anywhere in the name
    ("建国", {"李建国", "欧阳建国华"}),                   # a 2-character given name, middle too
    ("国华", {"欧阳建国华"}),
    ("李建国", {"李建国"}),                              # 3+ characters: the trigram index
    ("阳建国华", {"欧阳建国华"}),
    ("欧阳建国华", {"欧阳建国华"}),
    ("张", {"张三"}),
    ("国建", set()),                                     # 李国建 is in the other branch
    ("钱", set()),
])
def test_chinese_name_fragments_of_every_length(world, text, expected):
    assert search(world, text) == expected


@pytest.mark.usefixtures("match_mode")
@pytest.mark.parametrize("text, expected", [
    ("zhangsan", {"张三"}), ("zhangs", {"张三"}), ("ZhangSan", {"张三"}), ("zhang san", {"张三"}),
    ("zs", {"张三", "赵四"}), ("ljg", {"李建国"}), ("wj", {"王建"}), ("li", {"李建国"}),
    ("lijianguo", {"李建国"}), ("jianguo", set()), ("oyjgh", {"欧阳建国华"}), ("x", set()),
])
def test_pinyin_and_initials_match_from_the_start(world, text, expected):
    assert search(world, text) == expected


@pytest.mark.usefixtures("match_mode")
@pytest.mark.parametrize("text, expected", [
    ("1234", {"张三", "李建国"}),               # last 4 of two phones
    ("001234", {"张三"}),                       # last 6 tells them apart
    ("111234", {"李建国"}),
    ("13800001234", {"张三"}),                   # the whole mobile number
    ("5678", {"赵四"}),
    ("003X", {"李建国"}), ("003x", {"李建国"}),  # last 4 of an ID, X either case
    ("07003x", {"李建国"}),                      # last 6 of an ID
    ("08003X", set()),                           # right last 4, wrong 5th/6th
    ("123", set()),                              # fewer than 4 digits: nothing yet
    ("9999", set()),                             # the other branch's customer
])
def test_last_digits_of_phone_and_id(world, text, expected):
    assert search(world, text) == expected


@pytest.mark.usefixtures("match_mode")
def test_full_id_number_in_any_case_and_the_legacy_15_digit_form(world):
    assert search(world, ID_X) == {"李建国"}
    assert search(world, ID_X.lower()) == {"李建国"}
    assert search(world, ID_LEGACY_15) == {"李建国"}
    assert search(world, " 1101 0119 8503 0700 3x ") == {"李建国"}   # spaces typed in


@pytest.mark.usefixtures("match_mode")
@pytest.mark.parametrize("text, expected", [
    ("JJ202300000001", {"张三"}), ("jj202400000002", {"赵四"}), ("JJ2023", {"张三"}),
    ("JJ20", {"张三", "赵四"}), ("JJ202300000009", set()), ("JJ2025", set()),
])
def test_loan_number_full_and_prefix(world, text, expected):
    assert search(world, text) == expected


def test_search_routes():
    assert plan_search("  ") is None
    assert plan_search("zs").pinyin_prefix == "zs" and plan_search("zs").name_fragment is None
    assert plan_search("12345").phone_suffix == "12345" and not plan_search("12345").loan_prefixes
    assert plan_search("123456").loan_prefixes == ("123456",)
    assert plan_search("１２３４").phone_suffix == "1234"             # full-width digits
    assert plan_search("jj2024").loan_prefixes == ("jj2024", "JJ2024")
    assert plan_search("李建国").name_fragment == "李建国"


# --- filters -------------------------------------------------------------------------------------

@pytest.mark.parametrize("flt, expected", [
    (CustomerFilter(district="滨江区"), {"李建国"}),
    (CustomerFilter(segment="关注"), {"李建国"}),
    (CustomerFilter(risk_level=RiskLevel.MEDIUM), {"王建"}),
    (CustomerFilter(five_tier=FiveTier.DOUBTFUL), {"欧阳建国华"}),
    (CustomerFilter(bucket=Bucket.M0), {"张三"}),
    (CustomerFilter(bucket=Bucket.M1), {"王建"}),                   # 30 days: still M1
    (CustomerFilter(bucket=Bucket.M2), {"赵四", "李建国"}),          # 31 and 45
    (CustomerFilter(bucket=Bucket.M3), {"欧阳建国华"}),
    (CustomerFilter(bucket=Bucket.M4_6), set()),
    (CustomerFilter(bucket=Bucket.M6_PLUS), {"孙小明"}),
    # no contact for 30 days: contacted 30 or more days ago, or never
    (CustomerFilter(no_contact_days=30), {"张三", "王建", "李建国", "欧阳建国华"}),
    (CustomerFilter(no_contact_days=31), {"张三", "李建国", "欧阳建国华"}),
    (CustomerFilter(owner_id=-1), set()),
])
def test_each_filter(world, flt, expected):
    assert names(world.db, world.who["boss"], flt) == expected


def test_owner_filter(world):
    zhao = world.who["zhao"].user_id
    assert names(world.db, world.who["boss"], CustomerFilter(owner_id=zhao)) == {
        "赵四", "欧阳建国华", "孙小明"}


def _contact(db, customer_id: int, **kw: Any) -> None:
    with db.uow(Actor.cli()) as uow:
        uow.session.add(ContactRecord(
            customer_id=customer_id, channel=ContactChannel.PHONE,
            direction=ContactDirection.OUTBOUND, party=ContactParty.BORROWER,
            contacted_at=NOON - timedelta(days=10), outcome=ContactOutcome.PROMISED, **kw))
        uow.commit()


def _alert(db, customer_id: int, status: AlertStatus) -> None:
    with db.uow(Actor.cli()) as uow:
        uow.session.add(RiskAlert(customer_id=customer_id, rule_code="r", level=RiskLevel.HIGH,
                                  status=status, raised_at=NOON))
        uow.commit()


def test_promise_and_alert_filters(world):
    db, ids, boss = world.db, world.ids, world.who["boss"]
    amount = Decimal("500")
    _contact(db, ids["张三"], promise_amount=amount, promise_date=TODAY,
             promise_status=PromiseStatus.PENDING)
    _contact(db, ids["王建"], promise_amount=amount, promise_date=TODAY + timedelta(days=5),
             promise_status=PromiseStatus.PENDING)                  # not due yet
    _contact(db, ids["赵四"], promise_amount=amount, promise_date=TODAY - timedelta(days=3),
             promise_status=PromiseStatus.BROKEN)
    _contact(db, ids["孙小明"], promise_amount=amount, promise_date=TODAY - timedelta(days=90),
             promise_status=PromiseStatus.BROKEN)                   # long ago
    _contact(db, ids["李建国"], promise_amount=amount, promise_date=TODAY - timedelta(days=2),
             promise_status=PromiseStatus.KEPT)
    _alert(db, ids["欧阳建国华"], AlertStatus.IN_PROGRESS)
    _alert(db, ids["王建"], AlertStatus.NEW)
    _alert(db, ids["张三"], AlertStatus.RESOLVED)
    _alert(db, ids["赵四"], AlertStatus.DISMISSED)
    assert names(db, boss, CustomerFilter(promise="due")) == {"张三"}
    assert names(db, boss, CustomerFilter(promise="broken")) == {"赵四"}
    assert names(db, boss, CustomerFilter(open_alert=True)) == {"欧阳建国华", "王建"}
    assert names(db, boss, CustomerFilter(open_alert=True, bucket=Bucket.M1)) == {"王建"}


@pytest.mark.usefixtures("match_mode")
def test_a_customer_listed_twice_by_a_filter_does_not_cut_it_short(world, monkeypatch):
    """Three promise rows, two customers: with room for two rows the probe must not take
    [赵四, 赵四] for the whole answer."""
    db, ids, boss = world.db, world.ids, world.who["boss"]
    for name in ("赵四", "赵四", "张三"):
        _contact(db, ids[name], promise_amount=Decimal("1"), promise_status=PromiseStatus.BROKEN,
                 promise_date=TODAY - timedelta(days=2))
    for small in (1, 2, 3):
        monkeypatch.setattr(customer_search, "SMALL_MATCH", small)
        assert names(db, boss, CustomerFilter(promise="broken")) == {"赵四", "张三"}, small


def test_filters_combine(world):
    boss, zhao = world.who["boss"], world.who["zhao"]
    both = CustomerFilter(bucket=Bucket.M2, no_contact_days=30)
    assert names(world.db, boss, both) == {"李建国"}          # 赵四 was called 29 days ago
    assert names(world.db, boss, CustomerFilter(text="建", bucket=Bucket.M2)) == {"李建国"}
    assert names(world.db, boss, CustomerFilter(text="建", owner_id=zhao.user_id,
                                                 risk_level=RiskLevel.CRITICAL)) == {"欧阳建国华"}
    assert names(world.db, boss, CustomerFilter(text="zs", owner_id=zhao.user_id)) == {"赵四"}
    assert names(world.db, boss, CustomerFilter(text="1234", district="滨江区")) == {"李建国"}


@pytest.mark.usefixtures("match_mode")
# --- data scope ----------------------------------------------------------------------------------

def test_a_manager_never_sees_another_managers_customer_by_search_or_filter(world):
    """Each search that finds 赵四 / 李国建 for someone who may see them finds nothing for wang."""
    db, who = world.db, world.who
    wang, zhao_id = who["wang"], who["zhao"].user_id
    probes = [CustomerFilter(text=t) for t in ("赵四", "赵", "zhaosi", "zs", "5678", "JJ2024",
                                               "国建", "9999", "JJ202300000009")]
    probes += [CustomerFilter(owner_id=zhao_id), CustomerFilter(bucket=Bucket.M3),
               CustomerFilter(risk_level=RiskLevel.CRITICAL)]
    for flt in probes:
        seen_by_audit = names(db, who["audit"], flt) & {"赵四", "欧阳建国华", "孙小明", "李国建"}
        assert seen_by_audit, flt                       # the probe does find them ...
        assert names(db, wang, flt) <= {"张三", "李建国", "王建"}, flt   # ... but not for wang
    with db.uow(wang) as uow:
        assert count_customers(uow.session, wang) == 3
        assert count_customers(uow.session, wang, CustomerFilter(owner_id=zhao_id)) == 0
        ids = customer_ids_for_export(uow.session, wang, CustomerFilter(), "name", False)
    assert set(ids) == {world.ids[n] for n in ("张三", "李建国", "王建")}


def test_a_supervisor_sees_the_branch_and_an_auditor_everything(world):
    every = set(world.ids)
    assert names(world.db, world.who["boss"], CustomerFilter()) == every - {"李国建"}
    assert names(world.db, world.who["audit"], CustomerFilter()) == every
    assert search(world, "国建", "audit") == {"李国建"}


def test_filter_options_are_scoped(world):
    db, who = world.db, world.who
    with db.uow(who["wang"]) as uow:
        mine = filter_options(uow.session, who["wang"])
        boss = filter_options(uow.session, who["boss"])
        audit = filter_options(uow.session, who["audit"])
    assert mine.managers == [(who["wang"].user_id, "王经理")]
    assert [n for _i, n in boss.managers] == ["王经理", "赵经理"]          # pinyin order
    assert [n for _i, n in audit.managers] == ["王经理", "远经理", "赵经理"]
    assert mine.districts == ["滨江区", "西湖区"] and boss.segments == ["关注", "普通"]


# --- sorting and keyset pages ------------------------------------------------------------------

@pytest.fixture
def crowd(db):
    """Many ties and empty values, several managers and one customer with none."""
    west = factories.branch(db, "0101", "西湖支行")
    other = factories.branch(db, "0303", "外支行")
    users = [factories.user(db, u, Role.MANAGER, west, d)
             for u, d in (("m1", "周敏"), ("m2", "安娜"), ("m3", "陈静"))]
    outsider = factories.user(db, "m4", Role.MANAGER, other, "白云")
    boss = factories.user(db, "boss", Role.SUPERVISOR, west, "主管")
    risks = [None, *RiskLevel]
    tiers = [None, *FiveTier]
    first = ["王", "李", "张", "刘"]
    for i in range(23):
        owner = [*users, None][i % 4]
        add_customer(
            db, first[i % 4] + "一二三四五"[i % 5], owner, branch_id=west,
            district=[None, "西湖区", "上城区"][i % 3], segment=[None, "普通", "关注", "优质"][i % 4],
            risk=risks[i % 5], tier=tiers[(i * 2) % 6], days=[0, 0, 45, 200][i % 4],
            overdue=["0", "0", "100.10", "2500"][i % 4], balance=str(1000 * (i % 3)),
            last_contact=None if i % 3 == 0 else _days_ago(i % 4),
            follow_up=None if i % 2 else TODAY + timedelta(days=i % 3))
    add_customer(db, "外甲", outsider, branch_id=west, days=5)   # a manager from another branch
    return db, boss


def _raw(db) -> list[dict[str, Any]]:
    with db.sessions() as s:
        owners = dict(s.execute(select(User.id, User.display_name)).all())
        rows = s.execute(select(Customer)).scalars().all()
        return [{**{k: getattr(c, k) for k in (
            "id", "name", "id_number", "district", "segment", "risk_level", "worst_class",
            "total_balance", "max_overdue_days", "overdue_amount", "last_contact_at",
            "next_follow_up", "owner_id", "branch_id")}, "owner_name": owners.get(c.owner_id)}
            for c in rows]


def _expected(raw: list[dict[str, Any]], key: str, desc: bool, listed: list[int]) -> list[int]:
    """The documented order: by value (enums by meaning, managers by pinyin), ties by id in
    the same direction, empty values (and unlisted managers) last either way."""
    def value(r: dict[str, Any]) -> Any:
        if key == "owner":
            return listed.index(r["owner_id"]) if r["owner_id"] in listed else None
        if key in ("risk_level", "worst_class"):
            v = r[key]
            return None if v is None else list(type(v)).index(v)
        return r[key]
    full = [r for r in raw if value(r) is not None]
    empty = [r for r in raw if value(r) is None]
    full.sort(key=lambda r: (value(r), r["id"]), reverse=desc)
    empty.sort(key=lambda r: r["id"], reverse=desc)
    return [r["id"] for r in full + empty]


def _all_pages(db, actor, key: str, desc: bool, size: int, flt=CustomerFilter()) -> list[int]:
    seen: list[int] = []
    cursor = None
    with db.uow(actor) as uow:
        while True:
            rows, cursor = customer_keyset_page(uow.session, actor, flt, key, desc, cursor, size,
                                                today=TODAY)
            assert len(rows) <= size
            seen += [r.id for r in rows]
            if cursor is None:
                return seen


@pytest.mark.parametrize("key", sorted(SORT_KEYS))
@pytest.mark.parametrize("desc", [False, True])
def test_every_sort_key_orders_in_sql_with_a_stable_tie_break(crowd, key, desc):
    db, boss = crowd
    raw = [r for r in _raw(db) if r["branch_id"] == boss.branch_id]
    with db.sessions() as s:
        people = s.execute(select(User.id, User.display_name)
                           .where(User.branch_id == boss.branch_id)).all()
    listed = [i for i, n in sorted(people, key=lambda u: (name_keys(u[1])[0], u[1], u[0]))]
    expected = _expected(raw, key, desc, listed)
    assert len(expected) == 24
    for size in (1, 4, 7, 100):                 # every row exactly once, whatever the page size
        assert _all_pages(db, boss, key, desc, size) == expected, size


@pytest.mark.usefixtures("match_mode")
@pytest.mark.parametrize("key", ["owner", "risk_level", "overdue_amount", "last_contact_at"])
def test_a_searched_list_pages_in_the_same_order(crowd, key):
    db, boss = crowd
    flt = CustomerFilter(text="王")
    for desc in (False, True):
        pages = _all_pages(db, boss, key, desc, 2, flt)
        assert len(pages) == len(set(pages)) == 6
        unsearched = [i for i in _all_pages(db, boss, key, desc, 50) if i in set(pages)]
        assert pages == unsearched


def test_export_ids_follow_the_view_and_a_foreign_cursor_is_refused(crowd):
    db, boss = crowd
    with db.uow(boss) as uow:
        s = uow.session
        ids = customer_ids_for_export(s, boss, CustomerFilter(), "overdue_amount", True, batch=5)
        assert ids == _all_pages(db, boss, "overdue_amount", True, 9)
        _rows, cursor = customer_keyset_page(s, boss, CustomerFilter(), "name", False, None, 3)
        with pytest.raises(ValueError):
            customer_keyset_page(s, boss, CustomerFilter(), "district", False, cursor, 3)
        assert customer_keyset_page(s, boss, CustomerFilter(), "name", False, None, 0) == ([], None)
        # the old offset pages still work for their callers, with empty values last
        page = customer_page(s, boss, CustomerFilter(), sort="district", limit=100).rows
        assert [r.district for r in page][-1] == "" and len(page) == 24


def test_rows_carry_masked_identity_and_the_managers_name(world):
    boss = world.who["boss"]
    with world.db.uow(boss) as uow:
        [row], _ = customer_keyset_page(uow.session, boss, CustomerFilter(text="李建国"))
    assert row.id_masked == "110101********003X" and row.phone_masked == "139****1234"
    assert row.owner_name == "王经理" and row.overdue_amount == Decimal("5000.50")
    assert row.risk_level is RiskLevel.HIGH and row.worst_class is FiveTier.SUBSTANDARD


# --- counts --------------------------------------------------------------------------------------

def test_counts_exact_and_capped(world):
    boss = world.who["boss"]
    with world.db.uow(boss) as uow:
        s = uow.session
        assert count_customers(s, boss) == 6
        assert count_customers(s, boss, cap=4) == 4
        assert count_customers(s, boss, cap=100) == 6
        assert count_customers(s, boss, CustomerFilter(text="建")) == 3
        assert count_customers(s, boss, CustomerFilter(bucket=Bucket.M2), cap=1) == 1


# --- saved views ---------------------------------------------------------------------------------

def test_saved_views_round_trip_per_user(world):
    db, wang, zhao = world.db, world.who["wang"], world.who["zhao"]
    definition = {"filter": {"text": "建", "bucket": "M2", "no_contact_days": 30},
                  "sort": ["overdue_amount", True], "columns": ["name", "overdue_amount"]}
    with db.uow(wang) as uow:
        saved = saved_views.save_view(uow, wang, " 逾期M2 ", definition)
        saved_views.save_view(uow, wang, "全部", {"filter": {}})
        uow.commit()
    with db.sessions() as s:
        views = saved_views.list_views(s, wang)
        assert [v.name for v in views] == ["全部", "逾期M2"]
        assert views[1].definition == definition and views[1].id == saved.id
        assert saved_views.list_views(s, zhao) == []
    with db.uow(wang) as uow:                       # the same name replaces
        saved_views.save_view(uow, wang, "逾期M2", {**definition, "sort": ["name", False]})
        uow.commit()
    with db.uow(zhao) as uow:
        with pytest.raises(NotFoundError):
            saved_views.delete_view(uow, zhao, saved.id)
        with pytest.raises(ValidationError):
            saved_views.save_view(uow, zhao, "  ", {})
        with pytest.raises(ValidationError):
            saved_views.save_view(uow, Actor.cli(), "命令行", {})
    with db.sessions() as s:
        [view] = [v for v in saved_views.list_views(s, wang) if v.name == "逾期M2"]
        assert view.definition["sort"] == ["name", False]
    with db.uow(wang) as uow:
        saved_views.delete_view(uow, wang, saved.id)
        uow.commit()
    with db.sessions() as s:
        assert [v.name for v in saved_views.list_views(s, wang)] == ["全部"]


@pytest.mark.usefixtures("match_mode")
# --- the search index follows the data ----------------------------------------------------------

def test_renames_and_deletes_reach_the_search_index(world):
    db, ids = world.db, world.ids
    with db.uow(Actor.cli()) as uow:
        uow.session.execute(update(Customer).where(Customer.id == ids["王建"])
                            .values(name="王建设", name_pinyin="wangjianshe",
                                    name_initials="wjs"))
        uow.commit()
    assert search(world, "建设") == {"王建设"} and search(world, "王建设") == {"王建设"}
    assert search(world, "王建") == {"王建设"}
    with db.uow(Actor.cli()) as uow:
        uow.session.execute(update(Customer).where(Customer.id == ids["张三"])
                            .values(name="张山", name_pinyin="zhangshan"))
        uow.commit()
    assert search(world, "张三") == set() and search(world, "三") == set()
    assert search(world, "张山") == {"张山"}


@pytest.mark.usefixtures("match_mode")
def test_a_bulk_load_suspends_and_rebuilds_the_index(world):
    db, wang = world.db, world.who["wang"]
    with db.engine.begin() as conn:
        search_index.suspend_search_index(conn)
        assert search_index.search_index_live(conn) == (db.backend != "sqlite")
    new_id = add_customer(db, "钱多多", wang)
    with db.uow(Actor.cli()) as uow:                 # a rename while the triggers are away
        uow.session.execute(update(Customer).where(Customer.id == world.ids["张三"])
                            .values(name="张叁"))
        uow.commit()
    assert search(world, "多多") == {"钱多多"}        # still right, by a scan meanwhile
    with db.engine.begin() as conn:
        search_index.rebuild_search_index(conn)
        assert search_index.search_index_live(conn)
        assert search_index.name_fragment_ids(conn, "多多") is not None
    assert search(world, "多多") == {"钱多多"} and search(world, "钱多多") == {"钱多多"}
    assert search(world, "张三") == set() and search(world, "叁") == {"张叁"}
    with db.uow(Actor.cli()) as uow:
        uow.session.delete(uow.session.get(Customer, new_id))
        uow.commit()
    assert search(world, "多多") == set()



def test_the_search_migration_downgrades_and_upgrades_with_data(world):
    from alembic import command
    from alembic.config import Config

    from crm.paths import MIGRATIONS
    from crm.persistence.migrate import upgrade

    db = world.db
    with db.engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert upgrade(db) == "upgraded"
    assert search(world, "建国") == {"李建国", "欧阳建国华"}   # rows from before are indexed
    assert search(world, "zhangs") == {"张三"} and search(world, "JJ2023") == {"张三"}


def test_after_a_migration_every_connection_checks_foreign_keys(world):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from crm.paths import MIGRATIONS
    from crm.persistence.migrate import upgrade

    db = world.db
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite pragma")
    with db.engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    assert upgrade(db) == "upgraded"
    conns = [db.engine.connect() for _ in range(3)]
    try:
        assert [c.exec_driver_sql("PRAGMA foreign_keys").scalar() for c in conns] == [1, 1, 1]
        with pytest.raises(Exception, match="FOREIGN KEY"):
            conns[0].execute(text(
                "INSERT INTO risk_scores (customer_id, computed_at, score, level, reasons, "
                "rule_set_version) VALUES (999999, '2026-01-01', 1, 'low', '[]', 1)"))
    finally:
        for c in conns:
            c.close()
