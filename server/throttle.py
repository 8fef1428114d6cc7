"""Login throttling per account and per client, kept in the session store (shared by workers)."""

from __future__ import annotations

import json

from litestar.exceptions import HTTPException
from litestar.stores.base import Store

from commitments import clock

WINDOW_SECONDS = 15 * 60
MAX_PER_ACCOUNT = 5
MAX_PER_CLIENT = 20


class TooManyAttempts(HTTPException):
    status_code = 429


class LoginThrottle:
    """Counts failed logins in a fixed window; beyond the limit answers 429 with Retry-After."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def _read(self, key: str) -> tuple[int, float]:
        raw = await self.store.get(key)
        if not raw:
            return 0, clock.timestamp()
        data = json.loads(raw)
        return int(data["count"]), float(data["first"])

    async def check(self, account: str, client: str) -> None:
        """Raise 429 if either the account or the client is over its limit."""
        for key, limit in (
            (f"login:acct:{account}", MAX_PER_ACCOUNT),
            (f"login:client:{client}", MAX_PER_CLIENT),
        ):
            count, first = await self._read(key)
            remaining = int(first + WINDOW_SECONDS - clock.timestamp())
            if count >= limit and remaining > 0:
                raise TooManyAttempts(
                    detail="too many login attempts; try again later", headers={"Retry-After": str(remaining)}
                )

    async def failed(self, account: str, client: str) -> None:
        """Record one failure for both keys."""
        for key in (f"login:acct:{account}", f"login:client:{client}"):
            count, first = await self._read(key)
            if clock.timestamp() - first > WINDOW_SECONDS:
                count, first = 0, clock.timestamp()
            await self.store.set(
                key, json.dumps({"count": count + 1, "first": first}), expires_in=WINDOW_SECONDS
            )

    async def succeeded(self, account: str) -> None:
        """A correct password clears the account's count (not the client's)."""
        await self.store.delete(f"login:acct:{account}")
