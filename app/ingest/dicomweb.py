"""PACS over DICOMweb: find studies with QIDO-RS, fetch what the index lacks with WADO-RS, keep and index it.

Idempotent: every study's instances are listed (QIDO-RS, instance level) and only SOP Instance UIDs the
index does not hold are fetched (a series missing whole in one request), so a second run fetches
nothing. Instances come in the transfer syntax the server keeps them in. Fetched instances go to the archive
folder (app/ingest/archive.py) and are indexed by the folder ingest, in batches, so an interrupted run
keeps what it indexed. Errors name the server (host and port), a status and a count, never a UID,
a path from the server or a value from a data set.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import requests
from dicomweb_client.api import DICOMwebClient
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from sqlalchemy import select

from ..db import Database
from ..errors import CleanroomError, InvalidInput
from ..models import Instance
from ..permissions import private_dir
from ..run_summary import RunSummary
from ..sealed import Sealer
from .archive import UnstorableInstance, dataset_uids, store_dataset, valid_uid
from .batching import Batches
from .dates import parse_date
from .folder import BATCH_SIZE, ingest_dicom

STUDY_UID, SERIES_UID, SOP_INSTANCE_UID = "0020000D", "0020000E", "00080018"
_DATE = r"(\d{4}-?\d{2}-?\d{2})"
_DATE_RANGE = re.compile(rf"{_DATE}?-{_DATE}?")
_MODALITY = re.compile(r"[A-Z0-9_ ]{1,16}")  # PS3.5 6.2: a CS value
REQUEST_TIMEOUT_S = 60
# Connection failures and 429/503/504 are retried, briefly: a PACS that is down should fail the run in
# seconds (the client's own default waits half a minute), a busy one gets a second and third chance.
RETRY_ATTEMPTS = 3
RETRY_WAIT_MS = 250
# Instances as the server keeps them (PS3.18 8.7.3.5.2: "*" is any transfer syntax), never transcoded on the way.
STORED_SYNTAX = (("application/dicom", "*"),)


class DicomwebError(CleanroomError):
    """The DICOMweb server cannot be reached or refused a query; the message names the server, never data.

    `summary` counts what the run fetched and indexed before it stopped.
    """

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.summary = DicomwebSummary()


@dataclass(frozen=True)
class DicomwebQuery:
    """Which studies to fetch: a study date range (either end open) and a modality."""

    study_date_from: date | None = None
    study_date_to: date | None = None
    modality: str | None = None

    def study_filters(self) -> dict[str, str]:
        """Return the QIDO-RS study-level filters (PS3.18 8.3.4: a DA range is FROM-TO, either side empty)."""
        filters = {}
        if self.study_date_from or self.study_date_to:
            filters["StudyDate"] = "-".join(f"{d:%Y%m%d}" if d else "" for d in
                                            (self.study_date_from, self.study_date_to))
        if self.modality:
            filters["ModalitiesInStudy"] = self.modality
        return filters

    def instance_filters(self) -> dict[str, str]:
        """Return the instance-level filters: a study of several modalities gives only the asked one."""
        return {"Modality": self.modality} if self.modality else {}

    def as_dict(self) -> dict:
        """Return the query as JSON-ready data (dates ISO, absent parts None)."""
        return {"study_date_from": _iso(self.study_date_from), "study_date_to": _iso(self.study_date_to),
                "modality": self.modality}


def make_query(study_date_from: str | None = None, study_date_to: str | None = None,
               modality: str | None = None) -> DicomwebQuery:
    """Return a query from text (dates YYYY-MM-DD or YYYYMMDD); InvalidInput for a bad date or modality."""
    dates = []
    for name, text in (("from", study_date_from), ("to", study_date_to)):
        parsed = parse_date(text) if text else None
        if text and (parsed is None or not re.fullmatch(_DATE, text.strip())):
            raise InvalidInput(f"the study date {name} must be a date (YYYY-MM-DD or YYYYMMDD)")
        dates.append(parsed)
    if dates[0] and dates[1] and dates[0] > dates[1]:
        raise InvalidInput("the study date range ends before it starts")
    modality = modality.strip().upper() if modality else None
    if modality is not None and not _MODALITY.fullmatch(modality):
        raise InvalidInput("the modality must be a DICOM modality code such as CT or MR")
    return DicomwebQuery(*dates, modality)


def split_date_range(text: str) -> tuple[str | None, str | None]:
    """Split FROM-TO (either end may be empty) or a single date into its ends; InvalidInput when neither."""
    text = text.strip()
    match = _DATE_RANGE.fullmatch(text)
    if match:
        return match.group(1), match.group(2)
    if re.fullmatch(_DATE, text):
        return text, text
    raise InvalidInput("the study date range must be FROM-TO, e.g. 20200101-20201231 (either end may be left out)")


def check_url(url: str) -> str:
    """Return the DICOMweb service URL without a trailing slash; InvalidInput unless it is http(s)://host/..."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        usable = parts.scheme in ("http", "https") and parts.hostname and not (parts.query or parts.fragment)
        usable = usable and (parts.port is None or parts.port > 0)  # .port raises for a port that is no number
    except ValueError:
        usable = False
    if not usable:
        raise InvalidInput("the DICOMweb URL must look like http(s)://host[:port]/path, without a query")
    return url.rstrip("/")


def server_name(url: str) -> str:
    """Return host[:port] of a service URL: what messages call the server (never its credentials or path)."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


@dataclass
class DicomwebSummary(RunSummary):
    """Counts and speed of one DICOMweb ingest; holds no UID either."""

    COUNTED, RATE = "fetched", "instances_per_second"

    server: str = ""
    query: dict = field(default_factory=dict)
    studies: int = 0
    instances_found: int = 0
    already_indexed: int = 0
    fetched: int = 0
    failed: int = 0
    indexed: int = 0
    updated: int = 0
    unreadable: int = 0
    reasons: dict = field(default_factory=dict)


def ingest_dicomweb(db: Database, sealer: Sealer, archive_dir: Path, url: str, query: DicomwebQuery,
                    on_study: Callable[[int, int], None] | None = None,
                    on_failure: Callable[[str, str], None] | None = None) -> DicomwebSummary:
    """Fetch and index the instances of every matching study the index lacks.

    `on_study(done, total)` follows progress in studies; `on_failure(code, message)` hears of each instance
    that could not be fetched or kept (the run goes on); DicomwebError when the server cannot be queried.
    """
    url = check_url(url)
    logging.getLogger("dicomweb_client").setLevel(logging.WARNING)  # its INFO lines quote UIDs
    private_dir(archive_dir)
    client = DICOMwebClient(url, timeout=REQUEST_TIMEOUT_S)
    client.set_http_retry_params(max_attempts=RETRY_ATTEMPTS, wait_exponential_multiplier=RETRY_WAIT_MS)
    run = _Run(client, server_name(url), query, db, sealer, archive_dir, on_failure)
    # What was fetched is indexed (the batches' end), even when the server went away half-way.
    with run.summary.timed(), run.stored:
        try:
            run.all_studies(on_study)
        except DicomwebError as exc:
            exc.summary = run.summary
            raise
        finally:
            run.summary.reasons = dict(sorted(run.reasons.items()))
    return run.summary


class _Run:
    """One DICOMweb ingest: the client, where fetched files go, what was fetched and not yet indexed, counts."""

    def __init__(self, client: DICOMwebClient, server: str, query: DicomwebQuery, db: Database, sealer: Sealer,
                 archive_dir: Path, on_failure: Callable[[str, str], None] | None):
        self.client, self.server, self.query = client, server, query
        self.db, self.sealer, self.archive_dir, self.on_failure = db, sealer, archive_dir, on_failure
        self.summary = DicomwebSummary(server=server, query=query.as_dict())
        self.reasons: Counter = Counter()
        self.stored: Batches[Path] = Batches(self.index, BATCH_SIZE)  # fetched into the archive, to be indexed

    def all_studies(self, on_study: Callable[[int, int], None] | None) -> None:
        """Search the studies, then fetch each one's missing instances (indexed in batches of BATCH_SIZE)."""
        with _talking_to(self.server, "the study search"):
            studies = list(_search_all(lambda offset: self.client.search_for_studies(
                search_filters=self.query.study_filters(), fields=["StudyInstanceUID"], offset=offset), STUDY_UID))
        self.summary.studies = len(studies)
        for done, study_uid in enumerate(studies, 1):
            if valid_uid(study_uid):
                self.study(study_uid)
            else:
                self.failed("invalid_uid", f"study {done} has no valid Study Instance UID")
            if on_study:
                on_study(done, len(studies))

    def study(self, study_uid: str) -> None:
        """List one study's instances and fetch those the index lacks into the archive.

        A series the index lacks whole comes in one streamed request; the rest, one instance a request.
        """
        with _talking_to(self.server, "an instance search"):
            found = _search_all(lambda offset: self.client.search_for_instances(
                study_uid, search_filters=self.query.instance_filters(), fields=["SeriesInstanceUID"],
                offset=offset), SOP_INSTANCE_UID)
        wanted = {sop_uid: _value(item, SERIES_UID) for sop_uid, item in found.items()}
        missing = set(wanted) - _indexed(self.db, list(wanted))
        self.summary.instances_found += len(wanted)
        self.summary.already_indexed += len(wanted) - len(missing)
        series_sizes = Counter(wanted.values())
        missing_by_series: dict[str, set[str]] = {}
        for sop_uid in missing:
            missing_by_series.setdefault(wanted[sop_uid], set()).add(sop_uid)
        for series_uid, series_missing in sorted(missing_by_series.items()):
            if len(series_missing) == series_sizes[series_uid] > 1 and valid_uid(series_uid):
                series_missing -= self.whole_series(study_uid, series_uid)
            for sop_uid in sorted(series_missing):
                self.instance(study_uid, series_uid, sop_uid)

    def whole_series(self, study_uid: str, series_uid: str) -> set[str]:
        """Fetch a series in one streamed WADO-RS request; return the SOP Instance UIDs kept (all, or those
        before the stream failed: the others are then asked for one by one, where failures are counted)."""
        kept: set[str] = set()
        try:
            with _talking_to(self.server, "a series retrieval", one_instance=True):
                for dataset in self.client.iter_series(study_uid, series_uid, media_types=STORED_SYNTAX):
                    self.keep(dataset)
                    kept.add(dataset_uids(dataset)[2])
        except _InstanceFailed:
            pass
        except UnstorableInstance as exc:
            if exc.code == "storage":
                raise
        return kept

    def instance(self, study_uid: str, series_uid: str, sop_uid: str) -> None:
        """Fetch one instance (WADO-RS) into the archive; a failure is counted and the run goes on."""
        try:
            with _talking_to(self.server, "an instance retrieval", one_instance=True):
                dataset = self.client.retrieve_instance(study_uid, series_uid, sop_uid, media_types=STORED_SYNTAX)
            self.keep(dataset)
        except _InstanceFailed as exc:
            self.failed(exc.code, exc.message)
        except UnstorableInstance as exc:
            if exc.code == "storage":  # a full or read-only disk fails every instance after it: stop
                raise
            self.failed(exc.code, exc.message)

    def keep(self, dataset: Dataset) -> None:
        """Write a fetched instance into the archive; it is indexed with the next batch."""
        self.stored.add(store_dataset(self.archive_dir, dataset))
        self.summary.fetched += 1

    def failed(self, code: str, message: str) -> None:
        """Count an instance or study that could not be fetched or kept; the run goes on."""
        self.summary.failed += 1
        self.reasons[code] += 1
        if self.on_failure:
            self.on_failure(code, message)

    def index(self, paths: list[Path]) -> None:
        """Index a batch of fetched files (the folder ingest, reports relinked)."""
        indexed = ingest_dicom(self.db, self.sealer, paths)
        self.summary.indexed += indexed.indexed
        self.summary.updated += indexed.updated
        self.summary.unreadable += indexed.unreadable + indexed.skipped


class _InstanceFailed(Exception):
    """One instance could not be fetched; the run goes on."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@contextmanager
def _talking_to(server: str, what: str, one_instance: bool = False) -> Iterator[None]:
    """Turn the client's failures into one PHI-free line; with `one_instance`, a refused instance fails alone."""
    try:
        yield
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else 0
        message = f"the DICOMweb server at {server} answered HTTP {status} to {what}"
        if one_instance and status not in (401, 403):  # gone since the search, or refused: the others may come
            raise _InstanceFailed(f"http_{status}", message) from None
        raise DicomwebError(message) from None
    except requests.Timeout:
        raise DicomwebError(f"the DICOMweb server at {server} did not answer {what} in time") from None
    except requests.ConnectionError:
        raise DicomwebError(f"cannot reach the DICOMweb server at {server}") from None
    except requests.RequestException as exc:
        raise DicomwebError(f"{what} at the DICOMweb server {server} failed ({type(exc).__name__})") from None
    except (InvalidDicomError, ValueError, KeyError, TypeError, AttributeError, EOFError) as exc:
        # A reply that is not what DICOMweb promises (not DICOM JSON, not a Part 10 file); its text may hold data.
        if one_instance:
            raise _InstanceFailed("unreadable", "the server sent an instance that is not a readable DICOM file") \
                from None
        raise DicomwebError(f"the DICOMweb server at {server} sent a reply to {what} that is not "
                            f"DICOM JSON ({type(exc).__name__})") from None


def _search_all(search: Callable[[int | None], list[dict]], key: str) -> dict[str, dict]:
    """Return every result of a QIDO-RS search by its `key` UID, asking for more pages while they bring new ones.

    No limit is sent: a server returns all it will, and says so in a Warning header when it stops short
    (PS3.18 8.3.4.4). An empty page ends the search, and so does a page of results already seen, from a
    server that ignores `offset` (Orthanc does, for ModalitiesInStudy), which would otherwise never end.
    """
    results: dict[str, dict] = {}
    received = 0
    while True:
        page = search(received or None)
        received += len(page)
        new = {uid: item for item in page if (uid := _value(item, key)) and uid not in results}
        if not new:
            return results
        results.update(new)


def _value(item: dict, tag: str) -> str:
    """Return the first value of a tag in a DICOM JSON object, or ""."""
    values = (item.get(tag) or {}).get("Value") or [""]
    return str(values[0]).strip()


def _indexed(db: Database, sop_uids: list[str]) -> set[str]:
    """Return which of the SOP Instance UIDs the index already holds."""
    found: set[str] = set()
    with db.session() as session:
        for start in range(0, len(sop_uids), 500):  # bound the IN list (SQLite's variable limit)
            found.update(session.scalars(select(Instance.sop_instance_uid).where(
                Instance.sop_instance_uid.in_(sop_uids[start:start + 500]))))
    return found


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
