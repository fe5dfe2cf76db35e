"""Benchmarks behind ``python -m dashboard bench``: outside the product code path.

Playwright is imported only here, and only when a browser benchmark runs.
"""
