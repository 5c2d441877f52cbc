"""`cleanroom demo`: demo accounts and a synthetic demo archive, indexed (all idempotent)."""
from __future__ import annotations

from pathlib import Path

import click

from .context import CliContext, pass_cli

DEMO_USERS = (
    ("researcher", "researcher", "demo-researcher", "Rhea Researcher"),
    ("reviewer", "reviewer", "demo-reviewer", "Ravi Reviewer"),
    ("admin", "admin", "demo-admin-pass", "Ada Admin"),
)


@click.command()
@pass_cli
def demo(cli: CliContext) -> None:
    """Seed demo accounts and a synthetic demo archive, and index the archive (all idempotent); print the logins."""
    import shutil
    import tempfile

    from sqlalchemy import select

    from ..auth import accounts
    from ..models import User
    from ..ingest.folder import ingest_dicom
    from ..ingest.reports import ingest_reports
    from ..demo import CORPUS_DIRNAME, REPORTS_NAME, generate_demo_archive

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


COMMANDS = (demo,)
