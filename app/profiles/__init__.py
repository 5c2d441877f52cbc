"""De-identification profiles: load, validate, resolve `extends`, hash.

Profiles are reviewable YAML data in `profiles/`, never code. This package turns
them into validated, hashed `Profile` documents in the PS3.15 vocabulary
(`standard.py`). Shared ground: the engines read these documents, so it imports
no engine, no database and de-identifies nothing (recording versions, explaining
and diffing profiles live in app/deid).
"""
from .loader import Profile, ProfileError, ProfileLibrary, load_profile_file

__all__ = ["Profile", "ProfileError", "ProfileLibrary", "load_profile_file"]
