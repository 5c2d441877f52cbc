"""The dashboard after login."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..auth.access import ALL_PEOPLE, allow
from ..version import software_version
from . import bp


@bp.route("/")
@allow(*ALL_PEOPLE)
def index():
    """Show what the signed-in user can do."""
    return render_template("index.html", user=current_user, version=software_version())
