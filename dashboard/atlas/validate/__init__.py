"""Checks of ``geodata/``: tables, geometry, the register's lineage and the translations of data texts."""
