"""Admin pages: user accounts, API tokens and the service's health."""
from __future__ import annotations

from flask import flash, make_response, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp

from ..current_services import services
from ..auth import accounts, throttle
from ..auth.access import allow
from ..auth.passwords import MIN_PASSWORD_LENGTH
from ..errors import CleanroomError, Conflict, InvalidInput
from ..health import service_health
from ..models import PERSON_ROLES, Role
from . import bp

ADMIN = Role.ADMIN.value
ROLE_CHOICES = [SelectChoice(r.value) for r in PERSON_ROLES]
NO_CONTROL_CHARACTERS = Regexp(r"^[^\x00-\x1f]*$", message="must not contain control characters")


class AddUserForm(FlaskForm):
    """A new account: the same rules as `cleanroom users add` (the use case checks them)."""

    username = StringField("Username", validators=[DataRequired(), Length(max=80), NO_CONTROL_CHARACTERS])
    display_name = StringField("Display name", validators=[Optional(), Length(max=200), NO_CONTROL_CHARACTERS])
    role = SelectField("Role", choices=ROLE_CHOICES)
    password = PasswordField(f"Initial password (at least {MIN_PASSWORD_LENGTH} characters)",
                             validators=[DataRequired(), Length(max=200)])


class RoleForm(FlaskForm):
    """Another role for one user."""

    role = SelectField("Role", choices=ROLE_CHOICES)


class ConfirmForm(FlaskForm):
    """A button that changes state: only its CSRF token."""


class ActiveForm(FlaskForm):
    """Enable or disable one user."""

    active = HiddenField(validators=[AnyOf(["yes", "no"])])


class CreateTokenForm(FlaskForm):
    """A new API token: a name, and the user it acts as (none: a pipeline's own token)."""

    name = StringField("Token name", validators=[DataRequired(), Length(max=80), NO_CONTROL_CHARACTERS])
    owner = SelectField("Acts as", choices=[], validate_choice=True)


@bp.route("/admin/users", methods=["GET", "POST"])
@allow(ADMIN)
def admin_users():
    """List accounts and add one."""
    form = AddUserForm()
    if form.validate_on_submit():
        try:
            services().db.write(lambda session: accounts.add_user(
                session, form.username.data.strip(), form.role.data, form.password.data,
                actor=current_user.actor, display_name=(form.display_name.data or "").strip()))
        except InvalidInput as exc:
            form.form_errors.append(str(exc))
        else:
            flash(f"Created user {form.username.data.strip()} ({form.role.data}).", "success")
            return redirect(url_for("web.admin_users"))
    with services().db.session() as session:
        users = accounts.list_users(session)
        locked = throttle.locked_usernames(session)
        page = render_template("admin_users.html", form=form, users=users, locked=locked, role_form=RoleForm(),
                               active_form=ActiveForm(), confirm=ConfirmForm(), me=current_user.username)
    return page, 400 if form.is_submitted() else 200


@bp.route("/admin/users/<username>/active", methods=["POST"])
@allow(ADMIN)
def admin_user_active(username: str):
    """Disable a user (ending their sessions, revoking their tokens) or enable them again."""
    form = ActiveForm()
    enable = form.active.data == "yes"
    return _act(form, lambda session: accounts.set_user_active(session, username, enable, actor=current_user.actor),
                f"{'Enabled' if enable else 'Disabled'} user {username}.", "web.admin_users")


@bp.route("/admin/users/<username>/role", methods=["POST"])
@allow(ADMIN)
def admin_user_role(username: str):
    """Give a user another role."""
    form = RoleForm()
    return _act(form, lambda session: accounts.set_user_role(session, username, form.role.data, actor=current_user.actor),
                f"{username} is now {form.role.data}.", "web.admin_users")


@bp.route("/admin/users/<username>/unlock", methods=["POST"])
@allow(ADMIN)
def admin_user_unlock(username: str):
    """Lift a sign-in lock after failed attempts."""
    return _act(ConfirmForm(), lambda session: throttle.unlock(session, username, actor=current_user.actor),
                f"Unlocked sign-in for {username}.", "web.admin_users")


@bp.route("/admin/tokens", methods=["GET", "POST"])
@allow(ADMIN)
def admin_tokens():
    """List API tokens and create one; a new secret is shown on this response only, never stored or shown again."""
    form = _token_form()
    created = None
    if form.validate_on_submit():
        try:
            created = services().db.write(lambda session: _created(session, form))
        except CleanroomError as exc:
            form.form_errors.append(str(exc))
        else:
            form = _token_form(formdata=None)
    with services().db.session() as session:
        tokens = accounts.list_tokens(session)
        owners = {t.id: t.user.username if t.user else "" for t in tokens}
        page = render_template("admin_tokens.html", form=form, tokens=tokens, owners=owners, created=created,
                               confirm=ConfirmForm(), show_last_used=any(t.last_used_at for t in tokens))
    response = make_response(page, 400 if form.errors or form.form_errors else 200)
    # The page may hold a new secret: no cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/tokens/<name>/revoke", methods=["POST"])
@allow(ADMIN)
def admin_token_revoke(name: str):
    """Revoke a token so it is refused from now on."""
    return _act(ConfirmForm(), lambda session: accounts.revoke_token(session, name, actor=current_user.actor),
                f"Revoked token {name}.", "web.admin_tokens")


@bp.route("/admin/health")
@allow(ADMIN)
def admin_health():
    """Show the service's health: the same report as GET /api/v1/health."""
    report = service_health(services())
    return render_template("admin_health.html", report=report), 200 if report["status"] == "ok" else 503


def _token_form(**kwargs) -> CreateTokenForm:
    """The token form, offering the active users a token may act as."""
    form = CreateTokenForm(**kwargs)
    with services().db.session() as session:
        form.owner.choices = [SelectChoice("", "nobody: a pipeline token")] + [
            SelectChoice(u.username, f"{u.username} ({u.role})") for u in accounts.list_users(session) if u.active]
    return form


def _created(session, form: CreateTokenForm) -> dict:
    token, secret = accounts.create_token(session, form.name.data.strip(), actor=current_user.actor,
                                          username=form.owner.data or None)
    return {"name": token.name, "role": token.role, "secret": secret}


def _act(form: FlaskForm, change, done: str, back: str):
    """Apply one state change from a row's button, then go back to the list with what happened."""
    if not form.validate_on_submit():
        raise InvalidInput("the form was incomplete; reload the page and try again")
    try:
        services().db.write(change)
    except (Conflict, InvalidInput) as exc:  # NotFound goes on to the 404 page
        flash(str(exc), "error")
    else:
        flash(done, "success")
    return redirect(url_for(back), 303)

