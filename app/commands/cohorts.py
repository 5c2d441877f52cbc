"""`cleanroom cohort count DEF.json`: feasibility counts of a cohort definition."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .context import CliContext, pass_cli
from ..errors import InvalidInput


@click.group("cohort")
def cohort() -> None:
    """Count and export cohorts of the archive index."""


@cohort.command("count")
@click.argument("definition_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--exact", is_flag=True, help="Show cells below the suppression threshold as they are.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON line.")
@pass_cli
def count_command(cli: CliContext, definition_file: Path, exact: bool, as_json: bool) -> None:
    """Count the patients, studies, series and instances a definition selects, and its labels' prevalence."""
    from ..cohorts.counts import counts_for

    svc = cli.migrated_services()
    definition, shown = counts_for(svc.db, svc.ontology(), _read_json(definition_file), actor=cli.actor,
                                   exact=exact, threshold=svc.settings.small_cell_threshold)
    if as_json:
        click.echo(json.dumps(shown, sort_keys=True))
        return
    click.echo(f"definition {definition.hash[:16]}")
    for key in ("patients", "studies", "series", "instances", "at_risk_instances"):
        click.echo(f"{key.replace('_', ' '):<18} {shown[key]}")
    for concept, parts in shown["labels"].items():
        click.echo(f"{concept:<18} " + "  ".join(f"{status} {n}" for status, n in parts.items()))


@cohort.command("export")
@click.argument("definition_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@click.option("--profile", "profile_name", required=True, help="De-identification profile (profiles/NAME.yaml).")
@click.option("--outputs", default="dicom,reports,labels", show_default=True,
              help="Comma list of dicom, nifti, png, reports, labels.")
@click.option("--seed", default=0, show_default=True, type=click.IntRange(0, 2**31 - 1),
              help="Seed of the patient-level train/validation/test split.")
@click.option("--zip", "as_zip", is_flag=True, help="Also write DESTINATION.zip.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="De-identifying processes.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary line last.")
@pass_cli
def export_command(cli: CliContext, definition_file: Path, destination: Path, profile_name: str, outputs: str,
                   seed: int, as_zip: bool, workers: int, as_json: bool) -> None:
    """Export a cohort as a BagIt package: de-identified images and reports, labels, splits, manifest.

    An export that was killed resumes when run again with the same DESTINATION: the studies it had
    finished are kept, and the package comes out the same as an uninterrupted run's.
    """
    from ..cohorts.definition import check_concepts, parse_definition
    from ..exports.package import Engines, ExportPlan, check_plan, export_cohort
    from .progress import progress_reporter

    definition = parse_definition(_read_json(definition_file))
    plan = ExportPlan(definition, destination.resolve(), tuple(o.strip() for o in outputs.split(",") if o.strip()),
                      seed, as_zip, workers)
    check_plan(plan)  # before the engines load: a mistyped option is refused at once
    svc = cli.migrated_services()
    ontology = svc.ontology()
    check_concepts(definition, lambda concept: concept in ontology.concepts)
    with progress_reporter("exporting", enabled=sys.stderr.isatty()) as report:
        summary = svc.runs().export(
            profile_name, lambda export: export_cohort(svc.db, svc.sealer(), plan, Engines.for_export(export, ontology),
                                                       progress=lambda done, total: report(total)),
            actor=cli.actor, resumable=True)  # run again, a failed export resumes
    resumed = f" (resumed: {summary.studies_resumed} stud(ies) kept)" if summary.studies_resumed else ""
    click.echo(f"{summary.patients} patient(s), {summary.studies} stud(ies), {summary.instances} instance(s), "
               f"{summary.reports} report(s) exported to {summary.path}{resumed}; {summary.studies_left_out} "
               f"stud(ies) left out; quarantined: {summary.quarantined or 'none'}", err=as_json)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True))


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path.name} is not JSON ({type(exc).__name__})") from None


COMMANDS = (cohort,)
