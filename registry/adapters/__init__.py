"""The real adapters behind the ports: Hub, git and plain HTTP, built from one settings object."""

from __future__ import annotations

from registry.adapters.git import GitAdapter
from registry.adapters.http import HttpProbeAdapter
from registry.adapters.hub import HubAdapter
from registry.adapters.settings import AdapterSettings
from registry.ports import Clients

__all__ = ["AdapterSettings", "build_clients"]


def build_clients(settings: AdapterSettings) -> Clients:
    """Return the real Hub, git and HTTP clients configured by `settings`."""
    return Clients(
        hub=HubAdapter(settings), git=GitAdapter(settings), http=HttpProbeAdapter(settings)
    )
