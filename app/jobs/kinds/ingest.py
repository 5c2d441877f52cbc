"""Job kinds `ingest.dicom`, `ingest.dicomweb`, `ingest.reports` and `index.reannotate`: what the CLI runs.

Re-running after an interruption is safe: ingest is idempotent (SOP Instance UID, report ID).
"""
from ...audit.chain import record
from ...ingest.dicomweb import DicomwebError, ingest_dicomweb
from ...ingest.folder import ingest_dicom
from ...ingest.jobs import DICOMWEB_KIND, REANNOTATE_KIND, job_dicomweb, job_paths
from ...ingest.reannotate import reannotate_reports
from ...ingest.reports import ingest_reports
from ...ontology import load_ontology, shipped_annotator
from ...sealed import Sealer
from ..context import JobContext
from ..registry import job_kind

MAX_ERRORS = 100


@job_kind("ingest.dicom")
def ingest_dicom_job(ctx: JobContext) -> None:
    """Index the DICOM files under `params` {paths_sealed, workers?}."""
    sealer = Sealer(ctx.settings.index_key)
    done = 0

    def on_outcome(outcome, total):
        nonlocal done
        done += 1
        if outcome.status == "unreadable" and len(ctx.errors) < MAX_ERRORS:
            ctx.error(outcome.reason_code, f"file {done}: {outcome.reason}")  # a number, never the path
        ctx.progress(done, total)

    summary = ingest_dicom(ctx.db, sealer, job_paths(sealer, ctx.params), int(ctx.params.get("workers", 1)),
                           on_outcome=on_outcome)
    _finish(ctx, "ingest.dicom", summary.as_dict())


@job_kind(DICOMWEB_KIND)
def ingest_dicomweb_job(ctx: JobContext) -> None:
    """Fetch and index what a DICOMweb service holds and the index lacks: `params` {url_sealed, query}."""
    sealer = Sealer(ctx.settings.index_key)
    url, query = job_dicomweb(sealer, ctx.params)

    def on_failure(code: str, message: str) -> None:
        if len(ctx.errors) < MAX_ERRORS:
            ctx.error(code, message)

    try:
        summary = ingest_dicomweb(ctx.db, sealer, ctx.settings.archive_dir, url, query, on_study=ctx.progress,
                                  on_failure=on_failure)
    except DicomwebError as exc:  # the job fails with the message; what was fetched before is counted and audited
        _finish(ctx, DICOMWEB_KIND, exc.summary.as_dict(), outcome="failed")
        raise
    _finish(ctx, DICOMWEB_KIND, summary.as_dict())


@job_kind("ingest.reports")
def ingest_reports_job(ctx: JobContext) -> None:
    """Index the report files in `params` {paths_sealed}, annotated with the configured ontology."""
    sealer = Sealer(ctx.settings.index_key)
    annotator = shipped_annotator(load_ontology(ctx.settings.ontology_path, ctx.settings.cache_dir))
    done = 0

    def on_problem(path, problem):
        if len(ctx.errors) < MAX_ERRORS:
            ctx.error("invalid_report", f"{problem.where}: {problem.reason}")

    def on_report():
        nonlocal done
        done += 1
        ctx.progress(done)

    summary = ingest_reports(ctx.db, sealer, annotator, job_paths(sealer, ctx.params), on_problem=on_problem,
                             on_report=on_report)
    _finish(ctx, "ingest.reports", summary.as_dict())


@job_kind(REANNOTATE_KIND)
def reannotate_job(ctx: JobContext) -> None:
    """Annotate again the reports annotated with another ontology version than the configured one (no params)."""
    annotator = shipped_annotator(load_ontology(ctx.settings.ontology_path, ctx.settings.cache_dir))
    summary = reannotate_reports(ctx.db, Sealer(ctx.settings.index_key), annotator, on_progress=ctx.progress)
    _finish(ctx, REANNOTATE_KIND, summary.as_dict())


def _finish(ctx: JobContext, action: str, summary: dict, outcome: str = "ok") -> None:
    ctx.counts.update({k: v for k, v in summary.items() if isinstance(v, (int, float))})
    with ctx.db.session() as session:
        record(session, actor=f"job:{ctx.job_id}", action=action, outcome=outcome, object_type="index",
               details=summary)
