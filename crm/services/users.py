"""Users and branches, managed by administrators."""
from __future__ import annotations

from sqlalchemy import select

from crm.domain.actors import Actor, Permission
from crm.domain.enums import Role
from crm.domain.errors import NotFoundError, ValidationError
from crm.domain.records import BranchView, UserDraft, UserView
from crm.models import Branch, User
from crm.persistence.uow import UnitOfWork
from crm.services.auth import check_password_strength, hash_password


def user_view(user: User, branch: Branch | None) -> UserView:
    return UserView(user.id, user.username, user.display_name, user.role, user.branch_id,
                    branch.name if branch else "", user.active, user.locked_until, user.version)


def list_users(uow: UnitOfWork, actor: Actor) -> list[UserView]:
    """Everyone may list colleagues (to pick visit staff); only names and roles are returned."""
    stmt = select(User, Branch).outerjoin(Branch, Branch.id == User.branch_id).order_by(User.id)
    if not actor.sees_all_branches and actor.branch_id is not None:
        stmt = stmt.where(User.branch_id == actor.branch_id)
    return [user_view(u, b) for u, b in uow.session.execute(stmt)]


def get_user(uow: UnitOfWork, user_id: int) -> UserView:
    row = uow.session.execute(select(User, Branch).outerjoin(Branch, Branch.id == User.branch_id)
                              .where(User.id == user_id)).first()
    if row is None:
        raise NotFoundError("用户不存在")
    return user_view(*row)


def add_user(uow: UnitOfWork, actor: Actor, draft: UserDraft) -> UserView:
    actor.require(Permission.MANAGE_USERS)
    errors: dict[str, str] = {}
    username = draft.username.strip()
    if not username:
        errors["username"] = "请输入用户名"
    elif uow.session.scalar(select(User.id).where(User.username == username)):
        errors["username"] = f"用户名 {username} 已存在"
    if problem := check_password_strength(draft.password):
        errors["password"] = problem
    branch = None
    if draft.branch_code:
        branch = uow.session.scalar(select(Branch).where(Branch.code == draft.branch_code))
        if branch is None:
            errors["branch"] = f"支行代码 {draft.branch_code} 不存在"
    elif draft.role in (Role.MANAGER, Role.SUPERVISOR):
        errors["branch"] = "客户经理和主管必须属于一个支行"
    if errors:
        raise ValidationError(errors)
    user = User(username=username, display_name=draft.display_name.strip() or username,
                role=draft.role, branch_id=branch.id if branch else None,
                password_hash=hash_password(draft.password))
    uow.session.add(user)
    uow.flush()
    return user_view(user, branch)


def unlock_user(uow: UnitOfWork, actor: Actor, user_id: int) -> None:
    actor.require(Permission.MANAGE_USERS)
    user = uow.session.get(User, user_id)
    if user is None:
        raise NotFoundError("用户不存在")
    user.locked_until = None
    user.failed_logins = 0
    uow.audit("unlock", f"解锁用户 {user.username}", entity="users", entity_id=str(user.id))


def set_password(uow: UnitOfWork, actor: Actor, user_id: int, password: str) -> None:
    if actor.user_id != user_id:
        actor.require(Permission.MANAGE_USERS)
    if problem := check_password_strength(password):
        raise ValidationError({"password": problem})
    user = uow.session.get(User, user_id)
    if user is None:
        raise NotFoundError("用户不存在")
    user.password_hash = hash_password(password)


def list_branches(uow: UnitOfWork) -> list[BranchView]:
    return [BranchView(b.id, b.code, b.name, b.bank_name)
            for b in uow.session.scalars(select(Branch).order_by(Branch.code))]


def add_branch(uow: UnitOfWork, actor: Actor, code: str, name: str, bank_name: str = "") -> BranchView:
    actor.require(Permission.MANAGE_USERS)
    errors = {}
    if not code.strip():
        errors["code"] = "请输入支行代码"
    elif uow.session.scalar(select(Branch.id).where(Branch.code == code.strip())):
        errors["code"] = f"支行代码 {code} 已存在"
    if not name.strip():
        errors["name"] = "请输入支行名称"
    if errors:
        raise ValidationError(errors)
    branch = Branch(code=code.strip(), name=name.strip(), bank_name=bank_name.strip())
    uow.session.add(branch)
    uow.flush()
    return BranchView(branch.id, branch.code, branch.name, branch.bank_name)
