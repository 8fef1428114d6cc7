"""A real SMTP server for the tests (aiosmtpd on a free port, in a thread): it records what it
accepts, and can be slowed down or made to refuse."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message

from aiosmtpd.controller import Controller

from tests.clirun import free_port


@dataclass
class Trap:
    """The messages received, and knobs the test turns."""

    port: int = 0
    received: list[Message] = field(default_factory=list)
    delay: float = 0.0  # seconds spent before accepting each message
    refuse: set[str] = field(default_factory=set)  # recipients answered with 550
    started: threading.Event = field(default_factory=threading.Event)  # a message is in DATA
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]) for m in self.received]

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for m in self.received if address in str(m["To"])]


class _Handler:
    def __init__(self, trap: Trap) -> None:
        self.trap = trap

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address in self.trap.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.trap.started.set()
        if self.trap.delay:
            await asyncio.sleep(self.trap.delay)
        # A client that went away before the answer did not hand the message over: like an
        # MTA that cannot say "250", the trap does not keep it.
        if server.transport is None or server.transport.is_closing():
            return "451 4.3.0 connection lost"
        with self.trap.lock:
            self.trap.received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK queued"


@contextlib.contextmanager
def smtp_trap(port: int | None = None, **knobs: object) -> Iterator[Trap]:
    """An SMTP server on a free (or the given) port for the block's duration."""
    trap = Trap(port=port or free_port(), **knobs)  # type: ignore[arg-type]
    controller = Controller(_Handler(trap), hostname="127.0.0.1", port=trap.port)
    controller.start()
    try:
        yield trap
    finally:
        controller.stop()


def body_of(message: Message, subtype: str = "plain") -> str:
    """The text/plain (or text/html) part of a received message, decoded."""
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"no text/{subtype} part")
