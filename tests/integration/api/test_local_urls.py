"""Submission refuses what the checker would refuse: URLs to local names and IP literals.

The API and the form load through the same schema, so both answer with a field message;
names that resolve are still re-checked at check time (the guard), where DNS can change.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Lab
from tests.factories import make_lab
from tests.integration.api.conftest import Headers, artifact, release_body

# (URL, words of the field message)
REFUSED_URLS = [
    ("https://10.0.0.1/x", "private address"),
    ("https://127.0.0.1/corpus", "loopback"),
    ("https://169.254.169.254/latest/meta-data", "link-local"),
    ("https://[::1]/x", "loopback"),
    ("https://[2002:7f00:1::]/x", "wrapping 127.0.0.1"),
    ("https://[fec0::1]/x", "site-local"),
    ("https://2130706433/x", "loopback"),
    ("https://0x7f.1/x", "loopback"),
    ("https://localhost/x", "loopback names"),
    ("https://api.localhost/x", "loopback names"),
    ("https://printer.local/x", "multicast DNS"),
    ("https://metadata.google.internal/x", "private use"),
    ("https://router.home.arpa/x", "home-network"),
    ("https://intranet/x", "private-network"),
    ("https://fileserver/x", "one label"),
    ("https://8.8.8.8/x", "IP address"),  # public, but only names are pinned and re-checked
]


def lab_count() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Lab)) or 0)


@pytest.mark.parametrize(("url", "words"), REFUSED_URLS)
def test_the_api_refuses_a_local_url_with_a_field_message(
    client: FlaskClient, admin_auth: Headers, url: str, words: str
) -> None:
    response = client.post("/api/v1/labs", json={"slug": "lab", "name": "Lab", "homepage": url},
                           headers=admin_auth)  # fmt: skip
    assert response.status_code == 422
    assert words in " ".join(response.json["errors"]["json"]["homepage"])
    assert lab_count() == 0
    make_lab(slug="alpha")
    body = release_body(artifacts=[artifact("data", kind="url", locator=url)], paper_url=url)
    response = client.post("/api/v1/labs/alpha/releases", json=body, headers=admin_auth)
    assert response.status_code == 422
    errors = response.json["errors"]["json"]
    assert words in " ".join(errors["paper_url"])
    assert words in " ".join(errors["artifacts"]["0"]["locator"])


@pytest.mark.parametrize(
    "url",
    ["https://github.com/allenai/OLMo", "https://local.example.org/x", "https://GitHub.com./a/b",
     "https://huggingface.co/datasets/allenai/dolma", "https://data.example:8443/corpus.tgz"],
)  # fmt: skip
def test_public_names_are_accepted(client: FlaskClient, admin_auth: Headers, url: str) -> None:
    response = client.post("/api/v1/labs", json={"slug": "lab", "name": "Lab", "homepage": url},
                           headers=admin_auth)  # fmt: skip
    assert response.status_code == 201, response.json
