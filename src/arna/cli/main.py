"""The ``arna`` command.

Each command group lives in its own module exposing ``register(app)``; this
module only assembles them and turns :class:`~arna.errors.InputError` into a
clear message on stderr with exit code 2 (no traceback for user errors).
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from arna.errors import ArnaError, InputError

# pydantic looks for plugins in the entry points of every installed distribution the first time it
# builds a validator: ~60 ms of CPU in every command. Arna uses no plugin, so they are off unless the
# environment says otherwise (an empty PYDANTIC_DISABLE_PLUGINS loads them).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")

# Command modules, each with ``register(app: typer.Typer) -> None``.
COMMAND_MODULES: tuple[str, ...] = (
    "arna.cli.water", "arna.cli.agri", "arna.cli.waste", "arna.cli.ensemble", "arna.cli.basins", "arna.cli.report",
    "arna.cli.appraise", "arna.cli.serve", "arna.cli.calibration", "arna.cli.data", "arna.cli.optimise",
)
# The module that registers each top-level command (a test checks this against the modules). A command
# given by name loads only its module: importing the others and typer reading every command's signature
# cost ~0.06 s of CPU per run. Anything else (``arna``, ``arna --help``, a misspelt command) loads them all.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(("validate", "run", "schema", "demo", "convert"), "arna.cli.water"),
    **dict.fromkeys(("et0", "irrigation-demand", "appraise-scheme"), "arna.cli.agri"),
    "waste": "arna.cli.waste", "ensemble": "arna.cli.ensemble", "models": "arna.cli.basins",
    "balance": "arna.cli.basins", "report": "arna.cli.report", "appraise": "arna.cli.appraise",
    "serve": "arna.cli.serve", "calibration": "arna.cli.calibration", "data": "arna.cli.data",
    "optimise": "arna.cli.optimise",
}

EXIT_INPUT_ERROR = 2
_USAGE_ERRORS = frozenset(
    {"UsageError", "BadParameter", "MissingParameter", "NoSuchOption", "BadOptionUsage",
     "BadArgumentUsage", "ClickException", "FileError", "NoArgsIsHelpError"}
)
EXIT_SIMULATION_ERROR = 3
HELP = "Arna: river-basin water allocation and circular-economy planning."


@functools.cache
def command_app(modules: tuple[str, ...] = COMMAND_MODULES) -> typer.Typer:
    """The ``arna`` command with the commands of ``modules`` (all by default)."""
    new = typer.Typer(name="arna", help=HELP, no_args_is_help=True, pretty_exceptions_enable=False,
                      add_completion=False)
    new.callback()(_root)  # a group even when the modules add a single command (typer would run it bare)
    for name in modules:
        importlib.import_module(name).register(new)
    return new


def _root() -> None:
    """Arna: river-basin water allocation and circular-economy planning."""


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole command, built on first use
        return command_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    args = sys.argv[1:] if argv is None else argv
    module = COMMANDS.get(args[0]) if args else None
    app = command_app() if module is None else command_app((module,))
    try:
        code = app(args=args, standalone_mode=False)  # a command's typer.Exit(n) comes back as n
    except InputError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}")
        return EXIT_INPUT_ERROR
    except ArnaError as exc:
        err_console.print(f"[bold red]simulation failed:[/] {escape(str(exc))}")
        return EXIT_SIMULATION_ERROR
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        return 1
    except OSError as exc:  # a file the command was given cannot be read or written (a missing folder, rights)
        if exc.filename is None:
            raise
        err_console.print(f"[bold red]error:[/] {escape(str(exc.filename))}: {escape(exc.strerror or str(exc))}; "
                          "check the path and that you may read or write there")
        return EXIT_INPUT_ERROR
    except Exception as exc:  # usage errors (click's, bundled in typer) arrive here
        if type(exc).__name__ in _USAGE_ERRORS and hasattr(exc, "show"):
            exc.show(file=sys.stderr)
            return EXIT_INPUT_ERROR
        raise
    return code if type(code) is int else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
