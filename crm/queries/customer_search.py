"""The customer list's search box: what a typed text is looked for, and how that is asked.

`plan_search` routes the text (digits, loan numbers, pinyin, Chinese name fragments);
`text_narrowing` turns the plan into SQL that indexes answer. How a page uses it (and each
filter) is decided by how many customers it matches, counted first (up to SMALL_MATCH, an
index-only `probe`):
- a few: the page looks them up by id and sorts them (a row read per match);
- many: the page walks its sort index and tests each entry, which stops once the page is
  full (matches are frequent, so the walk is short). The matches are read once into a set
  and each entry is looked up in it - except over the manager's / branch's list index,
  which carries the name and the pinyin keys, and for more than LARGE_MATCH matches: then
  they are tested on the entry (or row) itself ("zh" and "王" match a fifth and a tenth of
  all customers: reading those ids would cost more than the page).
Measured on 1,000,000 customers: bench/search_1m.py.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement, Integer, Select, and_, any_, bindparam, false, func, literal_column, or_,
    select, union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from crm.domain.identity import InvalidIdNumber, parse_id_number
from crm.models import Customer, Loan
from crm.persistence.search_index import SEP, name_fragment_ids

LOAN_DIGITS_MIN = 6           # digits alone are tried as a loan number prefix from 6 on
SMALL_MATCH = 3000            # up to this many matches, a search is sorted directly
LARGE_MATCH = 30_000          # from this many, matches are tested on each walked row instead

_DIGITS_ID = re.compile(r"\d+[Xx]?")
_LOAN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_/]*")
_LETTERS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class SearchPlan:
    """Where one search text is looked for; the routes are OR-ed. Empty plan: nothing matches."""

    id_number: str | None = None          # full 18-character ID (a 15-digit one converted)
    id_suffix: str | None = None          # last 4+ characters of the ID (id_last4 index)
    phone_suffix: str | None = None       # last 4+ digits of the phone (phone_last4 index)
    loan_prefixes: tuple[str, ...] = ()   # loan number prefix (unique index / pattern index)
    pinyin_prefix: str | None = None      # full pinyin and initials prefix ('zhangs', 'zs')
    name_fragment: str | None = None      # a piece of the name anywhere (the search index)
    fragment_optional: bool = False       # Latin letters: a name match is a bonus, not a need


def plan_search(raw: str) -> SearchPlan | None:
    """Route the search text. None: no text (no condition).

    - digits (an ID may end in X): 4+ -> phone and ID suffix; 6+ also a loan number prefix;
      18 (or legacy 15) -> the full ID number; fewer than 4 digits match nothing yet;
    - letters and digits mixed -> a loan number prefix (as typed and upper-cased);
    - Latin letters -> pinyin / initials prefix, and a name substring from 3 letters;
    - anything else (Chinese) -> a name fragment of any length, anywhere in the name.
    """
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
    if not t:
        return None
    if _DIGITS_ID.fullmatch(t):
        return _digits_plan(t.upper())
    if _LOAN.fullmatch(t) and any(ch.isdigit() for ch in t):
        return SearchPlan(loan_prefixes=tuple(dict.fromkeys((t, t.upper()))))
    letters = t.replace("'", "").lower()
    if _LETTERS.fullmatch(letters):
        return SearchPlan(pinyin_prefix=letters,
                          name_fragment=t if len(t) >= 3 else None, fragment_optional=True)
    return SearchPlan(name_fragment=t)


def _digits_plan(t: str) -> SearchPlan:
    digits = t.isdigit()
    if len(t) == 15 and digits:
        try:
            return SearchPlan(id_number=parse_id_number(t).number)
        except InvalidIdNumber:
            return SearchPlan()
    if len(t) == 18:
        return SearchPlan(id_number=t, loan_prefixes=(t,) if digits else ())
    if len(t) < 4:
        return SearchPlan()
    return SearchPlan(id_suffix=t if len(t) < 18 else None,
                      phone_suffix=t if digits else None,
                      loan_prefixes=(t,) if digits and len(t) >= LOAN_DIGITS_MIN else ())


def _prefix(sqlite: bool, col: Any, prefix: str) -> ColumnElement[bool]:
    """Index-friendly prefix match: a >= / < range on SQLite (LIKE never uses its index),
    LIKE on PostgreSQL (text_pattern_ops indexes)."""
    if sqlite:
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return and_(col >= prefix, col < upper)
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return col.like(escaped + "%", escape="\\")


def _digits_only(col: Any) -> Any:
    return func.replace(func.replace(func.replace(col, "-", ""), " ", ""), "+", "")


@dataclass(frozen=True)
class _Route:
    """One way a search text is looked for: `ids` answer it from indexes; `entry_test`,
    when set, tests one entry of the list index ix_customers_*_overdue instead."""

    ids: tuple[Select[Any], ...]
    entry_test: ColumnElement[bool] | None = None


def opaque(col: Any) -> Any:
    """The column's value through an expression SQLite cannot start an index search from,
    so that the page walks its sort index and tests each entry there. SQLite has no
    histograms: given `max_overdue_days BETWEEN 31 AND 60` it would rather read the whole
    bucket and sort it than walk the covering index and stop after one page."""
    if isinstance(col.type, Integer):
        return col + literal_column("0")
    return col.op("||")(literal_column("''"))


def _customers_where(cond: ColumnElement[bool]) -> _Route:
    return _Route((select(Customer.id.label("id")).where(cond),))


def _suffix(col: Any, last4: Any, s: str) -> _Route:
    longer = [col.like("%" + s)] if len(s) > 4 else []
    return _customers_where(and_(last4 == s[-4:], *longer))


def _routes(session: Session, plan: SearchPlan) -> list[_Route]:
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    routes: list[_Route] = []
    if plan.id_number:
        routes.append(_customers_where(Customer.id_number == plan.id_number))
    if plan.id_suffix:
        routes.append(_suffix(Customer.id_number, Customer.id_last4, plan.id_suffix))
    if plan.phone_suffix:
        routes.append(_suffix(_digits_only(Customer.phone), Customer.phone_last4,
                              plan.phone_suffix))
    if plan.pinyin_prefix:
        p, cols = plan.pinyin_prefix, (Customer.name_initials, Customer.name_pinyin)
        # one select per index (an OR would make PostgreSQL visit a heap page per match);
        # substr for the entry test: it cannot start an index search, and is the cheapest
        routes.append(_Route(
            tuple(select(Customer.id.label("id")).where(_prefix(sqlite, c, p)) for c in cols),
            or_(*(func.substr(c, 1, len(p)) == p for c in cols))))
    if plan.loan_prefixes:
        loan = or_(*(_prefix(sqlite, Loan.loan_no, p) for p in plan.loan_prefixes))
        routes.append(_Route((select(Loan.customer_id.label("id")).where(loan),)))
    if plan.name_fragment:
        routes += _name_routes(session, plan.name_fragment, plan.fragment_optional, sqlite)
    return routes


def _name_routes(session: Session, frag: str, optional: bool, sqlite: bool) -> list[_Route]:
    ids = name_fragment_ids(session.connection(), frag)
    if ids is None:
        # the index is being rebuilt (SQLite, bulk load): scan, slowly but right
        return [] if optional else [
            _customers_where(Customer.name.contains(frag, autoescape=True))]
    # the index folds Latin letters' case; the entry test only stands in for it without them
    latin = any(ch.isascii() and ch.isalpha() for ch in frag)
    found = func.instr if sqlite else func.strpos
    return [_Route((ids,), None if latin else found(Customer.name, frag.replace(SEP, "")) > 0)]


@dataclass(frozen=True)
class Narrowing:
    """One condition of the list in the two forms a page can use: `ids`, the matching ids as
    an index answers them (None: it cannot start a page), and `test`, the condition checked
    on each entry the page walks past."""

    ids: Select[Any] | None
    test: ColumnElement[bool]
    id_list: bool = False       # `test` is membership in `ids` (another table, or a search)
    # the same tested on the entry or row itself, without reading `ids` first (searches)
    entry: ColumnElement[bool] | None = None


def member(session: Session, ids: Select[Any]) -> ColumnElement[bool]:
    """`id IN (ids)` as a test on walked entries: the ids are read once into a set."""
    if session.get_bind().dialect.name == "sqlite":
        return opaque(Customer.id).in_(ids)      # a test, never where the walk starts
    # PostgreSQL would turn a lone IN into a semi-join run per walked entry; as a value it
    # stays a hashed set, built once
    return Customer.id.in_(ids).is_(True)


def text_narrowing(session: Session, raw: str) -> Narrowing | None:
    """The search text as a Narrowing; None without text."""
    plan = plan_search(raw)
    if plan is None:
        return None
    routes = _routes(session, plan)
    if not routes:
        return Narrowing(None, false())
    selects = [q for r in routes for q in r.ids]
    union = selects[0] if len(selects) == 1 else union_all(*selects)
    members = [member(session, r.ids[0] if len(r.ids) == 1 else union_all(*r.ids))
               for r in routes]
    entries = [m if r.entry_test is None else r.entry_test for r, m in zip(routes, members)]
    entry = or_(*entries) if any(r.entry_test is not None for r in routes) else None
    return Narrowing(union, or_(*members), id_list=True, entry=entry)


def huge(session: Session, ids: Select[Any]) -> bool:
    """More than LARGE_MATCH rows: a walk past non-matching entries is then shorter than
    reading all the matches first (a count from the index alone, stopping at the cap)."""
    capped = ids.limit(LARGE_MATCH + 1).subquery()
    return (session.scalar(select(func.count()).select_from(capped)) or 0) > LARGE_MATCH


def probe(session: Session, ids: Select[Any]) -> tuple[int, list[int] | None]:
    """How many ids (counting stops past SMALL_MATCH), read from the index alone, and - on
    PostgreSQL, which is then handed them as one array - the ids themselves. SQLite starts
    from a small IN (subquery) by itself."""
    capped = ids.limit(SMALL_MATCH + 1).subquery()
    if session.get_bind().dialect.name == "sqlite":
        return session.scalar(select(func.count()).select_from(capped)) or 0, None
    rows = session.scalar(select(func.array_agg(capped.c.id))) or []
    # judged on the rows, not the distinct ids: a customer may come several times (several
    # broken promises), and a list cut at the cap must never pass for the whole answer
    return len(rows), sorted(set(rows))


def is_small(count: int) -> bool:
    return count <= SMALL_MATCH


def starting_from(ids: Select[Any], found: list[int] | None) -> ColumnElement[bool]:
    """The condition that makes a page start from these few ids (`found`: as probed)."""
    if found is None:
        return Customer.id.in_(ids)
    return Customer.id == any_(bindparam(None, found, type_=ARRAY(Integer)))


__all__ = ["LARGE_MATCH", "SMALL_MATCH", "Narrowing", "SearchPlan", "huge", "is_small",
           "member", "opaque",
           "plan_search", "probe", "starting_from", "text_narrowing"]
