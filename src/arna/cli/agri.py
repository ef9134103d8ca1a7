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
