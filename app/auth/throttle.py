"""Login throttling: per-account exponential back-off and a per-address limit, kept in the database.

Counters live in the `login_throttle` table, so the limits hold across waitress threads, several server
processes and restarts. The account key is the username for an unknown browser, and the browser's own
device key for one where that user signed in before: a stranger's failures lock out strangers only,
never the user's own browsers. A lock is short and grows only while failures continue, and a correct
password resets it; the per-address limit stops one client from trying many usernames.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .. import audit
from ..models import LoginThrottle, User, as_utc, utcnow
from .accounts import authenticate

FREE_FAILURES = 5  # consecutive failures on one username before it must wait
FIRST_LOCK = timedelta(seconds=30)  # the wait after the fifth failure; it doubles with each further one
LONGEST_LOCK = timedelta(minutes=15)
USERNAME_MEMORY = timedelta(hours=24)  # a streak of failures older than this is forgotten
ADDRESS_FAILURES = 30  # failed logins one address may make per window ...
ADDRESS_WINDOW = timedelta(minutes=15)  # ... after which it is refused until the window ends


@dataclass(frozen=True)
class Attempt:
    """Who is trying to sign in: the username typed, the client address, and a trusted-device id if any."""

    username: str
    address: str
    device: str | None = None

    @property
    def account_key(self) -> str:
        """Return the counter this attempt's failures lock: the device's when trusted, else the username's."""
        return f"device:{self.device[:64]}" if self.device else f"user:{self.username[:80]}"

    @property
    def address_key(self) -> str:
        """Return the counter for the client address."""
        return f"ip:{self.address[:64]}"


@dataclass(frozen=True)
class SignIn:
    """The outcome of a throttled sign-in: the user, or None; and the wait when the throttle refused."""

    user: User | None
    wait: int = 0


def sign_in(session: Session, attempt: Attempt, password: str) -> SignIn:
    """Check the password under the throttle: a locked attempt is refused before its password is looked at."""
    wait = wait_seconds(session, attempt)
    if wait:
        return SignIn(None, wait)
    user = authenticate(session, attempt.username, password)
    if user is not None:
        record_success(session, attempt)
    else:
        record_failure(session, attempt)
    return SignIn(user)


def wait_seconds(session: Session, attempt: Attempt, now: datetime | None = None) -> int:
    """Return how many seconds the attempt must wait (0: it may try now)."""
    now = now or utcnow()
    waits = [as_utc(row.locked_until) - now for row in (session.get(LoginThrottle, attempt.account_key),
                                                session.get(LoginThrottle, attempt.address_key))
             if row is not None and row.locked_until is not None and as_utc(row.locked_until) > now]
    return max((int(w.total_seconds()) + 1 for w in waits), default=0)


def record_failure(session: Session, attempt: Attempt, now: datetime | None = None) -> None:
    """Count a failed sign-in against the account key and the address; lock and audit when a limit is reached."""
    now = now or utcnow()
    account = _locked_row(session, attempt.account_key, now, USERNAME_MEMORY)
    account.failures += 1
    if account.failures >= FREE_FAILURES:
        lock = min(LONGEST_LOCK, FIRST_LOCK * 2 ** min(account.failures - FREE_FAILURES, 16))
        account.locked_until = now + lock
        audit.record(session, actor="anonymous", action="user.lockout", outcome="denied", object_type="user",
                     object_id=attempt.username, details={"failures": account.failures, "trusted_device":
                                                          attempt.device is not None,
                                                          "seconds": int(lock.total_seconds())})
    address_row = _locked_row(session, attempt.address_key, now, ADDRESS_WINDOW)
    address_row.failures += 1
    if address_row.failures == ADDRESS_FAILURES:
        address_row.locked_until = as_utc(address_row.window_start) + ADDRESS_WINDOW
        audit.record(session, actor="anonymous", action="login.address_blocked", outcome="denied",
                     object_type="address", object_id=attempt.address[:64], details={"failures": address_row.failures})


def record_success(session: Session, attempt: Attempt) -> None:
    """Forget the account's failures (the username's and the device's) after a correct password."""
    for key in {attempt.account_key, Attempt(attempt.username, attempt.address).account_key}:
        row = session.get(LoginThrottle, key)
        if row is not None:
            session.delete(row)


def locked_usernames(session: Session, now: datetime | None = None) -> dict[str, datetime]:
    """Return the usernames whose sign-in from unknown browsers is locked now, with when the lock lapses."""
    now = now or utcnow()
    rows = session.scalars(select(LoginThrottle).where(LoginThrottle.key.startswith("user:"),
                                                       LoginThrottle.locked_until.is_not(None)))
    return {row.key.removeprefix("user:"): as_utc(row.locked_until) for row in rows
            if as_utc(row.locked_until) > now}


def unlock(session: Session, username: str, *, actor: str) -> bool:
    """Clear a username's failures and lock (an admin's remedy); return whether there was anything to clear."""
    row = session.get(LoginThrottle, Attempt(username, "").account_key)
    if row is not None:
        session.delete(row)
    audit.record(session, actor=actor, action="user.unlock", object_type="user", object_id=username)
    return row is not None


def _locked_row(session: Session, key: str, now: datetime, memory: timedelta) -> LoginThrottle:
    # Insert-if-absent, then lock the row, so concurrent failures from several processes all count.
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(LoginThrottle).values(key=key, failures=0, window_start=now).on_conflict_do_nothing())
    row = session.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
    if as_utc(row.window_start) + memory <= now:
        row.failures, row.window_start, row.locked_until = 0, now, None
    return row

