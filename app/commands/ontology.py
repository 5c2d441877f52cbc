"""`cleanroom ontology search|show|check` and `cleanroom annotate IN.jsonl OUT.jsonl`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..audit.chain import record
from .context import CliContext, pass_cli
from .progress import progress_reporter, report_jsonl_run


@click.group()
def ontology() -> None:
    """Browse the radiology ontology: concepts, synonyms, hierarchy."""


@ontology.command("search")
@click.argument("text")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500), help="Most hits shown.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_cli
def search(cli: CliContext, text: str, limit: int, as_json: bool) -> None:
    """Find concepts by label, synonym, abbreviation or ID, best match first."""
    hits = cli.services.ontology().search(text, limit)
    if as_json:
        click.echo(json.dumps([{"id": h.concept.id, "label": h.concept.label, "matched": h.matched,
                                "score": h.score} for h in hits]))
        return
    if not hits:
        click.echo("no concept matches", err=True)
        sys.exit(1)
    for hit in hits:
        via = "" if hit.matched == hit.concept.label else f"  (via {hit.matched!r})"
        click.echo(f"{hit.concept.id:<10} {hit.concept.label}{via}")


@ontology.command("show")
@click.argument("concept_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_cli
def show(cli: CliContext, concept_id: str, as_json: bool) -> None:
    """Show one concept: names, definition, parents and children."""
    detail = cli.services.ontology().detail(concept_id)
    if as_json:
        click.echo(json.dumps(detail))
        return
    click.echo(f"{detail['id']}  {detail['label']}")
    for key in ("synonyms", "abbreviations"):
        if detail[key]:
            click.echo(f"  {key}: {', '.join(detail[key])}")
    for key in ("definition", "region", "source"):
        if detail[key]:
            click.echo(f"  {key}: {detail[key]}")
    for key in ("parents", "children"):
        click.echo(f"  {key}: " + (", ".join(f"{c['id']} {c['label']}" for c in detail[key]) or "none"))


@ontology.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_cli
def check(cli: CliContext, path: Path | None) -> None:
    """Load and check an ontology file (default: the configured one); exit 1 when it breaks a rule."""
    from ..ontology import load_ontology

    onto = load_ontology(path or cli.services.settings.ontology_path)
    roots: dict[str, int] = {}
    for concept in onto.concepts.values():
        roots[concept.root] = roots.get(concept.root, 0) + 1
    click.echo(f"ok: {len(onto)} concepts, version {onto.version} ({onto.version_iri}); "
               + ", ".join(f"{n} {root}" for root, n in sorted(roots.items())))


@click.command("annotate")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--roll-up", is_flag=True, help="Also label every ancestor of a labelled concept.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary line last.")
@pass_cli
def annotate(cli: CliContext, source: Path, destination: Path, roll_up: bool, workers: int, as_json: bool) -> None:
    """Annotate reports: JSONL lines {id, text} -> {id, findings, labels}."""
    from ..ontology.batch import annotate_jsonl

    svc = cli.migrated_services()
    with progress_reporter("annotating reports", enabled=sys.stderr.isatty()) as report:
        summary = annotate_jsonl(source, destination, svc.settings.ontology_path, svc.settings.cache_dir,
                                 roll_up=roll_up, workers=workers, on_line=lambda number: report(None))
    details = {k: v for k, v in summary.as_dict().items() if k != "invalid_lines"}
    svc.db.write(lambda session: record(session, actor=cli.actor, action="annotate.reports", object_type="ontology",
                                        object_id=summary.details["ontology_version"], details=details))
    report_jsonl_run(summary, f"with ontology {summary.details['ontology_version']}", as_json)


COMMANDS = (ontology, annotate)
