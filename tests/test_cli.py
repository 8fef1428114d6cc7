"""The `commitments` command, through its public surface: exit codes, stdout and stderr."""

import subprocess
import time
import urllib.request

import pytest

from tests.clirun import executable, free_port, run_cli


def assert_user_error(result, fragment: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert fragment in lines[0], lines[0]


def test_help_lists_every_command(cli_env):
    result = run_cli(cli_env, "--help")
    assert result.returncode == 0
    for command in ("init", "serve", "user", "audit"):
        assert command in result.stdout


def test_init_demo_loads_reference_and_demo_once(cli_env):
    first = run_cli(cli_env, "init", "--demo")
    assert first.returncode == 0, first.stderr
    assert "6 mecanismos" in first.stdout and "38 instituciones" in first.stdout
    assert "46 nuevas" in first.stdout
    assert "minfin@" in first.stdout and "sat@" in first.stdout
    second = run_cli(cli_env, "init", "--demo")
    assert second.returncode == 0
    assert "0 nuevas, 0 actualizadas" in second.stdout and "ya existen" in second.stdout
    verify = run_cli(cli_env, "audit", "verify")
    assert verify.returncode == 0 and verify.stdout.startswith("OK: ")


def test_init_for_another_country_loads_the_shared_part_and_says_so(cli_env):
    honduras = {**cli_env, "COMMITMENTS_COUNTRY": "HN"}
    result = run_cli(honduras, "init")
    assert result.returncode == 0, result.stderr
    assert "6 mecanismos" in result.stdout and "0 instituciones" in result.stdout
    assert "0 recomendaciones" in result.stdout and "HN no tiene datos propios en seeds/" in result.stdout
    demo = run_cli(honduras, "init", "--demo")
    assert demo.returncode == 1 and "los datos de demostración son de GT" in demo.stderr
    # Guatemala, in the same database afterwards, still gets its own seeds.
    guatemala = run_cli(cli_env, "init")
    assert "38 instituciones" in guatemala.stdout and "46 nuevas" in guatemala.stdout
    assert "no tiene datos propios" not in guatemala.stdout


@pytest.mark.engine_independent
def test_an_unknown_country_code_is_one_clear_line(cli_env):
    result = run_cli({**cli_env, "COMMITMENTS_COUNTRY": "XX"}, "init")
    assert result.returncode == 1 and "ISO 3166-1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.engine_independent
@pytest.mark.parametrize(
    "args,stdin,fragment",
    [
        (["--role", "king"], "a long passphrase\n", "rol desconocido"),
        (["--role", "focal_point"], "a long passphrase\n", "necesita una institución"),
        (["--role", "focal_point", "--agency", "NOPE"], "a long passphrase\n", "institución desconocida"),
        (["--role", "analyst"], "short\n", "al menos 8"),
        (["--role", "analyst"], "password123\n", "demasiado común"),
    ],
)
def test_user_add_refuses_bad_input(cli_env, args, stdin, fragment):
    assert run_cli(cli_env, "init").returncode == 0
    result = run_cli(cli_env, "user", "add", "new@test.gt", *args, "--password-stdin", stdin=stdin)
    assert_user_error(result, fragment)
    # nothing was written: the same email can still be created
    ok = run_cli(
        cli_env,
        "user",
        "add",
        "new@test.gt",
        "--role",
        "analyst",
        "--password-stdin",
        stdin="a long passphrase\n",
    )
    assert ok.returncode == 0, ok.stderr


def test_user_add_then_duplicate_email_and_token(cli_env):
    assert run_cli(cli_env, "init").returncode == 0
    ok = run_cli(
        cli_env,
        "user",
        "add",
        "Focal@MinFin.gob.gt",
        "--role",
        "focal_point",
        "--agency",
        "minfin",
        "--password-stdin",
        stdin="a long passphrase\n",
    )
    assert ok.returncode == 0 and "institución MINFIN" in ok.stdout
    again = run_cli(
        cli_env,
        "user",
        "add",
        "focal@minfin.gob.gt",
        "--role",
        "analyst",
        "--password-stdin",
        stdin="a long passphrase\n",
    )
    assert_user_error(again, "ya existe")
    token = run_cli(cli_env, "user", "token", "focal@minfin.gob.gt")
    assert token.returncode == 0 and token.stdout.startswith("cmt_")
    assert_user_error(run_cli(cli_env, "user", "token", "ghost@minfin.gob.gt"), "ningún usuario")


def _tamper(env) -> None:
    url = env.get("COMMITMENTS_DATABASE_URL")
    sql = "UPDATE audit_event SET actor = 'mallory' WHERE seq = 2"
    if url:
        import asyncio

        import asyncpg

        async def go():
            connection = await asyncpg.connect(url)
            await connection.execute(sql)
            await connection.close()

        asyncio.run(go())
    else:
        import sqlite3

        with sqlite3.connect(f"{env['COMMITMENTS_DATA_DIR']}/commitments.sqlite3") as connection:
            connection.execute(sql)


def test_audit_verify_names_the_first_broken_event(cli_env):
    assert run_cli(cli_env, "init").returncode == 0
    _tamper(cli_env)
    assert_user_error(run_cli(cli_env, "audit", "verify"), "rota en el evento 2")


def test_invalid_setting_is_one_clear_line(cli_env):
    env = {**cli_env, "COMMITMENTS_LOCALE": "fr"}
    assert_user_error(run_cli(env, "init"), "locale")


def test_unsupported_database_url_is_one_clear_line(cli_env):
    env = {**cli_env, "COMMITMENTS_DATABASE_URL": "mysql://localhost/x"}
    assert_user_error(run_cli(env, "init"), "unsupported database URL")


def test_serve_without_secret_key_refuses_to_start(cli_env):
    assert_user_error(run_cli(cli_env, "serve", "--port", "1"), "COMMITMENTS_SECRET_KEY")


def test_serve_demo_loads_the_demo_and_answers_health(cli_env):
    # How long it takes is a figure, not a test (about 6 s on a quiet machine; see the README's
    # set-up): the limit here only stops a server that never answers.
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [executable(), "serve", "--demo", "--port", str(port)],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        while time.monotonic() - started < 120 and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                    body = (r.status, r.read().decode())
            except OSError:
                time.sleep(0.2)
        assert body is not None, "no answer from /health within 120 s"
        assert body[0] == 200 and '"status":"ok"' in body[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_concurrent_writers_wait_for_each_other_and_the_chain_holds(cli_env):
    assert run_cli(cli_env, "init").returncode == 0
    processes = [
        subprocess.Popen(
            [executable(), "user", "add", f"writer{n}@test.gt", "--role", "analyst", "--password-stdin"],
            env=cli_env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(6)
    ]
    outcomes = [p.communicate("a long passphrase\n", timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0] * 6, outcomes
    verify = run_cli(cli_env, "audit", "verify")
    assert verify.returncode == 0, verify.stderr
