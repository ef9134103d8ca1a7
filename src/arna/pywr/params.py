"""Pywr parameters → Arna values. Pywr's rules live here, not in the engine.

Numbers stay numbers (a converted model's units are its base units, so no
conversion applies); a string names a parameter; an object is translated by
its ``type`` (case-insensitive, with or without a ``parameter`` suffix).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from arna.errors import DocumentError
from arna.pywr.reader import PywrDocument


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
            values = frame.iloc[:, 0].tolist() if frame.shape[0] == 12 else frame.iloc[0].tolist()
        return {"type": "monthly", "values": [float(x) for x in values]}

    def _p_dailyprofile(self, p: dict[str, Any], where: str) -> Any:
        values = p.get("values")
        if values is None:
            frame = self.doc.load_dataframe(p, where)
            values = frame.iloc[:, 0].tolist()
        return {"type": "daily", "values": [float(x) for x in values]}

    def _p_weeklyprofile(self, p: dict[str, Any], where: str) -> Any:
        return {"type": "weekly", "values": [float(x) for x in p["values"]]}

    def _p_dataframe(self, p: dict[str, Any], where: str) -> Any:
        frame = self.doc.load_dataframe(p, where)
        frame = self._dated(frame, where)
        key = f"{self.prefix}/{_slug(where)}.parquet"
        if p.get("scenario") is not None:
            self.data[key] = frame
            return {"type": "series", "file": key, "scenario": p["scenario"]}
        if frame.shape[1] != 1:
            raise self.fail(where, f"the data has {frame.shape[1]} columns; name one with 'column'")
        frame.columns = ["value"]
        self.data[key] = frame
        return {"type": "series", "file": key, "column": "value"}

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
        if not all(pd.api.types.is_numeric_dtype(dt) for dt in frame.dtypes):  # column by column only if needed
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
        rows = p["values"] if "values" in p else self.doc.load_dataframe(p, where).to_numpy(dtype=float).tolist()
        return {"type": "members", "axis": p["scenario"],
                "values": [{"type": "monthly", "values": [float(x) for x in r]} for r in rows]}

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
            frame = self.doc.load_dataframe(v, where)
            return [float(x) for x in frame.iloc[:, 0]]
        return [float(x) for x in v]

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
        return float(np.asarray(frame).flat[0])
    key = tuple(index) if isinstance(index, list) else index
    try:
        row = frame.loc[key]
    except KeyError:
        raise t.fail(where, f"no row {index!r} in the table") from None
    return float(np.asarray(row).flat[0])


def _slug(where: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in where).strip("_")
