"""The outside world as checks see it: adapter settings from REGISTRY_* config, and time budgets."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from types import MappingProxyType

from flask import Flask

from app.models import Artifact
from app.offline import network_overrides
from registry.adapters import AdapterSettings, build_clients
from registry.checks import CheckerRegistry, default_registry
from registry.model import ArtifactKind
from registry.ports import Clients

ClientsFactory = Callable[[Flask], Clients]

# Plain http is only ever allowed for allow-listed hosts (the loopback stand-ins).
GIT_PROTOCOLS_WITH_ALLOWED_HOSTS = frozenset({"https", "http"})
GIT_PROTOCOLS = frozenset({"https"})


def adapter_settings(app: Flask) -> AdapterSettings:
    """Build the adapters' settings from config, pointed at the stand-ins in offline mode."""
    config = app.config
    offline = network_overrides(app)
    allowed = frozenset(config["REGISTRY_ALLOW_HOSTS"]) | frozenset(
        offline.get("allowed_hosts", ())
    )
    rewrites = {**config["REGISTRY_URL_REWRITES"], **offline.get("rewrites", {})}
    return AdapterSettings(
        hub_endpoint=offline.get("hub_endpoint", config["REGISTRY_HUB_ENDPOINT"]),
        hub_timeout_s=config["REGISTRY_HUB_TIMEOUT"],
        hub_retry_after_cap_s=config["REGISTRY_HUB_RETRY_AFTER_MAX"],
        http_timeout_s=config["REGISTRY_HTTP_TIMEOUT"],
        git_timeout_s=config["REGISTRY_GIT_TIMEOUT"],
        clone_timeout_s=config["REGISTRY_GIT_TIMEOUT"],
        allowed_hosts=allowed,
        git_protocols=GIT_PROTOCOLS_WITH_ALLOWED_HOSTS if allowed else GIT_PROTOCOLS,
        rewrites=MappingProxyType(rewrites),
    )


def real_clients(app: Flask) -> Clients:
    """Return the real Hub, git and HTTP adapters for this app's configuration."""
    return build_clients(adapter_settings(app))


def clients_for(app: Flask) -> Clients:
    """Return the clients checks use: the factory set in app.extensions, real ones by default."""
    factory: ClientsFactory = app.extensions.get("registry.clients", real_clients)
    return factory(app)


@cache
def checker_registry() -> CheckerRegistry:
    """Return this process's checker registry, built once (checkers keep no per-run state)."""
    return default_registry()


def checker_id(kind: str) -> str:
    """Return the id of the checker that inspects this kind of artifact."""
    return checker_registry().for_kind(ArtifactKind(kind)).id


def run_timeout(artifacts: Iterable[Artifact], timeouts: Mapping[str, float]) -> float:
    """Return the seconds a run may take: each artifact's checker budget, summed."""
    return float(sum(timeouts[checker_id(a.kind)] for a in artifacts)) or min(timeouts.values())
