"""Contract tests: the Hub stand-in's listing, refs and branches, 401s, renames and derived
fields, each pinned to what the real huggingface_hub client sends and parses.

Every test drives the real `HfApi` (list_models, list_datasets, list_repo_refs,
model_info(revision=...), list_repo_tree(revision=...), repo_exists, hf_hub_download), so
a request the client would not send, or a reply it would not parse, fails here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import RepositoryNotFoundError, RevisionNotFoundError

from standins import StandIns
from standins.pytest_plugin import StandInsFactory

PAGE_SIZE = 2
CONFIG = '{"architectures": ["OlmoForCausalLM"], "model_type": "olmo", "hidden_size": 4096}'


def model(repo_id: str, created: str, **fields: object) -> dict[str, object]:
    """A small model manifest created on the given day."""
    return {
        "kind": "model",
        "id": repo_id,
        "created_at": f"{created}T00:00:00.000Z",
        "last_modified": f"{created}T12:00:00.000Z",
        "files": [{"path": "config.json", "content": CONFIG}],
        **fields,
    }


MANIFESTS = {
    "hub/models/lab/a.yml": model(
        "lab/Tiny-7B",
        "2024-01-01",
        branches={
            "step1000": {
                "files": [
                    {"path": "model.safetensors", "size": 1000},
                    {"path": "config.json", "content": '{"model_type": "olmo", "step": 1000}'},
                ],
                "last_modified": "2023-12-01T00:00:00.000Z",
            },
        },
        ref_tags={"v1.0": "main"},
    ),
    "hub/models/lab/b.yml": model("lab/Tiny-7B-Instruct", "2024-02-01"),
    "hub/models/lab/c.yml": model("lab/Tiny-7B-GGUF", "2024-03-01"),
    "hub/models/lab/d.yml": model("lab/Other", "2023-06-01"),
    "hub/models/lab/e.yml": model("lab/Secret", "2024-04-01", private=True),
    "hub/models/elsewhere/f.yml": model("elsewhere/Tiny-7B", "2024-05-01"),
    "hub/datasets/lab/corpus.yml": {
        "kind": "dataset",
        "id": "lab/corpus",
        "aliases": ["corpus"],
        "files": [{"path": "data.parquet", "size": 10}],
    },
}


@pytest.fixture(scope="module")
def hub(standins_module_factory: StandInsFactory) -> StandIns:
    return standins_module_factory(MANIFESTS, hub_page_size=PAGE_SIZE)


@pytest.fixture
def api(hub: StandIns) -> HfApi:
    return HfApi(endpoint=hub.hub_endpoint, token=False)


def test_list_models_by_author_follows_link_pages_and_hides_private_repos(api: HfApi) -> None:
    models = list(api.list_models(author="lab"))

    # Four public repos in pages of two: the client followed the Link header to page two.
    assert sorted(m.id for m in models) == [
        "lab/Other", "lab/Tiny-7B", "lab/Tiny-7B-GGUF", "lab/Tiny-7B-Instruct",
    ]


def test_list_models_sorted_newest_first_with_expand_and_limit(api: HfApi) -> None:
    expand = ["createdAt", "sha", "tags", "private"]
    models = list(api.list_models(author="lab", sort="created_at", expand=expand, limit=3))

    assert [m.id for m in models] == ["lab/Tiny-7B-GGUF", "lab/Tiny-7B-Instruct", "lab/Tiny-7B"]
    assert models[0].created_at == datetime(2024, 3, 1, tzinfo=UTC)
    assert all(len(m.sha or "") == 40 for m in models)
    # Only the expanded fields come back (plus the id), as on the Hub.
    assert models[0].downloads is None


def test_expand_is_sent_as_a_repeated_key(hub: StandIns) -> None:
    url = f"{hub.hub_endpoint}/api/models?author=lab&expand=sha&expand=createdAt&limit=1"
    page = httpx.get(url, timeout=5)

    assert set(page.json()[0]) == {"_id", "id", "sha", "createdAt"}
    assert "expand=sha&expand=createdAt" in page.links["next"]["url"]


def test_search_filters_ids(api: HfApi) -> None:
    assert sorted(m.id for m in api.list_models(search="tiny-7b-")) == [
        "lab/Tiny-7B-GGUF", "lab/Tiny-7B-Instruct",
    ]


def test_list_datasets_by_author(api: HfApi) -> None:
    assert [d.id for d in api.list_datasets(author="lab")] == ["lab/corpus"]


def test_refs_list_main_branches_and_tags(api: HfApi) -> None:
    refs = api.list_repo_refs("lab/Tiny-7B")
    main_sha = api.model_info("lab/Tiny-7B").sha

    assert [b.name for b in refs.branches] == ["main", "step1000"]
    assert refs.branches[1].target_commit != main_sha
    assert [(t.name, t.target_commit) for t in refs.tags] == [("v1.0", main_sha)]


def test_model_info_at_a_branch_has_its_own_sha_files_and_date(api: HfApi) -> None:
    branch = api.model_info("lab/Tiny-7B", revision="step1000", files_metadata=True)
    main = api.model_info("lab/Tiny-7B")

    assert branch.sha != main.sha
    assert {s.rfilename for s in branch.siblings or []} == {"config.json", "model.safetensors"}
    assert branch.last_modified == datetime(2023, 12, 1, tzinfo=UTC)
    assert api.model_info("lab/Tiny-7B", revision="v1.0").sha == main.sha
    assert api.model_info("lab/Tiny-7B", revision=branch.sha or "").sha == branch.sha


def test_tree_and_download_at_a_branch(api: HfApi, hub: StandIns, hub_client_env: Path) -> None:
    tree = {item.path for item in api.list_repo_tree("lab/Tiny-7B", revision="step1000")}
    config = hf_hub_download(
        "lab/Tiny-7B", "config.json", revision="step1000",
        endpoint=hub.hub_endpoint, cache_dir=hub_client_env, token=False,
    )

    assert tree == {"config.json", "model.safetensors"}
    assert '"step": 1000' in Path(config).read_text()
    assert api.file_exists("lab/Tiny-7B", "model.safetensors", revision="step1000")
    assert not api.file_exists("lab/Tiny-7B", "model.safetensors")


def test_unknown_branch_is_revision_not_found(api: HfApi) -> None:
    with pytest.raises(RevisionNotFoundError):
        api.model_info("lab/Tiny-7B", revision="step9999")


def test_anonymous_missing_repo_is_401_repo_not_found(api: HfApi, hub: StandIns) -> None:
    answer = httpx.get(f"{hub.hub_endpoint}/api/models/lab/nobody", timeout=5)
    signed_in = httpx.get(
        f"{hub.hub_endpoint}/api/models/lab/nobody",
        headers={"Authorization": "Bearer hf_x"}, timeout=5,
    )

    assert (answer.status_code, answer.headers["X-Error-Code"]) == (401, "RepoNotFound")
    assert signed_in.status_code == 404
    assert api.repo_exists("lab/nobody") is False
    with pytest.raises(RepositoryNotFoundError):
        api.model_info("lab/Secret")


def test_derived_config_and_created_at(api: HfApi) -> None:
    info = api.model_info("lab/Tiny-7B")

    assert info.config == {"architectures": ["OlmoForCausalLM"], "model_type": "olmo"}
    assert info.created_at == datetime(2024, 1, 1, tzinfo=UTC)


def test_an_old_dataset_id_redirects_to_its_new_home(api: HfApi) -> None:
    assert api.dataset_info("corpus").id == "lab/corpus"
