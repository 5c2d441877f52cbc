"""Score a report-text de-identifier against the gold labels of a synthetic report corpus.

The scorer only looks at what the de-identifier returns, never at how it works:

* `score(reports, predictions)` takes predicted spans (offsets into each report's input text).
  A gold PHI span is *caught* when the union of predicted spans covers every non-whitespace
  character of it, whatever the predicted type, so "Smith, John" is caught by one span or by
  three adjacent ones, but not by a span covering "Smith" only. Character-level recall (also
  type-agnostic) and a precision proxy (share of predicted characters that are gold PHI) are
  reported too. A clinical term is *altered* when any predicted span overlaps any of its
  characters.
* `score_output_texts(reports, outputs)` is for tools that only return redacted text. It is a
  coarser measure, see its docstring.

Neither the score nor its table contains PHI values: missed spans are listed by report id, kind
and offsets only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .report_corpus import KINDS

# Release targets for the report-text engine (overall recall, per-kind recall, clinical alteration).
TARGET_OVERALL_RECALL = 0.995
TARGET_KIND_RECALL = 0.99
TARGET_CLINICAL_ALTERED = 0.01


@dataclass(frozen=True)
class Count:
    """Hits out of n for one row of the score (a PHI kind or a clinical category)."""

    n: int = 0
    hits: int = 0

    @property
    def rate(self) -> float:
        """hits / n (1.0 for an empty row, so absent kinds never fail a target)."""
        return self.hits / self.n if self.n else 1.0

    def __add__(self, other: Count) -> Count:
        return Count(self.n + other.n, self.hits + other.hits)


@dataclass(frozen=True)
class SpanRef:
    """Where a missed PHI span or an altered clinical term is: no text, so it is safe to log."""

    report_id: str
    label: str  # PHI kind or clinical category
    start: int
    end: int


@dataclass
class Score:
    """Result of scoring one de-identifier on a labelled corpus."""

    method: str  # "spans" (exact offsets) or "text" (coarser, output text only)
    reports: int
    per_kind: dict[str, Count]
    clinical: dict[str, Count]
    gold_chars: int = 0
    gold_chars_caught: int = 0
    predicted_chars: int | None = None  # None when the method cannot know
    predicted_gold_chars: int | None = None
    missed: list[SpanRef] = field(default_factory=list)
    altered: list[SpanRef] = field(default_factory=list)

    # ----------------------------------------------------------------- headline numbers
    @property
    def overall(self) -> Count:
        """All gold spans together: n and caught."""
        return sum(self.per_kind.values(), Count())

    @property
    def recall(self) -> float:
        """Span-level recall over every kind."""
        return self.overall.rate

    def kind_recall(self, kind: str) -> float:
        """Span-level recall for one PHI kind."""
        return self.per_kind.get(kind, Count()).rate

    @property
    def char_recall(self) -> float:
        """Type-agnostic share of gold non-whitespace characters covered by predictions."""
        return self.gold_chars_caught / self.gold_chars if self.gold_chars else 1.0

    @property
    def precision(self) -> float | None:
        """Share of predicted non-whitespace characters that are gold PHI (None if unknown)."""
        if self.predicted_chars is None or self.predicted_gold_chars is None:
            return None
        return self.predicted_gold_chars / self.predicted_chars if self.predicted_chars else 1.0

    @property
    def overredaction(self) -> float | None:
        """Share of predicted non-whitespace characters that are not gold PHI (None if unknown)."""
        p = self.precision
        return None if p is None else 1.0 - p

    @property
    def clinical_total(self) -> Count:
        """All clinical terms together: n and altered."""
        return sum(self.clinical.values(), Count())

    @property
    def clinical_altered(self) -> float:
        """Fraction of clinical term spans altered by the de-identifier."""
        total = self.clinical_total
        return total.hits / total.n if total.n else 0.0

    def clinical_altered_in(self, category: str) -> float:
        """Fraction of clinical terms of one category that were altered."""
        count = self.clinical.get(category, Count())
        return count.hits / count.n if count.n else 0.0

    # ----------------------------------------------------------------- targets
    def target_failures(
        self,
        overall: float = TARGET_OVERALL_RECALL,
        per_kind: float = TARGET_KIND_RECALL,
        clinical: float = TARGET_CLINICAL_ALTERED,
    ) -> list[str]:
        """Describe each missed target (empty when all are met); no PHI in the messages."""
        failures = []
        if self.recall < overall:
            failures.append(f"overall recall {self.recall:.2%} < {overall:.2%}")
        for kind, count in self.per_kind.items():
            if count.n and count.rate < per_kind:
                failures.append(f"{kind} recall {count.rate:.2%} < {per_kind:.2%} ({count.n - count.hits} missed)")
        if self.clinical_altered > clinical:
            failures.append(f"clinical terms altered {self.clinical_altered:.2%} > {clinical:.2%}")
        return failures

    def meets_targets(self, **thresholds: float) -> bool:
        """True when every target of `target_failures` is met."""
        return not self.target_failures(**thresholds)

    # ----------------------------------------------------------------- output
    def table(self) -> str:
        """Render the score as Markdown tables (counts and rates only, never PHI values)."""
        how = "exact spans" if self.method == "spans" else "output text only, coarse"
        lines = [
            f"Scored {self.reports} reports ({how}).",
            "",
            "| kind | n | caught | missed | recall |",
            "|---|---:|---:|---:|---:|",
        ]
        for kind in _ordered(self.per_kind, KINDS):
            c = self.per_kind[kind]
            lines.append(f"| {kind} | {c.n} | {c.hits} | {c.n - c.hits} | {_pct(c.rate, c.n)} |")
        o = self.overall
        lines.append(f"| **all (span)** | {o.n} | {o.hits} | {o.n - o.hits} | {_pct(o.rate, o.n)} |")
        chars, caught = self.gold_chars, self.gold_chars_caught
        lines.append(f"| all (characters) | {chars} | {caught} | {chars - caught} | {_pct(self.char_recall, chars)} |")
        lines.append("")
        if self.precision is None:
            lines.append("Precision proxy: n/a (output text only).")
        else:
            lines.append(
                f"Precision proxy: {self.precision:.2%} of {self.predicted_chars} predicted characters are gold PHI "
                f"({self.overredaction:.2%} are not)."
            )
        lines += ["", "| clinical category | n | altered | altered % |", "|---|---:|---:|---:|"]
        for category in sorted(self.clinical, key=lambda c: (-self.clinical[c].n, c)):
            c = self.clinical[category]
            lines.append(f"| {category} | {c.n} | {c.hits} | {_pct(self.clinical_altered_in(category), c.n)} |")
        t = self.clinical_total
        lines.append(f"| **all** | {t.n} | {t.hits} | {_pct(self.clinical_altered, t.n)} |")
        failures = self.target_failures()
        lines += ["", "Targets met." if not failures else "Targets missed: " + "; ".join(failures) + "."]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form for JSON reports (offsets only, no PHI)."""
        return {
            "method": self.method,
            "reports": self.reports,
            "recall": self.recall,
            "char_recall": self.char_recall,
            "precision": self.precision,
            "clinical_altered": self.clinical_altered,
            "per_kind": {k: {"n": c.n, "caught": c.hits, "recall": c.rate} for k, c in self.per_kind.items()},
            "clinical": {
                k: {"n": c.n, "altered": c.hits, "rate": self.clinical_altered_in(k)} for k, c in self.clinical.items()
            },
            "missed": [vars(m) for m in self.missed],
            "altered": [vars(a) for a in self.altered],
            "targets_met": self.meets_targets(),
        }


def _pct(rate: float, n: int) -> str:
    return f"{rate:.2%}" if n else "-"


def _ordered(keys: Iterable[str], preferred: Sequence[str]) -> list[str]:
    keys = list(keys)
    return [k for k in preferred if k in keys] + sorted(k for k in keys if k not in preferred)


def _bounds(entity: Any) -> tuple[int, int]:
    """Offsets of a predicted entity given as a mapping or an object (e.g. a Presidio result)."""
    if isinstance(entity, Mapping):
        return int(entity["start"]), int(entity["end"])
    return int(entity.start), int(entity.end)


def _coverage(text: str, entities: Iterable[Any]) -> bytearray:
    """Mark every character position covered by at least one predicted span."""
    covered = bytearray(len(text))
    for entity in entities:
        start, end = _bounds(entity)
        start, end = max(start, 0), min(end, len(text))
        if end > start:
            covered[start:end] = b"\x01" * (end - start)
    return covered


def _required_positions(text: str, start: int, end: int, alnum_only: bool) -> list[int]:
    # Whitespace inside a span carries nothing; with alnum_only punctuation is ignored as well.
    if alnum_only:
        return [i for i in range(start, end) if text[i].isalnum()]
    return [i for i in range(start, end) if not text[i].isspace()]


def score(
    reports: Sequence[Mapping[str, Any]],
    predictions: Mapping[str, Sequence[Any]],
    *,
    alnum_only: bool = False,
) -> Score:
    """Score predicted spans (report id -> [{"type", "start", "end"}]) against the gold labels.

    A report without an entry in `predictions` counts as having no predictions. With
    `alnum_only` a gold span is caught once its letters and digits are covered (punctuation such
    as the comma in "Smith, John" may stay), a looser reading useful for diagnosis.
    """
    per_kind: dict[str, Count] = {}
    clinical: dict[str, Count] = {}
    missed: list[SpanRef] = []
    altered: list[SpanRef] = []
    gold_chars = gold_caught = predicted_chars = predicted_gold = 0
    for report in reports:
        text: str = report["text"]
        rid = report["id"]
        covered = _coverage(text, predictions.get(rid, ()))
        is_gold = bytearray(len(text))
        for span in report.get("gold", ()):
            start, end, kind = span["start"], span["end"], span["type"]
            is_gold[start:end] = b"\x01" * (end - start)
            required = _required_positions(text, start, end, alnum_only)
            hit = all(covered[i] for i in required)
            per_kind[kind] = per_kind.get(kind, Count()) + Count(1, int(hit))
            if not hit:
                missed.append(SpanRef(rid, kind, start, end))
            chars = _required_positions(text, start, end, False)
            gold_chars += len(chars)
            gold_caught += sum(1 for i in chars if covered[i])
        for i, flag in enumerate(covered):
            if flag and not text[i].isspace():
                predicted_chars += 1
                predicted_gold += is_gold[i]
        for term in report.get("clinical_terms", ()):
            start, end, category = term["start"], term["end"], term["category"]
            hit = any(covered[start:end])
            clinical[category] = clinical.get(category, Count()) + Count(1, int(hit))
            if hit:
                altered.append(SpanRef(rid, category, start, end))
    return Score(
        method="spans",
        reports=len(reports),
        per_kind=per_kind,
        clinical=clinical,
        gold_chars=gold_chars,
        gold_chars_caught=gold_caught,
        predicted_chars=predicted_chars,
        predicted_gold_chars=predicted_gold,
        missed=missed,
        altered=altered,
    )


def _still_present(value: str, output_lower: str) -> bool:
    # Token-bounded, case-insensitive search: "92" must not be found inside "1992" or "SpO2 920".
    pattern = r"(?<![A-Za-z0-9])" + re.escape(value.lower()) + r"(?![A-Za-z0-9])"
    return re.search(pattern, output_lower) is not None


def score_output_texts(reports: Sequence[Mapping[str, Any]], outputs: Mapping[str, str]) -> Score:
    """Score tools that return only de-identified text (a coarser measure than `score`).

    A gold span counts as caught when its text no longer appears anywhere in the output
    (case-insensitive, not as part of a longer word or number); a clinical term counts as
    altered when its text no longer appears. Because positions are unknown this is coarse:
    a value that legitimately occurs twice is missed if either copy survives, a short value
    ("14th", "92") that happens to occur elsewhere counts as missed, a surrogate that
    reproduces a value counts as missed, a term that occurs twice is not counted as altered
    unless both copies change, and there is no precision figure. Character recall is the share
    of gold characters in spans counted as caught. A report missing from `outputs` counts as
    returned unchanged.
    """
    per_kind: dict[str, Count] = {}
    clinical: dict[str, Count] = {}
    missed: list[SpanRef] = []
    altered: list[SpanRef] = []
    gold_chars = gold_caught = 0
    for report in reports:
        rid = report["id"]
        output = outputs.get(rid, report["text"]).lower()
        for span in report.get("gold", ()):
            kind = span["type"]
            hit = not _still_present(span["text"], output)
            per_kind[kind] = per_kind.get(kind, Count()) + Count(1, int(hit))
            chars = sum(1 for ch in span["text"] if not ch.isspace())
            gold_chars += chars
            if hit:
                gold_caught += chars
            else:
                missed.append(SpanRef(rid, kind, span["start"], span["end"]))
        for term in report.get("clinical_terms", ()):
            category = term["category"]
            hit = not _still_present(term["text"], output)
            clinical[category] = clinical.get(category, Count()) + Count(1, int(hit))
            if hit:
                altered.append(SpanRef(rid, category, term["start"], term["end"]))
    return Score(
        method="text",
        reports=len(reports),
        per_kind=per_kind,
        clinical=clinical,
        gold_chars=gold_chars,
        gold_chars_caught=gold_caught,
        missed=missed,
        altered=altered,
    )


def gold_predictions(reports: Iterable[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Return the gold spans as predictions (a perfect de-identifier), for tests and baselines."""
    return {
        r["id"]: [{"type": g["type"], "start": g["start"], "end": g["end"]} for g in r.get("gold", ())]
        for r in reports
    }
