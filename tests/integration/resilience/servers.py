"""Private Redis and PostgreSQL servers a test can stop and start: real outages, on loopback.

Each runs on its own free port with its data in a temporary folder, so stopping it never
touches the shared servers other tests (and other engineers) use.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_listening(port: int, limit_s: float = 30.0) -> None:
    """Wait until something accepts connections on the port."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"nothing listens on 127.0.0.1:{port}")


class PrivateRedis:
    """`redis-server --port N --save ''`: no persistence, so a restart is an empty Redis."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the server and wait until it answers."""
        self._proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", tempfile.gettempdir()],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until_listening(self.port)

    def stop(self) -> None:
        """Stop the server; connections to it are then refused."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            self._proc.wait(30)
        self._proc = None


def postgres_bin(name: str) -> str:
    """Return the path of a PostgreSQL server program (Debian keeps them off PATH)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.fail(f"{name} not found under /usr/lib/postgresql/*/bin")
    return found[-1]


class PrivatePostgres:
    """A PostgreSQL cluster of its own (initdb into a temp dir), started with `pg_ctl`."""

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="registry-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._run(postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres",
                  "--auth=trust", "--no-sync")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        self._run(postgres_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                  "-o", options, "-w", "start")

    def crash(self) -> None:
        """Stop at once, as a crash would (`-m immediate`): no clean shutdown of sessions."""
        self._run(postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        """Stop the server if it runs and delete its files."""
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():
            self._run(postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop",
                      check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, *command: str, check: bool = True) -> None:
        # The server refuses to run as root: then run its programs as the postgres user.
        prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            prefix = ["runuser", "-u", "postgres", "--"]
        result = subprocess.run(  # our own arguments
            [*prefix, *command], capture_output=True, timeout=120, check=False,
        )
        if check and result.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            pytest.fail(f"{command[0]} failed: {result.stderr.decode()}\n{log}")
