"""Exceptions shared by every layer; messages never carry PHI values.

Each says how it reaches a user: `exit_code` at the terminal, `http_status` and `code` in the API.
Any CleanroomError is a clear refusal (400 unless it says otherwise), never a 500; engines raise
subclasses of these, so whatever reaches an edge is answered as one line.
"""


class CleanroomError(Exception):
    """Base for errors that are shown to users as one clear line."""

    exit_code = 1
    http_status = 400
    code = "failed"


class ConfigError(CleanroomError):
    """The service is misconfigured (secret, database, folders, a missing tool)."""

    exit_code = 2
    http_status = 503
    code = "unavailable"


class NotFound(CleanroomError):
    """A named object (user, token, job, profile) does not exist."""

    http_status = 404
    code = "not_found"


class InvalidInput(CleanroomError):
    """A caller supplied input that cannot be used."""

    exit_code = 2
    code = "invalid_input"


class Unavailable(CleanroomError):
    """Work that must be recorded could not be, for now; nothing was done and the caller may retry later."""

    http_status = 503
    code = "unavailable"


class DatabaseBusy(Unavailable):
    """Concurrent writers kept a write from committing within the retry budget."""

    code = "database_busy"


class AuditUnavailable(Unavailable):
    """The audit chain refuses appends (its head is missing or fails its keyed seal)."""

    code = "audit_unavailable"


class Conflict(CleanroomError):
    """The object is not in a state that allows what was asked (an illegal state change)."""

    http_status = 409
    code = "conflict"
