"""Interface strings of official tables (count and population tables) and the claims checked against them.

English, German and Spanish."""

from __future__ import annotations

OFFICIAL_STRINGS: dict[str, dict[str, str]] = {
    "official_tables": {"en": "Official tables", "de": "Amtliche Tabellen", "es": "Tablas oficiales"},
    "official_table_line": {"en": "{kind} · {unit} · {first}–{last} · {areas}",
                            "de": "{kind} · {unit} · {first}–{last} · {areas}",
                            "es": "{kind} · {unit} · {first}–{last} · {areas}"},
    "kind_counts": {"en": "counts", "de": "Fallzahlen", "es": "conteos"},
    "kind_population": {"en": "population", "de": "Bevölkerung", "es": "población"},
    "official_tables_none": {"en": "No official tables stored. An editor imports SESNSP, INEGI or CONAPO tables with "
                                   "`python -m dashboard import FILE`.",
                             "de": "Keine amtlichen Tabellen gespeichert. Die Redaktion importiert SESNSP-, INEGI- "
                                   "oder CONAPO-Tabellen mit `python -m dashboard import DATEI`.",
                             "es": "No hay tablas oficiales guardadas. La redacción importa tablas del SESNSP, INEGI o "
                                   "CONAPO con `python -m dashboard import ARCHIVO`."},
    "claims_checked": {"en": "Figures in the story, against official tables",
                       "de": "Zahlen der Geschichte im Abgleich mit amtlichen Tabellen",
                       "es": "Cifras del relato frente a tablas oficiales"},
    "claim_change": {"en": "Official figure: {change} ({now} against {before} {unit}), {span} {year} against "
                           "{span} {base_year}, table “{table}”.",
                     "de": "Amtliche Zahl: {change} ({now} gegenüber {before}, {unit}), {span} {year} gegenüber "
                           "{span} {base_year}, Tabelle „{table}“.",
                     "es": "Cifra oficial: {change} ({now} frente a {before}, {unit}), {span} {year} frente a "
                           "{span} {base_year}, tabla «{table}»."},
    "claim_total": {"en": "Official figure: {total} {unit} from {first} to {last} ({months} months), table “{table}”.",
                    "de": "Amtliche Zahl: {total} ({unit}) von {first} bis {last} ({months} Monate), "
                          "Tabelle „{table}“.",
                    "es": "Cifra oficial: {total} ({unit}) de {first} a {last} ({months} meses), tabla «{table}»."},
    "claim_holds": {"en": "The claim is borne out by this table.",
                    "de": "Die Aussage wird von dieser Tabelle gestützt.",
                    "es": "Esta tabla respalda la afirmación."},
    "claim_fails": {"en": "This table does not bear the claim out.",
                    "de": "Diese Tabelle stützt die Aussage nicht.", "es": "Esta tabla no respalda la afirmación."},
    "claim_uncovered": {"en": "No stored table covers this. It would take: {needed}.",
                        "de": "Keine gespeicherte Tabelle deckt das ab. Nötig wäre: {needed}.",
                        "es": "Ninguna tabla guardada lo cubre. Haría falta: {needed}."},
    "unit_case files": {"en": "case files", "de": "Ermittlungsakten", "es": "carpetas de investigación"},
    "unit_victims": {"en": "victims", "de": "Opfer", "es": "víctimas"},
    "unit_death certificates (month of occurrence)": {
        "en": "death certificates", "de": "Sterbeurkunden", "es": "actas de defunción"},
    "unit_death certificates (month of registration)": {
        "en": "death certificates (by month registered)", "de": "Sterbeurkunden (nach Registrierungsmonat)",
        "es": "actas de defunción (por mes de registro)"},
}

MONTH_ABBREVIATIONS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "de": ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."),
    "es": ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."),
}
