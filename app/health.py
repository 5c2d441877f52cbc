"""The service's health: whether the database answers at the expected revision and the job backend runs."""
from __future__ import annotations

from .errors import ConfigError
from .services import Services
from .version import software_version


def service_health(svc: Services) -> dict:
    """Return {status, version, database, jobs}; status is "ok" or "degraded"."""
    try:
        svc.db.check_reachable()
        database = {"ok": True, "backend": svc.db.engine.dialect.name, "revision": svc.db.current_revision(),
                    "expected_revision": svc.db.head_revision()}
        database["ok"] = database["revision"] == database["expected_revision"]
    except ConfigError:
        database = {"ok": False, "backend": svc.db.engine.dialect.name, "error": "unreachable"}
    jobs = svc.executor.check()
    ok = database["ok"] and jobs["ok"]
    return {"status": "ok" if ok else "degraded", "version": software_version(), "database": database, "jobs": jobs}
