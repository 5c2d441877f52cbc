"""Outputs are valid DICOM: dciodvfy (dicom3tools) finds no more errors in them than in their inputs."""
import shutil
import subprocess

import pytest
from pydicom.data import get_testdata_file

from app.deid.pipeline import deidentify_bytes
from tests.dicom_factory import instance, to_bytes
from tests.unit.dicom.conftest import KEYS, PROFILES

TEMPLATES = ["CT_small.dcm", "MR_small.dcm", "MR_small_RLE.dcm", "rtplan.dcm", "rtstruct.dcm", "rtdose.dcm",
             "examples_overlay.dcm", "MR_small_implicit.dcm", "waveform_ecg.dcm"]


def _errors(path) -> list[str]:
    result = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True, timeout=60)
    return [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("Error")]


@pytest.fixture(scope="module")
def transformers():
    from app.dicom.policy import Policy
    from app.dicom.transform import HeaderTransformer
    from app.profiles import ProfileLibrary

    assert shutil.which("dciodvfy"), "dciodvfy missing: scripts/setup installs Debian's dicom3tools"
    return {name: HeaderTransformer(Policy(ProfileLibrary(PROFILES).get(name)), KEYS)
            for name in ("basic", "research", "limited-data-set")}


@pytest.mark.parametrize("profile", ["basic", "research", "limited-data-set"])
@pytest.mark.parametrize("template", TEMPLATES + ["synthetic"])
def test_output_has_no_more_iod_errors_than_input(tmp_path, transformers, profile, template):
    source = tmp_path / "in.dcm"
    source.write_bytes(to_bytes(instance()) if template == "synthetic" else open(get_testdata_file(template), "rb").read())
    output = tmp_path / "out.dcm"
    output.write_bytes(deidentify_bytes(source.read_bytes(), transformers[profile]).data)
    before, after = _errors(source), _errors(output)
    assert len(after) <= len(before), sorted(set(after) - set(before))
