"""The URL stand-in: plain web resources at ``/<host>/<path>``, plus the combined web app.

A URL manifest gives the status, type, size (served as deterministic filler, streamed) or
a redirect. Web pages of known git and Hub repos answer 200 too, because one public host
(github.com, huggingface.co) serves both repos and pages; the combined ``WebApp`` sends
git smart-HTTP requests to the git app and everything else here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from werkzeug.wrappers import Request, Response

from .bodies import ChunkSource, byte_response, bytes_source
from .filler import iter_filler
from .git_app import is_smart_request
from .hub_requests import raw_path
from .manifest import Snapshot, UrlManifest

# Hosts whose repo pages mirror the Hub stand-in's repos.
HUB_WEB_HOSTS = ("huggingface.co", "hf.co")
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def request_key(environ: dict[str, Any]) -> tuple[str, str]:
    """The served key of a request, with and without its query: ``host/path[?query]``."""
    path = raw_path(environ).strip("/")
    host, _, rest = path.partition("/")
    key = f"{host.lower()}/{rest}".rstrip("/")
    query = environ.get("QUERY_STRING", "")
    return (f"{key}?{query}" if query else key), key


class UrlApp:
    """WSGI app serving URL manifests, and stub pages for known repos."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request = Request(environ)
        if request.method not in ("GET", "HEAD"):
            return Response("Method not allowed\n", status=405)(environ, start_response)
        with_query, without_query = request_key(environ)
        manifest = self.snapshot.urls.get(with_query) or self.snapshot.urls.get(without_query)
        if manifest is not None:
            response = manifest_response(request, manifest)
        elif (title := self.repo_page_title(without_query)) is not None:
            response = repo_page(request, title)
        else:
            response = Response("Not found\n", status=404, content_type="text/plain")
        return response(environ, start_response)

    def repo_page_title(self, key: str) -> str | None:
        """The name of the public repo whose web page this key is, if the stand-ins know it."""
        repo = self.snapshot.git.get((key[:-4] if key.endswith(".git") else key).lower())
        if repo is not None:
            return urlsplit(repo.url).path.strip("/").removesuffix(".git")
        host, _, rest = key.partition("/")
        if host not in HUB_WEB_HOSTS:
            return None
        kind, repo_id = (
            ("dataset", rest[len("datasets/") :])
            if rest.startswith("datasets/")
            else ("model", rest)
        )
        manifest = self.snapshot.hub_repo(kind, repo_id)
        return manifest.id if manifest is not None and not manifest.private else None


def manifest_response(request: Request, manifest: UrlManifest) -> Response:
    """Answer from a URL manifest: a redirect, or a body of the declared size."""
    if manifest.redirect_to:
        status = manifest.status if 300 <= manifest.status < 400 else 302
        return Response(b"", status=status, headers={"Location": manifest.redirect_to})
    chunks: ChunkSource = (
        bytes_source(manifest.content)
        if manifest.content is not None
        else lambda start, end: iter_filler(manifest.url, start, end)
    )
    return byte_response(
        request,
        total=manifest.byte_size,
        chunks=chunks,
        content_type=manifest.content_type,
        status=manifest.status,
    )


def repo_page(request: Request, title: str) -> Response:
    """A minimal HTML page standing in for a repo's web page."""
    name = html.escape(title)
    body = (
        f"<!doctype html><html><head><title>{name}</title></head>"
        f"<body><h1>{name}</h1><p>Stand-in page.</p></body></html>"
    ).encode()
    return byte_response(
        request, total=len(body), chunks=bytes_source(body), content_type="text/html; charset=utf-8"
    )


class WebApp:
    """One app for a public web host: git smart HTTP to the git app, everything else to URLs."""

    def __init__(self, git_app: WSGIApp, url_app: WSGIApp) -> None:
        self.git_app = git_app
        self.url_app = url_app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        app = self.git_app if is_smart_request(environ) else self.url_app
        return app(environ, start_response)
