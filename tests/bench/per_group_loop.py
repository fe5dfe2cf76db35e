"""The imported points as they were grouped before issue 26: a pandas group-by with a frame per point
(the points written from lat/lon, as the page now keeps a stored dataset without shapely points).

Not a test module: ``test_bench_check.py`` puts :func:`imported_features_per_group` back in place of
:func:`dashboard.map.features.imported_features` (in the measured processes, through a
``sitecustomize`` module) to show that ``bench --check`` fails on it.
"""

from __future__ import annotations

from dashboard.atlas.data import missing, records
from dashboard.i18n import plural, t
from dashboard.map import features, symbology
from dashboard.map.features import (
    IMPORTED_OUTLINE,
    SPOT_TIP_ROWS,
    collection,
    imported_tip,
    point_feature,
    spot_key,
)
from dashboard.text import safe
from dashboard.vocab import imported_layer as imported_layer_id


def _casualties(row) -> float:
    return sum(0.0 if missing(getattr(row, k, None)) else float(getattr(row, k)) for k in ("killed", "injured"))


def imported_features_per_group(frame, dataset: str, lang: str) -> dict:
    feats, layer = [], imported_layer_id(dataset)
    keys = [spot_key(lat, lon) for lat, lon in zip(frame["lat"].tolist(), frame["lon"].tolist(), strict=True)]
    for key, group in frame.assign(_spot=keys).groupby("_spot", sort=False):
        rows = records(group.drop(columns="_spot"))
        if len(rows) == 1:
            row = rows[0]
            style = {**symbology.event_style(str(getattr(row, "type", "")), _casualties(row), "M", False),
                     "color": IMPORTED_OUTLINE, "weight": 2, "opacity": 0.9,
                     **symbology.COARSE_PLACE.get(str(getattr(row, "precision", "") or ""), {})}
            feats.append(point_feature(row.lon, row.lat, str(row.id), layer, imported_tip(row, dataset, lang),
                                       style, dataset=dataset))
            continue
        style = {**symbology.spot_style([str(getattr(r, "type", "")) for r in rows], sum(map(_casualties, rows))),
                 "color": IMPORTED_OUTLINE}
        tip = (f"<b>{safe(plural('n_events', len(rows), lang))} · {safe(dataset)}</b><br>"
               + "<br>".join(imported_tip(r, dataset, lang).split("<br>", 1)[0] for r in rows[:SPOT_TIP_ROWS])
               + (f"<br><i>{safe(t('n_more', lang, n=len(rows) - SPOT_TIP_ROWS))}</i>" if len(rows) > SPOT_TIP_ROWS
                  else "") + f"<br><i>{safe(t('click_for_list', lang))}</i>")
        feats.append(point_feature(rows[0].lon, rows[0].lat, key, layer, tip, style, dataset=dataset,
                                   count=len(rows), ids=[str(r.id) for r in rows]))
    return collection(feats)


def put_back() -> None:
    features.imported_features = imported_features_per_group
