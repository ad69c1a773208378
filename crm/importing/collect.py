"""Phase 1 of an import: every row parsed and classified, customers and loans gathered by key.

Nothing is written here. A row ends as skipped (blank or total), rejected, duplicate or
pending; pending rows become inserted / updated / unchanged when phase 2 applies them.
"""
from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.domain.errors import UserError
from crm.importing.fields import BY_KEY, CUSTOMER_KEYS, LOAN_KEYS
from crm.importing.values import Issue, ParsedRow, RowParser, format_value

PENDING, INSERTED, UPDATED, UNCHANGED, DUPLICATE, SKIPPED, REJECTED = range(7)
CANCELLED = "导入已取消，数据库未做任何更改。"
BATCH = 2000
IN_CHUNK = 900  # bound parameters per IN (...) list, under every backend's limit

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


class CustomerDraft:
    """One customer as the file describes it: fields merged over its rows (blank = not given)."""

    __slots__ = ("id_number", "values", "rows", "loans")

    def __init__(self, id_number: str, values: dict[str, Any], ordinal: int) -> None:
        self.id_number = id_number
        self.values = values
        self.rows: list[int] = [ordinal]
        self.loans: list[str] = []


class LoanDraft:
    __slots__ = ("loan_no", "id_number", "values", "ordinal")

    def __init__(self, loan_no: str, id_number: str, values: dict[str, Any], ordinal: int) -> None:
        self.loan_no = loan_no
        self.id_number = id_number
        self.values = values
        self.ordinal = ordinal


class Collected:
    """Everything phase 1 learnt: drafts by key, and per row its Excel number and status."""

    def __init__(self) -> None:
        self.customers: dict[str, CustomerDraft] = {}
        self.loans: dict[str, LoanDraft] = {}
        self.row_numbers = array("l")
        self.status = bytearray()
        self.issues: list[Issue] = []
        self.seen: dict[Any, tuple[int, int]] = {}  # duplicate key -> (hash of values, ordinal)

    def add_row(self, row: int, status: int) -> int:
        self.row_numbers.append(row)
        self.status.append(status)
        return len(self.status) - 1

    def reject(self, ordinal: int, issue: Issue) -> None:
        self.status[ordinal] = REJECTED
        self.issues.append(issue)


def _existing_owners(session: Session, loan_nos: list[str]) -> dict[str, str]:
    """loan number -> the ID number of the customer it belongs to, for loans already stored."""
    from crm.models import Customer, Loan

    out: dict[str, str] = {}
    for i in range(0, len(loan_nos), IN_CHUNK):
        chunk = loan_nos[i:i + IN_CHUNK]
        stmt = (select(Loan.loan_no, Customer.id_number)
                .join(Customer, Customer.id == Loan.customer_id)
                .where(Loan.loan_no.in_(chunk)))
        out.update({no: idn for no, idn in session.execute(stmt)})
    return out


def _differences(old: dict[str, Any], new: dict[str, Any], keys: Iterable[str]) -> list[str]:
    out = []
    for key in keys:
        if key in old and key in new and old[key] != new[key]:
            out.append(f"{BY_KEY[key].label}：“{format_value(old[key])}”与“{format_value(new[key])}”")
    return out


class Collector:
    def __init__(self, parser: RowParser, session: Session) -> None:
        self.parser = parser
        self.session = session
        self.out = Collected()
        self.has_loans = "loan_no" in parser.fields

    def feed(self, batch: list[tuple[int, list[Any]]]) -> None:
        parsed = [self.parser.parse(row, cells) for row, cells in batch]
        owners: dict[str, str] = {}
        if self.has_loans:
            fresh = [p.values["loan_no"] for p in parsed
                     if "loan_no" in p.values and p.values["loan_no"] not in self.out.loans]
            if fresh:
                owners = _existing_owners(self.session, list(dict.fromkeys(fresh)))
        for p in parsed:
            self._one(p, owners)

    def _one(self, p: ParsedRow, owners: dict[str, str]) -> None:
        out = self.out
        if p.kind != "data":
            out.add_row(p.row, SKIPPED)
            return
        if p.rejected:
            out.add_row(p.row, REJECTED)
            out.issues.extend(p.issues)
            return
        values = p.values
        id_number = values["id_number"].number
        loan_no = values.get("loan_no")
        key = loan_no if loan_no is not None else ("customer", id_number)
        fingerprint = hash(tuple(values.items()))
        earlier = out.seen.get(key)
        if earlier is not None and earlier[0] == fingerprint:
            out.add_row(p.row, DUPLICATE)
            return
        ordinal = out.add_row(p.row, PENDING)
        error = self._conflict(p, id_number, loan_no, owners)
        if error is not None:
            out.reject(ordinal, error)
            out.issues.extend(i for i in p.issues if i.severity == "warning")
            return
        out.issues.extend(p.issues)
        if earlier is None:
            out.seen[key] = (fingerprint, ordinal)
        self._merge(p, id_number, loan_no, ordinal)

    def _conflict(self, p: ParsedRow, id_number: str, loan_no: str | None,
                  owners: dict[str, str]) -> Issue | None:
        values = p.values
        draft = self.out.customers.get(id_number)
        if draft is not None:
            diffs = _differences(draft.values, values, CUSTOMER_KEYS)
            if diffs:
                first = self.out.row_numbers[draft.rows[0]]
                return Issue(p.row, BY_KEY["id_number"].label, id_number,
                             f"同一证件号码在第 {first} 行的客户信息不同（{'；'.join(diffs)}），"
                             "请核对后保留正确的一行")
        if loan_no is None:
            return None
        owner = owners.get(loan_no)
        if owner is not None and owner != id_number:
            return Issue(p.row, BY_KEY["loan_no"].label, loan_no,
                         f"该借据号已属于另一位客户（证件号码 {owner[:6]}********{owner[-4:]}），未导入")
        loan = self.out.loans.get(loan_no)
        if loan is None:
            return None
        first = self.out.row_numbers[loan.ordinal]
        if loan.id_number != id_number:
            return Issue(p.row, BY_KEY["loan_no"].label, loan_no,
                         f"借据号与第 {first} 行重复，但属于不同的客户")
        diffs = _differences(loan.values, values, LOAN_KEYS)
        if diffs:
            return Issue(p.row, BY_KEY["loan_no"].label, loan_no,
                         f"借据号与第 {first} 行重复，但内容不同（{'；'.join(diffs)}）")
        return None

    def _merge(self, p: ParsedRow, id_number: str, loan_no: str | None, ordinal: int) -> None:
        values = p.values
        cust = {k: values[k] for k in CUSTOMER_KEYS if k in values}
        draft = self.out.customers.get(id_number)
        if draft is None:
            draft = self.out.customers[id_number] = CustomerDraft(id_number, cust, ordinal)
        else:
            draft.rows.append(ordinal)
            for k, v in cust.items():
                draft.values.setdefault(k, v)
        if loan_no is None:
            return
        loan_values = {k: values[k] for k in LOAN_KEYS if k in values}
        loan = self.out.loans.get(loan_no)
        if loan is None:
            self.out.loans[loan_no] = LoanDraft(loan_no, id_number, loan_values, ordinal)
            draft.loans.append(loan_no)
        else:
            for k, v in loan_values.items():
                loan.values.setdefault(k, v)


def collect(source: Any, parser: RowParser, session: Session, progress: Progress | None,
            cancel: Cancel | None) -> Collected:
    collector = Collector(parser, session)
    total = max(source.total_rows, 1)
    batch: list[tuple[int, list[Any]]] = []
    done = 0
    for item in source.rows():
        batch.append(item)
        if len(batch) >= BATCH:
            done += len(batch)
            _step(collector, batch, done, total, progress, cancel)
            batch = []
    if batch:
        done += len(batch)
        _step(collector, batch, done, total, progress, cancel)
    return collector.out


def _step(collector: Collector, batch: list[tuple[int, list[Any]]], done: int, total: int,
          progress: Progress | None, cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise UserError(CANCELLED)
    collector.feed(batch)
    if progress is not None:
        progress(min(done, total), max(total, done), "正在读取并校验…")
