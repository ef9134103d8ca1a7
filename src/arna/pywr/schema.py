"""A schema for Pywr v1 documents, as strict as Arna's own.

Every node, parameter and recorder type the reader supports has a pydantic model
that forbids unknown keys; every key is either honoured by the translator or
refused here with its JSON path. Values (``max_flow``, ``cost``, a parameter's
``parameters`` …) are numbers, names of parameters or parameter objects; they are
checked recursively, so :mod:`arna.pywr.translate` and :mod:`arna.pywr.params`
never meet a type they do not expect. Numbers must be finite and within
:data:`LIMIT`. Written from Pywr's documented JSON format; no Pywr code.

Keys accepted without effect on a simulation (and so without effect in Arna):
``comment``, ``position``, ``tags``, the optimisation keys ``is_variable``,
``lower_bounds``, ``upper_bounds`` of parameters, a storage's ``area``, ``level``,
``inputs`` and ``outputs`` (Pywr's count of connection slots), the top-level
``solver`` (Arna always uses HiGHS) and ``bisection``, and the recorders (Arna
writes its own results) other than those a ``recorderthreshold`` reads.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError, create_model

from arna.errors import DocumentError
from arna.network.ir import NEGATIVE_TOLERANCE
from arna.pywr.data import CSV_OPTIONS, EXCEL_OPTIONS, HDF_OPTIONS, OWN_OPTIONS
from arna.pywr.folding import constant_value

__all__ = ["LIMIT", "check_document", "parameter_kind"]

LIMIT = 1e15
"""Largest magnitude of a number in a Pywr document (a flow of 1e15 Ml/day is far beyond any river)."""
MAX_NESTING = 20
"""Deepest nesting of parameter objects inside one another."""

Problem = tuple[str, str]


class _Value:
    """Marks a field holding a Pywr value: a number, a parameter name or a parameter object."""


class _Numbers:
    """Marks a field holding a list of numbers or a data reference (``url``/``table``/``data``)."""


VALUE: Any = _Value
NUMBERS: Any = _Numbers
VALUES: Any = list[_Value]
Num = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-LIMIT, le=LIMIT)]
NonNeg = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0.0, le=LIMIT)]
Month = Annotated[StrictInt, Field(ge=1, le=12)]
Day = Annotated[StrictInt, Field(ge=1, le=31)]
Count = Annotated[StrictInt, Field(ge=1, le=100_000)]
Name = Annotated[StrictStr, Field(min_length=1, max_length=1000)]
Key = StrictStr | StrictInt
Inert = Any

_COMMON_NODE: dict[str, Any] = {"comment": Inert, "position": Inert, "tags": Inert}
_FLOW = {"max_flow": VALUE, "min_flow": VALUE, "cost": VALUE}
_LICENCE = {"nodes": list[Name], "factors": list[Num], "max_volume": VALUE, "min_volume": VALUE,
            "initial_volume": VALUE, "initial_volume_pc": Annotated[float, Field(ge=0.0, le=1.0, strict=True)],
            "cost": VALUE}
_YEARLY = {"reset_day": Day, "reset_month": Month, "reset_to_initial_volume": StrictBool}

NODE_KEYS: dict[str, dict[str, Any]] = {
    "input": _FLOW, "output": _FLOW, "link": _FLOW, "river": _FLOW, "breaklink": _FLOW,
    "catchment": {"flow": VALUE, "cost": VALUE},
    "storage": {"max_volume": VALUE, "min_volume": VALUE, "initial_volume": VALUE, "cost": VALUE,
                "initial_volume_pc": Annotated[float, Field(ge=0.0, le=1.0, strict=True)],
                "area": Inert, "level": Inert, "inputs": Inert, "outputs": Inert,
                "num_inputs": Inert, "num_outputs": Inert},
    "losslink": {**_FLOW, "loss_factor": VALUE, "loss_factor_type": StrictStr},
    "piecewiselink": {"max_flows": list[_Value | None], "costs": VALUES, "nsteps": Count},
    "rivergauge": {"mrf": VALUE, "mrf_cost": VALUE, "cost": VALUE, "max_flow": VALUE},
    "riversplit": {"factors": VALUES, "slot_names": list[Key], "cost": VALUE},
    "riversplitwithgauge": {"factors": VALUES, "slot_names": list[Key], "cost": VALUE, "mrf": VALUE,
                            "mrf_cost": VALUE},
    "aggregatednode": {"nodes": list[Name], "min_flow": VALUE, "max_flow": VALUE, "flow_weights": list[Num],
                       "factors": VALUES},
    "aggregatedstorage": {"storage_nodes": list[Name]},
    "virtualstorage": _LICENCE,
    "annualvirtualstorage": {**_LICENCE, **_YEARLY},
    "monthlyvirtualstorage": {**_LICENCE, "months": Count, "initial_months": Annotated[StrictInt, Field(ge=0,
                              le=100_000)], "reset_to_initial_volume": StrictBool},
    "seasonalvirtualstorage": {**_LICENCE, **_YEARLY, "end_day": Day, "end_month": Month},
    "rollingvirtualstorage": {**_LICENCE, "timesteps": Count, "days": Count},
}
NODE_KEYS["reservoir"] = NODE_KEYS["storage"]
REQUIRED_NODE_KEYS: dict[str, tuple[str, ...]] = {
    "aggregatednode": ("nodes",), "aggregatedstorage": ("storage_nodes",), "piecewiselink": ("max_flows", "costs"),
    **{k: ("nodes",) for k in NODE_KEYS if k.endswith("virtualstorage")},
}

_DATA: dict[str, Any] = {k: Inert for k in CSV_OPTIONS | EXCEL_OPTIONS | HDF_OPTIONS | OWN_OPTIONS}
_DATA.update({"url": Name, "table": Name, "data": NUMBERS, "column": Key | list[Key],
              "index": Key | list[Key], "where": StrictStr, "node": StrictStr, "parse_dates": StrictBool | list[Key],
              "dayfirst": StrictBool, "checksum": dict[str, StrictStr], "index_col": Key | list[Key] | None,
              "header": StrictInt | list[StrictInt] | None, "sheet_name": Key, "key": StrictStr})
_CURVES = {"storage_node": Name, "control_curve": VALUE, "control_curves": VALUES}
_PARAM_COMMON: dict[str, Any] = {"name": Inert, "comment": Inert, "is_variable": Inert, "lower_bounds": Inert,
                                 "upper_bounds": Inert}
_THRESHOLD = {"threshold": VALUE, "predicate": StrictStr, "values": Annotated[list[Num], Field(min_length=2,
                                                                                                 max_length=2)]}
_TABLE = {"node": Name, "interp_kwargs": dict[str, Any]}

PARAMETER_KEYS: dict[str, dict[str, Any]] = {
    "constant": {"value": Num, "values": Num, **_DATA},
    "monthlyprofile": {"values": Annotated[list[Num], Field(min_length=12, max_length=12)], **_DATA},
    "dailyprofile": {"values": Annotated[list[Num], Field(min_length=366, max_length=366)], **_DATA},
    "weeklyprofile": {"values": Annotated[list[Num], Field(min_length=52, max_length=53)]},
    "dataframe": {**_DATA, "scenario": Name},
    "tablesarray": {**_DATA, "scenario": Name},
    "discountfactor": {"rate": Annotated[float, Field(strict=True, gt=-1.0, le=100.0, allow_inf_nan=False)],
                       "base_year": Annotated[StrictInt, Field(ge=1678, le=2261)]},
    "uniformdrawdownprofile": {"reset_day": Day, "reset_month": Month,
                               "residual_days": Annotated[float, Field(strict=True, ge=0.0, le=366.0)]},
    "constantscenario": {"scenario": Name, "values": Annotated[list[Num], Field(min_length=1)]},
    "scenariowrapper": {"scenario": Name, "parameters": VALUES},
    "scenariomonthlyprofile": {"scenario": Name, "values": list[Annotated[list[Num], Field(min_length=12,
                                                                                         max_length=12)]],
                               **_DATA},
    "aggregated": {"parameters": VALUES, "agg_func": StrictStr},
    "controlcurve": {**_CURVES, "values": list[Num], "parameters": VALUES},
    "controlcurveinterpolated": {**_CURVES, "values": list[Num], "parameters": VALUES},
    "controlcurveindex": {"storage_node": Name, "control_curves": VALUES},
    "indexedarray": {"index_parameter": VALUE, "params": VALUES},
    "interpolatedvolume": {**_TABLE, "volumes": NUMBERS, "values": NUMBERS},
    "interpolatedflow": {**_TABLE, "flows": NUMBERS, "values": NUMBERS},
    "hydropowertarget": {"water_elevation_parameter": VALUE, "target": VALUE, "min_flow": VALUE,
                         "max_flow": VALUE, "turbine_elevation": Num, "efficiency": NonNeg,
                         "flow_unit_conversion": Num, "energy_unit_conversion": Num, "density": NonNeg},
    "flow": {"node": Name, "initial_value": Num},
    "storage": {"storage_node": Name, "use_proportional_volume": StrictBool},
    "deficit": {"node": Name},
    "rollingmeanflownode": {"node": Name, "timesteps": Count, "days": Count, "initial_flow": Num},
    "parameterthreshold": {"parameter": VALUE, **_THRESHOLD},
    "recorderthreshold": {"recorder": Name, **_THRESHOLD},
}
REQUIRED_PARAMETER_KEYS: dict[str, tuple[str, ...]] = {
    "discountfactor": ("rate", "base_year"), "constantscenario": ("scenario", "values"),
    "scenariowrapper": ("scenario", "parameters"), "scenariomonthlyprofile": ("scenario",),
    "aggregated": ("parameters",), "controlcurve": ("storage_node",), "controlcurveinterpolated": ("storage_node",),
    "controlcurveindex": ("storage_node", "control_curves"), "indexedarray": ("index_parameter", "params"),
    "interpolatedvolume": ("node", "volumes", "values"), "interpolatedflow": ("node", "flows", "values"),
    "hydropowertarget": ("water_elevation_parameter", "target"), "flow": ("node",), "storage": ("storage_node",),
    "deficit": ("node",), "rollingmeanflownode": ("node",), "parameterthreshold": ("parameter", "threshold"),
    "recorderthreshold": ("recorder", "threshold"), "weeklyprofile": ("values",),
}
RECORDER_KEYS: dict[str, dict[str, Any]] = {
    "numpyarraynode": {"node": Name, "comment": Inert},
    "rollingmeanflownode": {"node": Name, "timesteps": Count, "days": Count, "comment": Inert},
}
NOT_NEGATIVE = frozenset({"max_flow", "min_flow", "flow", "max_volume", "min_volume", "initial_volume", "mrf"})
"""Node keys whose values are flows or volumes: a negative one would leave Pywr's LP without a solution."""
PREDICATES = frozenset({"LT", "LE", "GT", "GE", "EQ", "<", "<=", ">", ">=", "=="})
AGG_FUNCS = frozenset({"sum", "min", "max", "mean", "product"})
TOP_KEYS = frozenset({"metadata", "timestepper", "nodes", "edges", "parameters", "recorders", "tables",
                      "scenarios", "scenario_combinations", "includes", "solver", "bisection"})


def _model(name: str, keys: dict[str, Any], required: tuple[str, ...] = ()) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for key, kind in keys.items():
        annotation = _annotation(kind)
        fields[key] = (annotation, ...) if key in required else (annotation | None, None)
    config = ConfigDict(extra="forbid", allow_inf_nan=False)
    return create_model(name, __config__=config, type=(StrictStr, ...), **fields)


def _annotation(kind: Any) -> Any:
    """Values are checked by :func:`_check_value` afterwards: for pydantic they are ``Any``."""
    text = repr(kind)
    if kind is _Value or kind is _Numbers:
        return Any
    if "_Value" in text:
        return list[Any]
    return kind


@cache
def _node_model(kind: str) -> type[BaseModel] | None:
    """The model of a node type, made on first use (a document uses a few of the ~50 types)."""
    keys = NODE_KEYS.get(kind)
    return None if keys is None else _model(f"PywrNode_{kind}", {"name": Name, **_COMMON_NODE, **keys},
                                             REQUIRED_NODE_KEYS.get(kind, ()))


@cache
def _parameter_model(kind: str) -> type[BaseModel] | None:
    keys = PARAMETER_KEYS.get(kind)
    return None if keys is None else _model(f"PywrParameter_{kind}", {**_PARAM_COMMON, **keys},
                                             REQUIRED_PARAMETER_KEYS.get(kind, ()))


@cache
def _recorder_model(kind: str) -> type[BaseModel] | None:
    keys = RECORDER_KEYS.get(kind)
    return None if keys is None else _model(f"PywrRecorder_{kind}", keys, ("node",))


@cache
def _table_model() -> type[BaseModel]:
    return _model("PywrTable", {k: v for k, v in _DATA.items() if k != "table"})


_TEXTS: dict[int, str] = {}


def _text(kind: Any) -> str:
    """``repr`` of a key's type, once per type (the types are the module's constants; a repr per value
    was a tenth of checking the large benchmark's document)."""
    text = _TEXTS.get(id(kind))
    if text is None:
        text = _TEXTS[id(kind)] = repr(kind)
    return text


def parameter_kind(p: dict[str, Any]) -> str:
    """The normalised type of a parameter object: lower case, without a ``parameter`` suffix.

    An object without a type but with ``url``/``table`` is a constant read from data.
    """
    kind = str(p.get("type", "")).strip().lower() if isinstance(p.get("type", ""), str) else ""
    if not kind and ("table" in p or "url" in p):
        return "constant"
    if kind.endswith("parameter") and kind != "parameter":
        kind = kind[: -len("parameter")]
    return kind


def recorder_kind(r: dict[str, Any]) -> str:
    kind = str(r.get("type", "")).strip().lower()
    return kind[: -len("recorder")] if kind.endswith("recorder") else kind


class _Checker:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        params = data.get("parameters")
        self.names = set(params) if isinstance(params, dict) else set()
        recorders = data.get("recorders")
        self.recorders = recorders if isinstance(recorders, dict) else {}
        self.problems: list[Problem] = []
        self._node_names: set[object] | None = None

    def add(self, where: str, msg: str) -> None:
        self.problems.append((where, msg))

    # -- one object against its model --------------------------------------------------------
    def validate(self, model: type[BaseModel], obj: dict[str, Any], where: str) -> bool:
        try:
            model.model_validate(obj)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]
                              if isinstance(p, int) or not any(c in p for c in "[]-"))  # not union branches
                self.add(f"{where}{loc}", _message(err, model))
            return False
        return True

    # -- values ------------------------------------------------------------------------------
    def value(self, v: Any, where: str, depth: int = 0) -> None:
        if isinstance(v, bool):
            self.add(where, "expected a number, a parameter name or a parameter object, got true/false")
        elif isinstance(v, int | float):
            self.number(v, where)
        elif isinstance(v, str):
            if v not in self.names:
                self.add(where, f"no parameter named {v[:80]!r} in 'parameters'"
                         + (" (a number must be written without a unit or quotes)" if _looks_numeric(v) else ""))
        elif isinstance(v, dict):
            self.parameter(v, where, depth + 1)
        else:
            self.add(where, f"expected a number, a parameter name or a parameter object, got {_kind(v)}")

    def number(self, v: float, where: str) -> None:
        try:
            ok = math.isfinite(float(v)) and abs(float(v)) <= LIMIT
        except OverflowError:
            ok = False
        if not ok:
            self.add(where, f"the number must be finite and at most {LIMIT:g} in size, got {_short(v)}")

    def parameter(self, p: dict[str, Any], where: str, depth: int = 1) -> None:
        if depth > MAX_NESTING:
            self.add(where, f"parameters nested more than {MAX_NESTING} deep")
            return
        kind = parameter_kind(p)
        model = _parameter_model(kind)
        if model is None:
            shown = p.get("type") if isinstance(p.get("type"), str) else _kind(p.get("type"))
            self.add(f"{where}.type", f"Pywr parameter type {str(shown)[:80]!r} is not supported by Arna's reader; "
                     f"supported: {', '.join(sorted(PARAMETER_KEYS))} (see docs/pywr.md)")
            return
        if not self.validate(model, {**p, "type": str(p.get("type", kind))}, where):
            return
        for key, kind_of in PARAMETER_KEYS[kind].items():
            if p.get(key) is not None:
                self.child(kind_of, p[key], f"{where}.{key}", depth)
        self.parameter_rules(kind, p, where)

    def numbers(self, v: Any, where: str) -> None:
        """A list of numbers, or a data reference (an inline ``data`` object is read by pandas)."""
        if isinstance(v, list):
            for i, x in enumerate(v):
                if isinstance(x, bool) or not isinstance(x, int | float):
                    self.add(f"{where}[{i}]", f"expected a number, got {_short(x)}")
                else:
                    self.number(x, f"{where}[{i}]")
        elif isinstance(v, dict):
            if not where.endswith(".data"):
                self.validate(_table_model(), {"type": "table", **v}, where)
        else:
            self.add(where, f"expected a list of numbers or a data reference, got {_kind(v)}")

    def child(self, kind_of: Any, v: Any, where: str, depth: int) -> None:
        if kind_of is _Numbers:
            self.numbers(v, where)
        elif kind_of is _Value:
            self.value(v, where, depth)
        elif "_Value" in _text(kind_of):
            for i, item in enumerate(v):
                if item is not None or "None" not in _text(kind_of):
                    self.value(item, f"{where}[{i}]", depth)

    def parameter_rules(self, kind: str, p: dict[str, Any], where: str) -> None:
        if "predicate" in p and str(p["predicate"]).upper() not in PREDICATES:
            self.add(f"{where}.predicate", f"unknown predicate {p['predicate']!r}; use one of "
                     f"{', '.join(sorted(PREDICATES))}")
        if kind == "aggregated" and str(p.get("agg_func", "sum")).lower() not in AGG_FUNCS:
            self.add(f"{where}.agg_func", f"unknown agg_func {p['agg_func']!r}; use one of "
                     f"{', '.join(sorted(AGG_FUNCS))}")
        if kind in {"controlcurve", "controlcurveinterpolated", "controlcurveindex"}:
            if p.get("control_curve") is None and p.get("control_curves") is None:
                self.add(where, "a control curve parameter needs 'control_curves' (or 'control_curve')")
            if kind != "controlcurveindex" and p.get("values") is None and p.get("parameters") is None:
                self.add(where, f"a {kind} parameter needs 'values' (numbers) or 'parameters', one per zone")
            self.node_ref(p["storage_node"], f"{where}.storage_node")
        for key in ("node", "storage_node"):
            if isinstance(p.get(key), str) and key in PARAMETER_KEYS[kind] and kind not in {"dataframe",
                                                                                            "tablesarray"}:
                self.node_ref(p[key], f"{where}.{key}")
        if kind == "rollingmeanflownode" and p.get("timesteps") is None and p.get("days") is None:
            self.add(where, "give 'timesteps' or 'days'")
        if kind == "recorderthreshold":
            self.recorder(p["recorder"], f"{where}.recorder")
        if kind in {"constant", "monthlyprofile", "dailyprofile", "scenariomonthlyprofile", "dataframe",
                    "tablesarray"} and not any(k in p for k in ("value", "values", "url", "table", "data")):
            self.add(where, f"a {kind} parameter needs 'value'/'values' or a data reference ('url', 'table', 'data')")
        for key in ("volumes", "flows", "values"):
            if kind in {"interpolatedvolume", "interpolatedflow"} and isinstance(p.get(key), list) and len(
                    p[key]) < 2:
                self.add(f"{where}.{key}", "an interpolation table needs at least two points")
        if kind in {"interpolatedvolume", "interpolatedflow"}:
            a, b = p.get("volumes", p.get("flows")), p.get("values")
            if isinstance(a, list) and isinstance(b, list) and len(a) != len(b):
                self.add(f"{where}.values", f"has {len(b)} entries; the table has {len(a)} points")

    def node_ref(self, name: str, where: str) -> None:
        if self._node_names is None:  # once per document: a reference per node made this quadratic
            self._node_names = {n.get("name") for n in self.data.get("nodes", []) if isinstance(n, dict)}
        if name not in self._node_names:
            self.add(where, f"no node named {name[:80]!r}")

    def recorder(self, name: str, where: str) -> None:
        rec = self.recorders.get(name)
        if not isinstance(rec, dict):
            self.add(where, f"no recorder named {name[:80]!r} in 'recorders'")
            return
        model = _recorder_model(recorder_kind(rec))
        if model is None:
            self.add(where, f"a threshold on a {str(rec.get('type'))[:60]!r} recorder is not supported "
                     f"(supported: {', '.join(sorted(RECORDER_KEYS))})")
        elif self.validate(model, rec, f"recorders.{name}"):
            self.node_ref(rec["node"], f"recorders.{name}.node")
            if recorder_kind(rec) == "rollingmeanflownode" and rec.get("timesteps") is None and rec.get(
                    "days") is None:
                self.add(f"recorders.{name}", "give 'timesteps' or 'days'")

    # -- nodes -------------------------------------------------------------------------------
    def node(self, n: dict[str, Any], where: str) -> None:
        kind = str(n.get("type", "")).strip().lower() if isinstance(n.get("type"), str) else ""
        model = _node_model(kind)
        if model is None:
            self.add(f"{where}.type", f"Pywr node type {str(n.get('type'))[:80]!r} is not supported by Arna's "
                     f"reader; supported: {', '.join(sorted(NODE_KEYS))} (see docs/pywr.md)")
            return
        if not self.validate(model, n, where):
            return
        for key, kind_of in NODE_KEYS[kind].items():
            if n.get(key) is not None:
                self.child(kind_of, n[key], f"{where}.{key}", 0)
        self.node_rules(kind, n, where)

    def not_negative(self, v: Any, where: str, seen: frozenset[str] = frozenset(), user: str = "") -> None:
        """A flow or volume may not be negative: numbers, profiles, constants and aggregates of constants,
        through named parameters (``user``: the node value that reads a named one)."""
        if isinstance(v, bool):
            return
        if isinstance(v, int | float):
            if v < 0:
                self.add(where, f"must not be negative (got {v:g})")
            return
        params = self.data.get("parameters")
        if isinstance(v, str) and isinstance(params, dict) and v in params and v not in seen:
            self.not_negative(params[v], f"parameters.{v}", seen | {v}, user or where)
            return
        if not isinstance(v, dict):
            return
        kind = parameter_kind(v)
        items: list[tuple[str, Any]] = []
        if kind == "constant" and isinstance(v.get("value"), int | float):
            items = [(f"{where}.value", v["value"])]
        elif kind in {"monthlyprofile", "dailyprofile", "weeklyprofile", "constantscenario"} and isinstance(
                v.get("values"), list):
            items = [(f"{where}.values[{i}]", x) for i, x in enumerate(v["values"])]
        elif kind == "scenariomonthlyprofile" and isinstance(v.get("values"), list):
            items = [(f"{where}.values[{i}][{k}]", x) for i, row in enumerate(v["values"]) if isinstance(row, list)
                     for k, x in enumerate(row)]
        elif kind in {"scenariowrapper", "indexedarray"}:
            key = "parameters" if kind == "scenariowrapper" else "params"
            for i, item in enumerate(v.get(key) or []):
                self.not_negative(item, f"{where}.{key}[{i}]", seen, user)
        elif kind == "aggregated":
            total = constant_value(v, params if isinstance(params, dict) else {}, seen)
            if total is not None and total < -NEGATIVE_TOLERANCE:  # not a rounding error of a sum
                read = f", read by {user}" if user else ""
                self.add(where, f"must not be negative: this aggregated parameter ({v.get('agg_func', 'sum')} of "
                         f"values known before the run) is {total:g}{read}; a flow or volume cannot be below "
                         "zero: correct the values it combines")
        for path, x in items:
            if isinstance(x, int | float) and not isinstance(x, bool) and x < 0:
                self.add(path, f"must not be negative (got {x:g})")
                return

    def node_rules(self, kind: str, n: dict[str, Any], where: str) -> None:
        for key in NOT_NEGATIVE & set(n):
            self.not_negative(n[key], f"{where}.{key}")
        members = n.get("nodes") or n.get("storage_nodes") or []
        for i, m in enumerate(members):
            self.node_ref(m, f"{where}.{'nodes' if 'nodes' in n else 'storage_nodes'}[{i}]")
        for key in ("factors", "flow_weights"):
            if kind != "riversplit" and kind != "riversplitwithgauge" and isinstance(n.get(key), list) and len(
                    n[key]) != len(members):
                self.add(f"{where}.{key}", f"has {len(n[key])} entries for {len(members)} nodes")
        if kind == "piecewiselink":
            sizes = {len(n["max_flows"]), len(n["costs"])} | ({n["nsteps"]} if n.get("nsteps") else set())
            if len(sizes) != 1 or 0 in sizes:
                self.add(f"{where}.costs", "max_flows, costs (and nsteps) must give the same, non-zero number of "
                         f"steps; got {len(n['max_flows'])} max_flows and {len(n['costs'])} costs")
        if kind == "losslink" and str(n.get("loss_factor_type", "net")).lower() not in {"net", "gross"}:
            self.add(f"{where}.loss_factor_type", "must be 'net' or 'gross'")
        if "max_volume" in NODE_KEYS[kind]:
            self.volumes(n, where)
        if kind == "rollingvirtualstorage" and n.get("timesteps") is None and n.get("days") is None:
            self.add(where, "a rolling licence needs 'timesteps' or 'days'")
        if kind in {"riversplit", "riversplitwithgauge"} and n.get("slot_names") is not None and len(
                n["slot_names"]) != len(n.get("factors") or []):
            self.add(f"{where}.slot_names", f"has {len(n['slot_names'])} names for {len(n.get('factors') or [])} "
                     "factors")


    def volumes(self, n: dict[str, Any], where: str) -> None:
        """Constant volumes in order: min_volume ≤ initial_volume ≤ max_volume (max_volume defaults to 0)."""
        raw = self.data.get("parameters")
        params: dict[str, Any] = raw if isinstance(raw, dict) else {}

        def number(key: str, default: float | None) -> float | None:
            v = n.get(key, default)
            if isinstance(v, str) and isinstance(params.get(v), dict) and parameter_kind(params[v]) == "constant":
                v = params[v].get("value")  # a named constant parameter
            if not isinstance(v, int | float) or isinstance(v, bool) or not -LIMIT <= v <= LIMIT:
                return None  # not a number in range: reported at its own path
            return float(v)
        low, high = number("min_volume", 0.0), number("max_volume", 0.0)
        start = number("initial_volume", None)
        if n.get("initial_volume_pc") is not None and isinstance(n.get("max_volume", 0.0), int | float):
            start = None  # with a constant max_volume the proportion wins (and is within 0–1)
        if low is not None and high is not None and low > high:
            self.add(f"{where}.min_volume", f"min_volume {low:g} is above max_volume {high:g}")
        elif start is not None and high is not None and start > high:
            hint = "" if "max_volume" in n else " (max_volume is missing, so it is 0)"
            self.add(f"{where}.initial_volume", f"initial_volume {start:g} is above max_volume {high:g}{hint}")
        elif start is not None and low is not None and start < low:
            self.add(f"{where}.initial_volume", f"initial_volume {start:g} is below min_volume {low:g}")


def check_document(path: Path, data: dict[str, Any]) -> None:
    """Raise :class:`DocumentError` listing every key, type and range problem of a merged Pywr document."""
    c = _Checker(data)
    for key in data:
        if key not in TOP_KEYS:
            c.add(str(key), f"unknown section {str(key)[:80]!r}; a Pywr document has {', '.join(sorted(TOP_KEYS))}")
    for section in ("parameters", "recorders", "tables", "metadata"):
        if data.get(section) is not None and not isinstance(data[section], dict):
            c.add(section, f"must be an object, got {_kind(data[section])}")
    for i, n in enumerate(data.get("nodes") or []):
        if isinstance(n, dict):
            c.node(n, f"nodes[{i}]")
    params = data.get("parameters")
    for name, p in (params.items() if isinstance(params, dict) else []):
        if isinstance(p, dict):
            c.parameter(p, f"parameters.{name}")
        else:
            c.value(p, f"parameters.{name}")
            if isinstance(p, str):
                c.add(f"parameters.{name}", "a named parameter must be a number or a parameter object")
    tables = data.get("tables")
    for name, spec in (tables.items() if isinstance(tables, dict) else []):
        if not isinstance(spec, dict):
            c.add(f"tables.{name}", f"must be an object with 'url' (and reading options), got {_kind(spec)}")
        else:
            c.validate(_table_model(), {"type": "table", **spec}, f"tables.{name}")
    if c.problems:
        raise DocumentError(path, c.problems)



def _message(err: Any, model: type[BaseModel]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = sorted(k for k in model.model_fields if k != "type")
        return (f"unknown key for this type; Arna's reader honours: {', '.join(allowed)} "
                "(see docs/pywr.md)")
    if kind == "missing":
        return "this key is required"
    got = err.get("input")
    return f"{err['msg']}, got {_short(got)}"


def _short(v: Any) -> str:
    try:
        text = repr(v)
    except ValueError:  # ints too large to print
        text = f"an integer of {v.bit_length()} bits" if isinstance(v, int) else type(v).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(v: Any) -> str:
    return {list: "a list", dict: "an object", str: "a string", type(None): "null", bool: "true/false"}.get(
        type(v), type(v).__name__)


def _looks_numeric(text: str) -> bool:
    head = text.strip().split(" ")[0]
    try:
        float(head)
    except ValueError:
        return False
    return True
