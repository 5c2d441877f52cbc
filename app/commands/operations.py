"""Running the service: `db`, `serve`, `worker`, `demo`, `audit verify`, `jobs show`."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .. import audit
from ..cli import CliContext, pass_cli
from ..db import safe_url
from ..errors import ConfigError, NotFound
from ..models import Job

DEMO_USERS = (
    ("researcher", "researcher", "demo-researcher", "Rhea Researcher"),
    ("reviewer", "reviewer", "demo-reviewer", "Ravi Reviewer"),
    ("admin", "admin", "demo-admin-pass", "Ada Admin"),
)


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@pass_cli
def db_upgrade(cli: CliContext) -> None:
    """Create or migrate the database schema to the current version."""
    svc = cli.services
    svc.db.upgrade()
    click.echo(f"database at revision {svc.db.current_revision()} ({safe_url(svc.db.url)})")


@db.command("current")
@pass_cli
def db_current(cli: CliContext) -> None:
    """Print the schema revision of the database and of this code."""
    svc = cli.services
    svc.db.check_reachable()
    click.echo(f"database: {svc.db.current_revision() or 'empty'}; code: {svc.db.head_revision()}")


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit trail."""


@audit_group.command("verify")
@pass_cli
def audit_verify(cli: CliContext) -> None:
    """Check that no audit event was edited or deleted; exit 1 if any was."""
    with cli.migrated_services().db.session() as session:
        problems = audit.verify(session)
        count = session.query(audit.chain.AuditEvent).count()
        head = session.get(audit.chain.AuditHead, audit.chain.HEAD_ROW_ID)
    for problem in problems:
        click.echo(f"BROKEN {problem}")
    if problems:
        raise click.exceptions.Exit(1)
    unkeyed = min(head.keyed_from - 1, count)
    note = f" (events 1-{unkeyed} predate the audit key and carry plain SHA-256)" if unkeyed else ""
    click.echo(f"audit chain intact: {count} events, keyed with the audit key{note}")


@click.group()
def jobs() -> None:
    """Background jobs."""


@jobs.command("show")
@click.argument("job_id", type=int)
@pass_cli
def jobs_show(cli: CliContext, job_id: int) -> None:
    """Print a job's state, progress and counts as JSON."""
    from ..api.jobs import job_summary

    with cli.migrated_services().db.session() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise NotFound(f"no job {job_id}")
        click.echo(json.dumps(job_summary(job), indent=2))


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
    click.echo(f"Cleanroom serving on http://{host}:{port}/ (jobs: {svc.executor.name}"
               f"{f', resumed {len(resumed)}' if resumed else ''})", err=True)
    # Waitress's own cap (1 GiB by default) is lowered to ours; the gate refuses earlier still.
    upload_limit = app.config["MAX_CONTENT_LENGTH"]
    server = gated_server(app, header_gate(svc, upload_limit), host=host, port=port, threads=threads,
                          ident="cleanroom", max_request_body_size=upload_limit + 1)
    try:
        server.run()
    finally:
        svc.executor.shutdown()


@click.command()
@click.option("--concurrency", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--pool", default="prefork", show_default=True, type=click.Choice(["prefork", "solo", "threads"]))
@pass_cli
def worker(cli: CliContext, concurrency: int, pool: str) -> None:
    """Run a Celery worker that executes jobs from the broker (CELERY_BROKER_URL)."""
    svc = cli.migrated_services()
    if svc.settings.job_executor != "celery":
        raise ConfigError("`cleanroom worker` needs CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
    svc.executor.celery.worker_main(["worker", "--loglevel=INFO", f"--concurrency={concurrency}", f"--pool={pool}",
                                     f"--queues={svc.settings.celery_queue}", "--without-gossip", "--without-mingle"])


@click.command()
@pass_cli
def demo(cli: CliContext) -> None:
    """Seed demo accounts and a synthetic demo archive, and index the archive (all idempotent); print the logins."""
    import shutil
    import tempfile

    from sqlalchemy import select

    from ..auth import accounts
    from ..demo import CORPUS_DIRNAME, REPORTS_NAME, generate_demo_archive
    from ..models import User
    from ..ingest.folder import ingest_dicom
    from ..ingest.reports import ingest_reports

    svc = cli.migrated_services()

    def seed(session) -> None:
        for username, role, password, name in DEMO_USERS:
            if session.scalar(select(User).where(User.username == username)) is None:
                accounts.add_user(session, username, role, password, actor="system:demo", display_name=name)

    svc.db.write(seed)
    archive = svc.settings.instance_path / "demo-archive"
    if not archive.exists():
        # Built aside and renamed, so an interrupted first run never leaves half an archive.
        staging = Path(tempfile.mkdtemp(prefix=".demo-", dir=svc.settings.instance_path))
        try:
            generate_demo_archive(staging / "archive")
            (staging / "archive").rename(archive)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    click.echo(f"Demo archive (synthetic studies and reports, no real patients): {archive}")
    # Indexed the way any archive is, so the cohort pages have studies, reports and findings to show.
    images = ingest_dicom(svc.db, svc.sealer(), [archive / CORPUS_DIRNAME])
    reports = ingest_reports(svc.db, svc.sealer(), svc.annotator(), [archive / REPORTS_NAME])
    click.echo(f"Indexed {images.indexed + images.updated} instances and {reports.stored + reports.updated} reports "
               f"({sum(reports.linked.values())} linked to their studies, {reports.findings} findings)")
    click.echo("Demo logins (change or disable them before real use):")
    for username, role, password, _ in DEMO_USERS:
        click.echo(f"  {role:<11} {username} / {password}")


COMMANDS = (db, audit_group, jobs, serve, worker, demo)
