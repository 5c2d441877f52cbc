"""Real devices' files through every shipped profile: outputs read back, are no less conformant, leak nothing.

The regression set (tests/data/dicom-real, sources in SOURCES.md) runs through the batch engine;
each output must parse completely with pydicom (pixels decoded where the input's decode), have no
more dciodvfy errors than its input, and hold no identifying value of its input anywhere in its
bytes; each file must be written or quarantined as expectations.json says. Files whose pixels are
read by OCR under pixel-cleaning profiles take seconds each and are marked `ocr`.
"""
from pathlib import Path

import pytest

from app.conformance import dciodvfy
from app.conformance.real_files import check_profile, load_expectations, problems
from app.deid.batch import iter_input_files
from app.profiles import ProfileLibrary
from tests.unit.dicom.conftest import KEYS, PROFILES

DATA = Path(__file__).resolve().parents[1] / "data" / "dicom-real"
FILES = DATA / "files"
EXPECTATIONS = load_expectations(DATA / "expectations.json")
LIBRARY = ProfileLibrary(PROFILES)


def _names(profile: str, ocr: bool) -> set[str]:
    """The set's files whose pixels this profile reads by OCR (ocr=True), or all the others."""
    cleans_pixels = LIBRARY.get(profile).document.pixels.clean
    names = {str(p.relative_to(FILES)) for p in iter_input_files(FILES)}
    return {n for n in names if (cleans_pixels and EXPECTATIONS.get(n, {}).get("ocr", False)) == ocr}


def _check(profile: str, ocr: bool) -> None:
    assert dciodvfy.available(), "dciodvfy missing: scripts/setup installs Debian's dicom3tools"
    names = _names(profile, ocr)
    check = check_profile(FILES, LIBRARY.get(profile), KEYS, names=names)
    assert {f.name for f in check.files} == names
    assert problems(check, EXPECTATIONS) == []


def test_expectations_name_only_files_of_the_set():
    names = {str(p.relative_to(FILES)) for p in iter_input_files(FILES)}
    assert set(EXPECTATIONS) <= names


@pytest.mark.parametrize("profile", ["basic", "research", "limited-data-set"])
def test_real_files_are_written_readable_conformant_and_clean(profile):
    _check(profile, ocr=False)


@pytest.mark.ocr
@pytest.mark.parametrize("profile", ["research", "limited-data-set"])
def test_real_files_read_by_ocr_are_written_readable_conformant_and_clean(profile):
    _check(profile, ocr=True)
