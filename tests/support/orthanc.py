"""A real Orthanc PACS with its DICOMweb plugin, on free loopback ports (DICOMweb ingest tests and benchmark)."""
from __future__ import annotations

import json
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import requests

from tests.integration.served import free_port

# Where Debian's orthanc-dicomweb package puts the plugin (scripts/debian-packages-test.txt installs it).
PLUGINS = Path("/usr/share/orthanc/plugins")
START_TIMEOUT_S = 30


@contextmanager
def running_orthanc(folder: Path) -> Iterator[str]:
    """Start Orthanc storing into `folder`, yield its REST base URL (DICOMweb under /dicom-web), stop it."""
    program = shutil.which("Orthanc") or shutil.which("Orthanc", path="/usr/sbin")
    if program is None or not any(PLUGINS.glob("libOrthancDicomWeb*")):
        raise RuntimeError("Orthanc with its DICOMweb plugin is not installed (Debian orthanc, orthanc-dicomweb: "
                           "scripts/setup --test)")
    http_port = free_port()
    dicom_port = next(port for port in iter(free_port, None) if port != http_port)
    config = {
        "Name": "cleanroom-test", "StorageDirectory": str(folder / "storage"), "IndexDirectory": str(folder / "storage"),
        "Plugins": [str(PLUGINS)], "HttpPort": http_port, "DicomPort": dicom_port,
        "RemoteAccessAllowed": False, "AuthenticationEnabled": False,  # loopback only, so no password
        "DicomAlwaysAllowStore": False, "DicomAlwaysAllowFind": False, "DicomAlwaysAllowGet": False,
        "DicomWeb": {"Enable": True, "Root": "/dicom-web/"},
        "HttpThreadsCount": 4, "ConcurrentJobs": 1, "SaveJobs": False, "StorageCompression": False,
    }
    (folder / "orthanc.json").write_text(json.dumps(config))
    with (folder / "orthanc.log").open("wb") as log:
        process = subprocess.Popen([program, str(folder / "orthanc.json")], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}"
    try:
        _wait_until_serving(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def upload(url: str, data: bytes) -> None:
    """Store one DICOM file in Orthanc through its REST API (POST /instances)."""
    response = requests.post(f"{url}/instances", data=data, headers={"Content-Type": "application/dicom"}, timeout=30)
    response.raise_for_status()


def _wait_until_serving(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("Orthanc exited before serving; see orthanc.log in its test folder")
        try:
            if "dicom-web" in requests.get(f"{url}/plugins", timeout=2).json():
                return
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"Orthanc did not serve DICOMweb within {START_TIMEOUT_S} s")
