"""Job kinds `ingest.dicom` and `ingest.reports`: the same ingest the CLI runs, with progress on the job row.

Re-running after an interruption is safe: ingest is idempotent (SOP Instance UID, report ID).
"""
from ...audit.chain import record
from ...ingest.folder import ingest_dicom
from ...ingest.jobs import job_paths
from ...ingest.reports import ingest_reports
from ...ontology import Annotator, load_ontology
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


@job_kind("ingest.reports")
def ingest_reports_job(ctx: JobContext) -> None:
    """Index the report files in `params` {paths_sealed}, annotated with the configured ontology."""
    sealer = Sealer(ctx.settings.index_key)
    annotator = Annotator(load_ontology(ctx.settings.ontology_path, ctx.settings.cache_dir))
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


def _finish(ctx: JobContext, action: str, summary: dict) -> None:
    ctx.counts.update({k: v for k, v in summary.items() if isinstance(v, (int, float))})
    with ctx.db.session() as session:
        record(session, actor=f"job:{ctx.job_id}", action=action, object_type="index", details=summary)
