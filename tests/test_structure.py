"""The shape the README promises: the domain never imports the web layer, modules import each
other without a cycle, and time is read through the clock only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("commitments", "server")


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "piccolo_migrations" not in path.parts:
                found[_module(path)] = path
    return found


def _imports(path: Path, module: str) -> set[str]:
    """Modules of this project imported by a file, at any depth of its code."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                base = ".".join(module.split(".")[: -node.level] + [node.module])
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return {n for n in names if n.split(".")[0] in PACKAGES}


def _graph() -> dict[str, set[str]]:
    sources = _sources()
    return {m: {n for n in _imports(p, m) if n in sources and n != m} for m, p in sources.items()}


def test_the_domain_never_imports_the_web_layer():
    for module, path in _sources().items():
        if module.startswith("commitments"):
            text = path.read_text("utf-8")
            assert not re.search(r"^\s*(from|import) (litestar|server)\b", text, re.M), module


def test_modules_import_each_other_without_a_cycle():
    graph = _graph()
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycle = trail[trail.index(target) :] + [target] if target in trail else [module, target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_time_is_read_through_the_clock_only():
    pattern = re.compile(r"date\.today\(|datetime\.(now|utcnow|today)\(|time\.time\(")
    readers = {
        module
        for module, path in _sources().items()
        if pattern.search(path.read_text("utf-8")) and module != "commitments.clock"
    }
    # File modification times are compared with the file system's own clock.
    assert readers <= {"commitments.imports.staging", "commitments.files"}, readers


def test_a_web_worker_starts_without_the_pdf_and_office_libraries(tmp_path):
    """ReportLab (and python-docx, openpyxl) load where a document is made, not in every web
    worker (README, Deployment: "Memory per worker")."""
    import subprocess
    import sys

    code = (
        "import sys; import server.app; server.app.create_app(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'PIL', 'docx', 'openpyxl'}))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "COMMITMENTS_DATA_DIR": str(tmp_path),
        "COMMITMENTS_SECRET_KEY": "structure-test-" + "x" * 32,
        "COMMITMENTS_CLOCK_AT": "2026-11-25T10:00:00-06:00",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout
