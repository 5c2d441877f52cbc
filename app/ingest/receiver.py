"""DICOM receiver: a C-STORE SCP (with C-ECHO) that keeps what modalities send in the archive and indexes it.

Each instance is checked (its Study, Series and SOP Instance UIDs present and valid, the SOP Instance UID
the one the request announced), written whole into the archive folder (app/ingest/archive.py), then
indexed with the folder ingest's one-file indexing; only then is success answered. Anything else is
refused with a DIMSE status and one log line naming the peer's address and the reason, never a value
from the data set. Reports waiting for these studies are linked when the association ends.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pynetdicom import AE, ALL_TRANSFER_SYNTAXES, AllStoragePresentationContexts, _config, evt
from pynetdicom.events import Event
from pynetdicom.sop_class import Verification
from pynetdicom.transport import ThreadedAssociationServer

from ..audit.chain import record
from ..db import Database
from ..errors import InvalidInput
from ..permissions import private_dir
from ..sealed import Sealer
from .archive import UnstorableInstance, archive_path, dataset_uids, store_bytes
from .folder import index_file
from .index_writer import IndexWriter
from .reports import relink_reports

log = logging.getLogger(__name__)

# PS3.4 B.2.3 C-STORE statuses.
SUCCESS = 0x0000
OUT_OF_RESOURCES = 0xA700
DOES_NOT_MATCH_SOP_CLASS = 0xA900
CANNOT_UNDERSTAND = 0xC000
STOP_GRACE_S = 10.0
_AE_TITLE = re.compile(r"[ -\[\]-~]{1,16}")  # PS3.5 6.2 AE: default repertoire without backslash, not all spaces
ABORT_WAIT_S = 2.0


@dataclass(frozen=True)
class ReceiverSettings:
    """Where the receiver listens and the AE title it answers to; InvalidInput for an AE title DICOM refuses."""

    host: str = "0.0.0.0"
    port: int = 11112
    ae_title: str = "CLEANROOM"

    def __post_init__(self) -> None:
        if not _AE_TITLE.fullmatch(self.ae_title) or not self.ae_title.strip():
            raise InvalidInput("the AE title must be 1 to 16 characters, no backslash or control characters")


class Receiver:
    """Stores and indexes received instances; one at a time, as the index has one writer."""

    def __init__(self, db: Database, sealer: Sealer, archive_dir: Path):
        self.db, self.sealer, self.archive_dir = db, sealer, archive_dir
        self.counts: Counter = Counter()
        self._lock = threading.RLock()  # a refusal is counted under it, also from inside store
        self._writers: dict[int, IndexWriter] = {}  # one per association, so its studies are written once
        self._association_counts: dict[int, Counter] = {}

    def store(self, event: Event) -> int:
        """Handle one C-STORE request; return its DIMSE status."""
        peer = _peer(event)
        try:
            dataset = event.dataset
            uids = dataset_uids(dataset)
            announced = str(event.request.AffectedSOPInstanceUID or "")
        except Exception as exc:  # pydicom's message may quote the data set's bytes
            return self._refused(event, CANNOT_UNDERSTAND, "undecodable",
                                 f"a data set from {peer} could not be decoded ({type(exc).__name__})")
        try:
            path = archive_path(self.archive_dir, *uids)
        except UnstorableInstance as exc:
            return self._refused(event, DOES_NOT_MATCH_SOP_CLASS, exc.code, f"a data set from {peer}: {exc.message}")
        if uids[2] != announced:
            return self._refused(event, DOES_NOT_MATCH_SOP_CLASS, "uid_mismatch", f"a data set from {peer} is not "
                                 "the instance its request announced (SOP Instance UIDs differ)")
        with self._lock:
            try:
                store_bytes(path, event.encoded_dataset())
            except UnstorableInstance as exc:
                return self._refused(event, OUT_OF_RESOURCES, exc.code, exc.message)
            writer = self._writers.setdefault(id(event.assoc), IndexWriter(self.db, self.sealer))
            try:
                outcome = index_file(writer, path)
            except Exception as exc:  # the database's message would quote the row; the sender may try again
                return self._refused(event, OUT_OF_RESOURCES, "index_unavailable",
                                     f"a data set from {peer}: the index could not be written ({type(exc).__name__})")
            if outcome.status not in ("indexed", "updated"):
                path.unlink(missing_ok=True)  # never keep what the index cannot describe
                return self._refused(event, CANNOT_UNDERSTAND, outcome.reason_code or "unreadable",
                                     f"a data set from {peer} could not be indexed: {outcome.reason}")
            self._count(event, outcome.status)
        return SUCCESS

    def association_ended(self, event: Event) -> None:
        """Link reports to the studies an association brought, and audit what it sent (counts only)."""
        with self._lock:
            stored = self._writers.pop(id(event.assoc), None) is not None
            counts = self._association_counts.pop(id(event.assoc), None)
            try:
                if stored:
                    relink_reports(self.db)
                if counts:
                    with self.db.session() as session:
                        record(session, actor=f"scp:{event.assoc.requestor.ae_title}", action="ingest.scp",
                               outcome="ok" if stored else "failed", object_type="index",
                               details={"peer": _peer(event), **dict(sorted(counts.items()))})
            except Exception as exc:  # pynetdicom would log the traceback, and the database's message quotes rows
                log.error("the end of an association from %s could not be recorded (%s)", _peer(event),
                          type(exc).__name__)

    def _refused(self, event: Event, status: int, reason: str, message: str) -> int:
        log.warning("refused %s", message)
        with self._lock:
            self._count(event, f"refused_{reason}")
        return status

    def _count(self, event: Event, what: str) -> None:
        self.counts[what] += 1
        self._association_counts.setdefault(id(event.assoc), Counter())[what] += 1


class Listening:
    """A started receiver: stop it to close the port and end its associations."""

    def __init__(self, server: ThreadedAssociationServer):
        self.server = server

    @property
    def port(self) -> int:
        """Return the TCP port it listens on."""
        return self.server.server_address[1]

    def stop(self, grace_s: float = STOP_GRACE_S) -> None:
        """Stop listening; let open associations finish for up to `grace_s` seconds, then abort the rest."""
        self.server.shutdown()
        deadline = time.monotonic() + grace_s
        while self._established() and time.monotonic() < deadline:
            time.sleep(0.05)
        for association in self._established():
            association.abort()  # a half-sent instance was never stored: the sender sends it again
            association.join(ABORT_WAIT_S)

    def _established(self) -> list:
        # A connection that never associated (a port scan, junk) idles in a daemon thread until pynetdicom's
        # ACSE timeout: it holds nothing to finish, so it is not waited for.
        return [a for a in self.server.active_associations if a.is_established]


def start_receiver(receiver: Receiver, settings: ReceiverSettings) -> Listening:
    """Start listening in background threads (port 0: any free one); stop it with `.stop()`."""
    # pynetdicom's own INFO lines would list each request's UIDs; ours say what happened, by counts.
    _config.LOG_HANDLER_LEVEL = "none"
    _config.LOG_REQUEST_IDENTIFIERS = _config.LOG_RESPONSE_IDENTIFIERS = False
    private_dir(receiver.archive_dir)
    ae = AE(settings.ae_title)
    ae.require_called_aet = True  # an association meant for another AE is refused, not silently taken
    for context in AllStoragePresentationContexts:
        ae.add_supported_context(context.abstract_syntax, ALL_TRANSFER_SYNTAXES)
    ae.add_supported_context(Verification)
    handlers = [(evt.EVT_C_STORE, receiver.store), (evt.EVT_CONN_CLOSE, receiver.association_ended),
                (evt.EVT_ACCEPTED, _log_refused_contexts), (evt.EVT_REJECTED, _log_rejection)]
    try:
        return Listening(ae.start_server((settings.host, settings.port), block=False, evt_handlers=handlers))
    except OSError as exc:
        raise InvalidInput(f"cannot listen on {settings.host}:{settings.port} ({exc.strerror})") from None


def _log_refused_contexts(event: Event) -> None:
    # The abstract syntaxes are SOP Class UIDs: kinds of object, not identifiers.
    refused = sorted({str(c.abstract_syntax) for c in event.assoc.rejected_contexts})
    if refused:
        log.warning("refused %d presentation context(s) from %s: abstract syntax not supported (%s)",
                    len(refused), _peer(event), ", ".join(refused))


def _log_rejection(event: Event) -> None:
    log.warning("refused an association from %s (called AE title not ours, or no usable presentation context)",
                _peer(event))


def _peer(event: Event) -> str:
    return str(event.assoc.requestor.address)

