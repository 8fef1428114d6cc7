"""The README cannot drift from the code: every command and setting is documented."""

from pathlib import Path

import click

from commitments.settings import Settings
from server.cli import main

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "commitments") -> list[str]:
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group) and command.commands:
            found.extend(_commands(command, path))
        else:
            found.append(path)
    return found


def test_every_cli_command_is_in_the_readme():
    missing = [c for c in _commands(main) if c not in README]
    assert not missing, f"README lacks: {missing}"


def test_every_setting_is_in_the_readme():
    missing = [
        f"COMMITMENTS_{name.upper()}"
        for name in Settings.model_fields
        if f"COMMITMENTS_{name.upper()}" not in README
    ]
    assert not missing, f"README lacks: {missing}"


def test_readme_gives_the_two_setup_commands():
    assert "pip install . && commitments serve --demo" in README
    assert "pip install '.[test]' && pytest" in README
