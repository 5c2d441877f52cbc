"""Profiles for reviewers and pipelines: list, show (with per-attribute explanation), diff."""
from __future__ import annotations

from flask import g, jsonify, request

from ..current_services import services
from ..auth.access import EVERYONE
from ..deid.compare import diff, explain
from ..deid.versions import record_library, resolve_version
from ..errors import InvalidInput
from ..profiles import Profile, ProfileLibrary
from . import bp
from .operations import operation
from ..request_params import query_number


def _summary(profile: Profile) -> dict:
    return {"name": profile.name, "version": profile.version, "hash": profile.hash,
            "description": profile.document.description, "lineage": list(profile.lineage)}


def _library() -> ProfileLibrary:
    return ProfileLibrary(services().settings.profiles_dir)


@operation(bp, "/profiles", "GET", summary="The shipped profiles with versions and hashes", tag="profiles",
           roles=EVERYONE)
def list_profiles():
    """List every profile (recording any new version)."""
    profiles = services().db.write(lambda session: record_library(session, _library(), actor=g.principal.actor))
    return jsonify({"profiles": [_summary(p) for p in profiles]})


@operation(bp, "/profiles/<name>", "GET", summary="One profile: settings and per-attribute actions", tag="profiles",
           roles=EVERYONE, query={"version": "a recorded version (default: current)"}, errors=(400, 404))
def get_profile(name: str):
    """Show a profile version with every attribute's action and its source."""
    version = query_number("version", low=1)
    with services().db.session() as session:
        profile = resolve_version(session, _library(), name, version)
    return jsonify({**_summary(profile), "settings": profile.document.model_dump(mode="json"),
                    "attributes": [row.__dict__ for row in explain(profile)]})


@operation(bp, "/profiles/<name>/diff", "GET", summary="What changed between two versions of a profile",
           tag="profiles", roles=EVERYONE, query={"from": "version (required)", "to": "version (default: current)"},
           errors=(400, 404))
def diff_profile(name: str):
    """Diff two versions of one profile: settings, then attribute actions."""
    if "from" not in request.args:
        raise InvalidInput("give ?from=VERSION and optionally &to=VERSION, whole numbers")
    start, end = query_number("from", low=1), query_number("to", low=1)
    with services().db.session() as session:
        library = _library()
        a = resolve_version(session, library, name, start)
        b = resolve_version(session, library, name, end)
    return jsonify({"from": _summary(a), "to": _summary(b),
                    "changes": [{"what": c.what, "before": c.before, "after": c.after} for c in diff(a, b)]})
