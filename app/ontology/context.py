"""ConText-style assertion: which cue, if any, governs each finding mention of a sentence."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .normalize import phrase_key
from .phrases import Match, PhraseIndex

PRESENT, ABSENT, UNCERTAIN, HISTORICAL = "present", "absent", "uncertain", "historical"
STATUSES = (PRESENT, ABSENT, UNCERTAIN, HISTORICAL)
# Report-level precedence among mentions of equal section weight: present beats uncertain beats absent.
STATUS_RANK = {PRESENT: 4, UNCERTAIN: 3, ABSENT: 2, HISTORICAL: 1}
_CATEGORY_STATUS = {"negated": ABSENT, "uncertain": UNCERTAIN, "historical": HISTORICAL}
ALL_CUES = frozenset(_CATEGORY_STATUS)
# When two cues are equally close, negation wins over hedging, hedging over history.
_TIE_ORDER = {"negated": 0, "uncertain": 1, "historical": 2}
# "adverb": words that may stand inside a cue phrase without changing it ("cannot be confidently excluded").
_CATEGORIES = (*_CATEGORY_STATUS, "pseudo", "terminate", "adverb")
_DIRECTIONS = ("forward", "backward", "both")
HARD_STOPS = frozenset({";"})
CLAUSE_ENDS = frozenset({",", ";"})
# What ends a near cue's reach: a comma. What ends the reach of any cue before its finding: a dash set between two
# clauses ("T½ after furosemide 24 min — partial obstruction", "no fracture line — active stress reaction"), which after
# a finding names its field's value ("Pneumothorax — none").
CLAUSE_DASH = "\u2014"
LIST_JOINERS = frozenset({"and", "or", "nor"})
# What stands between the items of a list of fields: "Effusion, pneumothorax: none", "effusion/pneumothorax: no".
LIST_SEPARATORS = frozenset({",", "and", "or", ""})
FIELD_SEPARATOR = ":"
# At most this many words no name holds may open an item of a list of fields ("periaortic stranding").
ITEM_QUALIFIERS = 2
# At most this many words may follow a field's finding in its name ("Avascular necrosis of the talus: none").
FIELD_QUALIFIERS = 4
# What a closing cue may reach back over to the finding its clause is about: the finding's site ("Salter-Harris I
# injury of the distal fibula possible.") and its size or count ("cortical thickening 4 mm, indeterminate", "Nuchal
# cord x1 suspected."), at most TRAILER_WORDS words.
TRAILER_LINKS = frozenset({"in", "of", "at", "within", "along", "involving"})
TRAILER_WORDS = 6
# Units and counts written after a finding's name: "4 mm", "2 x 3 cm", "x1", "x 2".
MEASURES = frozenset({"mm", "cm", "m", "x", "ml", "cc"})


@dataclass(frozen=True, slots=True)
class Cue:
    """One reading of a cue phrase: what it asserts, in which direction, how far."""

    category: str
    direction: str
    scope: int | None
    closing: bool = False  # counts only when it ends its clause ("Hydrocephalus: No.", "RCC likely, …")
    ends: str | None = None  # a terminator that ends only this category's scope (None: every cue's)
    field: bool = False  # counts only for a field's finding, over the field's value ("Appendicitis: appendix normal.")

    def reaches(self, forward: bool) -> bool:
        """True when the cue governs findings on that side of it."""
        return self.direction == "both" or (self.direction == "forward") == forward


class ContextRules:
    """The cue phrases, compiled into one phrase index over normal forms."""

    def __init__(self, groups: Sequence[dict]) -> None:
        readings: dict[tuple[str, ...], list[Cue]] = {}
        adverbs: set[str] = set()
        for number, group in enumerate(groups, start=1):
            category, direction = group.get("category"), group.get("direction", "forward")
            if category not in _CATEGORIES or direction not in _DIRECTIONS:
                raise ValueError(f"context rule group {number}: unknown category or direction")
            if category == "adverb":
                adverbs.update(word for phrase in group.get("cues", ()) for word in phrase_key(str(phrase)))
                continue
            scope, closing, ends = group.get("scope"), bool(group.get("closing", False)), group.get("ends")
            field = bool(group.get("field", False))
            if closing and direction != "backward":
                raise ValueError(f"context rule group {number}: a closing cue must be backward")
            if field and not closing:
                raise ValueError(f"context rule group {number}: a field cue must be closing")
            if ends is not None and (category != "terminate" or ends not in _CATEGORY_STATUS):
                raise ValueError(f"context rule group {number}: only a terminator ends one category, a known one")
            for phrase in group.get("cues", ()):
                if not isinstance(phrase, str):  # YAML reads a bare no/yes/on/off as a boolean
                    raise ValueError(f"context rule group {number}: cue {phrase!r} must be a quoted string")
                cue = Cue(category, direction, int(scope) if scope is not None else None, closing, ends, field)
                readings.setdefault(phrase_key(phrase), []).append(cue)
        # Pseudo-cues are found first and silence every cue they overlap: in "there has been no
        # change in the effusion", "no change" wins over the longer "there has been no". A cue that
        # holds a whole pseudo-cue is kept: "no findings to suggest" is a negation, "to suggest" alone is not.
        self.pseudo: PhraseIndex[tuple[Cue, ...]] = PhraseIndex()
        self.index: PhraseIndex[tuple[Cue, ...]] = PhraseIndex(skippable=frozenset(adverbs))
        for key, cues in readings.items():
            pseudo = tuple(c for c in cues if c.category == "pseudo")
            (self.pseudo if pseudo else self.index).add(key, pseudo or tuple(cues))

    def cues(self, keys: Sequence[str]) -> list[Match[tuple[Cue, ...]]]:
        """Return the cue phrases found in a token-key sequence, leftmost-longest, pseudo-cues removed."""
        pseudo = self.pseudo.find(keys)
        if not pseudo:
            return self.index.find(keys)
        return [m for m in self.index.find(keys)
                if not any(p.start < m.end and m.start < p.end and not (m.start <= p.start and p.end <= m.end)
                           for p in pseudo)]

    def status(self, keys: Sequence[str], cues: Sequence[Match[tuple[Cue, ...]]], start: int, end: int,
               reach: int | None = None, listed: frozenset[int] = frozenset()) -> str:
        """Return the status of the mention at [start, end) of one sentence's keys, given its cues
        (`reach`: at most this many tokens between any cue and the mention; `listed`: the positions of the
        sentence's other mentions, so that a field cue reaches back over a list of fields and a cue word inside
        another finding's name is no cue)."""
        best: tuple[int, int, str] | None = None
        for match in cues:
            # A cue may share a word with the mention ("no focal" + "focal asymmetry").
            if match.start < start:
                forward, lo, hi = True, min(match.end, start), start
            elif match.start >= end:
                forward, lo, hi = False, end, match.start
            else:
                continue
            # a word of another finding's name ("absent flow", "negative ulnar variance") is no cue, but for the field
            # that finding fills ("Appendicitis: appendix normal.")
            in_name = bool(listed) and all(i in listed for i in range(match.start, match.end))
            if in_name and not any(cue.field for cue in match.value):
                continue
            between = keys[lo:hi]
            if "(" in between or ")" in between:
                if _in_aside(between, forward):
                    continue
                between = _outside_parentheses(between)
            # A date or a number does not count towards a cue's reach: "status post thyroidectomy 09/2026 for papillary
            # carcinoma" is as near as "status post thyroidectomy for papillary carcinoma".
            gap = sum(1 for key in between if not key[:1].isdigit())
            if reach is not None and gap > reach:
                continue
            ended = _terminated(keys, cues, lo, hi)
            if ended == ALL_CUES or (forward and CLAUSE_DASH in between):
                continue
            clause_break = not forward and _clause_break(between)
            field = None if forward else (listed and _after_field_list(keys, start, lo, hi, listed)) or \
                _qualified_field(keys, start, lo, hi)
            for cue in match.value:
                if cue.category not in _CATEGORY_STATUS or cue.category in ended or not cue.reaches(forward):
                    continue
                if cue.field or in_name:
                    if cue.field and _names_field(keys, start, end, hi, listed, in_name) and \
                            _closes_clause(keys, match.end):
                        candidate = (gap, _TIE_ORDER[cue.category], cue.category)
                        best = candidate if best is None or candidate < best else best
                    continue
                # a near cue names what its own field is about: "Repeat CT 24 hours after TNK: petechial hemorrhage"
                if cue.scope is not None and forward and FIELD_SEPARATOR in between:
                    continue
                if cue.scope is not None and \
                        (gap > cue.scope or "," in between) and \
                        (field is None or len(field) > cue.scope or "," in field) and \
                        not (cue.closing and (between == [","] or _trailer(between, listed, lo, hi))):
                    continue
                if cue.closing and not _closes_clause(keys, match.end):
                    continue
                if clause_break and cue.scope is None:
                    continue
                candidate = (gap, _TIE_ORDER[cue.category], cue.category)
                if best is None or candidate < best:
                    best = candidate
        return _CATEGORY_STATUS[best[2]] if best else PRESENT


def _outside_parentheses(keys: Sequence[str]) -> list[str]:
    """The keys not inside a parenthesised aside: "3 cm aneurysm (series 8, image 217) cannot be excluded"."""
    kept, depth = [], 0
    for key in keys:
        if key == "(":
            depth += 1
        elif key == ")" and depth:
            depth -= 1
        elif not depth:
            kept.append(key)
    return kept


def _in_aside(between: Sequence[str], forward: bool) -> bool:
    """True when the cue stands inside a parenthesised aside that the mention is outside of: "M1 occlusion
    (TICI 0)" says nothing of the occlusion, as "(no prior) effusion" would not."""
    depth = 0
    for key in (between if forward else reversed(between)):
        if key == ("(" if forward else ")"):
            depth += 1
        elif key == (")" if forward else "("):
            if not depth:
                return True
            depth -= 1
    return False


def _after_field_list(keys: Sequence[str], start: int, lo: int, hi: int, listed: frozenset[int]) -> list[str] | None:
    """The keys between a list of fields and the cue after it, when the mention is in that list, the sentence's first
    field name: "Effusion, pneumothorax: none" reads as "Effusion: none" too, and "Acute fracture or dislocation: none"
    as "Acute fracture: none". None when it is no such list."""
    if FIELD_SEPARATOR in keys[:start]:
        return None
    position, last_listed = lo, None
    while position < hi:
        if position in listed:
            last_listed = position
        elif keys[position] not in LIST_SEPARATORS:
            position = _past_qualifiers(keys, position, hi, listed)
            if position is None:
                break
            continue
        position += 1
    if last_listed is None:
        return None
    field = list(keys[last_listed + 1:hi])
    # Words before the list ("Acute") make it a field name only when a colon ends it, not in "Exophytic mass, RCC likely".
    named = all(i in listed or keys[i] in LIST_SEPARATORS for i in range(start))
    return field if named or FIELD_SEPARATOR in field else None


def _qualified_field(keys: Sequence[str], start: int, lo: int, hi: int) -> list[str] | None:
    """The field separator alone, when the mention opens a field whose name goes on after it for at most
    FIELD_QUALIFIERS words before its colon: "Avascular necrosis of the talus: none", "Instabilité carpienne : non".
    None when it is no such field."""
    if hi - lo < 2 or hi - 1 - lo > FIELD_QUALIFIERS or keys[hi - 1] != FIELD_SEPARATOR:
        return None
    if start and keys[start - 1] != FIELD_SEPARATOR:
        return None
    if any(not key[:1].isalpha() for key in keys[lo:hi - 1]):
        return None
    return [FIELD_SEPARATOR]


def _past_qualifiers(keys: Sequence[str], position: int, hi: int, listed: frozenset[int]) -> int | None:
    """Where the next item of a list of fields starts after the words that qualify it, when at most ITEM_QUALIFIERS
    words no name holds stand before it: "Fracture, subluxation or prevertebral swelling: none" lists the swelling too.
    None when no listed name follows."""
    ahead = position
    while ahead < hi and ahead - position < ITEM_QUALIFIERS and ahead not in listed and keys[ahead][:1].isalpha():
        ahead += 1
    return ahead if ahead < hi and ahead in listed and ahead > position else None


def _names_field(keys: Sequence[str], start: int, end: int, hi: int, listed: frozenset[int], in_name: bool) -> bool:
    """True when the mention opens its sentence as a field's name (after at most ITEM_QUALIFIERS words: "Carpal
    instability"), the field's colon within FIELD_QUALIFIERS words after it, and the value up to the cue at `hi` names
    no other finding but a normal structure the cue ends (`in_name`): "Pulmonary hypertension: PA 2.6 cm, normal.",
    "Appendicitis: appendix normal." (not "Effusion: small, pneumothorax normal")."""
    if start > ITEM_QUALIFIERS or not all(key[:1].isalpha() for key in keys[:start]):
        return False
    colon = next((i for i in range(end, min(hi, end + FIELD_QUALIFIERS + 1)) if keys[i] == FIELD_SEPARATOR), None)
    if colon is None or FIELD_SEPARATOR in keys[colon + 1:hi] or not all(k[:1].isalpha() for k in keys[end:colon]):
        return False
    named = [i for i in range(colon + 1, hi) if i in listed]
    return not named or (in_name and all(i in listed for i in range(named[0], hi)))


def _trailer(between: Sequence[str], listed: frozenset[int], lo: int, hi: int) -> bool:
    """True when the words between a finding and a closing cue after it only place or measure that finding, with a
    comma at most at their end: "partial obstruction at the right UPJ, indeterminate", "thickening 4 mm, indeterminate".
    Never over another finding's name: in "fracture of the radius with dislocation, likely" the hedge is the
    dislocation's."""
    words = list(between[:-1]) if between[-1:] == [","] else list(between)
    if not words or len(words) > TRAILER_WORDS or not listed.isdisjoint(range(lo, hi)):
        return False
    if not all(word[:1].isalnum() for word in words):
        return False
    measured = 0
    while measured < len(words) and (words[measured][:1].isdigit() or words[measured] in MEASURES):
        measured += 1
    return measured == len(words) or words[measured] in TRAILER_LINKS


def _clause_break(between: Sequence[str]) -> bool:
    """True when a comma between a finding and a cue after it starts a new clause, not the next item of a list:
    "fibrosis, cirrhosis not excluded" hedges the cirrhosis only; "effusion, consolidation or pneumothorax
    is not seen" negates all three."""
    if "," not in between:
        return False
    last = len(between) - 1 - between[::-1].index(",")
    return not any(key in LIST_JOINERS for key in between[last + 1:])


def _closes_clause(keys: Sequence[str], position: int) -> bool:
    """True when no word stands between `position` and the end of the sentence or the next comma or ";"; a date or
    number may ("Melanoma, resected 11/2023."), and so may a bracketed aside ("Tear likely (see the MR arthrogram).")."""
    depth = 0
    for key in keys[position:]:
        if key == "(":
            depth += 1
        elif key == ")":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif key in CLAUSE_ENDS:
            return True
        elif key[:1].isalpha():
            return False
    return True


def _terminated(keys: Sequence[str], cues: Sequence[Match[tuple[Cue, ...]]], lo: int, hi: int) -> frozenset[str]:
    """The categories whose scope a terminator (or a hard stop such as ";") between positions lo and hi ends."""
    if any(k in HARD_STOPS for k in keys[lo:hi]):
        return ALL_CUES
    ended: set[str] = set()
    for m in cues:
        if lo <= m.start and m.end <= hi and m.value[0].category == "terminate":
            if m.value[0].ends is None:
                return ALL_CUES
            ended.add(m.value[0].ends)
    return frozenset(ended)


@lru_cache(maxsize=1)
def default_rules() -> ContextRules:
    """Return the shipped cue rules (app/ontology/data/context_rules.yaml)."""
    text = resources.files(__package__).joinpath("data/context_rules.yaml").read_text(encoding="utf-8")
    return ContextRules(yaml.safe_load(text))
