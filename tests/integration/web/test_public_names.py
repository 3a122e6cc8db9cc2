"""A release named as its lab writes it answers with a permanent redirect to its slug."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.services import public_names
from tests.factories import make_lab, make_release


@pytest.fixture
def qwen(app: object) -> None:
    lab = make_lab(slug="alibaba-qwen", name="Qwen", hub_org="Qwen")
    make_release(lab, slug="qwen2-5-7b", name="Qwen2.5 7B", artifacts=[
        {"pillar": "weights", "kind": "hf_model", "locator": "Qwen/Qwen2.5-7B-Instruct",
         "declared_licence": "apache-2.0"},
    ])
    meta = make_lab(slug="meta", name="Meta", hub_org="meta-llama")
    make_release(meta, slug="llama-3-1-8b", name="Llama 3.1 8B")


REDIRECTS = [
    # (asked, where it goes, status): pages 301, API 308, badges and feeds 301.
    ("/labs/alibaba-qwen/qwen2.5-7b", "/labs/alibaba-qwen/qwen2-5-7b", 301),
    ("/labs/meta/Llama-3.1-8B", "/labs/meta/llama-3-1-8b", 301),
    ("/labs/Qwen/Qwen2.5-7B-Instruct", "/labs/alibaba-qwen/qwen2-5-7b", 301),
    ("/labs/meta-llama/Llama-3.1-8B?tab=history", "/labs/meta/llama-3-1-8b?tab=history", 301),
    ("/labs/Qwen", "/labs/alibaba-qwen", 301),
    ("/labs/Qwen/releases/new", "/labs/alibaba-qwen/releases/new", 301),
    ("/labs/Qwen/history.svg", "/labs/alibaba-qwen/history.svg", 301),
    ("/labs/meta/Llama-3.1-8B/history.svg", "/labs/meta/llama-3-1-8b/history.svg", 301),
    ("/api/v1/labs/alibaba-qwen/releases/qwen2.5-7b", "/api/v1/labs/alibaba-qwen/releases/qwen2-5-7b", 308),
    ("/api/v1/labs/meta/releases/Llama-3.1-8B/history", "/api/v1/labs/meta/releases/llama-3-1-8b/history", 308),
    ("/api/v1/labs/Qwen/releases", "/api/v1/labs/alibaba-qwen/releases", 308),
    ("/api/v1/labs/Meta", "/api/v1/labs/meta", 308),
    ("/badges/alibaba-qwen/qwen2.5-7b.svg", "/badges/alibaba-qwen/qwen2-5-7b.svg", 301),
    ("/badges/meta/Llama-3.1-8B/weights.json?style=flat-square", "/badges/meta/llama-3-1-8b/weights.json?style=flat-square", 301),
    ("/badges/Qwen.svg", "/badges/alibaba-qwen.svg", 301),
    ("/feeds/labs/Qwen.atom", "/feeds/labs/alibaba-qwen.atom", 301),
]


@pytest.mark.parametrize(("asked", "target", "status"), REDIRECTS)
def test_a_public_name_redirects_permanently_to_the_slug(
    client: FlaskClient, qwen: None, asked: str, target: str, status: int
) -> None:
    answer = client.get(asked)
    assert answer.status_code == status, answer.data[:200]
    assert answer.headers["Location"] == target
    assert client.get(target).status_code in (200, 302)  # a form page asks to sign in first


def test_a_form_post_keeps_its_method(client: FlaskClient, qwen: None) -> None:
    answer = client.post("/labs/meta/Llama-3.1-8B/check")
    assert answer.status_code == 308
    assert answer.headers["Location"] == "/labs/meta/llama-3-1-8b/check"


@pytest.mark.parametrize("asked", [
    "/labs/meta/Llama-9-Mega", "/labs/Nowhere/Llama-3.1-8B", "/api/v1/labs/meta/releases/Llama-9",
    "/badges/meta/Llama-9.svg",
])
def test_an_unknown_name_is_still_not_found(client: FlaskClient, qwen: None, asked: str) -> None:
    assert client.get(asked).status_code == 404


def test_slugs_are_not_looked_up(client: FlaskClient, qwen: None) -> None:
    assert public_names.resolve("meta", "llama-3-1-8b") is None
    assert client.get("/labs/meta/llama-3-1-8b").status_code == 200


@pytest.mark.parametrize(("name", "slug"), [
    ("qwen2-5-7b", True), ("qwen2.5-7b", False), ("Llama-3.1-8B", False), ("a--b", False),
])
def test_is_slug(name: str, slug: bool) -> None:
    assert public_names.is_slug(name) is slug
