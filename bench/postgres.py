"""A throwaway PostgreSQL 15 cluster for one bench run: initdb, start on a free port, drop on stop.

Durability settings are PostgreSQL's defaults (fsync and synchronous_commit on): the audited-write figures
are what a production server would see on this disk, unlike the test suite's cluster.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

BIN_DIRS = ["/usr/lib/postgresql/15/bin", "/usr/local/pgsql/bin"]


def find(binary: str) -> str:
    for directory in BIN_DIRS:
        candidate = Path(directory) / binary
        if candidate.exists():
            return str(candidate)
    found = shutil.which(binary)
    if not found:
        raise SystemExit(f"{binary} not found: install postgresql-15")
    return found


class Cluster:
    def __init__(self, directory: Path):
        self.directory = directory
        self.data = directory / "data"
        self.socket_dir = directory / "sock"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.as_root = os.geteuid() == 0
        self.started = False

    def _as_server_user(self, args: list[str]) -> list[str]:
        # initdb refuses to run as root: run every server-side binary as `postgres` then.
        return ["runuser", "-u", "postgres", "--", *args] if self.as_root else args

    def run(self, binary: str, *args: str) -> str:
        command = [find(binary), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", *args]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        if self.as_root:
            shutil.chown(self.directory, "postgres")
            shutil.chown(self.socket_dir, "postgres")
        subprocess.run(
            self._as_server_user([find("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E",
                                  "UTF8", "--no-locale"]),
            check=True, capture_output=True,
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = "
                f"'{self.socket_dir}'\nmax_connections = 300\nshared_buffers = 256MB\n"
                # Plans of the scenarios' statements are captured on request (off under load).
                "session_preload_libraries = 'auto_explain'\nauto_explain.log_min_duration = -1\n"
                # Statements per request are counted by pg_stat_statements (client statements only).
                "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = top\n"
                "pg_stat_statements.track_planning = on\n"
                "auto_explain.log_analyze = on\nauto_explain.log_buffers = on\n"
            )
        subprocess.run(
            self._as_server_user([find("pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "server.log"),
                                  "-w", "-t", "60", "start"]),
            check=True, capture_output=True,
        )
        self.started = True

    def pause(self) -> None:
        """Stops the cluster cleanly, so that its data directory can be copied."""
        subprocess.run(self._as_server_user([find("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                       check=True, capture_output=True)
        self.started = False

    def resume(self) -> None:
        """Starts the cluster of an existing data directory (a copy of a loaded one) on this object's port."""
        self.socket_dir.mkdir(exist_ok=True)
        if self.as_root:
            shutil.chown(self.socket_dir, "postgres")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(f"\nport = {self.port}\nunix_socket_directories = '{self.socket_dir}'\n")
        subprocess.run(
            self._as_server_user([find("pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "server.log"),
                                  "-w", "-t", "60", "start"]),
            check=True, capture_output=True,
        )
        self.started = True

    def createdb(self, name: str) -> None:
        self.run("createdb", name)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def init_pgbench(self, scale: int = 10) -> None:
        self.createdb("pgbench")
        self.run("pgbench", "-i", "-q", "-s", str(scale), "pgbench")

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def pids(self) -> list[int]:
        """The postmaster and every process it forked (backends, writers): this cluster's processes only."""
        root = self.postmaster_pid()
        found = [root]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == root:
                found.append(int(stat.parent.name))
        return found

    def sql(self, database: str, statement: str) -> str:
        return self.run("psql", "-qAt", "-c", statement, database).strip()

    def log_plans(self, on: bool) -> None:
        """Turns auto_explain's logging of every statement's plan (with timings) on or off."""
        value = "0" if on else "-1"
        self.run("psql", "-q", "-c", f"ALTER SYSTEM SET auto_explain.log_min_duration = {value}", "-c",
                 "SELECT pg_reload_conf()", "postgres")

    def log(self) -> str:
        return (self.directory / "server.log").read_text(errors="replace")

    def stop(self) -> None:
        if self.started:
            subprocess.run(
                self._as_server_user([find("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                capture_output=True,
            )
            self.started = False
