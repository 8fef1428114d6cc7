"""`commitments import` and `commitments export`, run as a user would, on a fresh SQLite dir."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.catalogue_files import csv_bytes, row, xlsx_from

COMMAND = [sys.executable, "-c", "from server.cli import main; main()"]


def environment(data_dir: Path, locale: str = "es") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMITMENTS_")}
    env.update(
        COMMITMENTS_DATA_DIR=str(data_dir), COMMITMENTS_LOCALE=locale, PICCOLO_CONF="commitments.piccolo_conf"
    )
    return env


def cli(
    data_dir: Path, *args: str, locale: str = "es", stdin: bytes | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*COMMAND, *args],
        env=environment(data_dir, locale),
        input=stdin,
        capture_output=True,
        timeout=120,
        cwd=data_dir,
    )


@pytest.fixture(scope="module")
def initialised(tmp_path_factory) -> Path:
    """One `commitments init` per module; each test works on a copy of it."""
    data_dir = tmp_path_factory.mktemp("cli-template")
    result = cli(data_dir, "init")
    assert result.returncode == 0, result.stderr
    return data_dir


@pytest.fixture
def data_dir(initialised: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(initialised, target)
    return target


def write(directory: Path, name: str, data: bytes) -> str:
    path = directory / name
    path.write_bytes(data)
    return str(path)


def test_init_twice_loads_the_seeds_once(data_dir):
    result = cli(data_dir, "init")
    assert result.returncode == 0
    assert "46 recomendaciones (0 nuevas, 0 actualizadas)" in result.stdout.decode()


def test_import_creates_then_a_second_import_changes_nothing(data_dir):
    path = write(data_dir, "plan.csv", csv_bytes([row("1", agencies="MINFIN"), row("2")]))
    first = cli(data_dir, "import", path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.decode().startswith("creadas 2, actualizadas 0, sin cambios 0")
    assert "OGP-AP9" in first.stdout.decode()
    second = cli(data_dir, "import", path)
    assert second.stdout.decode().startswith("creadas 0, actualizadas 0, sin cambios 2")


def test_dry_run_reports_and_writes_nothing(data_dir):
    path = write(data_dir, "plan.xlsx", xlsx_from([row("1"), row("2")]))
    result = cli(data_dir, "import", "--dry-run", path)
    assert result.returncode == 0
    assert "no se escribió nada: creadas 2" in result.stdout.decode()
    assert b"OGP-AP9-1" not in cli(data_dir, "export").stdout


def test_row_errors_are_listed_one_per_line_and_exit_1(data_dir):
    rows = [row("1"), row("2", mechanism="NOPE"), row("3", issued_on="ayer"), row("1")]
    result = cli(data_dir, "import", write(data_dir, "bad.csv", csv_bytes(rows)), locale="en")
    assert result.returncode == 1
    lines = result.stderr.decode().strip().splitlines()
    assert lines == [
        "row 3, column mechanism: unknown mechanism 'NOPE'",
        "row 4, column issued_on: bad date 'ayer': use YYYY-MM-DD",
        "row 5, column reference: duplicate code 'OGP-AP9-1' (already in row 2)",
        "error: 3 error(s) in bad.csv: nothing was imported",
    ]
    assert b"OGP-AP9-1" not in cli(data_dir, "export").stdout


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "latin1.csv",
            csv_bytes([row("1", text="Contratación")], encoding="latin-1"),
            "latin1.csv: el archivo no está en UTF-8 (byte 0xf3 en la línea 2)",
        ),
        ("tabs.csv", csv_bytes([row("1")], "\t"), "fila 1: separador incorrecto"),
        (
            "missing.csv",
            b"mechanism,cycle,reference\nOGP,AP9,1\n",
            "fila 1, columna text: falta la columna «text»",
        ),
        ("empty.csv", b"", "empty.csv: el archivo está vacío"),
        ("notes.txt", b"hola", "notes.txt: formato no admitido «.txt»"),
        ("broken.xlsx", b"PK\x03\x04garbage", "broken.xlsx: no es una tabla"),
        ("list.yaml", b"a: 1\n", "list.yaml: no es una tabla"),
    ],
)
def test_every_bad_file_is_one_clear_error_without_traceback(data_dir, name, data, expected):
    result = cli(data_dir, "import", write(data_dir, name, data))
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert stderr.startswith(expected), stderr
    assert "Traceback" not in stderr


def test_a_30_mb_file_is_refused_before_it_is_read(data_dir):
    path = data_dir / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(30 * 1024 * 1024)
    result = cli(data_dir, "import", str(path))
    assert result.returncode == 1
    assert result.stderr.decode().strip() == ("error: huge.csv: el archivo pesa 30.0 MB; el máximo es 20 MB")


def test_a_missing_file_or_a_directory_is_a_user_error(data_dir):
    for target in (str(data_dir / "nope.csv"), str(data_dir)):
        result = cli(data_dir, "import", target)
        assert result.returncode in (1, 2)  # 2: click refuses a directory as a usage error
        assert "Traceback" not in result.stderr.decode()


def test_export_writes_csv_to_stdout_and_other_formats_to_files(data_dir):
    result = cli(data_dir, "export")
    assert result.returncode == 0
    assert result.stdout.decode("utf-8-sig").startswith("id,code,mechanism,cycle,reference")
    for fmt in ("json", "xlsx"):
        out = data_dir / f"open.{fmt}"
        result = cli(data_dir, "export", "--format", fmt, "-o", str(out))
        assert result.returncode == 0 and out.stat().st_size > 1000
        assert f"escrito {out}" in result.stdout.decode()


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_exported_files_import_without_changes(data_dir, fmt):
    cli(data_dir, "import", write(data_dir, "p.csv", csv_bytes([row("1", text="=1+1")])))
    out = data_dir / f"open.{fmt}"
    assert cli(data_dir, "export", "--format", fmt, "-o", str(out)).returncode == 0
    result = cli(data_dir, "import", str(out))
    assert result.stdout.decode().startswith("creadas 0, actualizadas 0, sin cambios 47"), result.stderr


def test_import_shows_a_progress_bar_on_a_terminal(data_dir):
    pty = pytest.importorskip("pty")
    path = write(data_dir, "big.csv", csv_bytes([row(str(i)) for i in range(2500)]))
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*COMMAND, "import", path],
        env=environment(data_dir),
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=data_dir,
    )
    os.close(follower)
    stdout, _ = process.communicate(timeout=120)
    terminal = b""
    try:
        while chunk := os.read(leader, 65536):
            terminal += chunk
    except OSError:  # the terminal closes when the process ends
        pass
    os.close(leader)
    assert process.returncode == 0
    assert stdout.decode().startswith("creadas 2500")
    assert b"checking rows" in terminal or b"writing" in terminal
