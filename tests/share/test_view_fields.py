"""The view's fields are one table: a row added there reaches the link, the page's session and the command line.

The toy row below (``mood``) is added to the table and to a Selection of the test's own, touching no
other file: the link writes and reads it, the session has its key and ``export``/``snapshot`` take
``--mood``. A real filter adds its row to ``dashboard/share/view_fields.py``, its attribute to
``Selection`` (``dashboard/model.py``) and the code that filters with it.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from dashboard.cli.common import CliError, selection_from_args
from dashboard.cli.main import build_parser, main
from dashboard.model import Selection, Snapshot
from dashboard.share import view_fields
from dashboard.share.link import from_query_params, to_query_params, to_query_string
from dashboard.share.view_fields import OneOf, Switch, ViewField

KNOWN = {"cartels": ["cdn", "cjng"], "chapters": ["villa-union-2019"], "actors": None}


@dataclasses.dataclass(frozen=True)
class MoodSelection(Selection):
    mood: str | None = None  # the toy filter's attribute
    hushed: bool = False     # a toy switch (as "rate" would be)


MOOD = ViewField("mood", "mood", OneOf(("calm", "tense"), noun="mood"), key="mood", verbs=("export", "snapshot"),
                 help="the toy filter", filters=True)


HUSHED = ViewField("hushed", "hushed", Switch(), key="hushed", verbs=("snapshot",), help="a toy switch")


@pytest.fixture
def with_mood(monkeypatch):
    monkeypatch.setattr(view_fields, "VIEW_FIELDS", (*view_fields.VIEW_FIELDS, MOOD, HUSHED))
    monkeypatch.setattr(view_fields, "Selection", MoodSelection)


def read(params):
    snap, notices = from_query_params(params, KNOWN["cartels"], KNOWN["chapters"])
    return snap, [str(n) for n in notices]


def test_without_the_row_a_link_naming_it_gets_a_notice():
    snap, notices = read({"mood": ["tense"]})
    assert snap == Snapshot() and notices == ["Ignored mood='tense': unknown parameter."]


def test_a_new_row_travels_through_a_link_and_back(with_mood):
    snap = Snapshot(MoodSelection(cartels=("cdn",), mood="tense"))
    assert to_query_params(snap) == {"cartel": ["cdn"], "mood": "tense"}
    assert to_query_params(Snapshot(MoodSelection())) == {}  # its default is left out
    back, notices = read(parse_qs(to_query_string(snap)))
    assert back == snap and back.selection.mood == "tense" and notices == []
    hushed = Snapshot(MoodSelection(hushed=True))
    assert to_query_params(hushed) == {"hushed": "true"} and read(to_query_params(hushed)) == (hushed, [])
    assert "mood" in view_fields.filter_params()  # so a link naming it overrides its chapter's filters


def test_a_new_rows_bad_value_is_dropped_with_a_notice(with_mood):
    snap, notices = read({"mood": ["gloomy"]})
    assert snap.selection.mood is None and notices == ["Ignored mood='gloomy': not a known value."]


def test_a_new_row_has_its_session_key(with_mood):
    written = view_fields.session_values(MoodSelection(mood="calm"))
    assert written["mood"] == "calm" and written["cartels"] == []
    assert view_fields.selection_from_session({"mood": "tense", "cartels": ["cjng"]}) == \
        MoodSelection(cartels=("cjng",), mood="tense")
    assert view_fields.session_key("mood") == "mood"


def test_a_new_row_is_a_command_line_flag(with_mood, capsys):
    args = build_parser().parse_args(["export", "events", "--mood", "tense", "--cartel", "cjng"])
    assert selection_from_args(args, "export", KNOWN) == MoodSelection(cartels=("cjng",), mood="tense")
    args = build_parser().parse_args(["snapshot", "--mood", "calm", "-o", "x.png"])
    assert selection_from_args(args, "snapshot", KNOWN).mood == "calm"
    args = build_parser().parse_args(["snapshot", "--hushed", "-o", "x.png"])
    assert selection_from_args(args, "snapshot", KNOWN) == MoodSelection(hushed=True)
    assert main(["export", "events", "--mood", "gloomy"]) == 2
    assert "--mood: invalid choice: 'gloomy'" in capsys.readouterr().err


# -- the real table -----------------------------------------------------------------------------------
def test_every_selection_attribute_has_its_row():
    """A filter added to Selection without a row would be lost by links, the page and the command line."""
    rows = {f.attr for f in view_fields.selection_fields()}
    assert rows == {f.name for f in dataclasses.fields(Selection)}


def test_links_and_flags_name_each_field_once():
    params = view_fields.link_params()
    assert len(params) == len(set(params))
    keys = [f.key for f in view_fields.view_fields() if f.name not in ("from", "to")]
    assert len(keys) == len(set(keys)) and view_fields.session_key("from") == view_fields.session_key("to")


def test_an_unknown_id_on_the_command_line_is_one_line():
    args = build_parser().parse_args(["export", "events", "--cartel", "nope"])
    with pytest.raises(CliError, match="unknown cartel id 'nope'; known: cdn, cjng"):
        selection_from_args(args, "export", KNOWN)


def test_the_page_names_no_view_field_key_by_hand():
    """Session keys of the view's fields come from the table: no ``st.session_state["cartels"]`` in ui/."""
    keys = {f.key for f in view_fields.view_fields()}
    ui = Path(view_fields.__file__).resolve().parents[1] / "ui"
    by_hand = []
    for path in [*ui.glob("*.py"), ui.parent / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Subscript) and _is_session_state(node.value):
                key = node.slice
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args and \
                    _is_session_state(node.func.value):
                key = node.args[0]
            else:
                continue
            if isinstance(key, ast.Constant) and key.value in keys:
                by_hand.append(f"{path.name}:{node.lineno} {key.value!r}")
    assert not by_hand, by_hand


def _is_session_state(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def test_the_check_for_keys_by_hand_finds_one():
    tree = ast.parse('st.session_state["cartels"] = []')
    assert any(isinstance(n, ast.Subscript) and _is_session_state(n.value) for n in ast.walk(tree))
