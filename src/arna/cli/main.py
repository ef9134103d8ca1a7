"""The ``arna`` command.

Each command group lives in its own module exposing ``register(app)``; this
module only assembles them and turns :class:`~arna.errors.InputError` into a
clear message on stderr with exit code 2 (no traceback for user errors).
"""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console
from rich.markup import escape

from arna.errors import ArnaError, InputError

# Command modules, each with ``register(app: typer.Typer) -> None``.
COMMAND_MODULES: tuple[str, ...] = (
    "arna.cli.water", "arna.cli.agri", "arna.cli.waste", "arna.cli.ensemble", "arna.cli.basins", "arna.cli.report",
    "arna.cli.appraise", "arna.cli.serve", "arna.cli.calibration", "arna.cli.data", "arna.cli.optimise",
)

EXIT_INPUT_ERROR = 2
_USAGE_ERRORS = frozenset(
    {"UsageError", "BadParameter", "MissingParameter", "NoSuchOption", "BadOptionUsage",
     "BadArgumentUsage", "ClickException", "FileError", "NoArgsIsHelpError"}
)
EXIT_SIMULATION_ERROR = 3

app = typer.Typer(
    name="arna",
    help="Arna: river-basin water allocation and circular-economy planning.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    try:
        code = app(args=argv, standalone_mode=False)  # a command's typer.Exit(n) comes back as n
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
