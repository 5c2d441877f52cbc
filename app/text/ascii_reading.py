r"""A `regex` expression's letter properties written as ASCII classes, for the standard engine on ASCII text.

Recognizer patterns say `\p{L}`, `\p{Lu}` and `\p{Ll}` so that accented names count as letters; the
standard engine has no such classes and cannot read them. On ASCII text the letters are A-Z and
a-z, so written as `[A-Za-z]`, `[A-Z]` and `[a-z]` the standard engine reads such a pattern as
`regex` does there, and `scanner.Scanner` may scan it by whichever way is fastest. Ignoring case the
engines read an upper- or lower-case property differently, so an expression with both is left
alone, as is any other property.
"""
from __future__ import annotations

import re

_ASCII_LETTERS = {"L": "A-Za-z", "Lu": "A-Z", "Ll": "a-z"}
_LETTER_PROPERTY = re.compile(r"\\p\{(L[ul]?)\}")
_CASED_PROPERTY = re.compile(r"\\p\{L[ul]\}")


def ascii_reading(expression: str) -> str | None:
    """`expression` with its letter properties as ASCII classes (None: it has none, or one that cannot be read so)."""
    if "\\p" not in expression or "\\P" in expression:
        return None
    if "(?i" in expression and _CASED_PROPERTY.search(expression):
        return None
    out: list[str] = []
    in_class = read = False
    at = 0
    while at < len(expression):
        char = expression[at]
        if char == "\\":
            letters = _LETTER_PROPERTY.match(expression, at)
            if letters is not None:
                members = _ASCII_LETTERS[letters.group(1)]
                out.append(members if in_class else f"[{members}]")
                at, read = letters.end(), True
                continue
            if expression.startswith("\\p", at):
                return None  # another property (\p{N}, \p{Alpha}, ...)
            out.append(expression[at:at + 2])
            at += 2
        elif char == "[" and not in_class:
            # A class opens; a "]" right after "[" or "[^" is a member, not its end.
            opening = "[^" if expression.startswith("[^", at) else "["
            at += len(opening)
            if expression.startswith("]", at):
                opening += "]"
                at += 1
            out.append(opening)
            in_class = True
        else:
            in_class = in_class and char != "]"
            out.append(char)
            at += 1
    return "".join(out) if read else None
