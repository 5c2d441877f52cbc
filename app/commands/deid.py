"""`cleanroom deid dicom SRC DST --profile NAME ...`."""
from __future__ import annotations

import json
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import click

from .context import CliContext, pass_cli
from ..deid.batch import BatchSummary, plan_batch
from ..deid.runs import UnauditedRun
from ..errors import CleanroomError, InvalidInput
from .progress import progress_reporter, report_jsonl_run


@click.group()
def deid() -> None:
    """De-identify DICOM files, report files (JSONL) and text."""


@deid.command("dicom")
@click.argument("src", type=click.Path(exists=True, path_type=Path))
@click.argument("dst", type=click.Path(file_okay=False, path_type=Path))
@click.option("--profile", "profile_name", required=True, help="Profile name, e.g. research.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes.")
@click.option("--link-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the honest broker's linkage CSV here (never inside DST).")
@click.option("--quarantine", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for files that cannot be proven clean (default: DST.quarantine beside DST).")
@click.option("--time-limit", type=click.FloatRange(min=0), default=None,
              help="Seconds one file may take before it is quarantined as too_slow (0: no limit; default: "
                   "CLEANROOM_FILE_TIME_LIMIT, else 120).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary line last.")
@pass_cli
def deid_dicom(cli: CliContext, src: Path, dst: Path, profile_name: str, workers: int, link_file: Path | None,
               quarantine: Path | None, time_limit: float | None, as_json: bool) -> None:
    """De-identify a DICOM file or folder tree into DST/<patient>/<study>/<series>/<sop>.dcm."""
    svc = cli.migrated_services()
    limit = svc.settings.file_time_limit if time_limit is None else time_limit or None
    plan = plan_batch(src, dst, quarantine, link_file, workers, limit)
    try:
        with progress_reporter("de-identifying", enabled=sys.stderr.isatty()) as report:
            summary = svc.runs().deidentify_batch(profile_name, plan, actor=cli.actor,
                                                  on_result=lambda result, total: report(total))
    except (OSError, BrokenProcessPool) as exc:
        why = "a worker process died" if isinstance(exc, BrokenProcessPool) else \
            f"writing its outputs failed ({exc.strerror or type(exc).__name__})"
        partial = f"; the linkage file is left unfinished as {plan.link_file.name}.partial" if plan.link_file else ""
        raise CleanroomError(f"the run stopped: {why}{partial}") from None
    except UnauditedRun as exc:
        raise CleanroomError(f"{exc}: run the same command again to audit it (outputs already written are "
                             "kept)") from None
    click.echo(describe(summary), err=as_json)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True))


@deid.command("reports")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--profile", "profile_name", required=True, help="Profile name, e.g. research.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary line last.")
@pass_cli
def deid_reports(cli: CliContext, source: Path, destination: Path, profile_name: str, workers: int,
                 as_json: bool) -> None:
    """De-identify reports: JSONL lines {id, text, patient?, study_date?} -> {id, text, entities}."""
    svc = cli.migrated_services()
    with progress_reporter("de-identifying reports", enabled=sys.stderr.isatty()) as report:
        summary = svc.runs().deidentify_reports(profile_name, source, destination, actor=cli.actor, workers=workers,
                                                on_line=lambda number: report(None))
    report_jsonl_run(summary, f"with {summary.details['profile']}", as_json)


@deid.command("text")
@click.option("--profile", "profile_name", required=True, help="Profile name, e.g. research.")
@click.option("--patient", "patient_json", default=None, help='Known PHI as JSON, e.g. {"name": "DOE^JANE"}.')
@click.option("--json", "as_json", is_flag=True, help="Print {text, entities} instead of the text.")
@pass_cli
def deid_text(cli: CliContext, profile_name: str, patient_json: str | None, as_json: bool) -> None:
    """De-identify text from standard input to standard output."""
    patient = None
    if patient_json:
        try:
            patient = json.loads(patient_json)
        except json.JSONDecodeError:
            raise InvalidInput("--patient must be a JSON object") from None
        if not isinstance(patient, dict):
            raise InvalidInput("--patient must be a JSON object")
    svc = cli.migrated_services()
    result = svc.runs().deidentify_text(profile_name, sys.stdin.read(), patient=patient, actor=cli.actor)
    if as_json:
        click.echo(json.dumps({"text": result.text, "entities": [e.as_dict() for e in result.entities]}))
    else:
        click.echo(result.text, nl=False)


def describe(summary: BatchSummary) -> str:
    """Return a one-paragraph human summary of a run (counts and reasons, never values)."""
    text = (f"{summary.files_in} file(s): {summary.written} written, {summary.quarantined} quarantined, "
            f"{summary.skipped} skipped in {summary.seconds:.1f} s ({summary.rate:.0f} files/s, "
            f"{summary.workers} worker(s)) with {summary.profile}")
    if summary.reasons:
        text += "\nreasons: " + ", ".join(f"{code} {n}" for code, n in summary.reasons.items())
    return text


COMMANDS = (deid,)
