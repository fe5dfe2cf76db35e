"""The plain ``bench`` needs no Playwright: only the browser benchmarks import it, when they run."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WING = REPO / "dashboard" / "bench"

# Playwright made unimportable, then the wing and the command line imported. The figures are
# fixed (``FIGURES``) and the first measurement is a stop, so no test here takes a minute.
NO_PLAYWRIGHT = textwrap.dedent("""
    import sys
    sys.modules["playwright"] = None  # any ``import playwright...`` now raises ImportError

    import dashboard.bench
    import dashboard.bench.browser
    import dashboard.bench.import_speed
    import dashboard.bench.page as page
    import dashboard.bench.scale
    import dashboard.bench.viewers
    from dashboard.cli.main import main

    FIGURES = {"cold_s": 1.0, "filter_times": [0.1], "payload": 2048,
               "snapshots": {"png_s": 1.0, "png_bytes": 1024, "html_s": 1.0, "html_bytes": 10**6},
               "imports": [(100_000, False, 5.0)]}

    def first_measurement():
        print("measuring")
        raise SystemExit(3)

    page.cold_start_seconds = first_measurement
""")


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)


def test_plain_bench_runs_with_playwright_unimportable() -> None:
    code = NO_PLAYWRIGHT + textwrap.dedent("""
        page.measure = lambda browser=False: FIGURES
        code = main(["bench"])
        assert sys.modules["playwright"] is None
        assert not [m for m in sys.modules if m.startswith("playwright.")]
        print("exit", code)
    """)
    out = run_python(code)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[-1] == "exit 0"
    assert any(line.startswith("filter change, median of 1") and line.endswith("≤ 60 ms") for line in lines)


def test_bench_browser_without_playwright_fails_in_one_line_before_measuring() -> None:
    code = NO_PLAYWRIGHT + textwrap.dedent("""
        raise SystemExit(main(["bench", "--browser"]))
    """)
    out = run_python(code)
    assert out.returncode == 2
    assert "measuring" not in out.stdout  # it fails at once, not after a minute of figures
    assert out.stderr.strip().splitlines() == [
        "error: benchmark failed: the browser benchmarks need Playwright (pip install -e '.[test]'); "
        "plain `bench` runs without it"]


def test_bench_viewers_without_playwright_fails_in_one_line() -> None:
    code = NO_PLAYWRIGHT + textwrap.dedent("""
        raise SystemExit(main(["bench", "--viewers", "2", "--seconds", "1"]))
    """)
    out = run_python(code)
    assert out.returncode == 2
    assert out.stderr.strip().startswith("error: benchmark failed: the browser benchmarks need Playwright")
    assert len(out.stderr.strip().splitlines()) == 1


def _playwright_imports(path: Path) -> list[tuple[int, bool]]:
    """(line, allowed) of each playwright import: allowed inside a function or an ``if TYPE_CHECKING`` block."""
    found = []

    def visit(node: ast.AST, allowed: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = allowed or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) or (
                isinstance(child, ast.If) and ast.unparse(child.test).endswith("TYPE_CHECKING"))
            names = ([a.name for a in child.names] if isinstance(child, ast.Import)
                     else [child.module or ""] if isinstance(child, ast.ImportFrom) else [])
            if any(n == "playwright" or n.startswith("playwright.") for n in names):
                found.append((child.lineno, allowed))
            visit(child, inside)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_playwright_is_imported_only_in_the_bench_wing_and_only_inside_functions() -> None:
    imports = {path.relative_to(REPO).as_posix(): _playwright_imports(path)
               for path in sorted((REPO / "dashboard").rglob("*.py"))}
    outside = [p for p, found in imports.items() if found and not p.startswith("dashboard/bench/")]
    assert not outside, f"playwright imported outside dashboard/bench: {outside}"
    at_import_time = [(p, line) for p, found in imports.items() for line, allowed in found if not allowed]
    assert not at_import_time, f"playwright imported when the module is imported: {at_import_time}"
    assert imports["dashboard/bench/browser.py"] and imports["dashboard/bench/viewers.py"]  # the check sees them
