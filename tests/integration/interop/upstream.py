"""A framework's upstream repository for sync tests: a real bare repo the git stand-in serves.

Commits are made with git itself, so a second commit can change and delete files as the
upstream projects do (the stand-in's manifests only ever add files). The git stand-in's
own WSGI app and server serve it over smart HTTP on loopback.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path

from standins.git_app import GitApp
from standins.git_build import SERVED_REPO_CONFIG, isolated_git_env
from standins.serving import BackgroundServer


class UpstreamRepo:
    """A work tree whose commits are pushed to a bare repository the stand-in serves."""

    def __init__(self, root: Path, public_url: str) -> None:
        self.public_url = public_url
        self.key = public_url.split("://", 1)[1].lower()
        self.env = isolated_git_env(root)
        self.bare = root / "upstream.git"
        self.work = root / "work"
        self._git("init", "--quiet", "--bare", "--initial-branch=main", str(self.bare))
        for key, value in SERVED_REPO_CONFIG.items():
            self._git("-C", str(self.bare), "config", key, value)
        self._git("init", "--quiet", "--initial-branch=main", str(self.work))
        self.server: BackgroundServer | None = None
        self.commits: list[str] = []

    def commit(self, files: Mapping[str, str | None], message: str) -> str:
        """Write (or, for None, delete) files, commit them, push; return the commit id."""
        for path, text in files.items():
            target = self.work / path
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        self._git("-C", str(self.work), "add", "--all")
        self._git(
            "-C", str(self.work), "-c", "user.name=Upstream", "-c", "user.email=up@example.org",
            "commit", "--quiet", "-m", message,
        )  # fmt: skip
        self._git("-C", str(self.work), "push", "--quiet", str(self.bare), "HEAD:main")
        self.commits.append(self._git("-C", str(self.work), "rev-parse", "HEAD").strip())
        return self.commits[-1]

    def serve(self) -> str:
        """Serve the bare repository; return the rewrite prefix for its public host."""
        app = GitApp({self.key: self.bare}, home=self.bare.parent)
        self.server = BackgroundServer(app).start()
        host = self.key.split("/", 1)[0]
        return f"{self.server.base_url}/{host}/"

    def stop(self) -> None:
        """Stop serving."""
        if self.server is not None:
            self.server.stop()

    def _git(self, *args: str) -> str:
        result = subprocess.run(
            ["git", *args], env=self.env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        return result.stdout
