"""POST /cohorts/count: feasibility counts, exact for reviewers and admins, small cells suppressed otherwise."""
from __future__ import annotations

from flask import g, jsonify, request

from .. import services
from ..audit.chain import record
from ..cohorts.counts import feasibility
from ..errors import InvalidInput
from ..models import Role
from . import bp
from .operations import operation

SEES_EXACT = (Role.REVIEWER.value, Role.ADMIN.value)


@operation(bp, "/cohorts/count", "POST", summary="Count what a cohort definition selects (feasibility)",
           tag="cohorts", roles=(Role.RESEARCHER.value, *SEES_EXACT), errors=(400,))
def count_cohort():
    """Return counts of patients, studies, series, instances and label prevalence for a definition."""
    data = request.get_json(silent=True)
    if data is None:
        raise InvalidInput("the request body must be a cohort definition (a JSON object)")
    svc = services()
    definition, counts = feasibility(svc.db, svc.ontology(), data)
    exact = g.principal.role in SEES_EXACT
    svc.db.write(lambda session: record(session, actor=g.principal.actor, action="cohort.count",
                                        object_type="cohort", object_id=definition.hash[:16],
                                        details={"exact": exact}))
    shown = counts.exact() if exact else counts.suppressed(svc.settings.small_cell_threshold)
    return jsonify({"definition_hash": definition.hash, "exact": exact,
                    "threshold": svc.settings.small_cell_threshold, **shown})
