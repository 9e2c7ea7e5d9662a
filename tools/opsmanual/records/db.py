"""Which database holds the records, opened with every migration applied.

The default is a SQLite file beside the manual (ROOT/records/records.sqlite3); `--db URL` or
OPSMANUAL_DB chooses another, PostgreSQL included (postgresql://… uses psycopg 3). SQLite
takes its write lock when a transaction begins, so two writers never read the same head of
the chain; PostgreSQL locks the chain's head row instead (chain.append).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection

from opsmanual.diagnostics import refuse
from opsmanual.records.migrations import HEAD

DEFAULT = Path("records") / "records.sqlite3"


def database_url(root: Path, given: str | None, create: bool = True) -> str:
    """`--db`, else OPSMANUAL_DB, else the SQLite file in ROOT/records/; a SQLite file's folder is made to `create`."""
    url = given or os.environ.get("OPSMANUAL_DB") or f"sqlite:///{(root / DEFAULT).resolve()}"
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    if url.startswith("sqlite:///") and ":memory:" not in url:
        path = Path(url[len("sqlite:///") :])
        if not create and not path.exists():
            raise refuse(
                "no-records",
                f"there are no records at {path} yet",
                "import a filled checklist first (opsmanual records import FILE.pdf), or name the database with --db",
            )
        path.parent.mkdir(parents=True, exist_ok=True)  # a new file in a new folder
    return url


def evidence_folder(root: Path, engine: Engine) -> Path:
    """Where the filled PDFs are kept: beside a SQLite file; for a database server, in ROOT/records/evidence."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        return Path(str(engine.url.database)).parent / "evidence"
    return root / "records" / "evidence"


def _sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now, not at the first write


def engine_for(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 30})
            _sqlite(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except Exception as error:
        raise refuse(
            "bad-database",
            f"the database address '{url}' cannot be used: {error}",
            "write sqlite:///path/to/records.sqlite3 or postgresql://user@host/name",
        ) from None
    return engine


def _alembic(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("opsmanual.records") / "migrations"))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database's tables up to `revision` (all migrations by default)."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic(connection), revision)


def revision_of(engine: Engine) -> str | None:
    """The migration the database is at (Alembic's own table says), or None when it has none yet."""
    from sqlalchemy.exc import DBAPIError

    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no such table: a new database
            return None


def head_revision() -> str:
    """The newest migration, as Alembic finds it in migrations/versions."""
    from alembic.script import ScriptDirectory

    directory = ScriptDirectory(str(resources.files("opsmanual.records") / "migrations"))
    head = directory.get_current_head()
    assert head is not None
    return head


def open_records(root: Path, given: str | None, create: bool = True) -> Engine:
    """The records database, with every migration applied; on first use (when `create`), this makes it."""
    url = database_url(root, given, create)
    engine = engine_for(url)
    try:
        if revision_of(engine) != HEAD:  # Alembic itself is loaded only when there is something to do
            migrate(engine)
    except Exception as error:
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(error, SQLAlchemyError):
            raise
        shown = engine.url.render_as_string(hide_password=True)
        said = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:200]
        raise refuse(
            "database-unreachable",
            f"the records database {shown} cannot be opened: {said}",
            "check the address, that the server runs and that you may use it; the default needs no server",
        ) from None
    return engine


def tables(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())
