"""`cleanroom pixels scan`: JSON per file, no PHI values, non-DICOM skipped, bad input is one line and exit 2."""
from __future__ import annotations

import json

import pytest

from tests.support.cli import cleanroom

from .conftest import FAMILY, GIVEN, MRN, dataset


@pytest.mark.ocr
def test_scan_reports_boxes_without_text_values(tmp_path, name_image):
    (tmp_path / "nested").mkdir()
    dataset(name_image, burned="YES").save_as(tmp_path / "nested" / "a.dcm", enforce_file_format=True)
    (tmp_path / "notes.txt").write_text("not dicom")
    header_only = dataset(name_image, burned="YES")
    del header_only.PixelData
    header_only.save_as(tmp_path / "header-only.dcm", enforce_file_format=True)
    result = cleanroom("pixels", "scan", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for value in (FAMILY, GIVEN, MRN, "03/14/2021", FAMILY.title()):
        assert value not in result.stdout and value not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    files, summary = lines[:-1], lines[-1]
    assert summary == {"skipped_non_dicom": 1, "skipped_no_pixel_data": 1}
    assert [f["path"] for f in files] == ["nested/a.dcm"]
    report = files[0]
    assert report["at_risk"] == "BurnedInAnnotation is YES" and report["frames_scanned"] == 1
    kinds = {box[5] for box in report["boxes"]}
    assert "known_phi" in kinds
    assert set(report["kinds"]) == kinds  # every box's kind is explained once
    assert all(len(box) == 6 and box[0] == 0 and box[1] < box[3] and box[2] < box[4] for box in report["boxes"])
    assert not list(tmp_path.rglob("*.json"))  # nothing written


def test_missing_source_is_one_line_and_exit_2(tmp_path):
    result = cleanroom("pixels", "scan", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
