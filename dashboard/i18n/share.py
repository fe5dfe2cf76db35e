"""Interface strings of snapshots (PNG, SVG, PDF, HTML): titles, credits, sizes. English and German."""

from __future__ import annotations

SHARE_STRINGS: dict[str, dict[str, str]] = {
    # Default titles: what the view is (a chapter's title comes from the chapter itself).
    "title_all": {"en": "Cartel violence and US arms in Mexico, {period}",
                  "de": "Kartellgewalt und US-Waffen in Mexiko, {period}"},
    "title_cartels": {"en": "{names}, {period}", "de": "{names}, {period}"},
    "period_year": {"en": "Year {year}", "de": "Jahr {year}"},
    # Credits.
    "map_credit": {"en": "Map", "de": "Karte"},
    "made_with": {"en": "Frontera Atlas", "de": "Frontera-Atlas"},
    "sources_short": {"en": "Sources: {n} publishers; most cited: {top}.",
                      "de": "Quellen: {n} Herausgeber; am häufigsten zitiert: {top}."},
    "sources_full_at": {"en": "Full list: {link}", "de": "Vollständige Liste: {link}"},
    "sources_full_export": {"en": "Full list in the view's data export (GeoJSON/CSV).",
                            "de": "Vollständige Liste im Datenexport der Ansicht (GeoJSON/CSV)."},
    "credit_imported": {"en": "Imported data", "de": "Importierte Daten"},
    "credit_source": {"en": "source", "de": "Quelle"},
    "credit_licence": {"en": "licence", "de": "Lizenz"},
    "credit_citation": {"en": "cite as", "de": "zitieren als"},
    "credit_none_given": {"en": "none given", "de": "nicht angegeben"},
    "note_label": {"en": "Note", "de": "Anmerkung"},
    "live_view": {"en": "Live view", "de": "Live-Ansicht"},
    # The share panel.
    "share_words": {"en": "Words on the image", "de": "Text auf dem Bild"},
    "share_title": {"en": "Title", "de": "Titel"},
    "share_subtitle": {"en": "Subtitle", "de": "Untertitel"},
    "share_note": {"en": "Note", "de": "Anmerkung"},
    "share_words_help": {"en": "Leave empty for the default, which says what the view shows.",
                         "de": "Leer lassen für den Standard, der sagt, was die Ansicht zeigt."},
    "share_size": {"en": "Size", "de": "Größe"},
    "share_scale": {"en": "Print quality (2×)", "de": "Druckqualität (2×)"},
    "share_svg": {"en": "Vector (SVG)", "de": "Vektor (SVG)"},
    "share_pdf": {"en": "Print (PDF)", "de": "Druck (PDF)"},
    "size_wide": {"en": "Wide 1600×1000", "de": "Breit 1600×1000"},
    "size_social": {"en": "Social card 1200×630", "de": "Social-Media-Karte 1200×630"},
    "size_square": {"en": "Square 1080×1080", "de": "Quadrat 1080×1080"},
    "size_tall": {"en": "Tall, for phones 1080×1350", "de": "Hochformat für Handys 1080×1350"},
    # The standalone HTML.
    "alt_map": {"en": "Map: {title}. {what}", "de": "Karte: {title}. {what}"},
    "alt_shows": {"en": "It shows {layers}; {period}.", "de": "Sie zeigt {layers}; {period}."},
    "alt_focus": {"en": "The chapter highlights {names}.",
                  "de": "Das Kapitel hebt hervor: {names}."},
    "chapter_text": {"en": "The chapter", "de": "Das Kapitel"},
    "credits": {"en": "Credits", "de": "Nachweise"},
}
