"""Load an ontology through its compiled cache, keyed by the file's SHA-256."""
from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

from .compile import compile_ontology
from .model import Concept, Ontology, OntologyError

CACHE_FORMAT = 1
_loaded: dict[tuple[Path, str], Ontology] = {}
_lock = threading.Lock()


def load_ontology(path: Path, cache_dir: Path | None = None) -> Ontology:
    """Return the ontology in `path`, compiling it only when no cache matches the file's hash."""
    path = Path(path).resolve()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OntologyError(f"cannot read the ontology file {path.name}: {exc.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    with _lock:
        cached = _loaded.get((path, digest))
        if cached is not None:
            return cached
        table = _read_cache(cache_dir, digest) if cache_dir else None
        if table is None:
            table = compile_ontology(path)
            if cache_dir:
                _write_cache(cache_dir, digest, table)
        ontology = Ontology({c["id"]: Concept.from_dict(c) for c in table["concepts"]},
                            version=table["version"], version_iri=table["version_iri"], sha256=digest)
        _loaded.clear()
        _loaded[(path, digest)] = ontology
        return ontology


def _cache_file(cache_dir: Path, digest: str) -> Path:
    return Path(cache_dir) / f"ontology-{digest[:24]}.json"


def _read_cache(cache_dir: Path, digest: str) -> dict | None:
    try:
        table = json.loads(_cache_file(cache_dir, digest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return table if table.get("format") == CACHE_FORMAT and table.get("sha256") == digest else None


def _write_cache(cache_dir: Path, digest: str, table: dict) -> None:
    """Write the compiled table atomically; a cache that cannot be written only costs speed."""
    target = _cache_file(cache_dir, digest)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps({"format": CACHE_FORMAT, "sha256": digest, **table}), encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)
