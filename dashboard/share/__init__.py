"""The share wing: what leaves the atlas (caption, tables, PNG/SVG/PDF, standalone HTML)."""
