"""Job kind `deid.dicom`: a de-identification batch run in the background with progress.

Re-running after an interruption is safe: outputs already written with the
same bytes are accepted as they are, so a resumed job just goes on.
"""
from pathlib import Path

from ...dicom.batch import plan_batch, run_batch
from ...identity import IdentityKeys
from ...dicom.policy import Policy
from ...profiles import ProfileLibrary
from ...profiles.store import record_profile, record_profile_run
from ..context import JobContext
from ..registry import job_kind


@job_kind("deid.dicom")
def deidentify_folder(ctx: JobContext) -> None:
    """Run `params` {source, destination, profile, quarantine?, link_file?, workers?} as a batch."""
    params = ctx.params
    profile = ProfileLibrary(ctx.settings.profiles_dir).get(params["profile"])
    plan = plan_batch(Path(params["source"]), Path(params["destination"]), params.get("quarantine"),
                      params.get("link_file"), int(params.get("workers", 1)), ctx.settings.file_time_limit)
    ctx.db.write(lambda session: record_profile(session, profile, actor=f"job:{ctx.job_id}"))
    done = 0

    def on_result(result, total):
        nonlocal done
        done += 1
        ctx.count(result.status)
        ctx.progress(done, total)

    summary = run_batch(plan, Policy(profile), IdentityKeys.from_subkey(ctx.settings.subkey), on_result=on_result)
    ctx.counts.update({"files_in": summary.files_in, "written": summary.written,
                       "quarantined": summary.quarantined, "skipped": summary.skipped})
    ctx.db.write(lambda session: record_profile_run(session, profile, actor=f"job:{ctx.job_id}", action="deid.dicom",
                                                    details=summary.as_dict()))
