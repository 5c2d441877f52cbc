"""Read the demo's data files (shipped inside the package, so an installed Cleanroom finds them)."""
from __future__ import annotations

from importlib.resources import files
from typing import Any

import yaml


def load(name: str) -> Any:
    """Return the parsed YAML file `name` from app/demo/data."""
    return yaml.safe_load(files(__package__).joinpath("data", name).read_text(encoding="utf-8"))
