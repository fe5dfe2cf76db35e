"""A claim and its check in the reader's language: what the story says, what the official table says,
and exactly what was compared. Pure text; the page shows it under the chapter the claim belongs to."""

from __future__ import annotations

from dashboard.i18n import STRINGS, t
from dashboard.i18n.official import MONTH_ABBREVIATIONS
from dashboard.official.claims import ClaimCheck


def number(value: float, lang: str, decimals: int = 0) -> str:
    """1,234.5 in English; 1.234,5 in German; 1,234.5 in Spanish as Mexico writes it."""
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "de" else text


def unit_words(unit: str, lang: str) -> str:
    key = f"unit_{unit}"
    return t(key, lang) if key in STRINGS else unit


def month_span(months: tuple[int, ...], lang: str) -> str:
    names = MONTH_ABBREVIATIONS[lang] if lang in MONTH_ABBREVIATIONS else MONTH_ABBREVIATIONS["en"]
    if not months:
        return ""
    if list(months) == list(range(months[0], months[-1] + 1)):
        first, last = names[months[0] - 1], names[months[-1] - 1]
        return first if first == last else f"{first}–{last}"
    return ", ".join(names[m - 1] for m in months)


def check_lines(result: ClaimCheck, lang: str) -> list[str]:
    """The claim, then the official figure with what was compared, then whether it bears the claim out."""
    lines = [result.claim.text.get(lang) or result.claim.text["en"]]
    if result.table is None:
        needed = result.claim.table_needed.get(lang) or result.claim.table_needed["en"]
        return [*lines, t("claim_uncovered", lang, needed=needed)]
    unit = unit_words(result.unit, lang)
    if result.claim.kind == "change":
        change = ("+" if result.value > 0 else "−" if result.value < 0 else "±") + number(abs(result.value), lang, 1)
        span = month_span(result.months, lang)
        lines.append(t("claim_change", lang, change=f"{change} %", now=number(result.counts[0], lang),
                       before=number(result.counts[1], lang), unit=unit, span=span, year=result.years[0],
                       base_year=result.years[1], table=result.table))
        lines.append(t("claim_holds" if result.holds else "claim_fails", lang))
        return lines
    lines.append(t("claim_total", lang, total=number(result.value, lang), unit=unit, first=result.years[0],
                   last=result.years[-1], months=result.n_months, table=result.table))
    return lines
