"""The real git adapter against the git smart-HTTP stand-in, and its injection guards."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from registry.adapters.git import GitAdapter
from registry.adapters.guards import NetworkPolicy, check_git_url, git_environment
from registry.model import FailureKind
from registry.ports import AdapterError
from tests.integration.checks.standin_support import TRAIN_CONFIG, loopback_settings
from tests.unit.registry.checks.checks_fakes import MIT_TEXT

INFERENCE = "https://github.com/lab/inference-only"
TRAINER = "https://github.com/lab/trainer"
WIDE = "https://github.com/lab/wide"
# Between the two sides of the size-cap test: a clone of `inference` (about 3 KB: config,
# refs, one small pack) fits; `wide`'s one tree of 2,000 entries (20 raw bytes of object id
# each, which do not compress) is a pack well past it.
SMALL_CAP_BYTES = 16_000

GIT_MANIFESTS = {
    "inference.yml": {
        "kind": "git",
        "url": INFERENCE,
        "files": [
            {"path": "LICENSE", "content": MIT_TEXT},
            {"path": "README.md", "content": "# Inference\n\n```\npython generate.py\n```\n"},
            {"path": "generate.py", "content": "print('tokens')\n"},
            {"path": "model.py", "content": "class Model: ...\n"},
            {"path": "assets/big.bin", "size": 200_000},
        ],
    },
    "trainer.yml": {
        "kind": "git",
        "url": TRAINER,
        "default_branch": "trunk",
        "files": [
            {"path": "LICENSE", "content": MIT_TEXT},
            {"path": "scripts/train.py", "content": "loss.backward()\noptimizer.step()\n"},
            {"path": "configs/7b.yaml", "content": TRAIN_CONFIG},
        ],
    },
    "wide.yml": {
        "kind": "git",
        "url": WIDE,
        "files": [{"path": f"data/part-{n:04d}.txt", "content": f"{n}\n"} for n in range(2000)],
    },
}


@pytest.fixture(scope="module")
def standins(standins_module_factory):
    return standins_module_factory(GIT_MANIFESTS)


@pytest.fixture(scope="module")
def git(standins) -> GitAdapter:
    return GitAdapter(loopback_settings(standins))


def test_remote_head_reads_the_default_branch_and_commit(git: GitAdapter, standins) -> None:
    head = git.remote_head(TRAINER)
    assert head.default_branch == "trunk"
    assert len(head.commit) == 40
    assert head.url == TRAINER
    assert head.contacted == standins.rewrite(TRAINER)


def test_inspect_lists_paths_and_reads_only_chosen_files(git: GitAdapter) -> None:
    inspection = git.inspect(INFERENCE, lambda paths: ["LICENSE", "nope.txt"], 1000)
    assert inspection.paths == ("LICENSE", "README.md", "assets/big.bin", "generate.py", "model.py")
    assert list(inspection.texts) == ["LICENSE"]
    assert inspection.texts["LICENSE"].startswith("MIT License")
    assert len(inspection.texts["LICENSE"]) == 1000
    assert inspection.commit == git.remote_head(INFERENCE).commit


def test_missing_repository_is_not_found(git: GitAdapter) -> None:
    with pytest.raises(AdapterError) as error:
        git.remote_head("https://github.com/lab/missing")
    assert error.value.kind is FailureKind.NOT_FOUND


def test_clone_size_cap_counts_what_the_remote_sent(standins) -> None:
    # The cap watches the objects fetched, not git's own skeleton: a small repository
    # fits under it, a large one is stopped, whenever the poll happens to look.
    capped = GitAdapter(loopback_settings(standins, max_clone_bytes=SMALL_CAP_BYTES))
    assert capped.inspect(INFERENCE, lambda paths: ["LICENSE"], 100).texts["LICENSE"]
    with pytest.raises(AdapterError) as error:
        capped.inspect(WIDE, lambda paths: (), 100)
    assert error.value.kind is FailureKind.REFUSED
    assert f"{SMALL_CAP_BYTES}-byte cap" in error.value.message


def test_stalled_host_times_out(standins, silent_server) -> None:
    quick = GitAdapter(loopback_settings(standins, git_timeout_s=1.0))
    with pytest.raises(AdapterError) as error:
        quick.remote_head(f"http://127.0.0.1:{silent_server.port}/lab/x")
    assert error.value.kind is FailureKind.TIMEOUT


@pytest.mark.parametrize(
    "url",
    [
        "-uevil",
        "--upload-pack=touch {marker}",
        "ext::sh -c touch% {marker}",
        "ext::sh -c 'touch {marker}'",
        "file:///etc",
        "file://{tmp}",
        "{tmp}",
        "ssh://git@127.0.0.1/x",
        "https://user:token@127.0.0.1/x",
    ],
)
def test_injection_attempts_are_refused_before_git_runs(
    git: GitAdapter, tmp_path: Path, url: str
) -> None:
    marker = tmp_path / "pwned"
    target = url.format(marker=marker, tmp=tmp_path)
    for call in (git.remote_head, lambda u: git.inspect(u, lambda p: (), 10)):
        with pytest.raises(AdapterError) as error:
            call(target)
        assert error.value.kind is FailureKind.REFUSED
    assert not marker.exists()


def test_git_itself_refuses_local_transports_in_our_environment(tmp_path: Path) -> None:
    # Defence in depth: even if a URL slipped past the guard, GIT_ALLOW_PROTOCOL stops it.
    bare = tmp_path / "local.git"
    subprocess.run(["git", "init", "--bare", "-q", str(bare)], check=True)
    policy = NetworkPolicy(frozenset({"127.0.0.1"}), frozenset({"https", "http"}))
    target = check_git_url("http://127.0.0.1:9/x", policy)
    env = {"PATH": "/usr/bin:/bin", **git_environment(target, policy, str(tmp_path))}
    result = subprocess.run(
        ["git", "ls-remote", "--", f"file://{bare}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "transport 'file' not allowed" in result.stderr
