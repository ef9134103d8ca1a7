"""Arna's exceptions, one tree rooted in :class:`ArnaError`.

::

    ArnaError
    ├── InputError              bad user input; the CLI exits with code 2
    │   ├── DocumentError       a model/dataset document is malformed or invalid
    │   │                        (carries the file and a list of (json_path, message))
    │   ├── UnitError           an unknown or mismatched unit
    │   └── DataFileError       a referenced data file is missing, unreadable or too short
    └── SimulationError         the run itself failed
        ├── InfeasibleError     the LP has no solution at a timestep (names the
        │                        timestep, scenario and nodes involved)
        └── BalanceError        the mass balance did not close: always a bug

Every message says what is wrong, where (file, JSON path, node, timestep) and
what to do about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class ArnaError(Exception):
    """Root of all errors raised by Arna."""


class InputError(ArnaError):
    """The user's input is wrong; fixing the input fixes the problem."""


SHOWN_PROBLEMS = 20
"""Problems a DocumentError's message lists; the rest are counted (all stay in ``problems``)."""


class DocumentError(InputError):
    """A document failed to load or validate.

    Parameters
    ----------
    source:
        The file (or a short description such as ``"<string>"``).
    problems:
        ``(json_path, message)`` pairs; ``json_path`` looks like ``nodes[3].capacity``.
    """

    def __init__(self, source: str | Path, problems: Sequence[tuple[str, str]]) -> None:
        self.source = str(source)
        self.problems = list(problems)
        lines = [f"{self.source}: {len(self.problems)} problem(s) in the document"]
        for path, msg in self.problems[:SHOWN_PROBLEMS]:
            where = path or "<document>"
            lines.append(f"  - {where}: {msg}")
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(f"  … and {len(self.problems) - SHOWN_PROBLEMS} more (fix these first)")
        super().__init__("\n".join(lines))


class UnitError(InputError):
    """A unit is unknown or does not fit the quantity."""


class DataFileError(InputError):
    """A data file referenced by a document cannot be used."""


class SimulationError(ArnaError):
    """The simulation failed."""


class InfeasibleError(SimulationError):
    """The allocation LP has no feasible (or a bounded) solution."""


class BalanceError(SimulationError):
    """A run's water balance did not close. This is always a bug in Arna."""


def json_path(loc: Sequence[int | str]) -> str:
    """A location as a JSON path: ``('nodes', 3, 'capacity')`` → ``nodes[3].capacity``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out
