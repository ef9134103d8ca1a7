"""Pywr parameters → Arna values. Pywr's rules live here, not in the engine.

Numbers stay numbers (a converted model's units are its base units, so no
conversion applies); a string names a parameter; an object is translated by
its ``type`` (case-insensitive, with or without a ``parameter`` suffix).
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from arna.errors import DocumentError
from arna.pywr.reader import PywrDocument
from arna.pywr.schema import LIMIT, NOT_NEGATIVE


class ParameterTranslator:
    """Translates the parameters of one Pywr document; collects the data frames they need."""

    def __init__(self, doc: PywrDocument, data_prefix: str = "pywr-data") -> None:
        self.doc = doc
        self.prefix = data_prefix
        self.data: dict[str, pd.DataFrame] = {}
        self.recorders: dict[str, Any] = doc.data.get("recorders") or {}

    def fail(self, where: str, msg: str) -> DocumentError:
        return DocumentError(self.doc.path, [(where, msg)])

    def value(self, v: Any, where: str) -> Any:
        """An Arna value (number, ``{type: ref}``, or parameter object) for a Pywr value."""
        if isinstance(v, bool):
            raise self.fail(where, "expected a number or a parameter, got true/false")
        if isinstance(v, int | float):
            return float(v)
        if isinstance(v, str):
            if v not in (self.doc.data.get("parameters") or {}):
                raise self.fail(where, f"no parameter named '{v}' in 'parameters'")
            return {"type": "ref", "name": v}
        if isinstance(v, dict):
            return self.parameter(v, where)
        raise self.fail(where, f"cannot read {v!r} as a value")

    def parameter(self, p: dict[str, Any], where: str) -> Any:
        kind = str(p.get("type", "")).lower()
        if not kind and ("table" in p or "url" in p):
            kind = "constant"
        if kind.endswith("parameter") and kind != "parameter":
            kind = kind[: -len("parameter")]
        handler = getattr(self, f"_p_{kind}", None)
        if handler is None:
            raise self.fail(where, f"Pywr parameter type '{p.get('type')}' is not supported by Arna's "
                                   "reader; see docs/pywr.md for the supported types")
        result: Any = handler(p, where)
        return result

    # -- values known before the run ---------------------------------------------------------
    def _p_constant(self, p: dict[str, Any], where: str) -> Any:
        if "value" in p:
            return {"type": "constant", "value": float(p["value"])}
        if "values" in p and not isinstance(p["values"], list):
            return {"type": "constant", "value": float(p["values"])}
        frame = self.doc.load_dataframe(p, where)
        return {"type": "constant", "value": _lookup(frame, p.get("index"), where, self)}

    def _p_monthlyprofile(self, p: dict[str, Any], where: str) -> Any:
        values = p.get("values")
        if values is None:
            frame = self.doc.load_dataframe(p, where)
            values = _column(frame, self, where) if frame.shape[0] == 12 else frame.iloc[:1].to_numpy().ravel()
        return {"type": "monthly", "values": _floats(values, where, self, size=12)}

    def _p_dailyprofile(self, p: dict[str, Any], where: str) -> Any:
        values = p.get("values")
        if values is None:
            values = _column(self.doc.load_dataframe(p, where), self, where)
        return {"type": "daily", "values": _floats(values, where, self, size=366)}

    def _p_weeklyprofile(self, p: dict[str, Any], where: str) -> Any:
        return {"type": "weekly", "values": [float(x) for x in p["values"]]}

    def _p_dataframe(self, p: dict[str, Any], where: str) -> Any:
        frame = self.doc.load_dataframe(p, where)
        frame = self._dated(frame, where)
        self._check_series(frame, p, where)
        key = f"{self.prefix}/{_slug(where)}.parquet"
        if p.get("scenario") is not None:
            self.data[key] = frame
            return {"type": "series", "file": key, "scenario": p["scenario"]}
        if frame.shape[1] != 1:
            raise self.fail(where, f"the data has {frame.shape[1]} columns; name one with 'column'")
        frame.columns = ["value"]
        self.data[key] = frame
        return {"type": "series", "file": key, "column": "value"}

    def _check_series(self, frame: pd.DataFrame, p: dict[str, Any], where: str) -> None:
        """Within the run: every value a finite number, and none negative where a flow or volume is meant.

        Errors name the user's data (file, table or inline data) and the first bad date, not a converted file.
        """
        ts, end = self.doc.timesteps, self._run_end
        window = frame[(frame.index >= ts[0]) & (frame.index < end)] if isinstance(
            frame.index, pd.DatetimeIndex) else frame
        values = window.to_numpy(dtype=float)
        source = (f"data file {p['url']!r}" if "url" in p else f"table {p['table']!r}" if "table" in p
                  else "inline data")
        bad = ~np.isfinite(values)
        if bad.any():
            day = pd.Timestamp(window.index[int(np.argwhere(bad)[0][0])]).date()
            raise self.fail(where, f"{source}: a missing or non-finite value on {day} (within the run)")
        if where.rsplit(".", 1)[-1] in NOT_NEGATIVE and (values < 0).any():
            day = pd.Timestamp(window.index[int(np.argwhere(values < 0)[0][0])]).date()
            raise self.fail(where, f"{source}: a negative value on {day} (a flow or volume must not be negative)")

    @cached_property
    def _run_end(self) -> pd.Timestamp:
        """When the last timestep ends."""
        return self.doc.timesteps[-1] + pd.Timedelta(days=float(self.doc.days[-1]))

    def _p_tablesarray(self, p: dict[str, Any], where: str) -> Any:
        return self._p_dataframe(p, where)

    def _dated(self, frame: pd.DataFrame, where: str) -> pd.DataFrame:
        """Frames indexed by date; an array with no dates is taken as one row per timestep."""
        if isinstance(frame.index, pd.PeriodIndex):
            frame.index = frame.index.to_timestamp()
        if not isinstance(frame.index, pd.DatetimeIndex):
            try:
                if pd.api.types.is_numeric_dtype(frame.index):
                    raise TypeError("row numbers, not dates")
                frame.index = pd.DatetimeIndex(pd.to_datetime(frame.index))
            except (ValueError, TypeError):
                if len(frame) < len(self.doc.timesteps):
                    raise self.fail(where, f"the data has {len(frame)} rows and no dates; the run has "
                                           f"{len(self.doc.timesteps)} timesteps") from None
                frame = frame.iloc[: len(self.doc.timesteps)]
                frame.index = self.doc.timesteps
        if not all(pd.api.types.is_numeric_dtype(dt) for dt in set(frame.dtypes)):  # column by column only if needed
            frame = frame.apply(pd.to_numeric, errors="coerce")
        return frame.sort_index()

    def _p_discountfactor(self, p: dict[str, Any], where: str) -> Any:
        return {"type": "discount", "rate": float(p["rate"]), "base_year": int(p["base_year"])}

    def _p_uniformdrawdownprofile(self, p: dict[str, Any], where: str) -> Any:
        return {"type": "drawdown", "reset_month": int(p.get("reset_month", 1)),
                "reset_day": int(p.get("reset_day", 1)), "residual_days": float(p.get("residual_days", 0))}

    def _p_constantscenario(self, p: dict[str, Any], where: str) -> Any:
        return {"type": "members", "axis": p["scenario"], "values": [float(v) for v in p["values"]]}

    def _p_scenariowrapper(self, p: dict[str, Any], where: str) -> Any:
        vals = [self.value(v, f"{where}.parameters[{i}]") for i, v in enumerate(p["parameters"])]
        return {"type": "members", "axis": p["scenario"], "values": vals}

    def _p_scenariomonthlyprofile(self, p: dict[str, Any], where: str) -> Any:
        rows = p["values"] if "values" in p else self.doc.load_dataframe(p, where).to_numpy().tolist()
        return {"type": "members", "axis": p["scenario"],
                "values": [{"type": "monthly", "values": _floats(r, f"{where}.values[{i}]", self, size=12)}
                           for i, r in enumerate(rows)]}

    # -- values read from the state ----------------------------------------------------------
    def _p_aggregated(self, p: dict[str, Any], where: str) -> Any:
        vals = [self.value(v, f"{where}.parameters[{i}]") for i, v in enumerate(p["parameters"])]
        return {"type": "aggregate", "function": str(p.get("agg_func", "sum")).lower(), "values": vals}

    def _curves(self, p: dict[str, Any], where: str) -> list[Any]:
        curves = p.get("control_curves", p.get("control_curve"))
        curves = curves if isinstance(curves, list) else [curves]
        return [self.value(c, f"{where}.control_curves[{i}]") for i, c in enumerate(curves)]

    def _curve_values(self, p: dict[str, Any], where: str) -> list[Any]:
        if "values" in p:
            return [float(v) for v in p["values"]]
        return [self.value(v, f"{where}.parameters[{i}]") for i, v in enumerate(p["parameters"])]

    def _p_controlcurve(self, p: dict[str, Any], where: str) -> Any:
        return {"type": "control_curve", "storage": p["storage_node"], "curves": self._curves(p, where),
                "values": self._curve_values(p, where), "mode": "step"}

    def _p_controlcurveinterpolated(self, p: dict[str, Any], where: str) -> Any:
        return {"type": "control_curve", "storage": p["storage_node"], "curves": self._curves(p, where),
                "values": self._curve_values(p, where), "mode": "interpolate"}

    def _p_controlcurveindex(self, p: dict[str, Any], where: str) -> Any:
        return {"type": "control_curve", "storage": p["storage_node"], "curves": self._curves(p, where),
                "mode": "index"}

    def _p_indexedarray(self, p: dict[str, Any], where: str) -> Any:
        vals = [self.value(v, f"{where}.params[{i}]") for i, v in enumerate(p["params"])]
        return {"type": "indexed", "index": self.value(p["index_parameter"], f"{where}.index_parameter"),
                "values": vals}

    def _numbers(self, v: Any, where: str) -> list[float]:
        """A list of numbers given inline or as a data reference (one column)."""
        if isinstance(v, dict):
            return _floats(_column(self.doc.load_dataframe(v, where), self, where), where, self)
        return _floats(v, where, self)

    def _p_interpolatedvolume(self, p: dict[str, Any], where: str) -> Any:
        kind = str((p.get("interp_kwargs") or {}).get("kind", "linear"))
        if kind not in {"linear", "cubic"}:
            raise self.fail(f"{where}.interp_kwargs.kind", f"interpolation '{kind}' is not supported "
                                                           "(linear or cubic)")
        return {"type": "table", "node": p["node"], "volumes": self._numbers(p["volumes"], f"{where}.volumes"),
                "values": self._numbers(p["values"], f"{where}.values"), "volume_unit": "Ml",
                "interpolation": kind}

    def _p_hydropowertarget(self, p: dict[str, Any], where: str) -> Any:
        out: dict[str, Any] = {
            "type": "hydropower_target",
            "level": self.value(p["water_elevation_parameter"], f"{where}.water_elevation_parameter"),
            "target": self.value(p["target"], f"{where}.target"),
        }
        for key in ("min_flow", "max_flow"):
            if p.get(key) is not None:
                out[key] = self.value(p[key], f"{where}.{key}")
        for key, default in (("turbine_elevation", 0.0), ("efficiency", 1.0), ("flow_unit_conversion", 1.0),
                             ("energy_unit_conversion", 1e-6), ("density", 1000.0)):
            out[key] = float(p.get(key, default))
        return out

    def _p_interpolatedflow(self, p: dict[str, Any], where: str) -> Any:
        return {"type": "flow_table", "node": p["node"], "flows": self._numbers(p["flows"], f"{where}.flows"),
                "values": self._numbers(p["values"], f"{where}.values")}

    def _p_flow(self, p: dict[str, Any], where: str) -> Any:
        return {"type": "node_state", "node": p["node"], "attribute": "flow",
                "initial": float(p.get("initial_value", 0.0))}

    def _p_storage(self, p: dict[str, Any], where: str) -> Any:
        attr = "proportional_volume" if p.get("use_proportional_volume") else "volume"
        return {"type": "node_state", "node": p["storage_node"], "attribute": attr}

    def _p_deficit(self, p: dict[str, Any], where: str) -> Any:
        return {"type": "node_state", "node": p["node"], "attribute": "deficit"}

    def _p_rollingmeanflownode(self, p: dict[str, Any], where: str) -> Any:
        steps = int(p.get("timesteps") or round(float(p["days"]) / float(self.doc.days[0])))
        return {"type": "node_state", "node": p["node"], "attribute": "mean_flow", "timesteps": steps,
                "initial": float(p.get("initial_flow", 0.0))}

    def _p_parameterthreshold(self, p: dict[str, Any], where: str) -> Any:
        return self._threshold(self.value(p["parameter"], f"{where}.parameter"), p, where)

    def _p_recorderthreshold(self, p: dict[str, Any], where: str) -> Any:
        rec = self.recorders.get(p["recorder"])
        if not isinstance(rec, dict):
            raise self.fail(f"{where}.recorder", f"no recorder named '{p['recorder']}'")
        kind = str(rec.get("type", "")).lower()
        if kind.startswith("rollingmeanflownode"):
            source = self._p_rollingmeanflownode(rec, f"recorders.{p['recorder']}")
        elif kind.startswith("numpyarraynode"):
            source = {"type": "node_state", "node": rec["node"], "attribute": "flow"}
        else:
            raise self.fail(f"{where}.recorder", f"a threshold on a '{rec.get('type')}' recorder is not supported")
        return self._threshold(source, p, where)

    def _threshold(self, source: Any, p: dict[str, Any], where: str) -> Any:
        return {"type": "threshold", "input": source,
                "threshold": self.value(p["threshold"], f"{where}.threshold"),
                "predicate": _PREDICATES[str(p.get("predicate", "LT")).upper()],
                "values": [float(v) for v in p.get("values", [0.0, 1.0])]}


_PREDICATES = {"LT": "<", "LE": "<=", "GT": ">", "GE": ">=", "EQ": "==", "<": "<", "<=": "<=",
               ">": ">", ">=": ">=", "==": "=="}


def _lookup(frame: pd.DataFrame, index: Any, where: str, t: ParameterTranslator) -> float:
    """A single number from a table: the row ``index`` (a key or a tuple for a multi-index)."""
    if index is None:
        if frame.size != 1:
            raise t.fail(where, "a constant from a table needs 'index' to pick one value")
        return _floats([np.asarray(frame).flat[0]], where, t)[0]
    key = tuple(index) if isinstance(index, list) else index
    try:
        row = np.asarray(frame.loc[key]).flat[0]
    except (KeyError, IndexError, TypeError, ValueError, pd.errors.IndexingError):
        raise t.fail(f"{where}.index", f"no row {index!r} in the table (its index has "
                                       f"{frame.index.nlevels} level(s))") from None
    return _floats([row], where, t)[0]


def _column(frame: pd.DataFrame, t: ParameterTranslator, where: str) -> list[Any]:
    """The first column of a frame read for a profile or a table."""
    if frame.shape[1] == 0:
        raise t.fail(where, "the data has no column of values")
    return list(frame.iloc[:, 0])


def _floats(values: Any, where: str, t: ParameterTranslator, size: int | None = None) -> list[float]:
    """Finite numbers (from the document or a data file), ``size`` of them when given."""
    out: list[float] = []
    for i, x in enumerate(values):
        try:
            number = float(x)
        except (TypeError, ValueError, OverflowError):
            raise t.fail(f"{where}[{i}]", f"expected a number, got {str(x)[:40]!r}") from None
        if not math.isfinite(number) or abs(number) > LIMIT:
            raise t.fail(f"{where}[{i}]", f"the number must be finite and at most {LIMIT:g} in size, got {number}")
        out.append(number)
    if size is not None and len(out) != size:
        raise t.fail(where, f"needs {size} values, got {len(out)}")
    return out


def _slug(where: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in where).strip("_")
