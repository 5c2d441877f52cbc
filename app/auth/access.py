"""Per-endpoint access declarations: every view says who may call it, or that it is public.

Views without a declaration are refused by the blueprints' guards (fail closed),
and the test suite walks every route to prove each one declares its roles.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..models import Role

ACCESS_ATTR = "cleanroom_access"
ALL_PEOPLE = (Role.RESEARCHER.value, Role.REVIEWER.value, Role.ADMIN.value)
EVERYONE = ALL_PEOPLE + (Role.PIPELINE.value,)


@dataclass(frozen=True)
class Access:
    """Who may call a view: `public`, or a set of roles."""

    public: bool
    roles: frozenset[str]


def allow(*roles: str) -> Callable[[Callable], Callable]:
    """Declare the roles that may call the decorated view."""
    unknown = set(roles) - {r.value for r in Role}
    if unknown or not roles:
        raise ValueError(f"allow() needs known roles, got {sorted(roles)}")
    return _declare(Access(False, frozenset(roles)))


def public(view: Callable) -> Callable:
    """Declare the decorated view callable without authentication."""
    return _declare(Access(True, frozenset()))(view)


def access_of(view: Callable | None) -> Access | None:
    """Return a view's declaration, or None when it declares nothing."""
    return getattr(view, ACCESS_ATTR, None)


def decide(access: Access | None, role: str | None) -> int | None:
    """Return None when allowed, 401 when a principal is needed, 403 when the role is wrong."""
    if access is None:
        return 403
    if access.public:
        return None
    if role is None:
        return 401
    return None if role in access.roles else 403


def _declare(access: Access) -> Callable[[Callable], Callable]:
    def mark(view: Callable) -> Callable:
        setattr(view, ACCESS_ATTR, access)
        return view
    return mark
