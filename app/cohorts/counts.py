"""Feasibility counts of a cohort, exact for reviewers and with small cells suppressed for researchers."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import Column, Date, Integer, MetaData, Table, case, extract, func, select
from sqlalchemy.orm import Session

from ..audit.chain import record
from ..models import Instance, Patient, Report, ReportLabel, Series, Study
from .compiler import Expand, series_conditions, studies_matching
from .definition import SEXES, CohortDefinition, check_concepts, parse_definition

DEFAULT_THRESHOLD = 11
# A study's label for a concept is its strongest report label: present over uncertain over absent.
RANKED = ("absent", "uncertain", "present")
# Age at the study in bands (upper bounds exclusive); children apart, then decades, then the very old together.
AGE_BANDS = (("0-17", 18), ("18-29", 30), ("30-39", 40), ("40-49", 50), ("50-59", 60), ("60-69", 70),
             ("70-79", 80), ("80-89", 90), ("90+", None))
UNKNOWN = "unknown"
# A cell withheld so that no small cell can be worked out from the cohort's size: a larger cell hidden beside a
# small one, or (rarely) every nonzero cell of a distribution whose total alone would decide them.
HIDDEN = "hidden"
DISTRIBUTIONS = ("by_year", "by_modality", "by_age", "by_sex")


@dataclass
class Feasibility:
    """How many patients, studies, series and instances a definition selects, each label's prevalence, and
    how the studies spread over years, modalities, age bands and sexes."""

    patients: int = 0
    studies: int = 0
    series: int = 0
    instances: int = 0
    at_risk_instances: int = 0
    labels: dict[str, dict[str, int]] = field(default_factory=dict)
    by_year: dict[str, int] = field(default_factory=dict)
    by_modality: dict[str, int] = field(default_factory=dict)
    by_age: dict[str, int] = field(default_factory=dict)
    by_sex: dict[str, int] = field(default_factory=dict)

    def exact(self) -> dict:
        """Return every count as it is (reviewers, admins)."""
        return asdict(self)

    def suppressed(self, threshold: int = DEFAULT_THRESHOLD) -> dict:
        """Return the counts with every cell from 1 to threshold-1 shown as "<threshold" (researchers)."""
        data = asdict(self)
        shown = {key: _cell(value, threshold) for key, value in data.items() if isinstance(value, int)}
        # Only present, absent and uncertain are returned (never "unmentioned" or a total of the parts),
        # so no suppressed cell can be had by subtracting shown ones from the study count.
        shown["labels"] = {concept: {status: _cell(n, threshold) for status, n in parts.items()}
                           for concept, parts in self.labels.items()}
        # A distribution's cells do add up to the study count, so they get complementary suppression.
        for key in DISTRIBUTIONS:
            shown[key] = _distribution(data[key], threshold, total_shown=self.studies >= threshold)
        return shown


def _cell(value: int, threshold: int) -> int | str:
    return value if value == 0 or value >= threshold else f"<{threshold}"


def _distribution(cells: dict[str, int], threshold: int, *, total_shown: bool) -> dict[str, int | str]:
    """Suppress small cells, then hide the smallest others until subtraction from the total pins none down."""
    small = [key for key, n in cells.items() if 0 < n < threshold]
    larger = sorted((key for key, n in cells.items() if n >= threshold), key=lambda key: (cells[key], key))
    hidden: list[str] = []
    # One larger cell is hidden whenever any cell is small (not only when the small ones could be worked out),
    # so that whether a cell is hidden says nothing more about the small ones than the "<11" already does.
    while small and total_shown and (not hidden or _pinned(
            [cells[k] for k in small], [cells[k] for k in hidden], [cells[k] for k in larger], threshold)):
        if not larger:
            # Even with every larger cell hidden the total decides the small ones: hide them all alike.
            if _pinned([cells[k] for k in small], [cells[k] for k in hidden], [], threshold):
                hidden, small = hidden + small, []
            break
        hidden.append(larger.pop(0))
    return {key: HIDDEN if key in hidden else _cell(n, threshold) for key, n in cells.items()}


def _pinned(small: list[int], hidden: list[int], shown: list[int], threshold: int) -> bool:
    """Whether a reader who knows the total, the shown cells and this rule can tell a small cell's exact value.

    Each small cell is 1..threshold-1; a hidden one is at least threshold and, being hidden smallest first, at
    most the smallest shown cell. A small cell is pinned when those bounds leave it a single possible value.
    """
    withheld, others = sum(small) + sum(hidden), len(small) - 1
    ceiling = min(shown) if shown else withheld
    lowest = max(1, withheld - others * (threshold - 1) - len(hidden) * ceiling)
    highest = min(threshold - 1, withheld - others - len(hidden) * threshold)
    return lowest >= highest


# The studies a definition selects, with what the counts read of each, computed once per count. A temporary
# table lives in its connection only, so one name serves every count (and their SQL is compiled once).
CHOSEN = Table("cohort_chosen", MetaData(), Column("id", Integer, primary_key=True), Column("patient_id", Integer),
               Column("study_date", Date), Column("age_years", Integer), prefixes=["TEMPORARY"])


def count_cohort(session: Session, definition: CohortDefinition, expand: Expand) -> Feasibility:
    """Return the exact counts of the studies a definition selects (a few aggregate queries)."""
    # The selection is computed once, with the study columns the counts need: each count below reads this
    # small table instead of running the definition again or looking each study up again.
    CHOSEN.create(session.connection())
    try:
        selected = studies_matching(definition, expand).add_columns(Study.patient_id, Study.study_date,
                                                                     Study.age_years)
        session.execute(CHOSEN.insert().from_select([c.name for c in CHOSEN.c], selected))
        return _counts(session, definition, expand)
    finally:
        CHOSEN.drop(session.connection())


def _counts(session: Session, definition: CohortDefinition, expand: Expand) -> Feasibility:
    chosen = select(CHOSEN.c.id).scalar_subquery()
    studies, patients = session.execute(select(func.count(), func.count(func.distinct(CHOSEN.c.patient_id)))).one()
    series, instances, at_risk = session.execute(
        select(func.count(func.distinct(Series.id)), func.count(Instance.id),
               func.coalesce(func.sum(case((Instance.burned_in_risk, 1), else_=0)), 0))
        .select_from(Series).outerjoin(Instance, Instance.series_id == Series.id)
        .where(Series.study_id.in_(chosen), *series_conditions(definition))).one()
    result = Feasibility(patients=patients, studies=studies, series=series, instances=instances,
                         at_risk_instances=int(at_risk), **_spread(session, definition, chosen))
    for concept in definition.labels:
        result.labels[concept] = _prevalence(session, chosen, sorted(expand(concept, True)))
    return result


def _spread(session: Session, definition: CohortDefinition, chosen) -> dict[str, dict[str, int]]:
    """Return the chosen studies per study year, modality (of the series the definition selects), age band, sex."""
    year = extract("year", CHOSEN.c.study_date)
    years = session.execute(select(year, func.count()).group_by(year).order_by(year)).all()
    modality = Series.modality
    modalities = session.execute(
        select(modality, func.count(func.distinct(Series.study_id)))
        .where(Series.study_id.in_(chosen), *series_conditions(definition))
        .group_by(modality).order_by(modality)).all()
    age = CHOSEN.c.age_years
    band = case((age.is_(None), UNKNOWN), *((age < below, name) for name, below in AGE_BANDS if below is not None),
                else_=AGE_BANDS[-1][0])
    ages = dict(session.execute(select(band, func.count()).group_by(band)).all())
    sex = case(*((Patient.sex == code, code) for code in SEXES), else_=UNKNOWN)
    sexes = dict(session.execute(select(sex, func.count()).select_from(CHOSEN)
                                 .join(Patient, Patient.id == CHOSEN.c.patient_id).group_by(sex)).all())
    return {"by_year": {str(int(y)) if y is not None else UNKNOWN: n for y, n in years},
            "by_modality": {m or UNKNOWN: n for m, n in modalities},
            "by_age": {name: ages.get(name, 0) for name, _ in AGE_BANDS}
            | ({UNKNOWN: ages[UNKNOWN]} if ages.get(UNKNOWN) else {}),
            "by_sex": {code: sexes.get(code, 0) for code in (*SEXES, UNKNOWN)}}


def _prevalence(session: Session, chosen, concepts: list[str]) -> dict[str, int]:
    """Return how many chosen studies are labelled present, absent and uncertain for the concepts."""
    rank = case(*((ReportLabel.status == status, i + 1) for i, status in enumerate(RANKED)), else_=0)
    per_study = (select(func.max(rank).label("rank")).select_from(Report)
                 .join(ReportLabel, ReportLabel.report_id == Report.id)
                 .where(Report.study_id.in_(chosen), ReportLabel.concept_id.in_(concepts))
                 .group_by(Report.study_id).subquery())
    counted = dict(session.execute(select(per_study.c.rank, func.count()).group_by(per_study.c.rank)).all())
    return {status: counted.get(i + 1, 0) for i, status in enumerate(RANKED)}


def concept_expander(ontology) -> Expand:
    """Return the expansion of a concept to itself and, when asked, its descendants in `ontology`."""
    def expand(concept: str, deep: bool) -> set[str]:
        return {concept, *ontology.descendants(concept)} if deep else {concept}
    return expand


def feasibility(db, ontology, data: object) -> tuple[CohortDefinition, Feasibility]:
    """Validate a decoded JSON definition against the ontology and count what it selects."""
    definition = parse_definition(data)
    check_concepts(definition, lambda concept: concept in ontology.concepts)
    with db.session() as session:
        return definition, count_cohort(session, definition, concept_expander(ontology))


def counts_for(db, ontology, data: object, *, actor: str, exact: bool,
               threshold: int = DEFAULT_THRESHOLD) -> tuple[CohortDefinition, dict]:
    """Count a decoded JSON definition, audit that `actor` counted it, and return the counts as `actor` may see
    them (exact, or suppressed at `threshold`) with the definition's hash, JSON-ready."""
    definition, counts = feasibility(db, ontology, data)
    db.write(lambda session: record(session, actor=actor, action="cohort.count", object_type="cohort",
                                    object_id=definition.hash[:16], details={"exact": exact}))
    shown = counts.exact() if exact else counts.suppressed(threshold)
    return definition, {"definition_hash": definition.hash, "exact": exact, "threshold": threshold, **shown}
