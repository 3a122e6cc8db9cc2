"""The Hub stand-in, driven by the real huggingface_hub client."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import (
    DisabledRepoError,
    GatedRepoError,
    HfHubHTTPError,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils import httpx as hub_httpx

from standins import StandIns, synthetic_hub_manifest
from standins.pytest_plugin import StandInsFactory

PAGE_SIZE = 250
BIG_REPO = "org/ten-thousand"
BIG_FILES = 10_000
SHA = "0123456789abcdef0123456789abcdef01234567"


def model(repo_id: str, **fields: object) -> dict[str, object]:
    """A small model manifest; keyword arguments add or replace fields."""
    return {
        "kind": "model",
        "id": repo_id,
        "files": [{"path": "config.json", "content": "{}"}],
        **fields,
    }


MANIFESTS = {
    "hub/models/org/open.yml": {
        "kind": "model",
        "id": "org/Open-Model",
        "snapshot": True,
        "source": "https://huggingface.co/org/Open-Model",
        "sha": SHA,
        "last_modified": "2024-07-16T18:01:04.000Z",
        "tags": ["license:apache-2.0", "transformers"],
        "card_data": {"license": "apache-2.0", "datasets": ["org/corpus"]},
        "card_text": "# Open model\n\n## Training\n",
        "extra": {
            "library_name": "transformers",
            "safetensors": {"parameters": {"F32": 7}, "total": 7},
        },
        "files": [
            {"path": "config.json", "content": '{"model_type": "olmo"}'},
            {"path": "LICENSE", "text_ref": "Apache-2.0.txt"},
            {"path": "model-00001-of-00002.safetensors", "size": 4969541832},
            {"path": "model-00002-of-00002.safetensors", "size": 1234},
            {"path": "weights/extra/notes.txt", "content": "nested"},
        ],
    },
    "hub/datasets/org/corpus.yml": {
        "kind": "dataset",
        "id": "org/corpus",
        "card_data": {"license": "odc-by"},
        "files": [{"path": "data/train-00000.parquet", "size": 1000}],
    },
    "hub/models/org/gated.yml": model(
        "org/gated",
        gated="manual",
        card_text="# Gated model\n",
        files=[
            {"path": "config.json", "content": "{}"},
            {"path": "LICENSE.txt", "text_ref": "Apache-2.0.txt"},
            {"path": "docs/README.md", "content": "nested"},
        ],
    ),
    "hub/models/org/disabled.yml": model("org/disabled", disabled=True),
    "hub/models/org/private.yml": model("org/private", private=True),
    "hub/models/org/broken.yml": model("org/broken", fault={"status": 500}),
    "hub/models/org/garbled.yml": model("org/garbled", fault={"malformed": True}),
    "hub/models/org/slow.yml": model("org/slow", fault={"delay_s": 5}),
    "hub/models/legacy.yml": model("gpt2"),
}


@pytest.fixture(scope="module")
def hub(standins_module_factory: StandInsFactory) -> StandIns:
    return standins_module_factory(
        MANIFESTS,
        texts={"Apache-2.0.txt": "Apache License\nVersion 2.0, January 2004\n"},
        extra=[synthetic_hub_manifest(BIG_REPO, file_count=BIG_FILES)],
        hub_page_size=PAGE_SIZE,
    )


@pytest.fixture
def api(hub: StandIns) -> HfApi:
    return HfApi(endpoint=hub.hub_endpoint, token=False)


def test_model_info_carries_the_manifest(api: HfApi) -> None:
    info = api.model_info("org/Open-Model", files_metadata=True)

    assert info.id == "org/Open-Model"
    assert info.sha == SHA
    assert (
        info.last_modified is not None
        and info.last_modified.isoformat() == "2024-07-16T18:01:04+00:00"
    )
    assert info.gated is False and info.private is False and info.disabled is False
    assert "license:apache-2.0" in (info.tags or [])
    assert info.card_data is not None and info.card_data["license"] == "apache-2.0"
    assert info.library_name == "transformers"
    assert info.safetensors is not None and info.safetensors.total == 7
    sizes = {s.rfilename: s.size for s in info.siblings or []}
    assert sizes["model-00001-of-00002.safetensors"] == 4969541832
    assert sizes["config.json"] == len('{"model_type": "olmo"}')
    assert "README.md" in sizes  # generated from card_data and card_text


def test_lfs_siblings_carry_lfs_metadata(api: HfApi) -> None:
    info = api.model_info("org/Open-Model", files_metadata=True)

    lfs = {s.rfilename: s.lfs for s in info.siblings or []}
    assert lfs["config.json"] is None
    shard = lfs["model-00001-of-00002.safetensors"]
    assert shard is not None and shard.size == 4969541832 and len(shard.sha256) == 64


def test_repo_ids_are_case_insensitive_and_may_have_no_namespace(api: HfApi) -> None:
    assert api.model_info("ORG/open-model").id == "org/Open-Model"
    assert api.model_info("gpt2").id == "gpt2"


def test_model_info_at_revision_and_with_expand(api: HfApi) -> None:
    assert api.model_info("org/Open-Model", revision=SHA).sha == SHA
    assert api.model_info("org/Open-Model", revision="main").sha == SHA

    expanded = api.model_info("org/Open-Model", expand=["gated", "cardData"])

    assert expanded.gated is False
    assert expanded.card_data is not None and expanded.card_data["license"] == "apache-2.0"
    assert expanded.siblings is None and expanded.sha is None


def test_dataset_info(api: HfApi) -> None:
    info = api.dataset_info("org/corpus", files_metadata=True)

    assert info.id == "org/corpus"
    assert info.card_data is not None and info.card_data["license"] == "odc-by"
    assert [s.rfilename for s in info.siblings or []] == ["README.md", "data/train-00000.parquet"]


def test_model_readme_is_front_matter_plus_card_text(
    api: HfApi, hub_client_env: Path, hub: StandIns
) -> None:
    path = hf_hub_download(
        "org/Open-Model",
        "README.md",
        endpoint=hub.hub_endpoint,
        token=False,
        cache_dir=hub_client_env,
    )

    text = Path(path).read_text(encoding="utf-8")
    assert text.startswith("---\nlicense: apache-2.0\n")
    assert text.endswith("---\n# Open model\n\n## Training\n")


def test_tree_lists_a_folder_and_recursively(api: HfApi) -> None:
    top = {item.path for item in api.list_repo_tree("org/Open-Model")}
    nested = {
        item.path
        for item in api.list_repo_tree("org/Open-Model", path_in_repo="weights", recursive=True)
    }

    assert top == {
        "README.md",
        "LICENSE",
        "config.json",
        "model-00001-of-00002.safetensors",
        "model-00002-of-00002.safetensors",
        "weights",
    }
    assert nested == {"weights/extra", "weights/extra/notes.txt"}


def test_tree_of_a_missing_folder_is_entry_not_found(api: HfApi) -> None:
    with pytest.raises(RemoteEntryNotFoundError):
        list(api.list_repo_tree("org/Open-Model", path_in_repo="nowhere"))


def test_tree_of_ten_thousand_files_is_paginated(api: HfApi, hub: StandIns) -> None:
    first = httpx.get(f"{hub.hub_endpoint}/api/models/{BIG_REPO}/tree/main?recursive=true")
    files = [item for item in api.list_repo_files(BIG_REPO)]

    assert len(first.json()) == PAGE_SIZE
    assert first.links["next"]["url"].startswith(
        f"{hub.hub_endpoint}/api/models/{BIG_REPO}/tree/main?"
    )
    assert len(files) == BIG_FILES + 2  # the shards, config.json and the generated README.md
    assert len(set(files)) == len(files)


def test_expanded_tree_items_carry_the_last_commit(api: HfApi) -> None:
    items = list(api.list_repo_tree("org/Open-Model", expand=True))

    assert {item.last_commit.oid for item in items if item.last_commit} == {SHA}


def test_paths_info_returns_existing_paths_only(api: HfApi) -> None:
    items = api.get_paths_info("org/Open-Model", ["config.json", "weights", "missing.bin"])

    assert [(type(item).__name__, item.path) for item in items] == [
        ("RepoFile", "config.json"),
        ("RepoFolder", "weights"),
    ]


def test_refs_and_commits(api: HfApi) -> None:
    refs = api.list_repo_refs("org/Open-Model", include_pull_requests=True)
    commits = api.list_repo_commits("org/Open-Model")

    assert [(b.name, b.target_commit) for b in refs.branches] == [("main", SHA)]
    assert refs.converts == [] and refs.tags == [] and refs.pull_requests == []
    assert [c.commit_id for c in commits] == [SHA]


def test_file_exists_for_content_lfs_and_missing_files(api: HfApi) -> None:
    assert api.file_exists("org/Open-Model", "config.json")
    assert api.file_exists("org/Open-Model", "model-00001-of-00002.safetensors")
    assert not api.file_exists("org/Open-Model", "missing.bin")
    assert not api.file_exists("org/nobody", "config.json")
    assert api.file_exists("org/corpus", "data/train-00000.parquet", repo_type="dataset")


def test_download_of_a_small_file(hub: StandIns, hub_client_env: Path) -> None:
    path = hf_hub_download(
        "org/Open-Model",
        "LICENSE",
        endpoint=hub.hub_endpoint,
        token=False,
        cache_dir=hub_client_env,
    )

    assert Path(path).read_text(encoding="utf-8").startswith("Apache License")
    assert f"snapshots/{SHA}/LICENSE" in path


def test_resolve_headers_match_what_the_client_needs(hub: StandIns) -> None:
    base = f"{hub.hub_endpoint}/org/Open-Model/resolve/main"
    plain = httpx.head(f"{base}/config.json", headers={"Accept-Encoding": "identity"})
    lfs = httpx.head(f"{base}/model-00001-of-00002.safetensors")

    assert plain.status_code == 200 and plain.headers["X-Repo-Commit"] == SHA
    assert plain.headers["Content-Length"] == str(len('{"model_type": "olmo"}'))
    assert "X-Xet-Hash" not in plain.headers and "Content-Encoding" not in plain.headers
    assert lfs.status_code == 302 and lfs.headers["X-Linked-Size"] == "4969541832"
    assert lfs.headers["Location"].startswith("http://localhost:")


def test_size_only_files_are_served_as_filler_with_ranges(hub: StandIns) -> None:
    # A placeholder upload: the bytes exist, but they are no weights format.
    url = f"{hub.hub_endpoint}/org/Open-Model/resolve/main/model-00002-of-00002.safetensors"
    head = httpx.get(url, headers={"Range": "bytes=0-15"}, follow_redirects=True)
    tail = httpx.get(url, headers={"Range": "bytes=-4"}, follow_redirects=True)

    assert head.status_code == 206 and len(head.content) == 16
    assert head.headers["Content-Range"].startswith("bytes 0-15/")
    assert tail.status_code == 206 and len(tail.content) == 4
    assert head.content != b"\0" * 16


def test_missing_repo_is_repository_not_found(api: HfApi) -> None:
    with pytest.raises(RepositoryNotFoundError) as raised:
        api.model_info("org/nobody")

    assert not isinstance(raised.value, GatedRepoError)
    # The real Hub answers an anonymous caller 401 (with X-Error-Code: RepoNotFound) for a
    # repo it does not show, so a missing repo and a private one look the same.
    assert raised.value.response.status_code == 401
    assert raised.value.response.headers["X-Error-Code"] == "RepoNotFound"


def test_private_repo_looks_missing(api: HfApi) -> None:
    with pytest.raises(RepositoryNotFoundError):
        api.model_info("org/private")


def test_gated_repo_info_is_visible_but_files_are_not(
    api: HfApi, hub: StandIns, hub_client_env: Path
) -> None:
    assert api.model_info("org/gated").gated == "manual"
    assert api.repo_exists("org/gated")

    with pytest.raises(GatedRepoError):
        api.file_exists("org/gated", "config.json")
    with pytest.raises(GatedRepoError) as raised:
        hf_hub_download(
            "org/gated",
            "config.json",
            endpoint=hub.hub_endpoint,
            token=False,
            cache_dir=hub_client_env,
        )
    assert raised.value.response.status_code == 401


@pytest.mark.parametrize("path", ["README.md", "LICENSE.txt"])
def test_gated_repo_serves_its_card_and_licence_to_anyone(
    hub: StandIns, hub_client_env: Path, path: str
) -> None:
    # The real Hub lets anyone read a gated repo's README (so its card can be read before
    # asking for access) and its licence files; every other file stays behind the gate.
    downloaded = hf_hub_download(
        "org/gated", path, endpoint=hub.hub_endpoint, token=False, cache_dir=hub_client_env
    )
    assert Path(downloaded).read_text(encoding="utf-8").strip()


def test_gated_repo_keeps_nested_readmes_behind_the_gate(
    hub: StandIns, hub_client_env: Path
) -> None:
    with pytest.raises(GatedRepoError):
        hf_hub_download(
            "org/gated", "docs/README.md", endpoint=hub.hub_endpoint, token=False,
            cache_dir=hub_client_env,
        )


def test_disabled_repo(api: HfApi) -> None:
    with pytest.raises(DisabledRepoError):
        api.model_info("org/disabled")


def test_unknown_revision(api: HfApi) -> None:
    with pytest.raises(RevisionNotFoundError):
        api.model_info("org/Open-Model", revision="refs/pr/1")  # %2F-encoded: one path segment
    with pytest.raises(RevisionNotFoundError):
        list(api.list_repo_tree("org/Open-Model", revision="v9"))


def test_missing_file_download_is_entry_not_found(hub: StandIns, hub_client_env: Path) -> None:
    with pytest.raises(RemoteEntryNotFoundError):
        hf_hub_download(
            "org/Open-Model",
            "missing.bin",
            endpoint=hub.hub_endpoint,
            token=False,
            cache_dir=hub_client_env,
        )


def test_status_fault(api: HfApi) -> None:
    with pytest.raises(HfHubHTTPError) as raised:
        api.model_info("org/broken")

    assert raised.value.response.status_code == 500


def test_malformed_fault(api: HfApi) -> None:
    with pytest.raises(ValueError, match="JSON|Expecting"):
        api.model_info("org/garbled")


def test_delay_fault_trips_the_client_timeout(api: HfApi) -> None:
    with pytest.raises(hub_httpx.TimeoutException):
        api.model_info("org/slow", timeout=0.3)


def test_encoded_slashes_keep_a_revision_in_one_segment(hub: StandIns) -> None:
    tree = f"{hub.hub_endpoint}/api/models/org/Open-Model/tree"

    whole = httpx.get(f"{tree}/refs%2Fheads%2Fmain/weights%2Fextra")
    bad_cursor = httpx.get(f"{tree}/main?cursor=abc")

    assert [item["path"] for item in whole.json()] == ["weights/extra/notes.txt"]
    assert bad_cursor.status_code == 400
