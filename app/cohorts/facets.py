"""What the archive index offers a cohort to choose from: its modalities and body parts (codes, never PHI)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Series


def facets(session: Session) -> dict[str, list[str]]:
    """Return the modality and body-part codes of the indexed series, upper-case and sorted."""
    def codes(column) -> list[str]:
        return list(session.scalars(select(column).where(column.is_not(None)).distinct().order_by(column)))
    return {"modalities": codes(Series.modality), "body_parts": codes(Series.body_part)}
