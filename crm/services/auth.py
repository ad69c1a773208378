"""Sign-in with scrypt hashes and lockout; the first administrator of an empty database."""
from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select

from crm.domain.actors import Actor
from crm.domain.enums import Role
from crm.domain.errors import AccountLocked, AuthenticationError, ValidationError
from crm.models import Branch, User
from crm.models.base import utcnow
from crm.persistence.engine import Database

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
# scrypt cost: 16 MiB of memory per hash, about 50 ms on a branch PC
_N, _R, _P = 2**14, 8, 1
BAD_CREDENTIALS = "用户名或密码错误"


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the user does not exist, so both answers take as long (made on
    first use: scrypt takes ~0.1 s, which start-up should not pay)."""
    return hash_password("timing-equaliser")


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.username, user.role, user.branch_id, user.display_name)


def check_password_strength(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 位"
    if password.isdigit() or password.isalpha():
        return "密码须同时包含字母和数字"
    return None


def sign_in(db: Database, username: str, password: str, now: datetime | None = None) -> Actor:
    """Never says whether the user exists: every failure reads the same, and costs the same.

    A locked account says so only when the correct password is given (so the lock message
    cannot be used to probe for user names).
    """
    now = now or utcnow()
    username = username.strip()
    anon = Actor(None, username[:64] or "?", Role.MANAGER)
    with db.uow(anon) as uow:
        user = uow.session.scalar(select(User).where(User.username == username))
        ok = verify_password(password, user.password_hash if user else _dummy_hash())
        if user is None or not user.active:
            uow.audit("login_failed", "登录失败")
            uow.commit()
            raise AuthenticationError(BAD_CREDENTIALS)
        locked = user.locked_until is not None and user.locked_until > now
        if ok and locked:
            uow.audit("login_locked", "账户锁定期间尝试登录", entity="users", entity_id=str(user.id))
            uow.commit()
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)  # type: ignore[operator]
            raise AccountLocked(f"连续 {MAX_FAILURES} 次密码错误，账户已锁定。"
                                f"请约 {minutes} 分钟后再试，或联系管理员解锁。")
        if not ok or locked:
            user.failed_logins += 0 if locked else 1
            if user.failed_logins >= MAX_FAILURES and not locked:
                user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                user.failed_logins = 0
            uow.audit("login_failed", "登录失败", entity="users", entity_id=str(user.id))
            uow.commit()
            raise AuthenticationError(BAD_CREDENTIALS)
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        actor = actor_for(user)
        uow.actor = actor
        uow.session.info["actor"] = actor
        uow.audit("login", "登录成功", entity="users", entity_id=str(user.id))
        uow.commit()
        return actor


def needs_first_admin(db: Database) -> bool:
    with db.sessions() as session:
        return not session.scalar(select(func.count()).select_from(User))


def create_first_admin(db: Database, username: str, display_name: str, password: str,
                       branch_code: str = "0001", branch_name: str = "本支行") -> Actor:
    errors: dict[str, str] = {}
    if not username.strip():
        errors["username"] = "请输入用户名"
    if problem := check_password_strength(password):
        errors["password"] = problem
    if errors:
        raise ValidationError(errors)
    setup = Actor(None, "setup", Role.ADMIN, operator=True)
    with db.uow(setup) as uow:
        if uow.session.scalar(select(func.count()).select_from(User)):
            raise ValidationError({"username": "系统已有用户，不能再创建初始管理员"})
        branch = uow.session.scalar(select(Branch).where(Branch.code == branch_code))
        if branch is None:
            branch = Branch(code=branch_code, name=branch_name)
            uow.session.add(branch)
            uow.flush()
        user = User(username=username.strip(), display_name=display_name.strip() or username,
                    role=Role.ADMIN, branch_id=branch.id, password_hash=hash_password(password))
        uow.session.add(user)
        uow.flush()
        uow.commit()
        return actor_for(user)
