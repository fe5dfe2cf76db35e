"""The imports wing: bring your own events.

``upload`` (entry point: checks, decoding, format) -> ``formats`` (CSV/GeoJSON records) ->
``builder`` (the records column by column, each check once per distinct value with
``columnar``, the places with ``located``; using ``columns``, ``values``, ``places``, ``actors``,
``event_types``) -> ``rows`` (the row model, also used by ``store``); ``rejections`` says why
something was not imported; ``gazetteer`` is the offline place index.
"""
