"""Briefing sheets and packs to PDF files: pick the customers (named, or a staff member's
visits on a date), stream their sheets into one PDF with an outline per customer or one
PDF per customer in a folder, with progress and cancel; audited like an export.

Memory stays flat: records are read a batch at a time and each sheet's flowables exist
only while that sheet is laid out (ReportDoc.build_stream).
"""
from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable

from crm.domain.actors import Actor, Permission
from crm.domain.briefing import BriefingRecord, PackStop
from crm.domain.compliance import local_date
from crm.domain.errors import NotFoundError, UserError, ValidationError
from crm.persistence.engine import Database
from crm.queries.briefing import (
    Target, briefing_records, pack_branch, pack_stops, resolve_customers, staff_day_targets,
)
from crm.reports.briefing import SHEET_TITLE, cover, sheet, summary_pages
from crm.reports.pdf import DocInfo, ReportDoc, clean

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
CANCELLED = "已取消生成走访资料，未保存文件。"
PACK_TITLE = "走访资料包"


@dataclass(frozen=True)
class BriefingRequest:
    """What to print. Either customers (ids, or ID numbers / loan numbers as typed) or a
    staff member's visits on a date. `per_customer` writes a folder of PDFs."""

    customer_ids: tuple[int, ...] = ()
    customer_keys: tuple[str, ...] = ()
    staff: str | None = None
    on: date | None = None
    reveal: bool = False
    per_customer: bool = False
    cover: bool | None = None      # default: a cover and a summary for packs, not one sheet


@dataclass(frozen=True)
class PackResult:
    path: Path                      # the PDF, or the folder
    files: tuple[Path, ...]
    customers: int
    pages: int
    seconds: float
    revealed: bool = False
    names: tuple[str, ...] = field(default=(), repr=False)


def make_briefing(db: Database, actor: Actor, request: BriefingRequest, out: str | Path, *,
                  progress: Progress | None = None, cancel: Cancel | None = None,
                  now: datetime | None = None) -> PackResult:
    """Generate the sheet or pack into `out` (a .pdf, or a folder with per_customer)."""
    actor.require(Permission.READ_CUSTOMERS)
    if request.reveal:
        actor.require(Permission.REVEAL)
    started = time.perf_counter()
    out = Path(out)
    with db.uow(actor) as uow:
        s = uow.session
        staff_name = None
        if request.staff is not None or request.on is not None:
            if not request.staff or request.on is None:
                raise ValidationError({"staff": "按走访人员生成时需同时给出用户名和日期"})
            staff_name, targets = staff_day_targets(s, actor, request.staff, request.on)
            if not targets:
                raise ValidationError({"staff": f"{staff_name}在 {request.on.isoformat()} "
                                                "没有走访安排（已取消的不计），没有可打印的资料"})
        else:
            ids = list(dict.fromkeys(request.customer_ids))
            if request.customer_keys:
                ids += [i for i in resolve_customers(s, actor, request.customer_keys)
                        if i not in ids]
            if not ids:
                raise ValidationError({"customer": "请至少选择一位客户"})
            targets = [Target(i) for i in ids]
        stops = pack_stops(s, actor, targets, reveal=request.reveal)
        if len(stops) < len(targets) and not staff_name:
            raise NotFoundError("所选客户中有的不存在或不在您的管辖范围内")
        with_cover = request.cover if request.cover is not None else (
            staff_name is not None or len(targets) > 1)
        branch = pack_branch(s, actor, stops[0].customer_id if stops else None)
        info = DocInfo(PACK_TITLE if with_cover else SHEET_TITLE,
                       branch.bank_name, branch.branch_name, _who(actor),
                       now or datetime.now(timezone.utc))
        records = briefing_records(s, actor, targets, reveal=request.reveal,
                                   today=local_date(info.generated_at))
        writer = _Writer(info, stops, staff_name, request.on, with_cover, progress, cancel)
        if request.per_customer:
            files, pages = writer.folder(out, records)
        else:
            files, pages = writer.single(out, records)
        _audit(uow, request, out, stops, pages)
        uow.commit()
    return PackResult(out, tuple(files), len(stops), pages, time.perf_counter() - started,
                      request.reveal, tuple(st.name for st in stops[:20]))


def _who(actor: Actor) -> str:
    name = actor.display_name or actor.username
    return name if name == actor.username else f"{name}（{actor.username}）"


def _audit(uow: Any, request: BriefingRequest, out: Path, stops: list[PackStop],
           pages: int) -> None:
    mode = "含完整电话" if request.reveal else "脱敏"
    uow.audit("export", f"生成走访资料（{len(stops)} 位客户，{pages} 页，{mode}）到“{out.name}”",
              entity="briefing", after={"customers": len(stops), "pages": pages,
                                        "revealed": request.reveal, "file": out.name,
                                        "staff": request.staff,
                                        "date": request.on.isoformat() if request.on else None})
    if request.reveal:
        for st in stops:
            uow.audit("reveal", f"走访简报打印客户 {st.name} 的完整电话", entity="customers",
                      entity_id=str(st.customer_id), customer_id=st.customer_id)


class _Writer:
    def __init__(self, info: DocInfo, stops: list[PackStop], staff_name: str | None,
                 on: date | None, with_cover: bool, progress: Progress | None,
                 cancel: Cancel | None) -> None:
        self.info, self.stops, self.staff_name, self.on = info, stops, staff_name, on
        self.with_cover = with_cover
        self.progress, self.cancel = progress, cancel
        self.total = len(stops)

    def _check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise UserError(CANCELLED)

    def _sheets(self, records: Iterator[BriefingRecord]
                ) -> Iterator[tuple[str, list[Flowable]]]:
        width = len(str(self.total))
        for n, r in enumerate(records, 1):
            self._check()
            if self.progress is not None:
                self.progress(n - 1, self.total, f"正在生成 {clean(r.name)[:20]} 的走访简报…")
            yield f"客户：{r.name}", sheet(r, key=f"c{n}", outline=f"{n:0{width}d}. {r.name}")
        if self.progress is not None:
            self.progress(self.total, self.total, "正在保存…")

    def _chunks(self, records: Iterator[BriefingRecord]
                ) -> Iterator[tuple[str, list[Flowable]]]:
        if self.with_cover:
            yield "", cover(self.stops, self.staff_name, self.on)
        yield from self._sheets(records)
        if self.with_cover:
            yield from summary_pages(self.stops)

    def single(self, out: Path, records: Iterator[BriefingRecord]) -> tuple[list[Path], int]:
        part = out.with_name(out.name + ".part")
        try:
            doc = ReportDoc(str(part), self.info)
            pages = doc.build_stream(self._chunks(records), outline=self.with_cover)
            _replace(part, out)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return [out], pages

    def folder(self, out: Path, records: Iterator[BriefingRecord]) -> tuple[list[Path], int]:
        """One PDF per customer (each re-embeds its font subset: about 3x slower, MEASURED.md),
        plus the cover and the summary as their own files; written into a fresh folder."""
        part = out.with_name(out.name + ".part")
        shutil.rmtree(part, ignore_errors=True)
        part.mkdir(parents=True)
        files: list[str] = []
        pages = 0
        width = max(2, len(str(self.total)))
        try:
            if self.with_cover:
                pages += self._one(part / f"{0:0{width}d}_封面与路线.pdf", [
                    ("", cover(self.stops, self.staff_name, self.on))], files, PACK_TITLE)
            for n, chunk in enumerate(self._sheets(records), 1):
                name = f"{n:0{width}d}_{safe_name(chunk[0].removeprefix('客户：'))}.pdf"
                pages += self._one(part / name, [chunk], files, SHEET_TITLE)
            if self.with_cover:
                pages += self._one(part / f"{self.total + 1:0{width}d}_走访情况汇总表.pdf",
                                   summary_pages(self.stops), files, "走访情况汇总表")
            if out.exists():
                if not out.is_dir() or any(out.iterdir()):
                    raise UserError(f"“{out}”已存在且不是空文件夹，请另选一个文件夹名")
                out.rmdir()
            part.replace(out)
        except BaseException:
            shutil.rmtree(part, ignore_errors=True)
            raise
        return [out / f for f in files], pages

    def _one(self, path: Path, chunks: Any, files: list[str], title: str) -> int:
        info = DocInfo(title, self.info.bank_name, self.info.branch_name,
                       self.info.generated_by, self.info.generated_at)
        pages = ReportDoc(str(path), info).build_stream(chunks)
        files.append(path.name)
        return pages


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_name(name: str, limit: int = 40) -> str:
    """A customer name as a file name on Windows and Linux."""
    text = _UNSAFE.sub("_", clean(name)).strip(" ._") or "客户"
    return text[:limit]


def _replace(part: Path, out: Path) -> None:
    try:
        part.replace(out)
    except PermissionError:
        raise UserError(f"无法写入“{out.name}”：文件可能正在被其他程序打开，请关闭后重试。") from None
    except OSError as exc:
        raise UserError(f"无法写入“{out}”：{exc.strerror or exc}") from None


__all__ = ["BriefingRequest", "CANCELLED", "PackResult", "make_briefing", "safe_name"]
