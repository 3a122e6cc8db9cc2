"""The git stand-in, driven by the real git client (and GitPython) over smart HTTP."""

from __future__ import annotations

import subprocess
from pathlib import Path

import git
import pytest

from standins import StandIns, build_bare_repo, parse_manifest, synthetic_git_manifest
from standins.pytest_plugin import StandInsFactory

LICENSE = "Apache License\nVersion 2.0, January 2004\n"
OLMO = {
    "kind": "git",
    "url": "https://github.com/allenai/OLMo",
    "snapshot": True,
    "default_branch": "main",
    "history": 3,
    "branches": {"dev": [{"path": "DEV.md", "content": "dev only\n"}]},
    "files": [
        {"path": "LICENSE", "text_ref": "Apache-2.0.txt"},
        {"path": "scripts/train.py", "content": "loss.backward()\n"},
        {"path": "checkpoints/big.bin", "size": 300_000},
    ],
}
TRUNK = {
    "kind": "git",
    "url": "https://gitlab.com/group/sub/tool.git",
    "default_branch": "trunk",
    "files": [{"path": "README.md", "content": "# Tool\n"}],
}
BENCH_URL = "https://github.com/bench/history"


@pytest.fixture(scope="module")
def served(
    standins_module_factory: StandInsFactory, tmp_path_factory: pytest.TempPathFactory
) -> StandIns:
    return standins_module_factory(
        {"git/github.com/allenai/OLMo.yml": OLMO, "git/gitlab.com/group/sub/tool.yml": TRUNK},
        texts={"Apache-2.0.txt": LICENSE},
        extra=[
            synthetic_git_manifest(
                BENCH_URL, commits=30, small_files=5, large_blob_sizes=(2_000_000,)
            )
        ],
        git_cache_dir=tmp_path_factory.mktemp("git-cache"),
    )


def run_git(env: dict[str, str], *args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(
        ["git", *args], env=env, cwd=cwd, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_ls_remote_gives_default_branch_and_heads(
    served: StandIns, git_client_env: dict[str, str]
) -> None:
    url = served.rewrite("https://github.com/allenai/OLMo")
    lines = run_git(git_client_env, "ls-remote", "--symref", "--", url, "HEAD").splitlines()

    assert lines[0] == "ref: refs/heads/main\tHEAD"
    assert len(lines[1].split("\t")[0]) == 40


def test_non_main_default_branch_and_nested_groups(
    served: StandIns, git_client_env: dict[str, str]
) -> None:
    url = served.rewrite("https://gitlab.com/group/sub/tool")
    output = run_git(git_client_env, "ls-remote", "--symref", "--", url, "HEAD")

    assert output.startswith("ref: refs/heads/trunk\tHEAD")


def test_blobless_clone_then_show_one_file(
    served: StandIns, git_client_env: dict[str, str], tmp_path: Path
) -> None:
    url = served.rewrite("https://github.com/allenai/OLMo.git")
    clone = tmp_path / "clone"
    run_git(
        git_client_env,
        "clone",
        "--depth",
        "1",
        "--filter=blob:none",
        "--no-checkout",
        "--",
        url,
        str(clone),
    )

    paths = run_git(git_client_env, "ls-tree", "-r", "--name-only", "HEAD", cwd=clone).split()
    missing_before = run_git(
        git_client_env, "rev-list", "--objects", "--missing=print", "HEAD", cwd=clone
    )
    licence = run_git(git_client_env, "show", "HEAD:LICENSE", cwd=clone)
    missing_after = run_git(
        git_client_env, "rev-list", "--objects", "--missing=print", "HEAD", cwd=clone
    )

    assert paths == ["LICENSE", "checkpoints/big.bin", "scripts/train.py"]
    assert licence == LICENSE
    # Blobs stay on the server until asked for; showing LICENSE fetched that one only.
    assert (missing_before.count("\n?"), missing_after.count("\n?")) == (3, 2)


def test_repo_urls_are_case_insensitive_like_github(
    served: StandIns, git_client_env: dict[str, str]
) -> None:
    url = served.rewrite("https://github.com/AllenAI/olmo")

    assert "refs/heads/main" in run_git(git_client_env, "ls-remote", "--", url)


def test_history_and_branches(
    served: StandIns, git_client_env: dict[str, str], tmp_path: Path
) -> None:
    repo = git.Repo.clone_from(
        served.rewrite(OLMO["url"]), tmp_path / "full", env=git_client_env, no_checkout=True
    )

    assert len(list(repo.iter_commits("origin/main"))) == 3
    assert repo.commit("origin/main").message == f"Snapshot of {OLMO['url']}\n"
    assert repo.commit("origin/dev").tree["DEV.md"].data_stream.read() == b"dev only\n"
    assert repo.commit("origin/dev").tree["LICENSE"].data_stream.read() == LICENSE.encode()


def test_commit_ids_are_stable_across_builds(tmp_path: Path) -> None:
    manifest = parse_manifest({**OLMO, "files": OLMO["files"][1:]})
    first = build_bare_repo(manifest, tmp_path / "one")
    second = build_bare_repo(manifest, tmp_path / "two")

    assert git.Repo(first).head.commit.hexsha == git.Repo(second).head.commit.hexsha
    assert build_bare_repo(manifest, tmp_path / "one") == first  # cached, not rebuilt


def test_synthetic_history_with_a_large_blob(
    served: StandIns, git_client_env: dict[str, str], tmp_path: Path
) -> None:
    url = served.rewrite(BENCH_URL)
    clone = tmp_path / "bench"
    run_git(git_client_env, "clone", "--filter=blob:none", "--no-checkout", "--", url, str(clone))

    assert run_git(git_client_env, "rev-list", "--count", "HEAD", cwd=clone).strip() == "30"
    size = run_git(git_client_env, "cat-file", "-s", "HEAD:data/blob_00.bin", cwd=clone)
    assert size.strip() == "2000000"


def test_pushing_is_refused(
    served: StandIns, git_client_env: dict[str, str], tmp_path: Path
) -> None:
    url = served.rewrite(OLMO["url"])
    clone = tmp_path / "push"
    run_git(git_client_env, "clone", "--depth", "1", "--", url, str(clone))

    result = subprocess.run(
        ["git", "push", "origin", "HEAD:refs/heads/evil"],
        env=git_client_env,
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0


def test_unknown_repo_is_not_found(served: StandIns, git_client_env: dict[str, str]) -> None:
    result = subprocess.run(
        ["git", "ls-remote", "--", served.rewrite("https://github.com/allenai/nothing")],
        env=git_client_env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0 and "not found" in result.stderr.lower()


def test_gitpython_partial_clone_as_the_adapter_does(
    served: StandIns, git_client_env: dict[str, str], tmp_path: Path
) -> None:
    url = served.rewrite(OLMO["url"])
    heads = git.Git().ls_remote("--symref", url, "HEAD", env=git_client_env, kill_after_timeout=30)
    repo = git.Repo.clone_from(
        url,
        tmp_path / "partial",
        env=git_client_env,
        depth=1,
        filter="blob:none",
        no_checkout=True,
        kill_after_timeout=30,
    )

    assert heads.startswith("ref: refs/heads/main\tHEAD")
    assert repo.git.show("HEAD:scripts/train.py") == "loss.backward()"
