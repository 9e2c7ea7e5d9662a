"""A PostgreSQL server of its own, for the tests and the benchmark: started in a temporary folder, removed after.

Debian's `postgresql` package (which .ci/run installs) provides the server's programs in
/usr/lib/postgresql/<version>/bin; this starts a new cluster from them and changes nothing
system-wide. The server listens only on a Unix socket inside its folder, so it cannot clash
with another server on the machine. PostgreSQL refuses to run as root; run as root, the
cluster belongs to the `postgres` user that the package creates.

    with throwaway_postgres() as server:
        url = server.create_database("records")   # postgresql://postgres@/records?host=…
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PORT = 5432  # only names the socket file: the folder is the server's own


def find_bindir() -> Path | None:
    """The newest installed server's programs, or None when PostgreSQL's server is not installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


class Server:
    def __init__(self, bindir: Path, folder: Path, as_user: list[str]) -> None:
        self.bindir, self.folder, self.as_user = bindir, folder, as_user
        self.data, self.log = folder / "data", folder / "server.log"

    def _run(self, program: str, *args: str) -> None:
        command = [*self.as_user, str(self.bindir / program), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} failed: {done.stderr.strip() or done.stdout.strip()}\n{log}")

    def start(self, durable: bool) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = f"-k {self.folder} -p {PORT} -c listen_addresses='' -c max_connections=40"
        if not durable:  # a test's data need not survive a power cut
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={PORT}"

    def create_database(self, name: str) -> str:
        """A new, empty database on the server; its URL."""
        import psycopg

        with psycopg.connect(host=str(self.folder), port=PORT, user="postgres", dbname="postgres") as connection:
            connection.autocommit = True
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextmanager
def throwaway_postgres(durable: bool = False) -> Iterator[Server]:
    """Start a new cluster in a temporary folder; stop it and remove the folder afterwards."""
    bindir = find_bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL's server is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="opsmanual-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    server = Server(bindir, folder, as_user)
    try:
        server.start(durable)
        yield server
    finally:
        if (server.data / "postmaster.pid").exists():
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
