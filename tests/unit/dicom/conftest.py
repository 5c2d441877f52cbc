from pathlib import Path

import pytest

from app.dicom.identity import IdentityKeys
from app.dicom.policy import Policy
from app.dicom.transform import HeaderTransformer
from app.profiles import ProfileLibrary

PROFILES = Path(__file__).resolve().parents[3] / "profiles"
KEYS = IdentityKeys(b"u" * 32, b"p" * 32, b"d" * 32)


@pytest.fixture(scope="session")
def transformer():
    """Return a HeaderTransformer for a shipped profile name, built once per name."""
    cache = {}

    def make(name: str) -> HeaderTransformer:
        if name not in cache:
            cache[name] = HeaderTransformer(Policy(ProfileLibrary(PROFILES).get(name)), KEYS)
        return cache[name]
    return make
