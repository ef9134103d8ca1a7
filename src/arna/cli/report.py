"""``arna report``: the HTML report of a results file written by ``arna run --output``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from arna.errors import InputError

if TYPE_CHECKING:
    from arna.engine.results import Results
    from arna.schema import ModelDocument

console = Console(highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``report`` to ``app``."""
    app.command("report")(report)


def report(
    results: Annotated[Path, typer.Argument(help="Results file written by `arna run --output` (.parquet or .csv).")],
    model: Annotated[str, typer.Option("--model", "-m", help="The model document (a path or a bundled model name).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The report to write (.html).")],
    lang: Annotated[str, typer.Option("--lang", help="Language of the report: en, ru or kk.")] = "en",
) -> None:
    """Write a self-contained HTML report (indicators, transboundary compliance, water balance, figures)."""
    from arna.report import write_report
    from arna.report.i18n import check_lang
    from arna.schema import load_model

    check_lang(lang)
    if output.suffix.lower() not in {".html", ".htm"}:
        raise InputError(f"{output}: the report is an HTML file; give it the suffix .html")
    path = resolve_model(model)
    doc = load_model(path)
    res = load_results(results, doc)
    write_report(res, output, doc, lang=lang, source=path)
    console.print(f"report: {output}")


def resolve_model(model: str) -> Path:
    """A model file as it is, else a bundled model of that name (if the registry is there)."""
    path = Path(model)
    if path.is_file():
        return path
    try:
        from arna.data.registry import resolve_model as resolve_bundled
    except ImportError:  # pragma: no cover - the registry ships with the bundled models
        raise InputError(f"{model}: no such model file; give the path of the model document") from None
    return resolve_bundled(model)


def load_results(path: Path, doc: ModelDocument) -> Results:
    """Read a results file and check that it belongs to ``doc`` (same nodes and timesteps)."""
    import numpy as np

    from arna.engine.results import read_frame, results_from_frame
    from arna.network.timeaxis import time_axis

    frame = read_frame(path)
    timesteps, days = time_axis(doc.timestepper)
    try:
        res = results_from_frame(frame, None, name=doc.name)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    known = {n.name for n in doc.nodes}
    strangers = sorted({n for n, _, _ in res.series} - known)
    if strangers:
        raise InputError(f"{path}: these results are not from model '{doc.name}': unknown node(s) "
                         f"{', '.join(strangers[:5])}; give the model that produced them with --model")
    index = timesteps.get_indexer(res.timesteps)
    if (index < 0).any():
        raise InputError(f"{path}: its times ({res.timesteps[0].date()} … {res.timesteps[-1].date()}) are not "
                         f"timesteps of model '{doc.name}'; give the model that produced them with --model")
    res.days = np.asarray(days, dtype=float)[index]
    return res
