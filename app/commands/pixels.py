"""`cleanroom pixels scan SRC`: where burned-in text sits, as JSON, without writing anything."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pydicom

from ..errors import InvalidInput
from ..pixels import KINDS, PixelCleaner
from ..profiles.schema import PixelPolicy


@click.group()
def pixels() -> None:
    """Burned-in text in DICOM pixel data."""


@pixels.command("scan")
@click.argument("src", type=click.Path(path_type=Path))
@click.option("--all", "scan_all", is_flag=True, help="Read every image, not only those at risk of burned-in text.")
def pixels_scan(src: Path, scan_all: bool) -> None:
    """Report which files under SRC carry burned-in text and where (one JSON object per file; no text values)."""
    if not src.exists():
        raise InvalidInput("SRC does not exist")
    cleaner = PixelCleaner(PixelPolicy(scan="all" if scan_all else "at_risk", known_regions=True))
    skipped = no_pixels = 0
    for path in _files(src):
        try:
            ds = pydicom.dcmread(path)
        except Exception:  # not DICOM, truncated or corrupt: skipped and counted, its content never quoted
            skipped += 1
            continue
        if "PixelData" not in ds:
            no_pixels += 1
            continue
        result = cleaner.scan(ds)
        click.echo(json.dumps({
            "path": path.name if src.is_file() else path.relative_to(src).as_posix(),
            "at_risk": result.at_risk,
            "frames": result.frames,
            "frames_scanned": result.frames_scanned,
            "boxes": [list(box) for box in result.boxes],
            "kinds": {kind: KINDS[kind] for kind in sorted({box[5] for box in result.boxes})},
            "error": result.error,
        }))
    click.echo(json.dumps({"skipped_non_dicom": skipped, "skipped_no_pixel_data": no_pixels}))


def _files(src: Path) -> Iterator[Path]:
    """The file itself, or every file under the folder in a stable order."""
    if src.is_file():
        yield src
        return
    yield from sorted(p for p in src.rglob("*") if p.is_file())


COMMANDS = (pixels,)
