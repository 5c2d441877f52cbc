"""Profiles for IRB reviewers: the list, each profile's audit table and Safe Harbor checklist, diffs, a sample."""
from __future__ import annotations

from flask import Response, render_template, request
from flask_login import current_user

from ..current_services import services
from ..request_params import query_number
from ..auth.access import allow
from ..dicom.method import OPTION_CODES
from ..errors import NotFound
from ..models import Role
from ..profiles import ProfileLibrary
from ..deid.compare import diff
from ..profile_review.reasons import explain_why
from ..profile_review.safe_harbor import checklist, load_safe_harbor
from ..profile_review.sample import run_sample
from ..deid.versions import record_library, resolve_version, stored_versions
from ..text.operators import TAGS, treatment
from . import bp

REVIEWER = Role.REVIEWER.value
SAMPLE_IMAGES = ("before", "after")


def _library() -> ProfileLibrary:
    return ProfileLibrary(services().settings.profiles_dir)



@bp.route("/profiles")
@allow(REVIEWER)
def profiles():
    """List the profiles with version, description and hash (recording any new version, as the API does)."""
    found = services().db.write(lambda session: record_library(session, _library(), actor=current_user.actor))
    return render_template("profiles.html", profiles=found)


@bp.route("/profiles/<name>")
@allow(REVIEWER)
def profile_page(name: str):
    """Show one profile version: options and policies, the Safe Harbor checklist, text, pixels, every attribute."""
    library = _library()
    with services().db.session() as session:
        profile = resolve_version(session, library, name, query_number("version", low=1))
        versions = stored_versions(session, name)
    rows = explain_why(profile, library)
    show_all = request.args.get("all") == "1"
    shown = rows if show_all else [r for r in rows if not r.action.startswith("K") or r.source != "standard"]
    document = profile.document
    text = [{"kind": kind, "tag": tag,
             "treatment": treatment(kind, operator=document.text.operator, date_mode=document.dicom.dates.mode,
                                    keep_ages=document.dicom.ages_over_89 == "keep")} for kind, tag in TAGS.items()]
    return render_template(
        "profile.html", profile=profile, rows=shown, total=len(rows), show_all=show_all, versions=versions,
        checklist=checklist(profile), source=load_safe_harbor().source, text=text,
        options=[(o, OPTION_CODES[o][1]) for o in document.dicom.options],
        pixels=document.pixels)


@bp.route("/profiles/<name>/diff")
@allow(REVIEWER)
def profile_diff(name: str):
    """Show what changed between two versions of a profile: settings, then attribute actions."""
    library = _library()
    current = library.get(name)
    with services().db.session() as session:
        versions = sorted(set(stored_versions(session, name)) | {current.version})
        earlier = [v for v in versions if v < current.version]
        start = query_number("from", low=1, default=earlier[-1] if earlier else current.version)
        end = query_number("to", low=1, default=current.version)
        a = resolve_version(session, library, name, start)
        b = resolve_version(session, library, name, end)
    changes = diff(a, b)
    settings = [c for c in changes if not c.what.startswith("attribute ")]
    attributes = [{"what": c.what.removeprefix("attribute "), "before": c.before, "after": c.after,
                   "kind": "added" if c.before == "-" else "removed" if c.after == "-" else "changed"}
                  for c in changes if c.what.startswith("attribute ")]
    return render_template("profile_diff.html", name=name, a=a, b=b, versions=versions, settings=settings,
                           attributes=attributes)


@bp.route("/profiles/<name>/sample")
@allow(REVIEWER)
def profile_sample(name: str):
    """Show a demo file before and after the current profile: header side by side, pixels with masked boxes."""
    svc = services()
    profile = _library().get(name)
    sample = run_sample(profile, svc.runs().keys, svc.settings.instance_path)
    return render_template("profile_sample.html", profile=profile, sample=sample)


@bp.route("/profiles/<name>/sample/<which>.png")
@allow(REVIEWER)
def profile_sample_image(name: str, which: str):
    """Send the sample's before (boxes outlined) or after pixels as a PNG made in memory."""
    if which not in SAMPLE_IMAGES:
        raise NotFound("no such image")
    svc = services()
    sample = run_sample(_library().get(name), svc.runs().keys, svc.settings.instance_path)
    image = sample.before_png if which == "before" else sample.after_png
    if image is None:
        raise NotFound("no such image")
    response = Response(image, mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-store"
    return response
