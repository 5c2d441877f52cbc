"""DICOM receiver: a C-STORE SCP (with C-ECHO) that keeps what modalities send in the archive and indexes it.

Each instance is written whole, as sent, into the archive's spool folder and checked there (its header
read as the index reads it, never decoded whole; its Study, Series and SOP Instance UIDs present and valid,
the SOP Instance UID the one the request announced), made durable (fsync of the file and its folder), and
only then is success answered. One background thread indexes
what was received, many instances per transaction, and moves each file to its archive path once its index
row is committed. A crash or power loss loses nothing answered: what is still in the spool at start-up is
indexed first. Anything else is refused with a DIMSE status and one log line naming the peer's address and
the reason, never a value from the data set. Reports waiting for the received studies are linked, and
each association audited (counts only), once its instances are indexed.

Optionally only listed calling AE titles may associate, and associations run over TLS (PS3.15 B.9: the
BCP 195 profile, TLS 1.2 or newer), with client certificates required when a CA is given.
"""
from __future__ import annotations

import logging
import os
import queue
import re
import ssl
import threading
import time
from collections import Counter
from dataclasses import dataclass, replace
from itertools import count
from pathlib import Path

from pydicom.uid import ExplicitVRLittleEndian
from pynetdicom import AE, ALL_TRANSFER_SYNTAXES, AllStoragePresentationContexts, _config, evt
from pynetdicom.association import Association
from pynetdicom.events import Event
from pynetdicom.sop_class import Verification
from pynetdicom.transport import ThreadedAssociationServer

from ..audit.chain import record
from ..db import Database
from ..errors import ConfigError, InvalidInput
from ..permissions import private_dir
from ..sealed import Sealer
from .archive import UnstorableInstance, archive_path, make_durable, store_bytes
from .index_writer import IndexWriter
from .instances import InstanceRecord, describe_file
from .reports import relink_reports

log = logging.getLogger(__name__)

# PS3.4 B.2.3 C-STORE statuses.
SUCCESS = 0x0000
OUT_OF_RESOURCES = 0xA700
DOES_NOT_MATCH_SOP_CLASS = 0xA900
CANNOT_UNDERSTAND = 0xC000
UID_PROBLEMS = ("invalid_uid", "uid_mismatch")  # refused as not matching what was announced, not as unreadable
STOP_GRACE_S = 10.0
_AE_TITLE = re.compile(r"[ -\[\]-~]{1,16}")  # PS3.5 6.2 AE: default repertoire without backslash, not all spaces
ABORT_WAIT_S = 2.0
HANDSHAKE_TIMEOUT_S = 30.0  # a TLS peer that connects and stays silent holds only its own thread, this long
SPOOL = ".incoming"  # inside the archive folder: received and answered, not yet indexed (UIDs never start with ".")
BATCH_SIZE = 500  # instances per index transaction at most
BATCH_WAIT_S = 0.25  # how long a batch collects after its first instance: fewer, larger transactions
WRITE_ATTEMPTS, WRITE_RETRY_S = 3, 2.0  # an index that stays unwritable: the files wait in the spool for a restart
# Of what a sender offers, the first of these is taken: explicit VR little endian before pynetdicom's implicit
# first, as it keeps every element's VR, private ones included (PS3.5 7.1.2), and is what the header engine
# scans without pydicom (here before each answer, and whenever the archive is read again).
ACCEPTED_SYNTAXES = [ExplicitVRLittleEndian, *(uid for uid in ALL_TRANSFER_SYNTAXES if uid != ExplicitVRLittleEndian)]


@dataclass(frozen=True)
class ReceiverSettings:
    """Where the receiver listens, the AE title it answers to, the calling AE titles it accepts (none: any) and
    its TLS context (None: plain TCP); InvalidInput for an AE title DICOM refuses."""

    host: str = "0.0.0.0"
    port: int = 11112
    ae_title: str = "CLEANROOM"
    calling_ae_titles: tuple[str, ...] = ()
    tls: ssl.SSLContext | None = None

    def __post_init__(self) -> None:
        if not _valid_ae_title(self.ae_title):
            raise InvalidInput("the AE title must be 1 to 16 characters, no backslash or control characters")
        if not all(map(_valid_ae_title, self.calling_ae_titles)):
            raise InvalidInput("each allowed calling AE title must be 1 to 16 characters, no backslash or control "
                               "characters")


def tls_context(certificate: Path, key: Path, client_ca: Path | None = None) -> ssl.SSLContext:
    """Return the receiver's TLS context (TLS 1.2 or newer); with `client_ca`, peers must present a certificate
    it signed. ConfigError when a file cannot be read or does not hold what it should."""
    context = _HandshakeInAssociation(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(certificate, key)
        if client_ca is not None:
            context.load_verify_locations(cafile=client_ca)
            context.verify_mode = ssl.CERT_REQUIRED
    except OSError as exc:  # ssl.SSLError is one too; file names are the operator's settings, not data
        reason = getattr(exc, "reason", None) or exc.strerror or type(exc).__name__
        raise ConfigError(f"the receiver's TLS certificate, key or CA ({certificate.name}, {key.name}"
                          f"{f', {client_ca.name}' if client_ca else ''}) cannot be used: {reason}") from None
    return context


class _HandshakeInAssociation(ssl.SSLContext):
    """Wraps accepted sockets without the handshake, which `_tls_handshake` then runs in the connection's thread.

    pynetdicom wraps each socket in its one accepting thread; a peer that connects and never says hello would
    otherwise stop every other peer from connecting.
    """

    def wrap_socket(self, sock, *args, **kwargs):
        """Return the wrapped socket, its handshake not done yet."""
        return super().wrap_socket(sock, *args, **{**kwargs, "do_handshake_on_connect": False})


def _tls_handshake(event: Event) -> None:
    """Complete a TLS connection's handshake before the association starts; refuse a failed one in one line."""
    sock = event.assoc.dul.socket.socket
    if not isinstance(sock, ssl.SSLSocket):
        return
    try:
        sock.settimeout(HANDSHAKE_TIMEOUT_S)
        sock.do_handshake()
        sock.settimeout(None)
    except OSError as exc:  # ssl.SSLError is one; its reason names the TLS failure, never data
        log.warning("refused a TLS connection from %s: %s", event.address[0],
                    getattr(exc, "reason", None) or type(exc).__name__)
        sock.close()  # pynetdicom then finds the connection closed, quietly


@dataclass(frozen=True)
class _Received:
    """An answered instance waiting in the spool; `association` None: found there at start-up."""

    association: Association | None
    spooled: Path
    record: InstanceRecord  # its location is already the archive path it moves to


@dataclass(frozen=True)
class _Ended:
    """An association closed: its instances before this are indexed; link reports and audit it."""

    association: Association
    peer: str


class Receiver:
    """Keeps and answers received instances; indexes them on one background thread (the index has one writer)."""

    def __init__(self, db: Database, sealer: Sealer, archive_dir: Path):
        self.db, self.sealer, self.archive_dir = db, sealer, archive_dir
        self.spool = archive_dir / SPOOL
        self.counts: Counter = Counter()
        self._lock = threading.Lock()  # counts are kept from the associations' threads and the indexer's
        self._association_counts: dict[int, Counter] = {}
        self._waiting: queue.Queue = queue.Queue()
        self._sequence = count()
        self._indexer: threading.Thread | None = None
        self._unlinked = False  # instances were indexed since waiting reports were last linked
        # Patients, studies and series are written once while associations run (as once per folder ingest);
        # a new writer when one ends, so what a later association sends updates them again.
        self._writer = IndexWriter(db, sealer)

    def start(self) -> None:
        """Start indexing in the background, beginning with what the spool still holds from before."""
        private_dir(self.spool)
        leftovers = self._spooled()  # queued first: an instance sent again after them must win
        if leftovers:
            log.warning("indexing %d instance(s) received before the receiver last stopped", len(leftovers))
        for item in leftovers:
            self._waiting.put(item)
        self._indexer = threading.Thread(target=self._index_forever, name="cleanroom-scp-index", daemon=True)
        self._indexer.start()

    def stop(self) -> None:
        """Index everything received so far, then stop the background thread."""
        if self._indexer is not None:
            self._waiting.put(None)
            self._indexer.join()
            self._indexer = None

    def store(self, event: Event) -> int:
        """Handle one C-STORE request: keep the instance durably, then return its DIMSE status."""
        # A name of its own (arrival time, then sequence): the same instance sent twice is two files, the later wins.
        spooled = self.spool / f"{time.time_ns()}-{next(self._sequence)}.dcm"
        announced = str(event.request.AffectedSOPInstanceUID or "")
        try:
            store_bytes(spooled, event.encoded_dataset())  # as sent: never decoded here, the header is scanned
            record = _described(spooled, self.archive_dir)
            if record.sop_instance_uid != announced:
                raise UnstorableInstance("uid_mismatch", "it is not the instance its request announced (SOP "
                                                         "Instance UIDs differ)")
            make_durable(spooled)
        except UnstorableInstance as exc:
            spooled.unlink(missing_ok=True)  # never keep what the index cannot describe
            status = (OUT_OF_RESOURCES if exc.code == "storage" else
                      DOES_NOT_MATCH_SOP_CLASS if exc.code in UID_PROBLEMS else CANNOT_UNDERSTAND)
            return self._refused(event, status, exc.code, f"a data set from {_peer(event)}: {exc.message}")
        self._waiting.put(_Received(event.assoc, spooled, record))
        return SUCCESS

    def association_ended(self, event: Event) -> None:
        """Have the association's reports linked and its counts audited once its instances are indexed."""
        self._waiting.put(_Ended(event.assoc, _peer(event)))

    def _refused(self, event: Event, status: int, reason: str, message: str) -> int:
        log.warning("refused %s", message)
        self._count(event.assoc, f"refused_{reason}")
        return status

    def _count(self, association: Association | None, what: str) -> None:
        with self._lock:
            self.counts[what] += 1
            if association is not None:
                self._association_counts.setdefault(id(association), Counter())[what] += 1

    def _index_forever(self) -> None:
        """Index what arrives in batches (up to BATCH_SIZE, or what came within BATCH_WAIT_S), until stopped."""
        stopping = False
        while not stopping:
            batch = [self._waiting.get()]
            deadline = time.monotonic() + BATCH_WAIT_S
            while len(batch) < BATCH_SIZE and batch[-1] is not None:
                try:
                    batch.append(self._waiting.get(timeout=max(0.0, deadline - time.monotonic())))
                except queue.Empty:
                    break
            stopping = batch[-1] is None
            self._handle([item for item in batch if item is not None])

    def _handle(self, batch: list) -> None:
        """Index a batch's instances in one transaction; once associations have ended (or the spool's leftovers
        are indexed), link waiting reports and audit what each brought."""
        received = [item for item in batch if isinstance(item, _Received)]
        ended = [item for item in batch if isinstance(item, _Ended)]
        recovered = sum(item.association is None for item in received)
        try:
            if received:
                self._index(received)
            if ended or recovered:
                self._writer = IndexWriter(self.db, self.sealer)
                if self._unlinked:
                    relink_reports(self.db)
                    self._unlinked = False
                self._audit(ended, recovered)
        except Exception as exc:  # pynetdicom is not there to log it; the database's message would quote rows
            log.error("the receiver's indexing failed (%s); what was received stays in the spool", type(exc).__name__)

    def _index(self, received: list[_Received]) -> None:
        """Write the index rows (retried briefly), then move each file from the spool to its archive path."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                statuses = self._writer.write([item.record for item in received])
                break
            except Exception as exc:  # the database's message would quote the row
                self._writer = IndexWriter(self.db, self.sealer)  # its ids may name rows the rollback took back
                if attempt == WRITE_ATTEMPTS:
                    log.error("%d received instance(s) could not be indexed (%s); they stay in the spool and are "
                              "indexed when the receiver next starts", len(received), type(exc).__name__)
                    for item in received:
                        self._count(item.association, "waiting_in_spool")
                    return
                time.sleep(WRITE_RETRY_S)
        self._unlinked = True
        for item, status in zip(received, statuses):
            destination = Path(item.record.location)
            destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.replace(item.spooled, destination)  # the same file system: atomic, and no copy
            self._count(item.association, status)
            if item.association is None:
                self._count(None, "recovered")

    def _audit(self, ended: list[_Ended], recovered: int) -> None:
        """Record what each ended association (and the spool, at start-up) brought: counts, never values."""
        with self._lock:
            counts = [(f"scp:{item.association.requestor.ae_title}", item.peer,
                       self._association_counts.pop(id(item.association), None)) for item in ended]
        if recovered:
            counts.append(("scp:spool", "", Counter(recovered=recovered)))
        counts = [(actor, peer, counted) for actor, peer, counted in counts if counted]  # a C-ECHO alone counts nothing
        if not counts:
            return
        with self.db.session() as session:
            for actor, peer, counted in counts:
                indexed = counted["indexed"] + counted["updated"] + counted["recovered"]
                record(session, actor=actor, action="ingest.scp", outcome="ok" if indexed else "failed",
                       object_type="index", details={**({"peer": peer} if peer else {}),
                                                     **dict(sorted(counted.items()))})

    def _spooled(self) -> list[_Received]:
        """Return what the spool holds (answered before a stop or crash), oldest first, described again."""
        found = []
        for path in sorted(self.spool.glob("[0-9]*-[0-9]*.dcm"), key=_arrival):
            try:
                found.append(_Received(None, path, _described(path, self.archive_dir)))
            except UnstorableInstance as exc:  # a file never answered (a crash before the check): the sender resends
                log.warning("removed a spooled file that cannot be indexed: %s", exc.message)
                path.unlink(missing_ok=True)
        return found


def _described(path: Path, archive_dir: Path) -> InstanceRecord:
    """Return what the index keeps of a spooled file, located at its archive path; UnstorableInstance when the
    index cannot describe it or its UIDs cannot name a path."""
    outcome = describe_file(path)
    if outcome.record is None:
        code = "invalid_uid" if outcome.reason_code == "missing_uid" else outcome.reason_code or "unreadable"
        raise UnstorableInstance(code, f"it cannot be indexed ({outcome.reason})")
    record = outcome.record
    destination = archive_path(archive_dir, record.study_uid, record.series_uid, record.sop_instance_uid)
    return replace(record, location=str(destination))


class Listening:
    """A started receiver: stop it to close the port, end its associations and index what they sent."""

    def __init__(self, server: ThreadedAssociationServer, receiver: Receiver):
        self.server, self.receiver = server, receiver

    @property
    def port(self) -> int:
        """Return the TCP port it listens on."""
        return self.server.server_address[1]

    def stop(self, grace_s: float = STOP_GRACE_S) -> None:
        """Stop listening; let open associations finish for up to `grace_s` seconds, abort the rest, then index
        everything answered."""
        self.server.shutdown()
        deadline = time.monotonic() + grace_s
        while self._established() and time.monotonic() < deadline:
            time.sleep(0.05)
        for association in self._established():
            association.abort()  # a half-sent instance was never answered: the sender sends it again
            association.join(ABORT_WAIT_S)
        self.receiver.stop()

    def _established(self) -> list:
        # A connection that never associated (a port scan, junk) idles in a daemon thread until pynetdicom's
        # ACSE timeout: it holds nothing to finish, so it is not waited for.
        return [a for a in self.server.active_associations if a.is_established]


def start_receiver(receiver: Receiver, settings: ReceiverSettings) -> Listening:
    """Start indexing and listening in background threads (port 0: any free one); stop it with `.stop()`."""
    # pynetdicom's own INFO lines would list each request's UIDs; ours say what happened, by counts.
    _config.LOG_HANDLER_LEVEL = "none"
    _config.LOG_REQUEST_IDENTIFIERS = _config.LOG_RESPONSE_IDENTIFIERS = False
    private_dir(receiver.archive_dir)
    ae = AE(settings.ae_title)
    ae.require_called_aet = True  # an association meant for another AE is refused, not silently taken
    ae.require_calling_aet = list(settings.calling_ae_titles)
    for context in AllStoragePresentationContexts:
        ae.add_supported_context(context.abstract_syntax, ACCEPTED_SYNTAXES)
    ae.add_supported_context(Verification)
    handlers = [(evt.EVT_CONN_OPEN, _tls_handshake), (evt.EVT_C_STORE, receiver.store),
                (evt.EVT_CONN_CLOSE, receiver.association_ended),
                (evt.EVT_ACCEPTED, _log_refused_contexts),
                (evt.EVT_REJECTED, _log_rejection, [frozenset(settings.calling_ae_titles)])]
    receiver.start()
    try:
        server = ae.start_server((settings.host, settings.port), block=False, evt_handlers=handlers,
                                 ssl_context=settings.tls)
    except OSError as exc:
        receiver.stop()
        raise InvalidInput(f"cannot listen on {settings.host}:{settings.port} ({exc.strerror})") from None
    return Listening(server, receiver)


def _log_refused_contexts(event: Event) -> None:
    # The abstract syntaxes are SOP Class UIDs: kinds of object, not identifiers.
    refused = sorted({str(c.abstract_syntax) for c in event.assoc.rejected_contexts})
    if refused:
        log.warning("refused %d presentation context(s) from %s: abstract syntax not supported (%s)",
                    len(refused), _peer(event), ", ".join(refused))


def _log_rejection(event: Event, allowed: frozenset[str]) -> None:
    calling = str(event.assoc.requestor.ae_title or "").strip()
    if allowed and calling not in allowed:
        # An AE title names a device, not a person; one outside DICOM's repertoire is not repeated.
        shown = repr(calling) if _valid_ae_title(calling) else "(not a valid AE title)"
        log.warning("refused an association from %s: calling AE title %s is not allowed", _peer(event), shown)
        return
    log.warning("refused an association from %s (called AE title not ours, or no usable presentation context)",
                _peer(event))


def _peer(event: Event) -> str:
    return str(event.assoc.requestor.address)


def _valid_ae_title(title: str) -> bool:
    return bool(_AE_TITLE.fullmatch(title)) and bool(title.strip())


def _arrival(path: Path) -> tuple[int, ...]:
    """Return a spooled file's arrival order from its name (nanoseconds, then sequence)."""
    return tuple(int(part) for part in path.stem.split("-"))
