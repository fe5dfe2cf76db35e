"""``bench --check``: the ratios and budgets that fail it, each named in one line, and a real failure: the
imported points grouped again with a pandas frame per point (the loop issue 26 removed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.bench import check
from dashboard.cli.main import main

PASSING = {"builtin": {"page_s": 0.05, "reference_s": 0.04}, "naive": {"filter_median_s": 1.2},
           "page": {"filter_median_s": 0.06}, "memory": {"peak_mb": 400.0}}


def test_figures_within_every_ratio_and_budget_pass() -> None:
    assert check.problems(PASSING) == []


@pytest.mark.parametrize(("change", "reason"), [
    ({"page": {"filter_median_s": 0.3}},
     "at 5,000 events this page is 4.0× faster than the naive page per filter change (needs ≥ 5×)"),
    ({"builtin": {"page_s": 0.13, "reference_s": 0.04}},
     "a filter change on the built-in data costs 3.2× the reference (budget ≤ 3×)"),
    ({"memory": {"peak_mb": 700.0}}, "peak memory with 100,000 events is 700 MB (budget ≤ 500 MB)"),
])
def test_each_slip_is_named_in_one_sentence(change: dict, reason: str) -> None:
    assert check.problems({**PASSING, **change}) == [reason]


def test_the_command_fails_with_one_line_saying_why(monkeypatch, capsys) -> None:
    monkeypatch.setattr(check, "measure", lambda: {**PASSING, "memory": {"peak_mb": 900.0}})
    assert main(["bench", "--check"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["bench --check failed: peak memory with 100,000 events is 900 MB (budget ≤ 500 MB)"]
    monkeypatch.setattr(check, "measure", lambda: PASSING)
    assert main(["bench", "--check"]) == 0
    assert "every ratio and budget holds" in capsys.readouterr().out


def test_the_reference_is_the_same_work_every_time() -> None:
    made = check.reference_work(check.reference_frame())
    assert made == check.reference_work(check.reference_frame()) > 100_000  # bytes of JSON


def test_the_check_fails_when_the_per_group_loop_is_put_back(tmp_path: Path, monkeypatch) -> None:
    # The measured processes are fresh ones: a sitecustomize module on their path puts the old loop back.
    loop = Path(__file__).with_name("per_group_loop.py")
    (tmp_path / "sitecustomize.py").write_text(
        "import importlib.util\n"
        f"spec = importlib.util.spec_from_file_location('per_group_loop', {str(loop)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "module.put_back()\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(tmp_path), os.environ.get("PYTHONPATH")) if p))
    figures = {**PASSING, **check.naive_figures(page_rounds=4, naive_rounds=3)}
    [reason] = check.problems(figures)
    assert reason.startswith("at 5,000 events this page is ")
    assert reason.endswith(f"(needs ≥ {check.NAIVE_RATIO_MIN:.0f}×)")


def test_a_slow_choropleth_switch_or_a_heavy_municipal_map_fails_the_check() -> None:
    ok = {"state_s": 0.02, "municipality_s": 0.1, "payload_bytes": 700_000}
    assert check.problems({**PASSING, "choropleth": ok}) == []
    slow = {**ok, "municipality_s": 0.45, "payload_bytes": 1_600_000}
    assert check.problems({**PASSING, "choropleth": slow}) == [
        "switching the choropleth's measure or years takes 450 ms on the municipality map (budget ≤ 400 ms)",
        "the municipal choropleth weighs 1.60 MB (budget ≤ 1.5 MB)"]
