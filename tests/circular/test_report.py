"""The HTML report: self-contained, three languages, Sankey, calibration and definitions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from arna.circular.i18n import fmt_number, fmt_pct
from arna.circular.report import render_report
from arna.circular.sankey import links_of
from arna.cli.main import main


@pytest.fixture(scope="module")
def html_by_lang() -> dict[str, str]:
    return {lang: render_report(["baseline", "wte"], year=2030, lang=lang)
            for lang in ("en", "ru", "kk")}


def test_report_is_self_contained(html_by_lang: dict[str, str]) -> None:
    for html in html_by_lang.values():
        assert "<script" not in html
        assert not re.search(r"""(src|href)=["']?https?:""", html)
        assert "url(http" not in html and "@import" not in html
        assert html.count("<svg") >= 5   # calibration, 2 Sankeys, national, regional


def test_report_languages(html_by_lang: dict[str, str]) -> None:
    assert "Two definitions side by side" in html_by_lang["en"]
    assert "Два определения рядом" in html_by_lang["ru"]
    assert "Екі анықтама қатар" in html_by_lang["kk"]
    assert 'lang="kk"' in html_by_lang["kk"]


def test_report_numbers_follow_language(html_by_lang: dict[str, str]) -> None:
    # 2025 observed processing share 28.6% appears in the calibration table
    assert "28.6%" in html_by_lang["en"]
    assert "28,6\u00a0%" in html_by_lang["ru"] and "28,6\u00a0%" in html_by_lang["kk"]


def test_number_formatting() -> None:
    assert fmt_number(1234567.891, "en", 1) == "1,234,567.9"
    assert fmt_number(1234567.891, "ru", 1) == "1\u00a0234\u00a0567,9"
    assert fmt_pct(0.4, "kk", 0) == "40\u00a0%"


def test_sankey_links_balance(baseline) -> None:  # type: ignore[no-untyped-def]
    links = links_of(baseline.flows, 14)
    out_gen = sum(lk.value for lk in links if lk.source == "generated")
    assert out_gen == pytest.approx(float(baseline.flows.generated[:, 14, :].sum()))
    into_res = sum(lk.value for lk in links if lk.target == "residual")
    out_res = sum(lk.value for lk in links if lk.source == "residual")
    assert into_res == pytest.approx(out_res)


def test_report_cli(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["waste", "report", "-s", "baseline", "--lang", "ru", "-o", str(out)]) == 0
    assert "Калибровка" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["--lang", "fr"], "unknown report language 'fr'"),
    (["--year", "1990"], "outside the model horizon"),
    (["-s", "nope"], "unknown scenario 'nope'"),
])
def test_report_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           args: list[str], message: str) -> None:
    out = tmp_path / "r.html"
    assert main(["waste", "report", "-o", str(out), *args]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_report_needs_html_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.pdf"
    assert main(["waste", "report", "-o", str(out)]) == 2
    assert "r.pdf" in capsys.readouterr().err
    assert not out.exists()


def test_target_table_is_translated(html_by_lang: dict[str, str]) -> None:
    assert "Отставание от 40% в 2030 г." in html_by_lang["ru"]
    assert "жетпейді" in html_by_lang["kk"]   # baseline never reaches 40%


def test_report_has_issue17_sections(html_by_lang: dict[str, str]) -> None:
    en, ru, kk = html_by_lang["en"], html_by_lang["ru"], html_by_lang["kk"]
    assert "Regions: published figures beside the model" in en
    assert "Регионы: опубликованные данные и модель" in ru
    assert "Коммуналдық қалдықтарды басқарудың өңірлік бағдарламаларының" in kk
    assert "коммунальными отходами" in ru
    assert "<strong>conflict</strong>" in en and "<strong>конфликт</strong>" in ru
    assert "324.0" in en and "324,0" in ru
    assert "EPR fund by year" in en and "New cars" in en and "Сельхозтехника" in ru
    assert "WtE heat sold to district heating" in en


def test_report_fee_change_scenario() -> None:
    html = render_report(["baseline", "epr-fee"], year=2030, lang="en")
    start = html.index("Fee change: revenue")
    section = html[start:html.index("</table>", start)]
    assert "<td>baseline</td>" in section and "<td>epr-fee</td>" in section
