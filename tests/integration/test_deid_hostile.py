"""A file that breaks a library, a file that takes too long and a killed run: the rest of the batch is unharmed."""
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pydicom import dcmread

from tests.synth.pixel_corpus import generate_pixel_corpus
from tests.conftest import auth, base_overrides
from tests.dicom_factory import FAMILY, MRN, instance, sr_with_broken_item_delimiter, to_bytes
from tests.support.cli import cleanroom

TINY = "0.000001"  # seconds: any file that reaches OCR runs out of time at its first reading


@pytest.fixture
def overrides(tmp_path) -> dict:
    return {**base_overrides(tmp_path), "CLEANROOM_FILE_TIME_LIMIT": TINY}


@pytest.fixture
def source(tmp_path) -> Path:
    src = tmp_path / "incoming"
    src.mkdir()
    study = instance().StudyInstanceUID
    for i in range(3):
        (src / f"a{i}.dcm").write_bytes(to_bytes(instance(study)))
    (src / "b-report.dcm").write_bytes(sr_with_broken_item_delimiter())
    for i in range(3):
        (src / f"c{i}.dcm").write_bytes(to_bytes(instance(study)))
    return src


def _no_phi(*texts: str) -> None:
    for text in texts:
        assert FAMILY not in text and MRN not in text and "Traceback" not in text


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_file_the_writer_cannot_encode_is_quarantined_and_the_batch_goes_on(services, overrides, source, tmp_path,
                                                                              workers):
    dst, link = tmp_path / "out", tmp_path / "link.csv"
    result = cleanroom("deid", "dicom", source, dst, "--profile", "basic", "--link-file", link,
                       "--workers", workers, "--json", env=overrides)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["files_in"], summary["written"], summary["quarantined"]) == (7, 6, 1)
    assert summary["reasons"] == {"unwritable": 1}
    rows = list(csv.DictReader(link.open()))
    assert len(rows) == 7 and not link.with_name("link.csv.partial").exists()
    [sidecar] = dst.with_name("out.quarantine").rglob("*.json")
    assert json.loads(sidecar.read_text())["reason_code"] == "unwritable"
    _no_phi(result.stdout, result.stderr)


def test_the_api_answers_422_for_a_file_the_writer_cannot_encode(client, make_token):
    response = client.post("/api/v1/deid/dicom?profile=basic", data=sr_with_broken_item_delimiter(),
                           headers=auth(make_token("pipeline")), content_type="application/dicom")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "unwritable"
    _no_phi(error["message"])


@pytest.fixture(scope="module")
def slow_corpus(tmp_path_factory):
    """Ultrasound-like images with burned-in text: each takes OCR seconds under `research`."""
    return generate_pixel_corpus(tmp_path_factory.mktemp("slow") / "src", 12, seed=11)


def test_a_file_over_its_time_budget_is_quarantined_as_too_slow(services, overrides, slow_corpus, tmp_path):
    dst, link = tmp_path / "out", tmp_path / "link.csv"
    result = cleanroom("deid", "dicom", slow_corpus.root, dst, "--profile", "research",
                       "--link-file", link, "--json", env=overrides)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    with_text = {str(slow_corpus.root / f.path) for f in slow_corpus.files if f.has_text}
    too_slow = {row["source_path"] for row in csv.DictReader(link.open()) if row["status"] == "quarantined"
                and "time limit" in row["reason"]}
    assert with_text and with_text <= too_slow and summary["reasons"]["too_slow"] == len(too_slow)
    assert not any(dst.rglob("*.dcm")) or summary["written"] == len(list(dst.rglob("*.dcm")))


def test_the_api_answers_422_too_slow(client, make_token, slow_corpus):
    truth = next(f for f in slow_corpus.files if f.has_text)
    response = client.post("/api/v1/deid/dicom?profile=research", data=(slow_corpus.root / truth.path).read_bytes(),
                           headers=auth(make_token("pipeline")), content_type="application/dicom")
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "too_slow"


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_workers_die_with_a_killed_run_and_leave_no_partial_output(services, overrides, slow_corpus, tmp_path):
    dst = tmp_path / "out"
    parent = subprocess.Popen([sys.executable, "-m", "app", "deid", "dicom", str(slow_corpus.root), str(dst),
                               "--profile", "research", "--workers", "2", "--time-limit", "0",
                               "--link-file", str(tmp_path / "link.csv")],
                              env={**os.environ, **overrides}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(_children(parent.pid)) < 2 and parent.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = _children(parent.pid)
        assert len(workers) >= 2, "the run did not start its workers"
        time.sleep(1.0)  # the workers are reading pixels now
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(_alive(worker) for worker in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(worker) for worker in workers)
    finally:
        for pid in [parent.pid, *workers]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    written = sorted(path for path in dst.rglob("*") if path.is_file()) if dst.exists() else []
    for path in written:
        assert path.suffix == ".dcm" and not path.name.startswith("."), path.name
        dcmread(path)  # complete: pydicom reads it to the end
    assert not (tmp_path / "link.csv").exists()
