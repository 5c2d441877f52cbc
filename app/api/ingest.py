"""POST /ingest: index DICOM folders, report files or a PACS over DICOMweb; POST /index/reannotate. Both jobs."""
from __future__ import annotations

from typing import Literal

from flask import g, jsonify
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..current_services import services
from ..ingest.dicomweb import make_query
from ..ingest.jobs import REANNOTATE_KIND, dicomweb_job, ingest_job
from ..models import Role
from . import bp
from .operations import operation

PATH_FIELDS, DICOMWEB_FIELDS = {"paths", "workers"}, {"url", "study_date", "modality"}


class StudyDates(BaseModel):
    """A study date range, either end open (YYYY-MM-DD)."""

    model_config = ConfigDict(populate_by_name=True)

    start: str | None = Field(default=None, alias="from", max_length=10)
    end: str | None = Field(default=None, alias="to", max_length=10)


class IngestRequest(BaseModel):
    """What to index: files and folders as paths on the server (dicom, reports), or a DICOMweb service (dicomweb).

    A dicomweb `url` must be one of the service's configured DICOMweb sources.
    """

    kind: Literal["dicom", "reports", "dicomweb"]
    paths: list[str] = Field(default_factory=list, max_length=1000)
    workers: int = Field(default=1, ge=1, le=64)
    url: str | None = Field(default=None, max_length=2000)
    study_date: StudyDates | None = None
    modality: str | None = Field(default=None, max_length=16)

    @model_validator(mode="after")
    def _fields_fit_the_kind(self) -> IngestRequest:
        foreign = (PATH_FIELDS if self.kind == "dicomweb" else DICOMWEB_FIELDS) & self.model_fields_set
        if foreign:
            raise ValueError(f"{', '.join(sorted(foreign))} not used with kind {self.kind}")
        return self


class IngestAccepted(BaseModel):
    """The job that runs the ingest; follow it at GET /jobs/ID."""

    job_id: int
    kind: str


@operation(bp, "/ingest", "POST", tag="ingest",
           summary="Index DICOM files, reports or a DICOMweb PACS into the archive index (a job)",
           roles=(Role.PIPELINE.value, Role.ADMIN.value), body=IngestRequest, response=IngestAccepted, errors=(400,),
           status=202)
def ingest(body: IngestRequest):
    """Start an ingest job and return its id (202)."""
    svc = services()
    if body.kind == "dicomweb":
        dates = body.study_date or StudyDates()
        kind, params = dicomweb_job(svc.sealer(), body.url or "", make_query(dates.start, dates.end, body.modality),
                                    svc.settings.dicomweb_sources)
    else:
        kind, params = ingest_job(svc.sealer(), body.kind, body.paths, body.workers)
    job_id = svc.submit_job(kind, params, actor=g.principal.actor)
    if body.kind == "reports":  # reports annotated with an earlier ontology or engine are brought up to date too
        svc.queue_reannotation(actor=g.principal.actor)
    return jsonify({"job_id": job_id, "kind": kind}), 202


@operation(bp, "/index/reannotate", "POST", tag="ingest",
           summary="Annotate again the reports annotated with another ontology or engine version than the service's "
                   "(a job; also queued on its own at start-up and with each reports ingest)",
           roles=(Role.PIPELINE.value, Role.ADMIN.value), response=IngestAccepted, status=202)
def reannotate():
    """Start a re-annotation job and return its id (202); a job that finds nothing stale does nothing."""
    job_id = services().submit_job(REANNOTATE_KIND, {}, actor=g.principal.actor)
    return jsonify({"job_id": job_id, "kind": REANNOTATE_KIND}), 202
