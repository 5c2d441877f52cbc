"""Job kind `deid.dicom`: a de-identification batch run in the background with progress.

Re-running after an interruption is safe: outputs already written with the
same bytes are accepted as they are, so a resumed job just goes on.
"""
from pathlib import Path

from ...deid.batch import FileResult, plan_batch
from ...deid.runs import ProfileRuns
from ..context import JobContext
from ..registry import job_kind


@job_kind("deid.dicom")
def deidentify_folder(ctx: JobContext) -> None:
    """Run `params` {source, destination, profile, quarantine?, link_file?, workers?} as a batch."""
    params = ctx.params
    plan = plan_batch(Path(params["source"]), Path(params["destination"]), params.get("quarantine"),
                      params.get("link_file"), int(params.get("workers", 1)), ctx.settings.file_time_limit)
    done = 0

    def on_result(result: FileResult, total: int) -> None:
        nonlocal done
        done += 1
        ctx.count(result.status)
        ctx.progress(done, total)

    summary = ProfileRuns.for_settings(ctx.db, ctx.settings).deidentify_batch(
        params["profile"], plan, actor=f"job:{ctx.job_id}", on_result=on_result)
    ctx.counts.update({"files_in": summary.files_in, "written": summary.written,
                       "quarantined": summary.quarantined, "skipped": summary.skipped})
