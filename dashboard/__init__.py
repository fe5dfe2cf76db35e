"""Frontera Atlas: cartel violence in Mexico and US arms flowing south, on one map."""

__version__ = "0.1.0"
