"""Pywr documents → Arna documents (general-purpose kinds), with Pywr's node rules.

A Pywr document carries no units: Arna reads its numbers as megalitres and
megalitres per day (Pywr's documentation convention). Nothing is converted,
so results come out in the model's own units.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from arna.errors import DocumentError
from arna.pywr.params import ParameterTranslator
from arna.pywr.reader import PywrDocument, node_type, read_pywr
from arna.schema import ModelDocument, model_from_mapping


@dataclass
class Translation:
    """An Arna document for a Pywr one, the data it needs in memory, and how to label its results."""

    document: ModelDocument
    mapping: dict[str, Any]
    data: dict[str, pd.DataFrame]
    labels: dict[str, str]  # Arna scenario name → Pywr combination label
    source: Path
    paths: dict[str, str]  # Arna JSON path → the Pywr document's, where they differ (for messages)


def translate_file(path: str | Path, data_prefix: str = "pywr-data") -> Translation:
    """Read and translate a Pywr v1 document; its series go under ``data_prefix``."""
    return translate(read_pywr(path), data_prefix)


def translate(doc: PywrDocument, data_prefix: str = "pywr-data") -> Translation:
    t = _Translator(doc, data_prefix)
    with doc.reading():
        mapping = t.document()
    return Translation(model_from_mapping(mapping, doc.path), mapping, t.params.data, t.labels, doc.path, t.paths)


class _Translator:
    def __init__(self, doc: PywrDocument, data_prefix: str) -> None:
        self.doc = doc
        self.params = ParameterTranslator(doc, data_prefix)
        self.labels: dict[str, str] = {}
        self.paths: dict[str, str] = {}
        self.edges = [e for e in doc.data.get("edges", []) if isinstance(e, list) and len(e) >= 2]

    def document(self) -> dict[str, Any]:
        d = self.doc.data
        meta = d.get("metadata") or {}
        nodes = [self.node(n, f"nodes[{i}]") for i, n in enumerate(d.get("nodes", []))]
        params = {name: self.params.value(p, f"parameters.{name}")
                  for name, p in (d.get("parameters") or {}).items()}
        return {
            "name": str(meta.get("title") or self.doc.path.stem),
            "description": meta.get("description"),
            "metadata": {"converted_from": "Pywr v1 JSON", "source": self.doc.path.name},
            "units": {"volume": "Ml", "flow": "Ml/day"},
            "timestepper": self.timestepper(),
            "scenarios": self.scenarios(),
            "nodes": nodes,
            "edges": [[str(e[0]), str(e[1])] for e in self._unique_edges()],
            "parameters": params,
        }

    def _unique_edges(self) -> list[list[Any]]:
        seen: set[tuple[str, str]] = set()
        out = []
        for e in self.edges:
            key = (str(e[0]), str(e[1]))
            if key not in seen:
                seen.add(key)
                out.append(e)
        return out

    def timestepper(self) -> dict[str, Any]:
        ts, days = self.doc.timesteps, self.doc.days
        start = ts[0].date().isoformat()
        end = ts[-1].date().isoformat()
        step: Any = round(float(days[0]))
        first_day = ts.day == 1  # vectorised: a Timestamp per step costs ~30 µs
        if bool((first_day & (ts.month == 1)).all()) and days[0] in (365, 366):
            step = "year"
        elif bool(first_day.all()) and days[0] in (28, 29, 30, 31) and (len(ts) == 1 or len(set(days)) > 1
                                                                           or ts[1].month != ts[0].month):
            step = "month"
        return {"start": start, "end": end, "step": step}

    def scenarios(self) -> list[dict[str, Any]]:
        out = []
        seen: dict[str, int] = {}
        for combo in self.doc.combinations:
            label = self.doc.scenario_label(combo)
            seen[label] = seen.get(label, 0) + 1
            name = label if seen[label] == 1 else f"{label} (run {seen[label]})"
            self.labels[name] = label
            members = {s.name: int(i) for s, i in zip(self.doc.scenarios, combo, strict=True)}
            out.append({"name": name, "members": members})
        return out

    # -- nodes ----------------------------------------------------------------------------------
    def node(self, n: dict[str, Any], where: str) -> dict[str, Any]:
        kind = node_type(n)
        handler: Callable[[_Translator, dict[str, Any], str], dict[str, Any]] | None = _NODES.get(kind)
        if handler is None:
            raise DocumentError(self.doc.path, [(f"{where}.type", f"Pywr node type '{n.get('type')}' is not "
                                                                  "supported by Arna's reader; see docs/pywr.md")])
        body = handler(self, n, where)
        out: dict[str, Any] = {"name": str(n["name"]), "type": body.pop("type")}
        if n.get("comment"):
            out["description"] = str(n["comment"])
        return {**out, **body}

    def v(self, n: dict[str, Any], key: str, where: str, default: Any = None) -> Any:
        if key not in n or n[key] is None:
            return default
        return self.params.value(n[key], f"{where}.{key}")

    def _flow_fields(self, n: dict[str, Any], where: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("min_flow", "max_flow", "cost"):
            val = self.v(n, key, where)
            if val is not None:
                out[key] = val
        return out

    def catchment(self, n: dict[str, Any], where: str) -> dict[str, Any]:
        flow = self.v(n, "flow", where, 0.0)
        self.paths.update({f"{where}.min_flow": f"{where}.flow", f"{where}.max_flow": f"{where}.flow"})
        out = {"type": "source", "min_flow": flow, "max_flow": flow}
        if "cost" in n:
            out["cost"] = self.v(n, "cost", where)
        return out

    def storage(self, n: dict[str, Any], where: str) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "storage", "max_volume": self.v(n, "max_volume", where, 0.0)}
        for key in ("min_volume", "cost"):
            val = self.v(n, key, where)
            if val is not None:
                out[key] = val
        self._initial_volume(n, where, out)
        return out

    def loss_link(self, n: dict[str, Any], where: str) -> dict[str, Any]:
        out = {"type": "loss_link", **self._flow_fields(n, where)}
        out["loss_factor"] = self.v(n, "loss_factor", where, 0.0)
        out["loss_basis"] = str(n.get("loss_factor_type", "net")).lower()
        return out

    def piecewise(self, n: dict[str, Any], where: str) -> dict[str, Any]:
        maxes = [None if m is None else self.params.value(m, f"{where}.max_flows[{i}]")
                 for i, m in enumerate(n.get("max_flows", []))]
        costs = [self.params.value(c, f"{where}.costs[{i}]") for i, c in enumerate(n.get("costs", []))]
        return {"type": "piecewise_link", "max_flows": maxes, "costs": costs}

    def gauge(self, n: dict[str, Any], where: str) -> dict[str, Any]:
        out = {"type": "gauge", "mrf": self.v(n, "mrf", where, 0.0), "mrf_cost": self.v(n, "mrf_cost", where, 0.0)}
        for key in ("cost", "max_flow"):
            if n.get(key) is not None:
                out[key] = self.v(n, key, where)
        return out

    def split(self, n: dict[str, Any], where: str, gauged: bool = False) -> dict[str, Any]:
        name = str(n["name"])
        slots = n.get("slot_names") or list(range(len(n.get("factors", []))))
        outlets = []
        for slot in slots:
            match = [str(e[1]) for e in self.edges if str(e[0]) == name and len(e) > 2 and e[2] == slot]
            if len(match) != 1:
                raise DocumentError(self.doc.path, [(f"{where}.slot_names", f"slot {slot!r} of '{name}' needs "
                                                                            "exactly one outgoing edge")])
            outlets.append(match[0])
        out: dict[str, Any] = {"type": "split", "outlets": outlets,
                               "factors": [self.params.value(f, f"{where}.factors[{i}]")
                                           for i, f in enumerate(n.get("factors", []))]}
        if gauged:
            out["mrf"] = self.v(n, "mrf", where, 0.0)
            out["mrf_cost"] = self.v(n, "mrf_cost", where, 0.0)
        if n.get("cost") is not None:
            out["cost"] = self.v(n, "cost", where)
        return out

    def aggregated(self, n: dict[str, Any], where: str) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "aggregate", "nodes": [str(x) for x in n["nodes"]]}
        for key in ("min_flow", "max_flow"):
            if n.get(key) is not None:
                out[key] = self.v(n, key, where)
        if n.get("flow_weights") is not None:
            out["weights"] = [float(w) for w in n["flow_weights"]]
        if n.get("factors") is not None:
            out["factors"] = [self.params.value(f, f"{where}.factors[{i}]") for i, f in enumerate(n["factors"])]
        return out

    def _initial_volume(self, n: dict[str, Any], where: str, out: dict[str, Any]) -> None:
        """Pywr's rule: with ``initial_volume_pc`` and a constant ``max_volume``, the absolute volume is ignored."""
        pc = n.get("initial_volume_pc")
        if pc is not None:
            out["initial_volume_pc"] = float(pc)
        fixed_max = isinstance(n.get("max_volume", 0.0), int | float)
        if n.get("initial_volume") is not None and (pc is None or not fixed_max):
            out["initial_volume"] = self.v(n, "initial_volume", where)

    def licence(self, n: dict[str, Any], where: str, renewal: str) -> dict[str, Any]:
        """A virtual storage. Its ``cost`` is not applied: Pywr 1.31.1 ignores it (its issue #242)."""
        out: dict[str, Any] = {"type": "licence", "nodes": [str(x) for x in n["nodes"]], "renewal": renewal,
                               "max_volume": self.v(n, "max_volume", where, 0.0)}
        if n.get("factors") is not None:
            out["factors"] = [float(f) for f in n["factors"]]
        if n.get("min_volume") is not None:
            out["min_volume"] = self.v(n, "min_volume", where)
        self._initial_volume(n, where, out)
        for key in ("reset_month", "reset_day", "end_month", "end_day", "months", "initial_months"):
            if n.get(key) is not None:
                out[key] = int(n[key])
        if n.get("reset_to_initial_volume") is not None:
            out["reset_to_initial_volume"] = bool(n["reset_to_initial_volume"])
        if renewal == "rolling":
            steps = n.get("timesteps")
            out["window"] = int(steps) if steps else max(1, round(float(n["days"]) / float(self.doc.days[0])))
        return out


def _kind(kind: str) -> Callable[[_Translator, dict[str, Any], str], dict[str, Any]]:
    return lambda t, n, where: {"type": kind, **t._flow_fields(n, where)}


_NODES: dict[str, Callable[[_Translator, dict[str, Any], str], dict[str, Any]]] = {
    "input": _kind("source"),
    "output": _kind("sink"),
    "link": _kind("link"),
    "river": _kind("link"),
    "breaklink": _kind("link"),
    "catchment": _Translator.catchment,
    "storage": _Translator.storage,
    "reservoir": _Translator.storage,
    "losslink": _Translator.loss_link,
    "piecewiselink": _Translator.piecewise,
    "rivergauge": _Translator.gauge,
    "riversplit": lambda t, n, w: t.split(n, w),
    "riversplitwithgauge": lambda t, n, w: t.split(n, w, gauged=True),
    "aggregatednode": _Translator.aggregated,
    "aggregatedstorage": lambda t, n, w: {"type": "storage_group", "nodes": [str(x) for x in n["storage_nodes"]]},
    "virtualstorage": lambda t, n, w: t.licence(n, w, "none"),
    "annualvirtualstorage": lambda t, n, w: t.licence(n, w, "annual"),
    "monthlyvirtualstorage": lambda t, n, w: t.licence(n, w, "monthly"),
    "seasonalvirtualstorage": lambda t, n, w: t.licence(n, w, "seasonal"),
    "rollingvirtualstorage": lambda t, n, w: t.licence(n, w, "rolling"),
}
