"""The real git adapter inspecting a ref (branch or commit) on the git stand-in, and its guard."""

from __future__ import annotations

import pytest

from registry.adapters.git import GitAdapter
from registry.model import FailureKind
from registry.ports import AdapterError
from tests.integration.checks.standin_support import loopback_settings
from tests.unit.registry.checks.checks_fakes import MIT_TEXT

TRAINER = "https://github.com/lab/pinned-trainer"

MANIFESTS = {
    "trainer.yml": {
        "kind": "git",
        "url": TRAINER,
        "source": "written for this test",
        "files": [
            {"path": "LICENSE", "content": MIT_TEXT},
            {"path": "generate.py", "content": "print('tokens')\n"},
        ],
        "branches": {
            "neo": [{"path": "pretrain.sh", "content": "torchrun pretrain_gpt.py\n"}],
            "release/v2": [{"path": "v2.txt", "content": "v2\n"}],
        },
    }
}


@pytest.fixture(scope="module")
def git(standins_module_factory) -> GitAdapter:
    return GitAdapter(loopback_settings(standins_module_factory(MANIFESTS)))


def everything(paths: tuple[str, ...]) -> tuple[str, ...]:
    return paths


@pytest.mark.parametrize(
    ("ref", "extra"),
    [(None, set()), ("neo", {"pretrain.sh"}), ("release/v2", {"v2.txt"})],
)
def test_inspect_reads_the_tree_at_a_ref(git: GitAdapter, ref: str | None, extra: set[str]) -> None:
    found = git.inspect(TRAINER, everything, 4096, ref)
    assert set(found.paths) == {"LICENSE", "generate.py", *extra}
    assert set(found.texts) == set(found.paths)  # blobs fetched lazily, through the same guard


def test_inspect_reads_a_pinned_commit(git: GitAdapter) -> None:
    branch = git.inspect(TRAINER, everything, 4096, "neo")
    pinned = git.inspect(TRAINER, everything, 4096, branch.commit)
    assert pinned.commit == branch.commit
    assert "pretrain.sh" in pinned.paths


@pytest.mark.parametrize("ref", ["no-such-branch", "deadbeef" * 5])  # a branch, a commit id
def test_a_ref_that_is_not_there_is_not_found(git: GitAdapter, ref: str) -> None:
    with pytest.raises(AdapterError) as caught:
        git.inspect(TRAINER, everything, 4096, ref)
    assert caught.value.kind is FailureKind.NOT_FOUND


@pytest.mark.parametrize(
    "ref",
    ["--upload-pack=touch /tmp/x", "-b", "a..b", "main:refs/heads/x", "+main", "main@{1}", "x.lock",
     "a b", "", "/etc", "ref\nwith newline"],
)
def test_refs_that_are_not_plain_names_are_refused_before_git_runs(git: GitAdapter, ref: str) -> None:
    with pytest.raises(AdapterError) as caught:
        git.inspect(TRAINER, everything, 4096, ref)
    assert caught.value.kind is FailureKind.REFUSED


def test_a_ref_fetch_passes_the_same_url_guard(git: GitAdapter) -> None:
    with pytest.raises(AdapterError) as caught:
        git.inspect("http://169.254.169.254/lab/trainer", everything, 4096, "neo")
    assert caught.value.kind is FailureKind.REFUSED
