"""Tokens with offsets, and the normal form that makes "Pneumothoraces" match "pneumothorax"."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

# Words (accented letters included: "épanchement"), numbers (with decimals) and single punctuation marks; an
# apostrophe-s stays on its word. A French article elided before a word is a word of its own ("d'épanchement" is
# "d", "'", "épanchement"), so that "pas d'" negates what follows as "pas de" does.
_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿŒœ"  # Latin-1's letters (not × or ÷) and the French ligature: an ASCII-fast class
_TOKEN = re.compile(rf"[{_LETTERS}]+(?:['’][{_LETTERS}]+)?|\d+(?:\.\d+)?|[^\s{_LETTERS}\d]")
_ELIDED = frozenset("dDlL")
# Letters NFKD does not take apart: the ligatures of French words ("œdème", "cæcum").
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
# Joiners inside a term ("ground-glass", "s/p") are not part of its normal form, so
# "ground glass" and "ground-glass" are one phrase.
JOINERS = frozenset({"-", "/", "'", "’", "\u2010", "\u2011", "\u2013"})

# Plurals that no suffix rule recovers (Latin and Greek forms radiologists write).
IRREGULAR = {
    "metastases": "metastasis", "stenoses": "stenosis", "diagnoses": "diagnosis", "anastomoses": "anastomosis",
    "thromboses": "thrombosis", "necroses": "necrosis", "fibroses": "fibrosis", "ectases": "ectasis",
    "pneumothoraces": "pneumothorax", "hemothoraces": "hemothorax", "hydropneumothoraces": "hydropneumothorax",
    "thoraces": "thorax", "diverticula": "diverticulum", "calculi": "calculus", "emboli": "embolus",
    "thrombi": "thrombus", "bronchi": "bronchus", "foci": "focus", "nuclei": "nucleus", "vertebrae": "vertebra",
    "bullae": "bulla", "pleurae": "pleura", "indices": "index", "appendices": "appendix", "apices": "apex",
    "cortices": "cortex", "vertices": "vertex", "hila": "hilum", "septa": "septum", "atria": "atrium",
    "ostia": "ostium", "menisci": "meniscus", "femora": "femur", "phalanges": "phalanx", "testes": "testis",
    "ovaries": "ovary", "bursae": "bursa", "fistulae": "fistula", "lacunae": "lacuna", "sulci": "sulcus",
    "gyri": "gyrus", "fungi": "fungus", "bacilli": "bacillus", "lymphomata": "lymphoma", "carcinomata": "carcinoma",
    "adenomata": "adenoma", "fibromata": "fibroma", "myomata": "myoma", "hamartomata": "hamartoma",
    "haematomata": "haematoma", "hematomata": "hematoma", "ganglia": "ganglion", "criteria": "criterion",
    "data": "datum", "spina": "spina", "ascites": "ascites", "diabetes": "diabetes", "series": "series",
    "lens": "lens", "pons": "pons", "pancreas": "pancreas", "atlas": "atlas", "biceps": "biceps",
    "triceps": "triceps", "quadriceps": "quadriceps", "corpus": "corpus", "status": "status", "was": "was",
    "has": "has", "does": "does", "this": "this", "its": "its", "towards": "towards", "versus": "versus",
    "always": "always", "perhaps": "perhaps", "afterwards": "afterwards", "meninges": "meninx", "larynges": "larynx", "pharynges": "pharynx",
    "calces": "calx", "radii": "radius", "tali": "talus", "humeri": "humerus", "uteri": "uterus",
    "leaves": "leaf", "halves": "half", "feet": "foot", "teeth": "tooth", "women": "woman", "men": "man",
    # "-ches" of a word that ends in "-che" keeps its "e" (the rule below makes "branches" "branch")
    "aches": "ache", "headaches": "headache", "backaches": "backache", "earaches": "earache", "niches": "niche",
}
_KEEP_S = ("ss", "us", "is")
# British spellings read as the American ones the ontology's names mostly use: "haemorrhage", "oesophageal",
# "tumours", "paediatric", "localised". Names and reports are read alike, so an American word holding one of these runs
# ("raised") still matches itself; none makes two words one.
_BRITISH = (("aem", "em"), ("oesoph", "esoph"), ("oedem", "edem"), ("oestr", "estr"), ("coeliac", "celiac"),
            ("foet", "fet"), ("rrhoea", "rrhea"), ("pnoea", "pnea"), ("paed", "ped"), ("caec", "cec"),
            ("faec", "fec"), ("aetiol", "etiol"), ("anaesth", "anesth"), ("gynaec", "gynec"), ("tumour", "tumor"),
            ("colour", "color"), ("grey", "gray"), ("sulph", "sulf"), ("isation", "ization"), ("ised", "ized"),
            ("ising", "izing"))
_BRITISH_ENDINGS = (("tre", "ter"), ("bre", "ber"))  # "centre", "fibre", "calibre"


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text: its characters, where they are, and its normal form."""

    text: str
    start: int
    end: int
    norm: str


@lru_cache(maxsize=65536)
def normal_form(word: str) -> str:
    """Return the case-, possessive- and number-folded form of one word token."""
    w = word.lower().replace("’", "'")
    if not w.isascii():  # "épanchement" is "epanchement": reports and names write accents, or not, at will
        w = "".join(c for c in unicodedata.normalize("NFKD", w.translate(_LIGATURES)) if not unicodedata.combining(c))
    if w.endswith("'s"):
        w = w[:-2]
    return _american(_singular(w))


def _singular(w: str) -> str:
    """Return the singular of a lower-case word (regular and Latin or Greek plurals)."""
    if w in IRREGULAR:
        return IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "ches", "shes", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(_KEEP_S):
        return w[:-1]
    return w


def _american(w: str) -> str:
    """Return the American spelling of a singular word written the British way ("haematoma", "centre")."""
    if len(w) <= 3 or not w.isalpha():
        return w
    for british, american in _BRITISH:
        if british in w:
            w = w.replace(british, american)
    for british, american in _BRITISH_ENDINGS:
        if w.endswith(british) and len(w) > 4:
            return w[:-3] + american
    return w


def tokenize(text: str) -> list[Token]:
    """Split text into tokens with offsets and normal forms (joiners included, marked by norm "")."""
    tokens = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        if word[0] in _ELIDED and word[1:2] in ("'", "’") and len(word) > 3:
            start = m.start()
            tokens.append(Token(word[0], start, start + 1, normal_form(word[0])))
            tokens.append(Token(word[1], start + 1, start + 2, ""))
            tokens.append(Token(word[2:], start + 2, m.end(), normal_form(word[2:])))
            continue
        norm = "" if word in JOINERS else normal_form(word)
        tokens.append(Token(word, m.start(), m.end(), norm))
    return tokens


def phrase_key(phrase: str) -> tuple[str, ...]:
    """Return the normal-form token sequence a phrase matches (joiners dropped)."""
    return tuple(t.norm for t in tokenize(phrase) if t.norm)


def joined_key(phrase: str, known: frozenset[str] | set[str]) -> tuple[str, ...]:
    """Return the normal-form token sequence of a phrase read as a report is, hyphenated words joined where known."""
    return tuple(t.norm for t in merge_hyphenated(phrase, tokenize(phrase), known) if t.norm)


def merge_hyphenated(text: str, tokens: list[Token], known: frozenset[str] | set[str],
                     prefixes: frozenset[str] = frozenset()) -> list[Token]:
    """Join "naso-gastric", "mid-line" into one token when the joined word is a known term word, and a prefix a
    dictation wrote apart ("hydro nephrosis", "intra ventricular") when one of `prefixes` is followed by one space."""
    merged: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        a = tokens[i]
        if i + 2 < n and tokens[i + 1].text in JOINERS and a.norm and tokens[i + 2].norm \
                and a.end == tokens[i + 1].start and tokens[i + 1].end == tokens[i + 2].start:
            b = tokens[i + 2]
            joined = normal_form(a.text + b.text) if (a.text + b.text).isalpha() else ""
            if joined in known:
                merged.append(Token(text[a.start:b.end], a.start, b.end, joined))
                i += 3
                continue
        if a.norm in prefixes and i + 1 < n and tokens[i + 1].start == a.end + 1 and text[a.end] == " ":
            b = tokens[i + 1]
            joined = normal_form(a.text + b.text) if b.text.isalpha() else ""
            if joined in known:
                merged.append(Token(text[a.start:b.end], a.start, b.end, joined))
                i += 2
                continue
        merged.append(a)
        i += 1
    return merged


# What a scanner's character recognition reads a letter as: "stenos1s", "effusi0n", "Mi1d", "signa1".
_MISREAD = {"0": ("o",), "1": ("i", "l")}
MISREAD_LIMIT = 3  # at most this many misread characters in one word, so that the readings tried stay few
# A letter next to a 0 or 1: where a misread word may be ("stenos1s"); the word is the run of letters, 0s and 1s around.
_MISREAD_SEAM = re.compile(r"[A-Za-z][01]|[01][A-Za-z]")
_WORD_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01")
_TWO_LETTERS = re.compile(r"[A-Za-z]{2}")


def _misread_words(text: str) -> dict[int, tuple[int, str]]:
    """The runs of letters, 0s and 1s that hold a seam and two letters side by side, by first character: (end, run)."""
    runs: dict[int, tuple[int, str]] = {}
    end = -1
    for seam in _MISREAD_SEAM.finditer(text):
        if seam.start() < end:
            continue  # in the run found before
        start, end = seam.start(), seam.end()
        while start and text[start - 1] in _WORD_CHARACTERS:
            start -= 1
        while end < len(text) and text[end] in _WORD_CHARACTERS:
            end += 1
        word = text[start:end]
        if (start and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit()):
            continue  # part of a number or a code ("2a10")
        if _TWO_LETTERS.search(word):
            runs[start] = (end, word)
    return runs


def merge_misread_digits(text: str, tokens: list[Token], known: frozenset[str] | set[str]) -> list[Token]:
    """Join a word that character recognition broke at a digit ("stenos1s", "protrusi0n") into the term word it
    reads as, when one reading of its 0s and 1s is a known term word; anything else is left as it was."""
    readings: dict[int, tuple[int, str]] = {}  # first character: (end, reading)
    for start, (end, word) in _misread_words(text).items():
        if sum(c in _MISREAD for c in word) > MISREAD_LIMIT:
            continue
        for letters in product(*(_MISREAD.get(c, (c,)) for c in word)):
            reading = normal_form("".join(letters))
            if reading in known:
                readings[start] = (end, reading)
                break
    if not readings:
        return tokens
    merged: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        found = readings.get(tokens[i].start)
        j = i
        while found and j < n and tokens[j].end < found[0]:
            j += 1
        if found and j < n and tokens[j].end == found[0]:
            merged.append(Token(text[tokens[i].start:found[0]], tokens[i].start, found[0], found[1]))
            i = j + 1
        else:
            merged.append(tokens[i])
            i += 1
    return merged
