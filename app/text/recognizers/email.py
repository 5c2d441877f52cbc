"""E-mail addresses."""
from __future__ import annotations

from ._base import Anchor, SpanPatternRecognizer


class EmailRecognizer(SpanPatternRecognizer):
    """Finds e-mail addresses (also written "name at host dot org" to dodge filters)."""

    ENTITY = "EMAIL"
    PATTERNS = (
        ("address", r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])", 0.9,
         Anchor("@", at="near", before=64, after=128, stop=r"[\s<>()\[\],;:\"]")),
        ("spelled", r"(?<![\w.+-])[\w.+-]+[ \t]*(?:\[at\]|\(at\))[ \t]*[A-Za-z0-9-]+(?:[ \t]*(?:\.|\[dot\]|\(dot\))"
                    r"[ \t]*[A-Za-z0-9-]+)+", 0.7, Anchor(r"\[at\]|\(at\)", at="near", before=64, after=64)),
    )
    CONTEXT = ("email", "e-mail", "mail", "contact")
