"""The annotator with the shipped rules for an ontology, built once and shared by everything in the process."""
from __future__ import annotations

import threading

from .annotate import Annotator
from .model import Ontology

_lock = threading.Lock()
_last: Annotator | None = None


def shipped_annotator(ontology: Ontology) -> Annotator:
    """Return the annotator with the shipped rules for `ontology`, the same one for as long as it is asked for.

    Building one indexes every name of every concept (a second and a half of CPU). The rules it reads are cached
    for the process already and its own memo only remembers answers, so a second build would be the same annotator;
    like `load_ontology`, only the last ontology's is kept.
    """
    global _last
    with _lock:
        if _last is None or _last.ontology is not ontology:
            _last = Annotator(ontology)
        return _last
