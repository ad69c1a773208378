"""Sign-in: scrypt hashes, identical failures for unknown users, lockout after five failures."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.domain.enums import Role
from crm.domain.errors import AccountLocked, AuthenticationError, ValidationError
from crm.models import AuditEvent, User
from crm.models.base import utcnow
from crm.services.auth import (
    create_first_admin, hash_password, needs_first_admin, sign_in, verify_password,
)
from tests import factories


def test_hash_is_salted_scrypt_and_verifies():
    a, b = hash_password("s3cret-pw"), hash_password("s3cret-pw")
    assert a != b and a.startswith("scrypt$")
    assert verify_password("s3cret-pw", a) and not verify_password("wrong", a)
    assert not verify_password("x", "garbage")


def test_sign_in_returns_the_users_role_and_branch(db):
    b = factories.branch(db)
    factories.user(db, "li", Role.SUPERVISOR, b)
    actor = sign_in(db, "li", factories.PASSWORD)
    assert actor.role is Role.SUPERVISOR and actor.branch_id == b


def test_wrong_password_and_unknown_user_read_the_same(db):
    factories.user(db, "li")
    with pytest.raises(AuthenticationError) as wrong:
        sign_in(db, "li", "nope")
    with pytest.raises(AuthenticationError) as unknown:
        sign_in(db, "nobody", "nope")
    assert wrong.value.message == unknown.value.message == "用户名或密码错误"
    assert type(wrong.value) is type(unknown.value)


def test_five_failures_lock_for_fifteen_minutes(db):
    factories.user(db, "li")
    t0 = utcnow()
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            sign_in(db, "li", "bad", now=t0)
    with pytest.raises(AccountLocked, match="已锁定"):
        sign_in(db, "li", factories.PASSWORD, now=t0 + timedelta(minutes=1))
    # still locked at 14 minutes, open again after 15
    with pytest.raises(AccountLocked):
        sign_in(db, "li", factories.PASSWORD, now=t0 + timedelta(minutes=14))
    assert sign_in(db, "li", factories.PASSWORD, now=t0 + timedelta(minutes=15, seconds=1))


def test_a_locked_account_does_not_reveal_itself_to_a_wrong_password(db):
    factories.user(db, "li")
    t0 = utcnow()
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            sign_in(db, "li", "bad", now=t0)
    with pytest.raises(AuthenticationError) as exc:
        sign_in(db, "li", "still-bad", now=t0)
    assert not isinstance(exc.value, AccountLocked)


def test_sign_ins_are_audited_success_and_failure(db):
    factories.user(db, "li")
    sign_in(db, "li", factories.PASSWORD)
    with pytest.raises(AuthenticationError):
        sign_in(db, "li", "bad")
    with pytest.raises(AuthenticationError):
        sign_in(db, "ghost", "bad")
    with db.sessions() as s:
        events = s.execute(select(AuditEvent.action, AuditEvent.actor_name)
                           .where(AuditEvent.action.like("login%")).order_by(AuditEvent.id)).all()
    assert [(a, n) for a, n in events] == [("login", "li"), ("login_failed", "li"),
                                           ("login_failed", "ghost")]


def test_first_admin_only_on_an_empty_database(db):
    assert needs_first_admin(db)
    with pytest.raises(ValidationError) as weak:
        create_first_admin(db, "root", "管理员", "short")
    assert "password" in weak.value.fields
    actor = create_first_admin(db, "root", "管理员", "Str0ngPass")
    assert actor.role is Role.ADMIN and not needs_first_admin(db)
    with pytest.raises(ValidationError):
        create_first_admin(db, "root2", "x", "Str0ngPass")
    with db.sessions() as s:
        assert s.scalar(select(User.password_hash).where(User.username == "root")).startswith("scrypt$")
