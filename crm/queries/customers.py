"""Customer reads: one customer, and the million-row list (filters, sorting, keyset pages).

Everything happens in SQL inside the actor's data scope. Sorting is keyset pagination on
(sort value, id): every page is one index seek, however deep the user has scrolled. Empty
values (NULL) always come last, whichever the direction, on both backends. Risk level,
five-tier class and manager sort by meaning (low..critical, normal..loss, manager names in
pinyin order), one index walk per value. The search box: crm.queries.customer_search.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement, Select, and_, bindparam, case, func, or_, select, text, true, tuple_,
)
from sqlalchemy.orm import Session

from crm.domain.actors import Actor, Permission
from crm.domain.classification import bucket_range
from crm.domain.compliance import SHANGHAI, local_today
from crm.domain.enums import (
    AlertStatus, Bucket, FiveTier, PromiseStatus, RiskLevel, Role,
)
from crm.domain.errors import NotFoundError
from crm.domain.masking import mask_id, mask_phone
from crm.domain.pinyin import name_keys
from crm.domain.records import CustomerRow, Page
from crm.models import ContactRecord, Customer, RiskAlert, User
from crm.queries.customer_search import (
    Narrowing, SearchPlan, huge, is_small, member, opaque, plan_search, probe, starting_from,
    text_narrowing,
)
from crm.queries.scope import customer_scope

NOT_FOUND = "客户不存在，或不在您的管辖范围内"
OPEN_ALERTS = (AlertStatus.NEW, AlertStatus.ACKNOWLEDGED, AlertStatus.IN_PROGRESS)
BROKEN_PROMISE_DAYS = 30      # "promise broken": a broken promise dated in the last 30 days
PromiseFilter = Literal["due", "broken"]


def scoped_customer(session: Session, actor: Actor, customer_id: int) -> Customer:
    """The customer row, or NotFoundError: another manager's customer is 'not found' too."""
    customer = session.scalar(
        select(Customer).where(Customer.id == customer_id, customer_scope(actor)))
    if customer is None:
        raise NotFoundError(NOT_FOUND)
    return customer


@dataclass(frozen=True)
class CustomerFilter:
    """What the list shows. Every field narrows it; the defaults show everything in scope."""

    text: str = ""
    owner_id: int | None = None
    district: str | None = None
    segment: str | None = None
    risk_level: RiskLevel | None = None
    five_tier: FiveTier | None = None          # the customer's worst class
    bucket: Bucket | None = None               # on max_overdue_days
    no_contact_days: int | None = None         # last contact N or more days ago, or never
    promise: PromiseFilter | None = None       # due: pending, dated today or earlier
    open_alert: bool = False


# --- filters -------------------------------------------------------------------------------------

def _same(col: Any) -> Any:
    return col


def _start_of_local_day(day: date) -> datetime:
    return datetime.combine(day, time(0), SHANGHAI).astimezone(timezone.utc)


def _narrowings(session: Session, actor: Actor, flt: CustomerFilter, today: date,
                covered_walk: bool) -> list[Narrowing]:
    sqlite = session.get_bind().dialect.name == "sqlite"
    c = opaque if covered_walk and sqlite else _same
    by_id = select(Customer.id.label("id"))
    scope = customer_scope(actor)
    scoped = actor.can(Permission.READ_CUSTOMERS) and not actor.sees_all_branches
    out = [Narrowing(by_id.where(scope) if scoped else None, scope)]
    # district and segment are on the list index too (ix_customers_*_overdue)
    for col, value, on_list in ((Customer.owner_id, flt.owner_id, False),
                                (Customer.district, flt.district, True),
                                (Customer.segment, flt.segment, True),
                                (Customer.risk_level, flt.risk_level, False),
                                (Customer.worst_class, flt.five_tier, False)):
        if value is not None and value != "":
            out.append(Narrowing(by_id.where(col == value), (c(col) if on_list else col) == value))
    if flt.bucket is not None:
        lo, hi = bucket_range(flt.bucket)

        def days(d: Any) -> ColumnElement[bool]:
            return d.between(lo, hi) if hi is not None else d >= lo
        out.append(Narrowing(by_id.where(days(Customer.max_overdue_days)),
                             days(c(Customer.max_overdue_days))))
    if flt.no_contact_days is not None and flt.no_contact_days > 0:
        # last contact on or before the day N days ago (Asia/Shanghai), or never
        cutoff = _start_of_local_day(today - timedelta(days=flt.no_contact_days - 1))

        def quiet(d: Any) -> ColumnElement[bool]:
            return or_(d.is_(None), d < cutoff)
        out.append(Narrowing(by_id.where(quiet(Customer.last_contact_at)),
                             quiet(c(Customer.last_contact_at))))
    for ids in _related(flt, today):
        out.append(Narrowing(ids, member(session, ids), id_list=True))
    text_part = text_narrowing(session, flt.text)
    return out + ([text_part] if text_part is not None else [])


def _related(flt: CustomerFilter, today: date) -> list[Select[Any]]:
    """Filters on other tables, as the ids of the customers they keep."""
    out = []
    promises = select(ContactRecord.customer_id.label("id"))
    if flt.promise == "due":
        out.append(promises.where(ContactRecord.promise_status == PromiseStatus.PENDING,
                                  ContactRecord.promise_date <= today))
    elif flt.promise == "broken":
        since = today - timedelta(days=BROKEN_PROMISE_DAYS)
        out.append(promises.where(ContactRecord.promise_status == PromiseStatus.BROKEN,
                                  ContactRecord.promise_date.between(since, today)))
    elif flt.promise is not None:
        raise ValueError(f"promise filter: {flt.promise!r}")
    if flt.open_alert:
        out.append(select(RiskAlert.customer_id.label("id"))
                   .where(RiskAlert.status.in_(OPEN_ALERTS)))
    return out


def _conditions(session: Session, actor: Actor, flt: CustomerFilter, today: date,
                covered_walk: bool = False,
                sort: str | None = None) -> tuple[list[ColumnElement[bool]], bool]:
    """The WHERE of the list, and whether it starts from a short id list.

    Each condition that an index can answer is probed (how many customers, up to
    SMALL_MATCH). The most selective one under that starts the page: its customers are
    looked up by id and sorted. Otherwise the page walks its sort index and tests every
    condition on each entry, stopping once the page is full. SQLite's statistics are mere
    averages (or absent): likely() / unlikely() tell it which way round it is. PostgreSQL's
    own statistics see skew; only the id-list conditions are probed there (it would make a
    semi-join of them).
    `covered_walk`: the page walks ix_customers_owner_overdue / _branch_overdue (see
    customer_search.opaque). `sort`: the key the page walks (None: a count). A search that
    matches very many is tested on each row - but not along the name order, where the
    matches of "王" or "z" lie together far down the walk: there the walk stays on index
    entries, looked up in the matches.
    """
    sqlite = session.get_bind().dialect.name == "sqlite"
    parts = _narrowings(session, actor, flt, today, covered_walk)
    best: tuple[int, Narrowing, list[int] | None] | None = None
    for part in parts:
        if part.ids is None or not (sqlite or part.id_list):
            continue
        count, found = probe(session, part.ids)
        if is_small(count) and (best is None or count < best[0]):
            best = (count, part, found)
    conds = []
    for part in parts:
        if best is not None and part is best[1] and part.ids is not None:
            start = starting_from(part.ids, best[2])
            conds.append(func.unlikely(start) if sqlite else start)
            continue
        test = part.test
        if part.entry is not None and part.ids is not None and (covered_walk or (
                sort not in (None, "name") and huge(session, part.ids))):
            test = part.entry
        conds.append(func.likely(test) if sqlite else test)
    return conds, best is not None


# --- sorting -------------------------------------------------------------------------------------

Groups = Callable[[Session, Actor, CustomerFilter], list[Any]]


@dataclass(frozen=True)
class SortKey:
    """A sortable column. `groups` (few values, sorted by meaning): one index walk per value,
    in that order; otherwise a (column, id) keyset. Empty values always come last."""

    column: Any
    nullable: bool = True
    groups: Groups | None = None
    closed: bool = False        # the groups are every value the column can hold (an enum)


def _owner_groups(session: Session, actor: Actor, flt: CustomerFilter) -> list[Any]:
    """Managers by the pinyin of their name. Customers whose manager is not listed (none, or
    a user outside a supervisor's branch) come last, as the empty group."""
    stmt = select(User.id, User.display_name)
    if flt.owner_id is not None:
        stmt = stmt.where(User.id == flt.owner_id)
    elif actor.role is Role.MANAGER and not actor.operator:
        stmt = stmt.where(User.id == actor.user_id)
    elif not actor.sees_all_branches:
        stmt = stmt.where(User.branch_id == actor.branch_id)
    users = session.execute(stmt).all()
    return [uid for uid, name in sorted(users, key=lambda u: (name_keys(u[1])[0], u[1], u[0]))]


def _fixed(values: Sequence[Any]) -> Groups:
    return lambda _s, _a, _f: list(values)


SORT_KEYS: dict[str, SortKey] = {
    "name": SortKey(Customer.name, nullable=False),
    "id_number": SortKey(Customer.id_number, nullable=False),
    "district": SortKey(Customer.district),
    "owner": SortKey(Customer.owner_id, groups=_owner_groups),
    "segment": SortKey(Customer.segment),
    "risk_level": SortKey(Customer.risk_level, groups=_fixed(list(RiskLevel)), closed=True),
    "worst_class": SortKey(Customer.worst_class, groups=_fixed(list(FiveTier)), closed=True),
    "total_balance": SortKey(Customer.total_balance, nullable=False),
    "max_overdue_days": SortKey(Customer.max_overdue_days, nullable=False),
    "overdue_amount": SortKey(Customer.overdue_amount, nullable=False),
    "last_contact_at": SortKey(Customer.last_contact_at),
    "next_follow_up": SortKey(Customer.next_follow_up),
    "id": SortKey(Customer.id, nullable=False),
}
SORT_ALIASES = {"id_masked": "id_number", "owner_name": "owner", "owner_id": "owner",
                "five_tier": "worst_class"}
# the masked phone column is not sortable: phone has no index, and a masked number's order
# would reveal nothing useful anyway


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after the row (value, id); `empty` once past the values,
    in the rows whose sort value is NULL. Opaque to callers."""

    sort: str
    descending: bool
    value: Any
    id: int
    empty: bool = False


def sort_key(sort: str) -> tuple[str, SortKey]:
    """The SortKey for a column key (aliases accepted; an unknown key sorts by id)."""
    name = SORT_ALIASES.get(sort, sort)
    return (name, SORT_KEYS[name]) if name in SORT_KEYS else ("id", SORT_KEYS["id"])


# --- pages ---------------------------------------------------------------------------------------

_ROW_COLUMNS = (Customer.id, Customer.name, Customer.id_number, Customer.phone, Customer.district,
                User.display_name, Customer.segment, Customer.risk_level, Customer.worst_class,
                Customer.total_balance, Customer.max_overdue_days, Customer.overdue_amount,
                Customer.last_contact_at, Customer.next_follow_up)


def _list_select(conds: list[ColumnElement[bool]], sort_col: Any) -> Select[Any]:
    return (select(*_ROW_COLUMNS, sort_col.label("sort_value"))
            .outerjoin(User, User.id == Customer.owner_id).where(*conds))


Keys = Sequence[tuple[Any, bool]]      # (expression, descending), in ORDER BY order


def _fetch(session: Session, conds: list[ColumnElement[bool]], sort_col: Any, keys: Keys,
           limit: int) -> list[Any]:
    """One page, in two steps: the ids of the page (a query that the list's covering index
    can answer alone), then those rows. The walk past non-matching entries then never reads
    a table row - on PostgreSQL an index-only scan, on SQLite a covering index."""
    inner = select(Customer.id.label("id"), sort_col.label("sort_value"),
                   *(e.label(f"k{i}") for i, (e, _d) in enumerate(keys))).where(*conds)
    inner = inner.order_by(*(e.desc() if d else e.asc() for e, d in keys)).limit(limit)
    page = inner.subquery("page")
    stmt = (select(*_ROW_COLUMNS, page.c.sort_value)
            .join_from(page, Customer, Customer.id == page.c.id)
            .outerjoin(User, User.id == Customer.owner_id)
            .order_by(*(page.c[f"k{i}"].desc() if d else page.c[f"k{i}"].asc()
                        for i, (_e, d) in enumerate(keys))))
    return list(session.execute(stmt).all())


def _after(col: Any, value: Any, last_id: int, descending: bool) -> ColumnElement[bool]:
    pair = tuple_(col, Customer.id)
    bound = tuple_(bindparam(None, value, type_=col.type), bindparam(None, last_id))
    return pair < bound if descending else pair > bound


def _ordered(stmt: Select[Any], cols: Sequence[Any], descending: bool) -> Select[Any]:
    return stmt.order_by(*(c.desc() if descending else c.asc() for c in cols))


def _id_after(cursor: Cursor | None, descending: bool) -> list[ColumnElement[bool]]:
    if cursor is None:
        return []
    return [Customer.id < cursor.id if descending else Customer.id > cursor.id]


PageRows = tuple[list[Any], Cursor | None]


def _plain_page(session: Session, conds: list[ColumnElement[bool]], name: str, key: SortKey,
                descending: bool, after: Cursor | None, limit: int) -> PageRows:
    col, rows = key.column, []
    if after is None or not after.empty:
        where = conds + ([col.is_not(None)] if key.nullable else [])
        if after is not None:
            where.append(_after(col, after.value, after.id, descending))
        rows = _fetch(session, where, col, [(col, descending), (Customer.id, descending)], limit)
        if len(rows) == limit:
            return rows, Cursor(name, descending, rows[-1].sort_value, rows[-1].id)
        if not key.nullable:
            return rows, None
        after = None
    where = conds + [col.is_(None)] + _id_after(after, descending)
    rows += _fetch(session, where, col, [(Customer.id, descending)], limit - len(rows))
    if len(rows) == limit:
        return rows, Cursor(name, descending, None, rows[-1].id, empty=True)
    return rows, None


def _group_page(session: Session, actor: Actor, flt: CustomerFilter,
                conds: list[ColumnElement[bool]], name: str, key: SortKey, descending: bool,
                after: Cursor | None, limit: int) -> PageRows:
    assert key.groups is not None
    col = key.column
    values = key.groups(session, actor, flt)
    order: list[Any] = [*(reversed(values) if descending else values), None]
    start = 0 if after is None else _resume_at(order, after)
    # the empty group: NULL, or a value outside the list (an owner not listed for this actor)
    if key.closed:
        rest = col.is_(None)
    else:
        rest = or_(col.is_(None), col.not_in(values)) if values else true()
    rows: list[Any] = []
    # SQLite's statistics only know averages (risk level: one value for a million rows, while
    # it is unset); unlikely() tells it the group is small, so the group's (column, id) index
    # leads the walk instead of the scope's index
    hint = (lambda c: func.unlikely(c)) \
        if session.get_bind().dialect.name == "sqlite" else _same
    for i in range(start, len(order)):
        value = order[i]
        where = [hint(col == value if value is not None else rest)]
        if i == start:
            where += _id_after(after, descending)
        rows += _fetch(session, conds + where, col, [(Customer.id, descending)],
                       limit - len(rows))
        if len(rows) == limit:
            last = rows[-1]
            empty = last.sort_value not in values
            return rows, Cursor(name, descending, None if empty else last.sort_value, last.id,
                                empty=empty)
    return rows, None


def _resume_at(order: list[Any], after: Cursor) -> int:
    """The group the cursor stopped in; a group gone meanwhile (a user deleted between two
    pages) resumes at the empty group rather than failing."""
    if after.empty or after.value not in order:
        return len(order) - 1
    return order.index(after.value)


def _rank_page(session: Session, actor: Actor, flt: CustomerFilter,
               conds: list[ColumnElement[bool]], name: str, key: SortKey, descending: bool,
               after: Cursor | None, limit: int) -> PageRows:
    """The same order as _group_page in one query, for a searched (small) set: the rank of
    each group is spelled out in SQL and sorted, no index needed."""
    assert key.groups is not None
    values = key.groups(session, actor, flt)
    ranks = dict(zip(values, range(len(values))))
    if descending:
        ranks = {v: len(values) - 1 - r for v, r in ranks.items()}
    last = len(values)        # the empty group, last either way
    rank = case(ranks, value=key.column, else_=last) if ranks else bindparam(None, last)
    where = list(conds)
    if after is not None:
        at = ranks.get(after.value, last) if not after.empty else last
        id_cmp = Customer.id < after.id if descending else Customer.id > after.id
        where.append(or_(rank > at, and_(rank == at, id_cmp)))
    rows = _fetch(session, where, key.column, [(rank, False), (Customer.id, descending)], limit)
    if len(rows) < limit:
        return rows, None
    value = rows[-1].sort_value
    empty = value not in ranks
    return rows, Cursor(name, descending, None if empty else value, rows[-1].id, empty=empty)


def _page(session: Session, actor: Actor, flt: CustomerFilter, sort: str, descending: bool,
          after: Cursor | None, limit: int, today: date | None) -> PageRows:
    name, key = sort_key(sort)
    if after is not None and (after.sort != name or after.descending != descending):
        raise ValueError("the cursor belongs to another sort order")
    if limit <= 0:
        return [], None
    # the default view of a manager, a branch, or one manager's customers walks
    # ix_customers_owner_overdue / _branch_overdue, which carry the usual filter columns
    scoped = actor.role in (Role.MANAGER, Role.SUPERVISOR) and not actor.sees_all_branches
    covered = name == "overdue_amount" and (flt.owner_id is not None or scoped)
    conds, small = _conditions(session, actor, flt, today or local_today(), covered, name)
    if key.groups is None:
        return _plain_page(session, conds, name, key, descending, after, limit)
    if small:
        return _rank_page(session, actor, flt, conds, name, key, descending, after, limit)
    return _group_page(session, actor, flt, conds, name, key, descending, after, limit)


def customer_keyset_page(session: Session, actor: Actor, flt: CustomerFilter = CustomerFilter(),
                         sort: str = "overdue_amount", descending: bool = True,
                         after: Cursor | None = None, limit: int = 200, *,
                         today: date | None = None) -> tuple[list[CustomerRow], Cursor | None]:
    """One page of the list and the cursor for the next (None: this was the last page).

    `today` (Asia/Shanghai) anchors "no contact in N days" and the promise filters.
    """
    rows, cursor = _page(session, actor, flt, sort, descending, after, limit, today)
    return [_row(r) for r in rows], cursor


def customer_ids_for_export(session: Session, actor: Actor, flt: CustomerFilter, sort: str,
                            descending: bool, *, today: date | None = None,
                            batch: int = 5000) -> list[int]:
    """Every customer id of the current view, in the view's order (for Excel export)."""
    ids: list[int] = []
    cursor: Cursor | None = None
    while True:
        rows, cursor = _page(session, actor, flt, sort, descending, cursor, batch, today)
        ids += [r.id for r in rows]
        if cursor is None:
            return ids


def customer_page(session: Session, actor: Actor, flt: CustomerFilter = CustomerFilter(),
                  sort: str = "id", descending: bool = False, offset: int = 0,
                  limit: int = 200) -> Page[CustomerRow]:
    """Offset paging, for small callers (tests, the command line). The list uses keyset."""
    _name, key = sort_key(sort)
    col = key.column
    conds, _small = _conditions(session, actor, flt, local_today())
    empty_last = [col.is_(None)] if key.nullable else []
    stmt = _ordered(_list_select(conds, col).order_by(*empty_last), [col, Customer.id],
                    descending)
    return Page([_row(r) for r in session.execute(stmt.offset(offset).limit(limit))])


def count_customers(session: Session, actor: Actor, flt: CustomerFilter = CustomerFilter(),
                    *, cap: int | None = None, today: date | None = None) -> int:
    """How many customers the filter shows; with `cap`, min(count, cap) - the work stops at
    `cap` rows, so a broad filter on a million rows still answers quickly."""
    conds, _small = _conditions(session, actor, flt, today or local_today())
    inner = select(Customer.id).where(*conds)
    if cap is not None:
        inner = inner.limit(cap)
    return session.scalar(select(func.count()).select_from(inner.subquery())) or 0


# --- filter choices ----------------------------------------------------------------------------

@dataclass(frozen=True)
class FilterOptions:
    managers: list[tuple[int, str]] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)


def _distinct(session: Session, column: str) -> list[str]:
    """Distinct values of an indexed column by a loose index scan: one seek per value, so a
    million rows with 20 districts cost 20 seeks, not a scan."""
    sql = text(
        f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM customers WHERE {column} > '' "
        f"UNION ALL SELECT (SELECT min({column}) FROM customers WHERE {column} > v.x) "
        f"FROM v WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL")
    return [str(x) for x in session.scalars(sql)]


def filter_options(session: Session, actor: Actor) -> FilterOptions:
    """Choices for the filter boxes. Managers are limited to the actor's scope (a manager:
    only themselves); districts and segments are the values in use (not personal data)."""
    managers = select(User.id, User.display_name).where(User.role == Role.MANAGER)
    if actor.role is Role.MANAGER and not actor.operator:
        managers = select(User.id, User.display_name).where(User.id == actor.user_id)
    elif not actor.sees_all_branches:
        managers = managers.where(User.branch_id == actor.branch_id)
    people = sorted(session.execute(managers).all(), key=lambda u: (name_keys(u[1])[0], u[0]))
    return FilterOptions([(int(i), n) for i, n in people], _distinct(session, "district"),
                         _distinct(session, "segment"))


def _row(r: Any) -> CustomerRow:
    return CustomerRow(
        id=r.id, name=r.name, id_masked=mask_id(r.id_number), phone_masked=mask_phone(r.phone),
        district=r.district or "", owner_name=r.display_name or "", segment=r.segment or "",
        risk_level=r.risk_level, worst_class=r.worst_class, total_balance=r.total_balance,
        max_overdue_days=r.max_overdue_days, overdue_amount=r.overdue_amount,
        last_contact_at=r.last_contact_at, next_follow_up=r.next_follow_up)


__all__ = [
    "BROKEN_PROMISE_DAYS", "Cursor", "CustomerFilter", "FilterOptions", "SORT_KEYS", "SearchPlan",
    "count_customers", "customer_ids_for_export", "customer_keyset_page", "customer_page",
    "filter_options", "plan_search", "scoped_customer", "sort_key",
]
