"""Ingest as background jobs: what a request becomes (job kind and params) and how a job gets its sources back.

Paths name folders and files, and folder names often name patients; a DICOMweb URL may carry credentials.
Job parameters live in plain database columns, so both travel sealed.
"""
from __future__ import annotations

import base64
import json
from pathlib import Path

from ..errors import InvalidInput
from ..sealed import Sealer
from .dicomweb import DicomwebQuery, check_url, make_query

JOB_KINDS = {"dicom": "ingest.dicom", "reports": "ingest.reports"}
DICOMWEB_KIND = "ingest.dicomweb"
REANNOTATE_KIND = "index.reannotate"
PATHS_COLUMN = "job_paths"
URL_COLUMN = "job_url"


def ingest_job(sealer: Sealer, kind: str, paths: list[str], workers: int = 1) -> tuple[str, dict]:
    """Return (job kind, params) for an ingest request; InvalidInput for an unknown kind or a missing path."""
    if kind not in JOB_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(sorted(JOB_KINDS))}")
    if not paths:
        raise InvalidInput("paths must name at least one file or folder")
    for number, path in enumerate(paths, 1):
        if not Path(path).exists():
            raise InvalidInput(f"path {number} does not exist on the server")
    return JOB_KINDS[kind], {"paths_sealed": _seal(sealer, json.dumps([str(Path(p).resolve()) for p in paths]),
                                                   PATHS_COLUMN), "workers": workers}


def job_paths(sealer: Sealer, params: dict) -> list[Path]:
    """Return the paths a job's params hold."""
    return [Path(p) for p in json.loads(_open(sealer, params["paths_sealed"], PATHS_COLUMN))]


def dicomweb_job(sealer: Sealer, url: str, query: DicomwebQuery, sources: tuple[str, ...]) -> tuple[str, dict]:
    """Return (job kind, params) for a DICOMweb ingest; InvalidInput unless `url` is one of the configured sources."""
    url = check_url(url)
    if url not in sources:
        raise InvalidInput("the URL is not one of the DICOMweb sources this service may ingest from "
                           "(CLEANROOM_DICOMWEB_URLS)")
    return DICOMWEB_KIND, {"url_sealed": _seal(sealer, url, URL_COLUMN), "query": query.as_dict()}


def job_dicomweb(sealer: Sealer, params: dict) -> tuple[str, DicomwebQuery]:
    """Return the URL and query a DICOMweb job's params hold."""
    query = params["query"]
    return (_open(sealer, params["url_sealed"], URL_COLUMN),
            make_query(query["study_date_from"], query["study_date_to"], query["modality"]))


def _seal(sealer: Sealer, value: str, column: str) -> str:
    return base64.b64encode(sealer.seal(value, column)).decode()


def _open(sealer: Sealer, sealed: str, column: str) -> str:
    return sealer.open(base64.b64decode(sealed), column)
