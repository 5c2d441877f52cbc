"""`cleanroom scp`: receive DICOM over the network (C-STORE, C-ECHO) into the archive and the index."""
from __future__ import annotations

import signal
import threading

import click

from .context import CliContext, pass_cli

POLL_S = 0.5


@click.command("scp")
@click.option("--port", default=11112, show_default=True, type=click.IntRange(1, 65535), help="TCP port to listen on.")
@click.option("--ae-title", default="CLEANROOM", show_default=True, help="The AE title senders must call.")
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on (127.0.0.1: this host only).")
@pass_cli
def scp_command(cli: CliContext, port: int, ae_title: str, host: str) -> None:
    """Run a DICOM receiver: what is sent is kept in the archive folder and indexed; Ctrl-C or SIGTERM stops it.

    CLEANROOM_SCP_CALLING_AE_TITLES (comma-separated) limits who may send; CLEANROOM_SCP_TLS_CERT and
    CLEANROOM_SCP_TLS_KEY make it listen over TLS, and CLEANROOM_SCP_TLS_CA requires client certificates.
    """
    from ..ingest.receiver import Receiver, ReceiverSettings, start_receiver, tls_context

    config = cli.services.settings
    tls = tls_context(config.scp_tls_cert, config.scp_tls_key, config.scp_tls_ca) if config.scp_tls_cert else None
    settings = ReceiverSettings(host, port, ae_title, config.scp_calling_ae_titles, tls)
    svc = cli.migrated_services()
    receiver = Receiver(svc.db, svc.sealer(), svc.settings.archive_dir)
    listening = start_receiver(receiver, settings)
    stop = threading.Event()
    previous = {signum: signal.signal(signum, lambda *_: stop.set()) for signum in (signal.SIGTERM, signal.SIGINT)}
    click.echo(f"receiving as {ae_title} on {host}:{port}{_limits(settings)}; Ctrl-C or SIGTERM stops", err=True)
    try:
        while not stop.wait(POLL_S):  # a timed wait, so the signal handler runs promptly
            pass
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        listening.stop()  # open associations finish (or are aborted), then what they sent is indexed and audited
    counts = dict(sorted(receiver.counts.items()))
    click.echo("stopped; " + (", ".join(f"{n} {what.replace('_', ' ')}" for what, n in counts.items())
                              or "nothing received"), err=True)


def _limits(settings) -> str:
    """Return what restricts the receiver, for its start line: TLS (with client certificates), calling AE titles."""
    limits = []
    if settings.tls is not None:
        limits.append("TLS" + (", client certificates required" if settings.tls.verify_mode.name == "CERT_REQUIRED"
                               else ""))
    if settings.calling_ae_titles:
        limits.append(f"calling AE titles {', '.join(settings.calling_ae_titles)}")
    return f" ({'; '.join(limits)})" if limits else ""


COMMANDS = (scp_command,)
