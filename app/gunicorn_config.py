"""Gunicorn's settings for the container: each worker probes the Hub once it has loaded the app.

`flask registry serve` probes the Hub at start-up so pages can say when checks will fail;
under gunicorn nothing else would, and /healthz would say "not probed" forever. The probe
runs on a daemon thread in every worker (each worker keeps its own status), so a slow
network never holds up a worker taking requests. Used as `gunicorn -c python:app.gunicorn_config`.
"""

from __future__ import annotations

from typing import Any

from app.hub_status import probe_in_background


def post_worker_init(worker: Any) -> None:
    """Gunicorn's hook, called in each worker after it loaded the app: probe the Hub."""
    probe_in_background(worker.wsgi)
