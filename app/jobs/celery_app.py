"""The Celery application: one task that runs a job by id with the shared job code."""
from __future__ import annotations

from functools import lru_cache

from celery import Celery
from celery.signals import worker_process_init

from ..config import Settings, load_settings
from ..db import Database
from ..dicom.quiet import silence_pydicom
from .runner import run_job

RUN_JOB_TASK = "cleanroom.run_job"


def make_celery(settings: Settings) -> Celery:
    """Return a Celery app bound to the configured broker and queue."""
    celery = Celery("cleanroom", broker=settings.celery_broker_url)
    celery.conf.update(
        task_default_queue=settings.celery_queue,
        # Job state is in the database; Celery's result backend would only duplicate it.
        task_ignore_result=True,
        # Acknowledge after the job ran, so a worker that dies mid-job hands it to another.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        # Redis hands an unacknowledged job (its worker killed) to another worker after this long; the sweep
        # that finds such jobs runs every interval x throttle seconds (100 s by default), never less often.
        broker_transport_options=_restore_options(settings.celery_visibility_timeout),
        worker_hijack_root_logger=False,
    )
    celery.task(name=RUN_JOB_TASK)(_run_job_task)
    # Each prefork child is quiet too, whatever Celery did to warnings and logging while starting it.
    worker_process_init.connect(_quiet_child, weak=False)
    return celery


def _restore_options(visibility_timeout: int) -> dict:
    """Return Redis transport options that look for abandoned jobs at least once per visibility timeout."""
    interval = min(10, visibility_timeout)
    return {"visibility_timeout": visibility_timeout, "unacked_restore_interval": interval,
            "unacked_restore_throttle": max(1, min(10, visibility_timeout // interval))}


def _quiet_child(**_) -> None:
    silence_pydicom()


def _run_job_task(job_id: int) -> str:
    settings, db = _worker_services()
    return run_job(db, settings, job_id)


@lru_cache(maxsize=1)
def _worker_services() -> tuple[Settings, Database]:
    settings = load_settings()
    return settings, Database(settings.database_url, settings.audit_key)
