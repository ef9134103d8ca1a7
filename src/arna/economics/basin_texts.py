"""How the appraisal report speaks in its language: names, numbers, the money's basis and the cost curve's lines.

:class:`Voice` gives the display name of what the report names (model nodes and scenarios by their
``labels``, the plan's measures by theirs, the catalogue's measures, the runs without and with all
measures) and formats numbers as the language writes them (:mod:`arna.i18n`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from arna.economics.appraisal import Appraisal
from arna.economics.basin import ALL, BASELINE, BasinAppraisal
from arna.economics.i18n import at, crop_text, currency_text, localise, tariff_text
from arna.i18n import NBSP, check_lang, fmt_number
from arna.schema.document import label_in


@dataclass(frozen=True)
class Voice:
    """The report's language and the names it shows, for one appraisal."""

    result: BasinAppraisal
    lang: str = "en"

    def __post_init__(self) -> None:
        check_lang(self.lang)

    def t(self, key: str, /, **values: object) -> str:
        """The text ``key`` in the language, with ``values`` filled in."""
        text = at(key, self.lang)
        return text.format(**values) if values else text

    @property
    def cur(self) -> str:
        """The currency as the language names it (``KZT``, ``тенге``, ``теңге``)."""
        return currency_text(self.result.currency, self.lang)

    def num(self, v: float, digits: int = 2) -> str:
        """``v`` with ``digits`` decimals; ``–`` for NaN, ``∞`` for infinity."""
        if math.isnan(v):
            return "–"
        if math.isinf(v):
            return "∞"
        return fmt_number(v, self.lang, digits)

    def g(self, v: float, spec: str = "g") -> str:
        """``v`` in the format ``spec`` (``g``, ``,.3g``), written as the language writes numbers."""
        return localise(format(v, spec), self.lang)

    def pct(self, v: float, digits: int = 1) -> str:
        """A fraction as a percentage: ``8.0%`` (en), ``8,0 %`` (ru, kk)."""
        text = fmt_number(100.0 * v, self.lang, digits)
        return text + ("%" if self.lang == "en" else f"{NBSP}%")

    def node(self, name: str) -> str:
        """A node of the model by its label in the language."""
        doc = self.result.doc
        labels = {n.name: n.labels for n in doc.nodes} if doc is not None else {}
        return label_in(labels.get(name), self.lang, name)

    def model(self) -> str:
        doc = self.result.doc
        return label_in(doc.labels, self.lang, doc.name) if doc is not None else self.result.model

    def scenario(self) -> str:
        doc = self.result.doc
        labels = {s.name: s.labels for s in doc.scenarios} if doc is not None else {}
        return label_in(labels.get(self.result.scenario), self.lang, self.result.scenario)

    def plan(self) -> str:
        plan = self.result.plan
        return label_in(plan.labels, self.lang, plan.name)

    def run(self, label: str) -> str:
        """A run: without the measures, one of the plan's measures (by its label), or all together."""
        if label in (BASELINE, ALL):
            return self.t(label)
        by_name = {m.name: m.labels for m in self.result.plan.measures}
        return label_in(by_name.get(label), self.lang, label)

    def bar_label(self, a: Appraisal) -> str:
        """A bar of the cost curve: the plan's measure by its label in the language, else the catalogue measure
        and, in brackets, the plan's name of its application."""
        by_name = {m.name: m.labels for m in self.result.plan.measures}
        own = label_in(by_name.get(a.target), self.lang, "")
        if own:
            return own
        return self.measure(a.measure_id) + (f" ({a.target})" if a.target else "")

    def measure(self, measure_id: str) -> str:
        """A catalogue measure by its name in the language (its id if the catalogue is not known)."""
        cat = self.result.catalogue
        found = [m for m in cat.measures if m.id == measure_id] if cat is not None else []
        return label_in(found[0].labels, self.lang, found[0].name) if found else measure_id


def money_basis_lines(result: BasinAppraisal, lang: str = "en") -> list[str]:
    """Plain-text statement of the money: currency, price year, exchange rate, tariffs and crop values."""
    v = Voice(result, lang)
    plan = result.plan
    lines = [v.t("money", cur=v.cur, year=result.price_year)]
    if plan.exchange_rate is not None:
        x = plan.exchange_rate
        lines.append(v.t("exchange", rate=v.num(x.per_usd, 1), cur=v.cur, year=x.year, source=x.source))
    lines += _tariff_lines(v)
    if result.economic_basis == "override" or plan.economic is None:
        lines.append(_economic_line(v))
    else:
        lines += [_crop_line(v, name) for name in plan.economic.crops]
    return lines


def _tariff_lines(v: Voice) -> list[str]:
    financial = v.result.plan.financial
    if financial is None:
        return [v.t("no_tariffs")]
    out = []
    for key, tariff in financial.tariffs.items():
        prop = "" if tariff.proposed is None else v.t("tariff_proposed", value=v.g(tariff.proposed.value),
                                                      source=tariff.proposed.source)
        unit = tariff.unit if v.lang == "en" else f"{currency_text(tariff.currency, v.lang)}/м³"
        out.append(v.t("tariff_line", key=tariff_text(key, v.lang), now=v.g(tariff.current.value), unit=unit,
                       source=tariff.current.source, proposed=prop))
    return out


def _economic_line(v: Voice) -> str:
    """The economic view's line when it is an override or absent."""
    if v.result.economic_basis != "override":
        return v.t("no_crops")
    value = float(v.result.table["economic_value_per_m3"].iloc[0])
    ov = v.result.plan.water_value_override
    why = f": {ov.note}" if ov is not None and ov.value_per_m3 == value else v.t("override_option")
    return v.t("override_line", value=v.g(value), cur=v.cur, why=why)


def _crop_line(v: Voice, name: str) -> str:
    economic = v.result.plan.economic
    assert economic is not None
    c = economic.crops[name]
    costs = "" if c.other_costs_per_ha is None else v.t("crop_costs", value=v.num(c.other_costs_per_ha.value, 0),
                                                        cur=v.cur)
    return v.t("crop_line", crop=crop_text(name, v.lang), value=v.num(c.value_per_m3(), 1), cur=v.cur,
               yield_t=v.g(c.yield_t_per_ha.value), price=v.num(c.price_per_t.value, 0), costs=costs,
               water=v.num(c.water_m3_per_ha.value, 0))


def reference_lines(result: BasinAppraisal, lang: str = "en") -> list[tuple[str, float]]:
    """Horizontal lines for the cost curve: the economic value of the whole plan, then the tariffs paid."""
    v = Voice(result, lang)
    out: list[tuple[str, float]] = []
    names = list(result.table["name"])
    value = float(result.table["economic_value_per_m3"].to_numpy(dtype=float)[names.index(ALL)])
    if not math.isnan(value):
        out.append((v.t("ref_value_override" if result.economic_basis == "override" else "ref_value_mean"), value))
    used = {round(float(x), 9) for x, n in zip(result.table["tariff_per_m3"], names, strict=True) if n != ALL}
    if result.plan.financial is not None:
        for key, tariff in result.plan.financial.tariffs.items():
            if round(tariff.current.value, 9) not in used:
                continue  # a published tariff no treated demand pays
            shown = tariff_text(key, lang)
            out.append((v.t("ref_tariff_current", key=shown), tariff.current.value))
            if tariff.proposed is not None:
                out.append((v.t("ref_tariff_proposed", key=shown), tariff.proposed.value))
    return out
