"""Alembic's migrations of the records' tables: versions/ holds one file per change, applied in order.

HEAD names the newest; a test holds it to what Alembic finds in versions/, so that opening
a database that is up to date never needs to load Alembic at all.
"""

HEAD = "0003"
