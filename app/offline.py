"""Offline mode: serve the checkers' outside world from loopback stand-ins.

With `REGISTRY_OFFLINE=1` (or `flask registry serve --offline`) the process starts the
stand-ins once, on first need, and the adapters talk to them: the Hub endpoint becomes
the stand-in Hub, public git and web URLs are rewritten to the stand-in servers, and
127.0.0.1 and localhost are allow-listed. Evidence records the endpoint it came from, so a
reader can tell a snapshot from the live Hub.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask

if TYPE_CHECKING:
    from standins import StandIns

log = logging.getLogger(__name__)

# The stand-ins' loopback names: the Hub stand-in on 127.0.0.1 redirects LFS downloads to
# its CDN route on localhost (another origin, as the real Hub's CDN is), and the address
# rule allows exactly the names listed.
LOOPBACK = frozenset({"127.0.0.1", "localhost"})

_lock = threading.Lock()
# One set of stand-ins per process and folder list: every app object in the process shares them.
_running: dict[tuple[str, ...], StandIns] = {}


def is_offline(app: Flask) -> bool:
    """Return True when the app checks against the stand-ins instead of the internet."""
    return bool(app.config["REGISTRY_OFFLINE"])


def manifest_folders(app: Flask) -> tuple[str, ...]:
    """Return the manifest folders to serve: the packaged snapshots, then the configured ones."""
    from standins import PACKAGED_SNAPSHOTS  # only offline processes load the stand-ins

    extra = [str(Path(folder)) for folder in app.config["REGISTRY_STANDIN_FOLDERS"]]
    return (str(PACKAGED_SNAPSHOTS), *extra)


def standins_for(app: Flask) -> StandIns:
    """Return the running stand-ins for this app's folders, starting them on first call."""
    folders = manifest_folders(app)
    with _lock:
        running = _running.get(folders)
        if running is None:
            log.info("starting offline stand-ins", extra={"folders": list(folders)})
            from standins import start

            running = start(folders)
            _running[folders] = running
        return running


def network_overrides(app: Flask) -> Mapping[str, Any]:
    """Return the adapter endpoints, rewrites and allow-list to use; empty when online."""
    if not is_offline(app):
        return {}
    running = standins_for(app)
    return {
        "hub_endpoint": running.hub_endpoint,
        "rewrites": dict(running.rewrites),
        "allowed_hosts": LOOPBACK,
    }


def stop_all() -> None:
    """Stop every stand-in this process started."""
    with _lock:
        while _running:
            _, running = _running.popitem()
            running.stop()


atexit.register(stop_all)
