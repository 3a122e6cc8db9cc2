"""Helpers for check-run tests: manifests, fast settings, waiting, worker processes."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app.extensions import db
from app.models import CheckRun, Lab, Release
from app.services.checks import create_run
from app.tasks.runner import RunReport, execute_run
from standins import StandIns
from tests.factories import make_release

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("REGISTRY_TEST_REDIS", "redis://127.0.0.1:6379/0")
MODEL = "jobs-org/model-a"
SHA_ONE = "1" * 40
SHA_TWO = "2" * 40
WAIT_LIMIT_S = 60.0

# Small numbers so that recovery paths run in seconds.
FAST: dict[str, Any] = {
    "REGISTRY_HEARTBEAT_SECONDS": 0.1,
    "REGISTRY_HEARTBEAT_TIMEOUT": 1.0,
    "REGISTRY_CHECK_RETRIES": 2,
    "REGISTRY_CHECK_RETRY_BACKOFF": [0],
    "REGISTRY_HUB_TIMEOUT": 5.0,
    "REGISTRY_GIT_TIMEOUT": 20.0,
    "REGISTRY_HTTP_TIMEOUT": 5.0,
    "REGISTRY_SWEEP_EVERY_SECONDS": 60,
}


def model_manifest(
    sha: str = SHA_ONE,
    *,
    repo_id: str = MODEL,
    weights: bool = True,
    licence: str = "apache-2.0",
    fault: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return a Hub model manifest: a config, one safetensors file unless told otherwise."""
    files: list[dict[str, Any]] = [{"path": "config.json", "content": "{}"}]
    if weights:
        files.append({"path": "model.safetensors", "format": "safetensors", "size": 4_000_000})
    manifest: dict[str, Any] = {
        "kind": "model",
        "id": repo_id,
        "sha": sha,
        "tags": [f"license:{licence}"],
        "card_data": {"license": licence},
        "files": files,
    }
    if fault is not None:
        manifest["fault"] = dict(fault)
    return manifest


def hub_only(*manifests: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Return the factory's manifest mapping for some Hub models."""
    return {f"hub/models/m{i}.yml": m for i, m in enumerate(manifests)}


def network_config(standins: StandIns) -> dict[str, Any]:
    """Return the settings that point the adapters at these stand-ins."""
    return {
        "REGISTRY_HUB_ENDPOINT": standins.hub_endpoint,
        "REGISTRY_URL_REWRITES": dict(standins.rewrites),
        # The Hub stand-in on 127.0.0.1 sends LFS downloads to its CDN route on localhost.
        "REGISTRY_ALLOW_HOSTS": ["127.0.0.1", "localhost"],
    }


def point_at(app: Flask, standins: StandIns) -> None:
    """Send the app's next checks to other stand-ins (adapter settings are read per run)."""
    app.config.update(network_config(standins))


def model_release(lab: Lab | None = None, locator: str = MODEL) -> Release:
    """Create a release with one Hub model as its weights."""
    return make_release(
        lab,
        artifacts=[
            {"pillar": "weights", "kind": "hf_model", "locator": locator,
             "declared_licence": "apache-2.0"},
        ],
    )


def run_once(release: Release, trigger: str = "cli") -> tuple[CheckRun, RunReport]:
    """Create (or reuse) the release's run and make one attempt at it in this process."""
    run, _ = create_run(release, trigger)
    report = execute_run(run.id)
    db.session.expire_all()
    return db.session.get_one(CheckRun, run.id), report


def wait_for(condition: Callable[[], bool], what: str, limit_s: float = WAIT_LIMIT_S) -> None:
    """Poll `condition` until it holds; fail naming `what` if it never does."""
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)
        db.session.rollback()  # see other connections' commits


def run_state(run_id: int) -> CheckRun:
    """Return a fresh copy of a run row."""
    db.session.expire_all()
    return db.session.get_one(CheckRun, run_id)


class Workers:
    """`flask registry worker` (or scheduler) processes, killed at teardown if still running."""

    def __init__(self, app: Flask, queue_name: str) -> None:
        self._app = app
        self._queue = queue_name
        self._procs: list[subprocess.Popen[bytes]] = []
        self._logs: list[Path] = []

    def env(self, **settings: object) -> dict[str, str]:
        """Return a worker environment from the app's settings plus `settings`."""
        config = self._app.config
        base: dict[str, object] = {
            key: config[key] for key in (*FAST, "REGISTRY_HUB_ENDPOINT", "REGISTRY_URL_REWRITES",
                                         "REGISTRY_ALLOW_HOSTS", "REGISTRY_CHECK_TIMEOUTS")
        }
        base.update({
            "REGISTRY_DATABASE_URL": config["REGISTRY_DATABASE_URL"],
            "REGISTRY_SECRET_KEY": "test-secret",
            "REGISTRY_REDIS_URL": REDIS_URL,
            "REGISTRY_QUEUE_NAME": self._queue,
            "REGISTRY_CHECK_EXECUTOR": "rq",
            "REGISTRY_SEED_ON_START": False,
        })
        base.update(settings)
        env = dict(os.environ)
        env.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in base.items()})
        return env

    def start(
        self, tmp_path: Path, *, burst: bool = True, **settings: object
    ) -> subprocess.Popen[bytes]:
        """Start `flask registry worker` on this test's queue (burst: quit when it is empty)."""
        name = f"{self._queue}-{len(self._procs)}"
        command = ["worker", "--name", name, *(["--burst"] if burst else [])]
        return self.start_command(tmp_path, *command, **settings)

    def start_command(
        self, tmp_path: Path, *command: str, **settings: object
    ) -> subprocess.Popen[bytes]:
        """Start `flask registry <command>` in its own session (a SIGKILL takes its children)."""
        args = [sys.executable, "-m", "flask", "--app", "app", "registry", *command]
        log = tmp_path / f"process-{len(self._procs)}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(  # our own interpreter and arguments
                args, cwd=ROOT, env=self.env(**settings), stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._procs.append(proc)
        self._logs.append(log)
        return proc

    def finish(self, proc: subprocess.Popen[bytes], limit_s: float = WAIT_LIMIT_S) -> None:
        """Wait for a burst worker to exit cleanly; fail with its log otherwise."""
        try:
            code = proc.wait(limit_s)
        except subprocess.TimeoutExpired:
            pytest.fail(f"worker did not finish:\n{self.log_of(proc)}")
        assert code == 0, self.log_of(proc)

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker, then its work horse (RQ puts it in its own process group)."""
        children = descendants(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.wait()

    def log_of(self, proc: subprocess.Popen[bytes]) -> str:
        """Return what a worker printed."""
        return self._logs[self._procs.index(proc)].read_text(errors="replace")

    def stop_all(self) -> None:
        """Kill every worker still running."""
        for proc in self._procs:
            if proc.poll() is None:
                self.kill(proc)


def descendants(pid: int) -> list[int]:
    """Return the ids of a process's children, grandchildren and so on (from /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # Fields after the parenthesised command: state, then the parent's pid.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found.extend(children)
        todo.extend(children)
    return found
