"""Interface strings for the keyboard, the phone and screen readers: the map's name and description, the
list of what the map shows, the chapter's own navigation. English, German and Spanish."""

from __future__ import annotations

ACCESS_STRINGS: dict[str, dict[str, str]] = {
    "map_name": {"en": "Map of cartel violence and US arms flows",
                 "de": "Karte der Kartellgewalt und der US-Waffenströme",
                 "es": "Mapa de la violencia de los cárteles y del tráfico de armas desde EE. UU."},
    "map_role": {"en": "map", "de": "Karte", "es": "mapa"},
    "map_help": {"en": "Arrow keys move the map, plus and minus zoom. What the map shows is listed beside it, "
                       "and the view is told in words under “{account}”.",
                 "de": "Pfeiltasten verschieben die Karte, Plus und Minus zoomen. Was die Karte zeigt, steht in "
                       "einer Liste daneben; in Worten steht die Ansicht unter „{account}“.",
                 "es": "Las flechas mueven el mapa; más y menos acercan y alejan. Lo que muestra el mapa aparece "
                       "en una lista junto a él, y la vista se cuenta con palabras en «{account}»."},
    "skip_to_list": {"en": "Skip to the list of what the map shows", "de": "Zur Liste dessen, was die Karte zeigt",
                     "es": "Ir a la lista de lo que muestra el mapa"},
    "skip_to_words": {"en": "Read this view in words", "de": "Diese Ansicht in Worten lesen",
                      "es": "Leer esta vista en palabras"},
    "in_view": {"en": "On the map in this view", "de": "Auf der Karte in dieser Ansicht",
                "es": "En el mapa, en esta vista"},
    "in_view_more": {"en": "{n} more in view: zoom in or filter to list them.",
                     "de": "{n} weitere in der Ansicht: hineinzoomen oder filtern, um sie aufzulisten.",
                     "es": "{n} más en la vista: acerca el mapa o filtra para verlos en la lista."},
    "in_view_none": {"en": "No event or place in this view.", "de": "Kein Ereignis und kein Ort in dieser Ansicht.",
                     "es": "No hay eventos ni lugares en esta vista."},
    "chapter_of": {"en": "Chapter {n} of {total}", "de": "Kapitel {n} von {total}", "es": "Capítulo {n} de {total}"},
}
