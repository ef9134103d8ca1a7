"""Reading a Pywr v1 JSON model document: includes, time axis, scenarios, data.

Only the *document* is read here; what nodes and parameters mean is the
translator's business. Written from Pywr's documented JSON format and from
Pywr's observed results (``../shared/pywr-cases/expected``); no Pywr code.

Time axis, as Pywr steps it (see :func:`pywr_timesteps`):

- an integer ``timestep`` of *n* days: steps start at ``start``, ``start + n``
  … while the start is not after ``end``; every step is *n* days long, the
  last one included (it may run past ``end``);
- a pandas offset string (``"M"``, ``"W-THU"``, ``"Y"``, ``"7D"`` …): one step
  per calendar period of that frequency from the period holding ``start`` to
  the one holding ``end``; a step starts at its period's first day (so it may
  start before ``start``) and lasts the period's number of days.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from arna.documents import MAX_DEPTH, MAX_VALUES
from arna.documents import _check_shape as check_shape
from arna.errors import DataFileError, DocumentError
from arna.pywr import data as _data
from arna.pywr.routes import check_route_data, edge_ends, node_type
from arna.pywr.schema import check_document
from arna.schema.document import FIRST_YEAR, LAST_YEAR, MAX_RUN_SIZE, run_size_problem

__all__ = [
    "PywrDocument",
    "PywrScenario",
    "check_routes",
    "is_pywr_document",
    "node_type",
    "pywr_timesteps",
    "read_pywr",
]


@dataclass
class PywrScenario:
    """One entry of the document's ``scenarios`` list."""

    name: str
    size: int
    ensemble_names: list[str] | None
    members: list[int] | None = None
    """Member indices run when the scenario has a ``slice``; ``None`` means all."""


@dataclass
class PywrDocument:
    """A Pywr document with its includes merged and its time axis and scenarios resolved."""

    path: Path
    data: dict[str, Any]
    timesteps: pd.DatetimeIndex
    days: np.ndarray
    scenarios: list[PywrScenario]
    combinations: list[tuple[int, ...]]
    includes: list[Path] = field(default_factory=list)
    _cache: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)
    _verified: set[str] = field(default_factory=set, repr=False, compare=False)
    _files: _data.OpenFiles | None = field(default=None, repr=False, compare=False)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Within the block, an HDF5 file that :meth:`load_dataframe` reads stays open for its next key."""
        self._files = _data.OpenFiles()
        try:
            yield
        finally:
            files, self._files = self._files, None
            files.close()

    def load_dataframe(self, spec: dict[str, Any], where: str) -> pd.DataFrame:
        """The data a spec references, as a frame (a copy; reads are cached).

        Parameters
        ----------
        spec:
            An object with ``url`` (relative to the document), ``table`` (a name
            in ``tables``) or inline ``data``, and reading options
            (``index_col``, ``parse_dates``, ``dayfirst``, ``header``,
            ``sheet_name``, ``key``, ``where``/``node``, ``checksum`` …).
            ``column`` selects column(s); ``index`` (a row selector) is left
            to the caller.
        where:
            The spec's JSON path, for messages (e.g. ``nodes[0].max_flow``).

        Raises
        ------
        DataFileError
            The file is missing, unreadable, fails its checksum, or lacks the column.
        DocumentError
            The spec names no data or an undefined table.
        """
        at = f"{where} in {self.path}"  # data-file messages name the document too
        if "table" in spec:
            frame = self.load_table(spec["table"], where)
            label = f"table {spec['table']!r}"
        elif "url" in spec:
            frame = self._load_url(spec, where)
            label = str(_data.resolve(self.path.parent, spec["url"], at))
        elif "data" in spec:
            frame = _data.inline_frame(spec, at)
            label = f"inline data in {self.path}"
        else:
            raise DocumentError(self.path, [(where, "a data reference needs 'url', 'table' "
                                             "or 'data'")])
        if "column" in spec:
            frame = _data.select_column(frame, spec["column"], label, at)
        return frame.copy()

    def load_table(self, name: str, where: str) -> pd.DataFrame:
        """The frame of the named entry of the document's ``tables`` section."""
        tables = self.data.get("tables") or {}
        spec = tables.get(name) if isinstance(name, str) and isinstance(tables, dict) else None
        if not isinstance(spec, dict) or "table" in spec:
            known = sorted(tables) if isinstance(tables, dict) else []
            raise DocumentError(self.path, [(where, f"table {name!r} is not defined in "
                                             f"'tables' (defined: {known})")])
        return self.load_dataframe(spec, f"tables.{name}")

    def scenario_label(self, combination: tuple[int, ...]) -> str:
        """``"0"`` without scenarios, else the member indices joined by commas."""
        return ",".join(str(i) for i in combination) if combination else "0"

    def _load_url(self, spec: dict[str, Any], where: str) -> pd.DataFrame:
        """Read (or fetch from the cache) the file a ``url`` spec names."""
        file = _data.resolve(self.path.parent, spec["url"], f"{where} in {self.path}")
        if "checksum" in spec:
            token = json.dumps([str(file), spec["checksum"]], sort_keys=True, default=str)
            if token not in self._verified:
                _data.verify_checksum(file, spec["checksum"], f"{where} in {self.path}")
                self._verified.add(token)
        key = _data.cache_key(file, spec)
        if key not in self._cache:
            self._cache[key] = _data.read_file(file, spec, f"{where} in {self.path}", self._files)
        return self._cache[key]


def read_pywr(path: str | Path, *, check: bool = True) -> PywrDocument:
    """Read a Pywr v1 JSON document.

    Parameters
    ----------
    path:
        The main JSON file.
    check:
        Also verify every data file's existence and checksum, and the routes
        (:func:`check_routes`). On by default: Pywr rejects such models.

    Raises
    ------
    DocumentError
        Malformed JSON, a bad include, timestepper or scenarios, bad nodes or
        edges, or a network without valid routes.
    DataFileError
        A referenced data file is missing or fails its checksum.
    """
    main = Path(path).resolve()
    data = _load_json(main, None)
    includes: list[Path] = []
    _merge_includes(data, main, [main], includes)
    _check_structure(main, data)
    check_document(main, data)
    timesteps, days = pywr_timesteps(data.get("timestepper"), main)
    scenarios, combinations = _scenarios(data, main, len(timesteps))
    doc = PywrDocument(main, data, timesteps, days, scenarios, combinations, includes)
    if check:
        _check_data_files(doc)
        check_routes(doc)
    return doc


def check_routes(doc: PywrDocument) -> None:
    """Raise :class:`DocumentError` if an input, output or storage is on no route."""
    check_route_data(doc.path, doc.data)


def _load_json(file: Path, included_by: tuple[Path, str] | None) -> dict[str, Any]:
    """Parse one JSON file into an object; errors name the file (and includer)."""
    source: Path = included_by[0] if included_by else file
    json_path = included_by[1] if included_by else ""
    prefix = f"include {file} (named in {source}): " if included_by else ""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DocumentError(source, [(json_path, f"{prefix}cannot read the file: "
                                      f"{exc.strerror or exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise DocumentError(source, [(json_path, f"{prefix}the file is not UTF-8 text (byte {exc.start}: "
                                      f"{exc.reason}); save it as UTF-8")]) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(source, [(json_path, f"{prefix}malformed JSON at line {exc.lineno},"
                                      f" column {exc.colno}: {exc.msg}")]) from exc
    except RecursionError:
        raise DocumentError(source, [(json_path, f"{prefix}nested too deeply; a document may nest at "
                                      f"most {MAX_DEPTH} levels")]) from None
    if not isinstance(value, dict):
        raise DocumentError(source, [(json_path, f"{prefix}the document must be a JSON object, "
                                      f"not {type(value).__name__}")])
    check_shape(value, file, MAX_VALUES)
    return value


def _merge_includes(data: dict[str, Any], file: Path, chain: list[Path],
                    out: list[Path]) -> None:
    """Merge ``includes`` into ``data`` in place: lists extended, objects updated."""
    names = data.pop("includes", None) or []
    if not isinstance(names, list):
        raise DocumentError(file, [("includes", "must be a list of file names")])
    for i, name in enumerate(names):
        where = f"includes[{i}]"
        if not isinstance(name, str) or not name:
            raise DocumentError(file, [(where, f"an include must be a file name, got {name!r}")])
        if name.lower().endswith(".py"):
            raise DocumentError(file, [(where, f"include {name!r} is Python code; Arna never "
                                        "runs code from a model. Define the custom node or "
                                        "parameter in Arna instead.")])
        target = (file.parent / name).resolve()
        if target in chain:
            raise DocumentError(file, [(where, f"include {name!r} includes itself "
                                        f"(cycle: {' -> '.join(str(p) for p in chain)})")])
        if not target.is_file():
            raise DocumentError(file, [(where, f"include {name!r} not found (looked for "
                                        f"{target})")])
        extra = _load_json(target, (file, where))
        _merge_includes(extra, target, [*chain, target], out)
        out.append(target)
        _merge(data, extra)


def _merge(data: dict[str, Any], extra: dict[str, Any]) -> None:
    """Merge one include's sections into the document."""
    for key, value in extra.items():
        if key not in data:
            data[key] = value
        elif isinstance(data[key], list) and isinstance(value, list):
            data[key].extend(value)
        elif isinstance(data[key], dict) and isinstance(value, dict):
            data[key].update(value)


def _check_structure(file: Path, data: dict[str, Any]) -> None:
    """Nodes are named and typed, names unique, and edges join known nodes."""
    problems: list[tuple[str, str]] = []
    nodes = data.get("nodes")
    if not isinstance(nodes, list) or not nodes:
        raise DocumentError(file, [("nodes", "a Pywr model needs a non-empty list of nodes")])
    names: set[str] = set()
    for i, node in enumerate(nodes):
        if not isinstance(node, dict) or not isinstance(node.get("name"), str):
            problems.append((f"nodes[{i}]", "a node must be an object with a string 'name'"))
            continue
        if not node_type(node):
            problems.append((f"nodes[{i}].type", f"node {node['name']!r} has no type"))
        if node["name"] in names:
            problems.append((f"nodes[{i}].name", f"duplicate node name {node['name']!r}"))
        names.add(node["name"])
    edges = data.get("edges", [])
    if not isinstance(edges, list):
        problems.append(("edges", "must be a list of [from, to] pairs"))
        edges = []
    for i, edge in enumerate(edges):
        ends = edge_ends(edge)
        if ends is None:
            problems.append((f"edges[{i}]", f"an edge is [from, to] or [from, to, from_slot, "
                             f"to_slot], got {edge!r}"))
            continue
        for end in ends:
            if end not in names:
                problems.append((f"edges[{i}]", f"unknown node {end!r}"))
    if problems:
        raise DocumentError(file, problems)


def pywr_timesteps(spec: Any, file: Path) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Start dates and lengths in days of the steps of a Pywr ``timestepper``.

    Raises
    ------
    DocumentError
        If ``start``/``end``/``timestep`` are missing or invalid, or give no step.
    """
    if not isinstance(spec, dict):
        raise DocumentError(file, [("timestepper", "needs an object with start, end, timestep")])
    start, end = _date(spec, "start", file), _date(spec, "end", file)
    step = _step(spec.get("timestep", 1), file)
    if isinstance(step, int):
        count = (end - start).days // step + 1 if end >= start else 0
        _check_steps(count, file)
        starts = pd.DatetimeIndex(start + pd.to_timedelta(np.arange(count) * step, unit="D"))
        days = np.full(count, float(step))
    else:
        _check_steps((end - start).days + 1, file)
        periods = pd.period_range(start, end, freq=step)
        starts = pd.DatetimeIndex(periods.start_time)
        nxt = pd.DatetimeIndex((periods + 1).start_time)
        days = ((nxt - starts) / pd.Timedelta(days=1)).to_numpy(dtype=float)
    if len(starts) and starts[-1] + pd.Timedelta(days=float(days[-1])) > pd.Timestamp(f"{LAST_YEAR + 1}-01-01"):
        raise DocumentError(file, [("timestepper", f"the last step ends after the year {LAST_YEAR}, the last a run "
                                    "may cover")])
    if len(starts) == 0:
        raise DocumentError(file, [("timestepper", f"no timestep between start {start.date()} "
                                    f"and end {end.date()}")])
    return starts.as_unit("ns"), days


def _date(spec: dict[str, Any], key: str, file: Path) -> pd.Timestamp:
    """``timestepper.start``/``end``: an ISO date within the years a run may cover, without a time zone."""
    where = f"timestepper.{key}"
    value = spec.get(key)
    if not isinstance(value, str):
        raise DocumentError(file, [(where, f"must be a date written YYYY-MM-DD, got {value!r}"[:200])])
    try:
        day = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise DocumentError(file, [(where, f"{value[:40]!r} is not a date (YYYY-MM-DD): {exc}")]) from None
    if day.tzinfo is not None:
        raise DocumentError(file, [(where, f"{value!r} has a time zone; write the date alone (YYYY-MM-DD)")])
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DocumentError(file, [(where, f"{value!r} is outside the years {FIRST_YEAR}–{LAST_YEAR} a run "
                                    "may cover")])
    return day.normalize() if day != day.normalize() else day


def _step(step: Any, file: Path) -> int | str:
    """``timestepper.timestep``: whole days (1 to 36,600) or a pandas frequency of a day or longer."""
    where = "timestepper.timestep"
    whole_float = isinstance(step, float) and math.isfinite(step) and step.is_integer()
    if whole_float or (isinstance(step, str) and step.strip().isdigit() and len(step.strip()) < 8):
        step = int(step)
    if isinstance(step, int) and not isinstance(step, bool):
        if 1 <= step <= 36_600:
            return step
    elif isinstance(step, str) and step.strip():
        try:
            period = pd.Period("2000-01-01", freq=step.strip())
            length = (period + 1).start_time - period.start_time
        except (ValueError, TypeError, OverflowError, AttributeError) as exc:  # OutOfBounds* are ValueErrors
            raise DocumentError(file, [(where, f"unknown frequency {step[:40]!r}: {exc}"[:300])]) from None
        if length > pd.Timedelta(days=36_600):
            raise DocumentError(file, [(where, f"{step!r} is longer than 36,600 days")])
        if length >= pd.Timedelta(days=1):
            return step.strip()
        raise DocumentError(file, [(where, f"{step!r} is shorter than a day; Pywr models step by days or longer")])
    raise DocumentError(file, [(where, "must be a whole number of days from 1 to 36,600 or a pandas frequency "
                                f"such as 'M', got {step!r}"[:300])])


def _check_steps(count: int, file: Path) -> None:
    """Refuse a period whose steps alone exceed the run-size limit (before building them)."""
    problem = run_size_problem(count, 1)
    if problem:
        raise DocumentError(file, [("timestepper", problem)])


def _scenarios(data: dict[str, Any], file: Path, n_steps: int
               ) -> tuple[list[PywrScenario], list[tuple[int, ...]]]:
    """The scenarios and the combinations run, in Pywr's order (within the run-size limit)."""
    raw = data.get("scenarios") or []
    if not isinstance(raw, list):
        raise DocumentError(file, [("scenarios", "must be a list")])
    scenarios = [_scenario(item, f"scenarios[{i}]", file) for i, item in enumerate(raw)]
    if not scenarios:
        return [], [()]
    given = data.get("scenario_combinations")
    if given is None:
        members = [s.members if s.members is not None else list(range(s.size)) for s in scenarios]
        count = math.prod(len(m) for m in members)
        problem = run_size_problem(n_steps, count)
        if problem or count == 0:
            raise DocumentError(file, [("scenarios", problem or "a scenario's slice selects no member")])
        return scenarios, [tuple(c) for c in itertools.product(*members)]
    if isinstance(given, list):
        problem = run_size_problem(n_steps, len(given))
        if problem:
            raise DocumentError(file, [("scenario_combinations", problem)])
    return scenarios, _user_combinations(given, scenarios, file)


def _scenario(item: Any, where: str, file: Path) -> PywrScenario:
    """One scenario entry, validated."""
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise DocumentError(file, [(where, "a scenario needs a string 'name'")])
    size = item.get("size", 1)
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_RUN_SIZE:
        raise DocumentError(file, [(f"{where}.size", f"must be a whole number from 1 to {MAX_RUN_SIZE:,}, "
                                    f"got {size!r}"[:200])])
    unknown = sorted(set(item) - {"name", "size", "ensemble_names", "slice", "comment"})
    if unknown:
        raise DocumentError(file, [(f"{where}.{unknown[0]}", "unknown key; a scenario has name, size, "
                                    "ensemble_names and slice")])
    names = item.get("ensemble_names")
    if names is not None and (not isinstance(names, list) or len(names) != size):
        raise DocumentError(file, [(f"{where}.ensemble_names",
                                    f"must be a list of {size} names (one per member)")])
    members = None
    if item.get("slice") is not None:
        cut = item["slice"]
        args = [cut.get(k) for k in ("start", "stop", "step")] if isinstance(cut, dict) else cut
        try:
            if not isinstance(args, list) or len(args) > 3 or not all(
                    a is None or (isinstance(a, int) and not isinstance(a, bool)) for a in args):
                raise TypeError(f"got {cut!r}"[:100])
            members = list(range(size))[slice(*args)]
        except (TypeError, ValueError) as exc:
            raise DocumentError(file, [(f"{where}.slice", "must be [start, stop, step] "
                                        f"integers: {exc}")]) from exc
    return PywrScenario(item["name"], size, [str(n) for n in names] if names else None, members)


def _user_combinations(given: Any, scenarios: list[PywrScenario], file: Path
                       ) -> list[tuple[int, ...]]:
    """``scenario_combinations``: one list of member indices per run, kept as given."""
    if not isinstance(given, list) or not given:
        raise DocumentError(file, [("scenario_combinations", "must be a non-empty list of "
                                    "lists of member indices")])
    out: list[tuple[int, ...]] = []
    for i, combo in enumerate(given):
        ok = isinstance(combo, list) and len(combo) == len(scenarios) and all(
            isinstance(m, int) and not isinstance(m, bool) and 0 <= m < s.size
            for m, s in zip(combo, scenarios, strict=False))
        if not ok:
            sizes = [s.size for s in scenarios]
            raise DocumentError(file, [(f"scenario_combinations[{i}]", f"must list one member "
                                        f"index per scenario within sizes {sizes}, got {combo!r}")])
        out.append(tuple(combo))
    return out


def _check_data_files(doc: PywrDocument) -> None:
    """Every referenced data file exists and matches its checksum."""
    for where, spec in _data.data_specs(doc.data):
        if "url" in spec:
            file = _data.resolve(doc.path.parent, spec["url"], f"{where} in {doc.path}")
            if "checksum" in spec:
                _data.verify_checksum(file, spec["checksum"], f"{where} in {doc.path}")


def is_pywr_document(data: dict[str, Any]) -> bool:
    """Whether a parsed document is a Pywr v1 model rather than an Arna one.

    The timestepper decides when it can (Pywr: ``timestep``; Arna: ``step``);
    otherwise Pywr-only sections, then node types (Pywr types are often
    capitalised, and most are not Arna type names).
    """
    ts = data.get("timestepper")
    if isinstance(ts, dict):
        if "timestep" in ts:
            return True
        if "step" in ts:
            return False
    if any(key in data for key in ("includes", "recorders", "tables", "scenario_combinations")):
        return True
    nodes = data.get("nodes")
    if not isinstance(nodes, list) or not nodes:
        return False
    arna = _arna_node_types()
    types = [n.get("type") for n in nodes if isinstance(n, dict)]
    return any(isinstance(t, str) and (t != t.lower() or t not in arna) for t in types)


def _arna_node_types() -> frozenset[str]:
    """The ``type`` names of Arna's node schema."""
    from typing import get_args

    from arna.schema.nodes import Node

    names: set[str] = set()
    for cls in get_args(get_args(Node)[0]):
        annotation = cls.model_fields["type"].annotation
        names.update(a for a in get_args(annotation) if isinstance(a, str))
    return frozenset(names)


# Keep DataFileError importable from here for callers catching reader errors.
_ = DataFileError
