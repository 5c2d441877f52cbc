"""The navigation bar: the pages a signed-in person may open, read from each view's own access declaration."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from ..auth.access import access_of, decide

# (endpoint, label) in the order people meet them; a page shows only for the roles its view declares.
PAGES = (
    ("web.new_cohort", "New cohort"),
    ("web.my_requests", "My requests"),
    ("web.review_queue", "Review"),
    ("web.profiles", "Profiles"),
    ("web.quarantine", "Quarantine"),
    ("web.audit_log", "Audit"),
    ("web.admin_users", "Users"),
    ("web.admin_tokens", "Tokens"),
    ("web.admin_health", "Health"),
)


@dataclass(frozen=True)
class NavItem:
    """One link of the navigation bar."""

    label: str
    url: str
    current: bool


def nav_items(role: str | None) -> list[NavItem]:
    """Return the links `role` may follow, marking the one the request is under."""
    items = []
    for endpoint, label in PAGES:
        view = current_app.view_functions.get(endpoint)
        if view is None or role is None or decide(access_of(view), role) is not None:
            continue
        url = url_for(endpoint)
        items.append(NavItem(label, url, request.path == url or request.path.startswith(url.rstrip("/") + "/")))
    return items


def init_app(app: Flask) -> None:
    """Give every template the navigation of the signed-in person."""

    @app.context_processor
    def navigation() -> dict:
        role = current_user.role if current_user and current_user.is_authenticated else None
        return {"nav": nav_items(role)}
