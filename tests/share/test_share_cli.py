"""The ``snapshot`` verb: each format written, bad arguments refused in one line with nothing written.

In process, on the tiny test atlas (``cli_on_tiny_atlas``).
"""

from __future__ import annotations

import pytest

from dashboard.cli.main import main as cli_main


@pytest.mark.parametrize("suffix", [".png", ".html", ".geojson", ".csv"])
def test_cli_snapshot_writes_each_format(cli_on_tiny_atlas, tmp_path, suffix: str) -> None:
    out = tmp_path / f"view{suffix}"
    assert cli_main(["snapshot", "--cartel", "cdn", "--from", "2019", "--to", "2019", "-o", str(out)]) == 0
    assert out.stat().st_size > 1000


def test_cli_snapshot_of_the_change_view_names_it_in_the_legend(cli_on_tiny_atlas, tmp_path) -> None:
    out = tmp_path / "change.html"
    assert cli_main(["snapshot", "--cartel", "cjng", "--to", "2025", "--compare", "2019", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "ground gained and lost, 2019 → 2025" in page and "lost ground" in page


@pytest.mark.parametrize("args", [
    ["--compare", "2020", "-o", "view.png"],
    ["-o", "view.tiff"],
    ["--chapter", "no-such-chapter", "-o", "view.png"],
    ["--zoom", "40", "-o", "view.png"],
    ["--lat", "20", "-o", "view.png"],
    ["--width", "10", "-o", "view.png"],
    ["--cartel", "nobody", "-o", "view.png"],
])
def test_cli_snapshot_bad_arguments_give_one_line_and_exit_2(cli_on_tiny_atlas, tmp_path, capsys, monkeypatch,
                                                            args) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli_main(["snapshot", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and len(err.splitlines()) == 1
    assert not list(tmp_path.iterdir()), "nothing is written on bad input"
