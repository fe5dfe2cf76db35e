"""Serve Leaflet from the app itself, never from a CDN.

The files come from the pip package ``xstatic-leaflet`` 1.9.3 (the version folium
0.20 asks for) and are copied into ``dashboard/static/vendor/`` (git-ignored) when
the server starts. folium's CDN URLs are rewritten to the relative path Streamlit's
static serving answers from inside the streamlit-folium iframe (stack-notes §2.2).

jQuery, which folium also lists, is dropped: only folium popups and
``objects_to_stay_in_front`` use it, and the atlas uses neither. streamlit-folium
loads the listed scripts one after another, so every script less is a round trip
less before the map draws.
"""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"  # served by Streamlit from dashboard/static
VENDOR_DIR = STATIC_DIR / "vendor"
# From the component iframe (<base>/component/streamlit_folium.st_folium/index.html).
IFRAME_PREFIX = "../../app/static/vendor/"
VENDOR_FILES = {"leaflet/leaflet.js": "leaflet.js", "leaflet/leaflet.css": "leaflet.css"}


def _xstatic_dirs() -> dict[str, Path]:
    import xstatic.pkg.leaflet as lf

    return {"leaflet": Path(lf.BASE_DIR)}


def ensure_vendor_assets(target: Path = VENDOR_DIR) -> Path:
    """Copy Leaflet (with its images) from the xstatic package into ``target``."""
    dirs = _xstatic_dirs()
    leaflet = target / "leaflet"
    leaflet.mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copyfile(dirs["leaflet"] / name, leaflet / name)
    shutil.copytree(dirs["leaflet"] / "images", leaflet / "images", dirs_exist_ok=True)
    return target


def local_links(prefix: str = IFRAME_PREFIX) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(js, css) link lists pointing at the vendored files under ``prefix``."""
    js = [("leaflet", prefix + "leaflet/leaflet.js")]
    css = [("leaflet_css", prefix + "leaflet/leaflet.css")]
    return js, css


def patch_folium(prefix: str = IFRAME_PREFIX) -> None:
    """Point folium's Map at the vendored files and drop what we never use.

    Bootstrap, Font Awesome, awesome-markers and jQuery serve only ``folium.Icon``,
    popups and ``objects_to_stay_in_front``, which the atlas does not use.
    The lists are class-level and shared, so they are rewritten in place. (Safe, cheap
    rendering is ``folium_render.prepare()``, which ``leaflet.build_base_map`` installs.)
    """
    import folium.folium as ff

    js, css = local_links(prefix)
    ff._default_js[:] = js
    ff._default_css[:] = css


def inline_assets_html(page: str) -> str:
    """Replace <script src>/<link href> to the vendored files with inline copies (standalone HTML)."""
    dirs = _xstatic_dirs()
    files = {rel: dirs["leaflet"] / name for rel, name in VENDOR_FILES.items()}
    for rel, path in files.items():
        text = path.read_text(encoding="utf-8")
        if rel.endswith(".css"):
            text = _inline_css_urls(text, path.parent)
            page = re.sub(rf'<link[^>]*href="[^"]*{re.escape(rel)}"[^>]*>', lambda _, css=text: f"<style>{css}</style>",
                          page)
        else:
            safe_js = text.replace("</script", "<\\/script")
            page = re.sub(rf'<script[^>]*src="[^"]*{re.escape(rel)}"[^>]*></script>',
                          lambda _, js=safe_js: f"<script>{js}</script>", page)
    return page


def _inline_css_urls(css: str, base: Path) -> str:
    def repl(match: re.Match) -> str:
        path = base / match.group(1)
        if not path.is_file():
            return match.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(path.read_bytes()).decode()})"

    return re.sub(r"url\((images/[^)]+\.png)\)", repl, css)
