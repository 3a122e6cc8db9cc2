"""The container's server, gunicorn with app.gunicorn_config, probes the Hub like `serve` does.

A real gunicorn on a free loopback port serves a migrated SQLite catalogue whose Hub endpoint
is a loopback port nobody listens on: /healthz must come to say the Hub is unreachable
(not "not probed"), and pages must show the banner.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _environment(tmp_path: Path, closed_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "REGISTRY_DATABASE_URL": f"sqlite:///{tmp_path / 'registry.db'}",
        "REGISTRY_SECRET_KEY": "gunicorn-probe-test",
        "REGISTRY_HUB_ENDPOINT": f"http://127.0.0.1:{closed_port}",  # closed: unreachable
        "REGISTRY_SWEEP_EVERY_SECONDS": "3600",
    }


# Gunicorn listens before its worker has imported the app, which takes seconds on a busy
# machine: the first answers wait for it.
READ_TIMEOUT_S = 60


def _health(port: int) -> dict[str, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=READ_TIMEOUT_S) as reply:
        return json.loads(reply.read())


def test_each_gunicorn_worker_probes_the_hub_after_loading_the_app(tmp_path: Path) -> None:
    # Bound and never listening for the whole test: every connection is refused, and no
    # server another test starts meanwhile can be given this port.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        _probe_through_gunicorn(_environment(tmp_path, closed.getsockname()[1]))


def _probe_through_gunicorn(env: dict[str, str]) -> None:
    subprocess.run([str(BIN / "flask"), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    # The test opens the listening socket and hands it to gunicorn (fd://), so the port is
    # never free between choosing it and serving on it; connections queue until it accepts.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "python:app.gunicorn_config", "--bind",
             f"fd://{listener.fileno()}", "--workers", "1", "app:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            pass_fds=(listener.fileno(),),
        )
        port = listener.getsockname()[1]
    try:
        deadline = time.monotonic() + READ_TIMEOUT_S
        health = _health(port)
        while health.get("hub") != "unreachable" and time.monotonic() < deadline:
            time.sleep(0.2)
            health = _health(port)
        assert health["hub"] == "unreachable", health
        assert health["status"] == "degraded"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=READ_TIMEOUT_S) as reply:
            assert "bin/serve --offline" in reply.read().decode()
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    assert b"cannot be reached" in log
