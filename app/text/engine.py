"""De-identify one report: detect PHI (recognizers + the study's known PHI), drop clinical terms, replace."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from presidio_analyzer import RecognizerResult

from ..identity import IdentityKeys, patient_key, shift_for_patient
from ..known_phi import fold
from ..profiles import Profile
from .allow_list import load_allow_list, titled
from .completion import complete
from .known_phi import KnownPhi, KnownPhiRecognizer
from .name_numbers import add_numbers_after_names
from .normalize import fold_with_origins
from .operators import DateStyle, Surrogates, redact, shift_date_text, treatment
from .repeats import add_repeated_mentions
from .recognizers._names import after_eponym_lead, followed_by_eponym_noun
from .recognizers.learned_name import LearnedNameRecognizer

DEFAULT_THRESHOLD = 0.4


@dataclass(frozen=True)
class Entity:
    """One detected PHI span, with offsets into the input text."""

    type: str
    start: int
    end: int
    score: float = 1.0
    known: bool = False

    def as_dict(self) -> dict:
        """Return the DESIGN output form: type, start, end."""
        return {"type": self.type, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class DeidentifiedText:
    """The cleaned text and the spans of the input that were replaced."""

    text: str
    entities: list[Entity]


class ReportDeidentifier:
    """Applies one profile's `text` rules (and its date policy) to reports and descriptors."""

    def __init__(self, profile: Profile, keys: IdentityKeys, threshold: float = DEFAULT_THRESHOLD):
        from .registry import build_analyzer

        self.profile = profile
        self.analyzer = build_analyzer()
        self.allow_list = load_allow_list()
        self.operator = profile.document.text.operator
        dicom = profile.document.dicom
        self.date_mode = dicom.dates.mode
        self.shift_range = tuple(dicom.dates.shift_days)
        self.keep_ages = dicom.ages_over_89 == "keep"
        self.keys = keys
        self.surrogates = Surrogates(keys.pseudonyms)
        self.threshold = threshold

    def analyze(self, text: str, known: KnownPhi | None = None) -> list[Entity]:
        """Return the PHI spans of `text` (offsets into `text`), merged, with clinical terms left out."""
        # Recognizers read the folded view (no invisible characters, accents or fullwidth forms to hide behind).
        folded = fold_with_origins(text)
        ad_hoc = [KnownPhiRecognizer(known)] if known is not None and not known.is_empty() else []
        results = self.analyzer.analyze(folded.text, language="en", ad_hoc_recognizers=ad_hoc,
                                        score_threshold=self.threshold)
        complete(folded.text, results)
        add_repeated_mentions(folded.text, results)
        add_numbers_after_names(folded.text, results)
        clinical = self.allow_list.coverage(self.allow_list.spans(folded.text))
        entities = []
        for r in results:
            is_known = bool((r.recognition_metadata or {}).get("known_phi"))
            # A patient really named Parkinson is still removed: known PHI outranks the allow-list.
            if not is_known and (clinical(r.start, r.end) or _eponym(folded.text, r)):
                continue
            start, end = folded.span(r.start, r.end)
            entities.append(Entity(r.entity_type, start, end, r.score, is_known))
        return _merge(entities)

    def deidentify(self, text: str, patient: dict | None = None, study_date: str | None = None,
                   report_id: str = "") -> DeidentifiedText:
        """Return the report with every PHI span replaced according to the profile."""
        known = KnownPhi.from_patient(patient)
        if study_date:
            known.dates.append(study_date)
        identity = _identity(patient, report_id)
        shift = None
        if self.date_mode == "shift":
            shift = shift_for_patient(self.keys.dates, identity, *self.shift_range)
        return self._apply(text, known, identity, shift)

    def load_models(self) -> None:
        """Load now what the recognizers would load on a first report (the learned name model).

        Called before forking workers: a forked child shares the parent's copy (copy on write) instead of
        loading its own on its first report (0.6 CPU s and 55 MB each).
        """
        for recognizer in self.analyzer.registry.recognizers:
            if isinstance(recognizer, LearnedNameRecognizer):
                recognizer.load_model()

    def clean_descriptor(self, text: str, known_words: frozenset) -> str | None:
        """Clean a DICOM free-text attribute with the file's own identifiers as known PHI (None: nothing left)."""
        return _clean_descriptor_cached(self, text, known_words)

    def _apply(self, text: str, known: KnownPhi, identity: str, shift: int | None) -> DeidentifiedText:
        entities = self.analyze(text, known)
        originals = [fold(text[e.start:e.end]) for e in entities]  # a date with a zero-width space still shifts
        shifting = shift is not None and self.date_mode == "shift"
        style = DateStyle.of(o for e, o in zip(entities, originals) if e.type == "DATE") if shifting else DateStyle()
        out, replaced, cursor = [], [], 0
        for entity, original in zip(entities, originals):
            replacement = self._replacement(entity, original, identity, shift, style)
            if replacement is None:
                continue
            out.append(text[cursor:entity.start])
            out.append(replacement)
            cursor = entity.end
            replaced.append(entity)
        out.append(text[cursor:])
        return DeidentifiedText("".join(out), replaced)

    def _replacement(self, entity: Entity, original: str, identity: str, shift: int | None,
                     style: DateStyle) -> str | None:
        how = treatment(entity.type, operator=self.operator, date_mode=self.date_mode, keep_ages=self.keep_ages)
        if how == "keep":
            return None
        if how == "shift" and shift is not None:
            moved = shift_date_text(original, shift, style)
            if moved is not None:
                return moved
        if how == "surrogate":
            return self.surrogates.value(entity.type, original, identity)
        return redact(entity.type, original)


_SHARED: dict[tuple, ReportDeidentifier] = {}


def shared_engine(profile: Profile, keys: IdentityKeys) -> ReportDeidentifier:
    """Return this process's engine for a profile; built once (~2 s), inherited by forked workers."""
    key = (profile.hash, keys)
    if key not in _SHARED:
        _SHARED[key] = ReportDeidentifier(profile, keys)
    return _SHARED[key]


def lazy_descriptor_cleaner(profile: Profile, keys: IdentityKeys):
    """Return a descriptor cleaner that loads the text engine only when a file first needs it."""

    def clean(text: str, known_words: frozenset) -> str | None:
        return shared_engine(profile, keys).clean_descriptor(text, known_words)

    return clean


@lru_cache(maxsize=4096)
def _clean_descriptor_cached(engine: ReportDeidentifier, text: str, known_words: frozenset) -> str | None:
    # Series and study descriptions repeat across a series' instances: clean each distinct one once.
    # Without the patient's identity a date cannot be shifted consistently, so descriptor dates are redacted.
    cleaned = engine._apply(text, KnownPhi(words=sorted(known_words)), "descriptor", None)
    return cleaned.text if cleaned.text.strip() else None


def _identity(patient: dict | None, report_id: str) -> str:
    patient = patient or {}
    mrn = str(patient.get("mrn") or patient.get("patient_id") or "")
    if mrn.strip():
        return patient_key(mrn, str(patient.get("issuer") or ""))
    return "report\x1f" + report_id


def _eponym(text: str, result: RecognizerResult) -> bool:
    """Whether a name or place is used as an eponym ("Smith fracture", "Rigler triad", "vein of Galen"), unless a
    title leads to it."""
    return (result.entity_type in ("PERSON", "ADDRESS")
            and (followed_by_eponym_noun(text, result.end) or after_eponym_lead(text, result.start))
            and not titled(text, result.start))


def _merge(entities: list[Entity]) -> list[Entity]:
    """Merge overlapping spans into one, typed by the strongest (known PHI first, then score)."""
    merged: list[Entity] = []
    for entity in sorted(entities, key=lambda e: (e.start, -e.end)):
        if merged and entity.start < merged[-1].end:
            last = merged[-1]
            best = max((last, entity), key=lambda e: (e.known, e.score, e.end - e.start))
            merged[-1] = Entity(best.type, last.start, max(last.end, entity.end), best.score, last.known or entity.known)
        else:
            merged.append(entity)
    return merged
