"""Interface strings of the choropleth of official tables (its key, tooltips, notes). English, German, Spanish."""

from __future__ import annotations

CHOROPLETH_STRINGS: dict[str, dict[str, str]] = {
    "choropleth": {"en": "Official figures", "de": "Amtliche Zahlen", "es": "Cifras oficiales"},
    "choro_measure": {"en": "Measure", "de": "Delikt", "es": "Delito"},
    "choro_rate": {"en": "Per 100,000 people a year", "de": "Je 100.000 Einwohner und Jahr",
                   "es": "Por 100 000 habitantes al año"},
    "choro_guanajuato": {"en": "Guanajuato's municipalities only", "de": "Nur die Gemeinden Guanajuatos",
                         "es": "Solo los municipios de Guanajuato"},
    "choro_heading_rate": {"en": "{measure}: {unit} per 100,000 people a year, {period}",
                           "de": "{measure}: {unit} je 100.000 Einwohner und Jahr, {period}",
                           "es": "{measure}: {unit} por 100 000 habitantes al año, {period}"},
    "choro_heading_count": {"en": "{measure}: {unit}, {period}", "de": "{measure}: {unit}, {period}",
                            "es": "{measure}: {unit}, {period}"},
    "choro_classes": {"en": "{n} classes of equal size (quantiles) of the {areas}:",
                      "de": "{n} gleich große Klassen (Quantile) der {areas}:",
                      "es": "{n} clases del mismo tamaño (cuantiles) de los {areas}:"},
    "choro_classes_one": {"en": "one class of the {areas}:", "de": "eine Klasse der {areas}:",
                          "es": "una clase de los {areas}:"},
    "choro_areas_state": {"en": "states", "de": "Bundesstaaten", "es": "estados"},
    "choro_areas_municipality": {"en": "municipalities", "de": "Gemeinden", "es": "municipios"},
    "choro_unreliable": {"en": "Unreliable, fewer than {population} people (one case moves the rate by over 10): grey",
                         "de": "Unsicher, weniger als {population} Einwohner (ein Fall verschiebt die Rate um über "
                               "10): grau",
                         "es": "Poco fiable, menos de {population} habitantes (un caso mueve la tasa en más de 10): "
                               "gris"},
    "choro_no_data": {"en": "No figure (not in the table, or no population for the year)",
                      "de": "Keine Zahl (nicht in der Tabelle oder keine Bevölkerung für das Jahr)",
                      "es": "Sin cifra (no está en la tabla o sin población para el año)"},
    "choro_population": {"en": "Population: “{table}”, years {years} (CONAPO mid-year estimates)",
                         "de": "Bevölkerung: „{table}“, Jahre {years} (CONAPO, Jahresmitte)",
                         "es": "Población: «{table}», años {years} (CONAPO, a mitad de año)"},
    "choro_no_population": {"en": "No population table: counts, not rates",
                            "de": "Keine Bevölkerungstabelle: Fallzahlen, keine Raten",
                            "es": "Sin tabla de población: conteos, no tasas"},
    "choro_source": {"en": "Source: “{table}” ({source}); rates annualised × 12 ÷ published months",
                     "de": "Quelle: „{table}“ ({source}); Raten hochgerechnet × 12 ÷ veröffentlichte Monate",
                     "es": "Fuente: «{table}» ({source}); tasas anualizadas × 12 ÷ meses publicados"},
    "choro_credit": {"en": "Figures: {publishers} (open data, cited as the source); map and classes: Frontera Atlas, "
                           "CC BY 4.0",
                     "de": "Zahlen: {publishers} (offene Daten, als Quelle genannt); Karte und Klassen: Frontera "
                           "Atlas, CC BY 4.0",
                     "es": "Cifras: {publishers} (datos abiertos, citados como fuente); mapa y clases: Frontera "
                           "Atlas, CC BY 4.0"},
    "choro_under_territories": {"en": "Cartel territories are drawn over the figures and tint them: untick them to "
                                      "read the classes",
                                "de": "Die Kartellgebiete liegen über den Zahlen und färben sie ein: zum Ablesen der "
                                      "Klassen ausblenden",
                                "es": "Los territorios de los cárteles se dibujan sobre las cifras y las tiñen: "
                                      "desactívelos para leer las clases"},
    "choro_filters": {"en": "The year filter applies; the cartel filter does not (official tables name no cartel)",
                      "de": "Der Jahresfilter gilt, der Kartellfilter nicht (amtliche Tabellen nennen kein Kartell)",
                      "es": "Aplica el filtro de años, no el de cárteles (las tablas oficiales no nombran cárteles)"},
    "choro_unmapped": {"en": "Without a polygon on the map: {areas}", "de": "Ohne Fläche auf der Karte: {areas}",
                       "es": "Sin polígono en el mapa: {areas}"},
    "choro_unmapped_rate": {"en": ", {rate} per 100,000", "de": ", {rate} je 100.000", "es": ", {rate} por 100 000"},
    "choro_tip_rate": {"en": "{name}: {rate} per 100,000 a year ({value} {unit}; population {population})",
                       "de": "{name}: {rate} je 100.000 und Jahr ({value} {unit}; Bevölkerung {population})",
                       "es": "{name}: {rate} por 100 000 al año ({value} {unit}; población {population})"},
    "choro_tip_count": {"en": "{name}: {value} {unit}", "de": "{name}: {value} {unit}", "es": "{name}: {value} {unit}"},
    "choro_tip_unreliable": {"en": " · unreliable (small numbers)", "de": " · unsicher (kleine Zahlen)",
                             "es": " · poco fiable (números pequeños)"},
    "choro_tip_none": {"en": "{name}: no figure", "de": "{name}: keine Zahl", "es": "{name}: sin cifra"},
}
