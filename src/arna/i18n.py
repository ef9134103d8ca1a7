"""Languages of Arna's reports (English, Russian, Kazakh in Cyrillic): numbers and dates per language.

Numbers use a comma for thousands and a dot for decimals in English, and a no-break space for
thousands and a comma for decimals in Russian and Kazakh (with a no-break space before %); dates
use the month names of the language. The water and the waste reports both format with these.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from arna.errors import InputError

LANGS: tuple[str, ...] = ("en", "ru", "kk")
NBSP = "\u00a0"

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "ru": ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
           "ноябрь", "декабрь"),
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
           "қараша", "желтоқсан"),
}
MONTHS_GENITIVE_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                      "октября", "ноября", "декабря")


def check_lang(lang: str) -> int:
    """Index of ``lang`` in :data:`LANGS`; an :class:`InputError` for an unknown language."""
    if lang not in LANGS:
        raise InputError(f"unknown report language {lang!r}; use one of {', '.join(LANGS)}")
    return LANGS.index(lang)


def fmt_number(x: float, lang: str, decimals: int = 0) -> str:
    """``1,234.5`` (en) or ``1 234,5`` with a no-break space (ru, kk); a dash for NaN.

    >>> fmt_number(1234.5, "ru", 1) == "1\\u00a0234,5"
    True
    """
    if not math.isfinite(x):
        return "—"
    text = f"{x:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if check_lang(lang) == 0:
        return text
    return text.replace(",", NBSP).replace(".", ",").replace("-", "−")


def fmt_auto(x: float, lang: str) -> str:
    """A number with as many decimals as its size needs (0 from 100, 2 from 1, else 3; below 0.0005 it is 0)."""
    if not math.isfinite(x):
        return "—"
    a = abs(x)
    if a < 5e-4:  # solver noise and true zeros alike
        return fmt_number(0.0, lang, 3)
    return fmt_number(x, lang, 0 if a >= 100 else 2 if a >= 1 else 3)


def fmt_pct(x: float, lang: str, decimals: int = 1) -> str:
    """A fraction as a percentage: ``85.3%`` (en), ``85,3 %`` (ru, kk)."""
    if not math.isfinite(x):
        return "—"
    return fmt_number(100.0 * x, lang, decimals) + ("%" if lang == "en" else f"{NBSP}%")


def fmt_month(d: pd.Timestamp | dt.date, lang: str) -> str:
    """Month and year: ``July 2021``, ``июль 2021``, ``2021 ж. шілде``."""
    if pd.isna(d):
        return "—"
    name = MONTHS[LANGS[check_lang(lang)]][d.month - 1]
    return f"{d.year} ж. {name}" if lang == "kk" else f"{name} {d.year}"


def fmt_date(d: dt.date, lang: str) -> str:
    """A full date: ``29 November 2026``, ``29 ноября 2026 г.``, ``2026 ж. 29 қараша``."""
    check_lang(lang)
    if lang == "ru":
        return f"{d.day} {MONTHS_GENITIVE_RU[d.month - 1]} {d.year} г."
    if lang == "kk":
        return f"{d.year} ж. {d.day} {MONTHS['kk'][d.month - 1]}"
    return f"{d.day} {MONTHS['en'][d.month - 1]} {d.year}"
