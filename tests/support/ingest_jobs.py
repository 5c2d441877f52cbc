"""Start an ingest job over the API and wait for it on the in-process executor."""
from __future__ import annotations

from tests.conftest import auth


def run_job(client, services, token, body) -> dict:
    """POST /api/v1/ingest with `body`, wait for the job, and return its JSON."""
    response = client.post("/api/v1/ingest", json=body, headers=auth(token))
    assert response.status_code == 202, response.get_json()
    job_id = response.get_json()["job_id"]
    services.executor.shutdown()  # waits for the in-process executor to finish
    return client.get(f"/api/v1/jobs/{job_id}", headers=auth(token)).get_json()
