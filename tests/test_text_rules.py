"""Text rules the page relies on (dashboard.text) where a slip would change what reaches the browser."""

from __future__ import annotations

import random
import textwrap

from dashboard.text import dedent_by_lines


def test_the_line_by_line_dedent_gives_exactly_what_textwrap_gives():
    """streamlit-folium's map scripts go through it on every rerun: the script must stay byte for byte the same."""
    samples = ["", "\n", "  a\n    b\n", "\ta\n  b", "  a\n\n  b\n  ", "   \n  x\n\t\n  y", "  a\r\n  b\r\n",
               "    {\"type\": \"FeatureCollection\"}\n  var x = 1;\n", "a\n  b", "  \t a\n  \t b\n  \tc"]
    rng = random.Random(26)
    for _ in range(3000):
        samples.append("".join(rng.choice("  \t\t\n\n\rab{") for _ in range(rng.randint(0, 40))))
    for text in samples:
        assert dedent_by_lines(text) == textwrap.dedent(text), repr(text)

