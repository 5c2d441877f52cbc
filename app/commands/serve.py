"""`cleanroom serve`: the web app and API under waitress."""
from __future__ import annotations

import click

from .context import CliContext, pass_cli


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@pass_cli
def serve(cli: CliContext, host: str, port: int, threads: int) -> None:
    """Serve the web app and API with waitress (production WSGI server)."""
    from .. import create_app
    from ..body_gate import gated_server, header_gate

    svc = cli.migrated_services()
    app = create_app(services=svc)
    resumed = svc.executor.resume_unfinished()
    reannotation = _queue_reannotation(svc)
    click.echo(f"Cleanroom serving on http://{host}:{port}/ (jobs: {svc.executor.name}"
               f"{f', resumed {len(resumed)}' if resumed else ''}"
               f"{f', re-annotating stale reports as job {reannotation}' if reannotation else ''})", err=True)
    # Waitress's own cap (1 GiB by default) is lowered to ours; the gate refuses earlier still.
    upload_limit = app.config["MAX_CONTENT_LENGTH"]
    server = gated_server(app, header_gate(svc, upload_limit), host=host, port=port, threads=threads,
                          ident="cleanroom", max_request_body_size=upload_limit + 1)
    try:
        server.run()
    finally:
        svc.executor.shutdown()


def _queue_reannotation(svc) -> int | None:
    """Queue re-annotation of stale reports (after resuming jobs, so a waiting one is not queued twice)."""
    from ..ontology import OntologyError

    try:
        return svc.queue_reannotation(actor="system")
    except OntologyError as exc:  # the service still serves; annotation answers 503 until the file is fixed
        click.echo(f"warning: stale reports not checked: {exc}", err=True)
        return None


COMMANDS = (serve,)
