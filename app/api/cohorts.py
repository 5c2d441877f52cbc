"""POST /cohorts/count: feasibility counts, exact for reviewers and admins, small cells suppressed otherwise."""
from __future__ import annotations

from flask import g, jsonify, request

from ..current_services import services
from ..cohorts.counts import counts_for
from ..errors import InvalidInput
from ..models import Role
from . import bp
from .operations import operation

SEES_EXACT = (Role.REVIEWER.value, Role.ADMIN.value)


@operation(bp, "/cohorts/count", "POST", summary="Count what a cohort definition selects (feasibility)",
           tag="cohorts", roles=(Role.RESEARCHER.value, *SEES_EXACT), errors=(400,))
def count_cohort():
    """Return counts of patients, studies, series, instances, label prevalence and distributions for a definition."""
    data = request.get_json(silent=True)
    if data is None:
        raise InvalidInput("the request body must be a cohort definition (a JSON object)")
    svc = services()
    _, shown = counts_for(svc.db, svc.ontology(), data, actor=g.principal.actor,
                          exact=g.principal.role in SEES_EXACT, threshold=svc.settings.small_cell_threshold)
    return jsonify(shown)
