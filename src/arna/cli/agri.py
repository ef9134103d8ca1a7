"""Agriculture commands: ``arna et0`` and ``arna irrigation-demand``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from arna.errors import DataFileError, InputError


def write_csv_atomically(text: str, path: Path) -> None:
    """Write ``text`` to ``path`` through a temporary file and :func:`os.replace`.

    A reader never sees a half-written file, and a failure leaves no output.
    """
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise DataFileError(f"{path}: the output directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def register(app: typer.Typer) -> None:
    """Add the agriculture commands to ``app``."""

    @app.command("et0")
    def et0_command(
        climate: Annotated[Path, typer.Argument(help="Climate CSV with a 'date' column.")],
        lat: Annotated[float, typer.Option("--lat", help="Latitude, decimal degrees (N > 0).")],
        elevation: Annotated[
            float, typer.Option("--elevation", help="Elevation above sea level (m).")
        ],
        output: Annotated[Path, typer.Option("-o", "--output", help="Output CSV (date,et0).")],
        method: Annotated[
            str, typer.Option("--method", help="penman-monteith (default) or hargreaves.")
        ] = "penman-monteith",
        wind_height: Annotated[
            float | None,
            typer.Option("--wind-height", help="Height (m) of the 'wind' column's anemometer."),
        ] = None,
        timestep: Annotated[
            str,
            typer.Option(
                "--timestep",
                help="auto (monthly if all dates are the 1st of a month), daily or monthly.",
            ),
        ] = "auto",
        krs: Annotated[
            float,
            typer.Option("--krs", help="Hargreaves radiation coefficient: 0.16 interior, "
                         "0.19 coastal (FAO-56 eq. 50)."),
        ] = 0.16,
        dew_point_offset: Annotated[
            float,
            typer.Option("--dew-point-offset", help="°C subtracted from Tmin for Tdew when "
                         "humidity is missing (FAO-56 eq. 48; 2-3 in arid areas)."),
        ] = 0.0,
    ) -> None:
        """Reference evapotranspiration ET0 (mm/day) by FAO-56, with its fallbacks."""
        from arna.hydrology.climate import read_climate_csv
        from arna.hydrology.et0 import Et0Options, compute_et0

        options = Et0Options(
            latitude_deg=lat,
            elevation_m=elevation,
            method=method,
            timestep=timestep,
            wind_height_m=wind_height,
            krs=krs,
            dew_point_offset_c=dew_point_offset,
        )
        options.check()
        table = read_climate_csv(climate)
        if wind_height is not None and "wind" not in table.columns:
            raise InputError(
                f"--wind-height was given but {climate} has no 'wind' column"
            )
        result = compute_et0(table, options)
        frame = result.to_frame()
        write_csv_atomically(frame.to_csv(index=False, float_format="%.3f"), output)
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        for note in result.notes:
            console.print(f"[yellow]note:[/] {escape(note)}")
        console.print(
            f"ET0 ({escape(method)}, {result.timestep}) for {len(frame)} row(s) "
            f"written to {escape(str(output))}"
        )

    @app.command("irrigation-demand")
    def irrigation_demand_command(
        scheme_file: Annotated[
            Path, typer.Argument(help="Irrigation scheme document (YAML).", metavar="SCHEME")
        ],
        output: Annotated[Path, typer.Option("-o", "--output", help="Output CSV.")],
        start: Annotated[
            str | None,
            typer.Option("--start", help="First month YYYY-MM (default: a typical year)."),
        ] = None,
        months: Annotated[
            int, typer.Option("--months", help="Number of months from --start.")
        ] = 12,
    ) -> None:
        """Monthly canal-head demand (hm3, m3/s) and return flow of an irrigation scheme."""
        import pandas as pd

        from arna.hydrology.irrigation import load_scheme, scheme_demand

        if not 1 <= months <= 12 * 200:
            raise InputError(f"--months {months} must be between 1 and 2400")
        index = None
        if start is not None:
            first = pd.to_datetime(f"{start}-01", format="%Y-%m-%d", errors="coerce")
            if len(start) != 7 or pd.isna(first):
                raise InputError(f"--start {start!r} must be a month, YYYY-MM")
            index = pd.date_range(first, periods=months, freq="MS")
        scheme = load_scheme(scheme_file)
        table = scheme_demand(scheme, index)
        frame = table.reset_index()
        frame["month"] = frame["month"].dt.strftime("%Y-%m")
        write_csv_atomically(frame.to_csv(index=False, float_format="%.6g"), output)
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        console.print(
            f"{escape(scheme.name)}: gross demand {table['gross_demand_hm3'].sum():.1f} hm3, "
            f"return flow {table['return_flow_hm3'].sum():.1f} hm3 over {len(frame)} month(s); "
            f"written to {escape(str(output))}"
        )

    @app.command("appraise-scheme")
    def appraise_scheme_command(
        scheme_file: Annotated[
            Path, typer.Argument(help="Irrigation scheme document (YAML).", metavar="SCHEME")
        ],
        measures: Annotated[
            Path | None,
            typer.Option("--measures", help="Measures catalogue (default: the bundled one)."),
        ] = None,
        apply: Annotated[
            list[str] | None,
            typer.Option("--apply", help="MEASURE:CROP[:HA], repeatable (default: every "
                         "measure on the whole area of every crop it fits)."),
        ] = None,
        rate: Annotated[float, typer.Option("--rate", help="Real discount rate.")] = 0.08,
        water_value: Annotated[
            float | None, typer.Option("--water-value", help="Value per m3 saved, for NPV.")
        ] = None,
        budget: Annotated[
            float | None, typer.Option("--budget", help="Investment budget for a portfolio.")
        ] = None,
        exclusive: Annotated[
            bool, typer.Option("--exclusive", help="At most one measure per crop.")
        ] = False,
        budget_basis: Annotated[
            str,
            typer.Option("--budget-basis", help="What the budget limits: investment or "
                         "present-value (investment + discounted O&M)."),
        ] = "investment",
        figure: Annotated[
            Path | None, typer.Option("--figure", help="Write the cost curve (PNG/SVG/PDF).")
        ] = None,
        output: Annotated[
            Path | None, typer.Option("-o", "--output", help="Write the table as CSV.")
        ] = None,
    ) -> None:
        """Appraise water-saving measures on one irrigation scheme (gross and net savings)."""
        _appraise_scheme(scheme_file, measures, apply or [], rate, water_value, budget,
                         exclusive, budget_basis, figure, output)


def _parse_application(text: str) -> tuple[str, str, float | None]:
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(parts[:2]):
        raise InputError(f"--apply {text!r} must be MEASURE:CROP or MEASURE:CROP:HA")
    area = None
    if len(parts) == 3:
        try:
            area = float(parts[2])
        except ValueError:
            raise InputError(f"--apply {text!r}: the area {parts[2]!r} is not a number") from None
    return parts[0], parts[1], area


def _appraise_scheme(
    scheme_file: Path, measures: Path | None, apply: list[str], rate: float,
    water_value: float | None, budget: float | None, exclusive: bool, budget_basis: str,
    figure: Path | None, output: Path | None,
) -> None:
    from rich.table import Table

    from arna.economics import portfolio
    from arna.economics.appraisal import appraisal_table, appraise_savings
    from arna.economics.catalogue import load_catalogue
    from arna.economics.costcurve import save_cost_curve
    from arna.economics.finance import capital_recovery_factor
    from arna.economics.measures import Application, default_applications, scheme_savings
    from arna.hydrology.irrigation import load_scheme

    capital_recovery_factor(rate, 1)  # validates the rate before any work
    if budget_basis not in ("investment", "present-value"):
        raise InputError(
            f"--budget-basis {budget_basis!r} must be investment or present-value"
        )
    for target in (figure, output):
        if target is not None and not target.parent.is_dir():
            raise DataFileError(f"{target}: the output directory {target.parent} does not exist")
    scheme = load_scheme(scheme_file)
    catalogue = load_catalogue(measures)
    apps = [Application(*_parse_application(a)) for a in apply] or default_applications(
        scheme, catalogue
    )
    savings = scheme_savings(scheme, catalogue, apps)
    appraisals = appraise_savings(savings, catalogue, discount_rate=rate,
                                  water_value_per_m3=water_value)
    table = appraisal_table(appraisals)
    console = Console(highlight=False, soft_wrap=True)
    view = Table(title=f"{escape(scheme.name)}: measures at {rate:.1%} "
                       f"({catalogue.currency} {catalogue.price_year})")
    for col in ("measure", "crop", "ha", "investment", "EAC/yr", "gross hm3/yr",
                "net hm3/yr", "per m3 gross", "per m3 net", "NPV"):
        view.add_column(col, justify="left" if col in ("measure", "crop") else "right")
    for r in sorted(appraisals, key=lambda a: (a.cost_per_m3_net, a.measure_id)):
        view.add_row(
            str(r.measure_id), escape(str(r.target)), f"{r.area_ha:,.0f}",
            f"{r.investment:,.0f}", f"{r.equivalent_annual_cost:,.0f}",
            f"{r.gross_saving_m3_per_year / 1e6:,.2f}", f"{r.net_saving_m3_per_year / 1e6:,.2f}",
            f"{r.cost_per_m3_gross:.4f}", f"{r.cost_per_m3_net:.4f}",
            "-" if r.npv != r.npv else f"{r.npv:,.0f}",
        )
    console.print(view)
    if budget is not None:
        cands = portfolio.candidates_from_appraisals(
            appraisals, cost=budget_basis.replace("-", "_"), group_by_target=exclusive
        )
        for p in (portfolio.select_greedy(cands, budget), portfolio.select_optimal(cands, budget)):
            console.print(
                f"{p.method}: {', '.join(p.chosen) or 'nothing'} — {budget_basis} {p.cost:,.0f}, "
                f"net saving {p.saving_m3_per_year / 1e6:,.2f} hm3/yr"
            )
            targets = [c.rsplit("@", 1)[-1] for c in p.chosen]
            if not exclusive and len(targets) != len(set(targets)):
                console.print(
                    "[yellow]note:[/] several measures on the same crop: each was valued "
                    "alone against the baseline, so their savings do not simply add up "
                    "(use --exclusive, or run the basin with the combination)"
                )
    if output is not None:
        write_csv_atomically(table.to_csv(index=False), output)
        console.print(f"table written to {escape(str(output))}")
    if figure is not None:
        save_cost_curve(appraisals, figure, currency=catalogue.currency,
                        title=f"Cost curve of water saving: {scheme.name}")
        console.print(f"cost curve written to {escape(str(figure))}")
