"""Exceptions shared by every layer; messages never carry PHI values."""


class CleanroomError(Exception):
    """Base for errors that are shown to users as one clear line."""

    exit_code = 1


class ConfigError(CleanroomError):
    """The service is misconfigured (secret, database, folders)."""

    exit_code = 2


class NotFound(CleanroomError):
    """A named object (user, token, job, profile) does not exist."""


class InvalidInput(CleanroomError):
    """A caller supplied input that cannot be used."""

    exit_code = 2


class Unavailable(CleanroomError):
    """Work that must be recorded could not be, for now; nothing was done and the caller may retry later."""

    code = "unavailable"


class DatabaseBusy(Unavailable):
    """Concurrent writers kept a write from committing within the retry budget."""

    code = "database_busy"


class AuditUnavailable(Unavailable):
    """The audit chain refuses appends (its head is missing or fails its keyed seal)."""

    code = "audit_unavailable"


class Conflict(CleanroomError):
    """The object is not in a state that allows what was asked (an illegal state change)."""
