"""Record every profile version used, refuse silent edits, and fetch old versions for diffs."""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..models import ProfileVersion
from ..profiles.loader import Profile, ProfileError, ProfileLibrary, UnknownProfile
from ..profiles.schema import ProfileDocument


def record_profile(session: Session, profile: Profile, *, actor: str) -> None:
    """Store a profile version on first use; refuse a changed profile that kept its version number."""
    stored = session.scalar(select(ProfileVersion).where(ProfileVersion.name == profile.name,
                                                         ProfileVersion.version == profile.version))
    if stored is None:
        session.add(ProfileVersion(name=profile.name, version=profile.version, content_hash=profile.hash,
                                   document=profile.canonical))
        audit.record(session, actor=actor, action="profile.record", object_type="profile",
                     object_id=f"{profile.name}@{profile.version}", details={"hash": profile.hash})
    elif stored.content_hash != profile.hash:
        raise ProfileError(f"{profile.source}: {profile.name} version {profile.version} was already used with "
                           "different content; raise `version` so outputs stay traceable")


def record_library(session: Session, library: ProfileLibrary, *, actor: str) -> list[Profile]:
    """Record every profile in a folder and return them."""
    profiles = library.all()
    for profile in profiles:
        record_profile(session, profile, actor=actor)
    return profiles


def stored_versions(session: Session, name: str) -> list[int]:
    """Return the recorded version numbers of a profile, oldest first."""
    return list(session.scalars(select(ProfileVersion.version).where(ProfileVersion.name == name)
                                .order_by(ProfileVersion.version)))


def stored_profile(session: Session, name: str, version: int) -> Profile:
    """Return a recorded profile version, rebuilt from its stored resolved content."""
    stored = session.scalar(select(ProfileVersion).where(ProfileVersion.name == name,
                                                         ProfileVersion.version == version))
    if stored is None:
        known = ", ".join(map(str, stored_versions(session, name))) or "none"
        raise UnknownProfile(f"no recorded version {version} of profile {name!r} (recorded: {known})")
    body = json.loads(stored.document)
    document = ProfileDocument.model_validate(body["profile"])
    return Profile(document, Path(f"<recorded {name}@{version}>"), (f"{name}@{version}",))


def resolve_reference(session: Session, library: ProfileLibrary, reference: str) -> Profile:
    """Return the profile for `NAME`, `NAME@VERSION` or a path to a profile file (CLI use)."""
    if reference.endswith((".yaml", ".yml")) or "/" in reference:
        return library.load(Path(reference))
    name, _, version = reference.partition("@")
    if version and not version.isdigit():
        raise ProfileError(f"{reference!r}: a version is a whole number, as in {name}@2")
    return resolve_version(session, library, name, int(version) if version else None)


def resolve_version(session: Session, library: ProfileLibrary, name: str, version: int | None) -> Profile:
    """Return profile `name` at `version` (None: the current file), from the folder or the record."""
    current = library.get(name)
    if version is None or current.version == version:
        return current
    return stored_profile(session, name, version)
