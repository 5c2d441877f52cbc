"""The HTML blueprint for researchers, IRB reviewers and admins: one module per area of pages.

Thin: views call engines and render templates. Every view declares its roles.
"""
from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect

from ..current_services import services
from ..auth.access import access_of, decide
from ..models import User
from .errors import register_error_handlers

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static")
register_error_handlers(bp)
login_manager = LoginManager()
csrf = CSRFProtect()


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Return the active user for a session cookie's "ID:GENERATION", or None once that generation has ended."""
    user_id, _, generation = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and generation.isascii() and generation.isdigit()):
        return None
    with services().db.session() as session:
        user = session.get(User, int(user_id))
        if user is None or not user.active or user.session_generation != int(generation):
            return None
        return user


@bp.before_request
def require_declared_access():
    """Send anonymous visitors to the login page and refuse roles a view does not allow."""
    if request.endpoint == "web.static":
        return None
    view = current_app.view_functions.get(request.endpoint)
    status = decide(access_of(view), current_user.role if current_user.is_authenticated else None)
    if status == 401:
        return redirect(url_for("web.login", next=request.full_path))
    if status == 403:
        abort(403)
    return None


def init_app(app: Flask) -> None:
    """Register the web blueprint, sessions and CSRF protection."""
    # Importing a module registers its routes.
    from . import (admin, audit_log, auth, cohorts, home, nav, profiles, quarantine,  # noqa: F401
                   requests, review)

    nav.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "web.login"
    csrf.init_app(app)
    app.register_blueprint(bp)
