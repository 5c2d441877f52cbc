"""`cleanroom cohort count DEF.json`: feasibility counts of a cohort definition."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..audit.chain import record
from ..cli import CliContext, pass_cli
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
    from ..cohorts.counts import feasibility

    try:
        data = json.loads(definition_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{definition_file.name} is not JSON ({type(exc).__name__})") from None
    svc = cli.migrated_services()
    definition, counts = feasibility(svc.db, svc.ontology(), data)
    shown = counts.exact() if exact else counts.suppressed(svc.settings.small_cell_threshold)
    svc.db.write(lambda session: record(session, actor=cli.actor, action="cohort.count", object_type="cohort",
                                        object_id=definition.hash[:16], details={"exact": exact}))
    if as_json:
        click.echo(json.dumps({"definition_hash": definition.hash, **shown}, sort_keys=True))
        return
    click.echo(f"definition {definition.hash[:16]}")
    for key in ("patients", "studies", "series", "instances", "at_risk_instances"):
        click.echo(f"{key.replace('_', ' '):<18} {shown[key]}")
    for concept, parts in shown["labels"].items():
        click.echo(f"{concept:<18} " + "  ".join(f"{status} {n}" for status, n in parts.items()))


COMMANDS = (cohort,)
