"""Annotate a report: find concept mentions, give each an assertion status, label the report."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .context import HISTORICAL, PRESENT, STATUS_RANK, UNCERTAIN, ContextRules, default_rules
from .model import PROCEDURE, Concept, Ontology
from .normalize import Token, joined_key, merge_hyphenated, merge_misread_digits, phrase_key, tokenize
from .phrases import PhraseIndex
from .sections import SectionRules, default_sections
from .sentences import sentences


@dataclass(frozen=True)
class Finding:
    """One mention of a concept, with offsets into the report text."""

    concept_id: str
    label: str
    status: str
    start: int
    end: int
    text: str
    section: str

    def as_dict(self) -> dict:
        """Return the mention in the `annotate` output format."""
        return {"concept_id": self.concept_id, "label": self.label, "status": self.status,
                "start": self.start, "end": self.end, "text": self.text, "section": self.section}


@dataclass(frozen=True)
class ReportAnnotation:
    """Every mention of a report, and one label per concept for the whole report."""

    findings: list[Finding]
    labels: dict[str, str]


PROCEDURE_REACH = 3
# Raise it with any change to the matcher, sections or assertion code that changes what annotate() returns:
# the index then annotates its reports again. Changes to the rule files (data/) are seen by their digest.
ENGINE_REVISION = 17
RULE_FILES = ("context_rules.yaml", "modifiers.yaml", "sections.yaml", "concept_status.yaml")
CUSTOM_RULES = "custom"

ANATOMY = "anatomical entity"
# Words that put a finding at a place: "nodule in the left lower lobe", "mass of the right upper lobe".
_SITE_LINKS = frozenset({"in", "of", "within", "at"})
KNOWN, CHRONIC = "known", "chronic"
# Words that join two names sharing their last words ("giant cell or Takayasu arteritis"), and how many words the first
# may keep before the join.
_COORDINATORS = frozenset({"or", "and"})
ELIDED_WIDTH = 2
# A field's colon: "Kidneys: polycystic, enlarged" states each value after the comma of the same structure.
_FIELD = ":"
# At most this many words between "known" (or "chronic") and the finding it names: "known metastatic left upper lobe
# adenocarcinoma".
KNOWN_REACH = 4
# At most this many words in a field's further value ("mildly enlarged", "diffusely echogenic").
VALUE_WIDTH = 3


def _word_before(keys: list[str], start: int, word: str) -> bool:
    """True when `word` stands shortly before the mention at `start`, in its clause ("known rectal cancer")."""
    for key in reversed(keys[max(0, start - KNOWN_REACH - 1):start]):
        if key == word:
            return True
        if not key[:1].isalnum():
            return False
    return False


def _within(ontology: Ontology, anatomy_id: str) -> frozenset[str]:
    """The anatomy itself, what it is a kind of, and what it is part of (transitively)."""
    seen: set[str] = set()
    pending = [anatomy_id]
    while pending:
        current = pending.pop()
        if current in seen or current not in ontology.concepts:
            continue
        seen.add(current)
        concept = ontology.concepts[current]
        pending.extend(concept.ancestors)
        pending.extend(concept.part_of)
    return frozenset(seen)


def _shares_word(concept: Concept, kind: Concept) -> bool:
    """True when one of the kind's names shares a word with one of the concept's ("intraventricular hemorrhage")."""
    words = {word for name in (concept.label, *concept.synonyms) for word in phrase_key(name)}
    return any(not words.isdisjoint(phrase_key(name)) for name in (kind.label, *kind.synonyms))


def _with_descendants(ontology: Ontology, roots: tuple[str, ...]) -> frozenset[str]:
    """The concepts named and every concept that is, transitively, a kind of one of them."""
    return frozenset(cid for root in roots if root in ontology.concepts for cid in (root, *ontology.descendants(root)))


class Annotator:
    """Phrase matcher over every name of the assertable concepts, plus section and ConText rules."""

    def __init__(self, ontology: Ontology, rules: ContextRules | None = None,
                 sections: SectionRules | None = None, modifiers: frozenset[str] | None = None) -> None:
        self.ontology = ontology
        shipped = rules is None and sections is None and modifiers is None
        self.engine_version = shipped_engine_version() if shipped else CUSTOM_RULES
        self.rules = rules or default_rules()
        self.sections = sections or default_sections()
        self._phrases: PhraseIndex[Concept] = PhraseIndex(
            skippable=default_modifiers() if modifiers is None else modifiers, closed=default_closed(), numbers=True)
        self._abbreviations: dict[str, Concept] = {}
        assertable = sorted((c for c in ontology.concepts.values() if ontology.assertable(c)), key=lambda c: c.id)
        # Labels first, so a label always beats another concept's synonym with the same words.
        for concept in assertable:
            self._phrases.add(phrase_key(concept.label), concept)
        for concept in assertable:
            for synonym in concept.synonyms:
                self._phrases.add(phrase_key(synonym), concept)
            for abbreviation in concept.abbreviations:
                key = phrase_key(abbreviation)
                if len(key) == 1:
                    self._abbreviations.setdefault(abbreviation, concept)
                else:  # "ACL tear": the words around the acronym make it unambiguous in any case
                    self._phrases.add(key, concept)
        # Last, so that no written name is shadowed: "prostate enlarged" for "enlarged prostate" (modifiers.yaml).
        predicates, linking, field_linking = default_predicates()
        verbs = default_verb_forms()
        for concept in assertable:
            for name in (concept.label, *concept.synonyms):
                key = phrase_key(name)
                if len(key) > 1 and key[0] in predicates:
                    for link in (*linking, *field_linking):
                        self._phrases.add((*key[1:], *link, key[0]), concept)
                    # "the septum deviates", "the duct is dilating": the verb of a predicate, after its structure
                    for verb in verbs.get(key[0], ()):
                        for link in linking:
                            self._phrases.add((*key[1:], *link, verb), concept)
        self._words = frozenset(self._phrases.words() | self.rules.index.words() | self.rules.pseudo.words())
        self._split_prefixes = default_split_prefixes()
        # A report's "intra-articular" is read as one word once "intraarticular" is a term word (merge_hyphenated), so a
        # name written with the hyphen ("intra-articular loose body", "tubo-ovarian abscess") is indexed joined too.
        for concept in assertable:
            for name in (concept.label, *concept.synonyms):
                self._phrases.add(joined_key(name, self._words), concept)
        # "left lower lobe nodule": a generic finding qualified by anatomy resolves to its sited kind (pulmonary nodule).
        self._anatomy: PhraseIndex[Concept] = PhraseIndex()
        anatomy = sorted((c for c in ontology.concepts.values() if c.root == ANATOMY), key=lambda c: c.id)
        # Each structure with the keys of its names, taken once: the adjective indexes below read them again.
        anatomy_names = [(structure, [phrase_key(name) for name in (structure.label, *structure.synonyms)])
                         for structure in anatomy]
        for structure, keys in anatomy_names:
            for key in keys:
                self._anatomy.add(key, structure)
        self._add_structures_written_after(assertable)
        self._sited = {c.id for c in assertable if c.sites}
        self._specialised: dict[tuple[str, str], Concept | None] = {}
        # Read only where no written name stands, and only in a sentence holding one of its adjectives.
        self._adjectival: PhraseIndex[Concept] = PhraseIndex(skippable=self._phrases.skippable, closed=default_closed(),
                                                             numbers=True)
        self._adjective_words: set[str] = set()
        self._add_adjective_findings(anatomy_names, linking, field_linking, predicates)
        self._add_adjective_forms(assertable, anatomy_names, (*linking, *field_linking))
        # A complaint in a history or indication section is the patient's now: it keeps its cues' status there.
        complaints, aftermath, background, known_cancer, old_when_chronic = default_concept_status()
        self._complaints = _with_descendants(ontology, complaints)
        # A known disease imaging does not show ("type 1 diabetes", "hepatitis C") is the patient's background.
        self._background = _with_descendants(ontology, background)
        # "Known lung cancer" is the cancer a staging or surveillance study is for; "known hiatal hernia" is seen again.
        self._known_cancer = _with_descendants(ontology, known_cancer)
        # "Chronic left MCA infarct" is an old stroke, as "old infarct" is; "chronic subdural hematoma" is seen now.
        self._old_when_chronic = _with_descendants(ontology, old_when_chronic)
        # The trace of a past operation ("postsurgical changes") is read as a procedure seen on the images.
        self._aftermath = frozenset(cid for cid in aftermath if cid in ontology.concepts)
        for index in (self._phrases, self._adjectival, self._anatomy):
            index.sort()  # once, here, rather than in the first report's annotation

    def _add_structures_written_after(self, assertable: list[Concept]) -> None:
        """Index a name that opens with a structure also with the structure written after it: "supraspinatus tendon
        tear" as "tear of the supraspinatus tendon", "portal vein thrombosis" as "thrombosis of the portal vein"; and
        one that opens with a structure's adjective, with that structure: "tracheal deviation" as "deviation of the
        trachea", "intraventricular blood" as "blood in the ventricles"."""
        links = default_site_links()
        adjectives = default_structure_adjectives()
        for concept in assertable:
            for name in (concept.label, *concept.synonyms):
                key = phrase_key(name)
                for split in range(1, len(key)):
                    opening = key[:split]
                    structures = (opening,) if opening in self._anatomy else adjectives.get(opening, ())
                    for structure in structures:
                        for link in links:
                            self._phrases.add((*key[split:], *link, *structure), concept)

    def _add_adjective_findings(self, names: list[tuple[Concept, list[tuple[str, ...]]]],
                                linking: tuple[tuple[str, ...], ...],
                                field_linking: tuple[tuple[str, ...], ...], predicates: frozenset[str]) -> None:
        """Index "enlarged kidneys" and "the kidneys are enlarged" as the finding the adjective names, at that site.

        Apart from the written names, which are matched first and keep their words: "enlarged spleen" is splenomegaly,
        and "non-displaced rib fracture" a rib fracture, not a displacement of the rib."""
        levels = default_numbered_structures()
        adjectives = default_adjective_findings()
        verbs = default_verb_forms()
        self._adjective_words.update(word for adjective in adjectives for word in adjective)
        self._adjective_words.update(verb for adjective in adjectives for verb in verbs.get(adjective[-1], ()))
        for adjective, (concept_id, place) in adjectives.items():
            generic = self.ontology.concepts.get(concept_id)
            if generic is None or not self.ontology.assertable(generic):
                continue
            links = (*linking, *field_linking) if adjective[-1] in predicates else linking
            for structure, keys in names:
                if place and place not in _within(self.ontology, structure.id):
                    continue
                concept = self._sited_kind(generic, structure) or generic
                # "the disc herniating": the verb of the predicate, after the structure
                after = (*((*link, *adjective) for link in links),
                         *((*link, *adjective[:-1], verb) for link in linking for verb in verbs.get(adjective[-1], ())))
                for key in keys:
                    for phrase in ((*adjective, *key), *((*key, *words) for words in after)):
                        if phrase not in self._phrases:
                            self._adjectival.add(phrase, concept)
                # "L4 is compressed": a level's letter names the structure before its predicate (its number skipped)
                for level in levels.get(structure.id, ()):
                    for words in after:
                        if (*level, *words) not in self._phrases:
                            self._adjectival.add((*level, *words), concept)

    def _add_adjective_forms(self, assertable: list[Concept], names: list[tuple[Concept, list[tuple[str, ...]]]],
                             linking: tuple[tuple[str, ...], ...]) -> None:
        """Index "necrotic change", "cirrhotic morphology" as the one-word finding the adjective is made from, and
        "emphysematous lungs", "bones are osteopenic" as that finding at a structure where it lies."""
        endings, nouns = default_adjective_forms()
        structures = [(structure, _within(self.ontology, structure.id), keys) for structure, keys in names]
        for concept in assertable:
            for name in (concept.label, *concept.synonyms):
                key = phrase_key(name)
                if len(key) != 1:
                    continue
                for ending, adjective_ending in endings:
                    if key[0].endswith(ending) and len(key[0]) >= len(ending) + 2:
                        adjective = key[0][:-len(ending)] + adjective_ending
                        for noun in nouns:
                            if (adjective, noun) not in self._phrases:
                                self._adjectival.add((adjective, noun), concept)
                        self._adjective_words.add(adjective)
                        self._add_adjective_at_structures(concept, adjective, structures, linking)

    def _add_adjective_at_structures(self, concept: Concept, adjective: str,
                                     structures: list[tuple[Concept, frozenset[str], list[tuple[str, ...]]]],
                                     linking: tuple[tuple[str, ...], ...]) -> None:
        """Index the adjective of a finding before each structure the finding (or its kind there) lies in, and after
        it as its predicate: never at a structure the finding is not found at ("emphysematous gallbladder")."""
        for structure, within, keys in structures:
            sited = self._sited_kind(concept, structure)
            if sited is None and within.isdisjoint(concept.sites):
                continue
            for key in keys:
                for phrase in ((adjective, *key), *((*key, *link, adjective) for link in linking)):
                    if phrase not in self._phrases:
                        self._adjectival.add(phrase, sited or concept)

    def _phrase_mentions(self, keys: list[str]) -> list[tuple[int, int, Concept]]:
        """The written names in a sentence, then an adjective with its structure where no name stands, then the first
        of two names that share their last words, written once ("giant cell or Takayasu arteritis")."""
        mentions = [(m.start, m.end, m.value) for m in self._phrases.find(keys)]
        if not self._adjective_words.isdisjoint(keys):
            taken = {i for start, end, _ in mentions for i in range(start, end)}
            mentions += [(m.start, m.end, m.value) for m in self._adjectival.find(keys)
                         if taken.isdisjoint(range(m.start, m.end))]
        if not _COORDINATORS.isdisjoint(keys):
            mentions += self._elided(keys, mentions)
            mentions += self._distributed(keys, mentions)
        if _FIELD in keys:
            mentions += self._further_values(keys, mentions)
        return mentions

    def _further_values(self, keys: list[str],
                        mentions: list[tuple[int, int, Concept]]) -> list[tuple[int, int, Concept]]:
        """The values after a field's first, each read with the field's structure: "Kidneys: polycystic, enlarged" and
        "Liver: normal size, diffusely echogenic" name an enlargement of the kidneys, an echogenic liver. A value is all
        the words between its comma and the next (or the sentence's end), where no mention stands."""
        taken = {i for start, end, _ in mentions for i in range(start, end)}
        found = []
        for colon, key in enumerate(keys):
            if key != _FIELD:
                continue
            structure = [m for m in self._anatomy.find(keys[:colon]) if m.end == colon]
            if not structure:
                continue
            field = [*keys[structure[0].start:colon], _FIELD]
            position = colon + 1
            while position < len(keys) and keys[position] != _FIELD:
                if keys[position] == "," and position + 1 not in taken:
                    value = self._field_value(field, keys, position + 1)
                    if value is not None and taken.isdisjoint(range(position + 1, value[0])):
                        found.append((position + 1, *value))
                        taken.update(range(position + 1, value[0]))
                position += 1
        return found

    def _field_value(self, field: list[str], keys: list[str], first: int) -> tuple[int, Concept] | None:
        """Where the finding the field's structure makes of the words from `first` to the value's end ends, and that
        finding (None unless the value is that finding's words and nothing else)."""
        for width in range(VALUE_WIDTH, 0, -1):
            after = first + width
            if after > len(keys) or "," in keys[first:after] or (after < len(keys) and keys[after].isalnum()):
                continue
            candidate = [*field, *keys[first:after]]
            for index in (self._phrases, self._adjectival):
                match = index.find(candidate)
                if len(match) == 1 and match[0].start == 0 and match[0].end == len(candidate):
                    return after, match[0].value
        return None

    def _elided(self, keys: list[str], mentions: list[tuple[int, int, Concept]]) -> list[tuple[int, int, Concept]]:
        """Names written without their last words before "or"/"and" and a name that has them: "small or large bowel
        obstruction" names small bowel obstruction too. Only where no mention stands and the whole name is held."""
        taken = {i for start, end, _ in mentions for i in range(start, end)}
        found = []
        for start, end, _ in mentions:
            if start < 2 or keys[start - 1] not in _COORDINATORS:
                continue
            for shared in range(end - start - 1, 0, -1):
                for width in range(1, ELIDED_WIDTH + 1):
                    first = start - 1 - width
                    if first < 0 or not taken.isdisjoint(range(first, start - 1)):
                        break
                    candidate = [*keys[first:start - 1], *keys[end - shared:end]]
                    match = self._phrases.find(candidate)
                    if len(match) == 1 and match[0].start == 0 and match[0].end == len(candidate):
                        found.append((first, start - 1, match[0].value))
                        taken.update(range(first, start - 1))
                        break
                else:
                    continue
                break
        return found

    def _distributed(self, keys: list[str], mentions: list[tuple[int, int, Concept]]) -> list[tuple[int, int, Concept]]:
        """Names written without their first words after a name that has them and "or"/"and": "pleural thickening or
        plaques" names pleural plaques too. Only where no mention stands and the whole name is held."""
        taken = {i for start, end, _ in mentions for i in range(start, end)}
        found = []
        for start, end, _ in mentions:
            after = end + 1
            if after >= len(keys) or keys[end] not in _COORDINATORS:
                continue
            for width in range(ELIDED_WIDTH, 0, -1):
                words = keys[after:after + width]
                if len(words) < width or not taken.isdisjoint(range(after, after + width)):
                    continue
                match = next((m for shared in range(end - start - 1, 0, -1)
                              for m in [self._phrases.find([*keys[start:start + shared], *words])]
                              if len(m) == 1 and m[0].start == 0 and m[0].end == shared + width), None)
                if match is not None:
                    found.append((after, after + width, match[0].value))
                    taken.update(range(after, after + width))
                    break
        return found

    def annotate(self, text: str) -> ReportAnnotation:
        """Return the report's mentions in text order and its per-concept labels."""
        findings: list[Finding] = []
        best: dict[str, tuple[int, int, str]] = {}
        tokens = merge_misread_digits(text, merge_hyphenated(text, tokenize(text), self._words, self._split_prefixes),
                                      self._words)
        position = 0
        for section in self.sections.split(text):
            while position < len(tokens) and tokens[position].start < section.start:
                position += 1
            first = position
            while position < len(tokens) and tokens[position].end <= section.end:
                position += 1
            for sentence in sentences(text, tokens[first:position]):
                for finding in self._sentence(text, sentence, section.kind.name, section.kind.historical):
                    findings.append(finding)
                    rank = (section.kind.weight, STATUS_RANK[finding.status], finding.status)
                    if rank > best.get(finding.concept_id, (0, 0, "")):
                        best[finding.concept_id] = rank
        return ReportAnnotation(findings, {cid: rank[2] for cid, rank in best.items()})

    def _sentence(self, text: str, tokens: list[Token], section: str, historical: bool) -> list[Finding]:
        keys = [t.norm for t in tokens]
        mentions = self._phrase_mentions(keys)
        mentions += self._abbreviation_mentions(tokens, mentions)
        if not mentions:
            return []
        cues = self.rules.cues(keys)
        listed = frozenset(i for start, end, _ in mentions for i in range(start, end)) if len(mentions) > 1 else frozenset()
        found = []
        anatomy = None
        for start, end, concept in sorted(mentions, key=lambda m: m[0]):
            if not concept.sites and not self._sited.isdisjoint(self.ontology.descendants(concept.id)):
                if anatomy is None:
                    anatomy = self._anatomy.find(keys)
                concept = self._qualified(concept, keys, start, end, anatomy)
            procedure = concept.root == PROCEDURE or concept.id in self._aftermath
            # A procedure is asserted by cues next to it ("no prior lobectomy"), not by a negation
            # of something else that runs on into "the nephrectomy bed".
            status = self.rules.status(keys, cues, start, end, reach=PROCEDURE_REACH if procedure else None,
                                       listed=listed)
            # The question a request asks ("Rule out pneumonia", "?PE") is uncertain, as NegBio and CheXpert read it;
            # anything else a history or indication names is the past, unless it is the patient's complaint now.
            if historical and status != UNCERTAIN and concept.id not in self._complaints:
                status = HISTORICAL
            # What is known is no longer in doubt: in "metastasis in the setting of known lung cancer cannot be
            # excluded" the hedge is the metastasis's.
            if status in (PRESENT, UNCERTAIN) and concept.id in self._known_cancer and _word_before(keys, start, KNOWN):
                status = HISTORICAL
            if status == PRESENT and concept.id in self._old_when_chronic and _word_before(keys, start, CHRONIC):
                status = HISTORICAL
            if status == PRESENT and (procedure or concept.id in self._background):
                # a procedure seen on an image ("lumpectomy site") was done before it; a background disease is known
                status = HISTORICAL
            first, last = tokens[start].start, tokens[end - 1].end
            found.append(Finding(concept.id, concept.label, status, first, last, text[first:last], section))
        return found

    def _qualified(self, concept: Concept, keys: list[str], start: int, end: int, anatomy: list) -> Concept:
        """The finding's kind at the anatomy named right before it or after "in/of/within (the)", if just one."""
        for match in anatomy:
            between = keys[end:match.start]
            if match.end == start or (match.start >= end and 1 <= len(between) <= 2
                                      and between[0] in _SITE_LINKS and between[1:] in ([], ["the"])):
                key = (concept.id, match.value.id)
                if key not in self._specialised:
                    # Of two kinds at one depth, the one named with the concept's words: "inflammation of the colon"
                    # is colitis ("colonic inflammation"), though diverticulitis lies there too.
                    kind = self._sited_kind(concept, match.value, lambda kind: _shares_word(concept, kind))
                    self._specialised[key] = kind if kind is not None and self._site_qualifies(concept, kind) else None
                return self._specialised[key] or concept
        return concept

    def _site_qualifies(self, concept: Concept, kind: Concept) -> bool:
        """True when `kind` is `concept` at a site, not a narrower kind of it: a kind right under it ("hydronephrosis"
        of a dilatation), or one whose names share a word with its names ("intraventricular hemorrhage"). A tumour in
        the liver is a neoplasm there, not the liver's hepatic adenoma, nor the lung's cancer."""
        return concept.id in kind.parents or _shares_word(concept, kind)

    def _sited_kind(self, concept: Concept, anatomy: Concept,
                    preferred: Callable[[Concept], bool] | None = None) -> Concept | None:
        """The most general kind of `concept` whose finding site holds `anatomy` (None unless exactly one, or exactly
        one of them is `preferred`)."""
        within = _within(self.ontology, anatomy.id)
        kinds = [self.ontology.concepts[d] for d in self.ontology.descendants(concept.id)
                 if d in self._sited and not within.isdisjoint(self.ontology.concepts[d].sites)]
        if not kinds:
            return None
        depth = min(len(k.ancestors) for k in kinds)
        general = [k for k in kinds if len(k.ancestors) == depth]
        if len(general) > 1 and preferred is not None:
            general = [k for k in general if preferred(k)]
        return general[0] if len(general) == 1 else None

    def _abbreviation_mentions(self, tokens: list[Token], taken: list[tuple[int, int, Concept]]):
        """Single-word abbreviations match case-sensitively ("PE", "PTX"), plurals included."""
        covered = {i for start, end, _ in taken for i in range(start, end)}
        found = []
        for i, token in enumerate(tokens):
            word = token.text
            concept = self._abbreviations.get(word)
            if concept is None and len(word) > 2 and word[-1] in "sS" and word[:-1].isupper():
                concept = self._abbreviations.get(word[:-1])  # "GGOs", and "PES" in an all-caps report
            if concept is not None and i not in covered:
                found.append((i, i + 1, concept))
        return found


@lru_cache(maxsize=1)
def shipped_engine_version() -> str:
    """Return the shipped annotation engine's version: its revision and a digest of its rule files."""
    digest = hashlib.sha256()
    for name in RULE_FILES:
        digest.update(resources.files(__package__).joinpath(f"data/{name}").read_bytes())
    return f"{ENGINE_REVISION}.{digest.hexdigest()[:12]}"


@lru_cache(maxsize=1)
def default_concept_status() -> tuple[tuple[str, ...], ...]:
    """Return the complaint, aftermath, background, known-cancer and old-when-chronic concepts of
    data/concept_status.yaml."""
    text = resources.files(__package__).joinpath("data/concept_status.yaml").read_text(encoding="utf-8")
    table = yaml.safe_load(text)
    return tuple(tuple(map(str, table.get(key, ()))) for key in ("complaints", "aftermath", "background", "known_cancer",
                                                                     "old_when_chronic"))


@lru_cache(maxsize=1)
def _modifier_table() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath("data/modifiers.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def default_modifiers() -> frozenset[str]:
    """Return the shipped degree and side words that may stand inside a concept name (data/modifiers.yaml)."""
    table = _modifier_table()
    return frozenset(key for word in (*table["modifiers"], *table.get("sides", ())) for key in phrase_key(word))


@lru_cache(maxsize=1)
def default_closed() -> frozenset[str]:
    """Return the words of a name after which no degree or side word may stand (data/modifiers.yaml)."""
    return frozenset(key for word in _modifier_table().get("closed", ()) for key in phrase_key(word))


@lru_cache(maxsize=1)
def default_adjective_findings() -> dict[tuple[str, ...], tuple[str, str | None]]:
    """Return the adjectives that name a finding of the structure they qualify, with its concept and the structure it
    is bound to, if any (data/modifiers.yaml)."""
    table = _modifier_table().get("adjective_findings", {})
    return {phrase_key(str(word)): (str(value[0]), str(value[1])) if isinstance(value, list) else (str(value), None)
            for word, value in table.items()}


@lru_cache(maxsize=1)
def default_adjective_forms() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Return the noun and adjective endings of a finding's name, and the nouns its adjective describes (modifiers.yaml)."""
    table = _modifier_table()
    return (tuple((str(noun), str(adjective)) for noun, adjective in table.get("adjective_endings", ())),
            tuple(key for word in table.get("described_as", ()) for key in phrase_key(str(word))))


@lru_cache(maxsize=1)
def default_site_links() -> tuple[tuple[str, ...], ...]:
    """Return the words that may put a name's structure after its finding (data/modifiers.yaml)."""
    return tuple(phrase_key(str(link)) for link in _modifier_table().get("site_links", ()))


@lru_cache(maxsize=1)
def default_structure_adjectives() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Return the adjectives of structures a name may open with, each with the structures it names (modifiers.yaml)."""
    table = _modifier_table().get("structure_adjectives", {})
    return {phrase_key(str(adjective)): tuple(phrase_key(str(s)) for s in structures)
            for adjective, structures in table.items()}


@lru_cache(maxsize=1)
def default_numbered_structures() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Return the letters a report writes with a number to name one of a structure's series, by the structure's ID
    (data/modifiers.yaml)."""
    table = _modifier_table().get("numbered_structures", {})
    return {str(structure): tuple(phrase_key(str(letter)) for letter in letters)
            for structure, letters in table.items()}


@lru_cache(maxsize=1)
def default_verb_forms() -> dict[str, tuple[str, ...]]:
    """Return the verb forms of the predicates that reports also write as verbs (data/modifiers.yaml)."""
    table = _modifier_table().get("verb_forms", {})
    return {phrase_key(str(predicate))[0]: tuple(key for verb in verbs for key in phrase_key(str(verb)))
            for predicate, verbs in table.items()}


@lru_cache(maxsize=1)
def default_split_prefixes() -> frozenset[str]:
    """Return the prefixes a dictation may write apart from the rest of their word (data/modifiers.yaml)."""
    return frozenset(key for word in _modifier_table().get("split_prefixes", ()) for key in phrase_key(str(word)))


@lru_cache(maxsize=1)
def default_predicates() -> tuple[frozenset[str], tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """Return the adjectives a name may carry as a predicate, the words that may link it, and the punctuation that may
    link those adjectives only (data/modifiers.yaml)."""
    table = _modifier_table()
    return (frozenset(key for word in table.get("predicates", ()) for key in phrase_key(word)),
            tuple(phrase_key(str(link)) for link in table.get("linking", ())),
            tuple(phrase_key(str(link)) for link in table.get("field_linking", ())))
