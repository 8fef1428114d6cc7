"""Sign-in throttling that parallel requests cannot outrun.

Every attempt is counted before its password is checked, with one atomic upsert per key, so 40
parallel wrong passwords check at most the limit. The keys: the account on this client (5 in 15
minutes), the client (20), and the account from anywhere (100). An attacker hammering someone's
account from their own address uses up their own account×client and client allowances, not
the owner's; only a spread-out attack reaches the account's wider limit. The account is the
normalised address, so `sat@ＤＥＭＯ.example` and `sat@demo.example` share one count. The same
counter throttles password-reset requests and comments in a public consultation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from commitments import clock
from commitments.db import write_transaction
from commitments.tables import LoginAttempt

WINDOW = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Limit:
    prefix: str
    attempts: int


ACCOUNT_ON_CLIENT = Limit("account-client", 5)
CLIENT = Limit("client", 20)
ACCOUNT = Limit("account", 100)
# Password-reset requests: a few per address, more per client, in the same window.
RESET_ACCOUNT = Limit("reset-account", 3)
RESET_CLIENT = Limit("reset-client", 10)
# Comments on a draft report in public consultation, per client (anyone may comment).
COMMENT_CLIENT = Limit("comment-client", 5)

_UPSERT = (
    "INSERT INTO login_attempt (key, first_at, attempts) VALUES ({}, {}, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    "attempts = CASE WHEN login_attempt.first_at < {} THEN 1 ELSE login_attempt.attempts + 1 END, "
    "first_at = CASE WHEN login_attempt.first_at < {} THEN excluded.first_at ELSE login_attempt.first_at END "
    "RETURNING attempts, first_at"
)


def _keys(account: str, client: str) -> list[tuple[Limit, str]]:
    return [
        (ACCOUNT_ON_CLIENT, f"{ACCOUNT_ON_CLIENT.prefix}:{account}|{client}"),
        (CLIENT, f"{CLIENT.prefix}:{client}"),
        (ACCOUNT, f"{ACCOUNT.prefix}:{account}"),
    ]


async def admit(account: str, client: str) -> int | None:
    """Count one attempt; None if it may go on to the password check, else the seconds to wait."""
    return await _count(_keys(account, client))


async def admit_reset(account: str, client: str) -> int | None:
    """Count one password-reset request; None if a link may be sent, else the seconds to wait."""
    return await _count(
        [
            (RESET_ACCOUNT, f"{RESET_ACCOUNT.prefix}:{account}"),
            (RESET_CLIENT, f"{RESET_CLIENT.prefix}:{client}"),
        ]
    )


async def admit_comment(client: str) -> int | None:
    """Count one public comment from a client; None if it may be kept, else the seconds to wait."""
    return await _count([(COMMENT_CLIENT, f"{COMMENT_CLIENT.prefix}:{client}")])


async def _count(keys: list[tuple[Limit, str]]) -> int | None:
    now = clock.now()
    cutoff = now - WINDOW
    wait: int | None = None
    async with write_transaction():
        for limit, key in keys:
            rows = await LoginAttempt.raw(_UPSERT, key[:400], now, cutoff, cutoff)
            attempts, first_at = rows[0]["attempts"], _aware(rows[0]["first_at"])
            if attempts > limit.attempts:
                left = int((first_at + WINDOW - now).total_seconds()) + 1
                wait = max(wait or 0, left, 1)
    return wait


async def succeeded(account: str, client: str) -> None:
    """A correct password clears the account's count on this client (not the client's)."""
    await LoginAttempt.delete().where(LoginAttempt.key == _keys(account, client)[0][1][:400])


async def forget_old() -> None:
    """Drop counts whose window has closed."""
    await LoginAttempt.delete().where(LoginAttempt.first_at < clock.now() - WINDOW)


def _aware(value: dt.datetime | str) -> dt.datetime:
    # SQLite hands RETURNING values back as text.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
