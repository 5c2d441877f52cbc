"""POST /deid/dicom: one DICOM instance in, its de-identified version out (or 422 with the reason)."""
from __future__ import annotations

from flask import Response, g, request

from .. import services
from ..dicom.batch import FileDeidentifier
from ..errors import InvalidInput
from ..models import Role
from ..quarantine.records import record_run
from . import bp
from .errors import api_error
from .operations import operation


@operation(bp, "/deid/dicom", "POST", summary="De-identify one DICOM instance under a profile", tag="deid",
           roles=(Role.PIPELINE.value, Role.ADMIN.value), request_media="application/dicom",
           response_media="application/dicom", query={"profile": "profile name (default: research)"},
           errors=(400, 404, 413, 422))
def deidentify_dicom():
    """Return the de-identified instance; 422 when it is quarantined, 400 when the body is not DICOM."""
    svc = services()
    data = request.get_data(cache=False)
    if not data:
        raise InvalidInput("the request body is empty; send one DICOM file as application/dicom")
    policy = svc.dicom_policy(request.args.get("profile", "research"), actor=g.principal.actor)
    worker = FileDeidentifier(policy, svc.identity_keys(), None, svc.settings.data_dir / "quarantine",
                              svc.settings.file_time_limit)
    result, outcome = worker.process_bytes(data, f"api:{g.principal.actor}", write=False)
    svc.db.write(lambda session: record_run(
        session, svc.sealer(), policy.profile, [outcome], actor=g.principal.actor, action="deid.dicom",
        outcome="ok" if result else "failed",
        details={"files_in": 1, "status": outcome.status, "reason": outcome.reason_code}))
    if outcome.status == "skipped":
        return api_error(400, "not_dicom", "the request body is not a DICOM file")
    if result is None:
        return api_error(422, outcome.reason_code, f"quarantined: {outcome.reason}")
    response = Response(result.data, mimetype="application/dicom")
    response.headers["X-Cleanroom-Profile"] = policy.profile.label
    response.headers["Content-Disposition"] = f'attachment; filename="{result.sop_instance_uid}.dcm"'
    return response
