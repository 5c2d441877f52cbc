"""Log in and out of the web interface."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from ..current_services import services
from ..auth.access import ALL_PEOPLE, allow, public
from ..auth.accounts import end_sessions
from ..auth.throttle import Attempt, sign_in
from ..models import User
from . import bp
from .device import remember_device, trusted_device


class LoginForm(FlaskForm):
    """Username and password, CSRF-protected."""

    # No control characters: PostgreSQL cannot even compare a string holding NUL.
    username = StringField("Username", validators=[DataRequired(), Length(max=80), Regexp(r"^[^\x00-\x1f]*$")])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Show the login form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("web.index"))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        attempt = Attempt(username, request.remote_addr or "unknown", trusted_device(username))
        outcome = services().db.write(lambda session: sign_in(session, attempt, form.password.data))
        if outcome.wait:
            flash(f"Too many failed sign-ins. Try again in {_minutes(outcome.wait)}.", "error")
            response = make_response(render_template("login.html", form=form), 429)
            response.headers["Retry-After"] = str(outcome.wait)
            return response
        if outcome.user is not None:
            login_user(outcome.user)
            response = redirect(_safe_next(request.args.get("next")))
            remember_device(response, username)
            return response
        flash("Unknown username or wrong password, or the account is disabled.", "error")
    return render_template("login.html", form=form), 200 if request.method == "GET" or not form.errors else 400


@bp.route("/logout", methods=["POST"])
@allow(*ALL_PEOPLE)
def logout():
    """Sign out (POST, CSRF-protected, so a link cannot log you out), ending the user's sessions everywhere."""
    # A signed cookie stays valid until it expires, so clearing it here is not enough: a copy taken earlier
    # would still work. Bumping the generation it names makes every copy worthless.
    with services().db.session() as session:
        end_sessions(session.get(User, current_user.id))
    logout_user()
    return redirect(url_for("web.login"))


def _minutes(seconds: int) -> str:
    minutes = -(-seconds // 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect after login is a phishing aid.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("web.index")
