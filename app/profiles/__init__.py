"""De-identification profiles: load, validate, resolve `extends`, hash, version, explain and diff.

Profiles are reviewable YAML data in `profiles/`, never code. This package turns
them into validated, hashed `Profile` objects; it does not de-identify anything.
"""
from .loader import Profile, ProfileError, ProfileLibrary, load_profile_file

__all__ = ["Profile", "ProfileError", "ProfileLibrary", "load_profile_file"]
