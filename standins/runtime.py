"""Start all three stand-ins together and say where they listen and how to reach them."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from .git_app import GitApp
from .git_build import build_bare_repo
from .hub_app import DEFAULT_PAGE_SIZE, HubApp
from .loader import load_snapshot
from .manifest import GitRepoManifest, Manifest, Snapshot, UrlManifest
from .serving import BackgroundServer
from .url_app import HUB_WEB_HOSTS, UrlApp, WebApp


class StandIns:
    """Running stand-ins: endpoints, the public-to-loopback URL rewrites, and ``stop()``."""

    def __init__(
        self,
        snapshot: Snapshot,
        hub: BackgroundServer,
        git: BackgroundServer,
        url: BackgroundServer,
        stop_event: threading.Event,
    ) -> None:
        self.snapshot = snapshot
        self._servers = (hub, git, url)
        self._stop_event = stop_event
        self.hub_endpoint = hub.base_url
        self.git_base = git.base_url
        self.url_base = url.base_url
        self.rewrites = compute_rewrites(snapshot, git_base=self.git_base, url_base=self.url_base)

    def rewrite(self, url: str) -> str:
        """Apply the rewrites to one public URL (scheme and host compared case-insensitively)."""
        parts = urlsplit(url)
        prefix = f"{parts.scheme.lower()}://{parts.netloc.lower()}/"
        target = self.rewrites.get(prefix)
        if target is None:
            return url
        return target + url[len(prefix) :] if len(url) >= len(prefix) else target

    def stop(self) -> None:
        """Stop all servers; stalled (delay-fault) requests are woken first."""
        self._stop_event.set()
        for server in self._servers:
            server.stop()

    def __enter__(self) -> StandIns:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def compute_rewrites(snapshot: Snapshot, *, git_base: str, url_base: str) -> dict[str, str]:
    """Map each ``scheme://host/`` the manifests use to the loopback prefix serving that host.

    Both web servers run the same app, so a host with git repos and plain URLs alike
    (github.com) is served correctly by either; git hosts go to ``git_base``. Only schemes
    that manifests use are mapped, and https comes last, so inverting the mapping (loopback
    back to public) gives the https form whenever a host is known under both schemes.
    """
    bases: dict[str, str] = {manifest.host: url_base for manifest in snapshot.urls.values()}
    served: list[GitRepoManifest | UrlManifest] = [*snapshot.urls.values(), *snapshot.git.values()]
    schemes = {(urlsplit(manifest.url).scheme.lower(), manifest.host) for manifest in served}
    if snapshot.hub:
        bases.update(dict.fromkeys(HUB_WEB_HOSTS, url_base))
        schemes.update(("https", host) for host in HUB_WEB_HOSTS)
    bases.update({manifest.host: git_base for manifest in snapshot.git.values()})
    ordered = sorted(schemes, key=lambda pair: (pair[1], pair[0]))  # per host: http, then https
    return {f"{scheme}://{host}/": f"{bases[host]}/{host}/" for scheme, host in ordered}


def start(
    folders: Iterable[Path | str] | None = None,
    *,
    hub_page_size: int = DEFAULT_PAGE_SIZE,
    manifests: Iterable[Manifest] = (),
    git_cache_dir: Path | None = None,
    hub_port: int = 0,
    git_port: int = 0,
    url_port: int = 0,
    verbose: bool = False,
) -> StandIns:
    """Load manifests (packaged snapshots when ``folders`` is None), build git repos, serve all."""
    snapshot = load_snapshot(folders, extra=manifests)
    repos = {
        key: build_bare_repo(manifest, git_cache_dir) for key, manifest in snapshot.git.items()
    }
    stop_event = threading.Event()
    home = Path(tempfile.gettempdir())
    web = WebApp(GitApp(repos, home=home, moved=snapshot.git_moves()), UrlApp(snapshot))
    servers: list[BackgroundServer] = []
    try:
        for app, port in (
            (HubApp(snapshot, page_size=hub_page_size, stop_event=stop_event), hub_port),
            (web, git_port),
            (web, url_port),
        ):
            servers.append(BackgroundServer(app, port=port, verbose=verbose).start())
    except BaseException:
        for server in servers:
            server.stop()
        raise
    hub, git, url = servers
    return StandIns(snapshot, hub, git, url, stop_event=stop_event)
