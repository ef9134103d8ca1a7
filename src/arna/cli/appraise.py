"""``arna appraise MODEL --measures PLAN``: measures on a basin, run with and without, appraised."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from arna.errors import DataFileError, InputError

console = Console(highlight=False, soft_wrap=True)
if not console.is_terminal:
    console.width = max(console.width, 160)  # the table is wide; do not squeeze it into 80 columns in a pipe


def register(app: typer.Typer) -> None:
    """Add ``appraise`` to ``app``."""
    app.command("appraise")(appraise_command)


def appraise_command(
    model: Annotated[Path, typer.Argument(help="Model document, or a bundled model's name (see `arna models`).")],
    measures: Annotated[Path, typer.Option(
        "--measures", help="Measures plan (YAML), or the name of a plan next to the model (e.g. concept-2030).")],
    discount_rate: Annotated[
        float | None, typer.Option("--discount-rate", help="Real discount rate (default: the plan's, else 0.08).")
    ] = None,
    water_value: Annotated[
        float | None, typer.Option(
            "--water-value",
            help="Override: one value per m3 of net saving for the economic view, instead of the plan's crop "
                 "values (labelled as an override in every output).")
    ] = None,
    budget: Annotated[
        float | None, typer.Option("--budget", help="Investment budget: choose measures (greedy and optimal).")
    ] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", "-s", help="Model scenario to run (default: the plan's, else first).")
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the table as CSV.")] = None,
    figure: Annotated[Path | None, typer.Option("--figure", help="Write the cost curve (SVG/PNG/PDF).")] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write a self-contained HTML report.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the --report and --figure: en, ru or kk.")] = "en",
) -> None:
    """Run MODEL without and with each measure of the plan (and all together); print and write the appraisal."""
    from rich.table import Table

    from arna.data.registry import resolve_model
    from arna.economics import portfolio
    from arna.economics.basin import ALL, BASELINE, appraise_plan
    from arna.economics.basin_report import (
        money_basis_lines,
        reference_lines,
        render_appraisal_report,
        table_csv,
        write_text_atomically,
    )
    from arna.economics.basin_texts import Voice
    from arna.economics.costcurve import save_cost_curve
    from arna.economics.finance import capital_recovery_factor
    from arna.economics.plan import load_plan
    from arna.i18n import check_lang
    from arna.schema import load_model

    check_lang(lang)
    if discount_rate is not None:
        capital_recovery_factor(discount_rate, 1)  # validates the rate before any run
    if water_value is not None and not water_value >= 0:
        raise InputError(f"--water-value {water_value:g}: a value of water must be 0 or more (currency per m3)")
    for target in (output, figure, report):
        if target is not None and not (target.parent if str(target.parent) else Path(".")).is_dir():
            raise DataFileError(f"{target}: the output directory {target.parent} does not exist")
    if output is not None and output.suffix.lower() != ".csv":
        raise InputError(f"{output}: the table is written as CSV; use a .csv name")
    path = resolve_model(model)
    measures = _resolve_plan(measures, path)
    doc = load_model(path)
    plan = load_plan(measures)
    result = appraise_plan(doc, plan, model_source=path, plan_source=measures, scenario=scenario,
                           discount_rate=discount_rate, water_value_per_m3=water_value)
    rate = float(result.table["discount_rate"].iloc[0])
    view = Table(title=f"{escape(plan.name)} on {escape(doc.name)} ({escape(result.scenario)}), "
                       f"{rate:.1%}, {result.currency} at {result.price_year} prices", title_justify="left")
    for col in ("measure", "demand", "ha", "invest. M", "EAC M/yr", "gross hm3/yr", "net hm3/yr",
                "to outlets hm3/yr", "cost/m3 net", "tariff/m3", "fin. NPV M", "value/m3", "econ. NPV M"):
        view.add_column(col, justify="left" if col in ("measure", "demand") else "right", overflow="fold")
    for r in result.table.to_dict("records"):
        view.add_row(
            escape(str(r["name"])), escape(str(r["demand"])), f"{float(r['area_ha']):,.0f}",
            _num(r["investment"], 0, 1e6), _num(r["equivalent_annual_cost"], 0, 1e6),
            _num(r["gross_saving_m3_per_year"], 1, 1e6), _num(r["net_saving_m3_per_year"], 1, 1e6),
            _num(r["to_outlets_m3_per_year"], 1, 1e6), _num(r["cost_per_m3_net"], 2),
            _num(r["tariff_per_m3"], 3), _num(r["financial_npv"], 0, 1e6),
            _num(r["economic_value_per_m3"], 2), _num(r["npv"], 0, 1e6),
        )
    console.print(view)
    console.print(f"Money in millions (M) of {escape(result.currency)}; per m3 in {escape(result.currency)}/m3. "
                  f"fin.: financial view (gross saving x tariff); econ.: economic view (net saving x crop value, "
                  f"or the override).")
    for line in money_basis_lines(result):
        console.print(escape(line))
    rows = list(result.outlets.index)
    flows = result.outlets.to_numpy(dtype=float) / 1e9
    for j, outlet in enumerate(result.outlets.columns):
        before, after = flows[rows.index(BASELINE), j], flows[rows.index(ALL), j]
        console.print(f"{escape(str(outlet))}: {before:.3f} km3/yr without measures, {after:.3f} km3/yr with all "
                      f"of them ({(after - before) * 1e3:+,.1f} hm3/yr)")
    for note in result.notes:
        console.print(f"[yellow]note:[/] {escape(note)}")
    chosen: list[portfolio.Portfolio] = []
    if budget is not None:
        groups = {m.name: m.group for m in plan.measures}
        cands = [
            portfolio.Candidate(a.target, a.investment, a.net_saving_m3_per_year, groups.get(a.target),
                                a.cost_per_m3_net)
            for a in result.appraisals
        ]
        chosen = [portfolio.select_greedy(cands, budget), portfolio.select_optimal(cands, budget)]
        for p in chosen:
            console.print(f"{p.method}: {escape(', '.join(p.chosen) or 'nothing')} — investment {p.cost:,.0f}, "
                          f"net saving {p.saving_m3_per_year / 1e6:,.1f} hm3/yr (each valued alone)")
    if output is not None:
        write_text_atomically(table_csv(result), output)
        console.print(f"table: {escape(str(output))}")
    if figure is not None:
        voice = Voice(result, lang)
        save_cost_curve(result.appraisals, figure, currency=voice.cur, title=voice.t("curve_file_title",
                        plan=voice.plan()), references=reference_lines(result, lang), lang=lang,
                        label=voice.bar_label)
        console.print(f"cost curve: {escape(str(figure))}")
    if report is not None:
        write_text_atomically(render_appraisal_report(result, chosen, budget, lang), report)
        console.print(f"report: {escape(str(report))}")


def _resolve_plan(measures: Path, model: Path) -> Path:
    """The plan file as given, else a plan of that name next to the model (``concept-2030``)."""
    if measures.is_file():
        return measures
    beside = model.parent / f"{measures.name}.yaml"
    if measures.suffix == "" and measures.parent == Path(".") and beside.is_file():
        return beside
    raise InputError(f"{measures}: no such measures plan (a file, or a plan named like the files next to "
                     f"{model.name}: {', '.join(sorted(p.stem for p in model.parent.glob('*.yaml') if p != model))})")


def _num(value: object, digits: int, unit: float = 1.0) -> str:
    v = float(value) / unit  # type: ignore[arg-type]
    return "-" if v != v else "inf" if v in (float("inf"), float("-inf")) else f"{v:,.{digits}f}"
