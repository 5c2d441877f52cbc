"""Apply a Policy to a dataset in place, recursively: the per-element actions of PS3.15 Annex E.

Elements that need no change are left as pydicom's raw elements, untouched, so
the file writer can copy their original bytes; only changed elements are re-encoded.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset
from pydicom.datadict import tag_for_keyword

from ..identity import IdentityKeys, patient_key, pseudonym_for_patient, remap_uid, shift_for_patient
from ..known_phi import address_parts, pn_components
from .dates import cap_age, shift_da, shift_dt, years_between
from .devices import device_names
from .dummies import dummy_for
from .encode import constant_data_element, constant_text_element, raw_text_element
from .free_text import GenericPhi, generic_phi
from .method import method_elements
from .known_words import KnownWords, decode_value, known_words_for, long_enough
from .lengths import fit_to_vr
from .policy import PSEUDONYM, Policy, Resolved, vr_of
from .scan import CHARACTER_SET, STANDARD_VRS, ScannedDataset
from .un_sequences import encode_un_sequence, read_un_sequence
from .values import character_sets, element_of, empty_sequence, string_values, text_of, value_of

FREE_TEXT_VRS = frozenset({"LO", "SH", "ST", "LT", "UT", "UC", "PN"})
# Prose, searched for generic PHI (dates, numbers, names) wherever it is kept; short strings (LO, SH) are
# codes and device facts that a profile may keep on purpose (a serial number under Retain Device Identity).
PROSE_VRS = frozenset({"ST", "LT", "UT", "UC"})
# Inside a cleaned sequence, unlisted free text is cleaned; SH stays (code values, scheme designators).
NESTED_FREE_TEXT_VRS = frozenset({"LO", "ST", "LT", "UT", "UC", "PN"})
BINARY_VRS = frozenset({"OB", "OW", "OD", "OF", "OL", "OV", "UN"})
# Identifiers whose original values must not appear anywhere in an output (checked on its bytes).
IDENTIFIER_TAGS = frozenset(tag_for_keyword(k) for k in (
    "PatientID", "OtherPatientIDs", "AccessionNumber", "MedicalRecordLocator", "PatientAddress",
    "PatientTelephoneNumbers", "RequestedProcedureID", "ScheduledProcedureStepID", "PerformedProcedureStepID",
    "AdmissionID", "ServiceEpisodeID", "StudyID", "DeviceSerialNumber", "PatientInsurancePlanCodeSequence",
    "MilitaryRank", "RegionOfResidence", "PatientBirthName", "PatientMotherBirthName", "PersonAddress",
    "PersonTelephoneNumbers", "InstitutionAddress", "ReferringPhysicianAddress", "ReferringPhysicianTelephoneNumbers",
    "OtherPatientNames", "IssuerOfPatientID",
) if tag_for_keyword(k) is not None)
# The patient's address, learned part by part too: a town or street is repeated alone in free text.
ADDRESS_TAGS = frozenset({tag_for_keyword("PatientAddress")})
MIN_ID_LENGTH = 4
# A person name that is the file's own manufacturer or model names the device, not a person (but never the patient).
DEVICE_NAME_TAGS = (tag_for_keyword("Manufacturer"), tag_for_keyword("ManufacturerModelName"))
PATIENT_GROUP = 0x0010
REDACTED = "[REDACTED]"
AGE = 0x00101010  # PatientAge
# VRs of values that are neither text that may name someone nor a sequence: kept, such an element is unchanged.
PLAIN_VRS = frozenset(vr.decode() for vr in STANDARD_VRS) - FREE_TEXT_VRS - {"SQ", "UN"}
# How the walk treats a tag besides the policy's actions: private, or with a rule of its own (HeaderTransformer._kind).
_PRIVATE, _SPECIAL = "private", "special"
# Decisions on kept text remembered: distinct (text, identifiers) pairs, each text at most so long (a report
# in an SR's text value need not stay in memory).
CLEANED_TEXTS, MAX_REMEMBERED = 2048, 1024
# Identifiers learned from raw values, remembered: a study's files repeat their names and IDs.
LEARNED_VALUES = 4096

TextCleaner = Callable[[str, frozenset], "str | None"]


def redact_known(text: str, known_phi: frozenset) -> str | None:
    """Replace the file's own identifiers in free text (whole words, any case) with [REDACTED]; None if empty."""
    cleaned = known_words_for(known_phi).redact(text, REDACTED)
    return cleaned if cleaned.strip() else None


def redactor(generic: GenericPhi) -> TextCleaner:
    """Return the cleaner for profiles without a cleaning option: own identifiers, then generic PHI, redacted."""
    def clean(text: str, known_phi: frozenset) -> str | None:
        known = redact_known(text, known_phi)
        return generic.redact(known, REDACTED) if known is not None else None
    return clean


def then_dates(cleaner: TextCleaner, generic: GenericPhi) -> TextCleaner:
    """Return `cleaner` followed by the date shapes it left (a date between underscores), redacted."""
    def clean(text: str, known_phi: frozenset) -> str | None:
        cleaned = cleaner(text, known_phi)
        if cleaned is None:
            return None
        cleaned = generic.redact_dates(cleaned, REDACTED)
        return cleaned if cleaned.strip() else None
    return clean


@dataclass
class FileState:
    """Per-file facts the actions need, and what they learn: original identifiers to check for later."""

    pseudonym: str
    shift_days: int | None
    known_words: set[str] = field(default_factory=set)
    known_uids: set[str] = field(default_factory=set)
    cleaning: int = 0  # > 0 inside a sequence under action C: its free text is cleaned too
    depth: int = 0  # 0 at the top level, whose identifiers `begin` has already learned
    known: KnownWords = KnownWords(())  # the top-level identifiers, searched for in kept free text
    encodings: tuple[str, ...] = ("iso8859",)  # the file's character sets, as pydicom names their codecs
    device_names: frozenset[str] = frozenset()  # the file's manufacturer and model, lower case


class HeaderTransformer:
    """Applies one policy with one set of identity keys to any number of datasets."""

    def __init__(self, policy: Policy, keys: IdentityKeys, cleaner: TextCleaner | None = None):
        self.generic = generic_phi(dates=policy.date_mode != "keep")
        # A cleaning engine (the report-text engine) is followed by the header engine's date shapes, which
        # take "_" as a word's end: a date glued into a protocol name ("CHEST_20190304_X") is one to them.
        self.policy, self.keys = policy, keys
        self.cleaner = redactor(self.generic) if cleaner is None else then_dates(cleaner, self.generic)
        self._actions = {"X": self._remove, "Z": self._empty, "D": self._dummy, "K": self._keep,
                         "U": self._remap, "C": self._clean, PSEUDONYM: self._pseudonymise}
        self._method: dict[bool, list[DataElement]] = {}
        # A study's files repeat their texts (an SR's findings, a protocol's name) and their identifiers.
        self._cleaned = lru_cache(maxsize=CLEANED_TEXTS)(self._clean_text)
        # Kept values (a code meaning, a protocol name) repeat too; a study's files share one KnownWords.
        self._value_shows_phi = lru_cache(maxsize=CLEANED_TEXTS)(self._raw_value_shows_phi)
        self._learned: dict[tuple, tuple[str, ...]] = {}
        self._kinds = Resolved(self._kind)  # tag -> how the walk treats it, worked out once per tag

    def begin(self, ds: Dataset) -> FileState:
        """Derive the patient's pseudonym and date shift from the (original) top-level dataset."""
        patient_id = text_of(ds, 0x00100020)
        patient = patient_key(patient_id, text_of(ds, 0x00100021))
        if not patient_id.strip():
            # No patient ID: one study is one pseudonymous patient, never merged with strangers.
            patient = "study\x1f" + text_of(ds, 0x0020000D)
        shift = None
        if self.policy.date_mode == "shift":
            shift = shift_for_patient(self.keys.dates, patient, *self.policy.shift_range)
        state = FileState(pseudonym_for_patient(self.keys.pseudonyms, patient, self.policy.pseudonym_prefix), shift,
                          encodings=character_sets(ds),
                          device_names=device_names(text_of(ds, tag) for tag in DEVICE_NAME_TAGS))
        # Learn the identifiers first, so a name typed into an attribute listed before it is still found.
        action_of = self.policy.actions.__getitem__
        # A scanned file says which elements may teach anything: most of a header holds no name or identifier.
        learnable = ds.learnable_items(IDENTIFIER_TAGS) if type(ds) is ScannedDataset else None
        for base_tag, raw in ds.items() if learnable is None else learnable:
            tag = int(base_tag)
            if (tag >> 16) & 1:
                continue
            vr = raw.VR
            if vr is None or vr == "UN":
                vr = _raw_vr(raw, tag)
            if (vr == "PN" or tag in IDENTIFIER_TAGS) and action_of(tag) not in (None, "K"):
                self._learn(ds, tag, state, vr, state.encodings, raw)  # the top level's character sets are the file's
            elif vr == "SQ" and (self.policy.cleans_text or action_of(tag) not in ("X", "Z")):
                # A name deep in a sequence (an SR observer) must be known before any kept text is searched for
                # it: an SR's TextValue, kept by every profile, may repeat the observer named in an item before it.
                # Descriptors cleaned by the report-text engine are searched for the names of removed sequences too.
                self._learn_names_within(ds, tag, state)
        state.known = known_words_for(frozenset(state.known_words))
        return state

    def method_elements(self, state: FileState) -> list[DataElement]:
        """Return the de-identification method elements (PS3.3 C.7.1.1) every output carries."""
        dates_modified = state.shift_days is not None
        if dates_modified not in self._method:
            policy = self.policy
            # The same elements go into every file: each is encoded once.
            self._method[dates_modified] = [constant_data_element(element) for element in method_elements(
                policy.profile.label, policy.code_meanings, dates_modified).elements()]
        return self._method[dates_modified]

    def transform(self, ds: Dataset, state: FileState) -> None:
        """De-identify a top-level dataset in place."""
        if self.policy.cap_ages:
            self._cap_age_from_dates(ds)
        self.process(ds, state)

    def process(self, ds: Dataset, state: FileState) -> bool:
        """Apply the policy to every element of `ds` (recursing into sequences); return whether anything changed."""
        changed = False
        private: list[int] = []
        dropped_groups: set[int] = set()
        kind_of = self._kinds.__getitem__
        # A scanned top level's removals and emptied values are applied together after the walk: `begin` learned
        # its identifiers, and no action reads another element (but the character set, whose change alters how
        # the rest decode).
        scanned = type(ds) is ScannedDataset
        deferred = scanned and not state.depth
        removed: list[int] = []
        emptied: dict = {}
        # Plain int tags: pydicom's BaseTag compares slowly in our dict lookups.
        for tag, raw in list(ds.items()) if scanned else [(int(tag), raw) for tag, raw in ds.items()]:
            kind = kind_of(tag)
            # The three common cases first, decided by the tag's kind alone (and a kept element's VR).
            if kind is None and raw.VR in PLAIN_VRS:
                continue  # kept, and neither text that may name someone nor a sequence: unchanged
            if kind == "X" and deferred:
                removed.append(tag)
                changed = True
            elif kind is _PRIVATE:
                private.append(tag)
            else:
                changed |= self._step(ds, tag, raw, kind, state, deferred, removed, emptied, dropped_groups)
        if removed:
            ds.remove(removed)
        if emptied:
            # An element emptied before its overlay or curve group was dropped went with the group.
            ds.replace({tag: element for tag, element in emptied.items() if tag >> 16 not in dropped_groups}
                       if dropped_groups else emptied)
        if private:
            changed |= self._private(ds, private, state)
        return changed

    def _step(self, ds: Dataset, tag: int, raw, kind: str | None, state: FileState, deferred: bool,
              removed: list[int], emptied: dict, dropped_groups: set[int]) -> bool:
        """Apply the policy to one standard element of the walk, of `kind`; return whether it changed the data set."""
        action = kind
        if kind is _SPECIAL:
            group = tag >> 16
            if dropped_groups and group in dropped_groups:
                return False  # went with its repeating group
            if tag & 0xFFFF == 0:
                # Group lengths are retired and would be wrong after any change.
                if deferred:
                    removed.append(tag)
                else:
                    del ds[tag]
                return True
            action = self.policy.actions[tag]
            if action == "X" or action == "C":
                if tag & 0xFF00FFFF in (0x50003000, 0x60003000):
                    dropped_groups.add(group)
                    return self._drop_group(ds, group)
                if action == "X" and deferred and tag != CHARACTER_SET:
                    removed.append(tag)
                    return True
        vr = raw.VR
        if vr is None or vr == "UN":
            vr = _raw_vr(raw, tag)
        if action is None or action == "K":
            if vr in FREE_TEXT_VRS and self._holds_free_text_phi(raw, vr, state):
                action = "C"  # e.g. "per Dr. <name>" typed into a procedure code's meaning
            elif vr != "SQ" and tag != AGE:
                return False  # unchanged: decided here rather than in _keep
        elif action == "Z" and deferred and tag != CHARACTER_SET:
            emptied[tag] = empty_sequence(ds, tag) if vr == "SQ" else constant_text_element(tag, vr, None)
            return True
        return self._actions[action or "K"](ds, tag, state, vr)

    def _kind(self, tag: int) -> str | None:
        """Return how the walk treats a tag: _PRIVATE, _SPECIAL (a rule of its own), else the policy's action
        (None to keep, "K" included)."""
        group = tag >> 16
        if group & 1:
            return _PRIVATE
        if tag & 0xFFFF == 0 or group & 0xFF00 in (0x5000, 0x6000) or tag == CHARACTER_SET or tag == AGE:
            return _SPECIAL  # group lengths, overlay and curve groups, the character set, the age to cap
        action = self.policy.actions[tag]
        return None if action == "K" else action

    # -- actions: each returns whether it changed the dataset ------------------------------------

    def _keep(self, ds: Dataset, tag: int, state: FileState, vr: str) -> bool:
        if vr != "SQ":
            if tag == AGE and self.policy.cap_ages:
                return self._cap_age(ds, tag)
            return False
        return self._recurse(ds, tag, state)

    def _remove(self, ds: Dataset, tag: int, state: FileState, vr: str) -> bool:
        if state.depth:
            self._learn(ds, tag, state, vr)  # the top level's were learned by `begin`
        del ds[tag]
        return True

    def _empty(self, ds: Dataset, tag: int, state: FileState, vr: str) -> bool:
        if state.depth:
            self._learn(ds, tag, state, vr)
        ds[tag] = empty_sequence(ds, tag) if vr == "SQ" else constant_text_element(tag, vr, None)
        return True

    def _dummy(self, ds: Dataset, tag: int, state: FileState, vr: str) -> bool:
        if vr == "SQ":
            return self._recurse(ds, tag, state)
        if vr == "UI":
            return self._remap(ds, tag, state, vr)
        if state.depth:
            self._learn(ds, tag, state, vr)
        ds[tag] = constant_text_element(tag, vr, dummy_for(vr))
        return True

    def _remap(self, ds: Dataset, tag: int, state: FileState, vr: str) -> bool:
        if vr == "SQ":
            return self._recurse(ds, tag, state)
        if self.policy.section.uids == "keep":
            return False
        uids = string_values(ds, tag)
        if not uids:
            return False
        state.known_uids.update([u for u in uids if len(u) > 8])
        mapped = [remap_uid(self.keys.uids, u) for u in uids]
        ds[tag] = raw_text_element(tag, "UI", "\\".join(mapped))
        return True

    def _clean(self, ds: Dataset, tag: int, state: FileState, vr: str) -> bool:
        if vr == "SQ":
            state.cleaning += 1
            try:
                return self._recurse(ds, tag, state)
            finally:
                state.cleaning -= 1
        if vr in ("DA", "DT"):
            return self._shift(ds, tag, vr, state)
        if vr == "TM":
            return False  # a time of day alone identifies no one; dates carry the shift
        if vr == "UI":
            return self._remap(ds, tag, state, vr)
        if vr in FREE_TEXT_VRS:
            text = "\\".join(string_values(ds, tag))
            if not text:
                return False
            clean = self._cleaned if len(text) <= MAX_REMEMBERED else self._clean_text
            cleaned = clean(text, frozenset(state.known_words))
            if cleaned == text:
                return False
            if cleaned is None and self.policy.needs_value(tag):
                return self._dummy(ds, tag, state, vr)  # e.g. StructureSetLabel is Type 1: removal would break the IOD
            # A placeholder longer than the name it replaces ("[REDACTED]" for a three-letter part in a
            # 16-character SH such as a code value or station name) must not make the value invalid.
            ds[tag] = raw_text_element(tag, vr, cleaned and fit_to_vr(vr, cleaned))
            return True
        if vr in BINARY_VRS:
            return self._remove(ds, tag, state, vr)  # no graphics cleaner: overlay/curve bytes cannot be proven clean
        return False

    def _pseudonymise(self, ds: Dataset, tag: int, state: FileState, vr: str) -> bool:
        if state.depth:
            self._learn(ds, tag, state, vr)
        ds[tag] = raw_text_element(tag, vr, state.pseudonym)
        return True

    # -- helpers ---------------------------------------------------------------------------------

    def _clean_text(self, text: str, words: frozenset[str]) -> str | None:
        """Return free text cleaned of the file's identifiers `words` and of generic PHI; None where nothing may stay."""
        cleaned = self.cleaner(text, words)
        if cleaned and known_words_for(words).found_in_text(cleaned):
            cleaned = None  # an identifier the cleaner could not take out (spelled apart, another script)
        return cleaned

    def _shift(self, ds: Dataset, tag: int, vr: str, state: FileState) -> bool:
        text = "\\".join(string_values(ds, tag))
        if not text:
            return False
        if state.shift_days is None:
            return self._empty(ds, tag, state, vr)
        moved = (shift_da if vr == "DA" else shift_dt)(text, state.shift_days)
        # An unparseable date cannot be shifted, so it cannot stay.
        ds[tag] = raw_text_element(tag, vr, moved)
        return True

    def _recurse(self, ds: Dataset, tag: int, state: FileState) -> bool:
        element = element_of(ds, tag)
        changed = False
        state.depth += 1
        try:
            for item in element.value or []:
                changed |= self.process(item, state)
        finally:
            state.depth -= 1
        if changed:
            ds[tag] = element
        return changed

    def _recurse_unknown(self, ds: Dataset, tag: int, state: FileState) -> bool:
        """Apply the policy inside a kept value of unknown VR that holds a sequence; write it back as it came."""
        raw = ds.get_item(tag)
        value = raw.value if isinstance(raw, RawDataElement) else None
        items = read_un_sequence(value, character_sets(ds)) if isinstance(value, bytes) else None
        if items is None:
            return False  # opaque bytes: the final proof searches them as they are
        changed = False
        state.depth += 1
        try:
            for item in items:
                changed |= self.process(item, state)
        finally:
            state.depth -= 1
        if changed:
            # Still UN in implicit VR (PS3.5 6.2.2): the private dictionary that would give its items VRs is unknown.
            ds[tag] = DataElement(tag, "UN", encode_un_sequence(items, character_sets(ds)))
        return changed

    def _private(self, ds: Dataset, tags: list[int], state: FileState) -> bool:
        safe = self.policy.safe_private
        if safe is None:
            if type(ds) is ScannedDataset:
                ds.remove(tags)  # in one call
            else:
                for tag in tags:
                    del ds[tag]
            return True
        creators = {tag: text_of(ds, tag).strip() for tag in tags if 0x10 <= (tag & 0xFFFF) <= 0xFF}
        kept_blocks: set[int] = set()
        changed = False
        for tag in tags:
            element_no = tag & 0xFFFF
            if 0x10 <= element_no <= 0xFF:
                continue  # private creators: decided once their blocks are known
            block_creator = (tag & 0xFFFF0000) | (element_no >> 8)
            creator = creators.get(block_creator) if element_no >= 0x1000 else None
            # PS3.15 E.3.10: only attributes on the safe private list survive, and only under the option.
            if creator and safe.is_safe(creator, tag >> 16, element_no & 0xFF):
                kept_blocks.add(block_creator)
                vr = _raw_vr(ds.get_item(tag), tag)
                if vr == "SQ":
                    changed |= self._recurse(ds, tag, state)
                elif vr == "UN":
                    changed |= self._recurse_unknown(ds, tag, state)
                continue
            del ds[tag]
            changed = True
        for tag in creators:
            if tag not in kept_blocks:
                del ds[tag]  # an orphaned private creator names a vendor block that is gone
                changed = True
        return changed

    def _holds_free_text_phi(self, raw, vr: str, state: FileState) -> bool:
        """Whether an element the table keeps is free text that must be cleaned anyway."""
        if vr not in FREE_TEXT_VRS:
            return False
        if state.cleaning and vr in NESTED_FREE_TEXT_VRS:
            return True
        if isinstance(raw, RawDataElement):
            value = raw.value or b""
            check = self._value_shows_phi if len(value) <= MAX_REMEMBERED else self._raw_value_shows_phi
            return check(value, vr in PROSE_VRS, state.known, state.encodings)
        text = str(raw.value or "")
        if vr in PROSE_VRS and self.generic.found_in(text.encode("utf-8", "replace")):
            return True
        return bool(text) and bool(state.known) and state.known.found_in_text(text)

    def _raw_value_shows_phi(self, value: bytes, prose: bool, known: KnownWords, encodings: tuple[str, ...]) -> bool:
        """Whether a kept raw text value holds one of the file's identifiers (or, in prose, a generic PHI shape)."""
        if prose and self.generic.found_in(value):
            return True
        return bool(value) and bool(known) and known.found_in_value(value, encodings)

    def _drop_group(self, ds: Dataset, group: int) -> bool:
        # An overlay or curve without its data is an invalid module: the whole repeating group goes.
        for tag in [t for t in ds.keys() if t >> 16 == group]:
            del ds[tag]
        return True

    def _learn(self, ds: Dataset, tag: int, state: FileState, vr: str,
               encodings: tuple[str, ...] | None = None, raw=None) -> None:
        """Remember identifying values being removed, so the output can be checked for them.

        `encodings` are the character sets of `ds` and `raw` the element as stored, when the caller knows them.
        """
        if vr != "PN" and tag not in IDENTIFIER_TAGS:
            return
        if vr == "SQ":
            return
        if raw is None:
            raw = ds.get_item(tag)
        value = raw.value
        if type(raw) is not RawDataElement or type(value) is not bytes or len(value) > MAX_REMEMBERED:
            state.known_words.update(self._identifiers_in(ds, tag, state, vr))
            return
        # What a raw value yields depends on its bytes and VR, the character sets it is read in and, for a
        # name outside the patient's group, the file's device names: all in the key.
        devices = state.device_names if vr == "PN" and tag >> 16 != PATIENT_GROUP else None
        key = (tag, vr, raw.VR, value, state.encodings, encodings or character_sets(ds), devices)
        words = self._learned.get(key)
        if words is None:
            words = self._identifiers_in(ds, tag, state, vr)
            if len(self._learned) >= LEARNED_VALUES:
                self._learned.clear()
            self._learned[key] = words
        state.known_words.update(words)

    def _identifiers_in(self, ds: Dataset, tag: int, state: FileState, vr: str) -> tuple[str, ...]:
        """Return the words of an identifying element worth searching for: a name's parts, an ID, an address's."""
        words: list[str] = []
        for item in _identifying_strings(ds, tag, state.encodings):
            text = item.strip()
            if vr == "PN":
                if tag >> 16 != PATIENT_GROUP and text.lower() in state.device_names:
                    continue  # a device signing with its own model ("Achieva" as a presentation's creator)
                words += name_words(text)
            elif len(text) >= MIN_ID_LENGTH:
                words.append(text)
                if tag in ADDRESS_TAGS:
                    words += (p for p in address_parts(text) if len(p) >= MIN_ID_LENGTH)
        return tuple(words)

    def _learn_names_within(self, ds: Dataset, tag: int, state: FileState) -> None:
        """Learn the person names and identifiers at every depth of a sequence."""
        action_of = self.policy.actions.__getitem__
        for item in element_of(ds, tag).value or []:
            for base_tag, raw in item.items():
                inner = int(base_tag)
                if (inner >> 16) & 1:
                    continue
                vr = raw.VR
                if vr is None or vr == "UN":
                    vr = _raw_vr(raw, inner)
                if vr == "SQ":
                    self._learn_names_within(item, inner, state)
                elif (vr == "PN" or inner in IDENTIFIER_TAGS) and action_of(inner) not in (None, "K"):
                    self._learn(item, inner, state, vr, None, raw)

    def _cap_age(self, ds: Dataset, tag: int) -> bool:
        value = value_of(ds, tag)
        if not value or cap_age(str(value)) == str(value):
            return False
        ds[tag] = DataElement(tag, "AS", cap_age(str(value)))
        return True

    def _cap_age_from_dates(self, ds: Dataset) -> None:
        # Safe Harbor: a kept (even shifted) birth date still reveals an age over 89 next to a study date.
        birth, seen = text_of(ds, 0x00100030).strip(), text_of(ds, 0x00080020).strip() or text_of(ds, 0x00080023).strip()
        if birth and seen and (years_between(birth, seen) or 0) > 89 and self.policy.action(0x00100030) != "X":
            ds[0x00100030] = DataElement(0x00100030, "DA", None)


@lru_cache(maxsize=4096)
def name_words(name: str) -> tuple[str, ...]:
    """Return the words of a person name worth searching for (names repeat in every file of a study: cached)."""
    parts = pn_components(name)
    # Each part of a double-barrelled name alone too ("Smith-Jones" is filed as "SMITH" at the desk).
    return (*(p for p in parts if long_enough(p)),
            *(w for p in parts for w in re.split(r"[\s-]+", p) if long_enough(w)))


def _identifying_strings(ds: Dataset, tag: int, encodings: tuple[str, ...]) -> list[str]:
    """Return an identifying element's values as decoded, and as its raw bytes spell them."""
    raw = ds.get_item(tag)
    value = raw.value if isinstance(raw, RawDataElement) else None
    if raw.VR == "UN" and isinstance(value, bytes):
        # Over 64 KiB a name cannot be PN in explicit VR; writers store it as UN, which pydicom leaves as bytes.
        decoded = decode_value(value.rstrip(b"\x00 "), encodings).split("\\")
    else:
        decoded = string_values(ds, tag)
    if not isinstance(value, bytes) or value.isascii():
        return decoded
    # A byte the character set does not allow decodes to U+FFFD; its raw spelling is what a search must find.
    return decoded + [v.decode("latin-1") for v in value.rstrip(b"\x00 ").split(b"\\")]


def _raw_vr(raw, tag: int) -> str:
    vr = raw.VR
    if vr is None or vr == "UN":
        # Implicit VR files carry no VR; standard tags get the dictionary's, private ones stay UN.
        return vr_of(tag) if not (tag >> 16) & 1 else ("SQ" if raw.length == 0xFFFFFFFF else "UN")
    return vr
