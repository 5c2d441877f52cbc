"""`cleanroom profiles list | show NAME | diff A B | check FILE`."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .context import CliContext, pass_cli
from ..deid.compare import diff, explain
from ..deid.versions import record_library, resolve_reference
from ..dicom.policy import Policy
from ..profiles import ProfileLibrary, load_profile_file


def _library(cli: CliContext) -> ProfileLibrary:
    return ProfileLibrary(cli.services.settings.profiles_dir)


@click.group()
def profiles() -> None:
    """De-identification profiles: list, explain, diff, check."""


@profiles.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def profiles_list(cli: CliContext, as_json: bool) -> None:
    """List the profiles with version and content hash (and record new versions)."""
    items = cli.migrated_services().db.write(lambda session: record_library(session, _library(cli), actor=cli.actor))
    if as_json:
        click.echo(json.dumps([{"name": p.name, "version": p.version, "hash": p.hash,
                                "description": p.document.description} for p in items], indent=1))
        return
    for p in items:
        click.echo(f"{p.name:<20} v{p.version:<4} sha256:{p.hash[:12]}  {p.document.description[:70]}")


@profiles.command("show")
@click.argument("reference")
@click.option("--all", "show_all", is_flag=True, help="Also list attributes the profile keeps unchanged.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def profiles_show(cli: CliContext, reference: str, show_all: bool, as_json: bool) -> None:
    """Show a profile (NAME, NAME@VERSION or a file) and, per attribute, its action and where it comes from."""
    with cli.migrated_services().db.session() as session:
        profile = resolve_reference(session, _library(cli), reference)
    rows = explain(profile)
    if not show_all:
        rows = [r for r in rows if not r.action.startswith("K") or r.source != "standard"]
    if as_json:
        click.echo(json.dumps({"name": profile.name, "version": profile.version, "hash": profile.hash,
                               "lineage": profile.lineage, "settings": profile.document.model_dump(mode="json"),
                               "attributes": [r.__dict__ for r in rows]}, indent=1))
        return
    click.echo(f"{profile.label}  ({' <- '.join(profile.lineage)})")
    click.echo(profile.document.description)
    click.echo(f"options: {', '.join(profile.document.dicom.options) or 'none'}")
    click.echo(f"{'tag':<32} {'keyword':<40} {'action':<14} source")
    for row in rows:
        click.echo(f"{row.tag:<32} {row.keyword[:40]:<40} {row.action:<14} {row.source}")


@profiles.command("diff")
@click.argument("before")
@click.argument("after")
@pass_cli
def profiles_diff(cli: CliContext, before: str, after: str) -> None:
    """Show what changes from one profile to another (NAME, NAME@VERSION or files)."""
    with cli.migrated_services().db.session() as session:
        library = _library(cli)
        a, b = resolve_reference(session, library, before), resolve_reference(session, library, after)
    changes = diff(a, b)
    click.echo(f"{a.label} -> {b.label}: {len(changes)} change(s)")
    for change in changes:
        click.echo(f"  {change}")


@profiles.command("check")
@click.argument("path", type=click.Path(dir_okay=False))
@pass_cli
def profiles_check(cli: CliContext, path: str) -> None:
    """Validate a profile file (its `extends` resolved against the shipped profiles); exit 2 if invalid."""
    profile = load_profile_file(Path(path), cli.services.settings.profiles_dir)
    Policy(profile)  # compiles overrides, so an unknown keyword is reported here too
    click.echo(f"ok: {profile.label}")


COMMANDS = (profiles,)
