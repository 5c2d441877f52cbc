"""Log in and out of the web interface."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .. import services
from ..auth.access import ALL_PEOPLE, allow, public
from ..auth.accounts import authenticate
from . import bp


class LoginForm(FlaskForm):
    """Username and password, CSRF-protected."""

    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Show the login form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("web.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services().db.write(
            lambda session: authenticate(session, form.username.data.strip(), form.password.data))
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash("Unknown username or wrong password, or the account is disabled.", "error")
    return render_template("login.html", form=form), 200 if request.method == "GET" or not form.errors else 400


@bp.route("/logout", methods=["POST"])
@allow(*ALL_PEOPLE)
def logout():
    """Sign out (POST, CSRF-protected, so a link cannot log you out)."""
    logout_user()
    return redirect(url_for("web.login"))


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect after login is a phishing aid.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("web.index")
