"""`cleanroom jobs show ID` and `cleanroom worker`: background jobs and the Celery worker that runs them."""
from __future__ import annotations

import json

import click

from .context import CliContext, pass_cli
from ..errors import ConfigError, NotFound
from ..models import Job


@click.group()
def jobs() -> None:
    """Background jobs."""


@jobs.command("show")
@click.argument("job_id", type=int)
@pass_cli
def jobs_show(cli: CliContext, job_id: int) -> None:
    """Print a job's state, progress and counts as JSON."""
    with cli.migrated_services().db.session() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise NotFound(f"no job {job_id}")
        click.echo(json.dumps(job.summary(), indent=2))


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


COMMANDS = (jobs, worker)
