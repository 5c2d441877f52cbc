"""`cleanroom scp` over TLS (certificates made here, pynetdicom and dcmtk as senders) and with an allow-list of
calling AE titles: what is allowed is kept and indexed, the rest refused and logged without PHI."""
from __future__ import annotations

import datetime
import ipaddress
import logging
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pynetdicom import AE
from pynetdicom.sop_class import CTImageStorage, Verification

from app.ingest.receiver import Receiver, ReceiverSettings, start_receiver, tls_context
from app.models import Instance
from tests.dicom_factory import PHI_STRINGS, instance, to_bytes
from tests.integration.served import free_port
from tests.integration.test_receiver import eventually
from tests.support.cli import cleanroom

AE_TITLE = "CLEANROOM"


@dataclass(frozen=True)
class Identity:
    """A private key and certificate as PEM files."""

    key: Path
    certificate: Path


@dataclass(frozen=True)
class Pki:
    """A CA, the receiver's certificate and a sender's client certificate it signed, and a stranger's."""

    ca: Path
    server: Identity
    client: Identity
    stranger: Identity


def _write_identity(folder: Path, name: str, subject: str, issuer: tuple | None, server: bool) -> tuple:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issuer_name, issuer_key = issuer or (x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]), key)
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(issuer_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), critical=True))
    if issuer is not None:
        usage = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        if server:
            builder = builder.add_extension(x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    certificate = builder.sign(issuer_key, hashes.SHA256())
    paths = Identity(folder / f"{name}.key", folder / f"{name}.crt")
    paths.key.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
    paths.certificate.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return paths, (certificate.subject, key)


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> Pki:
    """Certificates made with `cryptography`: a CA, a server and a client it signed, a self-signed stranger."""
    folder = tmp_path_factory.mktemp("pki")
    ca, ca_signer = _write_identity(folder, "ca", "Cleanroom test CA", None, server=False)
    server, _ = _write_identity(folder, "server", "localhost", ca_signer, server=True)
    client, _ = _write_identity(folder, "client", "MODALITY1", ca_signer, server=False)
    stranger, _ = _write_identity(folder, "stranger", "STRANGER", None, server=False)
    return Pki(ca.certificate, server, client, stranger)


@pytest.fixture
def listen(services):
    """Start a receiver on a free loopback port with the given settings; yields a function returning its port."""
    started = []

    def start(**settings) -> int:
        receiver = Receiver(services.db, services.sealer(), services.settings.archive_dir)
        started.append(start_receiver(receiver, ReceiverSettings("127.0.0.1", 0, AE_TITLE, **settings)))
        return started[-1].port

    yield start
    for listening in started:
        listening.stop()


def client_tls(pki: Pki, identity: Identity | None) -> ssl.SSLContext:
    """A sender's TLS context: trusts the test CA, presents `identity` (if any)."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(pki.ca))
    if identity is not None:
        context.load_cert_chain(identity.certificate, identity.key)
    return context


def send(port: int, calling: str = "TESTSCU", tls: ssl.SSLContext | None = None):
    """Associate (over TLS when given a context) and C-STORE one instance; return its SOP Instance UID, or None
    when the association was refused."""
    ae = AE(calling)
    ae.acse_timeout = ae.network_timeout = ae.connection_timeout = 10
    for context in (CTImageStorage, Verification):
        ae.add_requested_context(context)
    association = ae.associate("127.0.0.1", port, ae_title=AE_TITLE,
                               tls_args=(tls, "localhost") if tls is not None else None)
    if not association.is_established:
        return None
    ds = instance()
    status = association.send_c_store(ds).Status
    association.release()
    return ds.SOPInstanceUID if status == 0x0000 else None


def indexed(db) -> set[str]:
    with db.session() as session:
        return set(session.scalars(sa.select(Instance.sop_instance_uid)))


def test_tls_receiver_keeps_what_comes_over_tls_and_refuses_plain_tcp(services, pki, listen):
    port = listen(tls=tls_context(pki.server.certificate, pki.server.key))
    sop_uid = send(port, tls=client_tls(pki, None))
    assert sop_uid is not None
    assert eventually(lambda: indexed(services.db) == {sop_uid})
    assert send(port) is None  # plain TCP to a TLS port: no association


def test_with_a_ca_only_senders_holding_a_certificate_it_signed_are_accepted(services, pki, listen, caplog):
    caplog.set_level(logging.WARNING)
    port = listen(tls=tls_context(pki.server.certificate, pki.server.key, pki.ca))
    assert send(port, tls=client_tls(pki, None)) is None
    assert send(port, tls=client_tls(pki, pki.stranger)) is None
    assert eventually(lambda: caplog.text.count("refused a TLS connection from 127.0.0.1") == 2)
    sop_uid = send(port, tls=client_tls(pki, pki.client))
    assert sop_uid is not None
    assert eventually(lambda: indexed(services.db) == {sop_uid})
    assert not any(value in caplog.text for value in PHI_STRINGS)


def test_a_silent_connection_does_not_hold_up_tls_senders(services, pki, listen):
    port = listen(tls=tls_context(pki.server.certificate, pki.server.key))
    with socket.create_connection(("127.0.0.1", port)):  # connects, never says hello
        time.sleep(0.2)
        assert send(port, tls=client_tls(pki, None)) is not None


def test_calling_ae_titles_not_listed_are_refused_and_logged_by_title(services, listen, caplog):
    caplog.set_level(logging.WARNING)
    port = listen(calling_ae_titles=("MODALITY1", "CT SCANNER 2"))
    assert send(port, calling="INTRUDER") is None
    assert eventually(lambda: "refused an association from 127.0.0.1: calling AE title 'INTRUDER' is not "
                              "allowed" in caplog.text)
    accepted = {send(port, calling="MODALITY1"), send(port, calling="CT SCANNER 2")}
    assert None not in accepted
    assert eventually(lambda: indexed(services.db) == accepted)


def test_cli_receives_from_dcmtk_over_tls_with_client_certificates_and_an_allow_list(services, overrides, pki,
                                                                                    tmp_path):
    env = {**overrides, "CLEANROOM_SCP_TLS_CERT": str(pki.server.certificate),
           "CLEANROOM_SCP_TLS_KEY": str(pki.server.key), "CLEANROOM_SCP_TLS_CA": str(pki.ca),
           "CLEANROOM_SCP_CALLING_AE_TITLES": "MODALITY1"}
    (tmp_path / "ct.dcm").write_bytes(to_bytes(ds := instance()))
    port = free_port()

    def storescu(calling: str, identity: Identity, *files: Path) -> subprocess.CompletedProcess:
        return subprocess.run(["storescu", "-aet", calling, "-aec", "ARCHIVE1", "+tls", str(identity.key),
                               str(identity.certificate), "+cf", str(pki.ca), "127.0.0.1", str(port),
                               *map(str, files)], capture_output=True, text=True, timeout=60)

    process = subprocess.Popen([sys.executable, "-m", "app", "scp", "--host", "127.0.0.1", "--port", str(port),
                                "--ae-title", "ARCHIVE1"], env={**os.environ, **env},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while (sent := storescu("MODALITY1", pki.client, tmp_path / "ct.dcm")).returncode != 0:
            assert process.poll() is None and time.monotonic() < deadline, sent.stderr
            time.sleep(0.2)
        assert storescu("INTRUDER", pki.client, tmp_path / "ct.dcm").returncode != 0
        assert storescu("MODALITY1", pki.stranger, tmp_path / "ct.dcm").returncode != 0
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert ("receiving as ARCHIVE1 on 127.0.0.1:" f"{port} (TLS, client certificates required; calling AE titles "
            "MODALITY1)") in err
    assert "calling AE title 'INTRUDER' is not allowed" in err
    assert "refused a TLS connection from 127.0.0.1: CERTIFICATE_VERIFY_FAILED" in err  # the stranger
    assert "Traceback" not in err
    assert indexed(services.db) == {ds.SOPInstanceUID}
    assert not any(value in out + err for value in PHI_STRINGS)


@pytest.mark.parametrize("settings, message", [
    ({"CLEANROOM_SCP_TLS_CERT": "server.crt"}, "CLEANROOM_SCP_TLS_CERT and CLEANROOM_SCP_TLS_KEY must be set together"),
    ({"CLEANROOM_SCP_TLS_CA": "ca.crt"}, "CLEANROOM_SCP_TLS_CA (client certificates) needs CLEANROOM_SCP_TLS_CERT"),
    ({"CLEANROOM_SCP_TLS_CERT": "missing.crt", "CLEANROOM_SCP_TLS_KEY": "missing.key"},
     "the receiver's TLS certificate, key or CA (missing.crt, missing.key) cannot be used: No such file"),
    ({"CLEANROOM_SCP_CALLING_AE_TITLES": "MODALITY1,A\\B"}, "each allowed calling AE title must be 1 to 16"),
])
def test_cli_refuses_unusable_receiver_settings_in_one_line(overrides, tmp_path, settings, message):
    env = {**overrides, **{name: str(tmp_path / value) if name.startswith("CLEANROOM_SCP_TLS") else value
                           for name, value in settings.items()}}
    result = cleanroom("scp", "--host", "127.0.0.1", "--port", free_port(), env=env)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"error: {message}") and len(result.stderr.strip().splitlines()) == 1
