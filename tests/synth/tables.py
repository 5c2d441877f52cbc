"""Read the phrase tables of the synthetic corpora (tests/synth/data)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> Any:
    """Return the parsed YAML file `name` from tests/synth/data."""
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
