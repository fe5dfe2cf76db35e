"""Rendering folium maps safely and cheaply: rendered text is never compiled again as a template.

branca's ``MacroElement.render`` (branca 0.8) puts each element's rendered script, html and
header into a new ``Element(text)``, and ``Element(text)`` compiles ``text`` as a Jinja template,
which is then rendered a second time. Two things follow:

* Data is evaluated as Jinja. A tooltip or dataset title holding ``{{ ... }}`` ran on the server
  (a template injection: ``{{ cycler.__init__.__globals__.os.getpid() }}`` printed the pid).
* Every page run tokenised the whole GeoJSON text again: a fifth of the server's CPU under ten
  viewers (py-spy).

``prepare()`` replaces that one method with the same logic around ``Rendered`` text, which
renders as itself. Element ids, which came from ``os.urandom`` (a system call per element), now
come from a counter behind a per-process random prefix: they only need to be unique in a page.
Small templates that folium still compiles per render (class ``include`` statements) are
compiled once. branca is pinned in pyproject.toml because this replaces one of its methods.
"""

from __future__ import annotations

import functools
import itertools
import secrets

import branca.element as be

_TEMPLATE_CACHE_MAX_CHARS = 4096  # include statements are short; long text never reaches here


class Rendered(be.Element):
    """Text that is already final HTML or JavaScript: output as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:  # branca's signature
        return self._text


def _macro_render(self: be.MacroElement, **kwargs) -> None:  # branca's signature
    """``MacroElement.render`` of branca 0.8.2, with the macros' output kept as ``Rendered`` text."""
    figure = self.get_root()
    assert isinstance(figure, be.Figure), "You cannot render this Element if it is not in a Figure."
    macros = self._template.module.__dict__
    for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
        macro = macros.get(part)
        if macro is not None:
            target.add_child(Rendered(macro(self, kwargs)), name=self.get_name())
    for element in self._children.values():
        element.render(**kwargs)


@functools.lru_cache(maxsize=256)
def _compiled(source: str) -> be.Template:
    return _ORIGINAL_TEMPLATE(source)


def _template(source: str) -> be.Template:
    return _compiled(source) if len(source) <= _TEMPLATE_CACHE_MAX_CHARS else _ORIGINAL_TEMPLATE(source)


_ORIGINAL_TEMPLATE = be.Template
ORIGINAL_MACRO_RENDER = be.MacroElement.render  # kept for the test that compares the two
_ids = itertools.count(1)
_ID_PREFIX = secrets.token_hex(8)


def _generate_id(cls: type) -> str:
    return f"{_ID_PREFIX}{next(_ids):016x}"


def prepare() -> None:
    """Install the rendering above (idempotent; every map in the process is built after it)."""
    if getattr(be, "_atlas_prepared", False):
        return
    be.MacroElement.render = _macro_render
    be.Template = _template  # only Element(text) looks this name up at run time
    be.Element._generate_id = classmethod(_generate_id)
    be._atlas_prepared = True
