"""A PostgreSQL hot standby of the local server, for the replica tests and ``make bench``.

``pg_basebackup`` copies the running primary into a folder under /tmp, writes the standby
settings (``-R``: ``standby.signal`` and ``primary_conninfo``) and the standby is started on
its own port as the ``postgres`` user. The primary needs a replication-capable connection:
``wal_level`` replica or above, ``max_wal_senders`` > 0, and a ``pg_hba.conf`` line for
``replication`` from 127.0.0.1; when the line is missing and the file is writable (root on a
development machine or in CI) it is added and the configuration reloaded, never restarted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
REPLICATION_LINE = "host replication all 127.0.0.1/32 trust\n"


class StandbyUnavailable(RuntimeError):
    """A standby cannot be started here (no pg_basebackup, no replication access...)."""


@dataclass(frozen=True)
class Standby:
    """A running hot standby: where it listens and where its files are."""

    host: str
    port: int
    data_dir: Path

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgres://{user}@{self.host}:{self.port}/{database}"

    def stop(self) -> None:
        """Stop the standby (fast shutdown); its files stay for the next start."""
        _as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])

    def start(self) -> None:
        _start(self.data_dir, self.port)

    def running(self) -> bool:
        return (self.data_dir / "postmaster.pid").exists()


def available() -> str | None:
    """Why a standby cannot be started here, or None when it can be tried."""
    if not (BIN / "pg_basebackup").exists():
        return f"pg_basebackup not found in {BIN} (set PG_BIN)"
    if shutil.which("runuser") is None and os.geteuid() == 0:
        return "runuser not found (needed to run the standby as the postgres user)"
    return None


def start_standby(primary_url: str, *, port: int = 5433, data_dir: str | None = None) -> Standby:
    """A hot standby of ``primary_url``'s server on ``port``, started (or reused if running)."""
    reason = available()
    if reason:
        raise StandbyUnavailable(reason)
    folder = Path(data_dir or f"/tmp/health-cms-standby-{port}")
    standby = Standby("127.0.0.1", port, folder)
    if standby.running() and _answers(standby):
        return standby
    primary = psycopg.conninfo.conninfo_to_dict(primary_url)
    copied = _ensure_replication_access(primary_url)
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    _as_postgres(
        [
            str(BIN / "pg_basebackup"),
            "-h",
            primary.get("host", "127.0.0.1"),
            "-p",
            str(primary.get("port", 5432)),
            "-U",
            primary.get("user", "postgres"),
            "-D",
            str(folder),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        ]
    )
    _write_config(folder, port, copied)
    _start(folder, port)
    return standby


# A hot standby refuses to run with less of these than its primary has.
AT_LEAST_THE_PRIMARYS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def _write_config(folder: Path, port: int, copied: dict[str, str]) -> None:
    """Debian keeps a server's configuration outside its data folder: the standby gets its own."""
    files = {
        "postgresql.conf": (
            f"port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '/tmp'\n"
            "hot_standby = on\nhot_standby_feedback = on\nshared_buffers = 64MB\n"
            + "".join(f"{name} = {value}\n" for name, value in copied.items())
        ),
        "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n",
        "pg_ident.conf": "",
    }
    for name, text in files.items():
        path = folder / name
        path.write_text(text)
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")


def _start(folder: Path, port: int) -> None:
    options = f"-p {port}"
    _as_postgres(
        [
            str(BIN / "pg_ctl"),
            "-D",
            str(folder),
            "-o",
            options,
            "-l",
            str(folder / "standby.log"),
            "-w",
            "start",
        ]
    )


def _answers(standby: Standby) -> bool:
    try:
        with psycopg.connect(standby.url("postgres"), connect_timeout=3) as conn:
            return conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
    except psycopg.Error:
        return False


def _ensure_replication_access(primary_url: str) -> dict[str, str]:
    """Check (and if need be open) the primary for streaming; returns the settings the
    standby must copy."""
    with psycopg.connect(primary_url, connect_timeout=5, autocommit=True) as conn:
        settings = dict(
            conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
                [["wal_level", "hba_file", *AT_LEAST_THE_PRIMARYS]],
            ).fetchall()
        )
        copied = {name: settings[name] for name in AT_LEAST_THE_PRIMARYS}
        if settings["wal_level"] == "minimal" or int(settings["max_wal_senders"]) < 1:
            raise StandbyUnavailable(
                "the primary does not stream WAL (wal_level minimal or max_wal_senders 0): "
                "changing that needs a restart of the shared server, not done here"
            )
        hba = Path(settings["hba_file"])
        try:
            text = hba.read_text()
        except OSError as exc:
            raise StandbyUnavailable(f"cannot read {hba}: {exc.strerror}") from exc
        if any(
            line.split()[:2] in (["host", "replication"], ["local", "replication"])
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ):
            return copied
        if not os.access(hba, os.W_OK):
            raise StandbyUnavailable(f"{hba} has no replication line and cannot be written")
        hba.write_text(text.rstrip("\n") + "\n" + REPLICATION_LINE)
        conn.execute("SELECT pg_reload_conf()")
        time.sleep(0.5)
    return copied


def _as_postgres(command: list[str]) -> None:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd="/tmp")
    if completed.returncode:
        raise StandbyUnavailable(
            f"{Path(command[-1] if command[-1] != 'start' else command[0]).name} failed: "
            f"{(completed.stderr or completed.stdout).strip()[-800:]}"
        )


def replay_lag(primary_url: str, standby: Standby, timeout: float = 120.0) -> str:
    """How long the standby took to replay what the primary had written until now, and the
    lag it reports, in words (after seeding: the lag after its publishes)."""
    with psycopg.connect(primary_url, autocommit=True) as primary:
        position = primary.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
    started = time.monotonic()
    database = primary_url.rsplit("/", 1)[1]
    with psycopg.connect(standby.url(database), autocommit=True) as replica:
        while True:
            done = replica.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position]
            ).fetchone()[0]
            waited = time.monotonic() - started
            if done or waited > timeout:
                break
            time.sleep(0.005)
        reported = replica.execute(
            "SELECT coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)"
        ).fetchone()[0]
    state = "caught up" if done else "still behind"
    return (
        f"replica lag after the seeding's publishes: {state} with the primary's WAL position "
        f"{position} after {waited * 1000:,.0f} ms (the standby's last replayed commit is "
        f"{float(reported):,.1f} s old)."
    )
