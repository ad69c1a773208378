"""Attachments: stored in the database with sha256, 20 MB limit, duplicates, scope, audit."""
from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import func, select

from crm.domain.enums import Role, VisitPurpose
from crm.domain.errors import NotFoundError, PermissionDenied, ValidationError
from crm.models import AuditEvent, Document, VisitPlan
from crm.services.documents import (
    MAX_BYTES, DuplicateDocument, attach, delete_document, list_documents, read_document,
)
from tests import factories

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


@pytest.fixture
def desk(db):
    west = factories.branch(db)
    who = {"wang": factories.user(db, "wang", Role.MANAGER, west, "王经理"),
           "zhao": factories.user(db, "zhao", Role.MANAGER, west),
           "boss": factories.user(db, "boss", Role.SUPERVISOR, west),
           "audit": factories.user(db, "audit", Role.AUDITOR)}
    ids = {"wang": factories.customer(db, "王一", who["wang"]),
           "zhao": factories.customer(db, "赵二", who["zhao"])}
    return db, who, ids


def put(db, actor, customer_id, name="合同扫描件.pdf", data=PDF, **kw):
    with db.uow(actor) as uow:
        view = attach(uow, actor, customer_id, name, data, **kw)
        uow.commit()
    return view


def test_a_file_is_stored_in_the_database_with_its_hash_size_and_type(desk):
    db, who, ids = desk
    view = put(db, who["wang"], ids["wang"], r"C:\Users\wang\Desktop\合同扫描件.pdf",
               description="借款合同")
    assert view.file_name == "合同扫描件.pdf" and view.mime_type == "application/pdf"
    assert view.size == len(PDF) and view.sha256 == hashlib.sha256(PDF).hexdigest()
    assert view.uploaded_by_name == "王经理" and view.description == "借款合同"
    photo = put(db, who["wang"], ids["wang"], "门牌.JPG", b"\xff\xd8\xff photo")
    assert photo.mime_type == "image/jpeg"
    odd = put(db, who["wang"], ids["wang"], "记录", b"plain bytes")
    assert odd.mime_type == "application/octet-stream"
    with db.sessions() as s:
        assert s.get(Document, view.id).content == PDF
        event = s.scalar(select(AuditEvent).where(AuditEvent.entity == "documents",
                                                  AuditEvent.entity_id == str(view.id)))
    assert event.action == "create" and event.customer_id == ids["wang"]
    assert "content" not in event.after and event.after["sha256"] == view.sha256


def test_the_twenty_megabyte_limit_has_a_clear_message(desk):
    db, who, ids = desk
    with pytest.raises(ValidationError) as exc:
        put(db, who["wang"], ids["wang"], "big.pdf", b"x" * (MAX_BYTES + 1))
    assert "超过单个附件 20 MB 的上限" in exc.value.fields["file"]
    assert "20.0 MB" in exc.value.fields["file"]
    assert put(db, who["wang"], ids["wang"], "edge.pdf", b"y" * MAX_BYTES).size == MAX_BYTES
    with pytest.raises(ValidationError) as empty:
        put(db, who["wang"], ids["wang"], "empty.pdf", b"")
    assert "file" in empty.value.fields


def test_a_second_copy_of_the_same_file_is_recognised(desk):
    db, who, ids = desk
    first = put(db, who["wang"], ids["wang"], "身份证正面.jpg", b"same bytes")
    with pytest.raises(DuplicateDocument) as exc:
        put(db, who["wang"], ids["wang"], "IMG_0001.jpg", b"same bytes")
    assert exc.value.existing_id == first.id and "身份证正面.jpg" in exc.value.message
    # the same file on another customer is a different attachment
    assert put(db, who["zhao"], ids["zhao"], "x.jpg", b"same bytes").id != first.id
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 2


def test_list_read_and_delete_are_scoped_and_audited(desk):
    db, who, ids = desk
    view = put(db, who["wang"], ids["wang"])
    with db.uow(who["wang"]) as uow:
        [row] = list_documents(uow, who["wang"], ids["wang"])
        assert row.id == view.id
        opened = read_document(uow, who["wang"], view.id)
        uow.commit()
    assert opened.data == PDF and opened.file_name == "合同扫描件.pdf"
    with db.sessions() as s:
        assert s.scalar(select(AuditEvent.summary).where(AuditEvent.action == "view")) == \
            "查看附件 合同扫描件.pdf"
    with db.uow(who["zhao"]) as uow:
        with pytest.raises(NotFoundError):
            read_document(uow, who["zhao"], view.id)
        with pytest.raises(NotFoundError):
            list_documents(uow, who["zhao"], ids["wang"])
        with pytest.raises(NotFoundError):
            attach(uow, who["zhao"], ids["wang"], "x.pdf", b"x")
        with pytest.raises(NotFoundError):
            delete_document(uow, who["zhao"], view.id)
    with db.uow(who["audit"]) as uow:
        assert read_document(uow, who["audit"], view.id).data == PDF
        with pytest.raises(PermissionDenied):
            delete_document(uow, who["audit"], view.id)
    with db.uow(who["wang"]) as uow:
        delete_document(uow, who["wang"], view.id)
        uow.commit()
    with db.sessions() as s:
        assert s.get(Document, view.id) is None
        gone = s.scalar(select(AuditEvent).where(AuditEvent.action == "delete",
                                                 AuditEvent.entity == "documents"))
    assert gone.before["file_name"] == "合同扫描件.pdf" and gone.before["sha256"] == view.sha256


def test_only_the_uploader_or_a_supervisor_deletes(desk):
    db, who, ids = desk
    by_boss = put(db, who["boss"], ids["wang"], "走访照片.png", b"\x89PNG boss")
    with db.uow(who["wang"]) as uow, pytest.raises(PermissionDenied):
        delete_document(uow, who["wang"], by_boss.id)
    mine = put(db, who["wang"], ids["wang"], "a.txt", b"wang's")
    with db.uow(who["boss"]) as uow:
        delete_document(uow, who["boss"], mine.id)
        delete_document(uow, who["boss"], by_boss.id)
        uow.commit()


def test_a_visit_attachment_must_be_the_customers_visit(desk):
    db, who, ids = desk
    with db.sessions() as s:
        visit = VisitPlan(customer_id=ids["wang"], planned_on=date(2024, 6, 10),
                          purpose=VisitPurpose.UNDERSTAND)
        other = VisitPlan(customer_id=ids["zhao"], planned_on=date(2024, 6, 10),
                          purpose=VisitPurpose.UNDERSTAND)
        s.add_all([visit, other])
        s.commit()
        visit_id, other_id = visit.id, other.id
    view = put(db, who["wang"], ids["wang"], "现场.jpg", b"on site", visit_id=visit_id)
    assert view.visit_id == visit_id
    with pytest.raises(ValidationError) as exc:
        put(db, who["wang"], ids["wang"], "错.jpg", b"wrong visit", visit_id=other_id)
    assert "visit_id" in exc.value.fields
    with db.uow(who["wang"]) as uow:
        assert [d.id for d in list_documents(uow, who["wang"], ids["wang"], visit_id)] == [view.id]
