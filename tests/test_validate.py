"""validate_geodata on copies of the tiny test atlas broken in exactly one place (the shipped data: test_geodata.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from dashboard.atlas.data import GeodataError, load_atlas
from dashboard.atlas.validate.geodata import Problem, validate_geodata

GeodataCopy = Any  # tests/conftest.py: the make_geodata fixture returns one


def test_the_tiny_atlas_is_valid(tiny_atlas_root):
    assert validate_geodata(tiny_atlas_root) == []


@dataclass(frozen=True)
class Break:
    """One broken copy: ``mutate`` edits the copy and returns the line the problem must name."""

    name: str
    mutate: Callable[[GeodataCopy], int | None]
    file: str
    field: str
    says: str  # a fragment of the message a user needs to see (value or explanation)


def _dup_territory(g: GeodataCopy) -> int:
    first = g.row("territories.csv", 2)
    return g.append("territories.csv", {**first, "note": "pasted twice"})


def _two_dominant(g: GeodataCopy) -> int:
    """CJNG and Sinaloa share Ciudad de México in 2025 (both "significant"): claim both hold it."""
    _, rows = g.read("territories.csv")
    shared = [i for i, r in enumerate(rows) if r["state"] == "Ciudad de México" and r["year"] == "2025"
              and r["status"] == "significant"]
    assert len(shared) >= 2, "the fixture expects a shared state"
    g.edit("territories.csv", shared[0] + 2, status="dominant")  # header is line 1
    return g.edit("territories.csv", shared[1] + 2, status="dominant")


def _chapter_events(chapter_id: str, old: str, new: str) -> Callable[[GeodataCopy], int]:
    def mutate(g: GeodataCopy) -> int:
        text = (g / "chapters.toml").read_text(encoding="utf-8")
        start = text.index(f'id = "{chapter_id}"')
        end = text.find("[[chapter]]", start)
        block = text[start:end if end != -1 else len(text)]
        assert block.count(old) == 1
        g.replace_text("chapters.toml", block, block.replace(old, new))
        # the problem names the line of the chapter's [[chapter]] header
        return text[: text.rfind("[[chapter]]", 0, start)].count("\n") + 1

    return mutate


BREAKS = [
    Break("duplicate id", lambda g: g.edit("events.csv", "villa-union-attack", id="aguililla-ambush"), "events.csv",
          "id", "'aguililla-ambush'"),
    Break("non-slug id", lambda g: g.edit("sources.csv", "s05", id="S_05"), "sources.csv", "id", "slug"),
    Break("unknown place in events", lambda g: g.edit("events.csv", "villa-union-attack", place_id="atlantis"),
          "events.csv", "place_id", "atlantis"),
    Break("unknown cartel in events",
          lambda g: g.edit("events.csv", "aguililla-ambush", cartels="cjng;zetas-vieja-escuela"),
          "events.csv", "cartels", "zetas-vieja-escuela"),
    Break("unknown source in events", lambda g: g.edit("events.csv", "aguililla-ambush", sources="s01;s99"),
          "events.csv", "sources", "s99"),
    Break("bad date month 13", lambda g: g.edit("events.csv", "villa-union-attack", date="2019-13-01"),
          "events.csv", "date", "month"),
    Break("date precision mismatch", lambda g: g.edit("events.csv", "villa-union-attack", date_precision="month"),
          "events.csv", "date", "precision"),
    Break("year before the data", lambda g: g.edit("events.csv", "boss-arrested", date="1999-05-15"),
          "events.csv", "date", "1999"),
    Break("lat/lon swapped", lambda g: g.edit("places.csv", "culiacan", lat="-107.3900", lon="24.8000"),
          "places.csv", "lat", "-107.39"),
    Break("Villa Unión geocoded to Sinaloa",
          lambda g: g.edit("places.csv", "villa-union", lat="23.18992", lon="-106.21947"),
          "places.csv", "lat", "outside Coahuila"),
    Break("Salamanca geocoded to Spain", lambda g: g.edit("places.csv", "salamanca", lat="40.96882", lon="-5.66388"),
          "places.csv", "lat", "outside Guanajuato"),
    Break("unknown state in territories", lambda g: g.edit("territories.csv", 9, state="Nuevo Leon"),
          "territories.csv", "state", "Nuevo Leon"),
    Break("bad territory status", lambda g: g.edit("territories.csv", 10, status="dominating"),
          "territories.csv", "status", "dominating"),
    Break("duplicate territory row", _dup_territory, "territories.csv", "state", "line 2"),
    Break("two dominant cartels in one state and year", _two_dominant, "territories.csv", "status",
          "both dominant in Ciudad de México 2025"),
    Break("bad grade of a claim", lambda g: g.edit("events.csv", "aguililla-ambush", confidence_claim="maybe"),
          "events.csv", "confidence_claim", "'maybe'"),
    Break("flow leg to unknown place", lambda g: g.edit("flows.csv", "houston-laredo-2", to_place="laredo-mx"),
          "flows.csv", "to_place", "laredo-mx"),
    Break("route legs do not join", lambda g: g.edit("flows.csv", "lake-city-coahuila-2", from_place="poe-laredo"),
          "flows.csv", "from_place", "poe-eagle-pass"),
    Break("killed_max below killed", lambda g: g.edit("events.csv", "villa-union-attack", killed_max="10"),
          "events.csv", "killed_max", "10"),
    Break("source url with a script scheme", lambda g: g.edit("sources.csv", "s05", url="javascript:alert(1)"),
          "sources.csv", "url", "not an http(s) web address"),
    Break("source url without a scheme", lambda g: g.edit("sources.csv", "s05", url="news.sky.com/video/x"),
          "sources.csv", "url", "'news.sky.com/video/x'"),
    Break("invalid colour", lambda g: g.edit("cartels.csv", "cdn", color="red"), "cartels.csv", "color", "'red'"),
    Break("chapter names unknown event",
          _chapter_events("villa-union-2019", '["villa-union-attack"]', '["villa-union-attack", "e99"]'),
          "chapters.toml", "events", "'e99'"),
    Break("chapter event outside its years",
          _chapter_events("villa-union-2019", '["villa-union-attack"]', '["villa-union-attack", "salamanca-massacre"]'),
          "chapters.toml", "events", "outside the chapter's years"),
]


@pytest.mark.parametrize("case", BREAKS, ids=[b.name for b in BREAKS])
def test_broken_copy_names_file_line_and_field(make_tiny_atlas, case: Break):
    g = make_tiny_atlas()
    line = case.mutate(g)
    problems = validate_geodata(g.root)
    assert problems, f"{case.name}: validate found nothing"
    assert all(isinstance(p, Problem) for p in problems)
    where = f"{case.file}:{line}: field '{case.field}'"
    hits = [str(p) for p in problems if str(p).startswith(where)]
    assert hits, f"no problem at {where}; got:\n" + "\n".join(map(str, problems))
    assert any(case.says in h for h in hits), f"{case.says!r} not in {hits}"


def test_duplicate_id_points_back_to_first_use(make_tiny_atlas):
    g = make_tiny_atlas()
    first = g.line_of("events.csv", "aguililla-ambush")
    line = g.edit("events.csv", "villa-union-attack", id="aguililla-ambush")
    [problem] = [p for p in validate_geodata(g.root) if p.field == "id"]
    assert (problem.file, problem.line) == ("events.csv", line)
    assert f"line {first}" in problem.message


def test_line_numbers_are_physical_lines(make_tiny_atlas):
    """The line a problem names is the line a reviewer opens in an editor."""
    g = make_tiny_atlas()
    g.edit("events.csv", "capital-attack", type="massacre-ish")
    [problem] = validate_geodata(g.root)
    assert problem.line == g.line_of("events.csv", "capital-attack")
    assert (g / "events.csv").read_text(encoding="utf-8").splitlines()[problem.line - 1].startswith("capital-attack,")


@pytest.mark.parametrize(("file", "column"), [("events.csv", "injured"), ("cartels.csv", "color"),
                                              ("places.csv", "lon"), ("flows.csv", "to_place")])
def test_missing_required_column(make_tiny_atlas, file, column):
    g = make_tiny_atlas()
    g.drop_column(file, column)
    problems = validate_geodata(g.root)
    assert f"{file}:1: field '{column}': required column is missing" in map(str, problems)


def test_missing_file_is_reported_not_raised(make_tiny_atlas):
    g = make_tiny_atlas()
    (g / "flows.csv").unlink()
    assert "flows.csv: file is missing" in map(str, validate_geodata(g.root))


def test_file_not_utf8_is_a_problem_not_a_crash(make_tiny_atlas):
    """A spreadsheet that saved events.csv as Latin-1 gets a problem naming the first bad line."""
    g = make_tiny_atlas()
    text = (g / "events.csv").read_text(encoding="utf-8")
    (g / "events.csv").write_bytes(text.encode("latin-1", errors="replace"))
    first_bad = next(n for n, line in enumerate(text.splitlines(), start=1) if not line.isascii())
    problems = validate_geodata(g.root)
    assert [str(p) for p in problems if p.file == "events.csv"] == [
        f"events.csv:{first_bad}: is not UTF-8 text (save the file as UTF-8)"]


def test_one_break_does_not_hide_another(make_tiny_atlas):
    g = make_tiny_atlas()
    a = g.edit("events.csv", "laredo-seizure", place_id="nowhere")
    b = g.edit("places.csv", "villa-union", lat="23.18992", lon="-106.21947")
    found = {(p.file, p.line, p.field) for p in validate_geodata(g.root)}
    assert {("events.csv", a, "place_id"), ("places.csv", b, "lat")} <= found


def test_load_atlas_refuses_broken_data(make_tiny_atlas):
    g = make_tiny_atlas()
    line = g.edit("events.csv", "villa-union-attack", date="2019-13-01")
    with pytest.raises(GeodataError, match=rf"events\.csv:{line}: field 'date'"):
        load_atlas(g.root)


# -- command line ---------------------------------------------------------------------------

def test_cli_validate_ok_prints_counts(run_cli, tiny_atlas_root):
    result = run_cli("validate", geodata=tiny_atlas_root)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("geodata OK")
    for layer in ("places", "events", "cartels", "territories", "flows", "crossings", "chapters"):
        assert f"{layer} " in out
    assert "events 12" in out and "chapters 3" in out and "places 12" in out and "crossings 2" in out


def test_cli_validate_broken_copy(run_cli, make_tiny_atlas):
    g = make_tiny_atlas()
    line = g.edit("places.csv", "salamanca", lat="40.96882", lon="-5.66388")
    result = run_cli("validate", geodata=g)
    assert result.returncode != 0
    assert f"places.csv:{line}: field 'lat'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "geodata OK" not in result.stdout


def test_cli_validate_undecodable_file_no_traceback(run_cli, make_tiny_atlas):
    g = make_tiny_atlas()
    (g / "places.csv").write_bytes((g / "places.csv").read_text(encoding="utf-8").encode("cp1252", "replace"))
    result = run_cli("validate", geodata=g)
    assert result.returncode != 0
    assert "places.csv:" in result.stderr and "UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
