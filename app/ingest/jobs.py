"""Ingest as background jobs: what a request becomes (job kind and params) and how a job gets its paths back.

Paths name folders and files, and folder names often name patients: job parameters
live in plain database columns, so the paths travel sealed.
"""
from __future__ import annotations

import base64
import json
from pathlib import Path

from ..errors import InvalidInput
from ..sealed import Sealer

JOB_KINDS = {"dicom": "ingest.dicom", "reports": "ingest.reports"}
PATHS_COLUMN = "job_paths"


def ingest_job(sealer: Sealer, kind: str, paths: list[str], workers: int = 1) -> tuple[str, dict]:
    """Return (job kind, params) for an ingest request; InvalidInput for an unknown kind or a missing path."""
    if kind not in JOB_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(sorted(JOB_KINDS))}")
    if not paths:
        raise InvalidInput("paths must name at least one file or folder")
    for number, path in enumerate(paths, 1):
        if not Path(path).exists():
            raise InvalidInput(f"path {number} does not exist on the server")
    sealed = sealer.seal(json.dumps([str(Path(p).resolve()) for p in paths]), PATHS_COLUMN)
    return JOB_KINDS[kind], {"paths_sealed": base64.b64encode(sealed).decode(), "workers": workers}


def job_paths(sealer: Sealer, params: dict) -> list[Path]:
    """Return the paths a job's params hold."""
    return [Path(p) for p in json.loads(sealer.open(base64.b64decode(params["paths_sealed"]), PATHS_COLUMN))]
