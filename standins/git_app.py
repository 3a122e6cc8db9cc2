"""The git stand-in: smart HTTP through ``git http-backend``, wrapped as a small WSGI app.

URLs are ``/<host>/<owner>/<repo>[.git]/info/refs`` and ``.../git-upload-pack``; the repo
part matches a git manifest's URL case-insensitively, as GitHub does. Pushing is refused.
A renamed repo's old URL (a manifest's ``aliases``) answers 301 with the new public URL
and the same tail, as GitHub redirects the git requests of a renamed repository.
"""

from __future__ import annotations

import io
import subprocess  # runs git http-backend with a fixed argv
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from werkzeug.wsgi import get_input_stream

from .git_build import GIT_EXECUTABLE, isolated_git_env

# Path tails that make a request a smart-HTTP git request rather than a web page fetch.
SMART_TAILS: tuple[tuple[str, ...], ...] = (
    ("info", "refs"),
    ("git-upload-pack",),
    ("git-receive-pack",),
)
# CGI variables http-backend reads, copied from the WSGI environ when present.
CGI_PASSTHROUGH = (
    "REQUEST_METHOD",
    "QUERY_STRING",
    "CONTENT_TYPE",
    "REMOTE_ADDR",
    "HTTP_CONTENT_ENCODING",
)


def smart_split(path_info: str) -> tuple[str, str] | None:
    """Split ``/github.com/o/r.git/info/refs`` into ``("github.com/o/r", "info/refs")``, or None."""
    segments = [s for s in path_info.split("/") if s]
    for tail in SMART_TAILS:
        if len(segments) > len(tail) and tuple(segments[-len(tail) :]) == tail:
            repo = "/".join(segments[: -len(tail)])
            return (repo[: -len(".git")] if repo.endswith(".git") else repo).lower(), "/".join(tail)
    return None


def is_smart_request(environ: Mapping[str, Any]) -> bool:
    """Whether the request is git smart HTTP (so the combined web app routes it here)."""
    return smart_split(environ.get("PATH_INFO", "")) is not None


class GitApp:
    """WSGI app serving bare repos by key (``host/owner/repo``) through ``git http-backend``."""

    def __init__(
        self, repos: Mapping[str, Path], *, home: Path, moved: Mapping[str, str] | None = None
    ) -> None:
        self.repos = dict(repos)
        self.home = home
        self.moved = dict(moved or {})  # old key -> the public URL the repo has now

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        split = smart_split(environ.get("PATH_INFO", ""))
        repo = self.repos.get(split[0]) if split else None
        if split is not None and repo is None and split[0] in self.moved:
            return self.redirect(environ, start_response, self.moved[split[0]], split[1])
        if split is None or repo is None:
            return plain(start_response, "404 Not Found", b"Repository not found.\n")
        if split[1] == "git-receive-pack" or "git-receive-pack" in environ.get("QUERY_STRING", ""):
            return plain(start_response, "403 Forbidden", b"The stand-ins are read-only.\n")
        return self.backend(environ, start_response, repo, split[1])

    @staticmethod
    def redirect(
        environ: Mapping[str, Any], start_response: Callable[..., Any], url: str, tail: str
    ) -> list[bytes]:
        """301 to the same request at the repo's new public URL (``.git`` kept if asked)."""
        suffix = ".git" if environ.get("PATH_INFO", "").endswith(f".git/{tail}") else ""
        query = environ.get("QUERY_STRING", "")
        location = f"{url.rstrip('/')}{suffix}/{tail}" + (f"?{query}" if query else "")
        start_response("301 Moved Permanently", [("Location", location), ("Content-Length", "0")])
        return []

    def backend(
        self, environ: dict[str, Any], start_response: Callable[..., Any], repo: Path, tail: str
    ) -> Iterable[bytes]:
        """Run http-backend for one request and stream its CGI answer back."""
        # Read the (possibly chunked) body whole: Werkzeug's server decodes the chunking.
        body = get_input_stream(environ).read() if environ.get("REQUEST_METHOD") == "POST" else b""
        env = self.cgi_env(environ, repo, tail, len(body))
        process = subprocess.Popen(  # noqa: S603
            [GIT_EXECUTABLE, "http-backend"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert process.stdin is not None and process.stdout is not None
        # Write from a thread: a large request and a large answer would otherwise deadlock.
        threading.Thread(target=_feed, args=(process.stdin, body), daemon=True).start()
        status, headers = read_cgi_headers(process.stdout)
        start_response(status, headers)
        return CgiBody(process)

    def cgi_env(
        self, environ: Mapping[str, Any], repo: Path, tail: str, length: int
    ) -> dict[str, str]:
        """The CGI environment: the repo's parent as project root, its folder name as the path."""
        env = isolated_git_env(self.home)
        env.update({key: str(environ[key]) for key in CGI_PASSTHROUGH if environ.get(key)})
        env.update(
            {
                "GIT_PROJECT_ROOT": str(repo.parent),
                "PATH_INFO": f"/{repo.name}/{tail}",
                "GIT_HTTP_EXPORT_ALL": "1",
                "CONTENT_LENGTH": str(length),
                "REMOTE_ADDR": str(environ.get("REMOTE_ADDR", "127.0.0.1")),
            }
        )
        if environ.get("HTTP_GIT_PROTOCOL"):
            env["GIT_PROTOCOL"] = str(environ["HTTP_GIT_PROTOCOL"])  # enables protocol v2
        return env


def _feed(stdin: IO[bytes], body: bytes) -> None:
    try:
        stdin.write(body)
    except BrokenPipeError:
        pass  # http-backend answered (an error) without reading everything
    finally:
        stdin.close()


def read_cgi_headers(stdout: IO[bytes]) -> tuple[str, list[tuple[str, str]]]:
    """Read CGI headers up to the blank line; ``Status:`` becomes the HTTP status."""
    status = "200 OK"
    headers: list[tuple[str, str]] = []
    for raw in iter(stdout.readline, b""):
        line = raw.decode("latin-1").rstrip("\r\n")
        if not line:
            break
        name, _, value = line.partition(":")
        if name.lower() == "status":
            status = value.strip()
        else:
            headers.append((name.strip(), value.strip()))
    return status, headers


class CgiBody:
    """The rest of http-backend's output, streamed; closing it reaps the process."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.finished = False

    def __iter__(self) -> Iterator[bytes]:
        stdout = self.process.stdout
        # read1 returns what the pipe has, so progress lines are not held back.
        assert isinstance(stdout, io.BufferedReader)
        yield from iter(lambda: stdout.read1(64 * 1024), b"")
        self.finished = True

    def close(self) -> None:
        """Called by the server when the answer is sent (or the client went away)."""
        if not self.finished and self.process.poll() is None:
            self.process.kill()  # the client left mid-answer; nobody will read the rest
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def plain(start_response: Callable[..., Any], status: str, body: bytes) -> list[bytes]:
    """A short text/plain answer."""
    start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
