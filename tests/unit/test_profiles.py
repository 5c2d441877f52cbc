"""Profiles: shipped ones load, invalid ones fail with file and line, hashes and diffs behave."""
import shutil
from pathlib import Path

import pytest

from app.deid.compare import diff, explain
from app.profiles import ProfileError, ProfileLibrary

SHIPPED = Path(__file__).resolve().parents[2] / "profiles"


@pytest.fixture
def library(tmp_path) -> ProfileLibrary:
    for path in SHIPPED.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return ProfileLibrary(tmp_path)


def test_shipped_profiles_load_with_stable_hashes():
    library = ProfileLibrary(SHIPPED)
    assert {"basic", "research", "limited-data-set"} <= set(library.names())
    for profile in library.all():
        assert len(profile.hash) == 64 and profile.hash == library.get(profile.name).hash
    research = library.get("research")
    assert research.lineage == ("research@3", "basic@2")
    assert "retain_long_modified_dates" in research.document.dicom.options
    assert research.document.dicom.dates.mode == "shift"


@pytest.mark.parametrize("body, line, message", [
    ("name: bad\nversion: 1\ndescription: x\ndicom:\n  optoins: []\n", 5, "Extra inputs"),
    ("name: bad\nversion: 1\ndescription: x\ndicom:\n  options: [retain_everything]\n", 5, "unknown option"),
    ("name: bad\nversion: 0\ndescription: x\n", 2, "greater than or equal to 1"),
    ("name: bad\nversion: 1\ndescription: x\ndicom:\n  dates:\n    mode: shift\n", 5, "disagree"),
    ("name: bad\nversion: 1\ndescription: x\ndicom:\n  overrides:\n    PatientName: Q\n", 6, "action must be"),
    ("name: bad\nversion: 1\ndescription: x\nextends: nowhere\n", 4, "unknown profile"),
    ("name: bad\nversion: 1\ndescription: [unclosed\n", 4, "not valid YAML"),
])
def test_invalid_profiles_point_at_file_and_line(library, body, line, message):
    path = library.folder / "bad.yaml"
    path.write_text(body)
    with pytest.raises(ProfileError) as error:
        library.get("bad")
    assert f"bad.yaml:{line}" in str(error.value) and message in str(error.value)


def test_extends_cycle_is_refused(library):
    (library.folder / "a.yaml").write_text("name: a\nversion: 1\ndescription: x\nextends: b\n")
    (library.folder / "b.yaml").write_text("name: b\nversion: 1\ndescription: x\nextends: a\n")
    with pytest.raises(ProfileError, match="cycle"):
        library.get("a")


def test_override_changes_hash_and_explanation(library):
    (library.folder / "site.yaml").write_text(
        "name: site\nversion: 1\ndescription: research plus study descriptions\nextends: research\n"
        "dicom:\n  overrides:\n    StudyDescription: K\n    (0010,1010): X\n")
    site, research = library.get("site"), library.get("research")
    assert site.hash != research.hash
    rows = {row.keyword: row for row in explain(site)}
    assert rows["StudyDescription"].action.startswith("K") and rows["StudyDescription"].source == "override"
    assert rows["PatientAge"].action.startswith("X")
    changes = {c.what for c in diff(research, site)}
    assert any("StudyDescription" in c for c in changes) and any("PatientAge" in c for c in changes)


def test_explain_names_the_source_of_each_action():
    rows = {row.keyword: row for row in explain(ProfileLibrary(SHIPPED).get("research"))}
    assert rows["StudyDate"].source == "retain_long_modified_dates"
    assert rows["AccessionNumber"].source == "standard" and rows["AccessionNumber"].action.startswith("Z")
    assert rows["PatientName"].source == "pseudonym"
    assert rows["PatientSex"].source == "retain_patient_characteristics"
