"""Labelled synthetic radiology reports for scoring finding annotation (assertion status).

Each report is the free text of one study (chest radiograph and CT, CT pulmonary angiogram, head
CT, brain MRI, CT abdomen/pelvis, abdominal/renal/RUQ ultrasound, MSK radiograph, knee/shoulder/
spine MRI, mammogram, thyroid ultrasound, venous Doppler) with a report-level label per core
concept it names: `present`, `absent`, `uncertain` or `historical`.

The labelling rules are the gold standard of the hand-written set too:
  * only the core concepts (`CORE_CONCEPTS`) are labelled, by preferred name, and every core
    concept the text names (by name, synonym, abbreviation or plural, see `SURFACE_FORMS`) is;
    the most specific contiguous phrase wins ("subdural hematoma", not also "hemorrhage");
  * a mention is absent under negation, uncertain under hedging, historical under a history cue
    or anywhere in a HISTORY/INDICATION/REASON FOR EXAM section, present otherwise (pseudo-
    negations such as "no interval change in" and "not only ... but also" stay present);
  * the report label takes the mentions in the heaviest sections (impression, findings and
    unsectioned text weigh 2, history/indication/comparison/technique 1), then present beats
    uncertain beats absent beats historical.

The generator records every mention it writes with its status and section weight and derives the
label from them by that rule, so labels are right by construction. A report comes from its own
`random.Random` seeded with (seed, index): a seed always gives the same corpus, and a shorter
corpus is a prefix of a longer one.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .tables import DATA, load

STATUSES: tuple[str, ...] = ("present", "absent", "uncertain", "historical")
REGIONS: tuple[str, ...] = (
    "chest",
    "neuro",
    "abdomen",
    "musculoskeletal",
    "breast",
    "other",
    "procedure",
    "device",
)
# Status preference within the heaviest section weight of a concept's mentions.
_PRECEDENCE = {"present": 3, "uncertain": 2, "absent": 1, "historical": 0}


@dataclass(frozen=True)
class LabelledReport:
    """One report text and its gold labels: core preferred name -> assertion status."""

    id: str
    text: str
    labels: dict[str, str]


@dataclass(frozen=True)
class Concept:
    """A core concept and how reports write it."""

    name: str
    region: str
    kind: str  # decides the modifiers it takes, see _MODIFIERS
    countable: bool  # takes an article and may be plural
    forms: tuple[str, ...]  # surface forms, the first the usual one
    prefixes: tuple[str, ...]  # location words written before the name ("right", "L1")
    suffixes: tuple[str, ...]  # location phrases written after it ("in the right upper lobe")


# Plurals that do not follow the English suffix rules below.
_IRREGULAR_PLURALS = {
    "embolism": "emboli",
    "embolus": "emboli",
    "calculus": "calculi",
    "thrombus": "thrombi",
    "PE": "PEs",
    "pneumothorax": "pneumothoraces",
}


def _parse_concepts(rows: str) -> dict[str, Concept]:
    concepts: dict[str, Concept] = {}
    for row in rows.strip().splitlines():
        if row.startswith("#"):
            continue
        name, region, kind, countable, forms, places = (cell.strip() for cell in row.split("|"))
        where = [p.strip() for p in places.split(";") if p.strip()]
        concepts[name] = Concept(
            name=name,
            region=region,
            kind=kind,
            countable=countable == "c",
            forms=tuple(f.strip() for f in forms.split(";")),
            prefixes=tuple(p[1:] for p in where if p.startswith("^")),
            suffixes=tuple(p for p in where if not p.startswith("^")),
        )
    return concepts


CONCEPTS: dict[str, Concept] = _parse_concepts((DATA / "finding_concepts.txt").read_text(encoding="utf-8"))
CORE_CONCEPTS: tuple[str, ...] = tuple(CONCEPTS)


def is_abbreviation(form: str) -> bool:
    """True for forms such as PTX, GGO, CABG, matched case-sensitively."""
    return form[:2].isupper() and " " not in form


def plural(form: str) -> str:
    """The plural of a surface form, inflecting its last word ("rib fractures", "metastases")."""
    head, _, last = form.rpartition(" ")
    if last in _IRREGULAR_PLURALS:
        word = _IRREGULAR_PLURALS[last]
    elif is_abbreviation(last):
        word = last + "s"
    elif last.endswith("is"):
        word = last[:-2] + "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        word = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


SURFACE_FORMS: dict[str, tuple[str, ...]] = {
    c.name: tuple(dict.fromkeys(f for form in c.forms for f in (form, plural(form)))) for c in CONCEPTS.values()
}


def _form_pattern(form: str) -> str:
    # Hyphens and spaces are interchangeable in report text: "ground glass", "ground-glass".
    body = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", form))
    return body if is_abbreviation(form) else f"(?i:{body})"


def _spaced(form: str) -> str:
    return " ".join(re.split(r"[\s-]+", form))


@lru_cache(maxsize=1)
def _mention_regex() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    forms = [(f, name) for name, fs in SURFACE_FORMS.items() for f in fs]
    abbreviations = {f: name for f, name in forms if is_abbreviation(f)}
    words = {_spaced(f).lower(): name for f, name in forms if not is_abbreviation(f)}
    # Longest first, so "mass effect" wins over "mass" and "pleural effusion" over "effusion".
    ordered = sorted((f for f, _ in forms), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(_form_pattern(f) for f in ordered) + r")\b")
    return pattern, abbreviations, words


def mentioned_concepts(text: str) -> set[str]:
    """Core concepts whose surface forms occur in `text`, each occurrence read as its longest form."""
    pattern, abbreviations, words = _mention_regex()
    return {abbreviations.get(m.group(0)) or words[_spaced(m.group(0)).lower()] for m in pattern.finditer(text)}


def report_label(mentions: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """Report-level labels from (concept, status, section weight) mentions, by the corpus rule."""
    best: dict[str, tuple[int, int, str]] = {}
    for concept, status, weight in mentions:
        rank = (weight, _PRECEDENCE[status], status)
        if concept not in best or rank[:2] > best[concept][:2]:
            best[concept] = rank
    return {concept: rank[2] for concept, rank in best.items()}


# =============================================================================================
# JSONL form
# =============================================================================================


def write_labelled(path: str | Path, reports: Iterable[LabelledReport]) -> None:
    """Write reports as JSON lines {"id", "text", "labels"}."""
    with Path(path).open("w", encoding="utf-8") as out:
        for r in reports:
            out.write(json.dumps({"id": r.id, "text": r.text, "labels": r.labels}, ensure_ascii=False) + "\n")


def load_labelled(path: str | Path) -> list[LabelledReport]:
    """Read reports written by `write_labelled` (blank lines are skipped)."""
    reports = []
    with Path(path).open(encoding="utf-8") as src:
        for line in src:
            if line.strip():
                record = json.loads(line)
                reports.append(LabelledReport(record["id"], record["text"], dict(record["labels"])))
    return reports


# =============================================================================================
# Exams: what each study's report talks about (data/finding_exams.yaml)
# =============================================================================================


@dataclass(frozen=True)
class _Spot:
    """A concept as one exam places it: its organ group and the locations written there."""

    name: str
    organ: int
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]


@dataclass(frozen=True)
class _Organ:
    """Normal wording for one organ and the concepts a report may find there."""

    normals: tuple[str, ...]
    spots: tuple[tuple[str, tuple[str, ...]], ...]  # (concept, locations overriding the concept's own, or none)


@dataclass(frozen=True)
class _Exam:
    """One study type: its title/technique/complaint variants and the wording of its findings."""

    variants: tuple[tuple[str, str, tuple[str, ...]], ...]  # (title, technique, complaints)
    modality: str  # the adjective of "No CT evidence of ...": CT, MR, sonographic, radiographic
    organs: tuple[_Organ, ...]
    extras: tuple[str, ...]  # procedures and devices a report of this study may mention
    all_clear: tuple[str, ...]  # impression when nothing is found
    caveats: tuple[str, ...]  # quality remarks that name no finding
    weight: int = 1

    def spots(self) -> list[_Spot]:
        """Every concept of the exam with its organ and locations."""
        out = []
        for index, organ in enumerate(self.organs):
            for name, where in organ.spots:
                concept = CONCEPTS[name]
                pre = tuple(p[1:] for p in where if p.startswith("^")) if where else concept.prefixes
                post = tuple(p for p in where if not p.startswith("^")) if where else concept.suffixes
                out.append(_Spot(name, index, pre, post))
        return out


def _organ(row: dict[str, Any]) -> _Organ:
    spots = tuple((spot, ()) if isinstance(spot, str) else next(iter(spot.items())) for spot in row["spots"])
    return _Organ(tuple(row["normals"]), tuple((name, tuple(places)) for name, places in spots))


def _exam(row: dict[str, Any], groups: dict[str, list[dict[str, Any]]]) -> _Exam:
    organs = groups[row["organs"]] if isinstance(row["organs"], str) else row["organs"]
    variants = tuple((v["title"], v["technique"], tuple(v["complaints"])) for v in row["variants"])
    return _Exam(variants, row["modality"], tuple(_organ(o) for o in organs), tuple(row["extras"]),
                 tuple(row["all_clear"]), tuple(row["caveats"]), row.get("weight", 1))


def _exams(document: dict[str, Any]) -> tuple[_Exam, ...]:
    return tuple(_exam(row, document["organ_groups"]) for row in document["exams"])


_EXAMS: tuple[_Exam, ...] = _exams(load("finding_exams.yaml"))

# =============================================================================================
# Phrase banks (data/finding_phrases.yaml)
# =============================================================================================

_PHRASES: dict[str, Any] = load("finding_phrases.yaml")
_MODIFIERS: dict[str, tuple[str, ...]] = {kind: tuple(words) for kind, words in _PHRASES["modifiers"].items()}
_MANY: tuple[str, ...] = tuple(_PHRASES["many"])
# Forms that are plural as written ("breast calcifications are"), and mass-noun forms of fluid
# concepts that take volume words ("moderate pleural fluid", not "a moderate pleural fluid").
_PLURAL_FORMS = {"breast calcifications"}
_VOLUME_FORMS = ("fluid", "air")
# Kinds that read oddly as history ("history of trace free fluid").
_NO_HISTORY_KINDS = {"volume", "measure", "grade", "extent"}
_SPECIAL_KINDS = {"procedure", "device"}

_PRESENT: tuple[str, ...] = tuple(_PHRASES["present"])
_ABSENT: tuple[str, ...] = tuple(_PHRASES["absent"])
_ABSENT_LIST: tuple[str, ...] = tuple(_PHRASES["absent_list"])
_UNCERTAIN: tuple[str, ...] = tuple(_PHRASES["uncertain"])
_UNCERTAIN_PAIR: tuple[str, ...] = tuple(_PHRASES["uncertain_pair"])
# (template, statuses of the slots a, b, c in order)
_MIXED: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (mixed["template"], tuple(mixed["statuses"])) for mixed in _PHRASES["mixed"])
_HISTORICAL: tuple[str, ...] = tuple(_PHRASES["historical"])
_PROCEDURE: tuple[str, ...] = tuple(_PHRASES["procedure"])
_PROCEDURE_HISTORY: tuple[str, ...] = tuple(_PHRASES["procedure_history"])
_DEVICE: tuple[str, ...] = tuple(_PHRASES["device"])
_INDICATION: tuple[str, ...] = tuple(_PHRASES["indication"])
_QUESTION: tuple[str, ...] = tuple(_PHRASES["question"])
_IMPRESSION_PRESENT: tuple[str, ...] = tuple(_PHRASES["impression_present"])
_IMPRESSION_UNCERTAIN: tuple[str, ...] = tuple(_PHRASES["impression_uncertain"])
_IMPRESSION_ABSENT: tuple[str, ...] = tuple(_PHRASES["impression_absent"])
_HISTORY_HEADERS: tuple[str, ...] = tuple(_PHRASES["history_headers"])
_IMPRESSION_HEADERS: tuple[str, ...] = tuple(_PHRASES["impression_headers"])
_COMPARISONS: tuple[str, ...] = tuple(_PHRASES["comparisons"])
_CLOSERS: tuple[str, ...] = tuple(_PHRASES["closers"])
_TECHNIQUE_NOTES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _PHRASES["technique_notes"].items()}
_RECOMMENDATIONS: tuple[str, ...] = tuple(_PHRASES["recommendations"])
_STATUS_WEIGHTS = {"present": 40, "absent": 28, "uncertain": 16, "historical": 16}

# =============================================================================================
# Writing one report
# =============================================================================================


@dataclass
class _Item:
    """A concept chosen for a report, how it is written and the status it is written with."""

    concept: Concept
    organ: int
    status: str
    bare: str  # the name as written without modifiers, plural when the item is
    plural: bool  # takes "are"
    np: str  # the noun phrase with modifiers, no article


def _is_mass_form(form: str) -> bool:
    """True for forms read as mass nouns whatever the concept ("nephrolithiasis" beside "kidney stone")."""
    return form.endswith(("iasis", "osis", "itis") + _VOLUME_FORMS)


def _with_article(np: str, item: _Item) -> str:
    first = np.split()[0]
    if item.plural or not item.concept.countable or _is_mass_form(item.bare) or first in {"trace", "mild", "minimal"}:
        return np
    # Spoken, not spelled: "an 8 mm nodule", "an 11 mm cyst", "a 1.2 cm mass".
    vowel = first[0].lower() in "aeiou" or first.startswith(("8", "11", "18"))
    return ("an " if vowel else "a ") + np


def _make_item(rng: random.Random, spot: _Spot, status: str) -> _Item:
    concept = CONCEPTS[spot.name]
    # Abbreviations and synonyms turn up often enough to be exercised, never as the rule.
    form = concept.forms[0] if len(concept.forms) == 1 or rng.random() < 0.6 else rng.choice(concept.forms[1:])
    described = status in {"present", "uncertain"}
    countable = concept.countable and not _is_mass_form(form) and not is_abbreviation(form)
    many = countable and concept.kind in {"focal", "fracture"} and described and rng.random() < 0.25
    kind = "volume" if concept.kind == "fluid" and form.endswith(_VOLUME_FORMS) else concept.kind
    words: list[str] = []
    sizeable = countable or kind != "focal"
    if described and sizeable and kind in _MODIFIERS and rng.random() < 0.75:
        words.append(rng.choice(_MANY) if many and kind == "focal" else rng.choice(_MODIFIERS[kind]))
    prefixes = spot.prefixes if concept.countable else tuple(p for p in spot.prefixes if p != "bilateral")
    if prefixes and (concept.kind == "procedure" or (status != "absent" and rng.random() < 0.5)):
        prefix = rng.choice(prefixes)
        many = many or (prefix == "bilateral" and countable)
        words.append(prefix)
    bare = plural(form) if many else form
    np = " ".join([*words, bare])
    if described and spot.suffixes and not many and rng.random() < 0.45:
        np += " " + rng.choice(spot.suffixes)
    if described and kind == "focal" and rng.random() < 0.3:
        np += f" (series {rng.randint(2, 8)}, image {rng.randint(10, 240)})"
    return _Item(concept, spot.organ, status, bare, many or form in _PLURAL_FORMS, np)


def _fill(template: str, items: Sequence[_Item], modality: str) -> str:
    values = {"modality": modality}
    for slot, item in zip("abc", items):
        values[slot] = item.bare
        upper = "{" + slot.upper() + "}"
        before = template.split(upper, 1)[0].rstrip().lower() if upper in template else ""
        # "There is a small effusion", "not only a nodule": an article only where English needs one.
        needs_article = before.endswith(("{is}", "{is_b}", " is", "only", "also", "from", "of", "with"))
        values[slot.upper()] = _with_article(item.np, item) if needs_article else item.np
        values["is" if slot == "a" else f"is_{slot}"] = "are" if item.plural else "is"
    text = template.format(**values)
    return text[0].upper() + text[1:]


def _join(words: Sequence[str], conj: str) -> str:
    if len(words) <= 2:
        return f" {conj} ".join(words)
    return ", ".join(words[:-1]) + f", {conj} {words[-1]}"


class _ReportBuilder:
    """Chooses a report's concepts and statuses, writes its sections and records every mention."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.exam = rng.choices(_EXAMS, weights=[e.weight for e in _EXAMS])[0]
        self.title, self.technique, self.complaints = rng.choice(self.exam.variants)
        self.mentions: list[tuple[str, str, int]] = []

    def _say(self, template: str, items: Sequence[_Item], statuses: Sequence[str], weight: int) -> str:
        self.mentions.extend((i.concept.name, s, weight) for i, s in zip(items, statuses, strict=True))
        return _fill(template, items, self.exam.modality)

    def _choose_items(self) -> list[_Item]:
        rng = self.rng
        spots = {s.name: s for s in self.exam.spots()}
        chosen = rng.sample(sorted(spots), k=min(len(spots), rng.randint(6, 11)))
        items = []
        for name in chosen:
            status = rng.choices(list(_STATUS_WEIGHTS), weights=list(_STATUS_WEIGHTS.values()))[0]
            if status == "historical" and CONCEPTS[name].kind in _NO_HISTORY_KINDS:
                status = "absent"
            items.append(_make_item(rng, spots[name], status))
        for name in self.exam.extras:
            if rng.random() < 0.3:
                concept = CONCEPTS[name]
                spot = _Spot(name, -1, concept.prefixes, concept.suffixes)
                items.append(_make_item(rng, spot, "historical" if concept.kind == "procedure" else "present"))
        return items

    def _findings(self, items: list[_Item], weight: int) -> list[str]:
        """Sentences that mention each item once with its status."""
        rng = self.rng
        pending = list(items)
        rng.shuffle(pending)
        out: list[str] = []

        def take(status: str, organ: int | None = None) -> _Item | None:
            for item in pending:
                if item.status == status and item.concept.kind not in _SPECIAL_KINDS and organ in (None, item.organ):
                    pending.remove(item)
                    return item
            return None

        while pending:
            if rng.random() < 0.3 and (mixed := self._mixed(take, pending, weight)):
                out.append(mixed)
                continue
            item = pending.pop(0)
            kind, status = item.concept.kind, item.status
            if kind in _SPECIAL_KINDS:
                out.append(self._say(rng.choice(_PROCEDURE if kind == "procedure" else _DEVICE), [item], [status], weight))
            elif status == "absent":
                group = [item]
                while len(group) < 6 and rng.random() < 0.65 and (other := take("absent")):
                    group.append(other)
                out.append(self._absent(group, weight))
            elif status == "uncertain":
                other = take("uncertain", item.organ) if rng.random() < 0.4 else None
                if other:
                    out.append(self._say(rng.choice(_UNCERTAIN_PAIR), [item, other], ["uncertain"] * 2, weight))
                else:
                    borderline = ("Borderline {a}.",) if kind == "grade" else ()
                    out.append(self._say(rng.choice(_UNCERTAIN + borderline), [item], [status], weight))
            elif status == "historical":
                out.append(self._say(rng.choice(_HISTORICAL), [item], [status], weight))
            else:
                out.append(self._say(rng.choice(_PRESENT), [item], [status], weight))
        return out

    def _absent(self, group: list[_Item], weight: int) -> str:
        if len(group) == 1:
            return self._say(self.rng.choice(_ABSENT), group, ["absent"], weight)
        self.mentions.extend((i.concept.name, "absent", weight) for i in group)
        names = [i.bare for i in group]
        text = self.rng.choice(_ABSENT_LIST).format(
            or_list=_join(names, "or"), and_list=_join(names, "and"), modality=self.exam.modality
        )
        return text[0].upper() + text[1:]

    def _mixed(self, take: Callable[[str, int | None], _Item | None], pending: list[_Item], weight: int) -> str | None:
        # One organ per sentence: "No pneumothorax, but a small pleural effusion".
        template, statuses = self.rng.choice(_MIXED)
        picked: list[_Item] = []
        for status in statuses:
            item = take(status, picked[0].organ if picked else None)
            if item is None:
                pending[:0] = picked  # put them back where the next sentence will find them
                return None
            picked.append(item)
        return self._say(template, picked, statuses, weight)

    def _normals(self, items: list[_Item]) -> list[str]:
        # An organ with a finding does not also get "normal" wording.
        busy = {i.organ for i in items if i.status in {"present", "uncertain"}}
        lines = []
        for index, organ in enumerate(self.exam.organs):
            if index not in busy:
                lines.extend(organ.normals if self.rng.random() < 0.85 else [self.rng.choice(organ.normals)])
        return lines

    def _impression(self, items: list[_Item]) -> list[str]:
        rng = self.rng
        lines: list[str] = []
        banks = {"present": _IMPRESSION_PRESENT, "uncertain": _IMPRESSION_UNCERTAIN, "absent": _IMPRESSION_ABSENT}
        for item in items:
            if item.status in banks and item.concept.kind not in _SPECIAL_KINDS and rng.random() < 0.75:
                lines.append(self._say(rng.choice(banks[item.status]), [item], [item.status], 2))
        if not any(i.status in {"present", "uncertain"} for i in items):
            lines.insert(0, rng.choice(self.exam.all_clear))
        elif rng.random() < 0.5:
            lines.append(rng.choice(_RECOMMENDATIONS))
        return lines or [rng.choice(self.exam.all_clear)]

    def build(self) -> str:
        """The report text; `self.mentions` then holds every concept mention written."""
        rng = self.rng
        items = self._choose_items()
        if rng.random() < 0.15:
            return self._unsectioned(items)
        only_in_history = [i for i in items if i.status == "historical" and rng.random() < 0.5]
        in_findings = [i for i in items if i not in only_in_history]
        history = [f"{rng.randint(19, 88)}-year-old patient.", rng.choice(self.complaints)][rng.random() < 0.4 :]
        for item in only_in_history:
            bank = _PROCEDURE_HISTORY if item.concept.kind == "procedure" else _INDICATION
            template = rng.choice(bank)
            # the request's question ("Rule out X", "r/o X?") is uncertain; what it says of the past is history
            history.append(self._say(template, [item], ["uncertain" if template in _QUESTION else "historical"], 1))
        for item in in_findings:
            if item.status != "historical" and item.concept.kind not in _SPECIAL_KINDS and rng.random() < 0.12:
                history.append(self._say(rng.choice(_QUESTION), [item], ["uncertain"], 1))
        body = self._findings(in_findings, 2) + self._normals(items)
        rng.shuffle(body)
        if rng.random() < 0.4:
            body.append(rng.choice(self.exam.caveats))
        return self._layout(history, body, self._impression(in_findings))

    def _layout(self, history: list[str], findings: list[str], impression: list[str]) -> str:
        rng = self.rng
        block = rng.random() < 0.5  # header on its own line, or inline with a colon
        title_case = rng.random() < 0.3
        numbered = len(impression) > 1 and rng.random() < 0.5
        sections = [
            (rng.choice(_HISTORY_HEADERS), " ".join(history)),
            ("COMPARISON", rng.choice(_COMPARISONS)),
            ("TECHNIQUE", " ".join([self.technique, *rng.sample(_TECHNIQUE_NOTES[self.exam.modality], k=rng.randint(0, 2))])),
            ("FINDINGS", self._paragraphs(findings)),
            (
                rng.choice(_IMPRESSION_HEADERS),
                "\n".join(f"{n}. {s}" for n, s in enumerate(impression, 1)) if numbered else " ".join(impression),
            ),
        ]
        parts = [f"EXAM: {self.title}" if rng.random() < 0.6 else self.title]
        for header, body in sections:
            header = header.title() if title_case else header
            parts.append(f"{header}:\n{body}" if block or body.startswith("1.") else f"{header}: {body}")
        if rng.random() < 0.7:
            parts.append(rng.choice(_CLOSERS))
        text = "\n\n".join(parts)
        return text.upper() if rng.random() < 0.05 else text

    def _paragraphs(self, sentences: list[str]) -> str:
        if len(sentences) < 4 or self.rng.random() < 0.5:
            return " ".join(sentences)
        cut = len(sentences) // 2
        return " ".join(sentences[:cut]) + "\n" + " ".join(sentences[cut:])

    def _unsectioned(self, items: list[_Item]) -> str:
        rng = self.rng
        body = self._findings(items, 2) + self._normals(items)
        rng.shuffle(body)
        closing = self._impression(items)
        return f"{self.title}: {rng.choice(self.complaints)}\n" + " ".join(body) + "\n" + " ".join(closing)


def generate_finding_reports(count: int, seed: int = 0) -> list[LabelledReport]:
    """`count` labelled reports; the same seed gives the same reports, a prefix for a smaller count."""
    reports = []
    for index in range(count):
        builder = _ReportBuilder(random.Random(f"finding-reports:{seed}:{index}"))
        text = builder.build()
        labels = report_label(builder.mentions)
        reports.append(LabelledReport(f"syn-{seed}-{index:05d}", text, dict(sorted(labels.items()))))
    return reports
