"""SQL migrations of the PostgreSQL/PostGIS dataset store, applied in order by :mod:`dashboard.imports.store_pg_schema`.

``NNN_what.sql``: each file runs once per database, in one transaction with the others that are due,
and is recorded in ``atlas_schema_version``. Never edit a file that has shipped; add the next number.
"""
