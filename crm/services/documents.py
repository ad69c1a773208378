"""Attachments (附件): scans, photos and PDFs of a customer or a visit, stored in the database.

The bytes live in the database (documents.content) with their sha256, size and MIME type,
not in a folder next to the SQLite file: one backup (or one PostgreSQL dump) then holds
every record and every file together, several PCs sharing a PostgreSQL database all see the
same files, and nothing can drift apart (a folder moved, a file deleted by hand).
The 20 MB limit per file keeps the database a manageable size.

Attaching, viewing and deleting are audited: create and delete through the automatic row
audit (metadata and sha256, never the bytes), viewing as a "view" event.
A second copy of a file already attached to the same customer is refused with a message
naming the existing attachment, so the user knows where it is.
"""
from __future__ import annotations

import hashlib
import mimetypes
from pathlib import PureWindowsPath

from sqlalchemy import select
from sqlalchemy.orm import defer

from crm.domain.actors import Actor, Permission
from crm.domain.compliance import SHANGHAI
from crm.domain.errors import NotFoundError, PermissionDenied, UserError, ValidationError
from crm.domain.views360 import DocumentContent, DocumentView
from crm.models import Document, User, VisitPlan
from crm.persistence.uow import UnitOfWork
from crm.queries.customers import scoped_customer

MAX_BYTES = 20 * 1024 * 1024
NOT_FOUND = "附件不存在，或不在您的管辖范围内"


class DuplicateDocument(UserError):
    """The same file (by sha256) is already attached to this customer."""

    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id


def _writer(actor: Actor) -> None:
    actor.require(Permission.EDIT_CUSTOMERS)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看")


def _clean_name(file_name: str) -> str:
    # a path from Windows or POSIX: keep the file's own name only
    return PureWindowsPath(file_name.strip()).name.strip()


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _check(customer_id: int, name: str, data: bytes, visit: VisitPlan | None,
           visit_id: int | None) -> None:
    errors: dict[str, str] = {}
    if not name:
        errors["file_name"] = "请提供文件名"
    elif len(name) > 255:
        errors["file_name"] = "文件名过长（最多 255 个字符）"
    if not data:
        errors["file"] = "文件是空的（0 字节），未保存"
    elif len(data) > MAX_BYTES:
        errors["file"] = (f"文件大小为 {_mb(len(data))}，超过单个附件 20 MB 的上限，未保存。"
                          "请压缩图片或将 PDF 拆分后再上传。")
    if visit_id is not None and (visit is None or visit.customer_id != customer_id):
        errors["visit_id"] = "所选走访不属于该客户"
    if errors:
        raise ValidationError(errors)


def attach(uow: UnitOfWork, actor: Actor, customer_id: int, file_name: str, data: bytes,
           mime_type: str | None = None, visit_id: int | None = None,
           description: str | None = None) -> DocumentView:
    _writer(actor)
    s = uow.session
    customer = scoped_customer(s, actor, customer_id)
    name = _clean_name(file_name)
    visit = s.get(VisitPlan, visit_id) if visit_id is not None else None
    _check(customer.id, name, data, visit, visit_id)
    digest = hashlib.sha256(data).hexdigest()
    existing = s.scalar(select(Document).options(defer(Document.content))
                        .where(Document.customer_id == customer.id, Document.sha256 == digest)
                        .order_by(Document.id).limit(1))
    if existing is not None:
        when = existing.created_at.astimezone(SHANGHAI)
        raise DuplicateDocument(
            f"该文件已作为附件“{existing.file_name}”于 {when:%Y-%m-%d %H:%M} 上传过，"
            "内容完全相同，无需重复上传。", existing.id)
    mime = (mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream")[:128]
    doc = Document(customer_id=customer.id, visit_id=visit_id, file_name=name, mime_type=mime,
                   size=len(data), sha256=digest, content=data,
                   description=(description or "").strip() or None, uploaded_by=actor.user_id)
    s.add(doc)
    uow.flush()
    return _view(doc, actor.display_name or actor.username)


def _scoped(uow: UnitOfWork, actor: Actor, document_id: int, *, content: bool) -> Document:
    stmt = select(Document).where(Document.id == document_id)
    if not content:
        stmt = stmt.options(defer(Document.content))
    doc = uow.session.scalar(stmt)
    if doc is None:
        raise NotFoundError(NOT_FOUND)
    customer_id = doc.customer_id
    if customer_id is None and doc.visit_id is not None:
        visit = uow.session.get(VisitPlan, doc.visit_id)
        customer_id = visit.customer_id if visit else None
    if customer_id is None:
        if not actor.sees_all_branches:
            raise NotFoundError(NOT_FOUND)
        return doc
    try:
        scoped_customer(uow.session, actor, customer_id)
    except NotFoundError:
        raise NotFoundError(NOT_FOUND) from None
    return doc


def _view(doc: Document, uploader: str) -> DocumentView:
    return DocumentView(doc.id, doc.customer_id, doc.visit_id, doc.file_name, doc.mime_type,
                        doc.size, doc.sha256, doc.description or "", doc.uploaded_by, uploader,
                        doc.created_at)


def list_documents(uow: UnitOfWork, actor: Actor, customer_id: int,
                   visit_id: int | None = None) -> list[DocumentView]:
    """Newest first, without loading any file's bytes."""
    scoped_customer(uow.session, actor, customer_id)
    stmt = (select(Document, User.display_name)
            .options(defer(Document.content))
            .outerjoin(User, User.id == Document.uploaded_by)
            .where(Document.customer_id == customer_id))
    if visit_id is not None:
        stmt = stmt.where(Document.visit_id == visit_id)
    stmt = stmt.order_by(Document.created_at.desc(), Document.id.desc())
    return [_view(d, name or "") for d, name in uow.session.execute(stmt)]


def read_document(uow: UnitOfWork, actor: Actor, document_id: int) -> DocumentContent:
    """The bytes and name, to write to a temporary file for the system viewer; audited."""
    actor.require(Permission.READ_CUSTOMERS)
    doc = _scoped(uow, actor, document_id, content=True)
    uow.audit("view", f"查看附件 {doc.file_name}", entity="documents", entity_id=str(doc.id),
              customer_id=doc.customer_id)
    return DocumentContent(doc.id, doc.file_name, doc.mime_type, doc.sha256, doc.content)


def delete_document(uow: UnitOfWork, actor: Actor, document_id: int) -> None:
    """The uploader, or a supervisor within scope, may delete; the audit trail keeps the
    name, size and sha256 of what was deleted (档案管理)."""
    _writer(actor)
    doc = _scoped(uow, actor, document_id, content=False)
    if doc.uploaded_by != actor.user_id and not actor.can(Permission.REVIEW):
        raise PermissionDenied("只有上传人或主管可以删除附件")
    uow.session.delete(doc)
    uow.flush()


__all__ = ["MAX_BYTES", "DuplicateDocument", "attach", "delete_document", "list_documents",
           "read_document"]
