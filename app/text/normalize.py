"""A matching view of report text: NFKC-style compatibility folding, invisible characters gone, accents folded.

PHI can hide from exact matching behind characters a reader never sees: a soft hyphen or a
zero-width space inside a name, a combining accent, fullwidth letters, a non-breaking space between
the digit groups of an MRN. Every recognizer runs on the folded view instead (folded as
`app.known_phi.fold` folds the identifiers looked for), and each folded character remembers which
input character it came from, so reported spans still index the input and a replaced span takes
the invisible characters inside it with it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..known_phi import fold_char


@dataclass(frozen=True)
class FoldedText:
    """Folded text and, for each of its characters, the index of the input character it came from."""

    original: str
    text: str
    origins: tuple[int, ...] | None  # None: identical to the input (plain ASCII)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the folded text to the input span it was read from (invisibles after it included)."""
        if self.origins is None:
            return start, end
        origins = self.origins
        first = origins[start] if start < len(origins) else len(self.original)
        # The next kept character's origin: invisible characters and combining marks in between go with the span.
        after = origins[end] if end < len(origins) else len(self.original)
        last = origins[end - 1] + 1 if end > start else first
        return first, max(after, last)


def fold_with_origins(text: str) -> FoldedText:
    """Fold `text` for matching and keep the offset map back to it."""
    if text.isascii():
        return FoldedText(text, text, None)
    parts: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        parts.append(folded)
        origins.extend([index] * len(folded))
    return FoldedText(text, "".join(parts), tuple(origins))
