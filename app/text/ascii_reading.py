r"""A `regex` expression's letter properties written as ASCII classes, for the standard engine on ASCII text.

Recognizer patterns say `\p{L}`, `\p{Lu}` and `\p{Ll}` so that accented names count as letters; the
standard engine has no such classes and cannot read them. On ASCII text the letters are A-Z and
a-z, so written as `[A-Za-z]`, `[A-Z]` and `[a-z]` the standard engine reads such a pattern as
`regex` does there, and `scanner.Scanner` may scan it by whichever way is fastest. Ignoring case the
engines read an upper- or lower-case property differently, so an expression with one inside a group
that ignores case (or under a global case flag) is left alone, as is any other property; outside
such a group, both engines read it case-sensitively.
"""
from __future__ import annotations

import re

_ASCII_LETTERS = {"L": "A-Za-z", "Lu": "A-Z", "Ll": "a-z"}
_LETTER_PROPERTY = re.compile(r"\\p\{(L[ul]?)\}")
# A group's inline flags: "(?i:" ignores case inside it, "(?-i:" does not, "(?i)" throughout.
_INLINE_FLAGS = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")


def ascii_reading(expression: str) -> str | None:
    """`expression` with its letter properties as ASCII classes (None: it has none, or one that cannot be read so)."""
    if "\\p" not in expression or "\\P" in expression:
        return None
    out: list[str] = []
    in_class = read = False
    ignoring_case = [False]  # per open group, whether case is ignored in it
    at = 0
    while at < len(expression):
        char = expression[at]
        if char == "\\":
            letters = _LETTER_PROPERTY.match(expression, at)
            if letters is not None:
                if letters.group(1) != "L" and ignoring_case[-1]:
                    return None
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
        elif char == "(" and not in_class:
            flags = _INLINE_FLAGS.match(expression, at)
            if flags is not None and flags.group(3) == ")" and "i" in flags.group(1):
                return None  # case ignored from here on, in whatever group: left alone
            on, off = (flags.group(1), flags.group(2) or "") if flags is not None else ("", "")
            ignoring_case.append("i" not in off and ("i" in on or ignoring_case[-1]))
            out.append(char)
            at += 1
        elif char == ")" and not in_class:
            ignoring_case.pop()
            out.append(char)
            at += 1
        else:
            in_class = in_class and char != "]"
            out.append(char)
            at += 1
    return "".join(out) if read else None
