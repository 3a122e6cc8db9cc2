"""A remote's head over smart HTTP, through the git stand-in (git http-backend) and the guard."""

from __future__ import annotations

import functools
import http.server
import logging
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from registry.adapters import build_clients
from registry.adapters.git import GitAdapter
from registry.adapters.git.discovery import HostPools, SmartHttpHeads
from registry.adapters.guards import NetworkPolicy, system_resolver
from registry.checks.code.checker import CodeChecker
from registry.model import ArtifactKind, ArtifactRef, FailureKind, Pillar
from registry.ports import AdapterError
from standins import StandIns
from standins.git_app import GitApp
from standins.pytest_plugin import StandInsFactory, git_client_env
from standins.serving import BackgroundServer
from tests.integration.checks.standin_support import loopback_settings, serving

__all__ = ["git_client_env"]  # the fixture, imported to be found

NOW = datetime(2026, 1, 1, tzinfo=UTC)
TRAINER = "https://github.com/lab/trainer"
RENAMED = "https://github.com/new-owner/renamed"
OLD_NAME = "https://github.com/lab/old-name"
FILES = [{"path": "LICENSE", "content": "MIT License\n"}, {"path": "train.py", "content": "x\n"}]
MANIFESTS = {
    "trainer.yml": {"kind": "git", "url": TRAINER, "default_branch": "trunk", "history": 3,
                    "files": FILES, "branches": {"dev": [{"path": "DEV.md", "content": "d\n"}]}},
    "renamed.yml": {"kind": "git", "url": RENAMED, "aliases": [OLD_NAME], "files": FILES},
}  # fmt: skip
# Renamed repos whose new home the guard refuses (no stand-in serves these: nothing may
# reach them), and why. internal.example resolves to a private address (see `resolve`).
REFUSED_HOMES = {
    "https://169.254.169.254/latest/meta": "169.254.169.254",
    "https://10.0.0.1/lab/private": "10.0.0.1",
    "https://internal.example/lab/x": "it resolves to 10.0.0.7",
    "http://git.example/lab/plain": "only https is allowed",
}


@pytest.fixture(scope="module")
def standins(standins_module_factory: StandInsFactory) -> StandIns:
    return standins_module_factory(MANIFESTS)


@pytest.fixture(scope="module")
def git(standins: StandIns) -> GitAdapter:
    return GitAdapter(loopback_settings(standins))


def ls_remote(env: dict[str, str], url: str) -> tuple[str | None, str]:
    """What `git ls-remote --symref -- URL HEAD` says: (branch, commit)."""
    output = subprocess.run(
        ["git", "ls-remote", "--symref", "--", url, "HEAD"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    branch = commit = None
    for line in output.splitlines():
        left, _, ref = line.partition("\t")
        if left.startswith("ref: "):
            branch = left.removeprefix("ref: refs/heads/")
        elif ref == "HEAD":
            commit = left
    assert commit is not None, output
    return branch, commit


def test_the_stand_in_answers_ref_discovery_as_github_does(standins: StandIns) -> None:
    url = standins.rewrite(TRAINER) + "/info/refs?service=git-upload-pack"
    response = httpx.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-git-upload-pack-advertisement"
    assert response.content.startswith(b"001e# service=git-upload-pack\n0000")
    assert b" HEAD\0" in response.content and b"symref=HEAD:refs/heads/trunk" in response.content


@pytest.mark.parametrize("url", [TRAINER, RENAMED, TRAINER + ".git", TRAINER + "/"])
def test_the_head_is_what_git_ls_remote_says(
    git: GitAdapter, standins: StandIns, git_client_env: dict[str, str], url: str
) -> None:
    head = git.remote_head(url)
    assert (head.default_branch, head.commit) == ls_remote(git_client_env, standins.rewrite(url))
    assert head.url == url
    assert head.contacted == standins.rewrite(url).rstrip("/")
    assert head.moved_to is None


def test_heads_in_a_row_share_pooled_connections(standins: StandIns) -> None:
    settings = loopback_settings(standins)
    pools = HostPools(size=1)
    heads = SmartHttpHeads(settings, NetworkPolicy(settings.allowed_hosts, settings.git_protocols),
                           system_resolver, pools)  # fmt: skip
    commits = {heads.head(url).commit for url in (TRAINER, RENAMED, TRAINER, RENAMED)}
    assert len(commits) == 2  # two repos, one host: one client, and still right answers
    pools.close()


def test_a_renamed_repo_is_followed_and_recorded(git: GitAdapter, standins: StandIns) -> None:
    head = git.remote_head(OLD_NAME)
    assert head.commit == git.remote_head(RENAMED).commit
    assert head.url == OLD_NAME
    assert head.contacted == standins.rewrite(OLD_NAME)
    assert head.moved_to == RENAMED


def test_the_code_check_of_a_renamed_repo_reads_it_where_it_lives_now(
    standins: StandIns,
) -> None:
    artifact = ArtifactRef(Pillar.CODE, ArtifactKind.GIT, OLD_NAME)
    result = CodeChecker().run(artifact, build_clients(loopback_settings(standins)), NOW)
    assert result.failure is None and result.evidence is not None
    assert result.evidence.facts["moved_to"] == RENAMED
    assert any(reason.startswith(f"The repository has moved to {RENAMED}") for reason in result.reasons)


def test_the_stand_in_redirects_like_github(standins: StandIns) -> None:
    old = standins.rewrite(OLD_NAME) + ".git/info/refs?service=git-upload-pack"
    response = httpx.get(old)
    assert response.status_code == 301
    assert response.headers["location"] == RENAMED + ".git/info/refs?service=git-upload-pack"


def resolve(host: str, port: int) -> tuple[str, ...]:
    """DNS for the refused-redirect tests: one name with a private address."""
    return ("10.0.0.7",) if host == "internal.example" else system_resolver(host, port)


@pytest.fixture(scope="module")
def moving_host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A git stand-in whose every repo has moved: `github.com/lab/to-<n>` -> REFUSED_HOMES."""
    moved = {f"github.com/lab/to-{n}": home for n, home in enumerate(REFUSED_HOMES)}
    server = BackgroundServer(GitApp({}, home=tmp_path_factory.mktemp("home"), moved=moved))
    server.start()
    yield f"http://127.0.0.1:{server.port}/github.com/"
    server.stop()


@pytest.mark.parametrize(("number", "home"), list(enumerate(REFUSED_HOMES)))
def test_a_redirect_to_a_refused_address_is_refused(
    standins: StandIns, moving_host: str, number: int, home: str
) -> None:
    settings = loopback_settings(standins, rewrites={"https://github.com/": moving_host})
    with pytest.raises(AdapterError) as error:
        GitAdapter(settings, resolve).remote_head(f"https://github.com/lab/to-{number}")
    assert error.value.kind is FailureKind.REFUSED
    assert error.value.message.startswith(f"refused {home!r}: ")
    assert REFUSED_HOMES[home] in error.value.message


class OffTailHandler(http.server.BaseHTTPRequestHandler):
    """Answers every ref discovery with a redirect to a page that is not one (a login form)."""

    def do_GET(self) -> None:  # the http.server naming
        self.send_response(302)
        self.send_header("Location", "/login?next=/lab/x")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


def test_a_redirect_off_the_ref_discovery_tail_is_refused(standins: StandIns) -> None:
    # As git's update_url_from_redirect: a hop must keep /info/refs?service=git-upload-pack.
    with serving(OffTailHandler) as base, pytest.raises(AdapterError) as error:
        GitAdapter(loopback_settings(standins)).remote_head(f"{base}/lab/x")
    assert error.value.kind is FailureKind.REFUSED
    assert error.value.message == (
        f"refused the redirect from {base}/lab/x/info/refs?service=git-upload-pack to "
        f"{base}/login?next=/lab/x: not a repository's ref discovery (git refuses it too)"
    )


def test_too_many_redirects_are_refused(standins: StandIns) -> None:
    git = GitAdapter(loopback_settings(standins, max_redirects=0))
    with pytest.raises(AdapterError) as error:
        git.remote_head(OLD_NAME)
    assert error.value.kind is FailureKind.REFUSED
    assert "more than 0 redirects" in error.value.message


def test_a_missing_repo_is_not_found_without_asking_git(git: GitAdapter) -> None:
    with pytest.raises(AdapterError) as error:
        git.remote_head("https://github.com/lab/missing")
    assert error.value.kind is FailureKind.NOT_FOUND
    assert "answered 404" in error.value.message  # the smart-HTTP answer, not git's stderr


@pytest.fixture
def dumb_server(tmp_path: Path, git_client_env: dict[str, str]) -> Iterator[str]:
    """A repo served as static files (git's dumb HTTP protocol), as any web server would."""
    work = tmp_path / "work"
    for args in (["init", "-q", "-b", "stable", str(work)],
                 ["-C", str(work), "commit", "-q", "--allow-empty", "-m", "one"],
                 ["clone", "-q", "--bare", str(work), str(tmp_path / "dumb.git")],
                 ["-C", str(tmp_path / "dumb.git"), "update-server-info"]):  # fmt: skip
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                       env={**git_client_env, "GIT_ALLOW_PROTOCOL": "file"}, check=True,
                       capture_output=True)  # fmt: skip
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    with serving(handler) as base:
        yield f"{base}/dumb.git"


def test_a_dumb_server_is_asked_through_git_ls_remote(
    git: GitAdapter, dumb_server: str, git_client_env: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Its info/refs is a plain file, not an advertisement: the head comes from git itself.
    with caplog.at_level(logging.INFO, logger="registry.adapters.git.adapter"):
        head = git.remote_head(dumb_server)
    assert [r.message for r in caplog.records] == ["no smart-HTTP advertisement; asking git"]
    assert head.commit == ls_remote(git_client_env, dumb_server)[1]
    assert head.moved_to is None
