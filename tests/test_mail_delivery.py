"""The mail commands as an operator runs them, and a sender killed mid-delivery: nothing lost,
nothing doubled."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

from tests.clirun import executable, run_cli
from tests.conftest import TEST_NOW
from tests.mailtrap import smtp_trap

QUEUE = """
import asyncio
from commitments.mail.letters import Letter
from commitments.mail.outbox import Outgoing, Recipient, queue
from commitments.db import writing
from commitments.vocabulary import MailKind

async def main(n):
    async with writing():
        await queue([
            Outgoing(MailKind.DIGEST, f"test:{i}", Recipient(None, f"person{i}@test.gt", "es", ""),
                     Letter(subject=f"Mensaje {i}", greeting="Hola:", paragraphs=("Texto.",)))
            for i in range(n)
        ])

asyncio.run(main(COUNT))
"""


def _queue(env: dict[str, str], n: int) -> None:
    done = subprocess.run(
        [sys.executable, "-c", QUEUE.replace("COUNT", str(n))], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_mail_commands_show_the_outbox_and_say_when_smtp_is_missing(cli_env):
    assert run_cli(cli_env, "init").returncode == 0
    assert "vacío" in run_cli(cli_env, "mail", "list").stdout
    _queue(cli_env, 3)
    listed = run_cli(cli_env, "mail", "list")
    assert listed.returncode == 0
    assert [line.split("\t")[1] for line in listed.stdout.splitlines()] == ["queued"] * 3
    assert "person2@test.gt" in listed.stdout and "Mensaje 2" in listed.stdout
    refused = run_cli(cli_env, "mail", "send")
    assert refused.returncode == 1 and "COMMITMENTS_SMTP_URL" in refused.stderr
    reminded = run_cli(cli_env, "remind")
    assert reminded.returncode == 0 and "recordatorios" in reminded.stdout
    again = run_cli(cli_env, "remind")
    assert again.stdout == reminded.stdout  # idempotent: a second run gives nothing new
    with smtp_trap() as trap:
        sent = run_cli({**cli_env, "COMMITMENTS_SMTP_URL": trap.url}, "mail", "send")
        assert sent.returncode == 0, sent.stderr
        assert "enviados: 3" in sent.stdout
        assert sorted(str(m["To"]) for m in trap.received) == [f"person{i}@test.gt" for i in range(3)]
    assert run_cli(cli_env, "mail", "list", "--state", "sent").stdout.count("\tsent\t") == 3


def test_a_sender_killed_mid_delivery_loses_and_doubles_nothing(cli_env):
    assert run_cli(cli_env, "init").returncode == 0
    total = 12
    _queue(cli_env, total)
    with smtp_trap(delay=0.4) as trap:
        env = {**cli_env, "COMMITMENTS_SMTP_URL": trap.url}
        first = subprocess.Popen(
            [executable(), "mail", "send"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while len(trap.ids()) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        trap.started.clear()
        assert trap.started.wait(10), "the sender did not go on to the next message"
        os.kill(first.pid, signal.SIGKILL)  # in the middle of handing a message over
        first.wait(10)
        delivered_before = len(trap.ids())
        assert 4 <= delivered_before < total
        # Restarted after the lease of the dead sender's claims.
        later = dt.datetime.fromisoformat(TEST_NOW) + dt.timedelta(minutes=15)
        trap.delay = 0
        second = run_cli({**env, "COMMITMENTS_CLOCK_AT": later.isoformat()}, "mail", "send")
        assert second.returncode == 0, second.stderr
        ids = trap.ids()
    assert len(ids) == total and len(set(ids)) == total, "a message was lost or doubled"
    assert run_cli(cli_env, "mail", "list", "--state", "sent").stdout.count("\tsent\t") == total
