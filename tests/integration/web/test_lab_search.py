"""Finding labs: name, country, score range and tier share, the same on the page and in the API."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from app.models import Lab
from tests.factories import make_lab, make_release
from tests.integration.web.conftest import record_check


@pytest.fixture
def labs() -> dict[str, Lab]:
    """Alpha (FR): both releases checked open. Beta (US): one of four checked. Gamma: restricted."""
    alpha = make_lab(name="Alpha Open Lab", country="FR")
    for _ in range(2):
        record_check(make_release(alpha))
    beta = make_lab(name="Beta_Lab", country="US")
    record_check(make_release(beta))
    for _ in range(3):
        make_release(beta)  # declared weights, never checked: unverified, no tier
    gamma = make_lab(name="Gamma Lab", country="US")
    record_check(make_release(gamma), verdict="restricted")
    return {"alpha": alpha, "beta": beta, "gamma": gamma}


def api_names(client: FlaskClient, query: str) -> set[str]:
    answer = client.get(f"/api/v1/labs?{query}")
    assert answer.status_code == 200, answer.get_json()
    return {lab["name"] for lab in answer.get_json()}


def page_names(client: FlaskClient, query: str) -> set[str]:
    body = client.get(f"/?{query}").get_data(as_text=True)
    return set(re.findall(r'<th scope="row"><a href="/labs/[^"]+">([^<]+)</a>', body))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=beta", {"Beta_Lab"}),
        ("q=_", {"Beta_Lab"}),  # a LIKE wildcard is a character here, not "any"
        ("country=US", {"Beta_Lab", "Gamma Lab"}),
        ("country=US&q=gamma", {"Gamma Lab"}),
        ("tier_share_min=100&tier={alpha_tier}", {"Alpha Open Lab"}),
        ("tier_share_min=25&tier={alpha_tier}", {"Alpha Open Lab", "Beta_Lab"}),
        ("tier={alpha_tier}", {"Alpha Open Lab", "Beta_Lab"}),
        ("score_min={alpha_score}", {"Alpha Open Lab", "Beta_Lab"}),
        ("score_max={gamma_score}", {"Gamma Lab"}),
        ("score_min=0&score_max=100", {"Alpha Open Lab", "Beta_Lab", "Gamma Lab"}),
    ],
)
def test_page_and_api_find_the_same_labs(
    client: FlaskClient, labs: dict[str, Lab], query: str, expected: set[str]
) -> None:
    alpha, gamma = labs["alpha"], labs["gamma"]
    assert alpha.score is not None and gamma.score is not None and gamma.score < alpha.score
    tier = next(letter for letter, count in alpha.tier_counts.items() if count)
    query = query.format(alpha_tier=tier, alpha_score=alpha.score, gamma_score=gamma.score)
    assert api_names(client, query) == expected
    assert page_names(client, query) == expected


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("score_min=101", "score_min", "0 to 100"),
        ("country=France", "country", "two capital letters"),
        ("tier_share_min=0&tier=A", "tier_share_min", "1 to 100"),
    ],
)
def test_bad_filters_say_which_field_and_what_to_do(
    client: FlaskClient, labs: dict[str, Lab], query: str, field: str, words: str
) -> None:
    answer = client.get(f"/api/v1/labs?{query}")
    assert answer.status_code == 422
    assert words in " ".join(answer.get_json()["errors"]["query"][field])
    page = client.get(f"/?{query}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert f'id="l-{field}-error"' in body and words in body


@pytest.mark.parametrize(
    ("query", "field", "words", "found"),
    [
        ("score_min=60&score_max=40", "score_max", "below the lowest", []),
        ("tier_share_min=50", "tier_share_min", "Choose a tier", None),
    ],
)
def test_filters_the_spec_allows_are_answered_by_the_api_and_explained_on_the_page(
    client: FlaskClient, labs: dict[str, Lab], query: str, field: str, words: str,
    found: list[str] | None,
) -> None:
    # The API answers what its spec allows (a reversed range finds nothing; a share without
    # a tier is not applied); the form tells the person what to change.
    answer = client.get(f"/api/v1/labs?{query}")
    assert answer.status_code == 200
    names = [lab["slug"] for lab in answer.get_json()]
    assert names == found if found is not None else len(names) == len(labs)
    body = client.get(f"/?{query}").get_data(as_text=True)
    assert f'id="l-{field}-error"' in body and words in body


def test_a_wrong_filter_is_ignored_not_the_whole_form(
    client: FlaskClient, labs: dict[str, Lab]
) -> None:
    assert page_names(client, "country=France&q=gamma") == {"Gamma Lab"}


def test_sort_links_and_data_links_keep_the_filters(
    client: FlaskClient, labs: dict[str, Lab]
) -> None:
    body = client.get("/?country=US&sort=name").get_data(as_text=True)
    assert 'href="/?country=US&amp;sort=score"' in body
    assert 'href="/api/v1/labs?country=US&amp;sort=name" type="application/json"' in body
    assert 'href="/labs.csv?country=US&amp;sort=name" type="text/csv"' in body
    assert 'href="/feeds/changes.atom" type="application/atom+xml"' in body
    assert "2 labs match" in body
