"""The shape of the code, which ruff has no rules for: file and function size, import cycles, wings.

These limits keep each file one job and each function readable in one screen (issue 14).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Package modules ``name`` imports, at module level or inside functions (a lazy import is still a tie)."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if m in known and m != name}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_is_longer_than_the_limit(name: str) -> None:
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines (limit {MAX_MODULE_LINES}): split it by job"


def test_no_function_is_longer_than_the_limit() -> None:
    too_long = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}.{node.name}: {length} lines")
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines: {too_long}"


def test_the_package_has_no_import_cycle() -> None:
    known = set(modules())
    graph = {name: {m for m in imports_of(name, path, known) if not name.startswith(m + ".")}
             for name, path in modules().items()}
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_playwright_is_imported_only_by_the_bench_wing() -> None:
    outside = []
    for name, path in modules().items():
        if name.startswith("dashboard.bench"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            outside += [name for n in names if n.split(".")[0] == "playwright"]
    assert not outside, f"playwright imported outside dashboard/bench: {outside}"


def test_the_core_does_not_import_the_wings_above_it() -> None:
    """The core (data, filters, sharing, …) never reaches up into the UI, the benchmarks or the command line."""
    known = set(modules())
    above = ("dashboard.ui", "dashboard.app", "dashboard.bench", "dashboard.cli", "dashboard.server.serve",
             "dashboard.server.cluster", "dashboard.__main__")
    wrong = []
    for name, path in modules().items():
        if name.startswith(above):
            continue
        wrong += [f"{name} -> {m}" for m in imports_of(name, path, known) if m.startswith(above)]
    assert not wrong, wrong


def test_test_files_have_unique_names() -> None:
    """tests/ has no __init__.py: two test files of one name in different folders break a full run."""
    names = [p.name for p in (PACKAGE.parent / "tests").rglob("test_*.py")]
    assert len(names) == len(set(names)), sorted(n for n in set(names) if names.count(n) > 1)


# Test files that may read the real geodata/: tests of that data itself, and of the whole page. Every other
# test runs on the tiny atlas of tests/data/atlas/ (fixture ``tiny_atlas``), so correcting a fact in
# geodata/ breaks no test of code that did not change (issue 25).
READS_GEODATA = {
    "test_geodata.py": "the real data: its counts, geocoding, chapters, translations, validity",
    "test_i18n_es.py": "only its AppTest of the whole page opened with lang=es",
    "test_app_actors.py": "the whole page (AppTest) with an imported dataset",
    "test_app_register_cartels.py": "the whole page (AppTest) offering the real register's organisations",
    "imports/test_import_newsroom.py": "real municipalities, state outlines and INEGI codes place the rows",
    "imports/test_import_sheets.py": "real municipalities place the spreadsheet rows",
    "imports/test_import_count_tables.py": "an event file with a real municipality beside the count tables",
    "imports/test_import_real_files.py": "the publishers' files against the real register and municipalities",
    "test_roles.py": "the whole page (AppTest) for editors and readers",
    "test_store_outage.py": "the whole page (AppTest) while the dataset store is down",
    "map/test_map_colour_vision.py": "the real cartel colours, told apart under colour-vision deficiencies",
    "map/test_map_contrast.py": "the real cartel colours against the legend's background",
    "map/test_map_key.py": "the real default view's key (issue 27: at most 12 entries) and the real chapters' keys",
    "test_story.py": "the real chapters draw their own story (issue 27: no Caracas in Made in Missouri, frames fit)",
    "share/test_share_layouts.py": "the real default view and chapters printed in every size (issue 28)",
    "share/test_share_story.py": "the real chapters' places named in print and the real default key (issue 28)",
    "map/test_map_labels.py": "the real chapters' own places named without overlap (issue 27: Salamanca, Lake City, "
                              "the Iron River's cities)",
    **dict.fromkeys(
        [f"imports/test_{name}.py" for name in (
            "import_actors", "import_builder", "import_event_types", "import_formats", "import_places",
            "import_edge_rows", "import_published", "import_register", "import_store", "import_unpack",
            "import_upload",
            "no_silent_loss", "store_postgis")],
        "the importer attributes actors with the shipped register: published spellings (UCDP, ACLED, press)"),
}


def _reads_geodata(tree: ast.AST) -> list[str]:
    """What in a test module reads geodata/: the ``atlas`` fixture or ``geodata_atlas()``, ``GEODATA``, a copy."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            found += [f"{node.name}(atlas)" for a in node.args.args if a.arg == "atlas"]
        elif isinstance(node, ast.Name) and node.id == "GEODATA":
            found.append("GEODATA")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("make_geodata", "load_atlas", "geodata_atlas") and not node.args
              and not node.keywords):
            found.append(f"{node.func.id}()")
    return found


def test_unit_tests_run_on_the_tiny_atlas_not_on_geodata() -> None:
    tests = PACKAGE.parent / "tests"
    wrong = {}
    for path in sorted(tests.rglob("test_*.py")):
        name = path.relative_to(tests).as_posix()
        if name.startswith("browser/") or name in READS_GEODATA:
            continue
        if found := _reads_geodata(ast.parse(path.read_text(encoding="utf-8"))):
            wrong[name] = found
    assert not wrong, f"unit tests reading geodata/ (use tiny_atlas, or add the file to READS_GEODATA): {wrong}"


def test_the_geodata_check_sees_the_atlas_fixture() -> None:
    tree = ast.parse("def test_x(atlas):\n    make_geodata()\n    GEODATA\n")
    assert sorted(_reads_geodata(tree)) == ["GEODATA", "make_geodata()", "test_x(atlas)"]
    assert _reads_geodata(ast.parse("def test_y(tiny_atlas):\n    make_tiny_atlas()\n")) == []
