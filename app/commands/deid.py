"""`cleanroom deid dicom SRC DST --profile NAME ...`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import audit
from ..cli import CliContext, pass_cli
from ..dicom.batch import BatchSummary, plan_batch, run_batch
from ..dicom.identity import IdentityKeys
from ..dicom.policy import Policy
from ..errors import CleanroomError
from ..profiles import ProfileLibrary
from ..profiles.store import record_profile
from .progress import progress_reporter


@click.group()
def deid() -> None:
    """De-identify DICOM files (reports and text arrive with the text engine)."""


@deid.command("dicom")
@click.argument("src", type=click.Path(exists=True, path_type=Path))
@click.argument("dst", type=click.Path(file_okay=False, path_type=Path))
@click.option("--profile", "profile_name", required=True, help="Profile name, e.g. research.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes.")
@click.option("--link-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the honest broker's linkage CSV here (never inside DST).")
@click.option("--quarantine", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for files that cannot be proven clean (default: DST.quarantine beside DST).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary line last.")
@pass_cli
def deid_dicom(cli: CliContext, src: Path, dst: Path, profile_name: str, workers: int, link_file: Path | None,
               quarantine: Path | None, as_json: bool) -> None:
    """De-identify a DICOM file or folder tree into DST/<patient>/<study>/<series>/<sop>.dcm."""
    svc = cli.migrated_services()
    profile = ProfileLibrary(svc.settings.profiles_dir).get(profile_name)
    policy = Policy(profile)
    plan = plan_batch(src, dst, quarantine, link_file, workers)
    with svc.db.session() as session:
        record_profile(session, profile, actor=cli.actor)
    keys = IdentityKeys.from_subkey(svc.settings.subkey)
    try:
        with progress_reporter("de-identifying", enabled=sys.stderr.isatty()) as report:
            summary = run_batch(plan, policy, keys, on_result=lambda result, total: report(total))
    except OSError as exc:
        _audit(svc, cli.actor, profile, None, outcome="failed")
        raise CleanroomError(f"the run failed writing its outputs: {exc.strerror or type(exc).__name__}") from None
    _audit(svc, cli.actor, profile, summary, outcome="ok")
    click.echo(describe(summary), err=as_json)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True))


def describe(summary: BatchSummary) -> str:
    """Return a one-paragraph human summary of a run (counts and reasons, never values)."""
    text = (f"{summary.files_in} file(s): {summary.written} written, {summary.quarantined} quarantined, "
            f"{summary.skipped} skipped in {summary.seconds:.1f} s ({summary.files_per_second:.0f} files/s, "
            f"{summary.workers} worker(s)) with {summary.profile}")
    if summary.reasons:
        text += "\nreasons: " + ", ".join(f"{code} {n}" for code, n in summary.reasons.items())
    return text


def _audit(svc, actor: str, profile, summary: BatchSummary | None, outcome: str) -> None:
    details = {"profile": profile.label, "hash": profile.hash}
    if summary is not None:
        details.update({k: v for k, v in summary.as_dict().items() if k != "profile"})
    with svc.db.session() as session:
        audit.record(session, actor=actor, action="deid.dicom", object_type="profile",
                     object_id=f"{profile.name}@{profile.version}", outcome=outcome, details=details)


COMMANDS = (deid,)
