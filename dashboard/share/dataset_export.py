"""One imported dataset exported alone (``python -m dashboard export events --dataset NAME``).

The rows are the dataset's under the filters given, in the columns the snapshot export writes
(:func:`dashboard.share.tables.view_csv` / :func:`~dashboard.share.tables.view_geojson` with no
atlas layer); the GeoJSON's metadata carries the dataset's credit: who published it, its licence
and citation, as given at import.
"""

from __future__ import annotations

from dashboard.atlas.data import Atlas
from dashboard.model import Selection
from dashboard.share.link import Snapshot
from dashboard.share.tables import view_csv, view_geojson


def dataset_text(atlas: Atlas, sel: Selection, imported: dict, fmt: str) -> str:
    """CSV or GeoJSON text of the imported dataset(s) in ``imported`` under ``sel``, without the atlas's layers."""
    snap = Snapshot(sel.with_(layers=()))
    return view_csv(atlas, snap, imported) if fmt == "csv" else view_geojson(atlas, snap, imported)

