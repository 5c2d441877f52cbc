"""`cleanroom ingest dicom|dicomweb|reports ...` and `cleanroom index stats|reannotate`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..audit.chain import record
from .context import CliContext, pass_cli
from .progress import progress_reporter

SHOWN_PROBLEMS = 50


@click.group()
def ingest() -> None:
    """Index DICOM files and reports into the archive index."""


@ingest.command("dicom")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Header-reading processes.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary line last.")
@pass_cli
def ingest_dicom_command(cli: CliContext, paths: tuple[Path, ...], workers: int, as_json: bool) -> None:
    """Index DICOM files and folder trees (headers only; the same SOP Instance UID again updates it)."""
    from ..ingest.folder import ingest_dicom

    svc = cli.migrated_services()
    problems: list[str] = []

    def on_outcome(outcome, total):
        if outcome.status == "unreadable":
            problems.append(f"{outcome.path}: {outcome.reason}")
        report(total)

    with progress_reporter("indexing", enabled=sys.stderr.isatty()) as report:
        summary = ingest_dicom(svc.db, svc.sealer(), paths, workers, on_outcome=on_outcome)
    _record(cli, "ingest.dicom", summary.as_dict())
    _list_problems(problems, "unreadable")
    click.echo(f"{summary.files_in} file(s): {summary.indexed} indexed, {summary.updated} updated, "
               f"{summary.skipped} skipped (not DICOM), {summary.unreadable} unreadable in {summary.seconds:.1f} s "
               f"({summary.rate:.0f} files/s, {summary.workers} worker(s))", err=as_json)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True))


@ingest.command("dicomweb")
@click.argument("url")
@click.option("--study-date", metavar="FROM-TO", help="Study dates, e.g. 20200101-20201231 (an end may be left out).")
@click.option("--from", "date_from", metavar="DATE", help="First study date (YYYY-MM-DD), instead of --study-date.")
@click.option("--to", "date_to", metavar="DATE", help="Last study date (YYYY-MM-DD), instead of --study-date.")
@click.option("--modality", metavar="M", help="Only instances of this modality (CT, MR, ...).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary line last.")
@pass_cli
def ingest_dicomweb_command(cli: CliContext, url: str, study_date: str | None, date_from: str | None,
                            date_to: str | None, modality: str | None, as_json: bool) -> None:
    """Fetch from a PACS over DICOMweb (QIDO-RS, WADO-RS) what the index lacks, into the archive folder, indexed."""
    from ..ingest.dicomweb import DicomwebError, check_url, ingest_dicomweb, make_query, split_date_range

    if study_date and (date_from or date_to):
        raise click.UsageError("give --study-date or --from/--to, not both")
    if study_date:
        date_from, date_to = split_date_range(study_date)
    query, url = make_query(date_from, date_to, modality), check_url(url)
    svc = cli.migrated_services()
    failures: list[str] = []
    try:
        with progress_reporter("studies", enabled=sys.stderr.isatty()) as report:
            summary = ingest_dicomweb(svc.db, svc.sealer(), svc.settings.archive_dir, url, query,
                                      on_study=lambda done, total: report(total),
                                      on_failure=lambda code, message: failures.append(message))
    except DicomwebError as exc:  # what was fetched before the server failed is indexed: audit it
        _record(cli, "ingest.dicomweb", exc.summary.as_dict(), outcome="failed")
        raise
    _record(cli, "ingest.dicomweb", summary.as_dict())
    _list_problems(failures, "failed")
    click.echo(f"{summary.studies} stud{'y' if summary.studies == 1 else 'ies'}, {summary.instances_found} "
               f"instance(s) on {summary.server}: {summary.fetched} fetched, {summary.already_indexed} already "
               f"indexed, {summary.failed} failed; {summary.indexed} indexed, {summary.unreadable} unreadable "
               f"in {summary.seconds:.1f} s ({summary.rate:.0f} instances/s)", err=as_json)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True))


@ingest.command("reports")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary line last.")
@pass_cli
def ingest_reports_command(cli: CliContext, files: tuple[Path, ...], as_json: bool) -> None:
    """Index reports (.jsonl, .hl7 ORU^R01, .json/.ndjson FHIR R4), annotated and linked to their studies."""
    from ..ingest.reports import ingest_reports

    svc = cli.migrated_services()
    problems: list[str] = []
    with progress_reporter("indexing reports", enabled=sys.stderr.isatty()) as report:
        summary = ingest_reports(svc.db, svc.sealer(), svc.annotator(), files,
                                 on_problem=lambda path, p: problems.append(f"{path.name} {p.where}: {p.reason}"),
                                 on_report=lambda: report(None))
    _record(cli, "ingest.reports", summary.as_dict())
    _list_problems(problems, "invalid")
    linked = ", ".join(f"{n} by {how}" for how, n in summary.linked.items()) or "none"
    click.echo(f"{summary.reports_in} report(s): {summary.stored} stored, {summary.updated} updated, "
               f"{summary.invalid} invalid; linked {linked}; {summary.unlinked} unlinked; {summary.findings} "
               f"finding(s) with ontology {summary.ontology_version} in {summary.seconds:.1f} s "
               f"({summary.rate:.0f} reports/s)", err=as_json)
    reannotation = svc.queue_reannotation(actor=cli.actor)
    if reannotation:
        click.echo(f"reports annotated with an earlier ontology or engine: re-annotation job {reannotation} queued",
                   err=True)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True))


def _record(cli: CliContext, action: str, summary: dict, outcome: str = "ok") -> None:
    with cli.services.db.session() as session:
        record(session, actor=cli.actor, action=action, outcome=outcome, object_type="index", details=summary)


def _list_problems(problems: list[str], label: str) -> None:
    for line in problems[:SHOWN_PROBLEMS]:
        click.echo(f"{label} {line}", err=True)
    if len(problems) > SHOWN_PROBLEMS:
        click.echo(f"... and {len(problems) - SHOWN_PROBLEMS} more", err=True)


@click.group("index")
def index_group() -> None:
    """The archive index."""


@index_group.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@pass_cli
def index_stats_command(cli: CliContext, as_json: bool) -> None:
    """Print counts: totals, studies and instances by modality, studies by year, reports by link and annotation."""
    from ..ingest.stats import index_stats

    svc = cli.migrated_services()
    stats = index_stats(svc.db, svc.annotator())
    if as_json:
        click.echo(json.dumps(stats, sort_keys=True))
        return
    click.echo("  ".join(f"{name} {n}" for name, n in stats["totals"].items()))
    click.echo("\nmodality   studies  instances")
    for modality, counts in stats["modalities"].items():
        click.echo(f"{modality:<10} {counts['studies']:>7}  {counts['instances']:>9}")
    _counts_table("year       studies", stats["study_years"], 10, 7)
    _counts_table("reports    count", stats["report_links"], 12, 5)
    _counts_table("annotated with ontology   reports", stats["report_ontology_versions"], 25, 7)
    _counts_table("annotated with engine     reports", stats["report_annotator_versions"], 25, 7)
    current = stats["annotation"]
    click.echo(f"\n{current['stale_reports']} stale report(s): annotated with another ontology or engine than "
               f"ontology {current['ontology_version']}, engine {current['annotator_version']}")


def _counts_table(heading: str, counts: dict, key_width: int, count_width: int) -> None:
    """Print a blank line, a heading, then one `key count` row per entry."""
    click.echo(f"\n{heading}")
    for key, n in counts.items():
        click.echo(f"{key:<{key_width}} {n:>{count_width}}")


@index_group.command("reannotate")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary line last.")
@pass_cli
def index_reannotate_command(cli: CliContext, as_json: bool) -> None:
    """Annotate again the reports annotated with another ontology or annotation engine than the configured ones."""
    from ..ingest.reannotate import reannotate_reports

    svc = cli.migrated_services()
    with progress_reporter("re-annotating", enabled=sys.stderr.isatty()) as report:
        summary = reannotate_reports(svc.db, svc.sealer(), svc.annotator(),
                                     on_progress=lambda done, total: report(total))
    _record(cli, "index.reannotate", summary.as_dict())
    previous = ", ".join(f"{n} from {version}" for version, n in summary.previous_versions.items()) or "none stale"
    click.echo(f"{summary.reannotated} report(s) re-annotated with ontology {summary.ontology_version}, engine "
               f"{summary.annotator_version} ({previous}): "
               f"{summary.findings} finding(s) in {summary.seconds:.1f} s ({summary.rate:.0f} reports/s)",
               err=as_json)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True))


COMMANDS = (ingest, index_group)
