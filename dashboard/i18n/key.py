"""Interface strings of the key in sight (dashboard.map.key) and of the counts that agree with the list."""

from __future__ import annotations

KEY_STRINGS: dict[str, dict[str, str]] = {
    "key_events": {"en": "Events:", "de": "Ereignisse:", "es": "Hechos:"},
    "key_flows": {"en": "Arms flows:", "de": "Waffenströme:", "es": "Flujos de armas:"},
    "key_places": {"en": "Places:", "de": "Orte:", "es": "Lugares:"},
    "key_chapter": {"en": "This chapter:", "de": "Dieses Kapitel:", "es": "Este capítulo:"},
    "key_spot": {"en": "a number: events at one place", "de": "Zahl: Ereignisse an einem Ort",
                 "es": "número: hechos en un mismo lugar"},
    "key_state_place": {"en": "a whole state (no town named)", "de": "ein ganzer Bundesstaat (kein Ort genannt)",
                        "es": "todo un estado (sin localidad)"},
    "key_event_marks": {"en": "size: killed + injured; dashed: disputed; faded: less sure",
                        "de": "Größe: Tote + Verletzte; gestrichelt: umstritten; blass: unsicherer",
                        "es": "tamaño: muertos + heridos; punteado: en disputa; tenue: menos certeza"},
    "key_shared_many": {"en": "shared: stripes of its cartels", "de": "geteilt: Streifen seiner Kartelle",
                        "es": "compartido: franjas de sus cárteles"},
    "key_contested_many": {"en": "contested: its cartels' stripes, dashed edge",
                           "de": "umkämpft: Streifen, gestrichelter Rand",
                           "es": "en disputa: franjas, borde punteado"},
    "count_in_view": {"en": "{n} in this view", "de": "{n} in dieser Ansicht", "es": "{n} en esta vista"},
    "count_period": {"en": "in {years}", "de": "in {years}", "es": "en {years}"},
    "timeline_description": {"en": "Bar chart of events and deaths per year; the same counts are given in words "
                                    "under 'This view in words'.",
                             "de": "Balkendiagramm der Ereignisse und Toten pro Jahr; dieselben Zahlen stehen in "
                                   "Worten unter „Diese Ansicht in Worten“.",
                             "es": "Gráfica de barras de hechos y muertes por año; las mismas cifras aparecen en "
                                   "palabras en «Esta vista, en palabras»."},
    "timeline_brush": {"en": "Years chosen on the timeline (drag across the bars to choose)",
                       "de": "Auf der Zeitleiste gewählte Jahre (über die Balken ziehen, um zu wählen)",
                       "es": "Años elegidos en la línea de tiempo (arrastra sobre las barras para elegir)"},
    "deadliest_mexico": {"en": "Deadliest events in Mexico", "de": "Tödlichste Ereignisse in Mexiko",
                         "es": "Los hechos más letales en México"},
    "deadliest_chapter": {"en": "Deadliest events of this chapter", "de": "Tödlichste Ereignisse dieses Kapitels",
                          "es": "Los hechos más letales de este capítulo"},
}
