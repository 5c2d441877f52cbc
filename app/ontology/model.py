"""Concepts and the is-a hierarchy of one loaded ontology version."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import CleanroomError, NotFound
from .context import STATUS_RANK
from .normalize import phrase_key

# The roots whose descendants a report can assert (anatomy and modalities only qualify them).
FINDING, PROCEDURE, DEVICE = "radiology finding", "procedure", "medical device"
ASSERTABLE_ROOTS = (FINDING, PROCEDURE, DEVICE)
ROOTS = (*ASSERTABLE_ROOTS, "anatomical entity", "imaging modality")


class OntologyError(CleanroomError):
    """The ontology file cannot be loaded or breaks a rule (cycle, orphan, duplicate label): the service's fault."""

    http_status = 503
    code = "unavailable"


class UnknownConcept(NotFound):
    """No concept has this ID."""


@dataclass(frozen=True)
class Concept:
    """One class of the ontology with its names and direct parents."""

    id: str
    iri: str
    label: str
    synonyms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    definition: str | None = None
    parents: tuple[str, ...] = ()
    region: str | None = None
    sites: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    source: str | None = None
    ancestors: tuple[str, ...] = ()
    root: str = ""

    def as_dict(self) -> dict:
        """Return the concept as JSON-ready data (the compiled cache and the API use it)."""
        return {"id": self.id, "iri": self.iri, "label": self.label, "synonyms": list(self.synonyms),
                "abbreviations": list(self.abbreviations), "definition": self.definition,
                "parents": list(self.parents), "region": self.region, "sites": list(self.sites),
                "part_of": list(self.part_of),
                "source": self.source, "ancestors": list(self.ancestors), "root": self.root}

    @classmethod
    def from_dict(cls, data: dict) -> Concept:
        """Rebuild a concept from `as_dict` output."""
        tuples = {k: tuple(data.get(k) or ()) for k in ("synonyms", "abbreviations", "parents", "sites", "part_of",
                                                        "ancestors")}
        return cls(id=data["id"], iri=data["iri"], label=data["label"], definition=data.get("definition"),
                   region=data.get("region"), source=data.get("source"), root=data.get("root", ""), **tuples)


@dataclass(frozen=True)
class SearchHit:
    """A concept found by a search, with the name that matched and its rank score."""

    concept: Concept
    matched: str
    score: int


@dataclass
class Ontology:
    """A loaded ontology version: concepts by ID, hierarchy queries and name search."""

    concepts: dict[str, Concept]
    version: str
    version_iri: str
    sha256: str
    _children: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _descendants: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _names: list[tuple[str, str, int]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        for concept in self.concepts.values():
            for parent in concept.parents:
                self._children.setdefault(parent, []).append(concept.id)
        for children in self._children.values():
            children.sort(key=lambda cid: self.concepts[cid].label)
        below: dict[str, set[str]] = {}
        for concept in self.concepts.values():
            for ancestor in concept.ancestors:
                below.setdefault(ancestor, set()).add(concept.id)
        self._descendants = {cid: frozenset(ids) for cid, ids in below.items()}
        # (normal form, concept id, kind weight): labels outrank synonyms, synonyms abbreviations.
        for concept in self.concepts.values():
            self._names.append((" ".join(phrase_key(concept.label)), concept.id, 0))
            self._names.extend((" ".join(phrase_key(s)), concept.id, 1) for s in concept.synonyms)
            self._names.extend((a.lower(), concept.id, 2) for a in concept.abbreviations)

    def __len__(self) -> int:
        return len(self.concepts)

    def get(self, concept_id: str) -> Concept:
        """Return the concept with this ID or raise UnknownConcept."""
        concept = self.concepts.get(concept_id.strip())
        if concept is None:
            raise UnknownConcept(f"no concept with ID {concept_id.strip()[:40]!r}")
        return concept

    def children(self, concept_id: str) -> list[Concept]:
        """Return the direct is-a children of a concept, by label."""
        return [self.concepts[c] for c in self._children.get(self.get(concept_id).id, ())]

    def ancestors(self, concept_id: str) -> frozenset[str]:
        """Return the IDs of every concept this one is-a (transitively), excluding itself."""
        return frozenset(self.get(concept_id).ancestors)

    def descendants(self, concept_id: str) -> frozenset[str]:
        """Return the IDs of every concept that is-a this one (transitively), excluding itself."""
        return self._descendants.get(self.get(concept_id).id, frozenset())

    def label(self, concept_id: str) -> str:
        """Return a concept's preferred label (what a cohort description names it by)."""
        return self.get(concept_id).label

    def descendant_count(self, concept_id: str) -> int:
        """Return how many concepts are, transitively, kinds of this one."""
        return len(self.descendants(concept_id))

    def path(self, concept_id: str) -> list[str]:
        """Return the labels from a root down to the concept's parent, along each concept's first parent."""
        labels, concept = [], self.get(concept_id)
        while concept.parents:
            concept = self.concepts[concept.parents[0]]
            labels.append(concept.label)
        return labels[::-1]

    def is_a(self, concept_id: str, ancestor_id: str) -> bool:
        """True when the first concept is the second or descends from it."""
        return concept_id == ancestor_id or ancestor_id in self.get(concept_id).ancestors

    def detail(self, concept_id: str) -> dict:
        """Return a concept with its parents, children and ancestors named (the CLI and API show this)."""
        concept = self.get(concept_id)

        def named(ids: Iterable[str]) -> list[dict]:
            return [{"id": i, "label": self.concepts[i].label} for i in ids]

        fields = {k: v for k, v in concept.as_dict().items() if k not in ("ancestors", "parents", "root")}
        return {**fields, "kind": concept.root, "parents": named(concept.parents),
                "children": named(c.id for c in self.children(concept.id)),
                "ancestors": named(sorted(concept.ancestors)), "descendants": len(self.descendants(concept.id))}

    def assertable(self, concept: Concept) -> bool:
        """True for findings, procedures and devices: what reports assert, not anatomy or modality."""
        return concept.root in ASSERTABLE_ROOTS

    def search(self, text: str, limit: int = 20, *, assertable_only: bool = False) -> list[SearchHit]:
        """Rank concepts by how well a label, synonym, abbreviation or ID matches the text (if asked, only
        findings, procedures and devices: what a report can state)."""
        query = " ".join(phrase_key(text))
        raw = text.strip()
        best: dict[str, tuple[int, str]] = {}
        if raw in self.concepts:
            best[raw] = (1000, raw)
        if query:
            words = set(query.split())
            for name, cid, weight in self._names:
                score = _name_score(query, words, name) - 5 * weight
                if score > 0 and score > best.get(cid, (0, ""))[0]:
                    best[cid] = (score, name)
        if assertable_only:
            best = {cid: hit for cid, hit in best.items() if self.assertable(self.concepts[cid])}
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], len(self.concepts[kv[0]].label), kv[0]))
        return [SearchHit(self.concepts[cid], self._display(cid, name), score)
                for cid, (score, name) in ranked[:max(1, limit)]]

    def search_results(self, text: str, limit: int = 20, *, assertable_only: bool = False) -> list[dict]:
        """Return `search` hits as JSON-ready records, each with the hierarchy path above its concept."""
        return [{"id": h.concept.id, "label": h.concept.label, "matched": h.matched, "score": h.score,
                 "kind": h.concept.root, "region": h.concept.region, "path": self.path(h.concept.id)}
                for h in self.search(text, limit, assertable_only=assertable_only)]

    def _display(self, cid: str, normal: str) -> str:
        concept = self.concepts[cid]
        for name in (concept.label, *concept.synonyms, *concept.abbreviations):
            if " ".join(phrase_key(name)) == normal or name.lower() == normal:
                return name
        return concept.id

    def roll_up(self, labels: dict[str, str]) -> dict[str, str]:
        """Add each labelled concept's ancestors, carrying the strongest positive status upwards.

        An absent child says nothing about its parent ("no rib fracture" is not "no fracture"),
        so only present, uncertain and historical labels propagate.
        """
        rolled = dict(labels)
        for cid, status in labels.items():
            if status == "absent" or cid not in self.concepts:
                continue
            for ancestor in self.concepts[cid].ancestors:
                current = rolled.get(ancestor)
                if current is None or STATUS_RANK[status] > STATUS_RANK[current]:
                    rolled[ancestor] = status
        return rolled


def _name_score(query: str, words: set[str], name: str) -> int:
    if name == query:
        return 100
    if name.startswith(query):
        return 70
    if words <= set(name.split()):
        return 50
    if query in name:
        return 30
    return 0


def check_hierarchy(concepts: Iterable[Concept]) -> list[str]:
    """Return the rule violations of a concept set: cycles, orphans, missing parents, duplicate labels."""
    by_id = {c.id: c for c in concepts}
    problems = []
    labels: dict[str, str] = {}
    for concept in by_id.values():
        key = concept.label.strip().lower()
        if key in labels:
            problems.append(f"label {concept.label!r} is used by {labels[key]} and {concept.id}")
        labels[key] = concept.id
        for parent in concept.parents:
            if parent not in by_id:
                problems.append(f"{concept.id} has an undeclared parent {parent}")
    roots = {c.id for c in by_id.values() if not c.parents}
    for cid in sorted(roots):
        if by_id[cid].label not in ROOTS:
            problems.append(f"{cid} ({by_id[cid].label}) has no parent and is not one of the roots")
    for concept in by_id.values():
        if _reaches_itself(concept.id, by_id):
            problems.append(f"{concept.id} ({concept.label}) is its own ancestor (is-a cycle)")
    if not roots:
        problems.append("no root concept (every concept has a parent)")
    return problems


def _reaches_itself(start: str, by_id: dict[str, Concept]) -> bool:
    stack, seen = list(by_id[start].parents), set()
    while stack:
        cid = stack.pop()
        if cid == start:
            return True
        if cid in seen or cid not in by_id:
            continue
        seen.add(cid)
        stack.extend(by_id[cid].parents)
    return False
