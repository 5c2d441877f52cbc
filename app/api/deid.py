"""POST /deid/dicom: one DICOM instance in, its de-identified version out (or 422 with the reason)."""
from __future__ import annotations

from flask import Response, g, request

from ..current_services import services
from ..errors import InvalidInput
from ..models import Role
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
    actor = g.principal.actor
    run = svc.runs().deidentify_file(request.args.get("profile", "research"), data, source=f"api:{actor}",
                                     actor=actor, quarantine=svc.settings.data_dir / "quarantine",
                                     time_limit=svc.settings.file_time_limit)
    if run.result.status == "skipped":
        return api_error(400, "not_dicom", "the request body is not a DICOM file")
    if run.output is None:
        return api_error(422, run.result.reason_code, f"quarantined: {run.result.reason}")
    response = Response(run.output.data, mimetype="application/dicom")
    response.headers["X-Cleanroom-Profile"] = run.profile.label
    response.headers["Content-Disposition"] = f'attachment; filename="{run.output.sop_instance_uid}.dcm"'
    return response
