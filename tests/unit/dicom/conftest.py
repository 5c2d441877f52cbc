import shutil
from pathlib import Path

import pytest
import yaml

from app.dicom.policy import Policy
from app.dicom.transform import HeaderTransformer
from app.identity import IdentityKeys
from app.pixels.risk import scans_pixels
from app.profiles import ProfileLibrary

PROFILES = Path(__file__).resolve().parents[3] / "profiles"
PIXEL_PROFILES = ["research", "limited-data-set"]
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


@pytest.fixture(scope="session")
def header_transformer(tmp_path_factory):
    """Return a HeaderTransformer for a shipped profile as it is, but never reading pixels (so never OCR)."""
    folder = tmp_path_factory.mktemp("profiles")
    for shipped in PROFILES.glob("*.yaml"):
        shutil.copy(shipped, folder)
    for name in PIXEL_PROFILES:
        document = yaml.safe_load((folder / f"{name}.yaml").read_text())
        assert document["pixels"]["clean"] is True
        document["pixels"]["scan"] = "none"
        document.setdefault("dicom", {})["burned_in_text"] = "accept"
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(document))
    library, cache = ProfileLibrary(folder), {}

    def make(name: str) -> HeaderTransformer:
        if name not in cache:
            cache[name] = HeaderTransformer(Policy(library.get(name)), KEYS)
            assert not scans_pixels(cache[name].policy.profile.document.pixels, "any risk")
        return cache[name]
    return make
