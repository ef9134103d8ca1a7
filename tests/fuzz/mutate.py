"""Mutating valid documents: the seeds, the mutations, and how a mutant is written to disk.

Seeds are valid documents: the bundled Arna models (horizon cut to one year so
a run stays short) and the Pywr cases (shared and the project's own). A mutation
changes one place of a document (types, ranges, units, references, dates,
nesting, keys); a mutant is then written as JSON or YAML, sometimes with YAML
aliases, another encoding or broken bytes. Everything is driven by integers so
hypothesis can draw and shrink them and ``make fuzz`` can replay a fixed seed.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[2]
OWN_CASES = ROOT / "tests" / "pywr" / "cases-own" / "models"


@dataclass(frozen=True)
class Seed:
    """A valid document and the folder its data files are read from."""

    name: str
    kind: str  # "pywr" or "arna"
    folder: Path
    data: dict[str, Any]


def _shared_cases() -> Path | None:
    from tests.pywr.conftest import CASES

    return CASES / "models" if (CASES / "models").is_dir() else None


@cache
def seeds() -> tuple[Seed, ...]:
    """Every seed document, in a fixed order."""
    out: list[Seed] = []
    for folder in (OWN_CASES, _shared_cases()):
        if folder is None:
            continue
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if "nodes" not in data or any(str(i).endswith(".py") for i in data.get("includes", [])):
                continue
            out.append(Seed(path.stem, "pywr", folder, data))
    for path in sorted((ROOT / "src" / "arna" / "data" / "models").glob("*/model.yaml")):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        ts = data["timestepper"]
        ts["end"] = (pd.Timestamp(str(ts["start"])) + pd.DateOffset(years=1)).date().isoformat()
        ts["start"] = str(ts["start"])
        out.append(Seed(path.parent.name, "arna", path.parent, data))
    return tuple(out)


# -- places in a document ---------------------------------------------------------------------
Path_ = tuple[str | int, ...]


def places(doc: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every place (key path) in a document, the root excluded, depth-first."""
    out: list[Path_] = []
    items: list[tuple[str | int, Any]] = (
        list(doc.items()) if isinstance(doc, dict) else list(enumerate(doc)) if isinstance(doc, list) else [])
    for key, value in items:
        here = (*prefix, key)
        out.append(here)
        out.extend(places(value, here))
    return out


def get(doc: Any, where: Path_) -> Any:
    for key in where:
        doc = doc[key]
    return doc


def put(doc: Any, where: Path_, value: Any) -> None:
    get(doc, where[:-1])[where[-1]] = value


def delete(doc: Any, where: Path_) -> None:
    parent = get(doc, where[:-1])
    del parent[where[-1]]


# -- the mutations ----------------------------------------------------------------------------
ODD_VALUES: tuple[Any, ...] = (
    "5 MW", "", "NaN", "inf", "-inf", "1e400", None, True, False, [], {}, [1, 2], {"type": "constant"},
    0, -1, -1e9, 1e308, -1e308, 10**400, 2**63, 1.5, float("nan"), float("inf"), "nodes", "x" * 5000,
    {"type": "nosuchparameter"}, {"type": "constant", "value": "ten"}, [[[[]]]], "2021-13-01", "\x00",
    "12 km3/yr", "10 m³/s", "-3 hm3", "15m3/s", "1e308 km3/year", {"url": "missing.csv"},
    {"type": "monthlyprofile", "values": [1, 2]}, {"type": "dataframe", "data": [1, 2, 3]},
)
DATES: tuple[str, ...] = (
    "1000-01-01", "9999-12-31", "2021-13-01", "2021-02-30", "2015-01-01T00:00:00+05:00", "0001-01-01",
    "tomorrow", "2262-04-12", "1677-09-21", "2015-06-15", "2014-12-31",
)
UNITS: tuple[str, ...] = ("km3/yr", "m³/s", "15m3/s", "MW", "fraction", "", "Ml/day", "hm3", "furlongs",
                          "m3/s/s", "km3", "%", "1", "l/s")
STEPS: tuple[Any, ...] = (0, -1, 10**12, 1.5, "M", "W-THU", "Y", "7D", "nonsense", "1000000D", 366, "D")


def _number_places(doc: Any) -> list[Path_]:
    return [p for p in places(doc) if isinstance(get(doc, p), int | float) and not isinstance(get(doc, p), bool)]


def _string_places(doc: Any) -> list[Path_]:
    return [p for p in places(doc) if isinstance(get(doc, p), str)]


def _strings(doc: Any) -> list[str]:
    return sorted({get(doc, p) for p in _string_places(doc)})


def m_odd(doc: Any, r: random.Random) -> str:
    where = r.choice(places(doc))
    put(doc, where, copy.deepcopy(r.choice(ODD_VALUES)))
    return f"odd value at {where}"


def m_scale(doc: Any, r: random.Random) -> str:
    spots = _number_places(doc)
    if not spots:
        return m_odd(doc, r)
    where = r.choice(spots)
    factor = r.choice((-1.0, 0.0, 1e-12, 1e12, 1e300, -1e300, 1e308, 2.0, 0.5, 1e6))
    try:
        value = get(doc, where) * factor
    except OverflowError:  # a huge integer from an earlier mutation
        value = -get(doc, where)
    put(doc, where, int(value) if isinstance(get(doc, where), int) and abs(value) < 1e18 else value)
    return f"scaled {where} by {factor}"


def m_delete(doc: Any, r: random.Random) -> str:
    where = r.choice(places(doc))
    delete(doc, where)
    return f"deleted {where}"


def m_add_key(doc: Any, r: random.Random) -> str:
    spots = [p for p in places(doc) if isinstance(get(doc, p), dict)] or [()]
    where = r.choice(spots)
    key = r.choice(("unknown_key", "reset_to_initial_volume", "initial_months", "months", "min_volume",
                    "cost", "max_flow", "timesteps", "days", "type", "scenario", "comment", "factors"))
    get(doc, where)[key] = copy.deepcopy(r.choice((*ODD_VALUES[:20], 3, 0.25, "licence", [1.0])))
    return f"added {key} at {where}"


def m_reference(doc: Any, r: random.Random) -> str:
    spots = _string_places(doc)
    if not spots:
        return m_odd(doc, r)
    where = r.choice(spots)
    put(doc, where, r.choice([*_strings(doc), "no such node", "NoSuchParameter"]))
    return f"re-referenced {where}"


def m_date(doc: Any, r: random.Random) -> str:
    ts = doc.get("timestepper") if isinstance(doc, dict) else None
    if not isinstance(ts, dict):
        return m_odd(doc, r)
    key = r.choice(("start", "end", "end", "start"))
    ts[key] = r.choice(DATES)
    return f"timestepper.{key} = {ts[key]}"


def m_step(doc: Any, r: random.Random) -> str:
    ts = doc.get("timestepper") if isinstance(doc, dict) else None
    if not isinstance(ts, dict):
        return m_odd(doc, r)
    key = "timestep" if "timestep" in ts else "step"
    ts[key] = r.choice(STEPS)
    return f"timestepper.{key} = {ts[key]!r}"


def m_unit(doc: Any, r: random.Random) -> str:
    spots = [p for p in _string_places(doc) if (p and p[-1] in {"unit", "volume", "flow", "units"})
             or "/" in get(doc, p)]
    if not spots:
        return m_reference(doc, r)
    where = r.choice(spots)
    put(doc, where, r.choice(UNITS))
    return f"unit at {where}"


NEST = "__nest_{}__"
"""Deep nesting is written into the text (a JSON/YAML writer would itself overflow): a marker names the depth."""


def m_nest(doc: Any, r: random.Random) -> str:
    where = r.choice(places(doc))
    depth = r.choice((3, 50, 150, 3000, 100_000))
    if depth <= 50:
        value: Any = get(doc, where)
        for _ in range(depth):
            value = [value] if r.random() < 0.5 else {"v": value}
        put(doc, where, value)
    else:
        put(doc, where, NEST.format(depth))
    return f"nested {where} {depth} deep"


def m_duplicate(doc: Any, r: random.Random) -> str:
    spots = [p for p in places(doc) if isinstance(get(doc, p), list) and get(doc, p)]
    if not spots:
        return m_odd(doc, r)
    where = r.choice(spots)
    items = get(doc, where)
    items.extend(copy.deepcopy(items[: r.choice((1, len(items)))]) * r.choice((1, 3, 500)))
    return f"duplicated items of {where}"


def m_scenarios(doc: Any, r: random.Random) -> str:
    if not isinstance(doc, dict):
        return m_odd(doc, r)
    if "timestep" in json.dumps(doc.get("timestepper", {})):
        doc["scenarios"] = [{"name": "big", "size": r.choice((2, 10_000_000, 0, -3, 2**70, "ten"))}]
    else:
        doc["scenarios"] = [{"name": f"s{i}"} for i in range(r.choice((0, 1, 600)))]
    return "scenarios replaced"


def m_licence(doc: Any, r: random.Random) -> str:
    nodes = doc.get("nodes") if isinstance(doc, dict) else None
    lic = [n for n in nodes or [] if isinstance(n, dict) and "virtualstorage" in str(n.get("type", "")).lower()]
    if not lic:
        return m_add_key(doc, r)
    node = r.choice(lic)
    key = r.choice(("reset_to_initial_volume", "initial_months", "months", "reset_day", "reset_month",
                    "end_day", "end_month", "timesteps", "days", "initial_volume", "initial_volume_pc",
                    "min_volume", "factors", "nodes"))
    node[key] = copy.deepcopy(r.choice((0, 1, 2, 13, 32, -1, 0.5, 1.5, True, "yes", None, 1e9, [2.0], [])))
    return f"licence {node.get('name')}.{key} = {node[key]!r}"


MUTATIONS: tuple[Callable[[Any, random.Random], str], ...] = (
    m_odd, m_odd, m_scale, m_scale, m_delete, m_add_key, m_reference, m_date, m_step, m_unit, m_nest,
    m_duplicate, m_scenarios, m_licence, m_licence,
)


def mutate(seed: Seed, choices: list[tuple[int, int]]) -> tuple[dict[str, Any], list[str]]:
    """A deep copy of the seed with one mutation per ``(mutation index, random seed)`` pair."""
    doc = copy.deepcopy(seed.data)
    notes = []
    for which, rnd in choices:
        if not places(doc):
            break
        try:
            notes.append(MUTATIONS[which % len(MUTATIONS)](doc, random.Random(rnd)))
        except (KeyError, IndexError, TypeError):  # the place vanished under an earlier mutation
            notes.append("skipped")
    return doc, notes


# -- writing a mutant -------------------------------------------------------------------------
ENCODINGS = ("json", "json", "json", "yaml", "yaml-aliases", "yaml-bomb", "utf-16", "latin-1",
             "bom", "bad-bytes", "truncated")


def serialise(doc: dict[str, Any], kind: str, how: int) -> tuple[bytes, str]:
    """The mutant's bytes and file suffix; Pywr documents are JSON (as Pywr reads them)."""
    form = ENCODINGS[how % len(ENCODINGS)]
    suffix = ".json" if kind == "pywr" else ".yaml"
    if kind == "arna" and form.startswith("yaml"):
        suffix = ".yaml"
        if form == "yaml-aliases" and isinstance(doc.get("nodes"), list) and doc["nodes"]:
            doc = {**doc, "nodes": [*doc["nodes"], doc["nodes"][0]]}  # written as an alias of the first node
        text = yaml.dump(doc, Dumper=_AliasDumper if form == "yaml-aliases" else yaml.SafeDumper,
                         allow_unicode=True, sort_keys=False)
        if form == "yaml-bomb":
            text = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
                f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)) + text
        return _expand(text).encode(), suffix
    text = _expand(json.dumps(doc, ensure_ascii=False, allow_nan=True))
    if form == "utf-16":
        return text.encode("utf-16"), suffix
    if form == "latin-1":
        return text.replace('"name"', '"nämé"', 1).encode("latin-1", errors="replace"), suffix
    if form == "bom":
        return b"\xef\xbb\xbf" + text.encode(), suffix
    if form == "bad-bytes":
        raw = text.encode()
        return raw[: len(raw) // 2] + b"\xff\xfe\x00" + raw[len(raw) // 2:], suffix
    if form == "truncated":
        return text.encode()[: max(1, len(text) * 2 // 3)], suffix
    return text.encode(), suffix


def _expand(text: str) -> str:
    """Replace each nesting marker by that many nested lists."""
    return re.sub(r"[\"']?__nest_(\d+)__[\"']?", lambda m: "[" * int(m[1]) + "1" + "]" * int(m[1]), text)


class _AliasDumper(yaml.SafeDumper):
    """Writes shared objects once, as YAML anchors and aliases."""
