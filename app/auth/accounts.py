"""Create, list, disable and authenticate users; create, resolve and revoke API tokens."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..errors import Conflict, InvalidInput, NotFound
from ..models import PERSON_ROLES, ApiToken, Role, User, as_utc, utcnow
from .passwords import MIN_PASSWORD_LENGTH, check_password, hash_password

TOKEN_PREFIX = "crt_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user (web or token acting as them) or a pipeline token."""

    kind: str  # "user" or "token"
    name: str
    role: str
    user_id: int | None = None
    token_id: int | None = None

    @property
    def actor(self) -> str:
        """Return the audit actor string, e.g. 'user:alice' or 'token:nightly-export'."""
        return f"{self.kind}:{self.name}"


def add_user(session: Session, username: str, role: str, password: str, *, actor: str,
             display_name: str = "") -> User:
    """Create a user with a hashed password; refuse weak passwords, unknown roles and duplicates."""
    _check_role(role)
    if not username or len(username) > 80 or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise InvalidInput("username must be 1-80 letters, digits, '.', '-' or '_'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(User).where(User.username == username)):
        raise InvalidInput(f"user {username!r} already exists")
    user = User(username=username, role=role, password_hash=hash_password(password), display_name=display_name)
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action="user.create", object_type="user", object_id=username,
                 details={"role": role})
    return user


def get_user(session: Session, username: str) -> User:
    """Return the user or raise NotFound."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def list_users(session: Session) -> list[User]:
    """Return every user, by username."""
    return list(session.scalars(select(User).order_by(User.username)))


def set_user_active(session: Session, username: str, active: bool, *, actor: str) -> User:
    """Enable or disable a user; disabling also revokes the tokens acting as them."""
    user = get_user(session, username)
    if not active:
        _keep_an_admin(session, user)
    user.active = active
    if not active:
        end_sessions(user)
        for token in user.tokens:
            token.revoked_at = token.revoked_at or utcnow()
    audit.record(session, actor=actor, action="user.enable" if active else "user.disable",
                 object_type="user", object_id=username)
    return user


def set_user_role(session: Session, username: str, role: str, *, actor: str) -> User:
    """Give a user another role (their tokens act with it too); refuse unknown roles and demoting the last admin."""
    _check_role(role)
    user = get_user(session, username)
    if role == user.role:
        return user
    if role != Role.ADMIN.value:
        _keep_an_admin(session, user)
    previous, user.role = user.role, role
    for token in user.tokens:
        token.role = role
    audit.record(session, actor=actor, action="user.role", object_type="user", object_id=username,
                 details={"from": previous, "to": role})
    return user


def _check_role(role: str) -> None:
    if role not in {r.value for r in PERSON_ROLES}:
        raise InvalidInput(f"role must be one of {', '.join(r.value for r in PERSON_ROLES)}")


def _keep_an_admin(session: Session, user: User) -> None:
    """Refuse to disable or demote the last active admin: nobody could manage accounts afterwards."""
    if user.role != Role.ADMIN.value or not user.active:
        return
    others = session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id))
    if not others:
        raise Conflict("this is the last active admin; make another user admin first")


def end_sessions(user: User) -> None:
    """End every web session of `user`: cookies name a session generation, and this starts a new one."""
    user.session_generation = (user.session_generation or 0) + 1


def authenticate(session: Session, username: str, password: str) -> User | None:
    """Return the active user whose password matches, else None (and audit the failure)."""
    user = session.scalar(select(User).where(User.username == username))
    # Every path verifies one Argon2 hash (a dummy one for unknown users) and only then looks at the account.
    ok = check_password(user.password_hash if user else None, password) and user is not None and user.active
    # The username typed is not PHI, but a failed attempt may be a mistyped password: never log that.
    audit.record(session, actor=f"user:{username}" if user else "anonymous", action="user.login",
                 outcome="ok" if ok else "denied", object_type="user", object_id=username if user else "")
    return user if ok else None


def create_token(session: Session, name: str, *, actor: str, username: str | None = None) -> tuple[ApiToken, str]:
    """Create a token (pipeline, or acting as a user); return it with the secret, shown only once."""
    if not name or len(name) > 80:
        raise InvalidInput("token name must be 1-80 characters")
    if session.scalar(select(ApiToken).where(ApiToken.name == name)):
        raise InvalidInput(f"a token named {name!r} already exists")
    user = get_user(session, username) if username else None
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, prefix=secret[:10], token_hash=_token_hash(secret),
                     role=user.role if user else Role.PIPELINE.value, user=user)
    session.add(token)
    session.flush()
    audit.record(session, actor=actor, action="token.create", object_type="token", object_id=name,
                 details={"role": token.role})
    return token, secret


def list_tokens(session: Session) -> list[ApiToken]:
    """Return every token (never a secret), newest first."""
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id.desc())))


def revoke_token(session: Session, name: str, *, actor: str) -> ApiToken:
    """Revoke a token by name so it is refused from now on."""
    token = session.scalar(select(ApiToken).where(ApiToken.name == name))
    if token is None:
        raise NotFound(f"no token {name!r}")
    token.revoked_at = token.revoked_at or utcnow()
    audit.record(session, actor=actor, action="token.revoke", object_type="token", object_id=name)
    return token


def principal_for_token(session: Session, secret: str) -> Principal | None:
    """Return the principal a bearer token stands for, or None if unknown, revoked or its user is disabled.

    A token in use has its last use noted, to the minute, for the admins' token page.
    """
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(secret)))
    if token is None or token.revoked_at is not None:
        return None
    now = utcnow()
    if token.last_used_at is None or as_utc(token.last_used_at) + TOKEN_USE_RESOLUTION <= now:
        token.last_used_at = now  # at most one write a minute per token, so calls do not queue on it
    if token.user is not None:
        if not token.user.active:
            return None
        return Principal("user", token.user.username, token.user.role, token.user.id, token.id)
    return Principal("token", token.name, token.role, None, token.id)


def principal_for_header(session: Session, authorization: str) -> Principal | None:
    """Return the principal an `Authorization: Bearer SECRET` header stands for, or None."""
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return principal_for_token(session, secret.strip())


TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def _token_hash(secret: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough; a slow KDF would only add latency.
    return hashlib.sha256(secret.encode()).hexdigest()
