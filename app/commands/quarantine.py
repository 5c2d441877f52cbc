"""`cleanroom quarantine list DIR`: what a run could not prove clean, and why."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from ..errors import InvalidInput


@click.group()
def quarantine() -> None:
    """Inspect quarantine folders written by `deid dicom` and `cohort export` (DST.quarantine)."""


@quarantine.command("list")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per quarantined file.")
def list_quarantine(folder: Path, as_json: bool) -> None:
    """List quarantined files with their reason, profile, time and index reference (never source paths)."""
    entries = quarantined_files(folder)
    for entry in entries:
        if as_json:
            click.echo(json.dumps(entry, sort_keys=True))
        else:
            reference = f"; ref {entry['source_lookup'][:12]}" if entry["source_lookup"] else ""
            click.echo(f"{entry['quarantined_at'][:19]}  {entry['reason_code']:<22} {entry['file']}  "
                       f"({entry['reason']}; {entry['profile']}{reference})")
    counts = Counter(e["reason_code"] for e in entries)
    click.echo(f"{len(entries)} quarantined file(s)" + (": " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items()))
                                                        if counts else ""), err=True)


def quarantined_files(folder: Path) -> list[dict]:
    """Read the reason sidecars of a quarantine folder, oldest first."""
    entries = []
    for sidecar in sorted(Path(folder).glob("*/*.json")):
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise InvalidInput(f"{sidecar.name} in {sidecar.parent.name}/ is not a readable reason file") from None
        entries.append({"file": str(sidecar.with_suffix(".dcm").relative_to(folder)),
                        "reason_code": data.get("reason_code", ""), "reason": data.get("reason", ""),
                        "profile": data.get("profile", ""), "quarantined_at": data.get("quarantined_at", ""),
                        # the keyed reference of the file's quarantined_files row, whose sealed path opens
                        "source_lookup": data.get("source_lookup", "")})
    return sorted(entries, key=lambda e: e["quarantined_at"])


COMMANDS = (quarantine,)
