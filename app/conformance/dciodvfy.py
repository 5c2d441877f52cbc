"""Run dciodvfy (dicom3tools) on a file and return its error lines, normalised so input and output compare."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

# Values that differ between an input and its de-identified output (UIDs, numbers) inside error lines.
_NUMBERS = re.compile(r"[0-9][0-9.]{3,}")


def available() -> bool:
    """Whether dciodvfy is installed (Debian package dicom3tools)."""
    return shutil.which("dciodvfy") is not None


def error_lines(path: Path) -> list[str]:
    """Return dciodvfy's error lines for a file, numbers masked; a failed read counts as an error line."""
    result = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True, errors="replace", timeout=120)
    lines = (result.stdout + result.stderr).splitlines()
    return sorted(_NUMBERS.sub("#", line.strip()) for line in lines if line.startswith("Error"))
