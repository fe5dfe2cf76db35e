"""Interface strings of editors and readers (sign-in, storing, replacing, deleting, the trash).

English, German and Spanish."""

from __future__ import annotations

ROLES_STRINGS: dict[str, dict[str, str]] = {
    "editor_sign_in": {"en": "Editor sign-in", "de": "Anmeldung für Redaktion", "es": "Acceso para la redacción"},
    "editor_secret": {"en": "Editor secret", "de": "Redaktions-Geheimnis", "es": "Clave de la redacción"},
    "sign_in": {"en": "Sign in", "de": "Anmelden", "es": "Entrar"},
    "sign_in_provider": {"en": "Sign in as editor", "de": "Als Redaktion anmelden", "es": "Entrar como editor"},
    "sign_out": {"en": "Sign out", "de": "Abmelden", "es": "Salir"},
    "signed_in_editor": {"en": "Signed in as editor: you can store, replace and delete datasets for everyone.",
                         "de": "Als Redaktion angemeldet: Sie können Datensätze für alle speichern, ersetzen und "
                               "löschen.",
                         "es": "Entraste como editor: puedes guardar, reemplazar y borrar conjuntos de datos para "
                               "todos."},
    "wrong_secret": {"en": "Wrong secret.", "de": "Falsches Geheimnis.", "es": "Clave incorrecta."},
    "too_many_tries": {"en": "Too many wrong tries; wait {seconds} s.",
                       "de": "Zu viele falsche Versuche; bitte {seconds} s warten.",
                       "es": "Demasiados intentos fallidos; espera {seconds} s."},
    "reader_note": {"en": "A file you open here is only in your session: drawn, filtered and exported for you, never "
                          "stored, never seen by anyone else.",
                    "de": "Eine hier geöffnete Datei bleibt in Ihrer Sitzung: für Sie gezeichnet, gefiltert und "
                          "exportiert, nie gespeichert, für niemanden sonst sichtbar.",
                    "es": "Un archivo que abras aquí solo existe en tu sesión: se dibuja, se filtra y se exporta "
                          "para ti, nunca se guarda y nadie más lo ve."},
    "local_sign_in_note": {"en": "Editors sign in with the link the server printed when it started.",
                           "de": "Die Redaktion meldet sich mit dem Link an, den der Server beim Start ausgab.",
                           "es": "La redacción entra con el enlace que el servidor mostró al arrancar."},
    "store_for_everyone": {"en": "Store for everyone", "de": "Für alle speichern", "es": "Guardar para todos"},
    "store_for_everyone_help": {"en": "Untick to open the file only in your session.",
                                "de": "Abwählen, um die Datei nur in Ihrer Sitzung zu öffnen.",
                                "es": "Desmárcalo para abrir el archivo solo en tu sesión."},
    "session_only": {"en": "only in your session", "de": "nur in Ihrer Sitzung", "es": "solo en tu sesión"},
    "replace_ask": {"en": "A dataset named “{name}” exists ({rows} rows, imported {when}). Replace it?",
                    "de": "Ein Datensatz „{name}“ existiert ({rows} Zeilen, importiert {when}). Ersetzen?",
                    "es": "Ya existe un conjunto de datos llamado «{name}» ({rows} filas, importado {when}). "
                          "¿Reemplazarlo?"},
    "replace_ask_one": {"en": "A dataset named “{name}” exists ({rows} row, imported {when}). Replace it?",
                        "de": "Ein Datensatz „{name}“ existiert ({rows} Zeile, importiert {when}). Ersetzen?",
                        "es": "Ya existe un conjunto de datos llamado «{name}» ({rows} fila, importado {when}). "
                              "¿Reemplazarlo?"},
    "replace": {"en": "Replace it", "de": "Ersetzen", "es": "Reemplazarlo"},
    "cancel": {"en": "Cancel", "de": "Abbrechen", "es": "Cancelar"},
    "delete_ask": {"en": "Delete “{name}”? It can be restored for a day.",
                   "de": "„{name}“ löschen? Es kann einen Tag lang wiederhergestellt werden.",
                   "es": "¿Borrar «{name}»? Se puede recuperar durante un día."},
    "delete_yes": {"en": "Delete", "de": "Löschen", "es": "Borrar"},
    "deleted_undo": {"en": "Deleted “{name}”.", "de": "„{name}“ gelöscht.", "es": "Se borró «{name}»."},
    "undo": {"en": "Undo", "de": "Rückgängig", "es": "Deshacer"},
    "trash": {"en": "Deleted datasets (restorable for a day)",
              "de": "Gelöschte Datensätze (einen Tag lang wiederherstellbar)",
              "es": "Conjuntos de datos borrados (se pueden recuperar durante un día)"},
    "restore": {"en": "Restore", "de": "Wiederherstellen", "es": "Recuperar"},
    "deleted_at": {"en": "deleted {when}", "de": "gelöscht {when}", "es": "borrado {when}"},
    # The import form's optional fields (published layouts, issue 18).
    "form_optional": {"en": "Optional: columns, source and licence", "de": "Optional: Spalten, Quelle und Lizenz",
                      "es": "Opcional: columnas, fuente y licencia"},
    "form_columns": {"en": "Column mapping", "de": "Spaltenzuordnung", "es": "Asignación de columnas"},
    "form_columns_help": {"en": "FIELD=COLUMN, one per line, when a column is not recognised by its name: {fields}",
                          "de": "FELD=SPALTE, eine pro Zeile, wenn eine Spalte nicht an ihrem Namen erkannt wird: "
                                "{fields}",
                          "es": "CAMPO=COLUMNA, una por renglón, si una columna no se reconoce por su nombre: "
                                "{fields}"},
    "form_source": {"en": "Source", "de": "Quelle", "es": "Fuente"},
    "form_source_help": {"en": "Who published the data (UCDP and ACLED are recognised and filled in when left empty)",
                         "de": "Wer die Daten veröffentlicht hat (UCDP und ACLED werden erkannt und eingetragen, "
                               "wenn das Feld leer bleibt)",
                         "es": "Quién publicó los datos (UCDP y ACLED se reconocen y se llenan solos si se deja "
                               "vacío)"},
    "form_licence": {"en": "Licence", "de": "Lizenz", "es": "Licencia"},
    "form_citation": {"en": "Citation", "de": "Zitierweise", "es": "Cita"},
    "form_drop_outside": {"en": "Drop rows outside Mexico, the US and the stories' places",
                          "de": "Zeilen außerhalb Mexikos, der USA und der Orte der Geschichten verwerfen",
                          "es": "Descartar renglones fuera de México, EE. UU. y los lugares de las historias"},
    "form_drop_outside_help": {"en": "By default they are kept and counted in the report",
                               "de": "Standardmäßig werden sie behalten und im Bericht gezählt",
                               "es": "De forma predeterminada se conservan y se cuentan en el informe"},
    "form_year": {"en": "Year of dates written without one (e.g. 2018)", "de": "Jahr für Daten ohne Jahr (z. B. 2018)",
                  "es": "Año de las fechas escritas sin año (p. ej. 2018)"},
    "form_order": {"en": "Numeric dates", "de": "Numerische Daten", "es": "Fechas numéricas"},
    "form_order_auto": {"en": "as the column shows (a day over 12)", "de": "wie die Spalte zeigt (ein Tag über 12)",
                        "es": "como lo muestra la columna (un día mayor que 12)"},
    "form_order_dmy": {"en": "day first (09/05/09 is 9 May)", "de": "Tag zuerst (09/05/09 ist der 9. Mai)",
                       "es": "día primero (09/05/09 es el 9 de mayo)"},
    "form_order_mdy": {"en": "month first (05/09/09 is 9 May)", "de": "Monat zuerst (05/09/09 ist der 9. Mai)",
                       "es": "mes primero (05/09/09 es el 9 de mayo)"},
    "form_sheet": {"en": "Sheet (Excel or ODS; default: the first)", "de": "Tabellenblatt (Excel oder ODS; sonst das "
                   "erste)", "es": "Hoja (Excel u ODS; si no, la primera)"},
    "form_trust": {"en": "Keep points that lie outside the state their row names",
                   "de": "Punkte behalten, die außerhalb des Bundesstaats ihrer Zeile liegen",
                   "es": "Conservar puntos que caen fuera del estado que nombra su renglón"},
    "form_trust_help": {"en": "By default such a row is placed at the municipality or state it names, with a note",
                        "de": "Sonst wird eine solche Zeile an die genannte Gemeinde oder den Bundesstaat gesetzt, "
                              "mit einem Vermerk",
                        "es": "De lo contrario, el renglón se ubica en el municipio o estado que nombra, con una nota"},
    # issue 32: what one reader, or the store, must not spoil for everyone else
    "store_unavailable": {"en": "Imported datasets are unavailable right now ({why}); the map shows the atlas's own "
                                "data and tries the store again with your next change.",
                          "de": "Importierte Datensätze sind gerade nicht erreichbar ({why}); die Karte zeigt die "
                                "Daten des Atlas und versucht es bei Ihrer nächsten Änderung erneut.",
                          "es": "Los conjuntos de datos importados no están disponibles ahora ({why}); el mapa muestra "
                                "los datos del atlas y vuelve a intentarlo con tu próximo cambio."},
    "session_files_full": {"en": "{name} was not opened: your files in this session would take {needed} MB, over the "
                                 "{budget} MB a session may hold. Remove one of your files with its ✕ first.",
                           "de": "{name} wurde nicht geöffnet: Ihre Dateien bräuchten {needed} MB, mehr als die "
                                 "{budget} MB einer Sitzung. Entfernen Sie zuerst eine mit ihrem ✕.",
                           "es": "{name} no se abrió: tus archivos de esta sesión ocuparían {needed} MB, más de los "
                                 "{budget} MB de una sesión. Quita primero uno con su ✕."},
    "server_files_full": {"en": "{name} was not opened: the server holds as many readers' files as it can "
                                "({budget} MB). Try again later, or ask an editor to store it.",
                          "de": "{name} wurde nicht geöffnet: Der Server hält so viele Dateien von Lesenden, wie er "
                                "kann ({budget} MB). Versuchen Sie es später oder bitten Sie die Redaktion, sie zu "
                                "speichern.",
                          "es": "{name} no se abrió: el servidor ya guarda tantos archivos de lectores como puede "
                                "({budget} MB). Inténtalo más tarde o pide a la redacción que lo guarde."},
}
