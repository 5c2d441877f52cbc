"""Job kind `cohort.export`: the export of an approved cohort request, started by its approval.

Re-running after an interruption resumes: the studies the killed run finished are kept (its work
folder's journal says which), the rest are done, and the data files come out byte-identical to an
uninterrupted run's.
"""
from ...deid.runs import ProfileRuns
from ...exports.package import ExportSummary
from ...exports.requests import export_request
from ...ontology import load_ontology
from ..context import JobContext
from ..registry import job_kind


@job_kind("cohort.export")
def export_cohort_request(ctx: JobContext) -> None:
    """Export the request in `params` {request_id}."""
    settings = ctx.settings
    export_request(ctx.db, int(ctx.params["request_id"]), actor=f"job:{ctx.job_id}",
                   runs=ProfileRuns.for_settings(ctx.db, settings),
                   ontology=load_ontology(settings.ontology_path, settings.cache_dir),
                   data_dir=settings.data_dir, progress=ctx.progress, finished=lambda summary: _record(ctx, summary))


def _record(ctx: JobContext, summary: ExportSummary) -> None:
    """Write the export's counts to the job row now: a poller that sees the request ready reads them next."""
    ctx.counts.update(summary.audit_details())
    ctx.flush()
