"""A claim and its check in the reader's language: what the story says, what the official table says,
and exactly what was compared. Pure text; the page shows it under the chapter the claim belongs to."""

from __future__ import annotations

from dashboard.i18n import STRINGS, t
from dashboard.i18n.official import MONTH_ABBREVIATIONS
from dashboard.official.claims import ClaimCheck
from dashboard.text import number_text


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
        sign = "+" if result.value > 0 else "−" if result.value < 0 else "±"
        change = sign + number_text(abs(result.value), lang, 1)
        span = month_span(result.months, lang)
        lines.append(t("claim_change", lang, change=f"{change} %", now=number_text(result.counts[0], lang, 0),
                       before=number_text(result.counts[1], lang, 0), unit=unit, span=span, year=result.years[0],
                       base_year=result.years[1], table=result.table))
        lines.append(t("claim_holds" if result.holds else "claim_fails", lang))
        return lines
    lines.append(t("claim_total", lang, total=number_text(result.value, lang, 0), unit=unit, first=result.years[0],
                   last=result.years[-1], months=result.n_months, table=result.table))
    return lines
