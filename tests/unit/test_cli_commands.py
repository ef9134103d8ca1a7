"""``arna CMD`` loads only the module of CMD: the table saying which module adds which command is right."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer.main

from arna.cli.main import COMMAND_MODULES, COMMANDS, command_app


def _names(app: typer.Typer) -> set[str]:
    return set(getattr(typer.main.get_command(app), "commands", {}))


def test_each_command_is_found_in_the_module_that_adds_it() -> None:
    added = {name: module for module in COMMAND_MODULES for name in _names(command_app((module,)))}
    assert added == COMMANDS
    assert _names(command_app()) == set(COMMANDS)


def test_a_command_given_by_name_imports_no_other_command_module() -> None:
    probe = ("import sys\nfrom arna.cli.main import main\nmain(['run', '--help'])\n"
             "print('loaded:', *sorted(m for m in sys.modules if m.startswith('arna.cli.')))")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip().splitlines()[-1].split()[1:] == ["arna.cli.main", "arna.cli.water"]


def test_pydantic_plugins_are_off_unless_the_environment_says_otherwise() -> None:
    probe = "import os, arna.cli.main; print(repr(os.environ['PYDANTIC_DISABLE_PLUGINS']))"
    base = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    base["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")
    for given, expected in ((None, "'1'"), ("", "''")):
        env = base if given is None else {**base, "PYDANTIC_DISABLE_PLUGINS": given}
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
        assert done.stdout.strip() == expected
