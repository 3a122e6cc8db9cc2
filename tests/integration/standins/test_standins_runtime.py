"""start() and StandIns: endpoints, rewrites and a clean stop."""

from __future__ import annotations

import httpx
import pytest

from standins import compute_rewrites, load_snapshot, parse_manifest, start
from standins.pytest_plugin import StandInsFactory

MODEL = {"kind": "model", "id": "org/m", "files": [{"path": "config.json", "content": "{}"}]}


def test_factory_serves_and_stop_closes_every_port(standins_factory: StandInsFactory) -> None:
    served = standins_factory({"m.yml": MODEL})
    info = httpx.get(f"{served.hub_endpoint}/api/models/org/m")

    served.stop()

    assert info.json()["id"] == "org/m"
    for base in (served.hub_endpoint, served.git_base, served.url_base):
        with pytest.raises(httpx.ConnectError):
            httpx.get(base, timeout=5)


def test_manifest_objects_can_be_served_without_folders() -> None:
    with start([], manifests=[parse_manifest(MODEL)]) as served:
        assert httpx.get(f"{served.hub_endpoint}/api/models/org/m").status_code == 200
        assert served.hub_endpoint.startswith("http://127.0.0.1:")


def test_hub_repos_alone_map_the_hub_web_hosts() -> None:
    snapshot = load_snapshot([], extra=[parse_manifest(MODEL)])

    rewrites = compute_rewrites(snapshot, git_base="http://g", url_base="http://u")

    assert rewrites == {
        "https://hf.co/": "http://u/hf.co/",
        "https://huggingface.co/": "http://u/huggingface.co/",
    }


def test_rewrites_use_the_manifests_schemes_https_last() -> None:
    documents = [
        {"kind": "url", "url": "http://plain.example.org/a"},
        {"kind": "url", "url": "https://both.example.org/a"},
        {"kind": "url", "url": "http://both.example.org/b"},
        {"kind": "git", "url": "https://github.com/o/r", "files": [{"path": "a", "size": 1}]},
    ]
    snapshot = load_snapshot([], extra=[parse_manifest(d) for d in documents])

    rewrites = compute_rewrites(snapshot, git_base="http://g", url_base="http://u")
    public_of = {target: public for public, target in rewrites.items()}

    assert list(rewrites) == [
        "http://both.example.org/",
        "https://both.example.org/",
        "https://github.com/",
        "http://plain.example.org/",
    ]
    assert rewrites["https://github.com/"] == "http://g/github.com/"
    assert public_of["http://u/both.example.org/"] == "https://both.example.org/"
