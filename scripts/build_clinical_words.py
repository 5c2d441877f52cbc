#!/usr/bin/env python3
"""Write the report-text engine's list of clinical words taken from the radiology ontology's names.

app/text/data/ontology_words.txt: the words that the ontology's preferred names and synonyms
(ontologies/radiology.ttl) write in lower case ("ductus arteriosus", "abruptio placentae", "pes
anserinus") and that no English dictionary lists nor a clinical ending ("-itis") already marks, so the text engine reads them as clinical vocabulary
when a report capitalises them. Words the ontology capitalises (eponyms) are left to the allow-list, and
so are Census given names, common surnames (rank 5,000 or better) and listed towns ("baja"), which stay
names and places where one is cued. The text engine reads this small file, never the ontology itself.
Rerun after the ontology changes:

    .venv/bin/python scripts/build_clinical_words.py
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import names as census_names

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.text.recognizers._gazetteer import drug_names, given_names, is_english, listed_place  # noqa: E402
from app.text.recognizers._vocabulary import CLINICAL_SUFFIX  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontologies" / "radiology.ttl"
OUT = REPO / "app" / "text" / "data" / "ontology_words.txt"
COMMON_SURNAME_RANK = 5000
# The English names and synonyms of concepts: "kinking"@en.
_LABEL = re.compile(r'"([^"]+)"@en')
_WORD = re.compile(r"(?<![\w'-])[a-z]{4,}(?![\w'-])")


def common_surnames() -> frozenset[str]:
    """Lower-case Census surnames ranked COMMON_SURNAME_RANK or better."""
    with open(census_names.FILES["last"], encoding="utf-8") as rows:
        return frozenset(parts[0].lower() for parts in (row.split() for row in rows)
                         if len(parts) >= 4 and int(parts[3]) <= COMMON_SURNAME_RANK)


def render() -> str:
    """The file's text: a header, then the lower-case label words no dictionary, drug, name or place list claims."""
    labels = _LABEL.findall(ONTOLOGY.read_text(encoding="utf-8"))
    words = {w for label in labels for w in _WORD.findall(label)}
    excluded = given_names() | common_surnames() | drug_names()
    kept = sorted(w for w in words
                  if w not in excluded and not is_english(w) and not CLINICAL_SUFFIX.search(w) and not listed_place(w))
    return ("# Words the radiology ontology's names write in lower case that no English dictionary lists;\n"
            "# written by scripts/build_clinical_words.py from ontologies/radiology.ttl.\n"
            + "".join(f"{w}\n" for w in kept))


def main() -> None:
    """Write the list next to the engine's other word lists."""
    text = render()
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.name}: {text.count(chr(10)) - 2} words")


if __name__ == "__main__":
    main()
