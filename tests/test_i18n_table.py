"""The interface strings are one table: a key defined in two parts stops the import, also under ``python -O``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.i18n import merged_strings

REPO = Path(__file__).resolve().parents[1]


def test_a_key_defined_in_two_parts_is_refused() -> None:
    page = {"filters": {"en": "Filters", "de": "Filter", "es": "Filtros"}}
    share = {"filters": {"en": "Filters (print)", "de": "Filter", "es": "Filtros"},
             "credits": {"en": "Credits", "de": "Nachweise", "es": "Créditos"}}
    with pytest.raises(ValueError, match=r"defined twice: \['filters'\]"):
        merged_strings(page, share)
    assert merged_strings(page, {"credits": share["credits"]}).keys() == {"filters", "credits"}


def test_the_check_survives_python_optimised_mode() -> None:
    """``assert`` vanishes under ``-O``; the check must not."""
    code = "from dashboard.i18n import merged_strings as m; m({'k': {}}, {'k': {}})"
    proc = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=REPO)
    assert proc.returncode != 0 and "defined twice: ['k']" in proc.stderr

