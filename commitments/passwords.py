"""Password policy and argon2id hashing (run off the event loop: hashing takes ~50 ms)."""

from __future__ import annotations

import functools

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from commitments.errors import InvalidInput
from commitments.i18n import _

MIN_LENGTH = 8
# The most common passwords in public breach lists, plus the obvious local ones.
COMMON_PASSWORDS = frozenset(
    {
        "12345678",
        "123456789",
        "1234567890",
        "password",
        "password1",
        "password123",
        "qwertyui",
        "qwerty123",
        "11111111",
        "00000000",
        "iloveyou",
        "abc12345",
        "abcd1234",
        "sunshine",
        "princess",
        "football",
        "baseball",
        "welcome1",
        "admin123",
        "letmein1",
        "passw0rd",
        "contraseña",
        "contrasena",
        "guatemala",
        "guatemala1",
        "12341234",
        "87654321",
        "asdfghjk",
        "zaq12wsx",
        "1q2w3e4r",
        "qwertyuiop",
        "trustno1",
        "changeme",
        "administrator",
        "transparencia",
        "commitments",
    }
)

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@functools.cache
def _dummy_hash() -> str:
    """Verifying against this when the user does not exist keeps timing the same for both
    cases (made on first use: a command that never checks a password does not pay ~100 ms)."""
    return _hasher.hash("dummy password for timing")


def check_policy(password: str) -> None:
    """Refuse short or common passwords."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(_("la contraseña debe tener al menos %(n)s caracteres"), n=MIN_LENGTH)
    if password.lower() in COMMON_PASSWORDS:
        raise InvalidInput(_("la contraseña es demasiado común; elija otra"))


async def hash_password(password: str) -> str:
    """argon2id hash, computed in a worker thread."""
    return await anyio.to_thread.run_sync(_hasher.hash, password)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _dummy_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(stored: str | None, password: str) -> bool:
    """Whether the password matches; with no stored hash, spends the same time and says no."""
    return await anyio.to_thread.run_sync(_verify, stored, password)
