"""The learned named-entity model (spaCy's small English pipeline, entity recognizer only), loaded once per process.

Loaded on first use, never at import: only a process that de-identifies report text pays its ~1 s and memory.
Before it loads, the files it is built from are checked against the digests recorded in data/ner_model.yaml, so a
different or altered model is refused with a ConfigError instead of running silently.
"""
from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.errors import ConfigError

PROVENANCE_PATH = Path(__file__).resolve().parent / "data" / "ner_model.yaml"


@lru_cache(maxsize=1)
def provenance() -> dict[str, Any]:
    """The model's record: package, version, upstream, licence, the components to build and the files' digests."""
    return yaml.safe_load(PROVENANCE_PATH.read_text(encoding="utf-8"))


def installed_model_dir() -> Path:
    """Where the installed package keeps the model (<module>/<module>-<version>)."""
    record = provenance()
    spec = importlib.util.find_spec(record["module"])
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the named-entity model package {record['package']}=={record['version']} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / f"{record['module']}-{record['version']}"


def verify(model_dir: Path) -> None:
    """Raise ConfigError unless every recorded file of the model in `model_dir` has its recorded SHA-256."""
    for name, expected in provenance()["sha256"].items():
        path = model_dir / name
        try:
            with path.open("rb") as stream:
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError as exc:
            raise ConfigError(f"named-entity model: cannot read {name} ({exc.__class__.__name__})") from exc
        if digest != expected:
            raise ConfigError(f"named-entity model: {name} is not the recorded file (sha256 {digest[:12]}…, "
                              f"expected {expected[:12]}…); refusing to run a different model")


def load_model(model_dir: Path) -> Any:
    """The verified model in `model_dir`, built with only the recorded components."""
    import spacy  # noqa: PLC0415 (heavy; the text engine imports it anyway, but callers of `verify` need not)

    verify(model_dir)
    keep = set(provenance()["components"])
    config = spacy.util.load_config(model_dir / "config.cfg")
    return spacy.load(model_dir, exclude=[name for name in config["components"] if name not in keep])


@lru_cache(maxsize=1)
def shared_model() -> Any:
    """This process's model, loaded and verified on first call."""
    return load_model(installed_model_dir())
