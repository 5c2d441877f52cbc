"""Request bodies are judged from the headers before anything reads them (issue #21, part B)."""
import socket
from collections.abc import Iterator
from typing import NamedTuple

import pytest

from app.auth import accounts
from tests.conftest import auth, base_overrides, migrated_services
from tests.integration.served import serving

GIB = 1024**3


class CountingStream:
    """A request body that records how much of it the server read."""

    def __init__(self, size: int):
        self.size, self.read_bytes = size, 0

    def read(self, n: int = -1) -> bytes:
        n = self.size - self.read_bytes if n is None or n < 0 else min(n, self.size - self.read_bytes)
        self.read_bytes += n
        return b"a" * n

    def readline(self, limit: int = -1) -> bytes:
        return self.read(limit if limit and limit > 0 else 65536)


def _post(client, path: str, size: int, content_type: str, headers: dict | None = None):
    stream = CountingStream(size)
    response = client.post(path, headers=headers or {}, environ_overrides={
        "wsgi.input": stream, "CONTENT_LENGTH": str(size), "CONTENT_TYPE": content_type})
    return response, stream


def test_an_oversized_form_post_is_refused_unread(client):
    response, stream = _post(client, "/login", 10 * 1024 * 1024, "application/x-www-form-urlencoded")
    assert response.status_code == 413 and stream.read_bytes == 0


def test_an_oversized_json_body_is_refused_unread(client, make_token):
    response, stream = _post(client, "/api/v1/annotate", 9 * 1024 * 1024, "application/json",
                             auth(make_token("researcher")))
    assert response.status_code == 413 and stream.read_bytes == 0
    assert response.get_json()["error"]["code"] == "request_entity_too_large"


def test_an_unauthenticated_upload_is_refused_unread(client):
    response, stream = _post(client, "/api/v1/deid/dicom", GIB, "application/dicom")
    assert response.status_code == 401 and stream.read_bytes == 0


class Served(NamedTuple):
    """The port of a running `cleanroom serve` and a pipeline token's secret on its instance."""

    port: int
    pipeline_token: str


@pytest.fixture(scope="module")
def served(tmp_path_factory, migrated_instance) -> Iterator[Served]:
    """One `cleanroom serve` on a free local port for this module's tests, stopped after them.

    Each test only sends headers the server refuses, so none changes what the next one meets; starting the
    service once, not once per test, saves a process start and an ontology compile each.
    """
    overrides = base_overrides(tmp_path_factory.mktemp("served"))
    services = migrated_services(overrides, migrated_instance)
    with services.db.session() as session:
        _, secret = accounts.create_token(session, "t-served", actor="test")
    services.executor.shutdown()
    services.db.engine.dispose()
    with serving(overrides) as (port, _):
        yield Served(port, secret)


def _answer_to_headers(port: int, head: str) -> str:
    """Send only the request line and headers (no body) and return the status line of the reply."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
        conn.sendall(head.encode())
        reply = b""
        try:
            while chunk := conn.recv(4096):  # the server closes the connection after refusing
                reply += chunk
        except socket.timeout:
            return "no answer: the server waited for the body"
    return reply.decode("latin-1")


def test_served_api_refuses_an_unauthenticated_gigabyte_before_reading_it(served):
    reply = _answer_to_headers(served.port, f"POST /api/v1/deid/dicom HTTP/1.1\r\nHost: x\r\n"
                                            f"Content-Type: application/dicom\r\nContent-Length: {GIB}\r\n\r\n")
    assert reply.startswith("HTTP/1.1 401"), reply
    assert 'www-authenticate: bearer realm="cleanroom"' in reply.lower() and '"unauthenticated"' in reply


def test_served_login_refuses_a_large_form_before_reading_it(served):
    reply = _answer_to_headers(served.port, "POST /login HTTP/1.1\r\nHost: x\r\n"
                                            "Content-Type: application/x-www-form-urlencoded\r\n"
                                            "Content-Length: 10000000\r\n\r\n")
    assert reply.startswith("HTTP/1.1 413"), reply


def test_served_upload_over_the_limit_is_refused_even_with_a_token(served):
    reply = _answer_to_headers(served.port, f"POST /api/v1/deid/dicom HTTP/1.1\r\nHost: x\r\n"
                                            f"Authorization: Bearer {served.pipeline_token}\r\n"
                                            f"Content-Type: application/dicom\r\nContent-Length: {GIB - 1}\r\n\r\n")
    assert reply.startswith("HTTP/1.1 413"), reply
