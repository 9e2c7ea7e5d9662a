"""The records: what actually happened on each shift, in a database that only ever grows.

- `schema.py`: the tables (SQLAlchemy Core); `migrations/`: every change to them (Alembic).
- `db.py`: which database (SQLite beside the manual by default, PostgreSQL by URL), migrated on first use.
- `chain.py`: entries appended in one transaction each, hash-chained; `verify` walks the chain.
- `runs.py`: entries folded back into checklist runs; `importer.py`: filled PDF forms into runs.
- `report.py`, `charts.py`, `report_html.py`, `report_pdf.py`: the log an inspector asks to see.
"""
