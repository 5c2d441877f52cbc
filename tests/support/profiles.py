"""Profile versions for diff tests: an older version of a shipped profile, recorded as if it had been used."""
from __future__ import annotations

from pathlib import Path

from app.profiles import Profile, ProfileLibrary
from app.deid.versions import record_profile


def record_older_version(services, name: str, without_option: str) -> int:
    """Record `name` at its version minus one, lacking `without_option`; return that version (idempotent)."""
    current = ProfileLibrary(services.settings.profiles_dir).get(name)
    dicom = current.document.dicom
    older = current.document.model_copy(update={
        "version": current.version - 1,
        "dicom": dicom.model_copy(update={"options": tuple(o for o in dicom.options if o != without_option)})})
    profile = Profile(older, Path(f"{name}.yaml"), (f"{name}@{older.version}",))
    services.db.write(lambda session: record_profile(session, profile, actor="test"))
    return older.version
