"""Sign-in throttling holds under parallel attempts against a real server: counting is one
atomic statement per key, so a burst cannot check more passwords than the limit."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from tests.clirun import executable, free_port, run_cli, wait_for


def _attempt(base: str, email: str) -> int:
    request = urllib.request.Request(
        base + "/api/v1/auth/login",
        data=json.dumps({"email": email, "password": "wrong password"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_forty_parallel_wrong_passwords_check_at_most_five(cli_env):
    env = {**cli_env, "COMMITMENTS_SECRET_KEY": "throttle-race-secret-0123456789abcdef0123456789"}
    assert run_cli(env, "init").returncode == 0
    for email in ("target@test.gt",):
        add = ["user", "add", email, "--role", "reviewer", "--password-stdin"]
        assert run_cli(env, *add, stdin="correct horse battery").returncode == 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [executable(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(base + "/health")
        with ThreadPoolExecutor(max_workers=40) as pool:
            one_account = list(pool.map(lambda _: _attempt(base, "target@test.gt"), range(40)))
        assert one_account.count(401) <= 5 and set(one_account) <= {401, 429}, one_account
        assert one_account.count(429) >= 35
    finally:
        server.terminate()
        server.wait(timeout=20)
