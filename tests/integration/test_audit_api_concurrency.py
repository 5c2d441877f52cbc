"""Concurrent API clients on a served instance: every call answers 200 and writes exactly one audit event."""
import threading
from collections import Counter

import pytest
import requests
import sqlalchemy as sa
from werkzeug.serving import make_server

from app import audit, create_app
from app.auth import accounts
from app.models import AuditEvent

CLIENTS, CALLS = 4, 6
REPORT = "FINDINGS: No pneumothorax. Small right pleural effusion. Signed by Dr. Hollowmere on 02/03/2021."
CALLS_BY_PATH = {"/api/v1/deid/text": ("deid.text", {"text": REPORT, "profile": "basic"}),
                 "/api/v1/annotate": ("annotate.text", {"text": REPORT})}


@pytest.fixture
def served(any_db_services):
    """The app on a loopback port in a threaded server, as a deployment serves it."""
    server = make_server("127.0.0.1", 0, create_app(services=any_db_services), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_concurrent_clients_get_no_error_and_one_event_per_call(any_db_services, served):
    with any_db_services.db.session() as session:
        _, secret = accounts.create_token(session, "load", actor="test")
    statuses: Counter = Counter()
    lock = threading.Lock()

    def client(number: int) -> None:
        with requests.Session() as http:
            http.headers["Authorization"] = f"Bearer {secret}"
            for call in range(CALLS):
                path = list(CALLS_BY_PATH)[(number + call) % 2]
                status = http.post(served + path, json=CALLS_BY_PATH[path][1], timeout=60).status_code
                with lock:
                    statuses[(path, status)] += 1

    clients = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=120)
    assert {status for _, status in statuses} == {200}
    with any_db_services.db.session() as session:
        actions = Counter(session.scalars(sa.select(AuditEvent.action)))
        for path, (action, _) in CALLS_BY_PATH.items():
            assert actions[action] == statuses[(path, 200)]
        assert audit.verify(session) == []
