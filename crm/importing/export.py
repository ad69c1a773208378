"""Customer and loan lists out to .xlsx, with the import's Chinese headers (a round trip).

Masked by default; unmasked needs Permission.EXPORT_UNMASKED. Every export is audited.
Rows are limited to the actor's data scope and read in keyset pages, so memory stays flat.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from crm.domain.actors import Actor, Permission
from crm.domain.errors import UserError
from crm.domain.identity import display_phone
from crm.domain.masking import mask_address, mask_id, mask_phone
from crm.importing.fields import BY_KEY
from crm.models import Customer, Loan, User
from crm.persistence.engine import Database
from crm.queries.scope import customer_scope

PAGE = 2000
CANCELLED = "导出已取消，未生成文件。"
Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]

CUSTOMER_HEADERS = [BY_KEY[k].label for k in (
    "name", "id_number", "phone", "phone2", "address", "district", "occupation", "employer",
    "monthly_income", "manager")] + ["贷款余额合计", "逾期金额合计", "最长逾期天数", "最差五级分类"]
LOAN_HEADERS = [BY_KEY[k].label for k in (
    "loan_no", "name", "id_number", "product", "principal", "balance", "disbursed_on",
    "maturity_on", "overdue_days", "overdue_amount", "five_tier")]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    unmasked: bool


class _Masker:
    def __init__(self, unmasked: bool) -> None:
        self.unmasked = unmasked

    def id(self, value: str | None) -> str:
        return (value or "") if self.unmasked else mask_id(value)

    def phone(self, value: str | None) -> str:
        if not value:
            return ""
        return display_phone(value) if self.unmasked else mask_phone(value)

    def address(self, value: str | None) -> str:
        return (value or "") if self.unmasked else mask_address(value)


def _pages(session: Session, stmt: Select[Any], key: Any) -> Iterator[list[Any]]:
    last = 0
    while True:
        rows = session.execute(stmt.where(key > last).order_by(key).limit(PAGE)).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _customer_rows(session: Session, actor: Actor, m: _Masker,
                   ids: list[int] | None = None) -> tuple[int, Iterator[list]]:
    owner = aliased(User)
    stmt = (select(Customer.id, Customer, owner.display_name)
            .outerjoin(owner, owner.id == Customer.owner_id).where(customer_scope(actor)))
    total = len(ids) if ids is not None else session.scalar(
        select(func.count()).select_from(Customer).where(customer_scope(actor))) or 0

    def chosen() -> Iterator[list[Any]]:
        """The given customers, in the given order (the list's current view), scope kept."""
        assert ids is not None
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found = {r[0]: r for r in session.execute(stmt.where(Customer.id.in_(chunk)))}
            yield [found[i] for i in chunk if i in found]

    def rows() -> Iterator[list]:
        for page in (chosen() if ids is not None else _pages(session, stmt, Customer.id)):
            yield [[c.name, m.id(c.id_number), m.phone(c.phone), m.phone(c.phone2),
                    m.address(c.address), c.district, c.occupation, c.employer,
                    c.monthly_income, owner_name, c.total_balance, c.overdue_amount,
                    c.max_overdue_days, c.worst_class.label if c.worst_class else None]
                   for _id, c, owner_name in page]
            session.expunge_all()
    return total, rows()


def _loan_rows(session: Session, actor: Actor, m: _Masker) -> tuple[int, Iterator[list]]:
    stmt = (select(Loan.id, Loan, Customer.name, Customer.id_number)
            .join(Customer, Customer.id == Loan.customer_id).where(customer_scope(actor)))
    total = session.scalar(select(func.count()).select_from(Loan).join(
        Customer, Customer.id == Loan.customer_id).where(customer_scope(actor))) or 0

    def rows() -> Iterator[list]:
        for page in _pages(session, stmt, Loan.id):
            yield [[loan.loan_no, name, m.id(number), loan.product, loan.principal, loan.balance,
                    loan.disbursed_on, loan.maturity_on, loan.overdue_days, loan.overdue_amount,
                    loan.five_tier.label if loan.five_tier else None]
                   for _id, loan, name, number in page]
            session.expunge_all()
    return total, rows()


def _write(path: Path, title: str, headers: list[str], total: int, pages: Iterator[list],
           progress: Progress | None, cancel: Cancel | None) -> int:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    written = 0
    for page in pages:
        if cancel is not None and cancel():
            raise UserError(CANCELLED)
        for values in page:
            ws.append([_cell(ws, v) for v in values])
        written += len(page)
        if progress is not None:
            progress(written, max(total, written), "正在导出…")
    tmp = path.with_name(path.name + ".part")
    try:
        wb.save(tmp)
        tmp.replace(path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入“{path.name}”：文件可能正在 Excel 中打开，请关闭后重试。") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入“{path}”：{exc.strerror or exc}") from None
    return written


def _cell(ws: Any, value: Any) -> Any:
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def _export(db: Database, actor: Actor, path: str | Path, what: str, unmasked: bool,
            progress: Progress | None, cancel: Cancel | None,
            ids: list[int] | None = None) -> ExportResult:
    actor.require(Permission.EXPORT)
    if unmasked:
        actor.require(Permission.EXPORT_UNMASKED)
    path = Path(path)
    masker = _Masker(unmasked)
    label = {"customers": "客户清单", "loans": "贷款清单"}[what]
    with db.uow(actor) as uow:
        if what == "customers":
            total, pages = _customer_rows(uow.session, actor, masker, ids)
            written = _write(path, label, CUSTOMER_HEADERS, total, pages, progress, cancel)
        else:
            total, pages = _loan_rows(uow.session, actor, masker)
            written = _write(path, label, LOAN_HEADERS, total, pages, progress, cancel)
        mode = "未脱敏" if unmasked else "脱敏"
        uow.audit("export", f"导出{label}（{mode}）{written} 行到“{path.name}”", entity=what,
                  after={"rows": written, "unmasked": unmasked, "file": path.name})
        uow.commit()
    return ExportResult(path, written, unmasked)


def export_customers(db: Database, actor: Actor, path: str | Path, *, unmasked: bool = False,
                     progress: Progress | None = None, cancel: Cancel | None = None,
                     ids: list[int] | None = None) -> ExportResult:
    """All customers in scope, or `ids` in that order (the list's current view)."""
    return _export(db, actor, path, "customers", unmasked, progress, cancel, ids)


def export_loans(db: Database, actor: Actor, path: str | Path, *, unmasked: bool = False,
                 progress: Progress | None = None, cancel: Cancel | None = None) -> ExportResult:
    return _export(db, actor, path, "loans", unmasked, progress, cancel)
